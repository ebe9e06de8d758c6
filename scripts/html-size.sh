#!/usr/bin/env bash
# What the `html` feature adds to the wasm, the way scripts/build.sh builds it
# (std rebuilt for size, wasm-bindgen --target web, wasm-opt -Oz), written to
# a scratch directory: pkg/ is left alone. Prints raw and gzip -9 bytes of
# each .wasm. docs/benchmarks.md, "The html reader".
#
#   scripts/html-size.sh [CRATE_DIR] [OUT_DIR]
#
# CRATE_DIR (default: this repository) may be a copy with another reader
# behind the same feature (how the html5gum candidate was measured).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CRATE="$(cd "${1:-$ROOT}" && pwd)"
OUT="${2:-${TMPDIR:-/tmp}/tw-html-size}"
T="${CARGO_TARGET_DIR:-$OUT/target}"
WASM_OPT="$ROOT/node_modules/.bin/wasm-opt"
mkdir -p "$OUT"
export RUSTC_BOOTSTRAP=1
FLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
variant() { # name, cargo feature arguments...
  local name=$1
  shift
  (cd "$CRATE" && RUSTFLAGS="$FLAGS" cargo build -Z build-std=std,panic_abort --target-dir "$T" --lib --release \
    --target wasm32-unknown-unknown --no-default-features "$@" 2>&1 | tail -1)
  wasm-bindgen --target web --out-dir "$OUT" --out-name "$name" "$T/wasm32-unknown-unknown/release/thread_widget.wasm"
  "$WASM_OPT" -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types \
    "$OUT/${name}_bg.wasm" -o "$OUT/${name}.wasm"
  printf '%-14s %9d bytes  %8d gzip -9\n' "$name" "$(wc -c < "$OUT/$name.wasm")" "$(gzip -9 -c "$OUT/$name.wasm" | wc -c)"
}
variant core --features bbcode,files
variant core_html --features html,bbcode,files
variant md --features markdown,bbcode,files
variant md_html --features markdown,html,bbcode,files
