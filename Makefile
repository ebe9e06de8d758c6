# thread-widget — every target installs what it lacks (scripts/ensure-tools.sh).
SHELL := /bin/bash
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export CHROMEDRIVER ?= /usr/bin/chromedriver
PORT ?= 8000

.PHONY: all build package test test-native test-wasm test-package test-e2e demo bench clean

all: build

## pkg/: the npm package (ES module, .wasm, loader, CSS, types)
build:
	scripts/build.sh

## dist/thread-widget-VERSION.tgz: npm pack of pkg/ (with its README and license files)
VERSION := $(shell sed -n 's/^  "version": "\(.*\)",$$/\1/p' pkg/package.json)
TARBALL := dist/thread-widget-$(VERSION).tgz
package: build
	mkdir -p dist
	rm -f $(TARBALL)
	npm pack ./pkg --pack-destination dist --silent
	@echo "==> $(TARBALL)"

## every test: native (cargo), browser (wasm-bindgen-test), the package in Node, and end-to-end, in Chromium, Firefox ESR and WebKitGTK
test: test-native test-wasm test-package test-e2e

test-native:
	scripts/ensure-tools.sh
	cargo test
	cargo test --lib --no-default-features

## tests/browser.rs in Chromium, Firefox ESR and WebKitGTK. wasm-bindgen-test-runner drives the first
## of GECKODRIVER, SAFARIDRIVER, CHROMEDRIVER that is set (a *_REMOTE first), so each run sets only its own.
test-wasm: BROWSER_TEST = cargo test --target wasm32-unknown-unknown --no-default-features --features markdown,html,bbcode,files,files-full --test browser
test-wasm: ONLY = env -u CHROMEDRIVER -u GECKODRIVER -u SAFARIDRIVER -u CHROMEDRIVER_REMOTE -u GECKODRIVER_REMOTE -u SAFARIDRIVER_REMOTE
test-wasm:
	scripts/ensure-tools.sh --browser
	time $(ONLY) CHROMEDRIVER="$(CHROMEDRIVER)" $(BROWSER_TEST)
	time $(ONLY) GECKODRIVER="$${GECKODRIVER:-$$(command -v geckodriver || echo "$${CARGO_HOME:-$$HOME/.cargo}/bin/geckodriver")}" $(BROWSER_TEST)
	time $(ONLY) SAFARIDRIVER="$$(command -v WebKitWebDriver)" xvfb-run -a $(BROWSER_TEST)

## the tarball installed into a fresh project: rendering in Node (tests/node-package.test.mjs); its exports
## map and its types under tsc's node16 and bundler resolution (tests/package-types.test.mjs); first the pages'
## sizes against their budgets and ceilings (scripts/size-report.sh; tests/size-report.test.mjs: that check can fail)
test-package: package
	SIZE_STRICT=1 scripts/size-report.sh
	node --test tests/size-report.test.mjs
	TW_TARBALL="$(CURDIR)/$(TARBALL)" node --test tests/node-package.test.mjs tests/package-types.test.mjs

## tests/e2e/*.mjs: each test names its engines (tests/e2e/browsers.mjs); TW_ENGINES=chromium runs one.
## The examples (Vite, Eleventy, Astro: npm; Hugo, Jekyll: unpacked) take the tarball: make package first
test-e2e: package
	scripts/ensure-tools.sh --browser
	node --test tests/e2e/run.mjs
	node --test tests/e2e/i18n.mjs
	node --test tests/e2e/look.mjs
	node --test tests/e2e/theme.mjs
	node --test tests/e2e/large.mjs
	node --test tests/e2e/sliced.mjs
	node --test tests/e2e/more.mjs
	node --test tests/e2e/dom.mjs
	node --test tests/e2e/html.mjs
	node --test tests/e2e/onebuild.mjs
	node --test tests/e2e/adopt.mjs
	node --test tests/e2e/nested.mjs
	node --test tests/platforms-server.test.mjs
	node --test tests/e2e/live.mjs
	node --test tests/e2e/hostile.mjs
	node --test tests/e2e/static-sites.mjs

## build, then serve www/ (with pkg/) on http://127.0.0.1:8000 and the platforms' stand-in (recorded answers, for www/live/) on the next port, until Ctrl-C
demo: build
	node scripts/serve.mjs --port $(PORT) --platforms

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
	rm -rf pkg/i18n dist
	rm -f pkg/README.md pkg/LICENSE-MIT pkg/LICENSE-APACHE
