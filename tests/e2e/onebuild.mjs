// One build per page (issue 16, part 1), in Chromium, Firefox ESR and
// WebKitGTK (tests/e2e/browsers.mjs):
//
//   node --test tests/e2e/onebuild.mjs      (TW_ENGINES=chromium to run one engine)
//
// The entry (js/index.js) fetches a widget's thread file itself, looks in a
// copy of the response for a "format" of "markdown" or "html" (inline JSON:
// in its text), loads the one build the widgets mounted together need and
// hands it the response. Checked, counting requests at the server
// (scripts/serve.mjs /_test/log): a Markdown page fetches the second build's
// .wasm only and its thread file once; a text page the plain build only
// (the core when its widget refreshes, holds prerendered markup, links page files or is over 256 KB,
// and for npm's mount(); a page file the look missed still moves); text and
// Markdown threads mounted together (loader or mount() calls in one task)
// the second build only, both rendered; HTML bodies and inline JSON
// likewise; a Markdown the look misses still moves to the second build;
// failures (404, invalid JSON, a cross-origin file without CORS, no answer
// in time) say what they said before the entry fetched the file.
//
// The pages and threads are written at test time to a temporary folder served
// at /_ob/. Needs pkg/ built (scripts/build.sh); TW_PKG=DIR serves another
// build at /pkg/ (main's fails the one-build tests: it fetches both builds and
// the thread file twice; its failures pass: the messages are the same).

import assert from "node:assert/strict";
import { after } from "node:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ALL, suite } from "./browsers.mjs";
import { serve } from "./harness.mjs";

const dir = mkdtempSync(join(tmpdir(), "tw-onebuild-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A thread of `n` posts; `format` for the thread, `body(i)` each post's. */
function thread(n, format, body) {
  const posts = Array.from({ length: n }, (_, i) => ({ id: i + 1, author: { name: `author ${i + 1}` }, created: "2026-01-0" + ((i % 9) + 1) + "T10:00:00Z", body: body(i + 1) }));
  return JSON.stringify({ version: 1, title: `${format} thread`, format, posts }, null, 1);
}
writeFileSync(join(dir, "text.json"), thread(4, "text", (i) => `Plain post ${i}: *not emphasis*, "format": "markdown" as words.`));
writeFileSync(join(dir, "md.json"), thread(4, "markdown", (i) => `Post ${i} in **Markdown**.\n\n- a list`));
writeFileSync(join(dir, "html.json"), thread(3, "html", (i) => `<p>Post ${i} in <em>HTML</em>.</p><p>Second paragraph.</p>`));
// A text thread whose one Markdown post says so on the post (not the thread).
writeFileSync(join(dir, "mixed.json"), JSON.stringify({ version: 1, posts: [{ id: 1, author: { name: "a" }, body: "text" }, { id: 2, author: { name: "b" }, format: "markdown", body: "**bold**" }] }));

const widget = (id, attrs, inner = "") => `<div class="thread-widget" id="${id}" data-lang="en"${Object.entries(attrs).map(([k, v]) => ` data-${k}="${v}"`).join("")}>${inner}</div>`;
const inline = (json) => `<script type="application/json">${json}</script>`;
function page(name, body) {
  writeFileSync(join(dir, name), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>e2e: ${name} (tests/e2e/onebuild.mjs)</title><script src="/pkg/thread-widget.js" async></script></head><body><main>${body}</main></body></html>`);
}
page("md.html", widget("md", { src: "/_ob/md.json" }));
page("text.html", widget("text", { src: "/_ob/text.json" }));
page("both.html", widget("text", { src: "/_ob/text.json" }) + widget("md", { src: "/_ob/md.json" }));
page("html.html", widget("text", { src: "/_ob/text.json" }) + widget("html", { src: "/_ob/html.json" }));
page("mixed.html", widget("mixed", { src: "/_ob/mixed.json" }));
page("inline.html", widget("text", {}, inline(thread(2, "text", (i) => `text ${i}`))) + widget("md", {}, inline(thread(2, "markdown", (i) => `**md ${i}**`))));
// "mark\u0064own" is "markdown" once parsed; the entry's look does not see it.
page("missed.html", widget("missed", {}, inline(`{"posts": [{"id": 1, "author": {"name": "a"}, "format": "mark\\u0064own", "body": "**missed**"}]}`)));
page("md-html.html", widget("md", { src: "/_ob/md.json" }) + widget("html", { src: "/_ob/html.json" }));
// "ht\u006dl" is "html" once parsed: the look sees Markdown only.
page("missed-html.html", widget("later", {}, inline(`{"format": "markdown", "posts": [{"id": 1, "author": {"name": "a"}, "body": "**md**"}, {"id": 2, "author": {"name": "b"}, "format": "ht\\u006dl", "body": "<p><em>html</em></p>"}]}`)));
// Named references: beyond the builds' common ones (&HilbertSpace;, &phone;), and common only (&hellip;, &frac34;).
writeFileSync(join(dir, "refs.json"), thread(2, "markdown", (i) => (i === 1 ? "Space: &HilbertSpace; &phone; &hellip; `&phone;`" : "Only **common** ones: &frac34; &hellip;")));
writeFileSync(join(dir, "refs-html.json"), thread(1, "html", () => "<p>&spadesuit; &phone; and &amp;</p>"));
page("refs.html", widget("md", { src: "/_ob/refs.json" }) + widget("html", { src: "/_ob/refs-html.json" }));
page("refs-common.html", widget("md", { src: "/_ob/md.json" }) + widget("common", {}, inline(thread(1, "markdown", () => "&frac34; &hellip; &amp;"))));
writeFileSync(join(dir, "refs-string.html"), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>e2e: refs-string.html</title></head><body>
<script type="module">
import init, { renderToString } from "/pkg/thread_widget.js";
await init({ markdown: true });
document.documentElement.dataset.done = renderToString(${thread(1, "markdown", () => "&HilbertSpace; &frac34;")}, { lang: "en" });
</script></body></html>`);
// mount() called twice in one task, from the ES module.
writeFileSync(join(dir, "module.html"), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>e2e: module.html</title></head><body><div id="a"></div><div id="b"></div>
<script type="module">
import { mount } from "/pkg/thread_widget.js";
const a = mount(document.getElementById("a"), { src: "/_ob/text.json", lang: "en" });
const b = mount(document.getElementById("b"), { src: "/_ob/md.json", lang: "en" });
Promise.all([a, b]).then(() => (document.documentElement.dataset.done = "ok"), (e) => (document.documentElement.dataset.done = String(e)));
</script></body></html>`);

// The plain build (a script tag's text thread that needs nothing more) or the core.
/** Page files of `n` posts each, numbered from `from`; `page` as given (its keys written as they are). */
function pageFile(from, n, page) {
  const posts = Array.from({ length: n }, (_, i) => ({ id: from + i, number: from + i, author: { name: `author ${from + i}` }, body: `Post ${from + i}.` }));
  return `{"version": 1, "title": "Paged", "posts": ${JSON.stringify(posts)}, "page": ${page}}`;
}
writeFileSync(join(dir, "paged1.json"), pageFile(1, 3, `{"first": 1, "last": 3, "total": 6, "next": "paged2.json", "prev": null}`));
writeFileSync(join(dir, "paged2.json"), pageFile(4, 3, `{"first": 4, "last": 6, "total": 6, "next": null, "prev": "paged1.json"}`));
// "ne\u0078t" is "next" once parsed: the entry's look does not see a page file.
writeFileSync(join(dir, "escaped1.json"), pageFile(1, 3, `{"first": 1, "last": 3, "total": 6, "ne\\u0078t": "paged2.json"}`));
// Just over 256 KB: parsed in slices, which only the core does.
writeFileSync(join(dir, "large.json"), thread(700, "text", (i) => `Post ${i}. ${"A sentence of a long thread, ".repeat(12)}`));
page("refresh.html", widget("text", { src: "/_ob/text.json", refresh: "60" }));
page("refresh-off.html", widget("text", { src: "/_ob/text.json", refresh: "off" }));
page("nested.html", widget("text", { src: "/_ob/text.json", layout: " nested" }));
// Markup a renderer wrote (here one the widget would not build: replaced, by the core, which adopts).
page("prerendered.html", widget("text", { src: "/_ob/text.json" }, '<section class="tw-thread" data-tw-hash="0"><p>An older rendering.</p></section>'));
page("paged.html", widget("paged", { src: "/_ob/paged1.json" }));
page("escaped.html", widget("paged", { src: "/_ob/escaped1.json" }));
page("large.html", widget("large", { src: "/_ob/large.json" }));
page("large-inline.html", widget("large", {}, inline(thread(700, "text", (i) => `Post ${i}. ${"A sentence of a long thread, ".repeat(12)}`))));
page("plain-and-core.html", widget("text", { src: "/_ob/text.json" }) + widget("paged", { src: "/_ob/paged1.json" }));
writeFileSync(join(dir, "module-text.html"), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>e2e: module-text.html</title></head><body><div id="a"></div>
<script type="module">
import { mount } from "/pkg/thread_widget.js";
mount(document.getElementById("a"), { src: "/_ob/text.json", lang: "en" }).then((w) => { window.w = w; document.documentElement.dataset.done = "ok"; }, (e) => (document.documentElement.dataset.done = String(e)));
</script></body></html>`);

const { test, site } = suite(["--test-routes", "--mount", `/_ob/=${dir}`, ...(process.env.TW_PKG ? ["--pkg", resolve(process.env.TW_PKG)] : [])]);

/** Requests the server has seen since entry `since` ({next, paths}). */
async function requests(since = 0) {
  return (await fetch(`${site.url}/_test/log?since=${since}`)).json();
}

/** Loads `path`, waits for `n` ready events and a moment more; returns the paths the server saw meanwhile. */
async function visit(page, path, n) {
  const since = (await requests()).next;
  await page.goto(path);
  await page.events("ready", n);
  await page.evaluate(() => new Promise((r) => setTimeout(r, 500))); // nothing more comes later
  return (await requests(since)).paths;
}

const wasm = (paths) => paths.filter((p) => p.endsWith(".wasm"));
const glue = (paths) => paths.filter((p) => /^\/pkg\/thread_widget_(core|plain|md|markdown|html|live|mastodon)\.js/.test(p));
const times = (paths, file) => paths.filter((p) => p === file).length;

async function clean(page) {
  assert.deepEqual((await page.console()).filter((m) => m.type === "error" || m.type === "warning"), [], "no error or warning in the console");
  assert.deepEqual(await page.errors(), []);
}

// ------------------------------------------------------------ one build

test("a Markdown thread's page fetches the Markdown build's .wasm only, and its thread file once", { engines: ALL }, async (page) => {
  const paths = await visit(page, "/_ob/md.html", 1);
  assert.deepEqual(wasm(paths), ["/pkg/thread_widget_markdown_bg.wasm"]);
  assert.deepEqual(glue(paths), ["/pkg/thread_widget_markdown.js"]);
  assert.equal(times(paths, "/_ob/md.json"), 1, paths.join(" "));
  assert.equal(await page.count("#md article.tw-post"), 4);
  assert.equal(await page.text("#md #post-2 .tw-body strong"), "Markdown");
  await clean(page);
});

test("a text thread's page fetches the plain build only, and its thread file once", { engines: ALL }, async (page) => {
  const paths = await visit(page, "/_ob/text.html", 1);
  assert.deepEqual(wasm(paths), ["/pkg/thread_widget_plain_bg.wasm"]);
  assert.deepEqual(glue(paths), ["/pkg/thread_widget_plain.js"]);
  assert.equal(times(paths, "/_ob/text.json"), 1, paths.join(" "));
  // A post that writes "format": "markdown" as words is text all the same.
  assert.match(await page.text("#text #post-1 .tw-body"), /\*not emphasis\*, "format": "markdown" as words/);
  await clean(page);
});

test("a text thread and a Markdown thread on one page: the Markdown build only, each file once, both rendered", { engines: ALL }, async (page) => {
  const paths = await visit(page, "/_ob/both.html", 2);
  assert.deepEqual(wasm(paths), ["/pkg/thread_widget_markdown_bg.wasm"]);
  assert.deepEqual(glue(paths), ["/pkg/thread_widget_markdown.js"]);
  assert.equal(times(paths, "/_ob/text.json"), 1, paths.join(" "));
  assert.equal(times(paths, "/_ob/md.json"), 1, paths.join(" "));
  assert.equal(await page.count("#text article.tw-post"), 4);
  assert.match(await page.text("#text #post-1 .tw-body"), /\*not emphasis\*/);
  assert.equal(await page.text("#md #post-1 .tw-body strong"), "Markdown");
  await clean(page);
});

test("HTML bodies beside a text thread: the HTML build only, each file once", { engines: ALL }, async (page) => {
  const paths = await visit(page, "/_ob/html.html", 2);
  assert.deepEqual(wasm(paths), ["/pkg/thread_widget_html_bg.wasm"]);
  assert.deepEqual(glue(paths), ["/pkg/thread_widget_html.js"]);
  assert.equal(times(paths, "/_ob/html.json"), 1, paths.join(" "));
  assert.equal(times(paths, "/_ob/text.json"), 1, paths.join(" "));
  assert.equal(await page.text("#html #post-3 .tw-body em"), "HTML");
  assert.equal(await page.count("#html #post-3 .tw-body > p"), 2);
  await clean(page);
});

test("a post's own \"format\": \"markdown\" in a text thread: the Markdown build only", { engines: ALL }, async (page) => {
  const paths = await visit(page, "/_ob/mixed.html", 1);
  assert.deepEqual(wasm(paths), ["/pkg/thread_widget_markdown_bg.wasm"]);
  assert.equal(times(paths, "/_ob/mixed.json"), 1, paths.join(" "));
  assert.equal(await page.text("#mixed #post-2 .tw-body strong"), "bold");
  await clean(page);
});

test("inline JSON: a text thread and a Markdown thread load the Markdown build only", { engines: ALL }, async (page) => {
  const paths = await visit(page, "/_ob/inline.html", 2);
  assert.deepEqual(wasm(paths), ["/pkg/thread_widget_markdown_bg.wasm"]);
  assert.equal(await page.text("#md #post-2 .tw-body strong"), "md 2");
  assert.equal(await page.count("#text article.tw-post"), 2);
  await clean(page);
});

test("ES module: two mount() calls in one task, text and Markdown, load the Markdown build only", { engines: ALL }, async (page) => {
  const since = (await requests()).next;
  await page.goto("/_ob/module.html");
  await page.waitFor(() => document.documentElement.dataset.done, null, { what: "both mount() calls to settle" });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.done), "ok");
  await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
  const paths = (await requests(since)).paths;
  assert.deepEqual(wasm(paths), ["/pkg/thread_widget_markdown_bg.wasm"]);
  assert.equal(times(paths, "/_ob/text.json"), 1, paths.join(" "));
  assert.equal(times(paths, "/_ob/md.json"), 1, paths.join(" "));
  assert.equal(await page.text("#b #post-1 .tw-body strong"), "Markdown");
  assert.equal(await page.count("#a article.tw-post"), 4);
  await clean(page);
});

test("a Markdown the entry's look misses still moves to the second build", { engines: ALL }, async (page) => {
  const paths = await visit(page, "/_ob/missed.html", 1);
  assert.deepEqual(wasm(paths).sort(), ["/pkg/thread_widget_md_bg.wasm", "/pkg/thread_widget_plain_bg.wasm"]);
  assert.equal(await page.text("#missed #post-1 .tw-body strong"), "missed");
  await clean(page);
});

test("a Markdown thread and an HTML thread on one page: the build with both readers only", { engines: ALL }, async (page) => {
  const paths = await visit(page, "/_ob/md-html.html", 2);
  assert.deepEqual(wasm(paths), ["/pkg/thread_widget_md_bg.wasm"]);
  assert.deepEqual(glue(paths), ["/pkg/thread_widget_md.js"]);
  assert.equal(await page.text("#md #post-2 .tw-body strong"), "Markdown");
  assert.equal(await page.text("#html #post-3 .tw-body em"), "HTML");
  await clean(page);
});

test("HTML the look misses in a Markdown thread: from the Markdown build to the one with both", { engines: ALL }, async (page) => {
  const paths = await visit(page, "/_ob/missed-html.html", 1);
  assert.deepEqual(wasm(paths), ["/pkg/thread_widget_markdown_bg.wasm", "/pkg/thread_widget_md_bg.wasm"]);
  assert.equal(await page.text("#later #post-1 .tw-body strong"), "md");
  assert.equal(await page.text("#later #post-2 .tw-body em"), "html");
  await clean(page);
});

// ------------------------------------------------------------ character references

test("references beyond the common ones: the whole table (entities.txt) is loaded once, and the Markdown and HTML widgets render again", { engines: ALL }, async (page) => {
  const since = (await requests()).next;
  await page.goto("/_ob/refs.html");
  await page.waitFor(() => /ℋ ☎ …/.test(document.querySelector("#md #post-1 .tw-body")?.textContent ?? "") && /♠ ☎ and &/.test(document.querySelector("#html #post-1 .tw-body")?.textContent ?? ""), null, { what: "the references rendered" });
  assert.equal(await page.text("#md #post-1 .tw-body code"), "&phone;", "a code span keeps the name as written");
  assert.equal(await page.text("#md #post-2 .tw-body"), "Only common ones: ¾ …");
  await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
  const paths = (await requests(since)).paths;
  assert.equal(times(paths, "/pkg/entities.txt"), 1, paths.join(" "));
  assert.deepEqual(wasm(paths), ["/pkg/thread_widget_md_bg.wasm"]);
  await clean(page);
});

test("common references only: no entities.txt", { engines: ALL }, async (page) => {
  const paths = await visit(page, "/_ob/refs-common.html", 2);
  assert.equal(times(paths, "/pkg/entities.txt"), 0, paths.join(" "));
  assert.equal(await page.text("#common #post-1 .tw-body"), "¾ … &");
  await clean(page);
});

test("renderToString of a body naming a reference beyond the common ones: the table read at once, the markup complete", { engines: ALL }, async (page) => {
  await page.goto("/_ob/refs-string.html");
  await page.waitFor(() => document.documentElement.dataset.done, null, { what: "renderToString" });
  const html = await page.evaluate(() => document.documentElement.dataset.done);
  assert.match(html, /ℋ ¾/);
  assert.doesNotMatch(html, /HilbertSpace/);
  await clean(page);
});

// ------------------------------------------------------------ failures, as before

/**
 * Mounts a widget on `src` (through the loader, as a page does) and returns
 * what it shows and what its error event and the console say.
 */
async function failure(page, src, extra = {}, churn = false) {
  await page.goto("/_ob/text.html");
  await page.events("ready", 1);
  await page.evaluate(([src, extra, churn]) => {
    // Garbage made while the request waits: collections happen meanwhile.
    if (churn) {
      let junk = [];
      const t = setInterval(() => {
        for (let k = 0; k < 200; k++) junk.push(new Array(10000).fill(k));
        if (junk.length > 2000) junk = [];
      }, 50);
      setTimeout(() => clearInterval(t), 3000);
    }
    const box = document.createElement("div");
    box.className = "thread-widget";
    box.id = "bad";
    box.dataset.src = src;
    box.dataset.lang = "en";
    Object.assign(box.dataset, extra);
    document.querySelector("main").append(box);
  }, [src, extra, churn]);
  await page.events("error", 1);
  const event = (await page.widgetEvents()).find((e) => e.type === "error");
  return { shown: await page.text("#bad"), message: event.detail.message, id: event.id, console: (await page.console()).filter((m) => m.type === "error").map((m) => m.text) };
}

const SHORT = "This discussion could not be loaded.";

test("failures say what they said before: 404, 500, invalid JSON, an HTML page, no answer in time", { engines: ALL }, async (page) => {
  const url = (p) => `${site.url}${p}`;
  const cases = [
    ["/_test/status/404", `${url("/_test/status/404")}: HTTP 404 Not Found`],
    ["/_test/status/500", `${url("/_test/status/500")}: HTTP 500 Internal Server Error`],
    ["/_test/body?text=%7B%22posts%22%3A", `${url("/_test/body?text=%7B%22posts%22%3A")}: invalid JSON: unexpected end of input: expected a value at line 1 column 10`],
    ["/_test/html", `${url("/_test/html")}: expected thread JSON but the server sent an HTML page (Content-Type: text/html; charset=utf-8)`],
  ];
  for (const [path, want] of cases) {
    const r = await failure(page, path);
    assert.equal(r.id, "bad");
    assert.equal(r.message, want, path);
    assert.equal(r.shown, SHORT, path);
    assert.ok(r.console.some((t) => t.includes(r.message)), `${path}: the console says ${r.message}`);
  }
  // No answer within data-timeout: the build's timer counts the time the entry waited.
  const t0 = Date.now();
  const r = await failure(page, "/_test/hang", { timeout: "1500" }, true);
  assert.equal(r.message, `${url("/_test/hang")}: no answer within 1.5 seconds`);
  assert.ok(Date.now() - t0 < 12_000, `${Date.now() - t0} ms`);
  // A lazy widget's request is the build's own (src/widget/fetch.rs), stopped
  // by the same limit. In both, the abort must outlive garbage collections:
  // WebKit lets go of the abort of fetch(request) once that Request is collected.
  const t1 = Date.now();
  const lazy = await failure(page, "/_test/hang?lazy", { timeout: "1500", loading: "lazy" }, true);
  assert.equal(lazy.message, `${url("/_test/hang?lazy")}: no answer within 1.5 seconds`);
  assert.ok(Date.now() - t1 < 12_000, `${Date.now() - t1} ms`);
});

test("a thread file on another origin that does not allow it (CORS): the same network error as before", { engines: ALL }, async (page) => {
  const other = await serve(["--test-routes"]);
  try {
    const src = `${other.url}/threads/seed.json`;
    const r = await failure(page, src);
    assert.equal(r.message, `${src}: network error (the server could not be reached, or it refused the request)`);
    assert.equal(r.shown, SHORT);
  } finally {
    await other.stop();
  }
});

// ------------------------------------------------------------ the plain build

// A script tag's widget (the loader's show) whose thread needs nothing more
// than the plain build has: no data-refresh, no page files, at most 256 KB.

test("data-refresh, the nested layout, prerendered markup, page files and a thread over 256 KB (fetched or inline) load the core; data-refresh=off the plain build", { engines: ALL }, async (page) => {
  for (const [path, id, want] of [
    ["/_ob/refresh.html", "text", "/pkg/thread_widget_bg.wasm"],
    ["/_ob/refresh-off.html", "text", "/pkg/thread_widget_plain_bg.wasm"],
    ["/_ob/nested.html", "text", "/pkg/thread_widget_bg.wasm"],
    ["/_ob/prerendered.html", "text", "/pkg/thread_widget_bg.wasm"],
    ["/_ob/paged.html", "paged", "/pkg/thread_widget_bg.wasm"],
    ["/_ob/large.html", "large", "/pkg/thread_widget_bg.wasm"],
    ["/_ob/large-inline.html", "large", "/pkg/thread_widget_bg.wasm"],
  ]) {
    const paths = await visit(page, path, 1);
    assert.deepEqual(wasm(paths), [want], path);
    assert.ok((await page.count(`#${id} article.tw-post`)) >= 3, path);
    await clean(page);
  }
  // Nested indeed (the attribute's spaces trimmed, as src/config.rs does).
  await visit(page, "/_ob/nested.html", 1);
  assert.equal(await page.count("#text .tw-posts.tw-nested"), 1);
  // The file's size is the look's, not the Content-Length's: the core sliced its parse.
  await visit(page, "/_ob/large.html", 1);
  const ready = (await page.widgetEvents()).find((e) => e.type === "ready");
  assert.ok(ready.detail.parseChunks > 1, JSON.stringify(ready.detail));
});

test("a plain thread and a paged one mounted together: the core only, both rendered, the page file joined by Load more", { engines: ALL }, async (page) => {
  const paths = await visit(page, "/_ob/plain-and-core.html", 2);
  assert.deepEqual(wasm(paths), ["/pkg/thread_widget_bg.wasm"]);
  assert.equal(await page.count("#text article.tw-post"), 4);
  assert.equal(await page.count("#paged article.tw-post"), 3);
  await page.press("#paged .tw-more button", "Enter");
  await page.waitFor(() => document.querySelectorAll("#paged article.tw-post").length === 6, null, { what: "posts 4 to 6 joined" });
  await clean(page);
});

test("a page whose script tags loaded the plain build: render() and renderToString() ask for init() first, then render with the core", { engines: ALL }, async (page) => {
  const paths = await visit(page, "/_ob/text.html", 1);
  assert.deepEqual(wasm(paths), ["/pkg/thread_widget_plain_bg.wasm"]);
  const since = (await requests()).next;
  const out = await page.evaluate(async () => {
    const m = await import("/pkg/thread_widget.js");
    const thread = { posts: [{ id: 1, author: { name: "a" }, body: "[b]bold[/b]", format: "bbcode" }] };
    const el = document.createElement("div");
    document.querySelector("main").append(el);
    const said = [];
    for (const call of [() => m.render(el, thread, { lang: "en" }), () => m.renderToString(thread, { lang: "en" })]) {
      try { call(); said.push("rendered"); } catch (e) { said.push(e.message); }
    }
    await m.default();
    m.render(el, thread, { lang: "en" });
    return { said, bold: el.querySelector("strong")?.textContent, html: /<strong>bold<\/strong>/.test(m.renderToString(thread, { lang: "en" })) };
  });
  const ask = "thread-widget: call `await init()` before render() and renderToString()";
  assert.deepEqual(out, { said: [ask, ask], bold: "bold", html: true });
  assert.deepEqual(wasm((await requests(since)).paths), ["/pkg/thread_widget_bg.wasm"]);
  await clean(page);
});

test("npm's mount() loads the core for a text thread: update() and setOptions() may need anything", { engines: ALL }, async (page) => {
  const since = (await requests()).next;
  await page.goto("/_ob/module-text.html");
  await page.waitFor(() => document.documentElement.dataset.done, null, { what: "mount() settled" });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.done), "ok");
  assert.deepEqual(wasm((await requests(since)).paths), ["/pkg/thread_widget_bg.wasm"]);
  await page.evaluate(() => window.w.update({ posts: [{ id: 1, author: { name: "a" }, body: "updated" }] }));
  assert.equal(await page.text("#a #post-1 .tw-body"), "updated");
});

test("a page file the look missed: the plain build hands the widget over at Load more, and the file is joined after", { engines: ALL }, async (page) => {
  const paths = await visit(page, "/_ob/escaped.html", 1);
  assert.deepEqual(wasm(paths), ["/pkg/thread_widget_plain_bg.wasm"]);
  assert.equal(await page.count("#paged article.tw-post"), 3);
  const since = (await requests()).next;
  await page.press("#paged .tw-more button", "Enter");
  // Mounted again by the build that has everything, from the same file.
  await page.events("ready", 2);
  assert.deepEqual(wasm((await requests(since)).paths), ["/pkg/thread_widget_md_bg.wasm"]);
  assert.equal(await page.count("#paged article.tw-post"), 3);
  await page.press("#paged .tw-more button", "Enter");
  await page.waitFor(() => document.querySelectorAll("#paged article.tw-post").length === 6, null, { what: "posts 4 to 6 joined" });
  await clean(page);
});
