#![no_main]
//! See `docs/fuzzing.md`. The body lives in `src/import.rs` so that
//! `tests/import_fuzz_smoke.rs` runs the same code under `cargo test`.

#[path = "../src/import.rs"]
mod import;

libfuzzer_sys::fuzz_target!(|data: &[u8]| import::import(data));
