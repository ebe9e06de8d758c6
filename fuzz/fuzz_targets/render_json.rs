#![no_main]
//! See `docs/fuzzing.md`. The body lives in `src/lib.rs` so that
//! `tests/fuzz_smoke.rs` runs the same code under `cargo test`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| thread_widget_fuzz::render_json(data));
