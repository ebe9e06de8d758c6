// "Load more posts", end to end (node:test), in Chromium, Firefox ESR and
// WebKitGTK (tests/e2e/browsers.mjs; TW_ENGINES=chromium limits a run):
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
// the page settled), never time. Buttons and links are pressed by keyboard:
// a mouse click aims at a point, and the posts near the screen get their real
// heights (content-visibility) while the page scrolls to the button, which
// can move it under the pointer. Needs pkg/ built (scripts/build.sh).

import { after, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ALL, CHROMIUM, suite } from "./browsers.mjs";
import { repo, rewrite as rewriteIn } from "./harness.mjs";

const POSTS = 10_000;
const FILE = 800;
const WAIT = { timeout: 120_000 };

const dir = mkdtempSync(join(tmpdir(), "tw-more-"));

const html = (body) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><base href="/"><title>load more</title></head>
<body><h1>Load more</h1>${body}
<script src="/pkg/thread-widget.js" async></script>
</body></html>
`;

/** Writes a file the page reads again (harness.mjs's rewrite, in this suite's folder). */
const rewrite = (name, text) => rewriteIn(dir, name, text);

/** A small hand-made page file: posts `from`..=`to` (ids and numbers), `page` as given. */
function small(from, to, page) {
  const posts = [];
  for (let i = from; i <= to; i++) posts.push({ id: i, number: i, author: { name: `user ${i % 7}` }, body: `Post ${i}.\n\nSecond paragraph of post ${i}.` });
  return JSON.stringify({ version: 1, title: "Small thread", format: "text", posts, page }, null, 1);
}

// Registered before the suite's own hooks: the files exist before the server and the engines start.
before(() => {
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
});

const { test } = suite(["--mount", `/_more/=${dir}`]);

after(() => rmSync(dir, { recursive: true, force: true }));

/** Waits for the `n`th event of the widget `#w`; returns it as { ready: detail } or { error: detail }. */
async function nth(page, n) {
  await page.waitFor((n) => window.__tw.filter((e) => e.id === "w").length >= n, n, { ...WAIT, what: `event ${n} of #w` });
  const e = await page.evaluate((n) => window.__tw.filter((e) => e.id === "w")[n - 1], n);
  return { [e.type]: e.detail };
}

/** What the widget shows: post ids in order, the results line, the button, file links. */
const state = (page) =>
  page.evaluate(() => {
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

/** Waits as `wait` does; if it times out, the error also says what the widget shows. */
const showing = (page, wait) =>
  wait.catch(async (e) => {
    throw new Error(`${e.message}\nshown: ${JSON.stringify(await state(page)).slice(0, 500)}`);
  });

/** Presses the button by keyboard (see the top of the file). */
const more = (page) => page.press("#w .tw-more button", "Enter");

/** Two animation frames: the layout after the last change is done and painted. */
const settled = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));

/**
 * Until `sel` stays put on screen: the scroll position, its top and whether
 * each post from it up to the top of the screen is rendered (the others of
 * `content-visibility: auto` have an estimated height until the browser
 * renders them, which WebKitGTK, without scroll anchoring, shows as a jump)
 * the same in four samples in a row, all rendered, each sample taken two
 * animation frames after the last: counted in rendering updates, not in
 * time, which a loaded machine stretches.
 *
 * A post with less than a pixel on screen may never be rendered: WebKitGTK
 * left one 0.875 px on screen unrendered for two minutes in CI (its
 * content-visibility test rounds), and since it stays as it is, it cannot
 * move anything. Such a post is sampled as `edge`, not as rendered or not;
 * and a post left unrendered through twelve samples in a row with nothing
 * moving counts as settled too (the browser has judged it off screen).
 */
async function still(page, sel, { timeout = WAIT.timeout } = {}) {
  const end = Date.now() + timeout;
  const seen = [];
  for (let same = 0; same < 3; ) {
    if (Date.now() > end) throw new Error(`${page.engine}: ${sel} did not stay put on screen within ${timeout} ms: ${seen.slice(-5).join(" | ")}`);
    const now = await page.evaluate(async (sel) => {
      await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
      const out = [Math.round(scrollY)];
      const el = document.querySelector(sel);
      out.push(el.getBoundingClientRect().top);
      for (let p = el; p && p.getBoundingClientRect().bottom > 0; p = p.previousElementSibling) {
        if (p.localName !== "article") continue;
        const edge = p.getBoundingClientRect().bottom < 1;
        out.push(`${p.id}:${edge ? "edge" : (p.firstElementChild?.checkVisibility({ contentVisibilityAuto: true }) ?? true)}`);
      }
      return out.join(" ");
    }, sel);
    const unchanged = now === seen.at(-1);
    const run = unchanged ? (seen.run ?? 1) + 1 : 1;
    seen.run = run;
    same = unchanged && (!now.includes(":false") || run >= 12) ? same + 1 : 0;
    seen.push(now);
  }
}

const range = (a, b, step = 1) => Array.from({ length: Math.floor((b - a) / step) + 1 }, (_, i) => String(a + i * step));

test("page files, oldest first: each press joins the next file; past 2,000 posts the first file leaves and the reader stays put", { engines: ALL, timeout: 360_000 }, async (page) => {
  // (Longer than the waits below, so that a wait that times out says what the page did.)
  await page.goto("/_more/files.html");
  assert.ok((await nth(page, 1)).ready);
  let s = await state(page);
  assert.deepEqual(s.ids, range(1, 800));
  assert.equal(s.results, "Results 1 to 800 of 10,000");
  assert.equal(s.button, "Load more posts");

  // By keyboard: the button is a button.
  await more(page);
  const second = await nth(page, 2);
  assert.equal(second.ready?.posts, 1600, JSON.stringify(second));
  assert.ok(second.ready.parseChunks > 1, `the file was parsed in ${second.ready.parseChunks} task(s)`);
  s = await state(page);
  assert.deepEqual(s.ids, range(1, 1600));
  assert.equal(s.results, "Results 1 to 1,600 of 10,000");
  // Focus moves to the first new post; the pager's file link goes past both files.
  assert.equal(s.focused, "post-801");
  assert.ok(s.next.endsWith("/_more/split/page-3.json"), s.next);
  assert.equal(s.prev, null);

  // The third file: 2,400 posts are more than 2,000, so the first file leaves.
  // The widget keeps post 801 in place until the reader scrolls, clicks or
  // types: a key that does nothing else ends that here (End or the wheel
  // would scroll, with an animation that can outlast the scroll below).
  // Then the reader is at the button, and presses it once the posts around
  // it have their real heights and nothing moves.
  await page.key("Escape");
  await page.evaluate(() => {
    const b = document.querySelector("#w .tw-more button");
    b.scrollIntoView({ block: "end" });
    b.focus({ preventScroll: true });
  });
  await still(page, "#post-1600");
  const before = await page.evaluate(() => document.getElementById("post-1600").getBoundingClientRect().top);
  await page.key("Enter");
  const third = await nth(page, 3);
  assert.equal(third.ready?.posts, 1600, JSON.stringify(third));
  await settled(page);
  s = await state(page);
  assert.deepEqual(s.ids, range(801, 2400));
  assert.equal(s.results, "Results 801 to 2,400 of 10,000");
  assert.equal(s.focused, "post-1601");
  assert.ok(s.prev.endsWith("/_more/split/page-1.json"), s.prev);
  assert.ok(s.next.endsWith("/_more/split/page-4.json"), s.next);
  const afterTop = await page.evaluate(() => document.getElementById("post-1600").getBoundingClientRect().top);
  assert.ok(Math.abs(afterTop - before) <= 2, `post 1600 was at ${before}px from the top, now ${afterTop}px`);

  // "Earlier posts" replaces the joined files with the file before them.
  await page.press("#w .tw-pager a.tw-prev-file", "Enter");
  const fourth = await nth(page, 4);
  assert.equal(fourth.ready?.posts, 800);
  s = await state(page);
  assert.deepEqual(s.ids, range(1, 800));
  assert.equal(s.results, "Results 1 to 800 of 10,000");
  assert.deepEqual(await page.errors(), []);
});

test("newest first: the button joins the file before (page.prev), below the posts shown", { engines: CHROMIUM }, async (page) => {
  await page.goto("/_more/newest.html");
  assert.ok((await nth(page, 1)).ready);
  let s = await state(page);
  assert.deepEqual(s.ids, range(10000, 9601, -1));
  assert.equal(s.button, "Load more posts");
  await more(page);
  assert.equal((await nth(page, 2)).ready?.posts, 1200);
  s = await state(page);
  assert.deepEqual(s.ids, range(10000, 8801, -1));
  assert.equal(s.focused, "post-9600");
  assert.equal(s.results, "Results 8,801 to 10,000 of 10,000");
  assert.ok(s.prev.endsWith("/_more/split/page-11.json"), s.prev);
  assert.equal(s.next, null);
  assert.deepEqual(await page.errors(), []);
});

test("data-page-size: the button joins the next page of the file, the pager marks the pages shown, at most 2,000 posts stay", { engines: CHROMIUM }, async (page) => {
  await page.goto("/_more/paged.html");
  assert.ok((await nth(page, 1)).ready);
  let s = await state(page);
  assert.deepEqual(s.ids, range(1, 500));
  assert.equal(s.results, "Results 1 to 500 of 3,000");
  await more(page);
  assert.ok((await nth(page, 2)).ready);
  s = await state(page);
  assert.deepEqual(s.ids, range(1, 1000));
  assert.equal(s.results, "Results 1 to 1,000 of 3,000");
  assert.equal(s.focused, "post-501");
  const pager = () =>
    page.evaluate(() => [...document.querySelectorAll("#w .tw-pager:last-of-type button")].map((b) => [b.textContent, b.dataset.page, b.getAttribute("aria-current"), b.classList.contains("tw-page-shown"), b.disabled]));
  let buttons = await pager();
  assert.deepEqual(buttons.find((b) => b[0] === "1"), ["1", "1", "page", false, false]);
  assert.deepEqual(buttons.find((b) => b[0] === "2"), ["2", "2", null, true, false]);
  assert.equal(buttons.at(-1)[1], "3", "Next goes past the pages shown");
  for (let n = 3; n <= 5; n++) {
    await more(page);
    assert.ok((await nth(page, n)).ready);
  }
  // Five pages would be 2,500 posts: the first page left.
  s = await state(page);
  assert.deepEqual(s.ids, range(501, 2500));
  assert.equal(s.results, "Results 501 to 2,500 of 3,000");
  await more(page);
  assert.ok((await nth(page, 6)).ready);
  s = await state(page);
  assert.deepEqual(s.ids, range(1001, 3000));
  assert.equal(s.button, null, "the end of the thread: no button");
  buttons = await pager();
  assert.equal(buttons.at(-1)[4], true, "Next is disabled at the end");
  // A page number shows that page alone again.
  await page.press("#w .tw-pager:last-of-type button[data-page='1']", "Enter");
  await page.waitFor(() => document.querySelectorAll("#w article.tw-post").length === 500 && document.querySelector("#w article.tw-post:last-of-type").id === "post-500", null, { ...WAIT, what: "page 1 alone" });
  s = await state(page);
  assert.deepEqual(s.ids, range(1, 500));
  assert.equal(s.button, "Load more posts");
  assert.deepEqual(await page.errors(), []);
});

test("posts in two files are shown once; a missing or broken next file keeps the posts, says so by the button and in the error event, and can be tried again", { engines: CHROMIUM }, async (page) => {
  rmSync(join(dir, "a3.json"), { force: true });
  await page.goto("/_more/small.html");
  assert.ok((await nth(page, 1)).ready);
  await more(page);
  assert.equal((await nth(page, 2)).ready?.posts, 60);
  let s = await state(page);
  assert.deepEqual(s.ids, range(1, 60));
  assert.equal(s.results, "Results 1 to 60 of 90");

  // a3.json does not exist.
  await more(page);
  const missing = (await nth(page, 3)).error;
  assert.ok(missing, "an error event");
  assert.match(missing.message, /^load more failed, keeping the posts shown: http:\/\/127\.0\.0\.1:\d+\/_more\/a3\.json: HTTP 404/);
  assert.deepEqual((await state(page)).ids, range(1, 60));
  assert.equal(await page.text("#w .tw-more .tw-error[role=alert]"), "The next posts could not be loaded.");
  assert.equal(await page.count("#w .tw-more button[aria-busy]"), 0);

  // Broken JSON: the error has its line and column.
  rewrite("a3.json", '{"version": 1,\n "posts": [}');
  await more(page);
  const broken = (await nth(page, 4)).error;
  assert.ok(broken, "an error event");
  assert.match(broken.message, /a3\.json: .*line 2 column 12/);
  assert.equal(await page.count("#w .tw-more .tw-error"), 1, "one message, not two");

  // Fixed: the next press joins it and the message goes.
  rewrite("a3.json", small(61, 90, { first: 61, last: 90, total: 90, next: null, prev: "a2.json" }));
  await more(page);
  assert.equal((await nth(page, 5)).ready?.posts, 90);
  s = await state(page);
  assert.deepEqual(s.ids, range(1, 90));
  assert.equal(s.button, null);
  assert.equal(await page.count("#w .tw-error"), 0);
  // The other widget on the page is untouched.
  assert.equal(await page.count("#other article.tw-post"), 30);
  assert.deepEqual(await page.errors(), []);
});

test("a page file with no posts: the button joins the next file all the same", { engines: CHROMIUM }, async (page) => {
  writeFileSync(join(dir, "e0.json"), JSON.stringify({ version: 1, title: "Small thread", posts: [], page: { first: 1, last: 0, total: 90, next: "a1.json", prev: null } }));
  writeFileSync(join(dir, "empty.html"), html(`<div class="thread-widget" id="w" data-src="/_more/e0.json"></div>`));
  await page.goto("/_more/empty.html");
  assert.equal((await nth(page, 1)).ready?.posts, 0);
  assert.equal(await page.count("#w .tw-empty"), 1);
  await more(page);
  assert.equal((await nth(page, 2)).ready?.posts, 30);
  const s = await state(page);
  assert.deepEqual(s.ids, range(1, 30));
  assert.equal(s.results, "Results 1 to 30 of 90");
  assert.equal(s.button, "Load more posts", "a1.json has a next file too");
  assert.equal(await page.count("#w .tw-more button[aria-busy]"), 0);
  assert.deepEqual(await page.errors(), []);
});

test("a next file whose posts are all shown already: nothing new, focus stays on the button", { engines: CHROMIUM }, async (page) => {
  writeFileSync(join(dir, "d1.json"), small(1, 30, { first: 1, last: 30, total: 30, next: "d2.json", prev: null }));
  writeFileSync(join(dir, "d2.json"), small(21, 30, { first: 21, last: 30, total: 30, next: "d1.json", prev: "d1.json" }));
  writeFileSync(join(dir, "dup.html"), html(`<div class="thread-widget" id="w" data-src="/_more/d1.json"></div>`));
  await page.goto("/_more/dup.html");
  assert.ok((await nth(page, 1)).ready);
  await more(page);
  assert.equal((await nth(page, 2)).ready?.posts, 30);
  const s = await state(page);
  assert.deepEqual(s.ids, range(1, 30));
  assert.equal(await page.evaluate(() => document.activeElement?.matches("#w .tw-more button")), true);
  assert.deepEqual(await page.errors(), []);
});

test("data-refresh after load more re-reads the newest file joined: its new posts appear at the end, the first file stays", { engines: CHROMIUM }, async (page) => {
  writeFileSync(join(dir, "r1.json"), small(1, 30, { first: 1, last: 30, total: 60, next: "r2.json", prev: null }));
  writeFileSync(join(dir, "r2.json"), small(31, 60, { first: 31, last: 60, total: 60, next: null, prev: "r1.json" }));
  writeFileSync(join(dir, "refresh.html"), html(`<div class="thread-widget" id="w" data-src="/_more/r1.json" data-refresh="5"></div>`));
  await page.goto("/_more/refresh.html");
  assert.ok((await nth(page, 1)).ready);
  await more(page);
  await showing(page, page.waitFor(() => document.querySelectorAll("#w article.tw-post").length === 60, null, { ...WAIT, what: "60 posts after Load more" }));
  const seen = await page.evaluate(() => window.__tw.length);
  rewrite("r2.json", small(31, 61, { first: 31, last: 61, total: 61, next: null, prev: "r1.json" }));
  await showing(page, page.waitFor((n) => window.__tw.slice(n).some((e) => e.type === "ready" && e.detail?.posts === 61), seen, { ...WAIT, what: "a ready event with 61 posts after the rewrite" }));
  const s = await state(page);
  assert.deepEqual(s.ids, range(1, 61));
  assert.equal(s.results, "Results 1 to 61 of 61");
  assert.deepEqual(await page.errors(), []);
});
