//! The readers' typed view of [`crate::json`]'s tree: each platform type
//! says, field by field, what it takes from an object ([`Obj::req`],
//! [`Obj::opt`]), and [`FromJson`] reads the few kinds of value they hold
//! (strings, integers, booleans, arrays, options, and the types themselves).
//! The tree is parsed by [`crate::json`], which every build has for thread
//! JSON: the live wasm carries no second parser and no serde. (serde's
//! derive through a `Deserializer` over the same tree made 80 KB of wasm of
//! these types before wasm-opt, this 38 KB; the live wasm 214.9 → 197.4 KB
//! gzip: docs/benchmarks.md, "The live build".)
//!
//! Every value keeps where it starts, so every error says its line and
//! column, in serde_json's words: `missing field `id``, `invalid type:
//! string "many", expected u64`. A field that is not there is an error
//! with [`Obj::req`], its type's default with [`Obj::opt`] (`None` for an
//! `Option`, which also takes `null`). Members the types do not name are
//! not looked at; a repeated key: the last one counts. Nesting is bounded
//! by [`crate::json::MAX_NESTING`], and so is the recursion here.

use crate::digits::{concat, int, push_count};
use crate::error::{line_column, quoted};
use crate::json::{self, Kind, Value, NO_POS};

/// Parses JSON text: a syntax error says what and where (`expected `:`
/// after an object key at line 3 column 7`), and that the text ends there
/// when it does (a file cut short: `unexpected end of input: unterminated
/// string at line 1 column 5001`).
pub fn parse(text: &str) -> Result<Value, String> {
    json::parse(text).map_err(|e| {
        let msg = e.message.strip_prefix("invalid JSON: ").unwrap_or(&e.message);
        let (Some(l), Some(c)) = (e.line, e.column) else { return msg.to_owned() };
        let end = if !msg.starts_with("unexpected end") && !text.trim().is_empty() && line_column(text, text.len()) == (l, c) { "unexpected end of input: " } else { "" };
        at_line(concat(&[end, msg]), l, c)
    })
}

/// Reads a `T` from `v`, parsed from `text` (for the line and column in errors).
pub fn from_value<T: FromJson>(v: &Value, text: &str) -> Result<T, String> {
    T::from_json(v).map_err(|e| e.located(text))
}

/// [`parse`] and [`from_value`] in one (both kinds of error alike).
pub fn from_str<T: FromJson>(text: &str) -> Result<T, String> {
    from_value(&parse(text)?, text)
}

/// What is wrong, and where the value it is about starts (a byte offset).
#[derive(Debug)]
pub struct Error {
    msg: String,
    pos: usize,
}

impl Error {
    /// An error about the value at `pos`.
    pub fn new(msg: String, pos: usize) -> Error {
        Error { msg, pos }
    }

    /// The message with its line and column in `text`.
    pub fn located(self, text: &str) -> String {
        if self.pos == NO_POS {
            return self.msg;
        }
        let (l, c) = line_column(text, self.pos);
        at_line(self.msg, l, c)
    }
}

/// `msg at line {l} column {c}`.
fn at_line(mut msg: String, l: usize, c: usize) -> String {
    msg.push_str(" at line ");
    push_count(&mut msg, l as u64);
    msg.push_str(" column ");
    push_count(&mut msg, c as u64);
    msg
}

/// `input {n + 1}{what}{e}`: an importer's error about one of its inputs.
pub fn input_error(n: usize, what: &str, e: &str) -> String {
    let mut s = String::from("input ");
    push_count(&mut s, n as u64 + 1);
    s.push_str(what);
    s.push_str(e);
    s
}

/// A read that may fail.
pub type Read<T> = Result<T, Error>;

/// `v` is not what `expected` says (`a string`, `u64`, `struct Status`).
pub fn wrong(v: &Value, expected: &str) -> Error {
    invalid("type", v, expected)
}

/// `invalid {what}: {v}, expected {expected}`, at `v`.
fn invalid(what: &str, v: &Value, expected: &str) -> Error {
    let said = match &v.kind {
        Kind::Null => "null".to_owned(),
        Kind::Bool(b) => String::from(if *b { "boolean `true`" } else { "boolean `false`" }),
        Kind::Int(i) => concat(&["integer `", &int(*i), "`"]),
        Kind::Float(s) => concat(&["floating point `", s, "`"]),
        Kind::Str(s) => concat(&["string ", &quoted(s)]),
        Kind::Array(_) => "sequence".to_owned(),
        Kind::Object(_) => "map".to_owned(),
    };
    Error::new(concat(&["invalid ", what, ": ", &said, ", expected ", expected]), v.pos)
}

/// A type read from a JSON value.
pub trait FromJson: Sized {
    /// Reads it, or says what is wrong and where.
    fn from_json(v: &Value) -> Read<Self>;
}

impl FromJson for String {
    fn from_json(v: &Value) -> Read<String> {
        v.as_str().map(str::to_owned).ok_or_else(|| wrong(v, "a string"))
    }
}

impl FromJson for u64 {
    fn from_json(v: &Value) -> Read<u64> {
        match &v.kind {
            Kind::Int(i) => u64::try_from(*i).map_err(|_| invalid("value", v, "u64")),
            // Past i64: the text, when it is a whole number that fits.
            Kind::Float(s) if s.bytes().all(|b| b.is_ascii_digit()) => s.parse().map_err(|_| invalid("value", v, "u64")),
            _ => Err(wrong(v, "u64")),
        }
    }
}

impl FromJson for i64 {
    fn from_json(v: &Value) -> Read<i64> {
        match v.kind {
            Kind::Int(i) => Ok(i),
            Kind::Float(ref s) if s.bytes().all(|b| b.is_ascii_digit() || b == b'-') => Err(invalid("value", v, "i64")),
            _ => Err(wrong(v, "i64")),
        }
    }
}

/// Floats are parsed by core's `dec2flt` (~15 KB gzip of wasm with its
/// tables): only Reddit's times are floats, and the live build reads none.
impl FromJson for f64 {
    fn from_json(v: &Value) -> Read<f64> {
        match &v.kind {
            Kind::Int(i) => Ok(*i as f64),
            Kind::Float(s) => s.parse().map_err(|_| wrong(v, "f64")),
            _ => Err(wrong(v, "f64")),
        }
    }
}

impl FromJson for bool {
    fn from_json(v: &Value) -> Read<bool> {
        match v.kind {
            Kind::Bool(b) => Ok(b),
            _ => Err(wrong(v, "a boolean")),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &Value) -> Read<Option<T>> {
        match v.kind {
            Kind::Null => Ok(None),
            _ => T::from_json(v).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Value) -> Read<Vec<T>> {
        v.as_array().ok_or_else(|| wrong(v, "a sequence"))?.iter().map(T::from_json).collect()
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(v: &Value) -> Read<Box<T>> {
        T::from_json(v).map(Box::new)
    }
}

/// An object, read member by member.
pub struct Obj<'a>(&'a Value);

impl<'a> Obj<'a> {
    /// `v` as an object, or an error naming what it should be (`struct Status`).
    pub fn new(v: &'a Value, what: &str) -> Read<Obj<'a>> {
        match v.kind {
            Kind::Object(_) => Ok(Obj(v)),
            _ => Err(wrong(v, what)),
        }
    }

    /// The member `key`, if there.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.0.get(key)
    }

    /// The member `key`, which must be there.
    pub fn member(&self, key: &str) -> Read<&'a Value> {
        self.0.get(key).ok_or_else(|| Error::new(concat(&["missing field `", key, "`"]), self.0.pos))
    }

    /// The member `key` as a `T`; it must be there.
    pub fn req<T: FromJson>(&self, key: &str) -> Read<T> {
        T::from_json(self.member(key)?)
    }

    /// The member `key` as a `T`, or `T`'s default when it is not there.
    pub fn opt<T: FromJson + Default>(&self, key: &str) -> Read<T> {
        match self.0.get(key) {
            Some(v) => T::from_json(v),
            None => Ok(T::default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct S {
        a: u64,
        b: Option<String>,
        c: Vec<i64>,
        d: bool,
    }

    impl FromJson for S {
        fn from_json(v: &Value) -> Read<S> {
            let o = Obj::new(v, "struct S")?;
            Ok(S { a: o.req("a")?, b: o.opt("b")?, c: o.opt("c")?, d: o.opt("d")? })
        }
    }

    #[test]
    fn reads_fields_by_name() {
        let s: S = from_str(r#"{"a": 18446744073709551615, "b": null, "c": [-1, 2], "e": {"x": [1.5]}, "d": true}"#).unwrap();
        assert_eq!(s, S { a: u64::MAX, b: None, c: vec![-1, 2], d: true });
        let s: S = from_str(r#"{"a": 1, "b": "x"}"#).unwrap();
        assert_eq!(s, S { a: 1, b: Some("x".into()), c: vec![], d: false });
        let v: Vec<Option<S>> = from_str(r#"[null, {"a": 0}]"#).unwrap();
        assert_eq!(v.len(), 2);
    }

    #[test]
    fn errors_say_what_and_where() {
        assert_eq!(from_str::<S>("{\n  \"b\": \"x\"\n}").unwrap_err(), "missing field `a` at line 1 column 1");
        assert_eq!(from_str::<S>("{\"a\": 1,\n \"b\": 5}").unwrap_err(), "invalid type: integer `5`, expected a string at line 2 column 7");
        assert_eq!(from_str::<S>("{\"a\": 1.5}").unwrap_err(), "invalid type: floating point `1.5`, expected u64 at line 1 column 7");
        assert_eq!(from_str::<S>("{\"a\": -1}").unwrap_err(), "invalid value: integer `-1`, expected u64 at line 1 column 7");
        assert_eq!(from_str::<S>("{\"a\": \"1\\n\"}").unwrap_err(), "invalid type: string \"1\\n\", expected u64 at line 1 column 7");
        assert_eq!(from_str::<S>("{\"a\": 1, \"c\": [1, null]}").unwrap_err(), "invalid type: null, expected i64 at line 1 column 19");
        assert_eq!(from_str::<S>("{\"a\": 1, \"c\": {}}").unwrap_err(), "invalid type: map, expected a sequence at line 1 column 15");
        assert_eq!(from_str::<S>("[]").unwrap_err(), "invalid type: sequence, expected struct S at line 1 column 1");
        assert_eq!(from_str::<S>("{\"a\": 1, \"d\": null}").unwrap_err(), "invalid type: null, expected a boolean at line 1 column 15");
        assert_eq!(from_str::<S>("{\"a\": 1,").unwrap_err(), "unexpected end of input: expected a string key in double quotes at line 1 column 9");
        assert_eq!(from_str::<S>("{\"a\": 1 \"b\"}").unwrap_err(), "expected `,` or `}` after an object member at line 1 column 9");
        assert_eq!(from_str::<S>("{\"a\": \"x").unwrap_err(), "unexpected end of input: unterminated string at line 1 column 9");
        assert_eq!(from_str::<S>(" ").unwrap_err(), "the file is empty: expected a JSON object at line 1 column 2");
        assert_eq!(from_str::<S>(&"[".repeat(200)).unwrap_err(), "nested deeper than 128 levels at line 1 column 129");
    }
}
