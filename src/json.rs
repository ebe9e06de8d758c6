//! A small JSON parser that remembers where every value starts.
//!
//! serde_json stops at the first error and forgets positions once a value is
//! built; the thread model wants every problem at once, each with its line and
//! column. This parser builds a [`Value`] tree with byte offsets; the model
//! validates it. It is iterative over nothing but the nesting, which is capped
//! at [`MAX_NESTING`], so hostile input cannot overflow the stack.

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

    /// How a value is described in an error: `the string "48,807"`.
    pub fn describe(&self) -> String {
        match &self.kind {
            Kind::Null => "null".into(),
            Kind::Bool(b) => format!("the boolean {b}"),
            Kind::Int(i) => format!("the number {i}"),
            Kind::Float(f) => format!("the number {f}"),
            Kind::Str(s) => {
                let mut short: String = s.chars().take(40).collect();
                if short.len() < s.len() {
                    short.push('…');
                }
                format!("the string {}", crate::error::quoted(&short))
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

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    text: &'a str,
}

impl Parser<'_> {
    fn err(&self, msg: &str) -> Error {
        let (line, column) = line_column(self.text, self.i);
        Error { kind: ErrorKind::Syntax, path: String::new(), message: format!("invalid JSON: {msg}"), line: Some(line), column: Some(column) }
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
        let kind = match self.peek() {
            Some(b'{') => {
                if depth >= MAX_NESTING {
                    return Err(self.err(&format!("nested deeper than {MAX_NESTING} levels")));
                }
                self.i += 1;
                let mut members = Vec::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        if self.peek() != Some(b'"') {
                            return Err(self.err("expected a string key in double quotes"));
                        }
                        let key = self.string()?;
                        self.ws();
                        if self.peek() != Some(b':') {
                            return Err(self.err("expected `:` after an object key"));
                        }
                        self.i += 1;
                        self.ws();
                        let v = self.value(depth + 1)?;
                        members.push((key, v));
                        self.ws();
                        match self.peek() {
                            Some(b',') => self.i += 1,
                            Some(b'}') => {
                                self.i += 1;
                                break;
                            }
                            _ => return Err(self.err("expected `,` or `}` after an object member")),
                        }
                    }
                }
                Kind::Object(members)
            }
            Some(b'[') => {
                if depth >= MAX_NESTING {
                    return Err(self.err(&format!("nested deeper than {MAX_NESTING} levels")));
                }
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        items.push(self.value(depth + 1)?);
                        self.ws();
                        match self.peek() {
                            Some(b',') => self.i += 1,
                            Some(b']') => {
                                self.i += 1;
                                break;
                            }
                            _ => return Err(self.err("expected `,` or `]` after an array element")),
                        }
                    }
                }
                Kind::Array(items)
            }
            Some(b'"') => Kind::Str(self.string()?),
            Some(b't') => self.word("true", Kind::Bool(true))?,
            Some(b'f') => self.word("false", Kind::Bool(false))?,
            Some(b'n') => self.word("null", Kind::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            None => return Err(self.err("unexpected end of input: expected a value")),
            Some(_) => return Err(self.err("expected a value (object, array, string, number, true, false or null)")),
        };
        Ok(Value { kind, pos })
    }

    fn word(&mut self, w: &str, k: Kind) -> Result<Kind, Error> {
        if self.s[self.i..].starts_with(w.as_bytes()) {
            self.i += w.len();
            Ok(k)
        } else {
            Err(self.err("expected a value (object, array, string, number, true, false or null)"))
        }
    }

    fn number(&mut self) -> Result<Kind, Error> {
        let start = self.i;
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
        let t = &self.text[start..self.i];
        if int {
            if let Ok(v) = t.parse::<i64>() {
                return Ok(Kind::Int(v));
            }
        }
        Ok(Kind::Float(t.to_owned()))
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
        self.i += 1; // opening quote
        let mut out = String::new();
        loop {
            let start = self.i;
            while let Some(&b) = self.s.get(self.i) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.push_str(&self.text[start..self.i]);
            match self.peek() {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = self.peek().ok_or_else(|| self.err("unterminated string"))?;
                    self.i += 1;
                    match c {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
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
                            out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.err("invalid escape in string"));
                        }
                    }
                }
                Some(_) => return Err(self.err("control character in string: escape it (\\n, \\t, \\u0000)")),
                None => return Err(self.err("unterminated string")),
            }
        }
    }
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
