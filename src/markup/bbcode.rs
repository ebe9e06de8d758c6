//! The `bbcode` body format: the vBulletin dialect.
//!
//! ```
//! use thread_widget::markup::{bbcode, Block};
//! let body = bbcode::parse("[QUOTE=Grumpy John;4]A leopard...[/QUOTE]\nIndeed.");
//! let Block::Quote(q) = &body[0] else { panic!() };
//! assert_eq!(q.name.as_deref(), Some("Grumpy John"));
//! assert_eq!(q.post.as_deref(), Some("4"));
//! ```
//!
//! Tags are case-insensitive: `b i u s`, `url`, `url=`, `email`, `email=`,
//! `img`, `quote`, `quote=Name`, `quote=Name;postid`, `code` (and vBulletin's
//! `php` and `html`), `noparse`, `list`, `list=1`, `*`, `color=`, `size=`,
//! `font=` (dropped, its text kept), `left center right`, `indent`.
//!
//! Parsing never fails and never recurses on the input:
//!
//! 1. A tokenizer reads the source once. `[code]`, `[noparse]`, and the URL
//!    forms `[url]…[/url]`, `[email]…[/email]`, `[img]…[/img]` take their
//!    content verbatim. A tag whose argument the widget cannot use (a URL the
//!    policy refuses, an unknown colour) is not a tag: it stays text.
//! 2. Open and close tags are paired per tag name with one stack each. An open
//!    or close tag without a partner is shown as the text it is.
//! 3. A tree builder with an explicit stack of blocks and a list of open
//!    inline spans builds the [`Body`]. When a block (quote, list, alignment,
//!    indent, code) starts inside open inline spans, the paragraph is closed
//!    and the spans are opened again inside the block and after it, as HTML
//!    parsers reconstruct formatting elements; so blocks never sit in inlines.
//!
//! Blocks nested deeper than [`MAX_DEPTH`](super::MAX_DEPTH) are cut and replaced by one
//! [`Block::Truncated`](super::Block::Truncated); inline spans deeper than that are dropped, keeping
//! their text. Every search for a closing `]`, quote or tag remembers its
//! answer, so the whole parse is linear in the length of the source.

mod args;
mod tokenize;
mod tree;

use super::text::{count_byte2, normalize_newlines};
use super::Body;
use tokenize::{pair, Tokenizer};
use tree::Builder;

/// Parses a BBCode body.
///
/// In the wasm the tokenizer's and builder's steps stay functions of their
/// own (`inline(never)`): inlined, several were copied into more than one
/// caller and `parse` alone was 11.8 KB (docs/benchmarks.md, issue 16).
pub fn parse(source: &str) -> Body {
    let source = normalize_newlines(source);
    // Each `[` or newline ends at most one text token and starts one other
    // token: counting them sizes the token list once.
    let marks = count_byte2(source.as_bytes(), b'[', b'\n');
    let toks = Tokenizer::new(&source, 2 * marks + 1).run();
    let partner = pair(&toks);
    Builder::new(&source, toks.len()).run(toks, &partner)
}
