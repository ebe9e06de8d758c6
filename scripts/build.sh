#!/usr/bin/env bash
# Builds pkg/: cargo (wasm32, release) → wasm-bindgen (web target) → wasm-opt -Oz
# from npm's binaryen (never Debian's: its 108 writes a .wasm Chromium rejects).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-tools.sh

WASM_OPT=node_modules/.bin/wasm-opt
say() { printf '==> %s\n' "$*"; }

say "cargo build (wasm32, release, with markdown)"
cargo build --lib --release --target wasm32-unknown-unknown --no-default-features --features markdown
say "wasm-bindgen --target web"
rm -f pkg/thread_widget*.js pkg/thread_widget*.wasm pkg/thread_widget*.d.ts
wasm-bindgen --target web --out-dir pkg --out-name thread_widget \
  "${CARGO_TARGET_DIR:-target}"/wasm32-unknown-unknown/release/thread_widget.wasm
say "wasm-opt -Oz ($("$WASM_OPT" --version))"
"$WASM_OPT" -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types \
  pkg/thread_widget_bg.wasm -o pkg/thread_widget_bg.wasm.opt
mv pkg/thread_widget_bg.wasm.opt pkg/thread_widget_bg.wasm
cp js/loader.js pkg/thread-widget.js
cp css/thread-widget.css pkg/thread-widget.css
cp js/thread-widget.d.ts pkg/index.d.ts 2>/dev/null || true
for f in pkg/thread_widget_bg.wasm pkg/thread_widget.js pkg/thread-widget.js pkg/thread-widget.css; do
  printf '    %-28s %7d B  %6d B gzip\n' "$(basename "$f")" "$(wc -c <"$f")" "$(gzip -9c "$f" | wc -c)"
done
say "pkg/ is ready"
