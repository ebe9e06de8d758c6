# thread-widget — every target installs what it lacks (scripts/ensure-tools.sh).
SHELL := /bin/bash
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export CHROMEDRIVER ?= /usr/bin/chromedriver
PORT ?= 8000

.PHONY: all build test test-native test-wasm test-e2e demo bench clean

all: build

## pkg/: the npm package (ES module, .wasm, loader, CSS, types)
build:
	scripts/build.sh

## every test: native (cargo), browser (wasm-bindgen-test) and end-to-end, in Chromium, Firefox ESR and WebKitGTK
test: test-native test-wasm test-e2e

test-native:
	scripts/ensure-tools.sh
	cargo test
	cargo test --lib --no-default-features

## tests/browser.rs in Chromium, Firefox ESR and WebKitGTK. wasm-bindgen-test-runner drives the first
## of GECKODRIVER, SAFARIDRIVER, CHROMEDRIVER that is set (a *_REMOTE first), so each run sets only its own.
test-wasm: BROWSER_TEST = cargo test --target wasm32-unknown-unknown --no-default-features --features markdown,html,bbcode --test browser
test-wasm: ONLY = env -u CHROMEDRIVER -u GECKODRIVER -u SAFARIDRIVER -u CHROMEDRIVER_REMOTE -u GECKODRIVER_REMOTE -u SAFARIDRIVER_REMOTE
test-wasm:
	scripts/ensure-tools.sh --browser
	time $(ONLY) CHROMEDRIVER="$(CHROMEDRIVER)" $(BROWSER_TEST)
	time $(ONLY) GECKODRIVER="$${GECKODRIVER:-$$(command -v geckodriver || echo "$${CARGO_HOME:-$$HOME/.cargo}/bin/geckodriver")}" $(BROWSER_TEST)
	time $(ONLY) SAFARIDRIVER="$$(command -v WebKitWebDriver)" xvfb-run -a $(BROWSER_TEST)

## tests/e2e/*.mjs: each test names its engines (tests/e2e/browsers.mjs); TW_ENGINES=chromium runs one
test-e2e: build
	scripts/ensure-tools.sh --browser
	node --test tests/e2e/run.mjs
	node --test tests/e2e/i18n.mjs
	node --test tests/e2e/look.mjs
	node --test tests/e2e/large.mjs
	node --test tests/e2e/sliced.mjs
	node --test tests/e2e/more.mjs
	node --test tests/e2e/dom.mjs
	node --test tests/e2e/html.mjs
	node --test tests/e2e/nested.mjs
	node --test tests/platforms-server.test.mjs
	node --test tests/e2e/live.mjs
	node --test tests/e2e/hostile.mjs

## build, then serve www/ (with pkg/) on http://127.0.0.1:8000 until Ctrl-C
demo: build
	node scripts/serve.mjs --port $(PORT)

## benchmarks: native Criterion, then the browser benchmark (both write docs/benchmarks.md)
bench:
	scripts/ensure-tools.sh
	scripts/bench-native.sh
	scripts/ensure-tools.sh --browser
	scripts/build.sh
	scripts/size-report.sh
	node scripts/bench-browser.mjs

clean:
	cargo clean
	rm -f pkg/thread_widget* pkg/thread-widget.js pkg/thread-widget.css
	rm -rf pkg/i18n
