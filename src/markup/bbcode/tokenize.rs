//! BBCode's tokenizer (one pass over the source; verbatim content, arguments
//! checked as they are read) and the pairing of open and close tags.

use super::args::{code_text, image_url, link_url, parse_color, parse_list, parse_quote, parse_size, strip_img, unquote};
use crate::markup::text::find_byte2;
use crate::markup::{Align, Block, Color, Inline};
use crate::url::{sanitize_email, SafeUrl};

// ---------------------------------------------------------------------------
// Tokens

/// Tags that come in pairs, each with its own pairing stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key {
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

pub(super) const KEYS: usize = 15;

/// The paired tags in the order of [`NAMES`].
pub(super) const KEY_ORDER: [Key; KEYS] = [
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
pub(super) const NAMES: [&[u8]; 21] = [
    b"b", b"i", b"u", b"s", b"url", b"email", b"color", b"size", b"font", b"quote", b"list", b"left", b"center", b"right",
    b"indent", b"*", b"code", b"php", b"html", b"noparse", b"img",
];
pub(super) const N_ITEM: usize = KEYS;
pub(super) const N_CODE: usize = KEYS + 1;
pub(super) const N_PHP: usize = KEYS + 2;
pub(super) const N_HTML: usize = KEYS + 3;
pub(super) const N_NOPARSE: usize = KEYS + 4;
pub(super) const N_IMG: usize = KEYS + 5;

impl Key {
    pub(super) fn is_block(self) -> bool {
        matches!(
            self,
            Key::Quote | Key::List | Key::Left | Key::Center | Key::Right | Key::Indent
        )
    }
}

/// An inline span that can stay open across blocks.
#[derive(Debug, Clone)]
pub(super) enum Span {
    Strong,
    Emphasis,
    Underline,
    Strike,
    Link(SafeUrl),
    Color(Color),
    Size(u8),
}

impl Span {
    pub(super) fn is_link(&self) -> bool {
        matches!(self, Span::Link(_))
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn wrap(&self, content: Vec<Inline>) -> Inline {
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
pub(super) enum Tag {
    Span(Span),
    Font,
    Quote(Box<(Option<String>, Option<String>)>),
    List { ordered: bool, start: Option<u64> },
    Aligned(Align),
    Indent,
}

#[derive(Debug)]
pub(super) enum Tok<'a> {
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

pub(super) enum Parsed<'a> {
    Tok(Tok<'a>),
    Noparse(usize, usize),
}

/// The remembered answer of a forward search: the first match starting at or
/// after `from`. Queries move forward, so every byte is searched about once.
#[derive(Clone, Copy)]
pub(super) struct Memo {
    from: usize,
    found: Option<(usize, usize)>,
}

impl Memo {
    const EMPTY: Memo = Memo {
        from: usize::MAX,
        found: None,
    };

    /// `search(a, b)` returns the first match that starts in `a..b`.
    pub(super) fn get(
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
pub(super) const VERBATIM: [&str; 7] = ["code", "php", "html", "noparse", "url", "email", "img"];
pub(super) const V_CODE: usize = 0;
pub(super) const V_PHP: usize = 1;
pub(super) const V_HTML: usize = 2;
pub(super) const V_NOPARSE: usize = 3;
pub(super) const V_URL: usize = 4;
pub(super) const V_EMAIL: usize = 5;
pub(super) const V_IMG: usize = 6;

pub(super) struct Tokenizer<'a> {
    src: &'a str,
    toks: Vec<Tok<'a>>,
    bytes_memo: [Memo; 5],
    close_memo: [Memo; VERBATIM.len()],
    open_memo: [Memo; VERBATIM.len()],
}

pub(super) const B_RBRACKET: usize = 0;
pub(super) const B_LBRACKET: usize = 1;
pub(super) const B_NEWLINE: usize = 2;
pub(super) const B_DQUOTE: usize = 3;
pub(super) const B_SQUOTE: usize = 4;
pub(super) const MEMO_BYTES: [u8; 5] = [b']', b'[', b'\n', b'"', b'\''];

pub(super) fn skip_spaces(b: &[u8], mut j: usize) -> usize {
    while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
        j += 1;
    }
    j
}

/// Counts the newlines of a run that starts at `i` (blank lines included)
/// and returns the count and where the next line's text starts.
pub(super) fn newline_run(b: &[u8], mut i: usize, end: usize) -> (u32, usize) {
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

pub(super) fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

impl<'a> Tokenizer<'a> {
    pub(super) fn new(src: &'a str, capacity: usize) -> Self {
        Tokenizer {
            src,
            toks: Vec::with_capacity(capacity),
            bytes_memo: [Memo::EMPTY; 5],
            close_memo: [Memo::EMPTY; 7],
            open_memo: [Memo::EMPTY; 7],
        }
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn run(mut self) -> Vec<Tok<'a>> {
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
    pub(super) fn text(&mut self, from: usize, to: usize) {
        if from < to {
            self.toks.push(Tok::Text(&self.src[from..to]));
        }
    }

    /// `[noparse]` content: text and newlines, no tags, no links.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn literal(&mut self, from: usize, to: usize) {
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

    pub(super) fn next_byte(&mut self, which: usize, q: usize) -> Option<usize> {
        let b = self.src.as_bytes();
        let byte = MEMO_BYTES[which];
        self.bytes_memo[which]
            .get(q, b.len(), |from, to| {
                find_byte2(&b[..to], from, byte, byte).map(|p| (p, p + 1))
            })
            .map(|m| m.0)
    }

    /// Finds `[/name]` (any case, spaces before `]` allowed) at or after `q`.
    pub(super) fn find_close(&mut self, v: usize, q: usize) -> Option<(usize, usize)> {
        let src = self.src;
        let name = VERBATIM[v];
        self.close_memo[v].get(q, src.len(), |from, to| {
            let b = src.as_bytes();
            let mut at = from;
            while let Some(p) = crate::find::find(&src[at..], "[/").map(|p| at + p) {
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
    pub(super) fn find_open(&mut self, v: usize, q: usize) -> Option<usize> {
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
    pub(super) fn arg(&mut self, j: usize) -> Option<(&'a str, usize)> {
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
    pub(super) fn tag(&mut self, i: usize) -> Option<(Parsed<'a>, usize)> {
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

    pub(super) fn code(&mut self, v: usize, lang: Option<&str>, end: usize) -> Option<(Parsed<'a>, usize)> {
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
    pub(super) fn verbatim_link(&mut self, v: usize, i: usize, end: usize) -> Option<(Parsed<'a>, usize)> {
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
// Pairing

pub(super) const NONE: usize = usize::MAX;

/// Pairs each close tag with the nearest open tag of the same name.
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub(super) fn pair(toks: &[Tok<'_>]) -> Vec<usize> {
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

