//! Integers as decimal text, without `core::fmt`: `format!` and `write!`
//! pull the formatting machinery (`fmt::write`, `Formatter::pad_integral`,
//! one `Display` per integer type) into the wasm. Every text the core and
//! second builds make is built with `push_str` and these instead: the
//! messages and paths of `model`, `json`, `error` (`Error::text`), `config`
//! (`Warning::text`), `i18n` and `url`; the view's classes, anchors and
//! data attributes (`view`); the readers' links (`markup`); the markup hash
//! (`render::hash`); and the widget's messages (`widget`, `lib.rs`), so the
//! machinery is not in those builds (docs/benchmarks.md, "Issue 16: a core
//! a third smaller"). Code only the CLI or the tests compile may use `format!`.

/// Appends `n` in decimal, zero-padded to at least `width` characters (the
/// sign counts, as in `format!("{:0width$}")`).
pub fn push_padded(out: &mut String, n: i64, width: usize) {
    push_digits(out, n < 0, n.unsigned_abs(), width);
}

fn push_digits(out: &mut String, negative: bool, v: u64, width: usize) {
    let mut buf = [0u8; 20];
    let digits = decimal(v, &mut buf);
    if negative {
        out.push('-');
    }
    for _ in (digits.len() + usize::from(negative))..width {
        out.push('0');
    }
    push_ascii(out, digits);
}

/// Appends ASCII bytes (digits): a byte each, with no UTF-8 check of them
/// (`str::from_utf8` would bring core's validator into the wasm).
fn push_ascii(out: &mut String, digits: &[u8]) {
    for &d in digits {
        out.push(char::from(d));
    }
}

/// The decimal digits of `v` (ASCII), written at the end of `buf`.
fn decimal(mut v: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    &buf[at..]
}

/// Appends `n` in decimal.
pub fn push_int(out: &mut String, n: i64) {
    push_padded(out, n, 0);
}

/// Appends `n` (a count or an index) in decimal.
pub fn push_count(out: &mut String, n: u64) {
    push_digits(out, false, n, 0);
}

/// `n` in decimal.
pub fn int(n: i64) -> String {
    let mut buf = [0u8; 20];
    let digits = decimal(n.unsigned_abs(), &mut buf);
    let mut s = String::with_capacity(digits.len() + usize::from(n < 0));
    if n < 0 {
        s.push('-');
    }
    push_ascii(&mut s, digits);
    s
}

/// Appends `ms` milliseconds as seconds with up to three decimals and no
/// trailing zeros (`15`, `2.5`, `0.125`): no float printing in the wasm.
#[cfg_attr(any(not(target_arch = "wasm32"), plain), allow(dead_code))] // the widget's load time limit (none in the plain build)
pub fn push_seconds(out: &mut String, ms: u32) {
    push_count(out, u64::from(ms / 1000));
    let mut frac = ms % 1000;
    if frac != 0 {
        out.push('.');
        let mut width = 3;
        while frac % 10 == 0 {
            frac /= 10;
            width -= 1;
        }
        push_padded(out, i64::from(frac), width);
    }
}

/// `n` (a count or an index) in decimal.
pub fn count(n: u64) -> String {
    let mut s = String::new();
    push_count(&mut s, n);
    s
}

/// `parts` joined: a message from its pieces without `format!`.
pub fn concat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_format_writes_them() {
        for n in [0i64, 1, -1, 7, 9, 10, 42, -42, 99, 100, 12345, i64::MAX, i64::MIN, i64::MIN + 1] {
            assert_eq!(int(n), n.to_string());
            for w in 0..6 {
                let mut s = String::new();
                push_padded(&mut s, n, w);
                assert_eq!(s, format!("{n:0w$}"), "{n} width {w}");
            }
        }
        let mut s = String::new();
        push_count(&mut s, u64::MAX);
        assert_eq!(s, u64::MAX.to_string());
        assert_eq!(count(0), "0");
        for ms in [0u32, 1, 10, 100, 999, 1000, 1001, 1010, 1100, 2500, 15_000, 600_000, 123_456] {
            let secs = format!("{}.{:03}", ms / 1000, ms % 1000);
            let mut s = String::new();
            push_seconds(&mut s, ms);
            assert_eq!(s, secs.trim_end_matches('0').trim_end_matches('.'), "{ms}");
        }
        assert_eq!(count(1234), "1234");
        assert_eq!(concat(&["a", "", "bc"]), "abc");
    }
}
