// End-to-end tests of the widget in headless Chromium, against pages served
// over HTTP on 127.0.0.1 by scripts/serve.mjs (started and stopped here).
//
//   PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 node tests/e2e/run.mjs
//
// Needs pkg/ built (scripts/build.sh), playwright-core from the root
// package.json, and Chromium (CHROMIUM=/path, default /usr/bin/chromium).
// The Vite test runs `npm install` in examples/vite (SKIP_VITE=1 skips it).
//
// Every wait is for a condition (generous timeouts), never a fixed sleep,
// except where a test must prove that something does NOT happen.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, repo, serve, stopServers } from "./harness.mjs";

const run = promisify(execFile);
const WAIT = { timeout: 20_000 };

let browser;
let site; // { url, stop }

before(async () => {
  if (!existsSync(join(repo, "pkg", "thread_widget_bg.wasm"))) {
    throw new Error("pkg/ is not built: run scripts/build.sh first");
  }
  site = await serve(["--test-routes"]);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS,
      // window.gc(): tests prove that a widget whose handle was dropped keeps working.
      "--js-flags=--expose-gc"],
  });
});

after(async () => {
  await browser?.close();
  await stopServers();
});

/** Requests the server has seen since entry `since`. */
async function requests(since = 0) {
  const r = await fetch(`${site.url}/_test/log?since=${since}`);
  return r.json();
}

async function hit(path) {
  const r = await fetch(site.url + path);
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  return r.json();
}

/**
 * Opens a page in a fresh context and records console messages, page errors
 * and every thread-widget event (window.__tw), then runs fn and closes.
 */
async function withPage(path, fn, { base = site.url, hash = "" } = {}) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  const info = { console: [], pageErrors: [] };
  page.on("console", (m) => info.console.push({ type: m.type(), text: m.text() }));
  page.on("pageerror", (e) => info.pageErrors.push(String(e)));
  await page.addInitScript(() => {
    window.__tw = [];
    for (const type of ["thread-widget:ready", "thread-widget:error"]) {
      document.addEventListener(type, (e) => {
        const t = e.target;
        window.__tw.push({ type: type.slice(14), id: (t && t.id) || "", detail: JSON.parse(JSON.stringify(e.detail ?? null)) });
      }, true);
    }
  });
  info.errors = () => info.console.filter((m) => m.type === "error");
  info.widgetErrors = () => info.console.filter((m) => m.type === "error" && m.text.startsWith("thread-widget:"));
  info.events = () => page.evaluate(() => window.__tw);
  try {
    await page.goto(base + path + hash);
    await fn(page, info);
  } finally {
    await context.close();
  }
}

/** Waits until `n` events of `type` ("ready" or "error") have fired. */
function events(page, type, n) {
  return page.waitForFunction(([type, n]) => window.__tw.filter((e) => e.type === type).length >= n, [type, n], WAIT);
}

/** Runs the garbage collector (and the finalizers it schedules). */
async function collectGarbage(page) {
  await page.evaluate(async () => {
    for (let i = 0; i < 3; i++) {
      window.gc();
      await new Promise((r) => setTimeout(r, 50));
    }
  });
}

const text = (page, sel) => page.locator(sel).first().textContent();
const count = (page, sel) => page.locator(sel).count();

// ---------------------------------------------------------------- the tests

test("index.html: one script tag renders the seed thread", async () => {
  const since = (await requests()).next;
  await withPage("/index.html", async (page, info) => {
    await events(page, "ready", 1);
    assert.equal(await count(page, "article.tw-post"), 5);
    assert.equal((await text(page, ".tw-results")).trim(), "Results 1 to 5 of 5");
    const ready = (await info.events()).filter((e) => e.type === "ready");
    assert.equal(ready.length, 1);
    assert.equal(ready[0].detail.posts, 5);
    // The widget stands right after its script tag.
    assert.equal(await page.evaluate(() => document.querySelector("script[data-src]").nextElementSibling.className.includes("thread-widget")), true);
    assert.equal(await page.locator("h1").count(), 1);
    assert.equal((await text(page, ".tw-title")).trim(), "Russia says to boost military ties with Myanmar as junta leader visits");

    // Author card of post 1.
    const card = page.locator("#post-1 .tw-author");
    assert.equal((await card.locator(".tw-author-name").textContent()).trim(), "misskit");
    assert.equal((await card.locator(".tw-user-title").textContent()).trim(), "Thailand Expat");
    assert.match(await card.locator(".tw-post-count").textContent(), /48,807/);
    assert.match(await card.locator(".tw-joined").textContent(), /Dec 2009/);
    assert.match(await card.locator(".tw-location").textContent(), /Chiang Mai/);
    assert.equal(await card.locator(".tw-last-online").count(), 0, "last_online null leaves the line out");
    assert.equal(await card.locator("img.tw-avatar").getAttribute("alt"), "misskit's avatar");
    assert.match(await page.locator("#post-3 .tw-last-online").textContent(), /2023/);

    // The quote in post 5.
    const quote = page.locator("#post-5 figure.tw-quote");
    assert.equal(await quote.count(), 1);
    assert.match(await quote.locator("figcaption").textContent(), /Originally posted by Grumpy John/);
    assert.match(await quote.locator("blockquote").textContent(), /A leopard cannot change it's spots/);
    const link = quote.locator("a.tw-quote-link");
    assert.equal((await link.textContent()).trim(), "View post");
    assert.match(await link.getAttribute("href"), /#post-4$/);
    assert.match(await page.locator("#post-5 .tw-reply-to").textContent(), /In reply to #4/);

    // Thread information.
    assert.equal(
      (await text(page, ".tw-browsing p")).trim(),
      "There is currently 1 user browsing this thread. (0 members and 1 guest)",
    );
    assert.equal(await count(page, ".tw-permissions li"), 4);
    assert.equal(await count(page, ".tw-permissions li.tw-perm-no"), 4);
    assert.match(await text(page, ".tw-permissions"), /You may not post new threads/);

    assert.deepEqual(info.errors(), [], "no console errors");
    assert.deepEqual(info.pageErrors, [], "no page errors");
  });
  // The loader found the module, the wasm and the CSS beside itself in /pkg/.
  const paths = (await requests(since)).paths;
  for (const p of ["/pkg/thread-widget.js", "/pkg/thread_widget.js", "/pkg/thread_widget_bg.wasm", "/pkg/thread-widget.css", "/threads/seed.json"]) {
    assert.ok(paths.includes(p), `${p} was requested: ${paths.join(" ")}`);
  }
});

test("index.html: zero axe-core violations", async () => {
  await withPage("/index.html", async (page) => {
    await events(page, "ready", 1);
    await page.addScriptTag({ path: join(repo, "node_modules", "axe-core", "axe.min.js") });
    const result = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target}`);
    });
    assert.deepEqual(result, []);
  });
});

test("errors.html: broken widgets fail alone, with the precise reason", async () => {
  await withPage("/errors.html", async (page, info) => {
    await events(page, "error", 6);
    await events(page, "ready", 1);
    const all = await info.events();
    const byId = Object.fromEntries(all.filter((e) => e.type === "error").map((e) => [e.id, e.detail.message]));
    assert.match(byId["err-404"], /threads\/missing\.json: HTTP 404/);
    assert.match(byId["err-invalid"], /line 5 column \d+/);
    assert.match(byId["err-invalid"], /invalid JSON/);
    assert.match(byId["err-schema"], /posts\[0\]\.author\.posts: expected an integer, found the string "48,807"/);
    assert.match(byId["err-posts"], /posts: expected an array/);
    assert.match(byId["err-user"], /posts\[1\]\.author/);
    assert.match(byId["err-version"], /version.*99/);
    for (const id of Object.keys(byId)) {
      assert.equal((await text(page, `#${id} .tw-error`)).trim(), "This discussion could not be loaded.", id);
      assert.equal(await page.locator(`#${id} .tw-error`).getAttribute("role"), "alert");
    }
    assert.equal(Object.keys(byId).length, 6);
    // One console error per broken widget, each with its reason.
    const logged = info.widgetErrors().map((m) => m.text);
    assert.equal(logged.length, 6, logged.join("\n"));
    for (const message of Object.values(byId)) {
      assert.equal(logged.filter((l) => l === `thread-widget: ${message}`).length, 1, message);
    }
    // The good one renders and the page's own script carries on.
    assert.equal(await count(page, "#good article.tw-post"), 5);
    assert.deepEqual(all.filter((e) => e.type === "ready").map((e) => e.id), ["good"]);
    await page.waitForFunction(() => Number(document.querySelector("#page-script").dataset.ticks) >= 2, null, WAIT);
    assert.equal(await count(page, "#event-log li"), 7);
    assert.deepEqual(info.pageErrors, []);
  });
});

test("failures: HTTP 500, an HTML page, a timeout, a missing #id, bad attributes", async () => {
  await withPage("/_e2e/failures.html", async (page, info) => {
    await events(page, "error", 4);
    await events(page, "ready", 1);
    const all = await info.events();
    const byId = Object.fromEntries(all.filter((e) => e.type === "error").map((e) => [e.id, e.detail.message]));
    assert.match(byId["status-500"], /HTTP 500/);
    assert.match(byId["html-page"], /HTML page/);
    assert.match(byId["hang"], /no answer within 1 seconds/);
    assert.match(byId["no-such-id"], /#nothing-here.*no element with that id/);
    for (const id of ["status-500", "html-page", "hang", "no-such-id"]) {
      assert.equal(await count(page, `#${id} .tw-error`), 1, id);
    }
    // Bad attribute values fall back to the defaults, each said once.
    assert.equal(await count(page, "#bad-attributes article.tw-post"), 5);
    assert.equal(await count(page, "#bad-attributes .tw-pager"), 0);
    assert.equal(await page.locator("#bad-attributes").getAttribute("data-tw-theme"), "auto");
    const warnings = info.console.filter((m) => m.type === "warning" && m.text.startsWith("thread-widget:")).map((m) => m.text);
    assert.equal(warnings.filter((w) => w.includes('data-page-size="lots"')).length, 1, warnings.join("\n"));
    assert.equal(warnings.filter((w) => w.includes('data-theme="purple"')).length, 1, warnings.join("\n"));
    assert.deepEqual(info.pageErrors, []);
  });
});

test("embed.html: every way and every attribute", async () => {
  await withPage("/embed.html", async (page, info) => {
    // Every eager widget: the script tag, 2 containers, inline, #id, 4 themes, lang, 2 pagers, order, quote depth, images, refresh.
    await events(page, "ready", 16);
    assert.deepEqual((await info.events()).filter((e) => e.type === "error"), []);
    assert.equal(await count(page, "#ex-inline article.tw-post"), 1);
    assert.match(await text(page, "#ex-inline .tw-body"), /This thread lives inside the page/);
    assert.equal(await count(page, "#ex-src-id strong"), 1, "markdown from #thread-data");
    for (const theme of ["light", "dark", "auto", "none"]) {
      assert.equal(await page.locator(`#ex-theme-${theme}`).getAttribute("data-tw-theme"), theme);
    }
    // data-order="newest": the last post comes first.
    assert.deepEqual(await page.locator("#ex-order article.tw-post").evaluateAll((a) => a.map((x) => x.id)), ["post-5", "post-4", "post-3", "post-2", "post-1"]);
    // data-quote-depth="1": the second level of quotes is folded.
    assert.equal(await count(page, "#ex-quote-depth #post-2 details.tw-quote-more"), 0);
    assert.equal(await count(page, "#ex-quote-depth #post-3 details.tw-quote-more"), 1);
    assert.equal(await count(page, "#ex-quote-depth #post-3 details.tw-quote-more > summary"), 1);
    assert.equal(await page.locator("#ex-quote-depth #post-3 details.tw-quote-more").evaluate((d) => d.open), false);
    // The default depth (3) folds only the fourth level.
    assert.equal(await count(page, "#ex-order #post-3 details.tw-quote-more"), 0);
    assert.equal(await count(page, "#ex-order #post-4 details.tw-quote-more"), 1);
    // data-images="link": no img in bodies, a link instead; the default shows it.
    assert.equal(await count(page, "#ex-images .tw-body img"), 0);
    const imgLink = page.locator("#ex-images #post-5 .tw-body a.tw-img-link");
    assert.match(await imgLink.getAttribute("href"), /threads\/avatars\/misskit\.svg$/);
    assert.equal(await count(page, "#ex-order #post-5 .tw-body img.tw-img"), 1);
    // data-page-size on a long thread; page files link onwards.
    assert.equal((await text(page, "#ex-page-size .tw-results")).trim(), "Results 1 to 20 of 60");
    assert.equal((await text(page, "#ex-pages .tw-results")).trim(), "Results 1 to 10 of 25");
    // The lazy one waits until scrolled near.
    assert.equal(await count(page, "#ex-lazy article"), 0);
    await page.locator("#ex-lazy").scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelectorAll("#ex-lazy article.tw-post").length === 10, null, WAIT);
    assert.deepEqual(info.errors(), []);
    assert.deepEqual(info.pageErrors, []);
  });
});

test("module.html: init, mount, render, renderToString and the handle", async () => {
  await withPage("/module.html", async (page, info) => {
    await page.waitForFunction(() => /ready|failed/.test(document.querySelector("#status").textContent), null, WAIT);
    assert.equal(await text(page, "#status"), "ready");
    assert.equal(await count(page, "#mounted article.tw-post"), 5);
    assert.equal(await count(page, "#rendered article.tw-post"), 2);
    assert.equal((await text(page, "#rendered .tw-results")).trim(), "Results 1 to 2 of 2");
    assert.match(await text(page, "#markup"), /^<section class="tw-thread"/);
    assert.match(await text(page, "#bad-error"), /^Error: .*posts\[0\]\.author\.posts: expected an integer, found the string "48,807"/);

    await page.click("#add-post");
    assert.equal((await text(page, "#rendered .tw-results")).trim(), "Results 1 to 2 of 3");
    assert.equal(await count(page, "#rendered .tw-pager"), 2);
    await page.click("#newest");
    assert.equal(await page.locator("#rendered article.tw-post").first().getAttribute("id"), "post-m3");
    await page.click("#oldest");
    assert.equal(await page.locator("#rendered article.tw-post").first().getAttribute("id"), "post-m1");
    await page.click("#destroy");
    assert.equal(await page.locator("#rendered").evaluate((el) => el.childNodes.length), 0);
    await page.click("#again");
    assert.equal(await count(page, "#rendered article.tw-post"), 2);

    // The API straight from a test: every bad call throws or rejects with an Error.
    const r = await page.evaluate(async () => {
      const m = await import("/pkg/thread_widget.js");
      const out = {};
      const el = document.createElement("div");
      document.body.append(el);
      const h = m.render(el, { posts: [{ id: 1, author: { name: "a" }, body: "one" }] }, { headingLevel: 3 });
      out.rendered = el.querySelectorAll("article.tw-post").length;
      try { h.update({ posts: [{ id: 1, author: { name: "a" }, body: "x" }, { id: 1, author: { name: "b" }, body: "y" }] }); } catch (e) { out.duplicate = [e instanceof Error, e.message]; }
      out.afterBadUpdate = el.querySelectorAll("article.tw-post").length;
      h.setOptions({ theme: "dark" });
      out.theme = el.getAttribute("data-tw-theme");
      h.destroy();
      try { h.update({ posts: [] }); } catch (e) { out.destroyed = [e instanceof Error, e.message]; }
      try { m.renderToString('{"posts": [}', {}); } catch (e) { out.syntax = [e instanceof Error, e.message]; }
      try { m.render(el, { version: 2, posts: [] }, {}); } catch (e) { out.version = [e instanceof Error, e.message]; }
      try { await m.mount(el, { src: "threads/missing.json" }); } catch (e) { out.mount404 = [e instanceof Error, e.message]; }
      // A listener may call the handle back synchronously (no "already borrowed" panic).
      const el2 = document.createElement("div");
      document.body.append(el2);
      const h2 = m.render(el2, { posts: [{ id: 1, author: { name: "a" }, body: "one" }] }, {});
      el2.addEventListener("thread-widget:ready", () => h2.setOptions({ order: "newest" }), { once: true });
      try {
        h2.update({ posts: [{ id: 1, author: { name: "a" }, body: "one" }, { id: 2, author: { name: "b" }, body: "two" }] });
        out.reentrant = [...el2.querySelectorAll("article.tw-post")].map((a) => a.id);
      } catch (e) { out.reentrant = String(e); }
      // Rendering into an element again replaces the widget it held.
      const first = m.render(el2, { posts: [{ id: "a", author: { name: "a" }, body: "first" }] }, {});
      m.render(el2, { posts: [{ id: "b", author: { name: "b" }, body: "second" }] }, {});
      try { first.update({ posts: [] }); out.replaced = "no error"; } catch (e) { out.replaced = e.message; }
      out.replacedPosts = [...el2.querySelectorAll("article.tw-post")].map((a) => a.id);
      out.string = m.renderToString({ posts: [{ id: 7, author: { name: "a", posts: 1234567 }, body: "[b]x[/b]", format: "bbcode" }] }, { lang: "en" });
      return out;
    });
    assert.equal(r.rendered, 1);
    assert.deepEqual(r.reentrant, ["post-2", "post-1"]);
    assert.equal(r.replaced, "this widget was destroyed");
    assert.deepEqual(r.replacedPosts, ["post-b"]);
    assert.equal(r.duplicate[0], true);
    assert.match(r.duplicate[1], /posts\[1\]\.id.*duplicate|duplicate.*posts\[1\]/i);
    assert.equal(r.afterBadUpdate, 1, "a bad update keeps the last render");
    assert.equal(r.theme, "dark");
    assert.deepEqual(r.destroyed, [true, "this widget was destroyed"]);
    assert.equal(r.syntax[0], true);
    assert.match(r.syntax[1], /line 1 column \d+/);
    assert.equal(r.version[0], true);
    assert.match(r.version[1], /version/);
    assert.equal(r.mount404[0], true);
    assert.match(r.mount404[1], /missing\.json: HTTP 404/);
    assert.match(r.string, /<article class="tw-post" id="post-7">/);
    assert.match(r.string, /<strong>x<\/strong>/);
    assert.match(r.string, /1,234,567/);
    // Only the deliberate 404 mount left a console error.
    assert.deepEqual(info.widgetErrors().map((m) => m.text), ["thread-widget: " + r.mount404[1]]);
    assert.deepEqual(info.pageErrors, []);
  });
});

test("quote jump: View post focuses, scrolls to and highlights the quoted post", async () => {
  await withPage("/index.html", async (page, info) => {
    await events(page, "ready", 1);
    const inView = () => page.locator("#post-4").evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= -1 && r.top < window.innerHeight;
    });
    // Tall posts, so that post 4 is surely off screen while post 5's quote link is on it.
    await page.addStyleTag({ content: ".tw-root .tw-thread .tw-post { min-height: 1500px; }" });
    await page.locator("#post-5 a.tw-quote-link").scrollIntoViewIfNeeded();
    assert.equal(await inView(), false, "post 4 is off screen before the jump");
    const url = page.url();
    await page.click("#post-5 a.tw-quote-link");
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === "post-4", null, WAIT);
    assert.equal(await page.locator("#post-4").evaluate((el) => el.classList.contains("tw-highlight")), true);
    assert.equal(await inView(), true);
    assert.equal(page.url(), url, "the page did not navigate");
    // The highlight goes away by itself.
    await page.waitForFunction(() => !document.querySelector("#post-4").classList.contains("tw-highlight"), null, WAIT);
    assert.deepEqual(info.errors(), []);
  });
});

test("quote jump: opening index.html#post-4 scrolls to post 4 after render", async () => {
  await withPage("/index.html", async (page) => {
    await events(page, "ready", 1);
    await page.waitForFunction(() => {
      const el = document.querySelector("#post-4");
      const margin = parseFloat(getComputedStyle(el).scrollMarginTop) || 0;
      return window.scrollY > 0 && Math.abs(el.getBoundingClientRect().top - margin) < 5;
    }, null, WAIT);
    assert.equal(await page.locator("#post-4").evaluate((el) => el.classList.contains("tw-highlight")), true);
  }, { hash: "#post-4" });
});

test("pager: 60 posts, 20 a page, by mouse and by keyboard", async () => {
  await withPage("/_e2e/pager.html", async (page, info) => {
    await events(page, "ready", 1);
    const results = () => text(page, "#long .tw-results").then((t) => t.trim());
    const current = () => page.locator("#long .tw-pager").first().locator("[aria-current=page]").textContent();
    const ids = () => page.locator("#long article.tw-post").evaluateAll((a) => [a[0].id, a[a.length - 1].id, a.length]);
    assert.equal(await results(), "Results 1 to 20 of 60");
    assert.deepEqual(await ids(), ["post-1", "post-20", 20]);
    assert.equal(await current(), "1");
    assert.equal(await page.locator("#long .tw-page-prev").first().isDisabled(), true);

    // The loader keeps no handle: the widget must outlive a garbage collection.
    await collectGarbage(page);
    await page.locator("#long .tw-page-next").first().click();
    assert.equal(await results(), "Results 21 to 40 of 60");
    assert.deepEqual(await ids(), ["post-21", "post-40", 20]);
    assert.equal(await current(), "2");
    assert.equal(await page.locator("#long [aria-current=page]").count(), 2, "both pagers agree");

    // Keyboard: from the link before the widget, Tab to Next and press Enter.
    await page.reload();
    await events(page, "ready", 1);
    assert.equal(await results(), "Results 1 to 20 of 60");
    await page.focus("#before");
    let onNext = false;
    for (let i = 0; i < 10 && !onNext; i++) {
      await page.keyboard.press("Tab");
      onNext = await page.evaluate(() => document.activeElement.matches("#long .tw-page-next"));
    }
    assert.ok(onNext, "Tab reaches the Next button");
    await page.keyboard.press("Enter");
    assert.equal(await results(), "Results 21 to 40 of 60");
    assert.equal(await current(), "2");
    assert.ok(await page.evaluate(() => document.activeElement.matches("#long .tw-page-next")), "focus stays on Next");
    await page.keyboard.press("Enter");
    assert.equal(await results(), "Results 41 to 60 of 60");
    assert.equal(await current(), "3");
    assert.equal(await page.locator("#long .tw-page-next").first().isDisabled(), true);
    // A page number button, by keyboard too.
    await page.locator("#long .tw-pager").first().locator("button[data-page='1']:not(.tw-page-prev)").focus();
    await page.keyboard.press("Enter");
    assert.equal(await results(), "Results 1 to 20 of 60");
    assert.deepEqual(info.errors(), []);
  });
});

test("pager: page files linked by page.next load in place", async () => {
  const since = (await requests()).next;
  await withPage("/_e2e/split.html", async (page, info) => {
    await events(page, "ready", 1);
    const results = () => text(page, "#split .tw-results").then((t) => t.trim());
    assert.equal(await results(), "Results 1 to 10 of 25");
    assert.equal(await count(page, "#split a.tw-prev-file"), 0);
    const url = page.url();
    await page.locator("#split a.tw-next-file").first().click();
    await events(page, "ready", 2);
    assert.equal(await results(), "Results 11 to 20 of 25");
    assert.equal(await page.locator("#split article.tw-post").first().getAttribute("id"), "post-11");
    assert.equal(page.url(), url, "loaded in place, no navigation");
    assert.ok((await requests(since)).paths.includes("/threads/pages/page-2.json"));
    // page-2's own relative links resolve against page-2.json.
    await page.locator("#split a.tw-next-file").first().click();
    await events(page, "ready", 3);
    assert.equal(await results(), "Results 21 to 25 of 25");
    assert.equal(await count(page, "#split a.tw-next-file"), 0);
    await page.locator("#split a.tw-prev-file").first().click();
    await events(page, "ready", 4);
    assert.equal(await results(), "Results 11 to 20 of 25");
    assert.deepEqual(info.errors(), []);
  });
});

test("lazy: nothing is fetched until the widget nears the viewport", async () => {
  const since = (await requests()).next;
  await withPage("/_e2e/lazy.html", async (page, info) => {
    await page.waitForLoadState("networkidle");
    // Proving an absence needs a moment in which nothing happens.
    await page.waitForTimeout(1000);
    const early = (await requests(since)).paths;
    assert.ok(early.includes("/pkg/thread-widget.js"), early.join(" "));
    for (const p of early) {
      assert.ok(!/seed\.json|thread_widget\.js|\.wasm/.test(p), `fetched before scrolling: ${p}`);
    }
    assert.equal(await count(page, "#lazy article"), 0);
    await page.locator("#lazy").evaluate((el) => el.scrollIntoView());
    await events(page, "ready", 1);
    assert.equal(await count(page, "#lazy article.tw-post"), 5);
    const later = (await requests(since)).paths;
    for (const p of ["/threads/seed.json?lazy", "/pkg/thread_widget.js", "/pkg/thread_widget_bg.wasm"]) {
      assert.ok(later.includes(p), `${p} after scrolling: ${later.join(" ")}`);
    }
    assert.deepEqual(info.errors(), []);
  });
});

test("refresh: new posts appear without moving the reader; a failure keeps the last render", async () => {
  await hit("/_test/heal?key=refresh");
  await hit("/_test/grow?key=refresh&by=5"); // 8 posts
  await withPage("/_e2e/refresh.html", async (page, info) => {
    await events(page, "ready", 1);
    assert.equal(await count(page, "#refresh article.tw-post"), 8);
    assert.equal(await page.locator("#refresh article.tw-post").first().getAttribute("id"), "post-8");
    await collectGarbage(page); // the timer must outlive the handle the loader dropped
    // Read from the middle: post 5 at the top of the screen, a little scrolled past.
    await page.locator("#post-5").evaluate((el) => {
      el.scrollIntoView({ block: "start" });
      window.scrollBy(0, 40);
    });
    const firstVisible = () => page.evaluate(() => {
      const el = [...document.querySelectorAll("#refresh article.tw-post")].find((a) => a.getBoundingClientRect().bottom > 0);
      return { id: el.id, top: Math.round(el.getBoundingClientRect().top) };
    });
    const before = await firstVisible();
    assert.equal(before.id, "post-5");
    assert.ok(before.top < 0, `post 5 starts above the screen (top ${before.top})`);

    await hit("/_test/grow?key=refresh"); // post 9, above the reader (newest first)
    await page.waitForFunction(() => document.querySelector("#post-9"), null, { timeout: 30_000 });
    assert.equal(await page.locator("#refresh article.tw-post").first().getAttribute("id"), "post-9");
    const afterGrow = await page.evaluate(() => Math.round(document.querySelector("#post-5").getBoundingClientRect().top));
    assert.ok(Math.abs(afterGrow - before.top) <= 2, `post 5 moved from ${before.top} to ${afterGrow}`);

    await hit("/_test/fail?key=refresh");
    await page.waitForFunction(() => window.__tw.some((e) => e.type === "error"), null, { timeout: 30_000 });
    const error = (await info.events()).find((e) => e.type === "error");
    assert.equal(error.id, "refresh");
    assert.match(error.detail.message, /refresh failed, keeping the last version: .*counter\.json\?key=refresh: HTTP 500/);
    assert.equal(await count(page, "#refresh article.tw-post"), 9);
    assert.equal(await count(page, "#refresh .tw-error"), 0);

    await hit("/_test/heal?key=refresh");
    await hit("/_test/grow?key=refresh");
    await page.waitForFunction(() => document.querySelector("#post-10"), null, { timeout: 30_000 });
    assert.deepEqual(info.pageErrors, []);
  });
});

test("vite: npm install, vite build, and the built app renders the seed", { skip: process.env.SKIP_VITE === "1" && "SKIP_VITE=1" }, async () => {
  const dir = join(repo, "examples", "vite");
  const opts = { cwd: dir, timeout: 300_000, maxBuffer: 16 << 20, env: { ...process.env, npm_config_fund: "false", npm_config_audit: "false" } };
  await run("npm", ["install", "--no-audit", "--no-fund"], opts);
  const pub = join(dir, "public");
  rmSync(pub, { recursive: true, force: true });
  mkdirSync(join(pub, "threads"), { recursive: true });
  cpSync(join(repo, "www", "threads", "seed.json"), join(pub, "seed.json"));
  cpSync(join(repo, "www", "threads", "avatars"), join(pub, "threads", "avatars"), { recursive: true });
  await run("npx", ["vite", "build"], opts);
  const dist = join(dir, "dist");
  assert.ok(existsSync(join(dist, "index.html")));
  const app = await serve(["--root", dist]);
  try {
    await withPage("/", async (page, info) => {
      await page.waitForFunction(() => document.querySelectorAll("#comments article.tw-post").length === 5, null, WAIT);
      assert.match(await text(page, "#comments .tw-results"), /Results 1 to 5 of 5/);
      assert.match(await text(page, "#post-5 .tw-quote-by"), /Originally posted by Grumpy John/);
      const wasm = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name).filter((n) => n.endsWith(".wasm")));
      assert.equal(wasm.length, 1);
      assert.match(wasm[0], /\/assets\/thread_widget_bg-[\w-]+\.wasm$/);
      assert.deepEqual(info.errors(), []);
      assert.deepEqual(info.pageErrors, []);
    }, { base: app.url });
  } finally {
    await app.stop();
  }
});
