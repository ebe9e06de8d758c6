// "Load more posts", end to end in headless Chromium (node:test):
//
//   node --test tests/e2e/more.mjs
//
// A 10,000-post thread is generated at test time as 13 page files of 800
// posts (about 480 KB each: parsed in slices) and as one file of 3,000
// posts; a few small files are written by hand (overlapping posts, a missing
// and a broken next file). The button joins the next page file (or, with
// data-page-size, the next page) after the posts shown, in the order shown;
// past 2,000 posts (MORE_KEEP in src/widget.rs) the ones shown first leave,
// with the reader's place kept. Everything asserted is structure (posts,
// their order, the header, links, focus, events, positions on screen after
// the page settled), never time. Needs pkg/ built (scripts/build.sh).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, repo, serve } from "./harness.mjs";

const POSTS = 10_000;
const FILE = 800;
const WAIT = { timeout: 120_000 };

let dir;
let site;
let browser;

const html = (body) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><base href="/"><title>load more</title></head>
<body><h1>Load more</h1>${body}
<script src="/pkg/thread-widget.js" async></script>
</body></html>
`;

/**
 * Writes a file the page reads again: the test server answers a conditional
 * request with 304 when the file's time, in whole seconds, is the one the
 * browser has, so each version gets a time of its own: a later second than
 * the version before it and than any time given before.
 */
let clock = 0;
function rewrite(name, text) {
  const path = join(dir, name);
  const before = existsSync(path) ? Math.floor(statSync(path).mtimeMs / 1000) : 0;
  clock = Math.max(clock, before, Math.floor(Date.now() / 1000)) + 1;
  // Whole or not at all: a refresh may be reading the file at this moment.
  writeFileSync(`${path}.new`, text);
  utimesSync(`${path}.new`, clock, clock);
  renameSync(`${path}.new`, path);
}

/** A small hand-made page file: posts `from`..=`to` (ids and numbers), `page` as given. */
function small(from, to, page) {
  const posts = [];
  for (let i = from; i <= to; i++) posts.push({ id: i, number: i, author: { name: `user ${i % 7}` }, body: `Post ${i}.\n\nSecond paragraph of post ${i}.` });
  return JSON.stringify({ version: 1, title: "Small thread", format: "text", posts, page }, null, 1);
}

before(async () => {
  if (!existsSync(join(repo, "pkg", "thread_widget_bg.wasm"))) throw new Error("pkg/ is not built: run scripts/build.sh first");
  dir = mkdtempSync(join(tmpdir(), "tw-more-"));
  const gen = join(repo, "www", "bench", "generate-thread.mjs");
  execFileSync(process.execPath, [gen, "--posts", String(POSTS), "--page-size", String(FILE), "--out-dir", join(dir, "split")], { stdio: "inherit" });
  execFileSync(process.execPath, [gen, "--posts", "3000", "--out", join(dir, "single.json")], { stdio: "inherit" });
  writeFileSync(join(dir, "a1.json"), small(1, 30, { first: 1, last: 30, total: 90, next: "a2.json", prev: null }));
  // Posts 29 and 30 again: the file grew since a1.json was written.
  writeFileSync(join(dir, "a2.json"), small(29, 60, { first: 29, last: 60, total: 90, next: "a3.json", prev: "a1.json" }));
  writeFileSync(join(dir, "files.html"), html(`<div class="thread-widget" id="w" data-src="/_more/split/page-1.json"></div>`));
  writeFileSync(join(dir, "newest.html"), html(`<div class="thread-widget" id="w" data-src="/_more/split/page-13.json" data-order="newest"></div>`));
  writeFileSync(join(dir, "paged.html"), html(`<div class="thread-widget" id="w" data-src="/_more/single.json" data-page-size="500"></div>`));
  writeFileSync(join(dir, "small.html"), html(`<div class="thread-widget" id="w" data-src="/_more/a1.json"></div><div class="thread-widget" id="other" data-src="/_more/a1.json"></div>`));
  site = await serve(["--mount", `/_more/=${dir}`]);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  site?.child.kill("SIGTERM");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(path) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const p = await context.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(String(e)));
  await p.addInitScript(() => {
    window.__events = [];
    document.addEventListener("thread-widget:ready", (e) => window.__events.push({ id: e.target.id, ready: e.detail }), true);
    document.addEventListener("thread-widget:error", (e) => window.__events.push({ id: e.target.id, error: e.detail }), true);
  });
  await p.goto(site.url + path);
  return { p, context, errors };
}

/** Waits for the `n`th event of the widget `#w`; returns it. */
async function nth(p, n) {
  await p.waitForFunction((n) => window.__events.filter((e) => e.id === "w").length >= n, n, WAIT);
  return p.evaluate((n) => window.__events.filter((e) => e.id === "w")[n - 1], n);
}

/** What the widget shows: post ids in order, the results line, the button, file links. */
const state = (p) =>
  p.evaluate(() => {
    const w = document.getElementById("w");
    const ids = [...w.querySelectorAll("article.tw-post")].map((a) => a.id.replace("post-", ""));
    return {
      ids,
      results: w.querySelector(".tw-results")?.textContent,
      button: w.querySelector(".tw-more button")?.textContent ?? null,
      next: w.querySelector(".tw-pager a.tw-next-file")?.getAttribute("href") ?? null,
      prev: w.querySelector(".tw-pager a.tw-prev-file")?.getAttribute("href") ?? null,
      focused: document.activeElement?.id ?? null,
    };
  });

/**
 * Presses the button by keyboard: a mouse click aims at a point, and the
 * posts near the screen get their real heights (content-visibility) while
 * the page scrolls to the button, which can move it under the pointer.
 */
async function more(p) {
  await p.focus("#w .tw-more button");
  await p.keyboard.press("Enter");
}

/** Two animation frames: the layout after the last change is done and painted. */
const settled = (p) => p.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));

const range = (a, b, step = 1) => Array.from({ length: Math.floor((b - a) / step) + 1 }, (_, i) => String(a + i * step));

test("page files, oldest first: each click joins the next file; past 2,000 posts the first file leaves and the reader stays put", async () => {
  const { p, context, errors } = await open("/_more/files.html");
  try {
    assert.ok((await nth(p, 1)).ready);
    let s = await state(p);
    assert.deepEqual(s.ids, range(1, 800));
    assert.equal(s.results, "Results 1 to 800 of 10,000");
    assert.equal(s.button, "Load more posts");

    // By keyboard: the button is a button.
    await p.focus("#w .tw-more button");
    await p.keyboard.press("Enter");
    const second = await nth(p, 2);
    assert.equal(second.ready?.posts, 1600, JSON.stringify(second));
    assert.ok(second.ready.parseChunks > 1, `the file was parsed in ${second.ready.parseChunks} task(s)`);
    s = await state(p);
    assert.deepEqual(s.ids, range(1, 1600));
    assert.equal(s.results, "Results 1 to 1,600 of 10,000");
    // Focus moves to the first new post; the pager's file link goes past both files.
    assert.equal(s.focused, "post-801");
    assert.ok(s.next.endsWith("/_more/split/page-3.json"), s.next);
    assert.equal(s.prev, null);

    // The third file: 2,400 posts are more than 2,000, so the first file leaves.
    // A reader scrolls (the wheel ends the widget's keeping of post 801 in place) to the button.
    await p.mouse.move(600, 400);
    await p.mouse.wheel(0, 200);
    await p.evaluate(() => document.querySelector("#w .tw-more button").scrollIntoView({ block: "end" }));
    await settled(p);
    const before = await p.evaluate(() => document.getElementById("post-1600").getBoundingClientRect().top);
    await p.click("#w .tw-more button");
    const third = await nth(p, 3);
    assert.equal(third.ready?.posts, 1600, JSON.stringify(third));
    await settled(p);
    s = await state(p);
    assert.deepEqual(s.ids, range(801, 2400));
    assert.equal(s.results, "Results 801 to 2,400 of 10,000");
    assert.equal(s.focused, "post-1601");
    assert.ok(s.prev.endsWith("/_more/split/page-1.json"), s.prev);
    assert.ok(s.next.endsWith("/_more/split/page-4.json"), s.next);
    const afterTop = await p.evaluate(() => document.getElementById("post-1600").getBoundingClientRect().top);
    assert.ok(Math.abs(afterTop - before) <= 2, `post 1600 was at ${before}px from the top, now ${afterTop}px`);

    // "Earlier posts" replaces the joined files with the file before them.
    await p.focus("#w .tw-pager a.tw-prev-file");
    await p.keyboard.press("Enter");
    const fourth = await nth(p, 4);
    assert.equal(fourth.ready?.posts, 800);
    s = await state(p);
    assert.deepEqual(s.ids, range(1, 800));
    assert.equal(s.results, "Results 1 to 800 of 10,000");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("newest first: the button joins the file before (page.prev), below the posts shown", async () => {
  const { p, context, errors } = await open("/_more/newest.html");
  try {
    assert.ok((await nth(p, 1)).ready);
    let s = await state(p);
    assert.deepEqual(s.ids, range(10000, 9601, -1));
    assert.equal(s.button, "Load more posts");
    await more(p);
    assert.equal((await nth(p, 2)).ready?.posts, 1200);
    s = await state(p);
    assert.deepEqual(s.ids, range(10000, 8801, -1));
    assert.equal(s.focused, "post-9600");
    assert.equal(s.results, "Results 8,801 to 10,000 of 10,000");
    assert.ok(s.prev.endsWith("/_more/split/page-11.json"), s.prev);
    assert.equal(s.next, null);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("data-page-size: the button joins the next page of the file, the pager marks the pages shown, at most 2,000 posts stay", async () => {
  const { p, context, errors } = await open("/_more/paged.html");
  try {
    assert.ok((await nth(p, 1)).ready);
    let s = await state(p);
    assert.deepEqual(s.ids, range(1, 500));
    assert.equal(s.results, "Results 1 to 500 of 3,000");
    await more(p);
    assert.ok((await nth(p, 2)).ready);
    s = await state(p);
    assert.deepEqual(s.ids, range(1, 1000));
    assert.equal(s.results, "Results 1 to 1,000 of 3,000");
    assert.equal(s.focused, "post-501");
    const pager = () =>
      p.$$eval("#w .tw-pager:last-of-type button", (bs) => bs.map((b) => [b.textContent, b.dataset.page, b.getAttribute("aria-current"), b.classList.contains("tw-page-shown"), b.disabled]));
    let buttons = await pager();
    assert.deepEqual(buttons.find((b) => b[0] === "1"), ["1", "1", "page", false, false]);
    assert.deepEqual(buttons.find((b) => b[0] === "2"), ["2", "2", null, true, false]);
    assert.equal(buttons.at(-1)[1], "3", "Next goes past the pages shown");
    for (let n = 3; n <= 5; n++) {
      await more(p);
      assert.ok((await nth(p, n)).ready);
    }
    // Five pages would be 2,500 posts: the first page left.
    s = await state(p);
    assert.deepEqual(s.ids, range(501, 2500));
    assert.equal(s.results, "Results 501 to 2,500 of 3,000");
    await more(p);
    assert.ok((await nth(p, 6)).ready);
    s = await state(p);
    assert.deepEqual(s.ids, range(1001, 3000));
    assert.equal(s.button, null, "the end of the thread: no button");
    buttons = await pager();
    assert.equal(buttons.at(-1)[4], true, "Next is disabled at the end");
    // A page number shows that page alone again.
    await p.focus("#w .tw-pager:last-of-type button[data-page='1']");
    await p.keyboard.press("Enter");
    await p.waitForFunction(() => document.querySelectorAll("#w article.tw-post").length === 500 && document.querySelector("#w article.tw-post:last-of-type").id === "post-500", null, WAIT);
    s = await state(p);
    assert.deepEqual(s.ids, range(1, 500));
    assert.equal(s.button, "Load more posts");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("posts in two files are shown once; a missing or broken next file keeps the posts, says so by the button and in the error event, and can be tried again", async () => {
  rmSync(join(dir, "a3.json"), { force: true });
  const { p, context, errors } = await open("/_more/small.html");
  try {
    assert.ok((await nth(p, 1)).ready);
    await more(p);
    assert.equal((await nth(p, 2)).ready?.posts, 60);
    let s = await state(p);
    assert.deepEqual(s.ids, range(1, 60));
    assert.equal(s.results, "Results 1 to 60 of 90");

    // a3.json does not exist.
    await more(p);
    const missing = (await nth(p, 3)).error;
    assert.ok(missing, "an error event");
    assert.match(missing.message, /^load more failed, keeping the posts shown: http:\/\/127\.0\.0\.1:\d+\/_more\/a3\.json: HTTP 404/);
    assert.deepEqual((await state(p)).ids, range(1, 60));
    assert.equal(await p.locator("#w .tw-more .tw-error[role=alert]").textContent(), "The next posts could not be loaded.");
    assert.equal(await p.locator("#w .tw-more button[aria-busy]").count(), 0);

    // Broken JSON: the error has its line and column.
    rewrite("a3.json", '{"version": 1,\n "posts": [}');
    await more(p);
    const broken = (await nth(p, 4)).error;
    assert.ok(broken, "an error event");
    assert.match(broken.message, /a3\.json: .*line 2 column 12/);
    assert.equal(await p.locator("#w .tw-more .tw-error").count(), 1, "one message, not two");

    // Fixed: the next click joins it and the message goes.
    rewrite("a3.json", small(61, 90, { first: 61, last: 90, total: 90, next: null, prev: "a2.json" }));
    await more(p);
    assert.equal((await nth(p, 5)).ready?.posts, 90);
    s = await state(p);
    assert.deepEqual(s.ids, range(1, 90));
    assert.equal(s.button, null);
    assert.equal(await p.locator("#w .tw-error").count(), 0);
    // The other widget on the page is untouched.
    assert.equal(await p.locator("#other article.tw-post").count(), 30);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("a page file with no posts: the button joins the next file all the same", async () => {
  writeFileSync(join(dir, "e0.json"), JSON.stringify({ version: 1, title: "Small thread", posts: [], page: { first: 1, last: 0, total: 90, next: "a1.json", prev: null } }));
  writeFileSync(join(dir, "empty.html"), html(`<div class="thread-widget" id="w" data-src="/_more/e0.json"></div>`));
  const { p, context, errors } = await open("/_more/empty.html");
  try {
    assert.equal((await nth(p, 1)).ready?.posts, 0);
    assert.equal(await p.locator("#w .tw-empty").count(), 1);
    await more(p);
    assert.equal((await nth(p, 2)).ready?.posts, 30);
    const s = await state(p);
    assert.deepEqual(s.ids, range(1, 30));
    assert.equal(s.results, "Results 1 to 30 of 90");
    assert.equal(s.button, "Load more posts", "a1.json has a next file too");
    assert.equal(await p.locator("#w .tw-more button[aria-busy]").count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("a next file whose posts are all shown already: nothing new, focus stays on the button", async () => {
  writeFileSync(join(dir, "d1.json"), small(1, 30, { first: 1, last: 30, total: 30, next: "d2.json", prev: null }));
  writeFileSync(join(dir, "d2.json"), small(21, 30, { first: 21, last: 30, total: 30, next: "d1.json", prev: "d1.json" }));
  writeFileSync(join(dir, "dup.html"), html(`<div class="thread-widget" id="w" data-src="/_more/d1.json"></div>`));
  const { p, context, errors } = await open("/_more/dup.html");
  try {
    assert.ok((await nth(p, 1)).ready);
    await more(p);
    assert.equal((await nth(p, 2)).ready?.posts, 30);
    const s = await state(p);
    assert.deepEqual(s.ids, range(1, 30));
    assert.equal(await p.evaluate(() => document.activeElement?.matches("#w .tw-more button")), true);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("data-refresh after load more re-reads the newest file joined: its new posts appear at the end, the first file stays", async () => {
  writeFileSync(join(dir, "r1.json"), small(1, 30, { first: 1, last: 30, total: 60, next: "r2.json", prev: null }));
  writeFileSync(join(dir, "r2.json"), small(31, 60, { first: 31, last: 60, total: 60, next: null, prev: "r1.json" }));
  writeFileSync(join(dir, "refresh.html"), html(`<div class="thread-widget" id="w" data-src="/_more/r1.json" data-refresh="5"></div>`));
  const { p, context, errors } = await open("/_more/refresh.html");
  try {
    assert.ok((await nth(p, 1)).ready);
    await more(p);
    await p.waitForFunction(() => document.querySelectorAll("#w article.tw-post").length === 60, null, WAIT).catch(async (e) => {
      throw new Error(`${e.message}\nevents: ${JSON.stringify(await p.evaluate(() => window.__events)).slice(0, 2000)}\nshown: ${JSON.stringify(await state(p)).slice(0, 500)}`);
    });
    const seen = await p.evaluate(() => window.__events.length);
    rewrite("r2.json", small(31, 61, { first: 31, last: 61, total: 61, next: null, prev: "r1.json" }));
    await p.waitForFunction((n) => window.__events.slice(n).some((e) => e.ready?.posts === 61), seen, WAIT).catch(async (e) => {
      throw new Error(`${e.message}\nevents: ${JSON.stringify(await p.evaluate(() => window.__events)).slice(0, 2000)}\nshown: ${JSON.stringify(await state(p)).slice(0, 500)}`);
    });
    const s = await state(p);
    assert.deepEqual(s.ids, range(1, 61));
    assert.equal(s.results, "Results 1 to 61 of 61");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
