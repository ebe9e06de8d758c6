#![no_main]
//! See `docs/fuzzing.md`. The body lives in `src/html.rs` so that
//! `tests/html_fuzz_smoke.rs` runs the same code under `cargo test`.

#[path = "../src/html.rs"]
mod html;

libfuzzer_sys::fuzz_target!(|data: &[u8]| html::html(data));
