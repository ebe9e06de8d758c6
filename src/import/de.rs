//! serde's `Deserializer` over [`crate::json::Value`]: the readers' derived
//! types read from the crate's own JSON tree, not through serde_json. The
//! tree is parsed by [`crate::json`] (which every build has for thread JSON),
//! so the live wasm carries no second JSON parser; and every value keeps
//! where it starts, so every error says its line and column, schema errors
//! too (`missing field `id` at line 1 column 2`).
//!
//! What it reads: everything serde's derive asks of JSON, but externally
//! tagged enums with data (`{"Variant": {…}}`; no reader has one: unit
//! variants from strings are read). Numbers: an integer that fits in an
//! `i64` is exact (as a `u64` when not negative, as serde_json gives it);
//! one past `i64` is read as a `u64` when it fits; any other number only by
//! `f32`/`f64` fields and `deserialize_any` (Reddit's times). Those parse
//! floats with core's `dec2flt`, ~15 KB gzip of wasm with its tables: no
//! type the live build reads has a float (src/widget/platform.rs reads
//! integers too). Repeated keys are given in order, as serde_json's
//! `from_str` does (a derived struct then says `duplicate field`). Nesting
//! is bounded by [`crate::json::MAX_NESTING`].
//!
//! Messages are serde_json's, with two differences that keep the wasm
//! small: a float is said as its source text (`floating point `2.5``),
//! never printed from an `f64`, and strings are quoted by
//! [`crate::error::quoted`] (the wasm has no `Debug`). serde's internally
//! tagged and untagged enums work but buffer the whole value (serde's
//! `Content`, about 20 KB gzip of wasm): src/import/bluesky.rs reads its
//! union as a plain struct instead.

use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Expected, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor};

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
        format!("{end}{msg} at line {l} column {c}")
    })
}

/// Reads a `T` from `v`, parsed from `text` (for the line and column in errors).
pub fn from_value<T: DeserializeOwned>(v: Value, text: &str) -> Result<T, String> {
    T::deserialize(v).map_err(|e| {
        if e.pos == NO_POS {
            return e.msg;
        }
        let (l, c) = line_column(text, e.pos);
        format!("{} at line {l} column {c}", e.msg)
    })
}

/// [`parse`] and [`from_value`] in one (both kinds of error alike).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    from_value(parse(text)?, text)
}

/// A reading error, and where the value it is about starts (a byte offset, or [`NO_POS`]).
#[derive(Debug)]
pub struct Error {
    msg: String,
    pos: usize,
}

impl Error {
    /// The error, placed at `pos` unless a value inside placed it already.
    fn at(mut self, pos: usize) -> Error {
        if self.pos == NO_POS {
            self.pos = pos;
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        Error { msg: msg.to_string(), pos: NO_POS }
    }

    fn invalid_type(unexp: Unexpected, exp: &dyn Expected) -> Error {
        Error::custom(format_args!("invalid type: {}, expected {exp}", Said(unexp)))
    }

    fn invalid_value(unexp: Unexpected, exp: &dyn Expected) -> Error {
        Error::custom(format_args!("invalid value: {}, expected {exp}", Said(unexp)))
    }
}

/// serde's `Unexpected` as serde_json says it (`null`), without printing a
/// float or using `Debug` (see the module doc).
struct Said<'a>(Unexpected<'a>);

impl fmt::Display for Said<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Unsigned(i) => write!(f, "integer `{i}`"),
            Unexpected::Signed(i) => write!(f, "integer `{i}`"),
            Unexpected::Float(_) => f.write_str("floating point number"),
            Unexpected::Char(c) => write!(f, "character `{c}`"),
            Unexpected::Str(s) => write!(f, "string {}", quoted(s)),
            Unexpected::Bytes(_) => f.write_str("byte array"),
            Unexpected::Unit => f.write_str("null"),
            Unexpected::Option => f.write_str("Option value"),
            Unexpected::NewtypeStruct => f.write_str("newtype struct"),
            Unexpected::Seq => f.write_str("sequence"),
            Unexpected::Map => f.write_str("map"),
            Unexpected::Enum => f.write_str("enum"),
            Unexpected::UnitVariant => f.write_str("unit variant"),
            Unexpected::NewtypeVariant => f.write_str("newtype variant"),
            Unexpected::TupleVariant => f.write_str("tuple variant"),
            Unexpected::StructVariant => f.write_str("struct variant"),
            Unexpected::Other(s) => f.write_str(s),
        }
    }
}

/// `value` is not what `exp` wants: the error, at the value (one body for
/// every type's mismatch; the number as its source text).
fn wrong(value: &Value, exp: &dyn Expected) -> Error {
    let float;
    let unexp = match &value.kind {
        Kind::Null => Unexpected::Unit,
        Kind::Bool(b) => Unexpected::Bool(*b),
        Kind::Int(i) if *i < 0 => Unexpected::Signed(*i),
        Kind::Int(i) => Unexpected::Unsigned(*i as u64),
        Kind::Float(s) => {
            float = format!("floating point `{s}`");
            Unexpected::Other(&float)
        }
        Kind::Str(s) => Unexpected::Str(s),
        Kind::Array(_) => Unexpected::Seq,
        Kind::Object(_) => Unexpected::Map,
    };
    <Error as de::Error>::invalid_type(unexp, exp).at(value.pos)
}

/// A number's text that is an integer past `i64` but fits in a `u64`.
fn big(s: &str) -> Option<u64> {
    s.bytes().all(|b| b.is_ascii_digit()).then(|| s.parse().ok()).flatten()
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let pos = self.pos;
        match self.kind {
            Kind::Null => v.visit_unit(),
            Kind::Bool(b) => v.visit_bool(b),
            Kind::Int(i) if i < 0 => v.visit_i64(i),
            Kind::Int(i) => v.visit_u64(i as u64),
            Kind::Float(s) => match big(&s) {
                Some(u) => v.visit_u64(u),
                None => v.visit_f64(s.parse().unwrap_or(f64::NAN)),
            },
            Kind::Str(s) => v.visit_string(s),
            Kind::Array(items) => seq(items, v),
            Kind::Object(members) => v.visit_map(Members { iter: members.into_iter(), value: None }),
        }
        .map_err(|e: Error| e.at(pos))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.kind {
            Kind::Bool(b) => v.visit_bool(b).map_err(|e: Error| e.at(self.pos)),
            _ => Err(wrong(&self, &v)),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let pos = self.pos;
        match self.kind {
            Kind::Int(i) if i < 0 => v.visit_i64(i),
            Kind::Int(i) => v.visit_u64(i as u64),
            Kind::Float(ref s) => match big(s) {
                Some(u) => v.visit_u64(u),
                None => return Err(wrong(&self, &v)),
            },
            _ => return Err(wrong(&self, &v)),
        }
        .map_err(|e: Error| e.at(pos))
    }

    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_u64(v)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_u64(v)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_u64(v)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_u64(v)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_u64(v)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_u64(v)
    }
    fn deserialize_i8<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_u64(v)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.kind {
            Kind::Int(_) | Kind::Float(_) => self.deserialize_any(v),
            _ => Err(wrong(&self, &v)),
        }
    }
    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_f64(v)
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.kind {
            Kind::Str(s) => v.visit_string(s).map_err(|e: Error| e.at(self.pos)),
            _ => Err(wrong(&self, &v)),
        }
    }
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_string(v)
    }
    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_string(v)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_string(v)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_any(v)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_any(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.kind {
            Kind::Null => v.visit_none().map_err(|e: Error| e.at(self.pos)),
            _ => v.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.kind {
            Kind::Null => v.visit_unit().map_err(|e: Error| e.at(self.pos)),
            _ => Err(wrong(&self, &v)),
        }
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, v: V) -> Result<V::Value, Error> {
        self.deserialize_unit(v)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, v: V) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.kind {
            Kind::Array(items) => seq(items, v).map_err(|e: Error| e.at(self.pos)),
            _ => Err(wrong(&self, &v)),
        }
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, Error> {
        self.deserialize_seq(v)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _name: &'static str, _len: usize, v: V) -> Result<V::Value, Error> {
        self.deserialize_seq(v)
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.kind {
            Kind::Object(members) => v.visit_map(Members { iter: members.into_iter(), value: None }).map_err(|e: Error| e.at(self.pos)),
            _ => Err(wrong(&self, &v)),
        }
    }
    fn deserialize_struct<V: Visitor<'de>>(self, _name: &'static str, _fields: &'static [&'static str], v: V) -> Result<V::Value, Error> {
        self.deserialize_map(v)
    }

    /// Unit variants, from strings (see the module doc).
    fn deserialize_enum<V: Visitor<'de>>(self, _name: &'static str, _variants: &'static [&'static str], v: V) -> Result<V::Value, Error> {
        match self.kind {
            Kind::Str(s) => v.visit_enum(s.into_deserializer()).map_err(|e: Error| e.at(self.pos)),
            _ => Err(wrong(&self, &v)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_unit()
    }
}

/// An array's elements to `v`; more than it takes is an error, as in serde_json.
fn seq<'de, V: Visitor<'de>>(items: Vec<Value>, v: V) -> Result<V::Value, Error> {
    let len = items.len();
    let mut rest = Elements(items.into_iter());
    let out = v.visit_seq(&mut rest)?;
    if rest.0.len() == 0 {
        Ok(out)
    } else {
        Err(de::Error::invalid_length(len, &"fewer elements in array"))
    }
}

struct Elements(std::vec::IntoIter<Value>);

impl<'de> SeqAccess<'de> for Elements {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|v| seed.deserialize(v)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Members {
    iter: std::vec::IntoIter<(String, Value)>,
    value: Option<Value>,
}

impl<'de> MapAccess<'de> for Members {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        match self.iter.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(k.into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        match self.value.take() {
            Some(v) => seed.deserialize(v),
            None => Err(de::Error::custom("a value asked for before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct S {
        a: u64,
        b: Option<String>,
        #[serde(default)]
        c: Vec<i64>,
        d: Option<f64>,
    }

    #[test]
    fn reads_what_the_derive_asks_for() {
        let s: S = from_str(r#"{"a": 18446744073709551615, "b": null, "c": [-1, 2], "d": 2.5, "e": {"x": [1]}}"#).unwrap();
        assert_eq!(s, S { a: u64::MAX, b: None, c: vec![-1, 2], d: Some(2.5) });
        let s: S = from_str(r#"{"a": 1, "b": "x", "d": 3}"#).unwrap();
        assert_eq!(s, S { a: 1, b: Some("x".into()), c: vec![], d: Some(3.0) });
        let t: (u8, String) = from_str(r#"[7, "y"]"#).unwrap();
        assert_eq!(t, (7, "y".into()));
    }

    #[test]
    fn errors_say_what_and_where() {
        let e = from_str::<S>("{\n  \"b\": \"x\"\n}").unwrap_err();
        assert_eq!(e, "missing field `a` at line 1 column 1");
        let e = from_str::<S>("{\"a\": 1,\n \"b\": 5}").unwrap_err();
        assert_eq!(e, "invalid type: integer `5`, expected a string at line 2 column 7");
        let e = from_str::<S>("{\"a\": 1.5}").unwrap_err();
        assert_eq!(e, "invalid type: floating point `1.5`, expected u64 at line 1 column 7");
        let e = from_str::<S>("{\"a\": -1}").unwrap_err();
        assert_eq!(e, "invalid value: integer `-1`, expected u64 at line 1 column 7");
        let e = from_str::<S>("{\"a\": \"1\\n\"}").unwrap_err();
        assert_eq!(e, "invalid type: string \"1\\n\", expected u64 at line 1 column 7");
        let e = from_str::<S>("{\"a\": 1, \"c\": [1, null]}").unwrap_err();
        assert_eq!(e, "invalid type: null, expected i64 at line 1 column 19");
        let e = from_str::<(u8, u8)>("[1, 2, 3]").unwrap_err();
        assert_eq!(e, "invalid length 3, expected fewer elements in array at line 1 column 1");
        let e = from_str::<S>("{\"a\": 1,").unwrap_err();
        assert_eq!(e, "unexpected end of input: expected a string key in double quotes at line 1 column 9");
        let e = from_str::<S>("{\"a\": 1 \"b\"}").unwrap_err();
        assert_eq!(e, "expected `,` or `}` after an object member at line 1 column 9");
        let e = from_str::<S>("{\"a\": \"x").unwrap_err();
        assert_eq!(e, "unexpected end of input: unterminated string at line 1 column 9");
        assert_eq!(from_str::<S>(" ").unwrap_err(), "the file is empty: expected a JSON object at line 1 column 2");
        let e = from_str::<S>(&"[".repeat(200)).unwrap_err();
        assert_eq!(e, "nested deeper than 128 levels at line 1 column 129");
    }
}
