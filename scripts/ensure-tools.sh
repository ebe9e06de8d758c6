#!/usr/bin/env bash
# Installs what the build and the tests need and are missing, saying so.
# Idempotent: a second run does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*"; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must be the very version in Cargo.lock.
want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (found: ${have:-none}; takes 3 to 5 minutes)"
  cargo install wasm-bindgen-cli --version "$want"
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/esbuild ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (binaryen's wasm-opt, esbuild, playwright-core, axe-core)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--browser" ]; then
  # The browser tests run in three engines (make test-wasm): Chromium with
  # chromedriver, Firefox ESR with geckodriver, WebKitGTK with WebKitWebDriver
  # under a virtual X display (xvfb-run, which needs xauth).
  as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
  apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900)
  need=()        # installed as Debian recommends
  need_bare=()   # installed with --no-install-recommends
  command -v chromium >/dev/null || need+=(chromium)
  command -v chromedriver >/dev/null || need+=(chromium-driver)
  command -v firefox-esr >/dev/null || need_bare+=(firefox-esr)
  command -v WebKitWebDriver >/dev/null || need_bare+=(webkit2gtk-driver)
  command -v xvfb-run >/dev/null || need_bare+=(xvfb)
  command -v xauth >/dev/null || need_bare+=(xauth)
  # Hugo and Jekyll build examples/hugo and examples/jekyll in tests/e2e/static-sites.mjs
  # (hugo: 12 MB, under 10 s to install; jekyll with Ruby: about 25 s).
  command -v hugo >/dev/null || need_bare+=(hugo)
  command -v jekyll >/dev/null || need_bare+=(jekyll)
  if [ ${#need[@]} -gt 0 ] || [ ${#need_bare[@]} -gt 0 ]; then
    say "installing Debian's $(echo "${need[@]}" "${need_bare[@]}")"
    as_root "${apt[@]}" update -qq
    if [ ${#need[@]} -gt 0 ]; then
      as_root "${apt[@]}" install -y -qq "${need[@]}"
    fi
    if [ ${#need_bare[@]} -gt 0 ]; then
      as_root "${apt[@]}" install -y -qq --no-install-recommends "${need_bare[@]}"
    fi
  fi

  # geckodriver from crates.io (npm's package downloads it from GitHub).
  geckodriver_version=0.37.1
  if ! command -v geckodriver >/dev/null && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/geckodriver" ]; then
    say "installing geckodriver $geckodriver_version (cargo install; takes about 5 minutes)"
    cargo install geckodriver --locked --version "$geckodriver_version"
  fi
fi
