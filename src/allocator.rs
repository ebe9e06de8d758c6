//! The wasm builds' allocator: talc (single-threaded, memory grown on
//! demand) instead of std's dlmalloc, for fewer bytes and no slower a parse
//! (docs/benchmarks.md, "Issue 16: a core a third smaller").

#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
