//! HTML bodies: the HTML that platforms serve (Mastodon's `content`,
//! Discourse's `cooked`, Hacker News' `text`, Reddit's and GitHub's
//! `body_html`), read into the one safe [`Body`] tree.
//!
//! ```
//! use thread_widget::markup::{html, Block, Inline};
//! let body = html::parse("Hello <b>world</b><p>again");
//! assert_eq!(body, vec![
//!     Block::Paragraph(vec![Inline::Text("Hello ".into()), Inline::Strong(vec![Inline::Text("world".into())])]),
//!     Block::Paragraph(vec![Inline::Text("again".into())]),
//! ]);
//! ```
//!
//! A small tokenizer and tree builder of our own (docs/conformance-html.md
//! says why, with the measurements), written after the WHATWG parsing
//! algorithm where it changes the text a reader sees:
//!
//! - Tokenizer: tags and attributes (quoted, unquoted, duplicates: the first
//!   wins), comments (`<!-->`, `--!>`), bogus comments, doctype, CDATA
//!   (text only inside `<svg>`/`<math>`), the raw-text elements (`script`,
//!   `style`, `iframe`, `noscript`, `noembed`, `noframes`, `xmp`), RCDATA
//!   (`textarea`, `title`) and `plaintext`; character references with the
//!   whole named table (the legacy names without `;`, the attribute rule) and
//!   numeric ones with the HTML5 replacements (0, surrogates and values past
//!   U+10FFFF become U+FFFD, 0x80 to 0x9F are read as windows-1252).
//! - Tree builder: implicit `</p>` before blocks, `<li>`/`<dd>`/`<dt>` closing
//!   their open sibling, headings closing a heading, end tags only closing
//!   what is in scope, stray end tags ignored (a stray `</p>` is an empty
//!   paragraph, `</br>` a line break), the list of active formatting
//!   elements (so misnested `<b><i></b></i>` and formatting across
//!   paragraphs read as in a browser, with Noah's Ark's limit of three),
//!   implied table structure and foster parenting (text in a table but in no
//!   cell comes before the table), foreign content (`<svg>`, `<math>`: shown
//!   by nothing here, left by the tags that break out of it).
//! - What is shown: `script`, `style`, `template`, `iframe`, `noscript`,
//!   `noembed`, `noframes`, `title`, `<svg>`/`<math>` and any element with
//!   the `hidden` attribute lose their content, as a browser does not show
//!   it. Every other element outside the tree's vocabulary keeps its text
//!   and loses its markup.
//! - The vocabulary: `p`, `br`, `em`/`i`/`var`/`cite`/`dfn`, `strong`/`b`,
//!   `s`/`strike`/`del`, `u`/`ins`, `code`/`kbd`/`samp`, `a href`, `img src
//!   alt`, `pre` (with `code class="language-x"` or `lang-x`), `ul`, `ol
//!   start`, `li`, `blockquote`, `dd` (an indent), `center`, tables, `h1`
//!   to `h6`, `hr`. Links and images go through [`crate::url::sanitize`]: a
//!   refused link keeps its text, a refused image shows its alt text.
//! - Platforms: Discourse's `<aside class="quote" data-username data-post>`
//!   is a [`Quote`] with that author and post (its `div.title`, an avatar and
//!   the name again, is dropped), `aside.onebox` a link to its source with
//!   its title, `a.lightbox` a link around its image (its `div.meta`, shown
//!   on hover, dropped); Mastodon's `span.invisible` is dropped and
//!   `span.ellipsis` ends with "…"; mentions and hashtags are links.
//! - Limits: quotes, lists, indents and alignment nest [`MAX_DEPTH`] deep,
//!   deeper ones become one [`Block::Truncated`]; inline spans nest as deep
//!   and are flattened past it. Everything is a loop over an explicit stack:
//!   no input makes the reader recurse, and scope checks are counted, so
//!   10,000 nested elements cost linear time.
//!
//! Known differences from a browser: links and formatting inside `<pre>` are
//! text; `<svg>` text and MathML are not shown; a `<script>` ends at its
//! first `</script>` (no double-escaped `<!--<script>` state); cells hold
//! inline content, so blocks inside a cell or heading become line breaks.

mod elements;
mod inline;
mod table;
mod tokenize;
mod tree;

use super::Body;
use tokenize::Tokenizer;
use tree::Builder;

/// Parses an HTML body. Never fails.
pub fn parse(source: &str) -> Body {
    let mut tokens = Tokenizer::new(source);
    let mut builder = Builder::new();
    while let Some(token) = tokens.next() {
        if let Some(mode) = builder.token(token) {
            tokens.mode = mode;
        }
        tokens.foreign = builder.in_foreign();
    }
    builder.finish()
}
