//! Byte searches for the widget's few fixed ASCII needles (`"://"`, `"[/"`,
//! `"text/html"`, a class name) and its newline normalizing. `str::find` and
//! `str::contains` with a `&str` pattern, and `str::replace`, bring core's
//! Two-Way searcher (about 1.5 KB of wasm) for what a window scan does as
//! well on these short needles (docs/benchmarks.md, "Issue 16").

use std::borrow::Cow;

/// The byte offset of the first `needle` in `hay`, if any.
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Some(0);
    }
    h.windows(n.len()).position(|w| w == n)
}

/// Whether `hay` holds `needle` (the widget's: wasm only).
#[cfg(any(target_arch = "wasm32", test))]
pub fn contains(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

/// CR LF and lone CR become LF; with `nul`, NUL becomes U+FFFD too. Borrowed
/// when there is nothing to change.
pub fn newlines(s: &str, nul: bool) -> Cow<'_, str> {
    let b = s.as_bytes();
    if !b.iter().any(|&c| c == b'\r' || (nul && c == 0)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut from = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\r' || (nul && c == 0) {
            out.push_str(&s[from..i]);
            if c == 0 {
                out.push('\u{FFFD}');
            } else {
                out.push('\n');
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            from = i + 1;
        }
        i += 1;
    }
    out.push_str(&s[from..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_as_str_does() {
        for (hay, needle) in [("http://x", "://"), ("a[/b][/c", "[/"), ("", "x"), ("x", ""), ("text/htm", "text/html"), ("ééé://", "://"), ("tw-page-prev tw-x", "tw-page-prev")] {
            assert_eq!(find(hay, needle), hay.find(needle), "{hay:?} {needle:?}");
            assert_eq!(contains(hay, needle), hay.contains(needle));
        }
    }

    #[test]
    fn newlines_as_replace_does() {
        for s in ["", "a", "a\r\nb", "a\rb", "\r\r\n\n\r", "x\0y\r", "é\r\né", "\r"] {
            assert_eq!(newlines(s, false), s.replace("\r\n", "\n").replace('\r', "\n"), "{s:?}");
            assert_eq!(newlines(s, true), s.replace("\r\n", "\n").replace('\r', "\n").replace('\0', "\u{FFFD}"), "{s:?}");
        }
        assert!(matches!(newlines("plain\n", true), Cow::Borrowed(_)));
    }
}
