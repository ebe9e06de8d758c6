// End-to-end tests of the widget's main paths, in Chromium, Firefox ESR and
// WebKitGTK (tests/e2e/browsers.mjs), against pages served over HTTP on
// 127.0.0.1 by scripts/serve.mjs (started and stopped here).
//
//   node --test tests/e2e/run.mjs          (TW_ENGINES=firefox to run one engine)
//
// Needs pkg/ built (scripts/build.sh), the root package.json's modules, and
// the three engines (scripts/ensure-tools.sh --browser installs them).
// The Vite test runs `npm install` in examples/vite, which installs the tarball
// of `make package` (dist/thread-widget-VERSION.tgz); SKIP_VITE=1 skips it.
//
// Every wait is for a condition (generous timeouts), never a fixed sleep,
// except where a test must prove that something does NOT happen. Buttons and
// links are pressed by keyboard: a mouse click lands where the element was
// when the driver measured it, and posts above it may still be taking their
// real height (content-visibility: auto), images loading (see
// docs/architecture.md, "Tests").

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ALL, CHROMIUM, suite } from "./browsers.mjs";
import { repo, serve } from "./harness.mjs";

const run = promisify(execFile);
const { test, site } = suite(["--test-routes"]);

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

/** Runs the garbage collector where the engine exposes it (Chromium, --expose-gc). */
async function collectGarbage(page) {
  await page.evaluate(async () => {
    if (typeof window.gc !== "function") return;
    for (let i = 0; i < 3; i++) {
      window.gc();
      await new Promise((r) => setTimeout(r, 50));
    }
  });
}

/** The widget's own console errors ("thread-widget: …"). */
async function widgetErrors(page) {
  return (await page.console()).filter((m) => m.type === "error" && m.text.startsWith("thread-widget:"));
}

/** Console errors of any source. */
async function consoleErrors(page) {
  return (await page.console()).filter((m) => m.type === "error");
}

// ---------------------------------------------------------------- the tests

test("index.html: one script tag renders the seed thread", { engines: ALL }, async (page) => {
  const since = (await requests()).next;
  await page.goto("/index.html");
  await page.events("ready", 1);
  assert.equal(await page.count("article.tw-post"), 5);
  assert.equal((await page.text(".tw-results")).trim(), "Results 1 to 5 of 5");
  const ready = (await page.widgetEvents()).filter((e) => e.type === "ready");
  assert.equal(ready.length, 1);
  assert.equal(ready[0].detail.posts, 5);
  // The widget stands right after its script tag.
  assert.equal(await page.evaluate(() => document.querySelector("script[data-src]").nextElementSibling.className.includes("thread-widget")), true);
  assert.equal(await page.count("h1"), 1);
  assert.equal((await page.text(".tw-title")).trim(), "Russia says to boost military ties with Myanmar as junta leader visits");

  // Author card of post 1.
  const card = "#post-1 .tw-author";
  assert.equal((await page.text(`${card} .tw-author-name`)).trim(), "misskit");
  assert.equal((await page.text(`${card} .tw-user-title`)).trim(), "Thailand Expat");
  assert.match(await page.text(`${card} .tw-post-count`), /48,807/);
  assert.match(await page.text(`${card} .tw-joined`), /Dec 2009/);
  assert.match(await page.text(`${card} .tw-location`), /Chiang Mai/);
  assert.equal(await page.count(`${card} .tw-last-online`), 0, "last_online null leaves the line out");
  assert.equal(await page.attr(`${card} img.tw-avatar`, "alt"), "misskit's avatar");
  assert.match(await page.text("#post-3 .tw-last-online"), /2023/);

  // The quote in post 5.
  const quote = "#post-5 figure.tw-quote";
  assert.equal(await page.count(quote), 1);
  assert.match(await page.text(`${quote} figcaption`), /Originally posted by Grumpy John/);
  assert.match(await page.text(`${quote} blockquote`), /A leopard cannot change it's spots/);
  assert.equal((await page.text(`${quote} a.tw-quote-link`)).trim(), "View post");
  assert.match(await page.attr(`${quote} a.tw-quote-link`, "href"), /#post-4$/);
  assert.match(await page.text("#post-5 .tw-reply-to"), /In reply to #4/);

  // Thread information.
  assert.equal(
    (await page.text(".tw-browsing p")).trim(),
    "There is currently 1 user browsing this thread. (0 members and 1 guest)",
  );
  assert.equal(await page.count(".tw-permissions li"), 4);
  assert.equal(await page.count(".tw-permissions li.tw-perm-no"), 4);
  assert.match(await page.text(".tw-permissions"), /You may not post new threads/);

  assert.deepEqual(await consoleErrors(page), [], "no console errors");
  assert.deepEqual(await page.errors(), [], "no page errors");
  // The loader found the show module, the wasm and the CSS beside itself in
  // /pkg/; a text thread needs nothing of the entry's (js/show.js).
  const paths = (await requests(since)).paths;
  for (const p of ["/pkg/thread-widget.js", "/pkg/thread_widget_show.js", "/pkg/thread_widget_plain_bg.wasm", "/pkg/thread-widget.css", "/threads/seed.json"]) {
    assert.ok(paths.includes(p), `${p} was requested: ${paths.join(" ")}`);
  }
  assert.ok(!paths.includes("/pkg/thread_widget.js"), `the entry was not requested: ${paths.join(" ")}`);
});

test("index.html: zero axe-core violations", { engines: CHROMIUM }, async (page) => {
  await page.goto("/index.html");
  await page.events("ready", 1);
  await page.raw.addScriptTag({ path: join(repo, "node_modules", "axe-core", "axe.min.js") });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target}`);
  });
  assert.deepEqual(result, []);
});

test("errors.html: broken widgets fail alone, with the precise reason", { engines: ALL }, async (page) => {
  await page.goto("/errors.html");
  await page.events("error", 6);
  await page.events("ready", 1);
  const all = await page.widgetEvents();
  const byId = Object.fromEntries(all.filter((e) => e.type === "error").map((e) => [e.id, e.detail.message]));
  assert.match(byId["err-404"], /threads\/missing\.json: HTTP 404/);
  assert.match(byId["err-invalid"], /line 5 column \d+/);
  assert.match(byId["err-invalid"], /invalid JSON/);
  assert.match(byId["err-schema"], /posts\[0\]\.author\.posts: expected an integer, found the string "48,807"/);
  assert.match(byId["err-posts"], /posts: expected an array/);
  assert.match(byId["err-user"], /posts\[1\]\.author/);
  assert.match(byId["err-version"], /version.*99/);
  for (const id of Object.keys(byId)) {
    assert.equal((await page.text(`#${id} .tw-error`)).trim(), "This discussion could not be loaded.", id);
    assert.equal(await page.attr(`#${id} .tw-error`, "role"), "alert");
  }
  assert.equal(Object.keys(byId).length, 6);
  // One console error per broken widget, each with its reason.
  const logged = (await widgetErrors(page)).map((m) => m.text);
  assert.equal(logged.length, 6, logged.join("\n"));
  for (const message of Object.values(byId)) {
    assert.equal(logged.filter((l) => l === `thread-widget: ${message}`).length, 1, message);
  }
  // The good one renders and the page's own script carries on.
  assert.equal(await page.count("#good article.tw-post"), 5);
  assert.deepEqual(all.filter((e) => e.type === "ready").map((e) => e.id), ["good"]);
  await page.waitFor(() => Number(document.querySelector("#page-script").dataset.ticks) >= 2, null, { what: "two ticks of the page's own script" });
  assert.equal(await page.count("#event-log li"), 7);
  assert.deepEqual(await page.errors(), []);
});

test("failures: HTTP 500, an HTML page, a timeout, a missing #id, bad attributes", { engines: ALL }, async (page) => {
  await page.goto("/_e2e/failures.html");
  await page.events("error", 4);
  await page.events("ready", 1);
  const all = await page.widgetEvents();
  const byId = Object.fromEntries(all.filter((e) => e.type === "error").map((e) => [e.id, e.detail.message]));
  assert.match(byId["status-500"], /HTTP 500/);
  assert.match(byId["html-page"], /HTML page/);
  assert.match(byId["hang"], /no answer within 1 seconds/);
  assert.match(byId["no-such-id"], /#nothing-here.*no element with that id/);
  for (const id of ["status-500", "html-page", "hang", "no-such-id"]) {
    assert.equal(await page.count(`#${id} .tw-error`), 1, id);
  }
  // Bad attribute values fall back to the defaults, each said once.
  assert.equal(await page.count("#bad-attributes article.tw-post"), 5);
  assert.equal(await page.count("#bad-attributes .tw-pager"), 0);
  assert.equal(await page.attr("#bad-attributes", "data-tw-theme"), "auto");
  const warnings = (await page.console()).filter((m) => m.type === "warning" && m.text.startsWith("thread-widget:")).map((m) => m.text);
  assert.equal(warnings.filter((w) => w.includes('data-page-size="lots"')).length, 1, warnings.join("\n"));
  assert.equal(warnings.filter((w) => w.includes('data-theme="purple"')).length, 1, warnings.join("\n"));
  assert.deepEqual(await page.errors(), []);
});

test("embed.html: every way and every attribute", { engines: ALL }, async (page) => {
  await page.goto("/embed.html");
  // Every eager widget, each by its id (a count could be reached while the
  // Markdown one, which loads a second build, is still on its way).
  const eager = await page.evaluate(() => [...document.querySelectorAll(".thread-widget[id]:not([data-loading=lazy])")].map((e) => e.id));
  assert.ok(eager.length >= 19, `the demo's eager widgets: ${eager.join(" ")}`);
  await page.waitFor((ids) => ids.every((id) => window.__tw.some((e) => e.type === "ready" && e.id === id)), eager, { what: `ready from ${eager.join(", ")}` });
  // And the script tag's own widget, which has no id.
  await page.waitFor(() => window.__tw.some((e) => e.type === "ready" && e.id === ""), null, { what: "ready from the script tag's widget" });
  assert.deepEqual((await page.widgetEvents()).filter((e) => e.type === "error"), []);
  assert.equal(await page.count("#ex-inline article.tw-post"), 1);
  assert.match(await page.text("#ex-inline .tw-body"), /This thread lives inside the page/);
  assert.equal(await page.count("#ex-src-id strong"), 1, "markdown from #thread-data");
  for (const theme of ["light", "dark", "auto", "none"]) {
    assert.equal(await page.attr(`#ex-theme-${theme}`, "data-tw-theme"), theme);
  }
  // data-order="newest": the last post comes first.
  assert.deepEqual(await page.ids("#ex-order article.tw-post"), ["post-5", "post-4", "post-3", "post-2", "post-1"]);
  // data-quote-depth="1": the second level of quotes is folded.
  assert.equal(await page.count("#ex-quote-depth #post-2 details.tw-quote-more"), 0);
  assert.equal(await page.count("#ex-quote-depth #post-3 details.tw-quote-more"), 1);
  assert.equal(await page.count("#ex-quote-depth #post-3 details.tw-quote-more > summary"), 1);
  assert.equal(await page.evaluate(() => document.querySelector("#ex-quote-depth #post-3 details.tw-quote-more").open), false);
  // The default depth (3) folds only the fourth level.
  assert.equal(await page.count("#ex-order #post-3 details.tw-quote-more"), 0);
  assert.equal(await page.count("#ex-order #post-4 details.tw-quote-more"), 1);
  // data-images="link": no img in bodies, a link instead; the default shows it.
  assert.equal(await page.count("#ex-images .tw-body img"), 0);
  assert.match(await page.attr("#ex-images #post-5 .tw-body a.tw-img-link", "href"), /threads\/avatars\/misskit\.svg$/);
  assert.equal(await page.count("#ex-order #post-5 .tw-body img.tw-img"), 1);
  // data-page-size on a long thread; page files link onwards.
  assert.equal((await page.text("#ex-page-size .tw-results")).trim(), "Results 1 to 20 of 60");
  assert.equal((await page.text("#ex-pages .tw-results")).trim(), "Results 1 to 10 of 25");
  // The lazy one waits until scrolled near.
  assert.equal(await page.count("#ex-lazy article"), 0);
  await page.evaluate(() => document.querySelector("#ex-lazy").scrollIntoView());
  await page.waitFor(() => document.querySelectorAll("#ex-lazy article.tw-post").length === 10, null, { what: "the lazy widget's 10 posts" });
  assert.deepEqual(await consoleErrors(page), []);
  assert.deepEqual(await page.errors(), []);
});

test("module.html: init, mount, render, renderToString and the handle", { engines: ALL }, async (page) => {
  await page.goto("/module.html");
  await page.waitFor(() => /ready|failed/.test(document.querySelector("#status").textContent), null, { what: "module.js to finish" });
  assert.equal(await page.text("#status"), "ready");
  assert.equal(await page.count("#mounted article.tw-post"), 5);
  assert.equal(await page.count("#rendered article.tw-post"), 2);
  assert.equal((await page.text("#rendered .tw-results")).trim(), "Results 1 to 2 of 2");
  // Marked with its markup hash (tests/e2e/adopt.mjs).
  assert.match(await page.text("#markup"), /^<section data-tw-hash="v1-[0-9a-f]{16}" class="tw-thread"/);
  assert.match(await page.text("#bad-error"), /^Error: .*posts\[0\]\.author\.posts: expected an integer, found the string "48,807"/);

  // Each button calls the handle synchronously, and each call sends ready.
  const readies = async () => (await page.widgetEvents()).filter((e) => e.type === "ready" && e.id === "rendered").length;
  let ready = await readies();
  await page.press("#add-post", "Enter");
  await page.events("ready", (await page.widgetEvents()).filter((e) => e.type === "ready").length);
  assert.equal(await readies(), ++ready, "update() sent ready once");
  assert.equal((await page.text("#rendered .tw-results")).trim(), "Results 1 to 2 of 3");
  assert.equal(await page.count("#rendered .tw-pager"), 2);
  await page.press("#newest", "Enter");
  assert.equal(await page.attr("#rendered article.tw-post", "id"), "post-m3");
  await page.press("#oldest", "Enter");
  assert.equal(await page.attr("#rendered article.tw-post", "id"), "post-m1");
  await page.press("#destroy", "Enter");
  assert.equal(await page.evaluate(() => document.querySelector("#rendered").childNodes.length), 0);
  await page.press("#again", "Enter");
  assert.equal(await page.count("#rendered article.tw-post"), 2);

  // The API straight from a test: every bad call throws or rejects with an Error.
  const r = await page.evaluate(async () => {
    const m = await import("/pkg/thread_widget.js");
    // init() again is a no-op for the page's module; Firefox's WebDriver
    // runs this script where import() gives a module instance of its own.
    await m.default();
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
  assert.deepEqual((await widgetErrors(page)).map((m) => m.text), ["thread-widget: " + r.mount404[1]]);
  assert.deepEqual(await page.errors(), []);
});

test("quote jump: View post focuses, scrolls to and highlights the quoted post", { engines: ALL }, async (page) => {
  await page.goto("/index.html");
  await page.events("ready", 1);
  const inView = () => page.evaluate(() => {
    const r = document.querySelector("#post-4").getBoundingClientRect();
    return r.top >= -1 && r.top < window.innerHeight;
  });
  // Tall posts, so that post 4 is surely off screen while post 5's quote link is on it.
  await page.evaluate(() => {
    for (const a of document.querySelectorAll(".tw-root .tw-thread .tw-post")) a.style.minHeight = "1500px";
    document.querySelector("#post-5 a.tw-quote-link").scrollIntoView({ block: "center" });
  });
  assert.equal(await inView(), false, "post 4 is off screen before the jump");
  const url = await page.evaluate(() => location.href);
  await page.press("#post-5 a.tw-quote-link", "Enter");
  await page.waitFor(() => document.activeElement && document.activeElement.id === "post-4", null, { what: "focus on post 4" });
  assert.equal(await page.evaluate(() => document.querySelector("#post-4").classList.contains("tw-highlight")), true);
  assert.equal(await inView(), true);
  assert.equal(await page.evaluate(() => location.href), url, "the page did not navigate");
  // The highlight goes away by itself.
  await page.waitFor(() => !document.querySelector("#post-4").classList.contains("tw-highlight"), null, { what: "the highlight to go" });
  assert.deepEqual(await consoleErrors(page), []);
});

test("quote jump: opening index.html#post-4 scrolls to post 4 after render", { engines: ALL }, async (page) => {
  await page.goto("/index.html", { hash: "#post-4" });
  await page.events("ready", 1);
  await page.waitFor(() => {
    const el = document.querySelector("#post-4");
    const margin = parseFloat(getComputedStyle(el).scrollMarginTop) || 0;
    return window.scrollY > 0 && Math.abs(el.getBoundingClientRect().top - margin) < 5;
  }, null, { what: "post 4 at its scroll margin" });
  assert.equal(await page.evaluate(() => document.querySelector("#post-4").classList.contains("tw-highlight")), true);
});

test("pager: 60 posts, 20 a page, by keyboard (the Next button, Tab order, a page number)", { engines: ALL }, async (page) => {
  await page.goto("/_e2e/pager.html");
  await page.events("ready", 1);
  const results = async () => (await page.text("#long .tw-results")).trim();
  const current = () => page.text("#long .tw-pager [aria-current=page]");
  const ids = () => page.evaluate(() => {
    const a = document.querySelectorAll("#long article.tw-post");
    return [a[0].id, a[a.length - 1].id, a.length];
  });
  const nextDisabled = () => page.evaluate(() => document.querySelector("#long .tw-page-next").disabled);
  assert.equal(await results(), "Results 1 to 20 of 60");
  assert.deepEqual(await ids(), ["post-1", "post-20", 20]);
  assert.equal(await current(), "1");
  assert.equal(await page.evaluate(() => document.querySelector("#long .tw-page-prev").disabled), true);

  // The loader keeps no handle: the widget must outlive a garbage collection.
  await collectGarbage(page);
  await page.press("#long .tw-page-next", "Enter");
  assert.equal(await results(), "Results 21 to 40 of 60");
  assert.deepEqual(await ids(), ["post-21", "post-40", 20]);
  assert.equal(await current(), "2");
  assert.equal(await page.count("#long [aria-current=page]"), 2, "both pagers agree");

  // Keyboard: from the link before the widget, Tab to Next and press Enter.
  await page.goto("/_e2e/pager.html");
  await page.events("ready", 1);
  assert.equal(await results(), "Results 1 to 20 of 60");
  await page.evaluate(() => document.querySelector("#before").focus());
  let onNext = false;
  for (let i = 0; i < 10 && !onNext; i++) {
    await page.key("Tab");
    onNext = await page.evaluate(() => document.activeElement.matches("#long .tw-page-next"));
  }
  assert.ok(onNext, "Tab reaches the Next button");
  await page.key("Enter");
  assert.equal(await results(), "Results 21 to 40 of 60");
  assert.equal(await current(), "2");
  assert.ok(await page.evaluate(() => document.activeElement.matches("#long .tw-page-next")), "focus stays on Next");
  await page.key("Enter");
  assert.equal(await results(), "Results 41 to 60 of 60");
  assert.equal(await current(), "3");
  assert.equal(await nextDisabled(), true);
  // A page number button, by keyboard too.
  await page.press("#long .tw-pager button[data-page='1']:not(.tw-page-prev)", "Enter");
  assert.equal(await results(), "Results 1 to 20 of 60");
  assert.deepEqual(await consoleErrors(page), []);
});

test("pager: page files linked by page.next load in place", { engines: ALL }, async (page) => {
  const since = (await requests()).next;
  await page.goto("/_e2e/split.html");
  await page.events("ready", 1);
  const results = async () => (await page.text("#split .tw-results")).trim();
  assert.equal(await results(), "Results 1 to 10 of 25");
  assert.equal(await page.count("#split a.tw-prev-file"), 0);
  const url = await page.evaluate(() => location.href);
  await page.press("#split a.tw-next-file", "Enter");
  await page.events("ready", 2);
  assert.equal(await results(), "Results 11 to 20 of 25");
  assert.equal(await page.attr("#split article.tw-post", "id"), "post-11");
  assert.equal(await page.evaluate(() => location.href), url, "loaded in place, no navigation");
  assert.ok((await requests(since)).paths.includes("/threads/pages/page-2.json"));
  // page-2's own relative links resolve against page-2.json.
  await page.press("#split a.tw-next-file", "Enter");
  await page.events("ready", 3);
  assert.equal(await results(), "Results 21 to 25 of 25");
  assert.equal(await page.count("#split a.tw-next-file"), 0);
  await page.press("#split a.tw-prev-file", "Enter");
  await page.events("ready", 4);
  assert.equal(await results(), "Results 11 to 20 of 25");
  assert.deepEqual(await consoleErrors(page), []);
});

test("lazy: nothing is fetched until the widget nears the viewport", { engines: ALL }, async (page) => {
  const since = (await requests()).next;
  await page.goto("/_e2e/lazy.html");
  await page.waitFor(() => document.readyState === "complete", null, { what: "the page's load" });
  // Proving an absence needs a moment in which nothing happens.
  await new Promise((r) => setTimeout(r, 1000));
  const early = (await requests(since)).paths;
  assert.ok(early.includes("/pkg/thread-widget.js"), early.join(" "));
  for (const p of early) {
    assert.ok(!/seed\.json|thread_widget(_show)?\.js|\.wasm/.test(p), `fetched before scrolling: ${p}`);
  }
  assert.equal(await page.count("#lazy article"), 0);
  await page.evaluate(() => document.querySelector("#lazy").scrollIntoView());
  await page.events("ready", 1);
  assert.equal(await page.count("#lazy article.tw-post"), 5);
  const later = (await requests(since)).paths;
  for (const p of ["/threads/seed.json?lazy", "/pkg/thread_widget_show.js", "/pkg/thread_widget_plain_bg.wasm"]) {
    assert.ok(later.includes(p), `${p} after scrolling: ${later.join(" ")}`);
  }
  assert.deepEqual(await consoleErrors(page), []);
});

test("refresh: new posts appear without moving the reader; a failure keeps the last render", { engines: ALL }, async (page) => {
  // The engines run one after another on one server: each starts from 3 posts.
  const key = "refresh";
  await hit(`/_test/reset?key=${key}`);
  await hit(`/_test/grow?key=${key}&by=5`); // 8 posts
  await page.goto("/_e2e/refresh.html");
  await page.events("ready", 1);
  assert.equal(await page.count("#refresh article.tw-post"), 8);
  assert.equal(await page.attr("#refresh article.tw-post", "id"), "post-8");
  await collectGarbage(page); // the timer must outlive the handle the loader dropped
  // Read from the middle: post 5 at the top of the screen, a little scrolled past.
  await page.evaluate(() => {
    document.querySelector("#post-5").scrollIntoView({ block: "start" });
    window.scrollBy(0, 40);
  });
  const firstVisible = () => page.evaluate(() => {
    const el = [...document.querySelectorAll("#refresh article.tw-post")].find((a) => a.getBoundingClientRect().bottom > 0);
    return { id: el.id, top: Math.round(el.getBoundingClientRect().top) };
  });
  const before = await firstVisible();
  assert.equal(before.id, "post-5");
  assert.ok(before.top < 0, `post 5 starts above the screen (top ${before.top})`);

  await hit(`/_test/grow?key=${key}`); // post 9, above the reader (newest first)
  await page.waitFor(() => document.querySelector("#post-9"), null, { timeout: 30_000, what: "post 9" });
  assert.equal(await page.attr("#refresh article.tw-post", "id"), "post-9");
  const afterGrow = await page.evaluate(() => Math.round(document.querySelector("#post-5").getBoundingClientRect().top));
  assert.ok(Math.abs(afterGrow - before.top) <= 2, `post 5 moved from ${before.top} to ${afterGrow}`);

  await hit(`/_test/fail?key=${key}`);
  await page.waitFor(() => window.__tw.some((e) => e.type === "error"), null, { timeout: 30_000, what: "the refresh's error" });
  const error = (await page.widgetEvents()).find((e) => e.type === "error");
  assert.equal(error.id, "refresh");
  assert.match(error.detail.message, new RegExp(`refresh failed, keeping the last version: .*counter\\.json\\?key=${key}: HTTP 500`));
  assert.equal(await page.count("#refresh article.tw-post"), 9);
  assert.equal(await page.count("#refresh .tw-error"), 0);

  await hit(`/_test/heal?key=${key}`);
  await hit(`/_test/grow?key=${key}`);
  await page.waitFor(() => document.querySelector("#post-10"), null, { timeout: 30_000, what: "post 10" });
  assert.deepEqual(await page.errors(), []);
});

// What some engines lack (docs/architecture.md, "Engines"): WebKitGTK has no
// scheduler.postTask; Safari before 17.4 and Firefox ESR 115 no
// AbortSignal.any; older engines no Trusted Types. Taken away here in every
// engine, each fallback is proven where the engine itself has the feature.
const TAKEN = ["scheduler", "trustedTypes", "IntersectionObserver", "ResizeObserver", "Intl.RelativeTimeFormat", "AbortSignal.timeout", "AbortSignal.any"];

test("fallbacks: without postTask, Trusted Types, the observers, RelativeTimeFormat and AbortSignal.timeout/any", { engines: ALL }, async (page) => {
  await page.goto(`/_e2e/fallbacks.html?without=${TAKEN.join(",")}`);
  assert.deepEqual(await page.evaluate(() => window.__taken), TAKEN);
  await page.waitFor((ids) => ids.every((id) => window.__tw.some((e) => e.type === "ready" && e.id === id)), ["long", "relative", "lazy"], { what: "ready from long, relative and lazy" });
  await page.events("error", 1);
  // 60 posts join in slices, each slice a setTimeout task instead of postTask.
  assert.equal(await page.count("#long article.tw-post"), 60);
  const long = (await page.widgetEvents()).find((e) => e.type === "ready" && e.id === "long");
  assert.ok(long.detail.chunks > 1, `slices: ${JSON.stringify(long.detail)}`);
  // No IntersectionObserver: the lazy widget far below loads at once.
  assert.equal(await page.count("#lazy article.tw-post"), 5);
  assert.equal(await page.evaluate(() => window.scrollY), 0, "nothing scrolled");
  // No Intl.RelativeTimeFormat: relative dates fall back to the absolute date, in German (the catalog came through a timer-limited fetch).
  const when = await page.evaluate(() => {
    const t = document.querySelector('#relative #post-1 time[datetime="2021-06-23T02:22:00Z"]');
    return { text: t.textContent, title: t.getAttribute("title") };
  });
  assert.match(when.text, /2021/);
  assert.doesNotMatch(when.text, /vor|ago/);
  assert.equal(when.title, null, "an absolute date has no title");
  assert.equal((await page.text("#relative .tw-results")).trim(), "Ergebnis 1 bis 5 von 60");
  // The time limit is a timer: the hanging load still stops, with its reason.
  const hang = (await page.widgetEvents()).find((e) => e.type === "error");
  assert.equal(hang.id, "hang");
  assert.match(hang.detail.message, /_test\/hang: no answer within 1 seconds/);
  assert.deepEqual((await widgetErrors(page)).map((m) => m.text), [`thread-widget: ${hang.detail.message}`]);
  assert.deepEqual(await page.errors(), []);
});

test("screenshots of the seed page in each engine, for the README (docs/screenshots/engine-*.png)", { engines: ALL }, async (page) => {
  const dir = join(repo, "docs", "screenshots");
  mkdirSync(dir, { recursive: true });
  await page.viewport(1000, 1000);
  await page.goto("/index.html");
  await page.events("ready", 1);
  await page.evaluate(() => document.querySelector(".comments .tw-thread").scrollIntoView({ block: "start" }));
  // Images are lazy: those on screen must be in.
  await page.waitFor(() => [...document.images].filter((i) => {
    const r = i.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  }).every((i) => i.complete) && document.fonts.status === "loaded", null, { what: "the images on screen and fonts" });
  // Two frames, so that the posts near the screen have their real heights painted.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const file = join(dir, `engine-${page.engine}.png`);
  await page.screenshot(file);
  assert.ok(existsSync(file));
});

test("vite: npm install (the tarball), vite build, and the built app renders the seed", { engines: CHROMIUM, timeout: 600_000, skip: process.env.SKIP_VITE === "1" && "SKIP_VITE=1" }, async (page) => {
  const dir = join(repo, "examples", "vite");
  const opts = { cwd: dir, timeout: 300_000, maxBuffer: 16 << 20, env: { ...process.env, npm_config_fund: "false", npm_config_audit: "false" } };
  // The example depends on the tarball that `make package` writes, as a user's app does
  // today; its lock records no integrity for it (the tarball changes with every build), so
  // that `npm install` takes the tarball as it is now. Removing the installed copy first
  // makes npm unpack it again rather than keep an older build.
  const { version } = JSON.parse(readFileSync(join(repo, "pkg", "package.json"), "utf8"));
  const tarball = join(repo, "dist", `thread-widget-${version}.tgz`);
  assert.ok(existsSync(tarball), `no ${tarball}: run make package`);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  assert.equal(manifest.dependencies["thread-widget"], `file:../../dist/thread-widget-${version}.tgz`);
  const lock = readFileSync(join(dir, "package-lock.json"), "utf8");
  assert.equal(JSON.parse(lock).packages["node_modules/thread-widget"].integrity, undefined, "examples/vite/package-lock.json pins the tarball's integrity");
  rmSync(join(dir, "node_modules", "thread-widget"), { recursive: true, force: true });
  await run("npm", ["install", "--no-audit", "--no-fund"], opts);
  assert.equal(readFileSync(join(dir, "package-lock.json"), "utf8"), lock, "npm install changed examples/vite/package-lock.json");
  const installed = join(dir, "node_modules", "thread-widget");
  assert.ok(!lstatSync(installed).isSymbolicLink(), "thread-widget is linked, not installed from the tarball");
  for (const f of ["thread_widget.js", "thread_widget_show.js", "thread_widget_bg.wasm", "thread-widget.css"]) {
    assert.ok(readFileSync(join(installed, f)).equals(readFileSync(join(repo, "pkg", f))), `node_modules/thread-widget/${f} is not pkg/'s: an old tarball?`);
  }
  const pub = join(dir, "public");
  rmSync(pub, { recursive: true, force: true });
  mkdirSync(join(pub, "threads"), { recursive: true });
  cpSync(join(repo, "www", "threads", "seed.json"), join(pub, "seed.json"));
  cpSync(join(repo, "www", "threads", "avatars"), join(pub, "threads", "avatars"), { recursive: true });
  await run("npx", ["vite", "build"], opts);
  const dist = join(dir, "dist");
  assert.ok(existsSync(join(dist, "index.html")));
  const app = await serve(["--probe", "--root", dist]);
  try {
    await page.goto("/", { base: app.url });
    await page.waitFor(() => document.querySelectorAll("#comments article.tw-post").length === 5, null, { what: "the seed's 5 posts" });
    assert.match(await page.text("#comments .tw-results"), /Results 1 to 5 of 5/);
    assert.match(await page.text("#post-5 .tw-quote-by"), /Originally posted by Grumpy John/);
    const wasm = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name).filter((n) => n.endsWith(".wasm")));
    assert.equal(wasm.length, 1);
    assert.match(wasm[0], /\/assets\/thread_widget_bg-[\w-]+\.wasm$/);
    assert.deepEqual(await consoleErrors(page), []);
    assert.deepEqual(await page.errors(), []);
  } finally {
    await app.stop();
  }
});
