// Threads parsed in slices (JSON text over 256 KB), end to end in headless
// Chromium (node:test):
//
//   node --test tests/e2e/sliced.mjs
//
// A 10,000-post thread (5.9 MB) is generated at test time and varied: a bad
// post late in the file, a repeated id, a second version for data-refresh.
// Everything asserted is structure (events, their details, paths, lines and
// columns, post ids and counts), never time. Needs pkg/ built (scripts/build.sh);
// TW_PKG=DIR tests another build of pkg/.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, rewrite as rewriteIn, serve } from "./harness.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const POSTS = 10_000;
const WAIT = { timeout: 120_000 };

let dir;
let site;
let browser;
let thread; // the generated thread, as an object

/** Writes a thread as JSON with one-space indentation (so lines mean something). */
function write(name, t) {
  const text = JSON.stringify(t, null, 1);
  writeFileSync(join(dir, name), text);
  return text;
}

/** Writes a new version of a file a page refreshes (harness.mjs's rewrite); returns its text. */
function rewrite(name, t) {
  const text = JSON.stringify(t, null, 1);
  rewriteIn(dir, name, text);
  return text;
}

/** Line and column (1-based, in characters) of the first `needle` in `text`, at `shift` characters into it. */
function where(text, needle, shift = 0) {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  const before = text.slice(0, at + shift);
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return { line, column };
}

const page = (body) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><base href="/"><title>sliced</title></head>
<body>${body}
<script src="/pkg/thread-widget.js" async></script>
</body></html>
`;

before(async () => {
  if (!existsSync(join(process.env.TW_PKG || join(repo, "pkg"), "thread_widget_bg.wasm"))) throw new Error("pkg/ is not built: run scripts/build.sh first");
  dir = mkdtempSync(join(tmpdir(), "tw-sliced-"));
  execFileSync(process.execPath, [join(repo, "www", "bench", "generate-thread.mjs"), "--posts", String(POSTS), "--out", join(dir, "gen.json")], { stdio: "inherit" });
  thread = JSON.parse(readFileSync(join(dir, "gen.json"), "utf8"));
  write("good.json", thread);
  writeFileSync(join(dir, "plain.html"), `<!doctype html><html lang="en"><head><meta charset="utf-8"><base href="/"><title>module</title></head><body><div id="w"></div></body></html>`);
  site = await serve(["--mount", `/_sliced/=${dir}`, ...(process.env.TW_PKG ? ["--pkg", process.env.TW_PKG] : [])]);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
});

after(async () => {
  await browser?.close();
  site?.child.kill("SIGTERM");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * Opens a page that records the widget's events and whether posts were ever
 * shown; `init(arg)`, if given, also runs before the page's scripts.
 */
async function open(path, init, arg) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const p = await context.newPage();
  const errors = [];
  const consoleErrors = [];
  p.on("pageerror", (e) => errors.push(String(e)));
  p.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  if (init) await p.addInitScript(init, arg);
  await p.addInitScript(() => {
    window.__events = [];
    document.addEventListener("thread-widget:ready", (e) => window.__events.push({ ready: e.detail }), true);
    document.addEventListener("thread-widget:error", (e) => window.__events.push({ error: e.detail }), true);
    // Did posts appear before the end (a first screen shown from the preview)?
    window.__postsSeen = 0;
    new MutationObserver(() => {
      window.__postsSeen = Math.max(window.__postsSeen, document.querySelectorAll("article.tw-post").length);
    }).observe(document, { childList: true, subtree: true });
  });
  await p.goto(site.url + path);
  return { p, context, errors, consoleErrors };
}

const events = (p, n) => p.waitForFunction((n) => window.__events.length >= n, n, WAIT).then(() => p.evaluate(() => window.__events));

test("a bad post late in a large file: the error event has its path, line and column; the widget shows its message", async () => {
  const t = structuredClone(thread);
  t.posts[9000].author = 123456789;
  const text = write("late.json", t);
  const at = where(text, '"author": 123456789', '"author": '.length);
  writeFileSync(join(dir, "late.html"), page(`<div class="thread-widget" id="late" data-src="/_sliced/late.json"></div>`));
  const { p, context, errors, consoleErrors } = await open("/_sliced/late.html");
  try {
    const ev = await events(p, 1);
    assert.equal(ev.length, 1, JSON.stringify(ev).slice(0, 500));
    const e = ev[0].error;
    assert.ok(e, "an error event, not ready");
    assert.equal(e.errors.length, 1);
    assert.deepEqual(e.errors[0], { path: "posts[9000].author", message: "expected an author object or a key of `users`, found the number 123456789", ...at });
    assert.ok(e.message.endsWith(`posts[9000].author: expected an author object or a key of \`users\`, found the number 123456789 at line ${at.line} column ${at.column}`), e.message);
    // The first screen was shown before post 9,000 was reached, then replaced by the message.
    assert.ok(await p.evaluate(() => window.__postsSeen) > 0, "a first screen was shown");
    assert.equal(await p.locator("#late article.tw-post").count(), 0);
    assert.equal(await p.locator("#late .tw-error[role=alert]").count(), 1);
    assert.ok(consoleErrors.some((m) => m.includes("posts[9000].author") && m.includes(`line ${at.line} column ${at.column}`)), consoleErrors.join("\n"));
    assert.equal((await p.evaluate(() => window.__events)).filter((x) => x.ready).length, 0, "no ready");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("mount() of a large file settles when the whole thread is validated: it rejects for a late error", async () => {
  const { p, context, errors } = await open("/_sliced/plain.html");
  try {
    const r = await p.evaluate(async () => {
      const m = await import("/pkg/thread_widget.js");
      await m.default({ markdown: true });
      const el = document.getElementById("w");
      const out = {};
      try {
        await m.mount(el, { src: "/_sliced/late.json" });
        out.resolved = true;
      } catch (e) {
        out.rejected = e.message;
      }
      out.errorShown = !!el.querySelector(".tw-error");
      try {
        await m.mount(el, { src: "/_sliced/good.json", pageSize: 50 });
        out.good = true;
      } catch (e) {
        out.good = e.message;
      }
      // Resolved: the whole thread is validated, the first page in place.
      out.posts = el.querySelectorAll("article.tw-post").length;
      await new Promise((ok) => (window.__events.some((x) => x.ready) ? ok() : el.addEventListener("thread-widget:ready", ok, { once: true })));
      out.ready = window.__events.find((x) => x.ready).ready;
      return out;
    });
    assert.equal(r.resolved, undefined);
    assert.match(r.rejected, /posts\[9000\]\.author: expected an author object or a key of `users`, found the number 123456789 at line \d+ column \d+/);
    assert.ok(r.errorShown);
    assert.equal(r.good, true);
    // At least the first screen (FIRST_SCREEN in src/widget.rs: 10 posts of a long page).
    assert.ok(r.posts >= 10, `${r.posts} posts when mount() resolved`);
    assert.equal(r.ready.posts, POSTS);
    assert.ok(r.ready.parseChunks > 1, `parsed in ${r.ready.parseChunks} task(s)`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("a repeated id in a large file: a duplicate-id error at the later post", async () => {
  const t = structuredClone(thread);
  t.posts[9500].id = t.posts[3].id;
  const text = write("dup.json", t);
  // The 9,501st `"id": 4` of the file is post 9,500's (ids also appear in reply_to as "reply_to": N).
  const needle = `"id": ${t.posts[3].id},\n   "number": ${t.posts[9500].number}`;
  const at = where(text, needle, '"id": '.length);
  writeFileSync(join(dir, "dup.html"), page(`<div class="thread-widget" id="dup" data-src="/_sliced/dup.json"></div>`));
  const { p, context } = await open("/_sliced/dup.html");
  try {
    const ev = await events(p, 1);
    const e = ev[0].error;
    assert.ok(e, JSON.stringify(ev).slice(0, 300));
    assert.deepEqual(e.errors, [{ path: "posts[9500].id", message: `duplicate post id "${t.posts[3].id}": posts[3] has it too`, ...at }]);
    assert.equal(await p.locator("#dup .tw-error").count(), 1);
  } finally {
    await context.close();
  }
});

test("newest first, a large file with a page size: the last posts first, the pager's totals", async () => {
  writeFileSync(join(dir, "newest.html"), page(`<div class="thread-widget" id="newest" data-src="/_sliced/good.json" data-order="newest" data-page-size="50"></div>`));
  const { p, context, errors } = await open("/_sliced/newest.html");
  try {
    const ev = await events(p, 1);
    const ready = ev[0].ready;
    assert.ok(ready, JSON.stringify(ev[0]).slice(0, 300));
    assert.equal(ready.posts, POSTS);
    assert.ok(ready.parseChunks > 1, `parsed in ${ready.parseChunks} task(s)`);
    const ids = await p.$$eval("#newest article.tw-post", (a) => a.map((x) => x.id));
    assert.equal(ids.length, 50);
    assert.deepEqual(ids, Array.from({ length: 50 }, (_, i) => `post-${thread.posts[POSTS - 1 - i].id}`));
    assert.equal(await p.locator("#newest .tw-results").first().textContent(), `Results 1 to 50 of ${POSTS.toLocaleString("en")}`);
    // Quote links to posts on other pages keep pointing at their anchors.
    assert.ok(await p.locator("#newest a[data-post]").count() > 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("refresh of a large file: unchanged text renders nothing again; a new version is parsed in slices and shown", async () => {
  write("live.json", thread);
  writeFileSync(join(dir, "live.html"), page(`<div class="thread-widget" id="live" data-src="/_sliced/live.json" data-refresh="5" data-page-size="20" data-order="newest"></div>`));
  const { p, context, errors } = await open("/_sliced/live.html");
  let fetches = 0;
  p.on("request", (r) => r.url().endsWith("/_sliced/live.json") && fetches++);
  try {
    const ev = await events(p, 1);
    assert.ok(ev[0].ready, JSON.stringify(ev[0]).slice(0, 300));
    // One refresh of the same text (by its hash): no new render.
    await p.waitForFunction(() => performance.getEntriesByType("resource").filter((r) => r.name.endsWith("/_sliced/live.json")).length >= 2, null, WAIT);
    const t = structuredClone(thread);
    const id = POSTS + 1;
    t.posts.push({ ...t.posts[POSTS - 1], id, number: id, body: "a new post" });
    rewrite("live.json", t);
    const all = await events(p, 2);
    assert.equal(all.length, 2, JSON.stringify(all).slice(0, 500));
    assert.equal(all[1].ready.posts, POSTS + 1);
    assert.ok(all[1].ready.parseChunks > 1, `parsed in ${all[1].ready.parseChunks} task(s)`);
    assert.equal(await p.locator("#live article.tw-post").first().getAttribute("id"), `post-${id}`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("render() of a large text or object: returns at once, parses in slices, the same DOM as the one-shot update()", async () => {
  const { p, context, errors } = await open("/_sliced/plain.html");
  try {
    const r = await p.evaluate(async () => {
      const m = await import("/pkg/thread_widget.js");
      await m.default({ markdown: true });
      const text = await (await fetch("/_sliced/good.json")).text();
      const el = document.getElementById("w");
      const next = (name) => new Promise((ok) => el.addEventListener(name, (e) => ok(e.detail), { once: true }));
      const out = {};
      for (const [kind, thread] of [["text", text], ["object", JSON.parse(text)]]) {
        for (const order of ["oldest", "newest"]) {
          const ready = next("thread-widget:ready");
          const handle = m.render(el, thread, { pageSize: 40, page: 2, order, lang: "en" });
          const postsAtReturn = el.querySelectorAll("article.tw-post").length;
          const detail = await ready;
          const sliced = el.innerHTML;
          // update() parses in one go: the same DOM.
          const again = next("thread-widget:ready");
          handle.update(thread);
          const once = await again;
          out[`${kind} ${order}`] = { postsAtReturn, parseChunks: detail.parseChunks, posts: detail.posts, onceChunks: once.parseChunks, same: sliced === el.innerHTML, ids: [...el.querySelectorAll("article.tw-post")].map((a) => a.id) };
          handle.destroy();
        }
      }
      // A bad post late in an object: no throw, an error event without line and column.
      const bad = JSON.parse(text);
      bad.posts[9000].author = 123456789;
      const failed = next("thread-widget:error");
      let threw = null;
      try {
        m.render(el, bad, {});
      } catch (e) {
        threw = e.message;
      }
      out.bad = { threw, error: await failed, shown: !!el.querySelector(".tw-error") };
      return out;
    });
    for (const [k, v] of Object.entries(r)) {
      if (k === "bad") continue;
      assert.equal(v.postsAtReturn, 0, `${k}: nothing rendered when render() returns`);
      assert.ok(v.parseChunks > 1, `${k}: parsed in ${v.parseChunks} task(s)`);
      assert.equal(v.onceChunks, 1, k);
      assert.equal(v.posts, POSTS, k);
      assert.ok(v.same, `${k}: the sliced render's DOM is the one-shot render's`);
      const ids = k.endsWith("newest") ? Array.from({ length: 40 }, (_, i) => thread.posts[POSTS - 41 - i].id) : Array.from({ length: 40 }, (_, i) => thread.posts[40 + i].id);
      assert.deepEqual(v.ids, ids.map((id) => `post-${id}`), k);
    }
    assert.equal(r.bad.threw, null);
    assert.ok(r.bad.shown);
    assert.deepEqual(r.bad.error.errors, [{ path: "posts[9000].author", message: "expected an author object or a key of `users`, found the number 123456789" }]);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("#post-N far down a long page: the post is joined at once, scrolled to and kept in place; the rest follows", async () => {
  // The good file's post 7,000: built and joined ahead of the slices (src/widget.rs, show_through).
  const id = String(thread.posts[6999].id);
  writeFileSync(join(dir, "jump.html"), page(`<div class="thread-widget" id="jump" data-src="/_sliced/good.json"></div>`));
  const { p, context, errors } = await open(`/_sliced/jump.html#post-${id}`, (id) => {
    window.__seenBeforeReady = false;
    new MutationObserver(() => {
      if (!window.__events?.length && document.querySelectorAll("article.tw-post").length < 10000 && document.getElementById("post-" + id)) window.__seenBeforeReady = true;
    }).observe(document, { childList: true, subtree: true });
  }, id);
  try {
    const ev = await events(p, 1);
    assert.equal(ev[0].ready.posts, POSTS);
    assert.equal(await p.locator("#jump article.tw-post").count(), POSTS);
    // In order: the ids in the DOM are the file's, none twice.
    const ids = await p.locator("#jump article.tw-post").evaluateAll((a) => a.map((x) => x.id));
    assert.deepEqual(ids, thread.posts.map((x) => "post-" + x.id));
    assert.ok(await p.evaluate(() => window.__seenBeforeReady), "the post was in the page before the slices reached it");
    // At the top of the screen (its scroll margin), after the heights above it settled.
    await p.waitForFunction((id) => {
      const el = document.getElementById("post-" + id);
      const margin = parseFloat(getComputedStyle(el).scrollMarginTop) || 0;
      return Math.abs(el.getBoundingClientRect().top - margin) < 5;
    }, id, WAIT);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
