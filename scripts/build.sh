#!/usr/bin/env bash
# Builds pkg/: seven wasm builds of the crate, each cargo (wasm32, release) →
# wasm-bindgen (web target) → wasm-opt -Oz from npm's binaryen (never Debian's:
# its 108 writes a .wasm Chromium rejects):
#   thread_widget_plain.js + thread_widget_plain_bg.wasm  text and BBCode for a script tag's widget whose thread needs
#                                                       no more (no data-refresh, no nested layout, no page files,
#                                                       at most 256 KB; the entry hands it the file's text)
#   thread_widget_core.js + thread_widget_bg.wasm      text and BBCode, with all of that (what mount() and init() load)
#   thread_widget_md.js   + thread_widget_md_bg.wasm   the same with the Markdown and HTML readers (loaded when a
#                                                       thread has Markdown or HTML bodies; "md" is its old name)
#   thread_widget_markdown.js + thread_widget_markdown_bg.wasm, thread_widget_html.js + thread_widget_html_bg.wasm
#                                                       the core with one of the two (a page needing only that one)
#   thread_widget_live.js + thread_widget_live_bg.wasm  live threads: the HTML reader and the platforms' readers, no
#                                                       BBCode (loaded first when data-src is a post's public address)
#   thread_widget_mastodon.js + thread_widget_mastodon_bg.wasm  the same with Mastodon's reader only (loaded instead
#                                                       when every live widget of the page is a Mastodon post's)
# and the hand-written entry thread_widget.js (js/index.js) that picks one
# (with thread_widget_show.js, js/show.js: its part for script tags, which the
# loader imports alone and the entry imports too, with js/scheme.js, the
# page's own dark or light scheme, bundled into it; and
# thread_widget_live_entry.js, js/live.js: its part for live pages, imported only there),
# plus README.md (scripts/package-readme.mjs) and the license files for the
# npm package (`make package` packs pkg/ into dist/).
# The wasm builds have English only: the other catalogs are written from the
# Rust ones (the native CLI's `thread-widget catalogs DIR`) to pkg/i18n/{lang}.json,
# which the entry loads for widgets in those languages (docs/i18n.md).
# Every .js in pkg/, and the stylesheet, is minified by esbuild (pinned in package.json); the
# readable sources are js/ and wasm-bindgen's output. TW_MINIFY=0 skips it.
# See docs/benchmarks.md, "Bytes".
#
# TW_BUILD_STD=0 builds with the ordinary std (about 10 KB gzip larger).
# Cargo runs in ${CARGO_TARGET_DIR:-target}/pkg: the size flags would
# otherwise make every other build of the crate rebuild its dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-tools.sh

WASM_OPT=node_modules/.bin/wasm-opt
ESBUILD=node_modules/.bin/esbuild
T="${CARGO_TARGET_DIR:-target}/pkg"
say() { printf '==> %s\n' "$*"; }

# std rebuilt for size (rust-src; RUSTC_BOOTSTRAP lets a stable toolchain take
# -Z flags): panics abort with no message or location (nothing in src panics on
# data), and Debug formatting prints nothing (src never formats with it).
BUILD_STD=()
FLAGS=""
if [ "${TW_BUILD_STD:-1}" = 1 ]; then
  if ! rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
    say "adding the rust-src component (std is rebuilt for size)"
    rustup component add rust-src
  fi
  export RUSTC_BOOTSTRAP=1
  BUILD_STD=(-Z build-std=std,panic_abort)
  FLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
fi

rm -f pkg/thread_widget*.js pkg/thread_widget*.wasm pkg/thread_widget*.d.ts
rm -rf pkg/i18n pkg/entities.txt
variant() { # out-name, cargo feature arguments...
  local name=$1
  shift
  say "cargo build ($name${*:+ $*})"
  RUSTFLAGS="$FLAGS" cargo build "${BUILD_STD[@]}" --target-dir "$T" --lib --release \
    --target wasm32-unknown-unknown --no-default-features "$@"
  say "wasm-bindgen --target web ($name)"
  wasm-bindgen --target web --out-dir pkg --out-name "$name" "$T/wasm32-unknown-unknown/release/thread_widget.wasm"
  rm -f "pkg/${name}_bg.wasm.d.ts"
  # wasm-bindgen writes js/io.js (src/widget/io.rs) to pkg/snippets/: bundled
  # into the glue, so that a build is one .js as before. The glue would hand
  # the snippet's whole namespace to the wasm as an import module: named
  # imports of what this build's wasm imports from it instead, so that
  # esbuild leaves out the rest (the plain build's glue −341 B gzip:
  # IntersectionObserver, intervals…; docs/benchmarks.md, "The plain build"),
  # and no namespace object is built (esbuild's helper walked `for (… in …)`,
  # which also saw what a page added to Object.prototype: an enumerable
  # `src` broke every widget, hostile.mjs "a hostile host").
  node scripts/named-snippets.mjs "pkg/${name}.js" "pkg/${name}_bg.wasm"
  "$ESBUILD" "pkg/${name}.js" --bundle --format=esm --target=es2020 --log-level=warning --log-override:duplicate-object-key=silent --outfile="pkg/${name}.js" --allow-overwrite
  rm -rf pkg/snippets
  n=$(grep -c ' in all)' "pkg/${name}.js" || true)
  [ "$n" = 0 ] || { echo "build.sh: pkg/${name}.js walks a namespace with for…in (scripts/named-snippets.mjs did not apply)" >&2; exit 1; }
  # -Oz twice: the second round finds what the first made possible (−475 B
  # gzip on the core). --low-memory-unused: nothing lives below 1 KB (the
  # stack is first and grows down from 1 MiB; data starts there), so binaryen
  # may fold constant offsets into loads and stores (−540 B). Both together
  # −961 B; docs/benchmarks.md, "Issue 16". Not --traps-never-happen: an
  # allocation that fails (a huge thread) traps, and must stay a trap.
  # --one-caller-inline-max-function-size=20: binaryen inlines every function
  # that has one caller, whatever its size (the default, -1), into functions
  # of thousands of locals whose code compresses worse; only the small ones
  # now (the plain build −2.3 KB gzip, the core −3.3, Markdown −5.6, live
  # −8.2, for about 2 % more bytes before gzip; docs/benchmarks.md,
  # "Issue 16", Experiments). --strip-target-features: wasm-bindgen has read
  # that section already (−115 B).
  say "wasm-opt -Oz -Oz ($name, $("$WASM_OPT" --version))"
  "$WASM_OPT" -Oz -Oz --one-caller-inline-max-function-size=20 --low-memory-unused --strip-debug --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types \
    "pkg/${name}_bg.wasm" -o "pkg/${name}_bg.wasm.opt"
  mv "pkg/${name}_bg.wasm.opt" "pkg/${name}_bg.wasm"
  # Short names for the imports, the import modules and the exports only the
  # glue calls, in the .wasm, the glue and the .d.ts: wasm-bindgen's carry
  # 16 hex digits (imports) or a whole Rust type (closures' exports), written
  # in both files and incompressible (the plain build's wasm −3.3 KB gzip,
  # its glue −1.9 KB; docs/benchmarks.md, "Short names").
  node scripts/short-names.mjs "pkg/${name}.js" "pkg/${name}_bg.wasm" "pkg/${name}.d.ts"
}
variant thread_widget_core --features bbcode,files,files-full
# The core's .wasm keeps the name it always had (pages preload it, tests look for it).
mv pkg/thread_widget_core_bg.wasm pkg/thread_widget_bg.wasm
sed -i 's/thread_widget_core_bg\.wasm/thread_widget_bg.wasm/g' pkg/thread_widget_core.js
# A script tag's widget whose thread needs nothing more than text and BBCode
# (js/index.js, show and look): the core without feature files-full
# (cfg(plain), build.rs), 19 KB gzip smaller (docs/benchmarks.md, "The plain build").
variant thread_widget_plain --features bbcode,files
variant thread_widget_md --features markdown,html,bbcode,files,files-full
# A page whose threads need only one of the two readers loads the build with
# that one (docs/benchmarks.md, "Issue 16"): 24 and 66 KB gzip less than both.
variant thread_widget_markdown --features markdown,bbcode,files,files-full
variant thread_widget_html --features html,bbcode,files,files-full
# No BBCode in the live build (platforms never send it): docs/benchmarks.md, "The live build".
variant thread_widget_live --features live-all
# A Mastodon page loads only Mastodon's reader (docs/benchmarks.md, "The live build").
variant thread_widget_mastodon --features live-mastodon

# The show module (js/show.js: what the loader imports, and the entry too)
# with js/scheme.js in it (nearly every page follows its scheme: one request
# fewer, −287 B gzip); the entry, the builds' glues and the live part stay
# files of their own, imported when needed (docs/benchmarks.md, "The show module").
"$ESBUILD" js/show.js --bundle --format=esm --target=es2020 --log-level=warning '--external:./thread_widget*' --outfile=pkg/thread_widget_show.js
n=$(grep -c '^import .*scheme' pkg/thread_widget_show.js || true)
[ "$n" = 0 ] || { echo "build.sh: js/scheme.js was not bundled into pkg/thread_widget_show.js" >&2; exit 1; }
cp js/index.js pkg/thread_widget.js
cp js/live.js pkg/thread_widget_live_entry.js
cp js/index.d.ts pkg/thread_widget.d.ts
cp js/loader.js pkg/thread-widget.js
cp css/thread-widget.css pkg/thread-widget.css
# The whole table of named character references, which the live builds add when a body needs it.
node scripts/entities-file.mjs pkg/entities.txt
# The npm package's README (its install and usage sections, from README.md) and license files.
node scripts/package-readme.mjs
cp LICENSE-MIT LICENSE-APACHE pkg/

say "catalogs: pkg/i18n/*.json (native CLI, every catalog built in)"
cargo run --quiet --bin thread-widget -- catalogs pkg/i18n

if [ "${TW_MINIFY:-1}" = 1 ]; then
  say "esbuild --minify ($("$ESBUILD" --version))"
  # ES modules stay ES modules (import.meta.url and the `new URL(…, import.meta.url)`
  # of the .wasm files and catalogs stay as they are, for bundlers); the loader
  # stays a classic script. es2020: what the loader's import() needs anyway.
  for f in thread_widget.js thread_widget_show.js thread_widget_live_entry.js thread_widget_core.js thread_widget_plain.js thread_widget_md.js thread_widget_markdown.js thread_widget_html.js thread_widget_live.js thread_widget_mastodon.js; do
    "$ESBUILD" "pkg/$f" --minify --format=esm --target=es2020 --legal-comments=none --log-level=warning --log-override:duplicate-object-key=silent --outfile="pkg/$f" --allow-overwrite
  done
  # The entry's import("node:fs") (Node only, js/index.js nodeFs) gets back the
  # comments that tell Vite and webpack to leave it alone, which esbuild drops.
  n=$(grep -o 'import("node:fs")' pkg/thread_widget.js | wc -l)
  [ "$n" = 1 ] || { echo "build.sh: expected one import(\"node:fs\") in pkg/thread_widget.js, found $n" >&2; exit 1; }
  sed -i 's|import("node:fs")|import(/* webpackIgnore: true */ /* @vite-ignore */ "node:fs")|' pkg/thread_widget.js
  "$ESBUILD" pkg/thread-widget.js --minify --target=es2020 --legal-comments=none --log-level=warning --outfile=pkg/thread-widget.js --allow-overwrite
  # The stylesheet too (css/thread-widget.css stays the readable source):
  # comments and whitespace out, 5.9 → 3.8 KB gzip (docs/benchmarks.md, "Issue 16").
  "$ESBUILD" pkg/thread-widget.css --minify --legal-comments=none --log-level=warning --outfile=pkg/thread-widget.css --allow-overwrite
fi
scripts/size-report.sh
say "pkg/ is ready"
