//! Errors: one [`Error`] type with a kind, the JSON path and, for input given
//! as text, the line and column.

use std::fmt;

use crate::digits::push_count;

/// What went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Occurs when the input is not valid JSON (or nests deeper than the parser allows).
    Syntax,
    /// Occurs when a value has the wrong JSON type (a string where an integer belongs).
    Type,
    /// Occurs when a required field is absent.
    Missing,
    /// Occurs when a value has the right type but is not allowed (a bad date, an unknown format, a negative count).
    Value,
    /// Occurs when two posts share an id.
    DuplicateId,
    /// Occurs when a post's `author` names a key that `users` does not have.
    UnknownAuthor,
    /// Occurs when `version` is higher than this widget reads.
    Version,
    /// Occurs when a file cannot be read or fetched.
    Io,
}

/// One problem, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What kind of problem.
    pub kind: ErrorKind,
    /// JSON path of the value, e.g. `posts[3].author.posts`; empty for the whole document.
    pub path: String,
    /// What is wrong, e.g. `expected an integer, found the string "48,807"`.
    pub message: String,
    /// 1-based line, when the input was text.
    pub line: Option<usize>,
    /// 1-based column (in characters), when the input was text.
    pub column: Option<usize>,
}

impl Error {
    /// A new error without a position.
    pub fn new(kind: ErrorKind, path: impl Into<String>, message: impl Into<String>) -> Error {
        Error { kind, path: path.into(), message: message.into(), line: None, column: None }
    }
}

impl Error {
    /// The error as one line, `PATH: message at line L column C`, as
    /// `Display` writes it (built without `core::fmt`: src/digits.rs).
    pub fn text(&self) -> String {
        let mut s = String::new();
        self.write_to(&mut s);
        s
    }

    fn write_to(&self, s: &mut String) {
        if !self.path.is_empty() {
            s.push_str(&self.path);
            s.push_str(": ");
        }
        s.push_str(&self.message);
        if let (Some(l), Some(c)) = (self.line, self.column) {
            s.push_str(" at line ");
            push_count(s, l as u64);
            s.push_str(" column ");
            push_count(s, c as u64);
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl std::error::Error for Error {}

/// Every problem found in one document, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors(pub Vec<Error>);

impl Errors {
    /// Every error, one a line ([`Error::text`]), as `Display` writes them.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            e.write_to(&mut s);
        }
        s
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl std::error::Error for Errors {}

impl From<Error> for Errors {
    fn from(e: Error) -> Errors {
        Errors(vec![e])
    }
}

/// `s` in double quotes, with `"`, `\\` and control characters escaped as
/// Rust's `{:?}` does: messages quote values without pulling `Debug` (and its
/// Unicode tables) into the wasm.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let n = c as usize;
                out.push_str("\\u{");
                if n >= 16 {
                    out.push(HEX[n >> 4] as char);
                }
                out.push(HEX[n & 15] as char);
                out.push('}');
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.bytes().rposition(|b| b == b'\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

impl Error {
    /// The error as `FILE:LINE:COL: PATH: message` (what `thread-widget check` prints).
    pub fn located(&self, file: &str) -> String {
        let mut s = String::from(file);
        if let (Some(l), Some(c)) = (self.line, self.column) {
            s.push(':');
            push_count(&mut s, l as u64);
            s.push(':');
            push_count(&mut s, c as u64);
        }
        s.push_str(": ");
        if !self.path.is_empty() {
            s.push_str(&self.path);
            s.push_str(": ");
        }
        s.push_str(&self.message);
        s
    }
}
