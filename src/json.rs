//! A small JSON parser that remembers where every value starts.
//!
//! serde_json stops at the first error and forgets positions once a value is
//! built; the thread model wants every problem at once, each with its line and
//! column. This parser builds a [`Value`] tree with byte offsets; the model
//! validates it. It is iterative over nothing but the nesting, which is capped
//! at [`MAX_NESTING`], so hostile input cannot overflow the stack.

use crate::digits::{concat, int};
use crate::error::{line_column, Error, ErrorKind};

/// Deepest array/object nesting accepted.
pub const MAX_NESTING: usize = 128;

/// Offset used for values that did not come from text (e.g. a JS object).
pub const NO_POS: usize = usize::MAX;

/// A JSON value and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// The value.
    pub kind: Kind,
    /// Byte offset in the source text, or [`NO_POS`].
    pub pos: usize,
}

/// The kinds of JSON value. Integers that fit are kept exact.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number without fraction or exponent that fits in an `i64`.
    Int(i64),
    /// Any other number, as its source text (`2.5`, `1e300`): the widget never
    /// needs its value, and float parsing and printing cost ~20 KB of wasm.
    Float(String),
    /// A string.
    Str(String),
    /// An array.
    Array(Vec<Value>),
    /// An object; members in source order (a repeated key: the last one counts).
    Object(Vec<(String, Value)>),
}

impl Value {
    /// Looks up an object member (the last one with that key).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match &self.kind {
            Kind::Object(m) => m.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, when it is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The elements, when it is an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match &self.kind {
            Kind::Array(a) => Some(a),
            _ => None,
        }
    }

    /// How a value is described in an error: `the string "48,807"`.
    pub fn describe(&self) -> String {
        match &self.kind {
            Kind::Null => "null".into(),
            Kind::Bool(b) => concat(&["the boolean ", if *b { "true" } else { "false" }]),
            Kind::Int(i) => concat(&["the number ", &int(*i)]),
            Kind::Float(f) => concat(&["the number ", f]),
            Kind::Str(s) => {
                let mut short: String = s.chars().take(40).collect();
                if short.len() < s.len() {
                    short.push('…');
                }
                concat(&["the string ", &crate::error::quoted(&short)])
            }
            Kind::Array(_) => "an array".into(),
            Kind::Object(_) => "an object".into(),
        }
    }
}

/// Parses JSON text.
pub fn parse(text: &str) -> Result<Value, Error> {
    let mut p = Parser { s: text.as_bytes(), i: 0, text };
    // A UTF-8 byte order mark is tolerated.
    if text.starts_with('\u{feff}') {
        p.i = 3;
    }
    p.ws();
    if p.i >= p.s.len() {
        return Err(p.err(if text.trim().is_empty() { "the file is empty: expected a JSON object" } else { "expected a JSON value" }));
    }
    let v = p.value(0)?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err("unexpected text after the JSON value"));
    }
    Ok(v)
}

const EXPECTED_KEY: &str = "expected a string key in double quotes";
const EXPECTED_COLON: &str = "expected `:` after an object key";
const AFTER_MEMBER: &str = "expected `,` or `}` after an object member";
const AFTER_ELEMENT: &str = "expected `,` or `]` after an array element";
const END_OF_INPUT: &str = "unexpected end of input: expected a value";
const EXPECTED_VALUE: &str = "expected a value (object, array, string, number, true, false or null)";

/// Parses the JSON value that starts at byte `pos` of `text`, at nesting
/// `depth`: positions stay those of the whole text. For the elements a
/// [`ThreadScan`] found.
pub fn parse_at(text: &str, pos: usize, depth: usize) -> Result<Value, Error> {
    Parser { s: text.as_bytes(), i: pos, text }.value(depth)
}

/// Where one element of `posts` starts, and the members of it that the post
/// index needs before posts are parsed (the last of each, as [`Value::get`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PostSpan {
    /// Byte offset of the element.
    pub pos: usize,
    /// Its `id`, when it is an object with one (not kept when the element
    /// is: see [`PostSpan::id`]).
    pub id: Option<Value>,
    /// Its `number`.
    pub number: Option<Value>,
    /// Its `format`.
    pub format: Option<Value>,
    /// The element itself, when the scan keeps posts ([`ThreadScan::keep_posts`]).
    pub value: Option<Value>,
}

impl PostSpan {
    /// Its `id`: the one the scan kept, or the kept element's.
    pub fn id(&self) -> Option<&Value> {
        self.id.as_ref().or_else(|| self.value.as_ref()?.get("id"))
    }

    /// Its `number`, as [`PostSpan::id`].
    pub fn number(&self) -> Option<&Value> {
        self.number.as_ref().or_else(|| self.value.as_ref()?.get("number"))
    }

    /// Its `format`, as [`PostSpan::id`].
    pub fn format(&self) -> Option<&Value> {
        self.format.as_ref().or_else(|| self.value.as_ref()?.get("format"))
    }
}

/// Members of a thread's top-level object that are parsed in full by a
/// [`ThreadScan`]; any other member but `posts` is only checked and skipped.
const ROOT_KEYS: [&str; 11] = ["version", "title", "url", "forum", "format", "users", "page", "browsing", "permissions", "platform", "more"];

#[derive(Debug, Clone, Copy, PartialEq)]
enum ScanState {
    Start,
    Member,
    AfterMember,
    Post,
    Trailing,
    Done,
}

/// A resumable scan of a thread's text (a JSON object), for inputs too long
/// to parse in one task. It parses every top-level member but `posts`, and
/// for `posts` records where each element starts ([`PostSpan`]) while
/// skipping it, with the very checks and error messages of [`parse`]: the
/// first syntax error is the one `parse` reports. Posts are then parsed one
/// by one with [`parse_at`].
#[derive(Debug)]
pub struct ThreadScan {
    i: usize,
    state: ScanState,
    members: Vec<(String, Value)>,
    root_pos: usize,
    spans: Vec<PostSpan>,
    key: String,
    keep: bool,
}

impl ThreadScan {
    /// A scan of `text`, or `None` when its value is not an object (the
    /// one-shot [`parse`] then says what is wrong).
    pub fn new(text: &str) -> Option<ThreadScan> {
        let mut p = Parser { s: text.as_bytes(), i: 0, text };
        if text.starts_with('\u{feff}') {
            p.i = 3;
        }
        p.ws();
        (p.peek() == Some(b'{')).then_some(ThreadScan { i: p.i, state: ScanState::Start, members: Vec::new(), root_pos: p.i, spans: Vec::new(), key: String::new(), keep: false })
    }

    /// Parses every element of `posts` in full and keeps it in its
    /// [`PostSpan`], instead of skipping it and parsing it again with
    /// [`parse_at`]: for a scan run to its end in one go, which then reads
    /// the posts' text once (−15 % instructions), at the price of holding
    /// every post's [`Value`] at once.
    pub fn keep_posts(&mut self) {
        self.keep = true;
    }

    /// Bytes of the text scanned so far.
    pub fn offset(&self) -> usize {
        self.i
    }

    /// Scans on until the end or until `should_yield` says so (asked after
    /// every few posts); true when the whole text is scanned.
    pub fn step(&mut self, text: &str, should_yield: &mut dyn FnMut() -> bool) -> Result<bool, Error> {
        let mut p = Parser { s: text.as_bytes(), i: self.i, text };
        let r = self.run(&mut p, should_yield);
        self.i = p.i;
        r
    }

    fn run(&mut self, p: &mut Parser<'_>, should_yield: &mut dyn FnMut() -> bool) -> Result<bool, Error> {
        let mut count = 0u32;
        loop {
            match self.state {
                ScanState::Start => {
                    p.nesting(0)?;
                    p.i += 1;
                    p.ws();
                    if p.peek() == Some(b'}') {
                        p.i += 1;
                        self.state = ScanState::Trailing;
                    } else {
                        self.state = ScanState::Member;
                    }
                }
                ScanState::Member => {
                    p.ws();
                    if p.peek() != Some(b'"') {
                        return Err(p.err(EXPECTED_KEY));
                    }
                    let key = p.string()?;
                    p.ws();
                    if p.peek() != Some(b':') {
                        return Err(p.err(EXPECTED_COLON));
                    }
                    p.i += 1;
                    p.ws();
                    self.state = ScanState::AfterMember;
                    if key == "posts" {
                        // A repeated `posts`: the last one counts, as in `get`.
                        self.spans.clear();
                        if p.peek() == Some(b'[') {
                            p.nesting(1)?;
                            self.members.push((key, Value { kind: Kind::Array(Vec::new()), pos: p.i }));
                            p.i += 1;
                            p.ws();
                            if p.peek() == Some(b']') {
                                p.i += 1;
                            } else {
                                self.state = ScanState::Post;
                            }
                        } else {
                            let v = p.value(1)?;
                            self.members.push((key, v));
                        }
                    } else if ROOT_KEYS.contains(&key.as_str()) {
                        let v = p.value(1)?;
                        self.members.push((key, v));
                    } else {
                        p.skip(1)?;
                    }
                }
                ScanState::AfterMember => {
                    p.ws();
                    match p.peek() {
                        Some(b',') => {
                            p.i += 1;
                            self.state = ScanState::Member;
                        }
                        Some(b'}') => {
                            p.i += 1;
                            self.state = ScanState::Trailing;
                        }
                        _ => return Err(p.err(AFTER_MEMBER)),
                    }
                }
                ScanState::Post => {
                    p.ws();
                    self.post(p)?;
                    p.ws();
                    match p.peek() {
                        Some(b',') => p.i += 1,
                        Some(b']') => {
                            p.i += 1;
                            self.state = ScanState::AfterMember;
                        }
                        _ => return Err(p.err(AFTER_ELEMENT)),
                    }
                    count += 1;
                    if count % 16 == 0 && should_yield() {
                        return Ok(false);
                    }
                }
                ScanState::Trailing => {
                    p.ws();
                    if p.i < p.s.len() {
                        return Err(p.err("unexpected text after the JSON value"));
                    }
                    self.state = ScanState::Done;
                }
                ScanState::Done => return Ok(true),
            }
        }
    }

    /// Skips one element of `posts` (nesting 2), keeping its position and,
    /// when it is an object, its `id`, `number` and `format`; or parses and
    /// keeps the whole element ([`ThreadScan::keep_posts`]).
    fn post(&mut self, p: &mut Parser<'_>) -> Result<(), Error> {
        let mut span = PostSpan { pos: p.i, id: None, number: None, format: None, value: None };
        if self.keep {
            span.value = Some(p.value(2)?);
            self.spans.push(span);
            return Ok(());
        }
        if p.peek() != Some(b'{') {
            p.skip(2)?;
            self.spans.push(span);
            return Ok(());
        }
        p.nesting(2)?;
        p.i += 1;
        p.ws();
        if p.peek() == Some(b'}') {
            p.i += 1;
            self.spans.push(span);
            return Ok(());
        }
        loop {
            p.ws();
            if p.peek() != Some(b'"') {
                return Err(p.err(EXPECTED_KEY));
            }
            self.key.clear();
            p.string_into(Some(&mut self.key))?;
            p.ws();
            if p.peek() != Some(b':') {
                return Err(p.err(EXPECTED_COLON));
            }
            p.i += 1;
            p.ws();
            match self.key.as_str() {
                "id" => span.id = Some(p.value(3)?),
                "number" => span.number = Some(p.value(3)?),
                "format" => span.format = Some(p.value(3)?),
                _ => p.skip(3)?,
            }
            p.ws();
            match p.peek() {
                Some(b',') => p.i += 1,
                Some(b'}') => {
                    p.i += 1;
                    self.spans.push(span);
                    return Ok(());
                }
                _ => return Err(p.err(AFTER_MEMBER)),
            }
        }
    }

    /// The scan's result: the top-level object without the posts (its
    /// `posts` member, when an array, is an empty array at the array's
    /// position) and where each post starts. Call once `step` returned true.
    pub fn finish(self) -> (Value, Vec<PostSpan>) {
        (Value { kind: Kind::Object(self.members), pos: self.root_pos }, self.spans)
    }
}

/// True when no byte of `w` is `"`, `\\` or below 0x20: the bytes a string
/// scan stops at (SWAR: "has a zero byte" and "has a byte below n" tests on
/// eight bytes at once; bytes of 0x80 and above never match).
fn plain_word(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let quote = w ^ (ONES * u64::from(b'"'));
    let backslash = w ^ (ONES * u64::from(b'\\'));
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    (zero(quote) | zero(backslash) | control) == 0
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    text: &'a str,
}

impl Parser<'_> {
    fn err(&self, msg: &str) -> Error {
        let (line, column) = line_column(self.text, self.i);
        Error { kind: ErrorKind::Syntax, path: String::new(), message: concat(&["invalid JSON: ", msg]), line: Some(line), column: Some(column) }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn value(&mut self, depth: usize) -> Result<Value, Error> {
        let pos = self.i;
        Ok(Value { kind: self.walk(depth, true)?, pos })
    }

    /// Moves past a value, checking it as [`Parser::value`] does (the same
    /// errors at the same places), without building it.
    fn skip(&mut self, depth: usize) -> Result<(), Error> {
        self.walk(depth, false).map(drop)
    }

    /// Reads a value, and builds it when `build` (else [`Kind::Null`]): one
    /// body for [`Parser::value`] and [`Parser::skip`], so that they check the
    /// same and the wasm carries it once.
    fn walk(&mut self, depth: usize, build: bool) -> Result<Kind, Error> {
        Ok(match self.peek() {
            Some(b'{') => {
                self.nesting(depth)?;
                self.i += 1;
                let mut members = Vec::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        if self.peek() != Some(b'"') {
                            return Err(self.err(EXPECTED_KEY));
                        }
                        let mut key = String::new();
                        self.string_into(build.then_some(&mut key))?;
                        self.ws();
                        if self.peek() != Some(b':') {
                            return Err(self.err(EXPECTED_COLON));
                        }
                        self.i += 1;
                        self.ws();
                        let pos = self.i;
                        let kind = self.walk(depth + 1, build)?;
                        if build {
                            members.push((key, Value { kind, pos }));
                        }
                        self.ws();
                        match self.peek() {
                            Some(b',') => self.i += 1,
                            Some(b'}') => {
                                self.i += 1;
                                break;
                            }
                            _ => return Err(self.err(AFTER_MEMBER)),
                        }
                    }
                }
                Kind::Object(members)
            }
            Some(b'[') => {
                self.nesting(depth)?;
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        let pos = self.i;
                        let kind = self.walk(depth + 1, build)?;
                        if build {
                            items.push(Value { kind, pos });
                        }
                        self.ws();
                        match self.peek() {
                            Some(b',') => self.i += 1,
                            Some(b']') => {
                                self.i += 1;
                                break;
                            }
                            _ => return Err(self.err(AFTER_ELEMENT)),
                        }
                    }
                }
                Kind::Array(items)
            }
            Some(b'"') => {
                let mut out = String::new();
                self.string_into(build.then_some(&mut out))?;
                Kind::Str(out)
            }
            Some(b't') => self.word("true", Kind::Bool(true))?,
            Some(b'f') => self.word("false", Kind::Bool(false))?,
            Some(b'n') => self.word("null", Kind::Null)?,
            Some(b'-' | b'0'..=b'9') if build => self.number()?,
            Some(b'-' | b'0'..=b'9') => {
                self.number_end()?;
                Kind::Null
            }
            None => return Err(self.err(END_OF_INPUT)),
            Some(_) => return Err(self.err(EXPECTED_VALUE)),
        })
    }

    fn word(&mut self, w: &str, k: Kind) -> Result<Kind, Error> {
        if self.s[self.i..].starts_with(w.as_bytes()) {
            self.i += w.len();
            Ok(k)
        } else {
            Err(self.err(EXPECTED_VALUE))
        }
    }

    fn number(&mut self) -> Result<Kind, Error> {
        let start = self.i;
        let int = self.number_end()?;
        let t = &self.text[start..self.i];
        if int {
            if let Ok(v) = t.parse::<i64>() {
                return Ok(Kind::Int(v));
            }
        }
        Ok(Kind::Float(t.to_owned()))
    }

    /// Moves past a number; true when it has no fraction and no exponent.
    fn number_end(&mut self) -> Result<bool, Error> {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                while let Some(b'0'..=b'9') = self.peek() {
                    self.i += 1;
                }
            }
            _ => return Err(self.err("invalid number")),
        }
        let mut int = true;
        if self.peek() == Some(b'.') {
            int = false;
            self.i += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err("invalid number: expected a digit after `.`"));
            }
            while let Some(b'0'..=b'9') = self.peek() {
                self.i += 1;
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            int = false;
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err("invalid number: expected a digit in the exponent"));
            }
            while let Some(b'0'..=b'9') = self.peek() {
                self.i += 1;
            }
        }
        Ok(int)
    }

    fn nesting(&self, depth: usize) -> Result<(), Error> {
        if depth >= MAX_NESTING {
            return Err(self.err(&concat(&["nested deeper than ", &int(MAX_NESTING as i64), " levels"])));
        }
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let h = self.s.get(self.i..self.i + 4).ok_or_else(|| self.err("incomplete \\u escape"))?;
        let mut v = 0u32;
        for &b in h {
            let d = (b as char).to_digit(16).ok_or_else(|| self.err("invalid \\u escape"))?;
            v = v * 16 + d;
        }
        self.i += 4;
        Ok(v)
    }

    fn string(&mut self) -> Result<String, Error> {
        let mut out = String::new();
        self.string_into(Some(&mut out))?;
        Ok(out)
    }

    /// Reads a string into `out`, or only checks it when `out` is `None` (a
    /// skip: the same checks and messages, nothing allocated).
    fn string_into(&mut self, mut out: Option<&mut String>) -> Result<(), Error> {
        self.i += 1; // opening quote
        loop {
            let start = self.i;
            // Eight bytes at a time while none is `"`, `\\` or a control character.
            while let Some(w) = self.s.get(self.i..self.i + 8) {
                let mut b = [0u8; 8];
                b.copy_from_slice(w);
                if plain_word(u64::from_le_bytes(b)) {
                    self.i += 8;
                } else {
                    break;
                }
            }
            while let Some(&b) = self.s.get(self.i) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            if let Some(out) = out.as_deref_mut() {
                out.push_str(&self.text[start..self.i]);
            }
            match self.peek() {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = self.peek().ok_or_else(|| self.err("unterminated string"))?;
                    self.i += 1;
                    let ch = match c {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let cp = if (0xD800..0xDC00).contains(&hi) && self.s[self.i..].starts_with(b"\\u") {
                                let save = self.i;
                                self.i += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                } else {
                                    self.i = save;
                                    0xFFFD
                                }
                            } else {
                                hi
                            };
                            // Lone surrogates become U+FFFD, as browsers do.
                            char::from_u32(cp).unwrap_or('\u{FFFD}')
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.err("invalid escape in string"));
                        }
                    };
                    if let Some(out) = out.as_deref_mut() {
                        out.push(ch);
                    }
                }
                Some(_) => return Err(self.err("control character in string: escape it (\\n, \\t, \\u0000)")),
                None => return Err(self.err("unterminated string")),
            }
        }
    }
}

/// Writes `s` as a JSON string literal (the catalog files, `thread-widget import`).
pub fn string(out: &mut String, s: &str) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str(if (c as u32) < 0x10 { "\\u000" } else { "\\u001" });
                out.push(HEX[c as usize & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_values_with_positions() {
        let v = parse("{\"a\": [1, -2.5, \"x\\u00e9\\ud83d\\ude00\", true, null]}").unwrap();
        let a = v.get("a").unwrap();
        assert_eq!(a.pos, 6);
        match &a.kind {
            Kind::Array(items) => {
                assert_eq!(items[0].kind, Kind::Int(1));
                assert_eq!(items[1].kind, Kind::Float("-2.5".into()));
                assert_eq!(items[2].kind, Kind::Str("xé😀".into()));
                assert_eq!(items[3].kind, Kind::Bool(true));
                assert_eq!(items[4].kind, Kind::Null);
            }
            _ => panic!("not an array"),
        }
    }

    #[test]
    fn strings_stop_at_every_special_byte_wherever_it_falls() {
        for at in 0..20 {
            for special in ["\\\"", "\\n", "\\u00e9", "é", "😀"] {
                let inner = format!("{}{special}{}", "a".repeat(at), "b".repeat(20 - at));
                let v = parse(&format!("\"{inner}\"")).unwrap();
                let want: String = format!("{}{}{}", "a".repeat(at), match special { "\\\"" => "\"", "\\n" => "\n", "\\u00e9" => "é", s => s }, "b".repeat(20 - at));
                assert_eq!(v.kind, Kind::Str(want));
            }
            let raw = format!("\"{}\n{}\"", "a".repeat(at), "b".repeat(9));
            let e = parse(&raw).unwrap_err();
            assert_eq!((e.line, e.column), (Some(1), Some(at + 2)), "{raw:?}");
            assert!(e.message.contains("control character"));
            let byte = format!("\"{}\u{1f}x\"", "a".repeat(at));
            assert!(parse(&byte).is_err());
            let del = format!("\"{}\u{7f}\u{80}\"", "a".repeat(at));
            assert!(parse(&del).is_ok());
        }
        assert!(plain_word(u64::from_le_bytes(*b"abcdefgh")));
        for (i, b) in [b'"', b'\\', 0, 0x1f].into_iter().enumerate() {
            let mut w = *b"\xff\x80 ~abcd";
            w[i + 3] = b;
            assert!(!plain_word(u64::from_le_bytes(w)), "{w:?}");
        }
    }

    #[test]
    fn syntax_errors_say_where() {
        let e = parse("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
        assert_eq!((e.line, e.column), (Some(3), Some(7)));
        assert_eq!(e.to_string(), "invalid JSON: expected `:` after an object key at line 3 column 7");
    }

    #[test]
    fn empty_input_is_an_error() {
        assert!(parse("").unwrap_err().message.contains("empty"));
        assert!(parse("  \n").is_err());
    }

    #[test]
    fn deeply_nested_arrays_are_refused_not_overflowed() {
        let deep = "[".repeat(100_000);
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("nested deeper"), "{e}");
    }

    #[test]
    fn trailing_garbage_and_bad_literals() {
        assert!(parse("{} x").is_err());
        assert!(parse("tru").is_err());
        assert!(parse("01").is_err());
        assert!(parse("\"a\nb\"").is_err());
    }
}

