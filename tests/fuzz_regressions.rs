//! One named test per input that once crashed a fuzz target (or was found by
//! the same kind of review). The input is kept byte for byte in
//! `tests/regressions/<target>-<short-name>.txt` and run through the very
//! body the fuzz target runs (`fuzz/src/lib.rs`).

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod targets;

fn input(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/regressions/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("regression input {path} is missing: {e}"))
}

/// `SafeUrl::is_mailto` sliced the URL as a `str` at byte 7, which panics when
/// byte 7 falls inside a character: `[img]abcdefé.png[/img]` (BBCode images
/// refuse `mailto:`) brought down the renderer. Fixed in `src/url.rs`.
#[test]
fn bbcode_image_url_with_a_multibyte_character_at_byte_7() {
    targets::bbcode(&input("bbcode-img-multibyte-at-byte-7.txt"));
    targets::url(&input("bbcode-img-multibyte-at-byte-7.txt")[5..13]);
}
