//! The markup hash: `data-tw-hash` on the `section.tw-thread` that
//! `thread-widget render` and `renderToString` write, so that the browser
//! widget can tell whether prerendered markup is exactly what it would build
//! (then it adopts it: src/widget/adopt.rs).
//!
//! The value is `v1-` and 16 hex digits: the 64-bit FNV-1a hash
//! ([`fnv_words`]) of the markup as written without the attribute. The
//! markup is what every input that shapes it comes out as: the thread, the
//! options (language, layout, order, page, page size, quote depth, heading
//! level, images) and the renderer's version. So the hash changes when any of
//! them changes what a reader sees, and not when none does: a new release
//! that writes the same markup, or a thread file re-indented, still matches.
//! `v1` names this scheme; another would take another name, which no
//! widget of this one matches.

/// The attribute's name.
pub const ATTR: &str = "data-tw-hash";

/// The first 64-bit FNV-1a state of a text of `len` bytes (the length is
/// mixed in first, as [`fnv_words`]'s callers do).
pub fn fnv_start(len: usize) -> u64 {
    0xcbf2_9ce4_8422_2325 ^ len as u64
}

/// FNV-1a steps over `bytes` as 8-byte little-endian words (8 times fewer
/// multiplications than byte by byte: ~8 ms for 59 MB in the wasm), then
/// over its last bytes one by one.
pub fn fnv_words(mut h: u64, bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        h = (h ^ u64::from_le_bytes(b)).wrapping_mul(PRIME);
    }
    for &b in words.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(PRIME);
    }
    h
}

/// The attribute's value for markup written without it: `v1-` and 16 hex digits.
pub fn markup_hash(html: &str) -> String {
    let h = fnv_words(fnv_start(html.len()), html.as_bytes());
    let mut out = String::with_capacity(19);
    out.push_str("v1-");
    for i in (0..16).rev() {
        // No `format!`: the digits by hand.
        out.push(char::from(b"0123456789abcdef"[((h >> (i * 4)) & 0xf) as usize]));
    }
    out
}

/// Writes `data-tw-hash` into the first start tag of `html` (the widget's
/// `section.tw-thread`), hashing `html` as it is before.
pub fn stamp(html: &mut String) {
    let value = markup_hash(html);
    // After the tag name: `<section` then a space or `>`.
    let at = html.bytes().position(|b| b == b' ' || b == b'>').filter(|_| html.starts_with('<'));
    if let Some(at) = at {
        html.insert_str(at, &crate::digits::concat(&[" ", ATTR, "=\"", &value, "\""]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_is_v1_and_16_hex_digits_of_fnv1a() {
        // FNV-1a 64 of "" with the length (0) mixed in is its offset basis.
        assert_eq!(markup_hash(""), "v1-cbf29ce484222325");
        let v = markup_hash("<section class=\"tw-thread\"></section>");
        assert_eq!(v.len(), 19);
        assert!(v[3..].bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    }

    #[test]
    fn stamp_writes_the_hash_of_the_markup_before_it() {
        let mut html = String::from("<section class=\"tw-thread\"><p>x</p></section>");
        let want = markup_hash(&html);
        stamp(&mut html);
        assert_eq!(html, format!("<section data-tw-hash=\"{want}\" class=\"tw-thread\"><p>x</p></section>"));
    }
}
