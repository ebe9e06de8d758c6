//! The `text` body format: plain text with paragraphs, line breaks and links.
//!
//! Blank lines (empty or whitespace only) separate paragraphs, single newlines
//! are line breaks, and bare `http://`, `https://` and `www.` URLs become
//! links. [`autolink`] is shared with the BBCode parser for its text runs.
//!
//! ```
//! use thread_widget::markup::{text, Block, Inline};
//! let body = text::parse("Hello\nworld\n\nSee www.example.com.");
//! assert_eq!(body.len(), 2);
//! assert!(matches!(&body[1], Block::Paragraph(p) if matches!(p[1], Inline::Link { .. })));
//! ```

use std::borrow::Cow;

use super::{Block, Body, Inline};
use crate::url::sanitize;

/// Parses a plain-text body.
pub fn parse(source: &str) -> Body {
    let source = normalize_newlines(source);
    let mut body = Vec::new();
    let mut para: Vec<Inline> = Vec::new();
    for line in source.split('\n') {
        let line = line.trim_end();
        if line.is_empty() {
            if !para.is_empty() {
                body.push(Block::Paragraph(std::mem::take(&mut para)));
            }
            continue;
        }
        if !para.is_empty() {
            para.push(Inline::LineBreak);
        }
        autolink(line, &mut para);
    }
    if !para.is_empty() {
        body.push(Block::Paragraph(para));
    }
    body
}

/// CR LF and lone CR become LF, so every parser only knows `\n`.
pub(crate) fn normalize_newlines(s: &str) -> Cow<'_, str> {
    crate::find::newlines(s, false)
}

/// Appends text to `out`, merging it into a trailing [`Inline::Text`].
pub(crate) fn push_text(out: &mut Vec<Inline>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Inline::Text(t)) = out.last_mut() {
        t.push_str(s);
    } else {
        out.push(Inline::Text(s.to_owned()));
    }
}

/// Text gathered from consecutive pieces of one source. While the pieces
/// are adjacent in the source it is a slice of it; only text put together
/// from separate places is copied.
#[derive(Debug, Default)]
pub(crate) enum Run<'a> {
    #[default]
    Empty,
    Borrowed(&'a str),
    Owned(String),
}

impl<'a> Run<'a> {
    #[cfg(any(feature = "bbcode", test))] // BBCode's only (the live build has none)
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Run::Empty => "",
            Run::Borrowed(s) => s,
            Run::Owned(s) => s,
        }
    }

    #[cfg(any(feature = "bbcode", feature = "markdown"))]
    pub(crate) fn is_empty(&self) -> bool {
        self.as_str().is_empty()
    }

    /// Appends `s`, which should be a slice of `src` to be borrowed.
    pub(crate) fn push(&mut self, src: &'a str, s: &'a str) {
        if s.is_empty() {
            return;
        }
        match self {
            Run::Empty => *self = Run::Borrowed(s),
            Run::Borrowed(p) => match adjacent(src, p, s) {
                Some(joined) => *p = joined,
                None => {
                    let mut owned = String::with_capacity(p.len() + s.len());
                    owned.push_str(p);
                    owned.push_str(s);
                    *self = Run::Owned(owned);
                }
            },
            Run::Owned(o) => o.push_str(s),
        }
    }

    /// Appends another run.
    #[cfg_attr(not(feature = "markdown"), allow(dead_code))] // the Markdown reader's
    pub(crate) fn push_run(&mut self, src: &'a str, other: Run<'a>) {
        match other {
            Run::Empty => {}
            Run::Borrowed(s) => self.push(src, s),
            Run::Owned(o) if matches!(self, Run::Empty) => *self = Run::Owned(o),
            Run::Owned(o) => self.push_copy(src, &o),
        }
    }

    /// Appends `s`, from anywhere: borrowed when it repeats the source bytes
    /// just after the run (a `\n` that pulldown-cmark gives as a soft break).
    #[cfg_attr(not(feature = "markdown"), allow(dead_code))] // the Markdown reader's
    pub(crate) fn push_copy(&mut self, src: &'a str, s: &str) {
        if let Run::Borrowed(p) = self {
            let start = offset(src, p);
            if let Some(joined) = start.and_then(|k| src.get(k..k + p.len() + s.len())) {
                if joined.as_bytes()[p.len()..] == *s.as_bytes() {
                    *p = joined;
                    return;
                }
            }
        }
        match self {
            Run::Empty => *self = Run::Owned(s.to_owned()),
            Run::Borrowed(p) => {
                let mut owned = String::with_capacity(p.len() + s.len());
                owned.push_str(p);
                owned.push_str(s);
                *self = Run::Owned(owned);
            }
            Run::Owned(o) => o.push_str(s),
        }
    }
}

/// Where `s` starts in `src`, if it is a slice of it.
fn offset(src: &str, s: &str) -> Option<usize> {
    let k = (s.as_ptr() as usize).checked_sub(src.as_ptr() as usize)?;
    (k + s.len() <= src.len()).then_some(k)
}

/// `a` and `b` as one slice of `src`, when `b` follows `a` there.
fn adjacent<'a>(src: &'a str, a: &str, b: &str) -> Option<&'a str> {
    let (ka, kb) = (offset(src, a)?, offset(src, b)?);
    if ka + a.len() == kb {
        src.get(ka..kb + b.len())
    } else {
        None
    }
}

/// Appends `text` to `out` with its bare URLs turned into links.
///
/// A URL starts with `http://`, `https://` or `www.` (which links to
/// `https://www.…`) at the start of the text or after a character that is not
/// part of a word or URL, and runs to whitespace, `<`, `>`, `"`, `[/` or a
/// `]` that closes no `[` inside it (so `[url=http://a.example]` unclosed
/// links only the address).
/// Like GitHub's autolinker, trailing punctuation (`.,:;!?*_~'"`) and a
/// closing `)` or `]` without its opening partner stay outside the link.
/// Only URLs that pass [`crate::url::sanitize`] become links. Text is merged
/// into a trailing [`Inline::Text`] of `out`. Linear in the length of `text`.
pub fn autolink(text: &str, out: &mut Vec<Inline>) {
    autolink_with(text, out, push_text);
}

/// [`autolink`], with the text between links handed to `plain` (which the
/// Markdown parser uses to link e-mail addresses in it).
pub(crate) fn autolink_with(text: &str, out: &mut Vec<Inline>, mut plain: impl FnMut(&mut Vec<Inline>, &str)) {
    let bytes = text.as_bytes();
    let mut last = 0;
    // Where the next URL may start (after the last link or skipped run).
    let mut i = 0;
    // Every URL has a `:` (`http://`) or `.` (`www.`) a few bytes in: a
    // word-at-a-time search for those two bytes finds the candidates, so
    // ordinary text costs about one operation per byte. The prefixes cannot
    // overlap, so candidates come in order.
    let mut scan = 0;
    while let Some(m) = find_byte2(bytes, scan, b':', b'.') {
        scan = m + 1;
        let Some(start) = url_start(bytes, m) else { continue };
        if start < i || !at_word_start(text, start) {
            continue;
        }
        match match_url(text, start) {
            UrlMatch::Link { end, url } => {
                plain(out, &text[last..start]);
                out.push(Inline::Link {
                    url,
                    content: vec![Inline::Text(text[start..end].to_owned())],
                });
                last = end;
                i = end;
                scan = end;
            }
            // A URL-like run that is not a link stays text; skipping it
            // whole keeps the scan linear.
            UrlMatch::Text { end } => {
                i = end;
                scan = end;
            }
            UrlMatch::None => {}
        }
    }
    plain(out, &text[last..]);
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` that is zero, exactly (no carries).
#[inline(always)]
#[cfg(any(feature = "bbcode", test))]
fn zero_bytes(x: u64) -> u64 {
    !(((x & !HI).wrapping_add(!HI)) | x) & HI
}

/// Where `http://`, `https://` or `www.` (any case) starts, given the `:` or
/// `.` at `m` that ends its scheme or `www`.
fn url_start(b: &[u8], m: usize) -> Option<usize> {
    if b[m] == b'.' {
        let s = m.checked_sub(3)?;
        return b[s..m].eq_ignore_ascii_case(b"www").then_some(s);
    }
    if b.get(m + 1..m + 3) != Some(b"//") {
        return None;
    }
    let s = m.checked_sub(4)?;
    if b[s..m].eq_ignore_ascii_case(b"http") {
        return Some(s);
    }
    let s = m.checked_sub(5)?;
    b[s..m].eq_ignore_ascii_case(b"https").then_some(s)
}

/// How many bytes of `b` are `x` or `y`.
#[cfg(any(feature = "bbcode", test))]
pub(crate) fn count_byte2(b: &[u8], x: u8, y: u8) -> usize {
    let (xs, ys) = (u64::from(x) * LO, u64::from(y) * LO);
    let mut n = 0;
    let mut rest = b;
    while let Some((w, tail)) = rest.split_first_chunk::<8>() {
        let v = u64::from_le_bytes(*w);
        n += (zero_bytes(v ^ xs) | zero_bytes(v ^ ys)).count_ones() as usize;
        rest = tail;
    }
    n + rest.iter().filter(|&&c| c == x || c == y).count()
}

/// The first `i >= from` holding byte `x` or `y`.
#[inline]
pub(crate) fn find_byte2(b: &[u8], mut i: usize, x: u8, y: u8) -> Option<usize> {
    let (xs, ys) = (u64::from(x) * LO, u64::from(y) * LO);
    // Flags bytes equal to `x` or `y`. The lowest flag is exact (a false one
    // can only sit above a true one), which is all a search needs.
    let flags = |w: &[u8; 8]| {
        let v = u64::from_le_bytes(*w);
        let (a, b) = (v ^ xs, v ^ ys);
        ((a.wrapping_sub(LO) & !a) | (b.wrapping_sub(LO) & !b)) & HI
    };
    while let Some((lo, hi)) = b.get(i..).and_then(<[u8]>::first_chunk::<16>).and_then(|w| w.split_first_chunk::<8>()) {
        let (lo, hi) = (flags(lo), hi.first_chunk::<8>().map_or(0, flags));
        if lo | hi != 0 {
            let k = if lo != 0 { lo.trailing_zeros() } else { 64 + hi.trailing_zeros() };
            return Some(i + (k / 8) as usize);
        }
        i += 16;
    }
    b.get(i..)?.iter().position(|&c| c == x || c == y).map(|k| i + k)
}

enum UrlMatch {
    None,
    Text { end: usize },
    Link { end: usize, url: crate::url::SafeUrl },
}

fn at_word_start(text: &str, i: usize) -> bool {
    if let Some(&p) = i.checked_sub(1).and_then(|k| text.as_bytes().get(k)) {
        if p.is_ascii() {
            return !(p.is_ascii_alphanumeric() || matches!(p, b'.' | b'-' | b'@' | b'/' | b':' | b'&' | b'%' | b'+' | b'#'));
        }
    }
    match text[..i].chars().next_back() {
        None => true,
        Some(p) => !(p.is_alphanumeric() || matches!(p, '.' | '-' | '@' | '/' | ':' | '&' | '%' | '+' | '#')),
    }
}

fn starts_with_ci(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn match_url(text: &str, start: usize) -> UrlMatch {
    let rest = &text[start..];
    let (prefix, www) = if starts_with_ci(rest.as_bytes(), b"https://") {
        (8, false)
    } else if starts_with_ci(rest.as_bytes(), b"http://") {
        (7, false)
    } else if starts_with_ci(rest.as_bytes(), b"www.") {
        (4, true)
    } else {
        return UrlMatch::None;
    };
    // Checked before scanning, so a run of "http://-http://-…" costs nothing.
    if !rest[prefix..].chars().next().is_some_and(char::is_alphanumeric) {
        return UrlMatch::None;
    }
    let mut end = rest.len();
    let mut prev = '\0';
    let mut brackets = 0usize;
    for (k, ch) in rest.char_indices() {
        if prev == '[' && ch == '/' {
            end = k - 1;
            break;
        }
        match ch {
            '[' => brackets += 1,
            ']' if brackets == 0 => {
                end = k;
                break;
            }
            ']' => brackets -= 1,
            _ => {}
        }
        if ch.is_whitespace() || ch.is_control() || matches!(ch, '<' | '>' | '"') {
            end = k;
            break;
        }
        prev = ch;
    }
    let scanned = end;
    let s = &rest[..end];
    let (mut open_paren, mut close_paren, mut open_sq, mut close_sq) = (0usize, 0usize, 0usize, 0usize);
    for b in s.bytes() {
        match b {
            b'(' => open_paren += 1,
            b')' => close_paren += 1,
            b'[' => open_sq += 1,
            b']' => close_sq += 1,
            _ => {}
        }
    }
    while end > prefix {
        match rest.as_bytes()[end - 1] {
            b'?' | b'!' | b'.' | b',' | b':' | b';' | b'*' | b'_' | b'~' | b'\'' | b'"' => end -= 1,
            b')' if close_paren > open_paren => {
                close_paren -= 1;
                end -= 1;
            }
            b']' if close_sq > open_sq => {
                close_sq -= 1;
                end -= 1;
            }
            _ => break,
        }
    }
    let found = &rest[..end];
    if !found[prefix..].chars().next().is_some_and(char::is_alphanumeric) {
        return UrlMatch::Text {
            end: start + scanned.max(prefix),
        };
    }
    let url = if www {
        sanitize(&crate::digits::concat(&["https://", found]))
    } else {
        sanitize(found)
    };
    match url {
        Some(url) => UrlMatch::Link { end: start + end, url },
        None => UrlMatch::Text {
            end: start + scanned.max(prefix),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(url: &str, text: &str) -> Inline {
        Inline::Link {
            url: sanitize(url).unwrap(),
            content: vec![Inline::Text(text.into())],
        }
    }

    fn linked(s: &str) -> Vec<Inline> {
        let mut out = Vec::new();
        autolink(s, &mut out);
        out
    }

    #[test]
    fn blank_lines_separate_paragraphs_and_newlines_break_lines() {
        let body = parse("a\r\nb\r\n \r\n\r\nc\rd\n\n");
        assert_eq!(
            body,
            vec![
                Block::Paragraph(vec![
                    Inline::Text("a".into()),
                    Inline::LineBreak,
                    Inline::Text("b".into())
                ]),
                Block::Paragraph(vec![
                    Inline::Text("c".into()),
                    Inline::LineBreak,
                    Inline::Text("d".into())
                ]),
            ]
        );
    }

    #[test]
    fn empty_and_blank_bodies_have_no_paragraphs() {
        assert!(parse("").is_empty());
        assert!(parse(" \n\t\n").is_empty());
    }

    #[test]
    fn bare_urls_become_links_without_trailing_punctuation() {
        assert_eq!(
            linked("See http://a.example/x. Or (https://b.example/y)!"),
            vec![
                Inline::Text("See ".into()),
                link("http://a.example/x", "http://a.example/x"),
                Inline::Text(". Or (".into()),
                link("https://b.example/y", "https://b.example/y"),
                Inline::Text(")!".into()),
            ]
        );
    }

    #[test]
    fn balanced_parentheses_stay_in_the_link() {
        assert_eq!(
            linked("https://en.wikipedia.org/wiki/Rust_(language), ok"),
            vec![
                link(
                    "https://en.wikipedia.org/wiki/Rust_(language)",
                    "https://en.wikipedia.org/wiki/Rust_(language)"
                ),
                Inline::Text(", ok".into()),
            ]
        );
    }

    #[test]
    fn www_links_to_https() {
        assert_eq!(
            linked("www.example.com?"),
            vec![
                link("https://www.example.com", "www.example.com"),
                Inline::Text("?".into())
            ]
        );
    }

    #[test]
    fn urls_inside_words_and_bare_schemes_are_text() {
        assert_eq!(
            linked("xhttp://a.example"),
            vec![Inline::Text("xhttp://a.example".into())]
        );
        assert_eq!(
            linked("http:// and www."),
            vec![Inline::Text("http:// and www.".into())]
        );
        assert_eq!(
            linked("javascript:alert(1)//http"),
            vec![Inline::Text("javascript:alert(1)//http".into())]
        );
    }

    #[test]
    fn url_stops_before_a_closing_tag_or_unopened_bracket() {
        assert_eq!(
            linked("http://a.example/[/b]"),
            vec![
                link("http://a.example/", "http://a.example/"),
                Inline::Text("[/b]".into())
            ]
        );
        assert_eq!(
            linked("[x=http://a.example]y"),
            vec![
                Inline::Text("[x=".into()),
                link("http://a.example", "http://a.example"),
                Inline::Text("]y".into())
            ]
        );
        assert_eq!(
            linked("http://a.example/?f[]=1"),
            vec![link("http://a.example/?f[]=1", "http://a.example/?f[]=1")]
        );
    }

    #[test]
    fn many_url_prefixes_are_linear() {
        let s = "http://-".repeat(100_000);
        assert_eq!(linked(&s), vec![Inline::Text(s.clone())]);
        let s = "http://a.example/)".repeat(20_000) + &")".repeat(100_000);
        assert!(!linked(&s).is_empty());
    }

    /// The autolinker as first written: tries a URL at every position.
    fn linked_at_every_position(text: &str) -> Vec<Inline> {
        let mut out = Vec::new();
        let (mut last, mut i) = (0, 0);
        while i < text.len() {
            if text.is_char_boundary(i) && at_word_start(text, i) {
                match match_url(text, i) {
                    UrlMatch::Link { end, url } => {
                        push_text(&mut out, &text[last..i]);
                        out.push(Inline::Link { url, content: vec![Inline::Text(text[i..end].to_owned())] });
                        (last, i) = (end, end);
                        continue;
                    }
                    UrlMatch::Text { end } => {
                        i = end;
                        continue;
                    }
                    UrlMatch::None => {}
                }
            }
            i += 1;
        }
        push_text(&mut out, &text[last..]);
        out
    }

    #[test]
    fn url_search_by_colon_and_dot_finds_what_a_full_scan_finds() {
        let pieces = [
            "http://", "https://", "HTTPS://", "hTtP://", "www.", "WwW.", "ww.", "wwww.", "http:", "https:/", ":", ".", "//",
            "a", "é", "x.example", "/p?q=(1)", ")", "]", "[", "[/", " ", "\n", "@", "-", "_", "日本",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut s = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for k in 0..(seed % 12) {
                s.push_str(pieces[((seed >> (k * 5)) % pieces.len() as u64) as usize]);
            }
            assert_eq!(linked(&s), linked_at_every_position(&s), "{s:?}");
        }
    }

    #[test]
    fn byte_search_agrees_with_a_plain_search() {
        let hay: Vec<u8> = (0..100u8).map(|i| if i % 23 == 7 { b':' } else if i % 31 == 3 { b'.' } else { b'a' + i % 26 }).collect();
        for from in 0..=hay.len() {
            for end in from..=hay.len() {
                let b = &hay[..end];
                let plain = b[from..].iter().position(|&c| c == b':' || c == b'.').map(|k| from + k);
                assert_eq!(find_byte2(b, from, b':', b'.'), plain);
            }
        }
        assert_eq!(find_byte2(b"", 3, b'x', b'y'), None);
        assert_eq!(count_byte2(&hay, b':', b'.'), hay.iter().filter(|&&c| c == b':' || c == b'.').count());
    }

    #[test]
    fn runs_borrow_adjacent_pieces_and_copy_the_rest() {
        let src = "one two\nthree";
        let mut run = Run::Empty;
        run.push(src, &src[0..3]);
        run.push(src, &src[3..7]);
        run.push_copy(src, "\n");
        assert!(matches!(run, Run::Borrowed("one two\n")));
        run.push(src, &src[0..3]);
        assert!(matches!(&run, Run::Owned(s) if s == "one two\none"));
        let mut other = Run::Empty;
        other.push_copy(src, "x");
        other.push_run(src, Run::Borrowed(&src[8..]));
        assert_eq!(other.as_str(), "xthree");
    }
}
