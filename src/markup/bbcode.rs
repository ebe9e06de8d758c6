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
//! Blocks nested deeper than [`MAX_DEPTH`] are cut and replaced by one
//! [`Block::Truncated`]; inline spans deeper than that are dropped, keeping
//! their text. Every search for a closing `]`, quote or tag remembers its
//! answer, so the whole parse is linear in the length of the source.

use super::text::{autolink, count_byte2, find_byte2, normalize_newlines, push_text, Run};
use super::{Align, Block, Body, Color, Inline, Quote, MAX_DEPTH};
use crate::url::{sanitize, sanitize_email, SafeUrl};

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

// ---------------------------------------------------------------------------
// Tokens

/// Tags that come in pairs, each with its own pairing stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    B,
    I,
    U,
    S,
    Url,
    Email,
    Color,
    Size,
    Font,
    Quote,
    List,
    Left,
    Center,
    Right,
    Indent,
}

const KEYS: usize = 15;

/// The paired tags in the order of [`NAMES`].
const KEY_ORDER: [Key; KEYS] = [
    Key::B,
    Key::I,
    Key::U,
    Key::S,
    Key::Url,
    Key::Email,
    Key::Color,
    Key::Size,
    Key::Font,
    Key::Quote,
    Key::List,
    Key::Left,
    Key::Center,
    Key::Right,
    Key::Indent,
];

/// Every tag name read, lowercase: the paired tags first (as [`KEY_ORDER`]),
/// then the others (`N_…`). One table searched once, where a `match` on the
/// name for closing tags and another for opening ones cost the wasm 1.5 KB
/// more (docs/benchmarks.md, issue 16).
const NAMES: [&[u8]; 21] = [
    b"b", b"i", b"u", b"s", b"url", b"email", b"color", b"size", b"font", b"quote", b"list", b"left", b"center", b"right",
    b"indent", b"*", b"code", b"php", b"html", b"noparse", b"img",
];
const N_ITEM: usize = KEYS;
const N_CODE: usize = KEYS + 1;
const N_PHP: usize = KEYS + 2;
const N_HTML: usize = KEYS + 3;
const N_NOPARSE: usize = KEYS + 4;
const N_IMG: usize = KEYS + 5;

impl Key {
    fn is_block(self) -> bool {
        matches!(
            self,
            Key::Quote | Key::List | Key::Left | Key::Center | Key::Right | Key::Indent
        )
    }
}

/// An inline span that can stay open across blocks.
#[derive(Debug, Clone)]
enum Span {
    Strong,
    Emphasis,
    Underline,
    Strike,
    Link(SafeUrl),
    Color(Color),
    Size(u8),
}

impl Span {
    fn is_link(&self) -> bool {
        matches!(self, Span::Link(_))
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn wrap(&self, content: Vec<Inline>) -> Inline {
        match self {
            Span::Strong => Inline::Strong(content),
            Span::Emphasis => Inline::Emphasis(content),
            Span::Underline => Inline::Underline(content),
            Span::Strike => Inline::Strike(content),
            Span::Link(url) => Inline::Link {
                url: url.clone(),
                content,
            },
            Span::Color(color) => Inline::Color { color: *color, content },
            Span::Size(size) => Inline::Size { size: *size, content },
        }
    }
}

/// What an open tag opens.
#[derive(Debug)]
enum Tag {
    Span(Span),
    Font,
    Quote(Box<(Option<String>, Option<String>)>),
    List { ordered: bool, start: Option<u64> },
    Aligned(Align),
    Indent,
}

#[derive(Debug)]
enum Tok<'a> {
    /// Text that may hold bare URLs.
    Text(&'a str),
    /// `[noparse]` text: shown as it is.
    Literal(&'a str),
    /// A run of newlines (blank lines between them included).
    Newlines(u32),
    Open {
        key: Key,
        tag: Tag,
        raw: &'a str,
    },
    Close {
        key: Key,
        raw: &'a str,
    },
    /// `[*]`.
    Item(&'a str),
    /// `[url]…[/url]`, `[email]…[/email]`, `[img]…[/img]`, with their source.
    Inline(Box<Inline>, &'a str),
    /// `[code]…[/code]`.
    Code(Box<Block>),
}

enum Parsed<'a> {
    Tok(Tok<'a>),
    Noparse(usize, usize),
}

/// The remembered answer of a forward search: the first match starting at or
/// after `from`. Queries move forward, so every byte is searched about once.
#[derive(Clone, Copy)]
struct Memo {
    from: usize,
    found: Option<(usize, usize)>,
}

impl Memo {
    const EMPTY: Memo = Memo {
        from: usize::MAX,
        found: None,
    };

    /// `search(a, b)` returns the first match that starts in `a..b`.
    fn get(
        &mut self,
        q: usize,
        len: usize,
        search: impl Fn(usize, usize) -> Option<(usize, usize)>,
    ) -> Option<(usize, usize)> {
        if self.from != usize::MAX {
            if q < self.from {
                return search(q, self.from).or(self.found);
            }
            match self.found {
                None => return None,
                Some(f) if q <= f.0 => return Some(f),
                _ => {}
            }
        }
        self.from = q;
        self.found = search(q, len);
        self.found
    }
}

/// Tags whose content is taken verbatim up to their first closing tag.
const VERBATIM: [&str; 7] = ["code", "php", "html", "noparse", "url", "email", "img"];
const V_CODE: usize = 0;
const V_PHP: usize = 1;
const V_HTML: usize = 2;
const V_NOPARSE: usize = 3;
const V_URL: usize = 4;
const V_EMAIL: usize = 5;
const V_IMG: usize = 6;

struct Tokenizer<'a> {
    src: &'a str,
    toks: Vec<Tok<'a>>,
    bytes_memo: [Memo; 5],
    close_memo: [Memo; VERBATIM.len()],
    open_memo: [Memo; VERBATIM.len()],
}

const B_RBRACKET: usize = 0;
const B_LBRACKET: usize = 1;
const B_NEWLINE: usize = 2;
const B_DQUOTE: usize = 3;
const B_SQUOTE: usize = 4;
const MEMO_BYTES: [u8; 5] = [b']', b'[', b'\n', b'"', b'\''];

fn skip_spaces(b: &[u8], mut j: usize) -> usize {
    while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
        j += 1;
    }
    j
}

/// Counts the newlines of a run that starts at `i` (blank lines included)
/// and returns the count and where the next line's text starts.
fn newline_run(b: &[u8], mut i: usize, end: usize) -> (u32, usize) {
    let mut n = 0u32;
    while i < end && b[i] == b'\n' {
        n = n.saturating_add(1);
        i += 1;
        let k = {
            let mut k = i;
            while k < end && (b[k] == b' ' || b[k] == b'\t') {
                k += 1;
            }
            k
        };
        i = k;
    }
    (n, i)
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

impl<'a> Tokenizer<'a> {
    fn new(src: &'a str, capacity: usize) -> Self {
        Tokenizer {
            src,
            toks: Vec::with_capacity(capacity),
            bytes_memo: [Memo::EMPTY; 5],
            close_memo: [Memo::EMPTY; 7],
            open_memo: [Memo::EMPTY; 7],
        }
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn run(mut self) -> Vec<Tok<'a>> {
        let b = self.src.as_bytes();
        let (mut i, mut text_start) = (0, 0);
        while let Some(k) = find_byte2(b, i, b'\n', b'[') {
            i = k;
            match b[i] {
                b'\n' => {
                    self.text(text_start, i);
                    let (n, end) = newline_run(b, i, b.len());
                    self.toks.push(Tok::Newlines(n));
                    i = end;
                    text_start = end;
                }
                b'[' => match self.tag(i) {
                    Some((parsed, end)) => {
                        self.text(text_start, i);
                        match parsed {
                            Parsed::Tok(t) => self.toks.push(t),
                            Parsed::Noparse(from, to) => self.literal(from, to),
                        }
                        i = end;
                        text_start = end;
                    }
                    None => i += 1,
                },
                _ => i += 1,
            }
        }
        self.text(text_start, b.len());
        self.toks
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn text(&mut self, from: usize, to: usize) {
        if from < to {
            self.toks.push(Tok::Text(&self.src[from..to]));
        }
    }

    /// `[noparse]` content: text and newlines, no tags, no links.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn literal(&mut self, from: usize, to: usize) {
        let b = self.src.as_bytes();
        let mut i = from;
        while i < to {
            match self.src[i..to].find('\n') {
                Some(0) => {
                    let (n, end) = newline_run(b, i, to);
                    self.toks.push(Tok::Newlines(n));
                    i = end;
                }
                Some(k) => {
                    self.toks.push(Tok::Literal(&self.src[i..i + k]));
                    i += k;
                }
                None => {
                    self.toks.push(Tok::Literal(&self.src[i..to]));
                    i = to;
                }
            }
        }
    }

    fn next_byte(&mut self, which: usize, q: usize) -> Option<usize> {
        let b = self.src.as_bytes();
        let byte = MEMO_BYTES[which];
        self.bytes_memo[which]
            .get(q, b.len(), |from, to| {
                find_byte2(&b[..to], from, byte, byte).map(|p| (p, p + 1))
            })
            .map(|m| m.0)
    }

    /// Finds `[/name]` (any case, spaces before `]` allowed) at or after `q`.
    fn find_close(&mut self, v: usize, q: usize) -> Option<(usize, usize)> {
        let src = self.src;
        let name = VERBATIM[v];
        self.close_memo[v].get(q, src.len(), |from, to| {
            let b = src.as_bytes();
            let mut at = from;
            while let Some(p) = src[at..].find("[/").map(|p| at + p) {
                if p >= to {
                    return None;
                }
                let n = p + 2;
                if starts_with_ci(&src[n..], name) {
                    let k = skip_spaces(b, n + name.len());
                    if b.get(k) == Some(&b']') {
                        return Some((p, k + 1));
                    }
                }
                at = p + 2;
            }
            None
        })
    }

    /// Finds another `[name]` or `[name=` at or after `q`.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn find_open(&mut self, v: usize, q: usize) -> Option<usize> {
        let src = self.src;
        let name = VERBATIM[v];
        self.open_memo[v]
            .get(q, src.len(), |from, to| {
                let b = src.as_bytes();
                let mut at = from;
                while let Some(p) = src[at..].find('[').map(|p| at + p) {
                    if p >= to {
                        return None;
                    }
                    if starts_with_ci(&src[p + 1..], name) && matches!(b.get(p + 1 + name.len()), Some(b']' | b'=')) {
                        return Some((p, p + 1));
                    }
                    at = p + 1;
                }
                None
            })
            .map(|m| m.0)
    }

    /// Reads `=arg]` from `j` (just after `=`): a quoted value, or anything up
    /// to the first `]` that holds no `[` and no newline.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn arg(&mut self, j: usize) -> Option<(&'a str, usize)> {
        let src = self.src;
        let b = src.as_bytes();
        let j = skip_spaces(b, j);
        match b.get(j) {
            Some(&q @ (b'"' | b'\'')) => {
                let close = self.next_byte(if q == b'"' { B_DQUOTE } else { B_SQUOTE }, j + 1)?;
                if self.next_byte(B_NEWLINE, j + 1).is_some_and(|n| n < close) {
                    return None;
                }
                let k = skip_spaces(b, close + 1);
                (b.get(k) == Some(&b']')).then(|| (&src[j + 1..close], k + 1))
            }
            _ => {
                let close = self.next_byte(B_RBRACKET, j)?;
                if self.next_byte(B_LBRACKET, j).is_some_and(|p| p < close)
                    || self.next_byte(B_NEWLINE, j).is_some_and(|n| n < close)
                {
                    return None;
                }
                Some((src[j..close].trim_end(), close + 1))
            }
        }
    }

    /// Reads a tag at `i` (a `[`). `None` when it is not one we use: then the
    /// `[` is text and reading goes on after it.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn tag(&mut self, i: usize) -> Option<(Parsed<'a>, usize)> {
        let src = self.src;
        let b = src.as_bytes();
        let mut j = i + 1;
        let closing = b.get(j) == Some(&b'/');
        if closing {
            j += 1;
        }
        let name_start = j;
        if b.get(j) == Some(&b'*') {
            j += 1;
        } else {
            // Names are at most 8 letters: stop at the 9th.
            while j < b.len() && j - name_start <= 8 && b[j].is_ascii_alphabetic() {
                j += 1;
            }
        }
        let len = j - name_start;
        if len == 0 || len > 8 {
            return None;
        }
        let mut lower = [0u8; 8];
        for (l, c) in lower.iter_mut().zip(&b[name_start..j]) {
            *l = c.to_ascii_lowercase();
        }
        let name = &lower[..len];
        j = skip_spaces(b, j);
        if closing {
            if b.get(j) != Some(&b']') {
                return None;
            }
            // Only the paired tags close.
            let key = *KEY_ORDER.get(NAMES.iter().position(|&n| n == name)?)?;
            return Some((
                Parsed::Tok(Tok::Close {
                    key,
                    raw: &src[i..j + 1],
                }),
                j + 1,
            ));
        }
        let (arg, end) = match b.get(j) {
            Some(b']') => (None, j + 1),
            Some(b'=') => {
                let (a, e) = self.arg(j + 1)?;
                (Some(a), e)
            }
            _ => return None,
        };
        let raw = &src[i..end];
        let n = NAMES.iter().position(|&k| k == name)?;
        if let Some(&key) = KEY_ORDER.get(n) {
            let tag = match (key, arg) {
                (Key::B, None) => Tag::Span(Span::Strong),
                (Key::I, None) => Tag::Span(Span::Emphasis),
                (Key::U, None) => Tag::Span(Span::Underline),
                (Key::S, None) => Tag::Span(Span::Strike),
                (Key::Url, Some(a)) => Tag::Span(Span::Link(link_url(a)?)),
                (Key::Email, Some(a)) => Tag::Span(Span::Link(sanitize_email(unquote(a))?)),
                (Key::Color, Some(a)) => Tag::Span(Span::Color(parse_color(a)?)),
                (Key::Size, Some(a)) => Tag::Span(Span::Size(parse_size(a)?)),
                (Key::Font, Some(a)) if !unquote(a).is_empty() => Tag::Font,
                (Key::Quote, a) => Tag::Quote(Box::new(parse_quote(a.unwrap_or("")))),
                (Key::List, a) => {
                    let (ordered, start) = parse_list(a.unwrap_or(""))?;
                    Tag::List { ordered, start }
                }
                (Key::Left, None) => Tag::Aligned(Align::Left),
                (Key::Center, None) => Tag::Aligned(Align::Center),
                (Key::Right, None) => Tag::Aligned(Align::Right),
                // vBulletin 4's editor writes [INDENT=1].
                (Key::Indent, _) => Tag::Indent,
                (Key::Url, None) => return self.verbatim_link(V_URL, i, end),
                (Key::Email, None) => return self.verbatim_link(V_EMAIL, i, end),
                _ => return None,
            };
            return Some((Parsed::Tok(Tok::Open { key, tag, raw }), end));
        }
        match (n, arg) {
            (N_ITEM, None) => Some((Parsed::Tok(Tok::Item(raw)), end)),
            (N_CODE, a) => self.code(V_CODE, a.map(unquote).filter(|l| !l.is_empty()), end),
            (N_PHP, None) => self.code(V_PHP, Some("php"), end),
            (N_HTML, None) => self.code(V_HTML, Some("html"), end),
            (N_NOPARSE, None) => {
                let (cs, ce) = self.find_close(V_NOPARSE, end)?;
                Some((Parsed::Noparse(end, cs), ce))
            }
            (N_IMG, None) => self.verbatim_link(V_IMG, i, end),
            _ => None,
        }
    }

    fn code(&mut self, v: usize, lang: Option<&str>, end: usize) -> Option<(Parsed<'a>, usize)> {
        let (cs, ce) = self.find_close(v, end)?;
        let text = code_text(&self.src[end..cs]).to_owned();
        let block = Block::Code {
            lang: lang.map(str::to_owned),
            text,
        };
        Some((Parsed::Tok(Tok::Code(Box::new(block))), ce))
    }

    /// `[url]…[/url]`, `[email]…[/email]`, `[img]…[/img]`: the content is the
    /// address. When it is not one, the open tag is text.
    fn verbatim_link(&mut self, v: usize, i: usize, end: usize) -> Option<(Parsed<'a>, usize)> {
        let (cs, ce) = self.find_close(v, end)?;
        // `[url][url]x[/url]`: the outer one is text (and the check is O(1)).
        if self.find_open(v, end).is_some_and(|p| p < cs) {
            return None;
        }
        let content = self.src[end..cs].trim();
        let inline = match v {
            V_IMG => Inline::Image {
                url: image_url(content)?,
                alt: String::new(),
            },
            V_EMAIL => Inline::Link {
                url: sanitize_email(content)?,
                content: vec![Inline::Text(content.to_owned())],
            },
            _ => match strip_img(content) {
                Some(img) => {
                    let url = image_url(img)?;
                    Inline::Link {
                        url: url.clone(),
                        content: vec![Inline::Image {
                            url,
                            alt: String::new(),
                        }],
                    }
                }
                None => Inline::Link {
                    url: link_url(content)?,
                    content: vec![Inline::Text(content.to_owned())],
                },
            },
        };
        Some((Parsed::Tok(Tok::Inline(Box::new(inline), &self.src[i..ce])), ce))
    }
}

// ---------------------------------------------------------------------------
// Arguments

fn unquote(s: &str) -> &str {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0] {
        s[1..s.len() - 1].trim()
    } else {
        s
    }
}

/// A link target written by a user: `www.` gets `https://`; whitespace and
/// markup characters are refused, and so is `[` in a relative URL (it is more
/// likely a tag than a path).
fn link_url(s: &str) -> Option<SafeUrl> {
    let s = unquote(s);
    if s.is_empty()
        || s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'))
    {
        return None;
    }
    let www = starts_with_ci(s, "www.");
    let absolute = s
        .find("://")
        .is_some_and(|k| k > 0 && s[..k].bytes().all(|c| c.is_ascii_alphabetic()));
    if s.contains('[') && !absolute && !www {
        return None;
    }
    if www {
        sanitize(&crate::digits::concat(&["https://", s]))
    } else {
        sanitize(s)
    }
}

fn image_url(s: &str) -> Option<SafeUrl> {
    link_url(s).filter(|u| !u.is_mailto())
}

/// `[img]x[/img]` as the whole content of `[url]…[/url]`.
fn strip_img(s: &str) -> Option<&str> {
    if starts_with_ci(s, "[img]") && s.len() >= 11 && s.as_bytes()[s.len() - 6..].eq_ignore_ascii_case(b"[/img]") {
        Some(&s[5..s.len() - 6])
    } else {
        None
    }
}

/// Code keeps its indentation; blank lines around it go.
fn code_text(s: &str) -> &str {
    let mut s = s;
    while let Some(k) = s.find('\n') {
        if s[..k].trim().is_empty() {
            s = &s[k + 1..];
        } else {
            break;
        }
    }
    s.trim_end()
}

/// `Name`, `Name;4` (vBulletin), `Name; post:4` (Misago),
/// `Name, post: 4, member: 9` (XenForo).
#[cfg_attr(target_arch = "wasm32", inline(never))]
fn parse_quote(arg: &str) -> (Option<String>, Option<String>) {
    let a = unquote(arg);
    let name = |s: &str| Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_owned);
    let post_id = |s: &str| {
        let s = s.trim();
        let s = if starts_with_ci(s, "post:") { s[5..].trim() } else { s };
        (!s.is_empty() && s.len() <= 20 && s.bytes().all(|c| c.is_ascii_digit())).then(|| s.to_owned())
    };
    if let Some((n, rest)) = a.rsplit_once(';') {
        if let Some(id) = post_id(rest) {
            return (name(n), Some(id));
        }
    }
    if let Some((n, rest)) = a.split_once(',') {
        let mut parts = rest.split(',').map(str::trim);
        if parts
            .clone()
            .all(|p| starts_with_ci(p, "post:") || starts_with_ci(p, "member:"))
        {
            if let Some(id) = parts.find(|p| starts_with_ci(p, "post:")).and_then(post_id) {
                return (name(n), Some(id));
            }
        }
    }
    (name(a), None)
}

/// `[list]`, `[list=1]` (or any start number), `[list=a|A|i|I]` and other
/// list-style names are numbered; `disc`, `circle`, `square`, `none` are not.
#[cfg_attr(target_arch = "wasm32", inline(never))]
fn parse_list(arg: &str) -> Option<(bool, Option<u64>)> {
    let a = unquote(arg);
    if a.is_empty() {
        return Some((false, None));
    }
    if a.len() <= 18 && a.bytes().all(|c| c.is_ascii_digit()) {
        let n: u64 = a.parse().ok()?;
        return Some((true, (n != 1).then_some(n)));
    }
    if ["disc", "circle", "square", "none"]
        .iter()
        .any(|s| a.eq_ignore_ascii_case(s))
    {
        return Some((false, None));
    }
    (a.len() <= 24 && a.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')).then_some((true, None))
}

/// CSS names beyond the palette: the colours of vBulletin's editor palette,
/// plus common aliases. Each maps to the nearest palette colour.
const CSS_COLORS: [(&str, u32); 40] = [
    ("grey", 0x808080),
    ("cyan", 0x00ffff),
    ("magenta", 0xff00ff),
    ("sienna", 0xa0522d),
    ("darkolivegreen", 0x556b2f),
    ("darkgreen", 0x006400),
    ("darkslateblue", 0x483d8b),
    ("indigo", 0x4b0082),
    ("darkslategray", 0x2f4f4f),
    ("darkred", 0x8b0000),
    ("darkorange", 0xff8c00),
    ("slategray", 0x708090),
    ("dimgray", 0x696969),
    ("sandybrown", 0xf4a460),
    ("yellowgreen", 0x9acd32),
    ("seagreen", 0x2e8b57),
    ("mediumturquoise", 0x48d1cc),
    ("royalblue", 0x4169e1),
    ("deepskyblue", 0x00bfff),
    ("darkorchid", 0x9932cc),
    ("pink", 0xffc0cb),
    ("wheat", 0xf5deb3),
    ("lemonchiffon", 0xfffacd),
    ("palegreen", 0x98fb98),
    ("paleturquoise", 0xafeeee),
    ("lightblue", 0xadd8e6),
    ("plum", 0xdda0dd),
    ("darkblue", 0x00008b),
    ("brown", 0xa52a2a),
    ("gold", 0xffd700),
    ("violet", 0xee82ee),
    ("skyblue", 0x87ceeb),
    ("crimson", 0xdc143c),
    ("orangered", 0xff4500),
    ("tomato", 0xff6347),
    ("chocolate", 0xd2691e),
    ("limegreen", 0x32cd32),
    ("darkgray", 0xa9a9a9),
    ("lightgray", 0xd3d3d3),
    ("darkviolet", 0x9400d3),
];

fn hex_digit(c: u8) -> Option<u32> {
    (c as char).to_digit(16)
}

/// `red`, `#f00`, `#ff0000`, `rgb(255, 0, 0)` and known CSS names → the
/// nearest palette colour by RGB distance.
#[cfg_attr(target_arch = "wasm32", inline(never))]
fn parse_color(arg: &str) -> Option<Color> {
    let a = unquote(arg);
    let rgb = if let Some(hex) = a.strip_prefix('#') {
        if hex.len() > 6 {
            return None;
        }
        let d: Vec<u32> = hex.bytes().map(hex_digit).collect::<Option<_>>()?;
        match d.len() {
            3 => ((d[0] * 17) << 16) | ((d[1] * 17) << 8) | (d[2] * 17),
            6 => d.iter().fold(0, |acc, x| (acc << 4) | x),
            _ => return None,
        }
    } else if starts_with_ci(a, "rgb(") && a.ends_with(')') {
        let parts: Vec<u32> = a[4..a.len() - 1]
            .split(',')
            .map(|p| p.trim().parse::<u32>().ok().filter(|v| *v <= 255))
            .collect::<Option<_>>()?;
        match parts[..] {
            [r, g, b] => (r << 16) | (g << 8) | b,
            _ => return None,
        }
    } else {
        let palette = Color::ALL.iter().map(|c| (c.1, c.2));
        palette
            .chain(CSS_COLORS.iter().copied())
            .find(|(n, _)| a.eq_ignore_ascii_case(n))?
            .1
    };
    nearest_color(rgb)
}

fn nearest_color(rgb: u32) -> Option<Color> {
    let channels = |c: u32| [(c >> 16) as i32 & 0xff, (c >> 8) as i32 & 0xff, c as i32 & 0xff];
    let want = channels(rgb);
    Color::ALL
        .iter()
        .min_by_key(|(_, _, v)| {
            channels(*v)
                .iter()
                .zip(want)
                .map(|(a, b)| (a - b) * (a - b))
                .sum::<i32>()
        })
        .map(|c| c.0)
}

/// The vBulletin scale 1..=7, `+N`/`-N` relative to 3, or a CSS length in
/// `px`, `pt`, `em` or `%` mapped to the nearest step.
#[cfg_attr(target_arch = "wasm32", inline(never))]
fn parse_size(arg: &str) -> Option<u8> {
    let a = unquote(arg);
    let small = |s: &str| {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<i32>().ok())
            .flatten()
    };
    if let Some(n) = a.strip_prefix('+').and_then(small) {
        return Some((3 + n).clamp(1, 7) as u8);
    }
    if let Some(n) = a.strip_prefix('-').and_then(small) {
        return Some((3 - n).clamp(1, 7) as u8);
    }
    if let Some(n) = small(a) {
        return (1..=7).contains(&n).then_some(n as u8);
    }
    let lower = a.to_ascii_lowercase();
    let (num, unit) = ["px", "pt", "em", "%"]
        .iter()
        .find_map(|u| lower.strip_suffix(u).map(|n| (n.trim(), *u)))?;
    // Tenths of the value, without pulling float parsing into the wasm binary.
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    if (int.is_empty() && frac.is_empty())
        || int.len() > 4
        || !int.bytes().chain(frac.bytes()).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let tenths = int.parse::<u32>().unwrap_or(0) * 10 + frac.bytes().next().map_or(0, |c| u32::from(c - b'0'));
    let px10 = match unit {
        "px" => tenths,
        "pt" => tenths * 4 / 3,
        "em" => tenths * 16,
        _ => tenths * 16 / 100,
    };
    const STEPS_PX: [u32; 7] = [10, 13, 16, 18, 24, 32, 48];
    let best = STEPS_PX
        .iter()
        .enumerate()
        .min_by_key(|(_, px)| (**px * 10).abs_diff(px10))?;
    Some(best.0 as u8 + 1)
}

// ---------------------------------------------------------------------------
// Pairing

const NONE: usize = usize::MAX;

/// Pairs each close tag with the nearest open tag of the same name.
#[cfg_attr(target_arch = "wasm32", inline(never))]
fn pair(toks: &[Tok<'_>]) -> Vec<usize> {
    let mut partner = vec![NONE; toks.len()];
    // One stack per tag name, kept in `partner` itself: an open tag not yet
    // paired holds the index of the open tag below it.
    let mut top = [NONE; KEYS];
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Open { key, .. } => {
                partner[i] = top[*key as usize];
                top[*key as usize] = i;
            }
            Tok::Close { key, .. } => {
                let o = top[*key as usize];
                if o != NONE {
                    top[*key as usize] = partner[o];
                    partner[o] = i;
                    partner[i] = o;
                }
            }
            _ => {}
        }
    }
    // Open tags left on the stacks have no partner.
    for mut o in top {
        while o != NONE {
            o = std::mem::replace(&mut partner[o], NONE);
        }
    }
    partner
}

// ---------------------------------------------------------------------------
// Tree building

enum FrameKind {
    Root,
    Quote(Option<String>, Option<String>),
    List { ordered: bool, start: Option<u64> },
    Item,
    Aligned(Align),
    Indent,
}

struct Frame {
    kind: FrameKind,
    /// The open token, to find the frame from its close tag.
    tok: usize,
    blocks: Vec<Block>,
    items: Vec<Vec<Block>>,
}

impl Frame {
    fn new(kind: FrameKind, tok: usize) -> Frame {
        Frame {
            kind,
            tok,
            blocks: Vec::new(),
            items: Vec::new(),
        }
    }
}

struct Active {
    span: Span,
    tok: usize,
}

/// What to do with a close tag whose open tag was not used as a tag.
#[derive(Clone, Copy, PartialEq)]
enum CloseAs {
    Tag,
    Nothing,
    Text,
}

struct Builder<'a> {
    /// The source that tokens borrow from.
    src: &'a str,
    frames: Vec<Frame>,
    /// Inline spans logically open, outermost first.
    active: Vec<Active>,
    /// Content of the spans open in the current paragraph: always a prefix of
    /// `active`; the rest is opened again when content arrives.
    physical: Vec<Vec<Inline>>,
    para: Vec<Inline>,
    /// Text not yet scanned for URLs, belonging to the innermost open span.
    pending: Run<'a>,
    newlines: u32,
    /// Whether the current paragraph has content.
    started: bool,
    close_as: Vec<CloseAs>,
}

fn container<'s>(para: &'s mut Vec<Inline>, physical: &'s mut [Vec<Inline>]) -> &'s mut Vec<Inline> {
    match physical.last_mut() {
        Some(c) => c,
        None => para,
    }
}

/// Whitespace, line breaks and empty spans only (bounded by `MAX_DEPTH`).
fn is_blank(inlines: &[Inline]) -> bool {
    inlines.iter().all(|i| match i {
        Inline::Text(t) => t.trim().is_empty(),
        Inline::LineBreak => true,
        Inline::Strong(c) | Inline::Emphasis(c) | Inline::Underline(c) | Inline::Strike(c) => is_blank(c),
        Inline::Color { content, .. } | Inline::Size { content, .. } => is_blank(content),
        _ => false,
    })
}

fn trim_trailing(inlines: &mut Vec<Inline>) {
    loop {
        match inlines.last_mut() {
            Some(Inline::LineBreak) => {
                inlines.pop();
            }
            Some(Inline::Text(t)) => {
                let len = t.trim_end().len();
                if len == 0 {
                    inlines.pop();
                } else {
                    t.truncate(len);
                    return;
                }
            }
            _ => return,
        }
    }
}

impl<'a> Builder<'a> {
    fn new(src: &'a str, tokens: usize) -> Builder<'a> {
        Builder {
            src,
            frames: vec![Frame::new(FrameKind::Root, NONE)],
            active: Vec::new(),
            physical: Vec::new(),
            para: Vec::new(),
            pending: Run::Empty,
            newlines: 0,
            started: false,
            close_as: vec![CloseAs::Tag; tokens],
        }
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn run(mut self, mut toks: Vec<Tok<'a>>, partner: &[usize]) -> Body {
        let mut i = 0;
        while i < toks.len() {
            match std::mem::replace(&mut toks[i], Tok::Newlines(0)) {
                Tok::Text(s) => self.text(s, true),
                Tok::Literal(s) => self.text(s, false),
                Tok::Newlines(n) => {
                    if self.started {
                        self.newlines = self.newlines.saturating_add(n);
                    }
                }
                Tok::Item(raw) => self.item(raw),
                Tok::Inline(inline, raw) => self.inline(*inline, raw),
                Tok::Code(block) => {
                    self.end_paragraph();
                    self.push_block(*block);
                }
                Tok::Open { tag, raw, .. } => {
                    let p = partner[i];
                    if p == NONE {
                        self.text(raw, true);
                    } else if self.open(i, p, tag, raw) {
                        // Cut: skip to the close tag, but let close tags of
                        // open spans in between still end them.
                        for (k, t) in toks.iter().enumerate().take(p).skip(i + 1) {
                            if let Tok::Close { .. } = t {
                                let q = partner[k];
                                self.active.retain(|a| a.tok != q);
                            }
                        }
                        i = p;
                    }
                }
                Tok::Close { key, raw } => {
                    let p = partner[i];
                    match (p, self.close_as[i]) {
                        (NONE, _) | (_, CloseAs::Text) => self.text(raw, true),
                        (_, CloseAs::Nothing) => {}
                        (_, CloseAs::Tag) => self.close(key, p),
                    }
                }
            }
            i += 1;
        }
        self.end_paragraph();
        while self.frames.len() > 1 {
            self.close_frame();
        }
        self.frames.pop().map(|f| f.blocks).unwrap_or_default()
    }

    fn top(&mut self) -> &mut Frame {
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    fn top_is_list(&self) -> bool {
        matches!(self.frames.last().map(|f| &f.kind), Some(FrameKind::List { .. }))
    }

    fn in_physical_link(&self) -> bool {
        self.active[..self.physical.len()].iter().any(|a| a.span.is_link())
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn text(&mut self, s: &'a str, links: bool) {
        if s.is_empty() {
            return;
        }
        if s.chars().all(char::is_whitespace) {
            // Whitespace next to a line break or paragraph edge is nothing.
            if !self.started || self.newlines > 0 {
                return;
            }
            self.reconstruct();
            self.push_str(s, links);
            return;
        }
        let fresh = self.begin_content();
        self.push_str(if fresh { s.trim_start() } else { s }, links);
    }

    fn push_str(&mut self, s: &'a str, links: bool) {
        if links {
            self.pending.push(self.src, s);
        } else {
            self.flush_pending();
            push_text(container(&mut self.para, &mut self.physical), s);
        }
    }

    /// Before content: starts a list item if needed, turns pending newlines
    /// into a line break or a new paragraph, and reopens the spans. Returns
    /// whether the content starts a line (so leading spaces can go).
    fn begin_content(&mut self) -> bool {
        if self.top_is_list() {
            self.end_paragraph();
            self.frames.push(Frame::new(FrameKind::Item, NONE));
        }
        let mut fresh = !self.started;
        if self.started && self.newlines >= 2 {
            self.end_paragraph();
            fresh = true;
        } else if self.started && self.newlines == 1 {
            self.flush_pending();
            let out = container(&mut self.para, &mut self.physical);
            trim_trailing(out);
            out.push(Inline::LineBreak);
            fresh = true;
        }
        self.newlines = 0;
        self.reconstruct();
        self.started = true;
        fresh
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn reconstruct(&mut self) {
        if self.physical.len() < self.active.len() {
            self.flush_pending();
            self.physical.resize_with(self.active.len(), Vec::new);
        }
    }

    fn flush_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let in_link = self.in_physical_link();
        let text = std::mem::take(&mut self.pending);
        let out = container(&mut self.para, &mut self.physical);
        if in_link {
            push_text(out, text.as_str());
        } else {
            autolink(text.as_str(), out);
        }
    }

    /// Closes the open spans from index `j` on (their content is flushed).
    fn fold_to(&mut self, j: usize) {
        while self.physical.len() > j {
            let content = self.physical.pop().unwrap_or_default();
            if content.is_empty() {
                continue;
            }
            let inline = self.active[self.physical.len()].span.wrap(content);
            container(&mut self.para, &mut self.physical).push(inline);
        }
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn end_paragraph(&mut self) {
        self.flush_pending();
        self.fold_to(0);
        // `para` is reused: each paragraph gets one allocation of its size.
        trim_trailing(&mut self.para);
        self.started = false;
        self.newlines = 0;
        if is_blank(&self.para) {
            self.para.clear();
        } else {
            let para = self.para.drain(..).collect();
            self.push_block(Block::Paragraph(para));
        }
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn push_block(&mut self, block: Block) {
        if self.top_is_list() {
            self.frames.push(Frame::new(FrameKind::Item, NONE));
        }
        self.top().blocks.push(block);
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn inline(&mut self, inline: Inline, raw: &str) {
        self.begin_content();
        self.flush_pending();
        let text_only = matches!(inline, Inline::Link { .. }) && self.in_physical_link();
        let out = container(&mut self.para, &mut self.physical);
        if text_only {
            push_text(out, raw);
        } else {
            out.push(inline);
        }
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn item(&mut self, raw: &'a str) {
        match self.frames.last().map(|f| &f.kind) {
            Some(FrameKind::Item) => {
                self.end_paragraph();
                self.close_frame();
            }
            Some(FrameKind::List { .. }) => self.end_paragraph(),
            _ => return self.text(raw, true),
        }
        self.frames.push(Frame::new(FrameKind::Item, NONE));
    }

    /// Opens a tag whose close tag is `p`. Returns true when the block is too
    /// deep and everything up to `p` must be skipped.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn open(&mut self, i: usize, p: usize, tag: Tag, raw: &'a str) -> bool {
        let kind = match tag {
            Tag::Font => {
                self.close_as[p] = CloseAs::Nothing;
                return false;
            }
            Tag::Span(span) => {
                if self.active.len() >= MAX_DEPTH {
                    self.close_as[p] = CloseAs::Nothing;
                } else if span.is_link() && self.active.iter().any(|a| a.span.is_link()) {
                    // No link in a link: the inner tags are text.
                    self.text(raw, true);
                    self.close_as[p] = CloseAs::Text;
                } else {
                    self.active.push(Active { span, tok: i });
                }
                return false;
            }
            Tag::Quote(q) => {
                let (name, post) = *q;
                FrameKind::Quote(name, post)
            }
            Tag::List { ordered, start } => FrameKind::List { ordered, start },
            Tag::Aligned(a) => FrameKind::Aligned(a),
            Tag::Indent => FrameKind::Indent,
        };
        self.end_paragraph();
        if self.top_is_list() {
            self.frames.push(Frame::new(FrameKind::Item, NONE));
        }
        // A list needs room for its items too.
        let need = if matches!(kind, FrameKind::List { .. }) { 2 } else { 1 };
        if self.frames.len() - 1 + need > MAX_DEPTH {
            let blocks = &mut self.top().blocks;
            if !matches!(blocks.last(), Some(Block::Truncated)) {
                blocks.push(Block::Truncated);
            }
            return true;
        }
        self.frames.push(Frame::new(kind, i));
        false
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn close(&mut self, key: Key, p: usize) {
        if key.is_block() {
            if let Some(k) = self.frames.iter().rposition(|f| f.tok == p) {
                self.end_paragraph();
                while self.frames.len() > k.max(1) {
                    self.close_frame();
                }
            }
        } else if let Some(j) = self.active.iter().rposition(|a| a.tok == p) {
            if j < self.physical.len() {
                self.flush_pending();
                self.fold_to(j);
            }
            self.active.remove(j);
        }
    }

    fn close_frame(&mut self) {
        let Some(f) = self.frames.pop() else { return };
        let block = match f.kind {
            FrameKind::Root => {
                // Never popped by the loops above; put it back if it was.
                self.frames.push(f);
                return;
            }
            FrameKind::Item => {
                if let Some(parent) = self.frames.last_mut() {
                    if matches!(parent.kind, FrameKind::List { .. }) {
                        parent.items.push(f.blocks);
                        return;
                    }
                    parent.blocks.extend(f.blocks);
                }
                return;
            }
            FrameKind::List { ordered, start } => (!f.items.is_empty()).then_some(Block::List {
                ordered,
                start,
                items: f.items,
            }),
            FrameKind::Quote(name, post) => Some(Block::Quote(Quote {
                name,
                post,
                body: f.blocks,
            })),
            FrameKind::Aligned(align) => (!f.blocks.is_empty()).then_some(Block::Aligned {
                align,
                blocks: f.blocks,
            }),
            FrameKind::Indent => (!f.blocks.is_empty()).then_some(Block::Indent(f.blocks)),
        };
        if let Some(b) = block {
            self.push_block(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colors_map_to_the_nearest_palette_colour() {
        assert_eq!(parse_color("red"), Some(Color::Red));
        assert_eq!(parse_color("#F00"), Some(Color::Red));
        assert_eq!(parse_color("\"#00007f\""), Some(Color::Navy));
        assert_eq!(parse_color("DarkOrange"), Some(Color::Orange));
        assert_eq!(parse_color("rgb(250, 0, 5)"), Some(Color::Red));
        assert_eq!(parse_color("gronk"), None);
        assert_eq!(parse_color("#ff00"), None);
        assert_eq!(parse_color("*#$"), None);
    }

    #[test]
    fn sizes_map_to_the_vbulletin_scale() {
        assert_eq!(parse_size("1"), Some(1));
        assert_eq!(parse_size("7"), Some(7));
        assert_eq!(parse_size("8"), None);
        assert_eq!(parse_size("+2"), Some(5));
        assert_eq!(parse_size("-5"), Some(1));
        assert_eq!(parse_size("24px"), Some(5));
        assert_eq!(parse_size("12pt"), Some(3));
        assert_eq!(parse_size("200%"), Some(6));
        assert_eq!(parse_size("1.5em"), Some(5));
        assert_eq!(parse_size("blah"), None);
        assert_eq!(parse_size("px"), None);
    }

    #[test]
    fn quote_arguments() {
        assert_eq!(
            parse_quote("Grumpy John;4"),
            (Some("Grumpy John".into()), Some("4".into()))
        );
        assert_eq!(parse_quote("\"Grumpy John\""), (Some("Grumpy John".into()), None));
        assert_eq!(
            parse_quote("John; post:2137"),
            (Some("John".into()), Some("2137".into()))
        );
        assert_eq!(
            parse_quote("John, post: 12, member: 3"),
            (Some("John".into()), Some("12".into()))
        );
        assert_eq!(parse_quote("Smith, John"), (Some("Smith, John".into()), None));
        assert_eq!(parse_quote("a;b"), (Some("a;b".into()), None));
        assert_eq!(parse_quote("  "), (None, None));
    }
}
