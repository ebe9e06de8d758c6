// How the widget builds its DOM, end to end in headless Chromium (node:test):
//
//   node --test tests/e2e/dom.mjs
//
// src/render/dom.rs parses the widget's own escaped HTML in a <template>
// where the page allows it (through a Trusted Types policy named
// `thread-widget` where Trusted Types exist) and builds node by node
// otherwise. On each kind of page the widget's DOM must equal the DOM a
// browser parses from renderToString's HTML of the same thread, node for
// node (text node boundaries included), and the path taken must be the
// expected one. An init script records, without changing anything, the
// policies created or refused, `createHTML` calls and what was assigned to a
// <template>'s innerHTML. Nothing here depends on timing. Needs pkg/ built
// (scripts/build.sh); TW_PKG=DIR tests another build of pkg/.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, repo, serve } from "./harness.mjs";

const WAIT = { timeout: 60_000 };
let site;
let browser;

before(async () => {
  const pkg = process.env.TW_PKG || join(repo, "pkg");
  if (!existsSync(join(pkg, "thread_widget_bg.wasm"))) throw new Error("pkg/ is not built: run scripts/build.sh first");
  site = await serve(["--test-routes", "--pkg", pkg]);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  site?.child.kill();
});

/** Runs in the page before its scripts: watches the Trusted Types API and <template> innerHTML. */
function watch(hide) {
  const seen = { policies: [], refused: [], createHTML: 0, sets: [] };
  Object.defineProperty(window, "__seen", { value: seen });
  if (hide) {
    // A browser without Trusted Types.
    Object.defineProperty(window, "trustedTypes", { value: undefined, configurable: true });
  } else {
    const create = TrustedTypePolicyFactory.prototype.createPolicy;
    TrustedTypePolicyFactory.prototype.createPolicy = function (name, rules) {
      try {
        const p = create.call(this, name, rules);
        seen.policies.push(name);
        return p;
      } catch (e) {
        seen.refused.push(name);
        throw e;
      }
    };
    const html = TrustedTypePolicy.prototype.createHTML;
    TrustedTypePolicy.prototype.createHTML = function (...args) {
      seen.createHTML++;
      return html.apply(this, args);
    };
  }
  const inner = Object.getOwnPropertyDescriptor(Element.prototype, "innerHTML");
  Object.defineProperty(Element.prototype, "innerHTML", {
    ...inner,
    set(v) {
      if (this instanceof HTMLTemplateElement) seen.sets.push(typeof v === "string" ? "string" : window.trustedTypes?.isHTML(v) ? "TrustedHTML" : typeof v);
      inner.set.call(this, v);
    },
  });
}

/**
 * Every node under `root`, one line each: elements with their attributes in
 * order, text and comments with their data. `dates`: false leaves out the
 * text of <time> elements (their datetime stays), the one thing in which the
 * widget (the browser's Intl) and renderToString (the catalog) differ.
 */
function dump(root, dates = true) {
  const out = [];
  const walk = (n, depth) => {
    for (const c of n.childNodes) {
      const pad = " ".repeat(depth);
      if (c.nodeType === 1) {
        out.push(`${pad}<${c.namespaceURI === "http://www.w3.org/1999/xhtml" ? "" : c.namespaceURI + " "}${c.localName}` +
          [...c.attributes].map((a) => ` ${a.name}=${JSON.stringify(a.value)}`).join("") + ">");
        walk(c.localName === "template" ? c.content : c, depth + 1);
      } else {
        out.push(`${pad}#${c.nodeType} ${!dates && c.parentNode.localName === "time" ? "(date)" : JSON.stringify(c.data)}`);
      }
    }
  };
  walk(root, 0);
  return out;
}

/**
 * Opens `/_csp/{name}.html` (tests/e2e/csp/, its CSP from headers.json), waits
 * for the widget, and returns what the init script saw, the CSP violations,
 * and the widget's DOM and renderToString's parsed HTML, both dumped.
 */
async function open(name, { hide = false } = {}) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.addInitScript(watch, hide);
    await page.goto(`${site.url}/_csp/${name}.html`);
    await page.waitForFunction(() => document.documentElement.dataset.done, null, WAIT);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.done), "ok");
    const r = await page.evaluate(() => ({ seen: window.__seen, violations: [...window.__violations], result: window.__result }));
    const exact = await page.evaluate(`(${dump})(document.getElementById("rendered"))`);
    const widget = await page.evaluate(`(${dump})(document.getElementById("rendered"), false)`);
    // renderToString's HTML parsed in a page without Trusted Types enforcement.
    const plain = await context.newPage();
    await plain.setContent("<!doctype html><title>plain</title>");
    const parsed = await plain.evaluate(`(${dump})((() => {
      const t = document.createElement("template");
      t.innerHTML = ${JSON.stringify(r.result.html)};
      // The renderers' markup hash (tests/e2e/adopt.mjs): the widget's own DOM has none.
      t.content.firstElementChild.removeAttribute("data-tw-hash");
      return t.content;
    })(), false)`);
    return { ...r, exact, widget, parsed, errors };
  } finally {
    await context.close();
  }
}

function assertSameDom({ widget, parsed, result }) {
  assert.equal(result.posts, 120);
  assert.ok(widget.filter((l) => /^\s*<article /.test(l)).length === 120, "120 posts in the DOM");
  const i = widget.findIndex((l, k) => l !== parsed[k]);
  assert.ok(i < 0 && widget.length === parsed.length,
    `the widget's DOM differs from renderToString's HTML parsed, at node ${i}: ${JSON.stringify(widget[i])} vs ${JSON.stringify(parsed[i])}`);
}

test("no Trusted Types in the browser: the HTML is parsed from a plain string, and the DOM equals renderToString's", async () => {
  const r = await open("dom", { hide: true });
  assertSameDom(r);
  assert.ok(r.seen.sets.length >= 2, "first screen and at least one slice parsed");
  assert.deepEqual([...new Set(r.seen.sets)], ["string"]);
  assert.deepEqual(r.violations, []);
  assert.deepEqual(r.errors, []);
});

test("Trusted Types not enforced: the page's policy `thread-widget` is made once, and the DOM equals renderToString's", async () => {
  const r = await open("dom");
  assertSameDom(r);
  assert.deepEqual(r.seen.policies, ["thread-widget"]);
  assert.deepEqual([...new Set(r.seen.sets)], ["TrustedHTML"]);
  assert.equal(r.seen.createHTML, r.seen.sets.length);
  assert.deepEqual(r.violations, []);
});

test("require-trusted-types-for 'script'; trusted-types thread-widget: the fast path, with zero violations", async () => {
  const r = await open("dom-tt");
  assertSameDom(r);
  assert.deepEqual(r.seen.policies, ["thread-widget"], "one policy, made once for the page");
  assert.deepEqual(r.seen.refused, []);
  assert.ok(r.seen.sets.length >= 2, "first screen and at least one slice parsed");
  assert.deepEqual([...new Set(r.seen.sets)], ["TrustedHTML"]);
  assert.equal(r.seen.createHTML, r.seen.sets.length);
  assert.deepEqual(r.violations, []);
  assert.deepEqual(r.errors, []);
});

test("trusted-types 'none': the policy is refused once, and the widget builds node by node, the same DOM", async () => {
  const r = await open("dom-tt-none");
  assertSameDom(r);
  // And, dates included, the very DOM of the page that allows the policy.
  const fast = await open("dom-tt");
  assert.ok(fast.seen.sets.length >= 2);
  assert.equal(r.exact.length, fast.exact.length);
  assert.deepEqual(r.exact, fast.exact);
  assert.deepEqual(r.seen.refused, ["thread-widget"], "asked once, not once a slice");
  assert.deepEqual(r.seen.policies, []);
  assert.deepEqual(r.seen.sets, [], "nothing parsed as HTML");
  // The refusal is the one violation such a page reports (documented in docs/security.md).
  assert.equal(r.violations.length, 1);
  assert.match(r.violations[0], /^trusted-types /);
  assert.deepEqual(r.errors, []);
});
