//! The HTML tokenizer (WHATWG's tokenization, the states bodies need) and
//! character references, named and numeric: what the tree builder
//! (`tree.rs`) reads tokens from. Moved out of html.rs as it was.

use std::borrow::Cow;

use crate::markup::entities::{missed, named};


/// What the tokenizer reads text as, set by the tree builder.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Mode {
    Data,
    /// Text with character references, up to `</name`.
    RcData(&'static str),
    /// Text as it is, up to `</name`.
    RawText(&'static str),
    /// Everything to the end is text.
    PlainText,
}

#[derive(Debug)]
pub(super) struct StartTag {
    pub(super) name: String,
    pub(super) attrs: Vec<(String, String)>,
    pub(super) self_closing: bool,
}

impl StartTag {
    pub(super) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub(super) fn has_class(&self, class: &str) -> bool {
        self.attr("class").is_some_and(|c| c.split_ascii_whitespace().any(|c| c == class))
    }
}

#[derive(Debug)]
pub(super) enum Token<'a> {
    Start(StartTag),
    End(String),
    Text(Cow<'a, str>),
}

pub(super) struct Tokenizer<'a> {
    s: &'a str,
    i: usize,
    pub(super) mode: Mode,
    /// The current node is `<svg>`/`<math>` content: `<![CDATA[` is text.
    pub(super) foreign: bool,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

impl<'a> Tokenizer<'a> {
    pub(super) fn new(s: &'a str) -> Tokenizer<'a> {
        Tokenizer { s, i: 0, mode: Mode::Data, foreign: false }
    }

    fn bytes(&self) -> &'a [u8] {
        self.s.as_bytes()
    }

    /// The index of `needle` at or after `from`, or the end.
    fn find(&self, from: usize, needle: &str) -> Option<usize> {
        self.s.get(from..)?.find(needle).map(|k| from + k)
    }

    /// Skips to just after the next `>` (a bogus comment or a doctype).
    fn skip_past_gt(&mut self, from: usize) {
        self.i = self.find(from, ">").map_or(self.s.len(), |k| k + 1);
    }

    pub(super) fn next(&mut self) -> Option<Token<'a>> {
        loop {
            if self.i >= self.s.len() {
                return None;
            }
            match self.mode.clone() {
                Mode::PlainText => {
                    let text = &self.s[self.i..];
                    self.i = self.s.len();
                    return Some(Token::Text(decode(text, Ref::None)));
                }
                Mode::RcData(end) | Mode::RawText(end) => {
                    let rc = matches!(self.mode, Mode::RcData(_));
                    let at = self.raw_end(end);
                    let text = &self.s[self.i..at];
                    self.i = at;
                    self.mode = Mode::Data;
                    if !text.is_empty() {
                        return Some(Token::Text(decode(text, if rc { Ref::Text } else { Ref::None })));
                    }
                }
                Mode::Data => {
                    let b = self.bytes();
                    let start = self.i;
                    let lt = b[start..].iter().position(|&c| c == b'<').map_or(b.len(), |k| start + k);
                    if lt > start {
                        self.i = lt;
                        return Some(Token::Text(decode_data(&self.s[start..lt])));
                    }
                    if let Some(t) = self.markup() {
                        return Some(t);
                    }
                }
            }
        }
    }

    /// Where raw text ends: at `</end` followed by whitespace, `/` or `>`.
    fn raw_end(&self, end: &str) -> usize {
        let b = self.bytes();
        let mut k = self.i;
        while let Some(lt) = self.find(k, "</") {
            let name = lt + 2;
            let after = name + end.len();
            if b.len() > after
                && b[name..after].eq_ignore_ascii_case(end.as_bytes())
                && (is_ws(b[after]) || b[after] == b'/' || b[after] == b'>')
            {
                return lt;
            }
            k = lt + 2;
        }
        b.len()
    }

    /// Reads what starts at a `<`. `None`: nothing to report (a comment), or
    /// the input ended inside a tag (which is then dropped, as browsers do).
    fn markup(&mut self) -> Option<Token<'a>> {
        let b = self.bytes();
        let i = self.i;
        match b.get(i + 1) {
            Some(c) if c.is_ascii_alphabetic() => {
                self.i = b.len();
                let (tag, end) = self.tag(i + 1)?;
                self.i = end;
                Some(Token::Start(tag))
            }
            Some(b'/') => match b.get(i + 2) {
                Some(c) if c.is_ascii_alphabetic() => {
                    self.i = b.len();
                    let (tag, end) = self.tag(i + 2)?;
                    self.i = end;
                    Some(Token::End(tag.name))
                }
                Some(b'>') => {
                    self.i = i + 3;
                    None
                }
                None => {
                    self.i = b.len();
                    Some(Token::Text(Cow::Borrowed("</")))
                }
                Some(_) => {
                    self.skip_past_gt(i + 2);
                    None
                }
            },
            Some(b'!') => {
                let rest = &b[i + 2..];
                if rest.starts_with(b"--") {
                    let body = i + 4;
                    if b[body..].starts_with(b">") {
                        self.i = body + 1;
                    } else if b[body..].starts_with(b"->") {
                        self.i = body + 2;
                    } else {
                        let a = self.find(body, "-->").map(|k| k + 3);
                        let c = self.find(body, "--!>").map(|k| k + 4);
                        self.i = match (a, c) {
                            (Some(a), Some(c)) => a.min(c),
                            (Some(x), None) | (None, Some(x)) => x,
                            (None, None) => b.len(),
                        };
                    }
                    None
                } else if rest.starts_with(b"[CDATA[") && self.foreign {
                    let body = i + 9;
                    let end = self.find(body, "]]>").unwrap_or(b.len());
                    self.i = (end + 3).min(b.len());
                    Some(Token::Text(Cow::Borrowed(&self.s[body..end])))
                } else {
                    self.skip_past_gt(i + 2);
                    None
                }
            }
            Some(b'?') => {
                self.skip_past_gt(i + 1);
                None
            }
            _ => {
                self.i = i + 1;
                Some(Token::Text(Cow::Borrowed("<")))
            }
        }
    }

    /// Reads a tag name and its attributes from `from` (just after `<` or
    /// `</`); `None` when the input ends first.
    fn tag(&self, from: usize) -> Option<(StartTag, usize)> {
        let b = self.bytes();
        let mut i = from;
        while i < b.len() && !is_ws(b[i]) && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        let name = lowercase(&self.s[from..i]);
        let mut tag = StartTag { name, attrs: Vec::new(), self_closing: false };
        loop {
            while i < b.len() && is_ws(b[i]) {
                i += 1;
            }
            match b.get(i)? {
                b'>' => return Some((tag, i + 1)),
                b'/' => {
                    if b.get(i + 1) == Some(&b'>') {
                        tag.self_closing = true;
                        return Some((tag, i + 2));
                    }
                    i += 1;
                    continue;
                }
                _ => {}
            }
            // An attribute name; a leading `=` belongs to it.
            let n0 = i;
            i += 1;
            while i < b.len() && !is_ws(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            let name = lowercase(&self.s[n0..i]);
            let mut j = i;
            while j < b.len() && is_ws(b[j]) {
                j += 1;
            }
            let mut value = Cow::Borrowed("");
            if b.get(j) == Some(&b'=') {
                j += 1;
                while j < b.len() && is_ws(b[j]) {
                    j += 1;
                }
                match b.get(j)? {
                    q @ (b'"' | b'\'') => {
                        let close = b[j + 1..].iter().position(|c| c == q)? + j + 1;
                        value = decode(&self.s[j + 1..close], Ref::Attr);
                        i = close + 1;
                    }
                    b'>' => i = j,
                    _ => {
                        let mut k = j;
                        while k < b.len() && !is_ws(b[k]) && b[k] != b'>' {
                            k += 1;
                        }
                        value = decode(&self.s[j..k], Ref::Attr);
                        i = k;
                    }
                }
            }
            if !tag.attrs.iter().any(|(n, _)| *n == name) {
                tag.attrs.push((name, value.into_owned()));
            }
        }
    }
}

fn lowercase(s: &str) -> String {
    let mut out = s.to_ascii_lowercase();
    if out.contains('\0') {
        out = out.replace('\0', "\u{FFFD}");
    }
    out
}

/// Where character references are read, and what a NUL becomes.
#[derive(Clone, Copy, PartialEq)]
enum Ref {
    /// Raw text: no references, NUL is U+FFFD.
    None,
    /// RCDATA: references, NUL is U+FFFD.
    Text,
    /// Attribute values: references with the attribute rule, NUL is U+FFFD.
    Attr,
}

/// Text of the data state: references decoded, NUL dropped (the tree
/// builder ignores it), newlines normalised.
fn decode_data(s: &str) -> Cow<'_, str> {
    if !s.bytes().any(|b| matches!(b, b'&' | b'\r' | b'\0')) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    decode_into(s, true, false, &mut out);
    Cow::Owned(out)
}

fn decode(s: &str, refs: Ref) -> Cow<'_, str> {
    let special = |b: u8| matches!(b, b'\r' | b'\0') || (b == b'&' && refs != Ref::None);
    if !s.bytes().any(special) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    if refs == Ref::None {
        for c in normalize(s).chars() {
            out.push(if c == '\0' { '\u{FFFD}' } else { c });
        }
    } else {
        decode_into(s, false, refs == Ref::Attr, &mut out);
    }
    Cow::Owned(out)
}

fn normalize(s: &str) -> Cow<'_, str> {
    super::super::text::normalize_newlines(s)
}

/// Decodes character references and newlines; `drop_nul`: the data state.
fn decode_into(s: &str, drop_nul: bool, attr: bool, out: &mut String) {
    let b = s.as_bytes();
    let mut last = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'&' => {
                out.push_str(&s[last..i]);
                i = char_ref(s, i, attr, out);
                last = i;
            }
            b'\r' => {
                out.push_str(&s[last..i]);
                out.push('\n');
                i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                last = i;
            }
            b'\0' => {
                out.push_str(&s[last..i]);
                if !drop_nul {
                    out.push('\u{FFFD}');
                }
                i += 1;
                last = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&s[last..]);
}

/// windows-1252 for the C1 range of numeric references (0 where the code
/// point stays as it is).
const C1: [u16; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
    0x0178,
];

/// Reads the character reference at `s[at] == '&'` into `out`; returns the
/// index after what it consumed.
fn char_ref(s: &str, at: usize, attr: bool, out: &mut String) -> usize {
    let b = s.as_bytes();
    let i = at + 1;
    if b.get(i) == Some(&b'#') {
        let hex = matches!(b.get(i + 1), Some(b'x' | b'X'));
        let d0 = if hex { i + 2 } else { i + 1 };
        let mut k = d0;
        let mut value: u32 = 0;
        while let Some(d) = b.get(k).and_then(|&c| (c as char).to_digit(if hex { 16 } else { 10 })) {
            value = value.saturating_mul(if hex { 16 } else { 10 }).saturating_add(d).min(0x11_0000);
            k += 1;
        }
        if k == d0 {
            out.push_str(&s[at..d0]);
            return d0;
        }
        if b.get(k) == Some(&b';') {
            k += 1;
        }
        let c = match value {
            0 | 0xD800..=0xDFFF | 0x11_0000.. => '\u{FFFD}',
            0x80..=0x9F => match C1[(value - 0x80) as usize] {
                0 => char::from_u32(value).unwrap_or('\u{FFFD}'),
                w => char::from_u32(u32::from(w)).unwrap_or('\u{FFFD}'),
            },
            // A CR would come back as LF from the renderer's output.
            0x0D => '\n',
            v => char::from_u32(v).unwrap_or('\u{FFFD}'),
        };
        out.push(c);
        return k;
    }
    let run = b[i..].iter().take(40).take_while(|c| c.is_ascii_alphanumeric()).count();
    if run == 0 {
        out.push('&');
        return i;
    }
    let name = &s[i..i + run];
    if b.get(i + run) == Some(&b';') {
        if let Some((value, _)) = named(name.as_bytes()) {
            out.push_str(value);
            return i + run + 1;
        }
        missed();
    }
    // The longest legacy name (they are at most 6 long) without its `;`.
    for len in (2..=run.min(6)).rev() {
        if let Some((value, true)) = named(&name.as_bytes()[..len]) {
            let next = b.get(i + len).copied();
            if attr && next.is_some_and(|c| c == b'=' || c.is_ascii_alphanumeric()) {
                out.push_str(&s[at..i + len]);
            } else {
                out.push_str(value);
            }
            return i + len;
        }
    }
    out.push('&');
    i
}

