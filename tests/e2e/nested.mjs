// data-layout="nested" in Chromium, Firefox ESR and WebKitGTK
// (tests/e2e/browsers.mjs): replies under the post they answer, the button
// that hides and shows them (by keyboard), a jump into a hidden subtree,
// paging by top-level posts, the state kept across renders, the DOM equal to
// renderToString's, a phone-sized viewport, and "Load more" joining page
// files (replies in a later file under posts of an earlier one).
//
//   node --test tests/e2e/nested.mjs        (needs pkg/ built: scripts/build.sh)

import assert from "node:assert/strict";
import { after } from "node:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ALL, CHROMIUM, suite } from "./browsers.mjs";
import { repo, rewrite as rewriteIn } from "./harness.mjs";

// Page files written by the "Load more" tests below, served at /_nested/.
const dir = mkdtempSync(join(tmpdir(), "tw-nested-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const { test } = suite(["--test-routes", "--mount", `/_nested/=${dir}`]);
const thread = JSON.parse(readFileSync(join(repo, "www", "threads", "conversation.json"), "utf8"));
const replyTo = new Map(thread.posts.filter((p) => p.reply_to != null).map((p) => [`post-${p.id}`, `post-${p.reply_to}`]));

/** Each article of the widget with the article it stands in and its depth. */
function placed(page, root) {
  return page.evaluate((root) => [...document.querySelectorAll(`${root} article.tw-post`)].map((a) => ({
    id: a.id,
    parent: a.parentElement.closest("article")?.id ?? null,
    depth: Number(a.dataset.depth),
  })), root);
}

/** Whether an element is rendered (not inside a hidden subtree). */
const visible = (page, sel) => page.evaluate((sel) => {
  const el = document.querySelector(sel);
  return !!el && el.getClientRects().length > 0;
}, sel);

test("every reply stands under the post it answers; deeper than six, beside it, saying whom it answers", { engines: ALL }, async (page) => {
  await page.goto("/_e2e/nested.html");
  await page.events("ready", 1);
  const shown = await placed(page, "#tree");
  assert.equal(shown.length, thread.posts.length);
  const depth = new Map(shown.map((s) => [s.id, s.depth]));
  let flattened = 0;
  for (const s of shown) {
    const r = replyTo.get(s.id);
    if (!r || r === "post-99") {
      assert.equal(s.parent, null, `${s.id} at the top level`);
    } else if (s.parent === r) {
      assert.equal(s.depth, depth.get(r) + 1, s.id);
    } else {
      flattened++;
      assert.equal(s.depth, 6, `${s.id} beside its parent at the depth limit`);
      assert.equal(await page.attr(`#${s.id} > header .tw-reply-to a`, "href"), `#${r}`);
    }
  }
  assert.equal(flattened, 4);
  assert.equal((await page.text("#tree .tw-results")).trim(), "Results 1 to 21 of 21");
  assert.equal((await page.text("#post-1 > .tw-toggle")).trim(), "17 replies");
});

test("a post's replies hide and show with its button, by keyboard; a jump into them opens them", { engines: ALL }, async (page) => {
  await page.goto("/_e2e/nested.html");
  await page.events("ready", 1);
  const button = "#tree #post-7 > .tw-toggle";
  assert.equal(await page.attr(button, "aria-expanded"), "true");
  assert.equal(await page.attr(button, "aria-controls"), "post-7-replies");
  assert.equal(await visible(page, "#tree #post-8"), true);
  await page.press(button, "Enter");
  assert.equal(await page.attr(button, "aria-expanded"), "false");
  assert.equal(await visible(page, "#tree #post-8"), false);
  assert.equal(await visible(page, "#tree #post-16"), false);
  // Focus stays on the button; Space opens it again.
  assert.equal(await page.evaluate((b) => document.activeElement === document.querySelector(b), button), true);
  await page.press(button, " ");
  assert.equal(await page.attr(button, "aria-expanded"), "true");
  assert.equal(await visible(page, "#tree #post-16"), true);

  // Hidden again, then #post-16 in the address: the subtree opens and the post is shown.
  await page.press(button, "Enter");
  assert.equal(await visible(page, "#tree #post-16"), false);
  await page.evaluate(() => { location.hash = "#post-16"; });
  await page.waitFor(() => {
    const el = document.querySelector("#tree #post-16");
    const r = el.getBoundingClientRect();
    return el.getClientRects().length > 0 && r.top >= 0 && r.top < innerHeight;
  }, null, { what: "post 16 opened and on screen" });
  assert.equal(await page.attr(button, "aria-expanded"), "true");
});

test("paging counts top-level posts with all their replies; a hidden subtree stays hidden across pages", { engines: ALL }, async (page) => {
  await page.goto("/_e2e/nested-paged.html");
  await page.events("ready", 1);
  const results = async () => (await page.text("#paged .tw-results")).trim();
  assert.equal(await results(), "Results 1 to 18 of 21");
  assert.deepEqual(await page.ids("#paged .tw-posts > article"), ["post-1"]);
  await page.press("#paged #post-2 > .tw-toggle", "Enter");
  await page.press("#paged .tw-page-next", "Enter");
  assert.equal(await results(), "Results 19 to 20 of 21");
  assert.deepEqual(await page.ids("#paged article.tw-post"), ["post-19", "post-20"]);
  await page.press("#paged .tw-page-prev", "Enter");
  assert.equal(await results(), "Results 1 to 18 of 21");
  assert.equal(await page.attr("#paged #post-2 > .tw-toggle", "aria-expanded"), "false");
  assert.equal(await visible(page, "#paged #post-3"), false);
  // A jump to a post on another page shows that page.
  await page.evaluate(() => { location.hash = "#post-20"; });
  await page.waitFor(() => document.querySelector("#paged #post-20") !== null, null, { what: "the page of post 20" });
  assert.equal(await results(), "Results 19 to 20 of 21");
  // Load more adds the next top-level post, with its replies, below.
  await page.press("#paged .tw-more > button", "Enter");
  await page.waitFor(() => document.querySelector("#paged #post-21") !== null, null, { what: "post 21 joined" });
  assert.equal(await results(), "Results 19 to 21 of 21");
  assert.deepEqual(await page.ids("#paged .tw-posts > article"), ["post-19", "post-21"]);
  assert.equal(await page.count("#paged .tw-more"), 0);
});

test("the DOM equals renderToString's, and a phone-sized viewport needs no sideways scroll", { engines: ALL }, async (page) => {
  await page.viewport(375, 740);
  await page.goto("/_e2e/nested.html");
  await page.events("ready", 1);
  const same = await page.evaluate(async () => {
    const m = await import("/pkg/thread_widget.js");
    await m.default();
    const thread = await (await fetch("/threads/conversation.json")).json();
    const box = document.createElement("div");
    box.innerHTML = m.renderToString(thread, { layout: "nested", lang: "en" });
    // The renderers' markup hash (tests/e2e/adopt.mjs): the widget's own DOM has none.
    box.firstElementChild.removeAttribute("data-tw-hash");
    const shown = document.querySelector("#tree > .tw-thread").cloneNode(true);
    // Relative dates and Intl formatting differ by design; compare the structure and words.
    const strip = (el) => el.outerHTML.replace(/<time[^>]*>[^<]*<\/time>/g, "<time>");
    return strip(shown) === strip(box.firstElementChild) || [strip(shown).slice(0, 400), strip(box.firstElementChild).slice(0, 400)];
  });
  assert.equal(same, true);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at 375 px`);
  // The deepest reply still has room for its text: at least half the widget's width.
  const share = await page.evaluate(() => {
    const deep = document.querySelector("#tree #post-16 .tw-body").getBoundingClientRect().width;
    return deep / document.querySelector("#tree").getBoundingClientRect().width;
  });
  assert.ok(share >= 0.5, `the deepest body gets ${Math.round(share * 100)}% of the width`);
});

test("Arabic: right to left, the thread line on the right, plural words", { engines: CHROMIUM }, async (page) => {
  await page.goto("/_e2e/nested-ar.html");
  await page.events("ready", 1);
  await page.waitFor(() => document.querySelector("#tree .tw-thread")?.getAttribute("lang") === "ar", null, { what: "the Arabic catalog" });
  const side = await page.evaluate(() => {
    const replies = document.querySelector("#post-1-replies");
    const s = getComputedStyle(replies);
    return { right: s.borderRightWidth, left: s.borderLeftWidth };
  });
  assert.deepEqual(side, { right: "2px", left: "0px" });
  assert.equal((await page.text("#post-17 > .tw-toggle")).trim(), "ردّ واحد");
});

test("refresh slots new replies under their parents, keeps the reader's place and what they folded", { engines: ALL }, async (page) => {
  const key = "nested-refresh";
  const hit = async (path) => assert.equal((await fetch(page.site.url + path)).status, 200, path);
  await hit(`/_test/reset?key=${key}`);
  await hit(`/_test/grow?key=${key}&by=5`); // 8 posts: post i answers post i/2
  await page.goto("/_e2e/nested-refresh.html");
  await page.events("ready", 1);
  assert.deepEqual(await page.ids("#grow article.tw-post"), ["post-1", "post-2", "post-4", "post-8", "post-5", "post-3", "post-6", "post-7"]);
  await page.press("#grow #post-3 > .tw-toggle", "Enter");
  // Read from post 5: the first post whose top is on screen.
  await page.evaluate(() => {
    document.querySelector("#post-5").scrollIntoView({ block: "start" });
    window.scrollBy(0, -10);
  });
  const top5 = () => page.evaluate(() => Math.round(document.querySelector("#post-5").getBoundingClientRect().top));
  const before = await top5();
  assert.ok(before > 0 && before < 40, `post 5 near the top of the screen (${before})`);

  await hit(`/_test/grow?key=${key}`); // post 9 answers post 4: above the reader
  await page.waitFor(() => document.querySelector("#post-9"), null, { timeout: 30_000, what: "post 9" });
  assert.equal(await page.evaluate(() => document.querySelector("#post-9").parentElement.id), "post-4-replies");
  assert.deepEqual(await page.ids("#grow article.tw-post"), ["post-1", "post-2", "post-4", "post-8", "post-9", "post-5", "post-3", "post-6", "post-7"]);
  assert.equal((await page.text("#grow #post-4 > .tw-toggle")).trim(), "2 replies");
  const seen = [];
  for (let i = 0; i < 10; i++) { seen.push(await top5()); await new Promise((r) => setTimeout(r, 100)); }
  const after = await top5();
  assert.ok(Math.abs(after - before) <= 2, `post 5 moved from ${before} to ${after} (${seen})`);
  assert.equal(await page.attr("#grow #post-3 > .tw-toggle", "aria-expanded"), "false");
  assert.equal(await visible(page, "#grow #post-6"), false);
  assert.deepEqual(await page.errors(), []);
});

test("10,000 replies under one post: a bounded DOM, the rest built by its buttons and by a jump", { engines: ALL, timeout: 240_000 }, async (page) => {
  await page.goto("/_e2e/nested-big.html");
  await page.events("ready", 1, { timeout: 120_000 });
  const articles = () => page.count("#big article.tw-post");
  // The top post and the widget's budget of 300 replies; the rest wait behind buttons.
  assert.equal(await articles(), 301);
  assert.equal((await page.text("#big #post-1 > .tw-toggle")).trim(), "10,000 replies");
  const promised = await page.evaluate(() => {
    let n = 0;
    for (const b of document.querySelectorAll("#big .tw-more-replies")) n += Number(b.textContent.match(/[\d,]+/)[0].replace(/,/g, ""));
    for (const d of document.querySelectorAll("#big .tw-replies[data-unloaded]")) n += Number(d.previousElementSibling.dataset.replies);
    return n;
  });
  assert.equal(promised, 10_000 - 300, "every reply not built is counted by a button");

  // "Show N more replies", by keyboard: the next replies take its place and focus moves to the first.
  const more = await page.evaluate(() => {
    const b = document.querySelector("#big .tw-more-replies");
    b.id = "the-more";
    return { before: b.previousElementSibling?.id ?? null, n: Number(b.textContent.match(/[\d,]+/)[0].replace(/,/g, "")) };
  });
  const was = await articles();
  await page.press("#the-more", "Enter");
  await page.waitFor(() => !document.querySelector("#the-more"), null, { what: "the button replaced" });
  const added = (await articles()) - was;
  assert.equal(added, Math.min(300, more.n));
  assert.equal(await page.evaluate((before) => {
    const first = before ? document.getElementById(before).nextElementSibling : null;
    return document.activeElement === first && first.tagName === "ARTICLE";
  }, more.before), true, "focus on the first reply built");

  // A jump to the last reply builds the replies that hold it, opens them and shows it.
  const before = await articles();
  await page.evaluate(() => { location.hash = "#post-10001"; });
  await page.waitFor(() => {
    const el = document.querySelector("#big #post-10001");
    if (!el || el.getClientRects().length === 0) return false;
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.top < innerHeight;
  }, null, { timeout: 60_000, what: "post 10001 built and on screen" });
  const after = await articles();
  assert.ok(after - before <= 9 * 300, `the jump built ${after - before} articles`);
  assert.deepEqual(await page.errors(), []);
});

test("298 replies a post: the post the budget ends on is folded, and its button builds its replies", { engines: ALL, timeout: 240_000 }, async (page) => {
  await page.goto("/_e2e/nested-wide.html");
  await page.events("ready", 1, { timeout: 120_000 });
  // Post 2 and its 298 replies, then post 3 with the last of the 300: folded, nothing built under it.
  assert.equal(await page.count("#wide article.tw-post"), 301);
  assert.equal(await page.attr("#wide #post-3 > .tw-toggle", "aria-expanded"), "false");
  assert.equal(await page.evaluate(() => document.querySelector("#post-3-replies").hasAttribute("data-unloaded")), true);
  assert.equal(await page.count("#post-3-replies > *"), 0);
  assert.equal((await page.text("#wide #post-1 > .tw-replies > .tw-more-replies")).trim(), `Show ${(10_000 - 300 - 298 * 1).toLocaleString("en")} more replies`);
  await page.press("#wide #post-3 > .tw-toggle", "Enter");
  assert.equal(await page.attr("#wide #post-3 > .tw-toggle", "aria-expanded"), "true");
  assert.equal(await page.count("#post-3-replies > article"), 298);
  assert.equal(await visible(page, "#post-3-replies > article"), true);
  assert.deepEqual(await page.errors(), []);
});

// ------------------------------------------------------------ Load more across page files

const html = (body) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><base href="/"><title>nested load more</title></head>
<body><h1>Load more, nested</h1>${body}<div style="height: 150vh"></div>
<script src="/pkg/thread-widget.js" async></script>
</body></html>
`;

/** Writes a file the page reads again (harness.mjs's rewrite, in this suite's folder). */
const rewrite = (name, text) => rewriteIn(dir, name, text);

/** A page file: `posts` as [id, reply_to or null] (or [id, reply_to, body]), `page` as given. */
function pageFile(posts, page) {
  const out = posts.map(([id, to, body]) => ({
    id,
    number: id,
    author: { name: `user ${id % 7}` },
    body: body ?? `Post ${id}.\n\nSecond paragraph of post ${id}.`,
    ...(to == null ? {} : { reply_to: to }),
  }));
  return JSON.stringify({ version: 1, title: "A conversation in page files", format: "text", posts: out, page }, null, 1);
}

/** Waits for the `n`th event of the widget `#w`; returns it as { ready: detail } or { error: detail }. */
async function nth(page, n, timeout = 60_000) {
  await page.waitFor((n) => window.__tw.filter((e) => e.id === "w").length >= n, n, { timeout, what: `event ${n} of #w` });
  const e = await page.evaluate((n) => window.__tw.filter((e) => e.id === "w")[n - 1], n);
  return { [e.type]: e.detail };
}

/**
 * What the widget shows: every article in the order shown with the article
 * it stands in, the top-level ones, the results line, the button, focus.
 */
const shownState = (page) =>
  page.evaluate(() => {
    const w = document.getElementById("w");
    const id = (el) => el?.id.replace(/^post-/, "") ?? null;
    const articles = [...w.querySelectorAll("article.tw-post")];
    return {
      ids: articles.map(id),
      parents: Object.fromEntries(articles.map((a) => [id(a), id(a.parentElement.closest("article"))])),
      top: [...w.querySelectorAll(".tw-posts > article")].map(id),
      results: w.querySelector(".tw-results")?.textContent ?? null,
      button: w.querySelector(".tw-more button")?.textContent ?? null,
      focused: document.activeElement?.id ?? null,
    };
  });

/** Asserts that each id in `ids` is shown exactly once, and nothing else. */
function onceEach(s, ids) {
  const count = new Map();
  for (const id of s.ids) count.set(id, (count.get(id) ?? 0) + 1);
  const twice = [...count].filter(([, n]) => n > 1).map(([id]) => id);
  assert.deepEqual(twice, [], `shown more than once: ${twice.slice(0, 20)} (shown: ${s.ids.slice(0, 60)})`);
  const want = new Set(ids.map(String));
  const extra = s.ids.filter((id) => !want.has(id));
  const missing = [...want].filter((id) => !count.has(id));
  assert.ok(extra.length === 0 && missing.length === 0, `shown but not expected: ${extra.slice(0, 20)}; missing: ${missing.slice(0, 20)}`);
}

/** Asserts that each reply stands in its parent's article (`#post-P #post-R`), and the others at the top level. */
function underParents(s, replyTo) {
  for (const id of s.ids) {
    const want = replyTo.get(id) ?? null;
    const parent = want != null && s.ids.includes(want) ? want : null;
    assert.equal(s.parents[id], parent, `post ${id} stands in ${s.parents[id]}, not in ${parent}`);
  }
}

/** Two animation frames a few times over, until `sel`'s top (and the scroll position) stay the same three samples running. */
async function stillTop(page, sel) {
  let last = null;
  for (let same = 0, tries = 0; same < 3; tries++) {
    if (tries > 200) throw new Error(`${page.engine}: ${sel} did not stay put`);
    const now = await page.evaluate(async (sel) => {
      await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
      return `${Math.round(scrollY)} ${document.querySelector(sel)?.getBoundingClientRect().top}`;
    }, sel);
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return Number(last.split(" ")[1]);
}

// n1.json: 1 and 3 top-level, 2 answers 1, 4 answers 3, 5 answers 2 (the same file).
// n2.json: post 5 again (the file grew since n1 was written), 6 answers 1 and 8
// answers 4 (the file before), 7 top-level, 9 answers 7 and 10 answers 6 (this file).
// n3.json: 11 answers 9 (the file before), 14 answers 3 (two files before),
// 12 and 15 top-level, 13 answers 12.
const N1 = [[1, null], [2, 1], [3, null], [4, 3], [5, 2]];
const N2 = [[5, 2], [6, 1], [7, null], [8, 4], [9, 7], [10, 6]];
const N3 = [[11, 9], [12, null], [13, 12], [14, 3], [15, null]];
const replyMap = (...files) => new Map(files.flat().filter(([, to]) => to != null).map(([id, to]) => [String(id), String(to)]));

test("Load more across page files: each post once, each reply in its parent's article, the reader's place kept, focus on the first new top-level post; a refresh of the newest file keeps each post once", { engines: ALL, timeout: 180_000 }, async (page) => {
  writeFileSync(join(dir, "n1.json"), pageFile(N1, { first: 1, last: 5, total: 15, next: "n2.json", prev: null }));
  writeFileSync(join(dir, "n2.json"), pageFile(N2, { first: 5, last: 10, total: 15, next: "n3.json", prev: "n1.json" }));
  rewrite("n3.json", pageFile(N3, { first: 11, last: 15, total: 15, next: null, prev: "n2.json" }));
  writeFileSync(join(dir, "files.html"), html(`<div class="thread-widget" id="w" data-src="/_nested/n1.json" data-layout="nested" data-refresh="5"></div>`));
  await page.goto("/_nested/files.html");
  assert.ok((await nth(page, 1)).ready);
  let s = await shownState(page);
  assert.deepEqual(s.ids, ["1", "2", "5", "3", "4"]);
  assert.equal(s.results, "Results 1 to 5 of 15");
  assert.equal(s.button, "Load more posts");

  // The reader reads from post 3, near the top of the screen, and presses the
  // button by keyboard (focused where it is, without scrolling to it).
  await page.evaluate(() => {
    document.querySelector("#post-3").scrollIntoView({ block: "start" });
    window.scrollBy(0, -10);
    document.querySelector("#w .tw-more button").focus({ preventScroll: true });
  });
  const before = await stillTop(page, "#post-3");
  assert.ok(before > 0 && before < 40, `post 3 near the top of the screen (${before})`);
  await page.key("Enter");
  const second = await nth(page, 2);
  assert.equal(second.ready?.posts, 10, JSON.stringify(second));
  s = await shownState(page);
  onceEach(s, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(s.ids, ["1", "2", "5", "6", "10", "3", "4", "8", "7", "9"]);
  underParents(s, replyMap(N1, N2));
  assert.deepEqual(s.top, ["1", "3", "7"]);
  assert.equal(s.results, "Results 1 to 10 of 15");
  assert.equal(s.focused, "post-7", "focus on the first new top-level post");
  // Posts 6 and 10 joined above post 3: the reader's place stays where it was.
  const afterTop = await stillTop(page, "#post-3");
  assert.ok(Math.abs(afterTop - before) <= 2, `post 3 was at ${before}px from the top, now ${afterTop}px`);

  await page.press("#w .tw-more button", "Enter");
  const third = await nth(page, 3);
  assert.equal(third.ready?.posts, 15, JSON.stringify(third));
  s = await shownState(page);
  onceEach(s, Array.from({ length: 15 }, (_, i) => i + 1));
  assert.deepEqual(s.ids, ["1", "2", "5", "6", "10", "3", "4", "8", "14", "7", "9", "11", "12", "13", "15"]);
  underParents(s, replyMap(N1, N2, N3));
  assert.deepEqual(s.top, ["1", "3", "7", "12", "15"]);
  assert.equal(s.results, "Results 1 to 15 of 15");
  assert.equal(s.focused, "post-12");
  assert.equal(s.button, null, "the last file: no button");

  // data-refresh re-reads the newest file joined: a new reply to a post of
  // the first file, a reply to it, and post 12 edited. Each post still once.
  const seen = await page.evaluate(() => window.__tw.length);
  const N3b = [...N3, [16, 2], [17, 16]].map(([id, to]) => [id, to, id === 12 ? "Post 12, edited." : undefined]);
  rewrite("n3.json", pageFile(N3b, { first: 11, last: 17, total: 17, next: null, prev: "n2.json" }));
  await page.waitFor((n) => window.__tw.slice(n).some((e) => e.id === "w" && e.type === "ready" && e.detail?.posts === 17), seen, { timeout: 60_000, what: "a ready event with 17 posts after the rewrite" });
  s = await shownState(page);
  onceEach(s, Array.from({ length: 17 }, (_, i) => i + 1));
  assert.deepEqual(s.ids, ["1", "2", "5", "16", "17", "6", "10", "3", "4", "8", "14", "7", "9", "11", "12", "13", "15"]);
  underParents(s, replyMap(N1, N2, N3b));
  assert.equal(s.results, "Results 1 to 17 of 17");
  assert.equal((await page.text("#w #post-12 > .tw-body")).trim(), "Post 12, edited.");
  assert.deepEqual(await page.errors(), []);
});

test("newest first: Load more joins the file before (page.prev) under the posts shown, and a refresh re-reads the first file, the newest", { engines: CHROMIUM, timeout: 120_000 }, async (page) => {
  writeFileSync(join(dir, "o1.json"), pageFile(N1, { first: 1, last: 5, total: 15, next: "o2.json", prev: null }));
  writeFileSync(join(dir, "o2.json"), pageFile(N2, { first: 5, last: 10, total: 15, next: "o3.json", prev: "o1.json" }));
  rewrite("o3.json", pageFile(N3, { first: 11, last: 15, total: 15, next: null, prev: "o2.json" }));
  writeFileSync(join(dir, "newest.html"), html(`<div class="thread-widget" id="w" data-src="/_nested/o3.json" data-layout="nested" data-order="newest" data-refresh="5"></div>`));
  await page.goto("/_nested/newest.html");
  assert.ok((await nth(page, 1)).ready);
  let s = await shownState(page);
  // 11 and 14 answer posts of files not joined yet: at the top level for now.
  assert.deepEqual(s.ids, ["15", "14", "12", "13", "11"]);
  assert.equal(s.results, "Results 11 to 15 of 15");
  await page.press("#w .tw-more button", "Enter");
  assert.equal((await nth(page, 2)).ready?.posts, 11);
  s = await shownState(page);
  onceEach(s, [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  assert.deepEqual(s.ids, ["15", "14", "12", "13", "8", "7", "9", "11", "6", "10", "5"]);
  underParents(s, replyMap(N2, N3));
  assert.equal(s.results, "Results 5 to 15 of 15");
  assert.equal(s.focused, "post-8", "focus on the first new top-level post");
  await page.press("#w .tw-more button", "Enter");
  assert.equal((await nth(page, 3)).ready?.posts, 15);
  s = await shownState(page);
  onceEach(s, Array.from({ length: 15 }, (_, i) => i + 1));
  assert.deepEqual(s.ids, ["15", "12", "13", "7", "9", "11", "3", "14", "4", "8", "1", "6", "10", "2", "5"]);
  underParents(s, replyMap(N1, N2, N3));
  assert.deepEqual(s.top, ["15", "12", "7", "3", "1"]);
  assert.equal(s.results, "Results 1 to 15 of 15");
  assert.equal(s.focused, "post-3");
  assert.equal(s.button, null);

  // The newest file is the one the widget started from: its posts are replaced, not doubled or kept stale.
  const seen = await page.evaluate(() => window.__tw.length);
  const N3b = [...N3, [16, 2], [17, 16]].map(([id, to]) => [id, to, id === 12 ? "Post 12, edited." : undefined]);
  rewrite("o3.json", pageFile(N3b, { first: 11, last: 17, total: 17, next: null, prev: "o2.json" }));
  await page.waitFor((n) => window.__tw.slice(n).some((e) => e.id === "w" && e.type === "ready" && e.detail?.posts === 17), seen, { timeout: 60_000, what: "a ready event with 17 posts after the rewrite" });
  s = await shownState(page);
  onceEach(s, Array.from({ length: 17 }, (_, i) => i + 1));
  assert.deepEqual(s.ids, ["15", "12", "13", "7", "9", "11", "3", "14", "4", "8", "1", "6", "10", "2", "16", "17", "5"]);
  underParents(s, replyMap(N1, N2, N3b));
  assert.equal(s.results, "Results 1 to 17 of 17");
  assert.equal((await page.text("#w #post-12 > .tw-body")).trim(), "Post 12, edited.");
  assert.deepEqual(await page.errors(), []);
});

// Three files of 900 posts: in each, post j (from 1) is top-level when j % 3 == 1,
// answers the post before it when j % 3 == 2, and when j % 3 == 0 answers the
// top-level post two before it in the first file, or in the file before otherwise.
const BIG = 900;
function bigPosts(f) {
  const posts = [];
  for (let j = 1; j <= BIG; j++) {
    const id = f * BIG + j;
    posts.push([id, j % 3 === 1 ? null : j % 3 === 2 ? id - 1 : f === 0 ? id - 2 : id - BIG - 2]);
  }
  return posts;
}

test("Load more past 2,000 posts: the first file leaves, its replies in later files stand at the top level, the reader stays put", { engines: CHROMIUM, timeout: 240_000 }, async (page) => {
  const files = [0, 1, 2].map(bigPosts);
  files.forEach((posts, f) => {
    const link = (g) => (g >= 0 && g < 3 ? `k${g + 1}.json` : null);
    writeFileSync(join(dir, `k${f + 1}.json`), pageFile(posts, { first: f * BIG + 1, last: (f + 1) * BIG, total: 3 * BIG, next: link(f + 1), prev: link(f - 1) }));
  });
  writeFileSync(join(dir, "keep.html"), html(`<div class="thread-widget" id="w" data-src="/_nested/k1.json" data-layout="nested"></div>`));
  const replyTo = replyMap(...files);
  const ids = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  await page.goto("/_nested/keep.html");
  assert.ok((await nth(page, 1)).ready);
  await page.press("#w .tw-more button", "Enter");
  assert.equal((await nth(page, 2)).ready?.posts, 2 * BIG);
  let s = await shownState(page);
  onceEach(s, ids(1, 2 * BIG));
  underParents(s, replyTo);
  assert.equal(s.results, "Results 1 to 1,800 of 2,700");
  assert.equal(s.focused, `post-${BIG + 1}`);

  // At the button, reading the first post whose top is on screen; 2,700 posts are more than 2,000.
  await page.key("Escape");
  const anchor = await page.evaluate(() => {
    const b = document.querySelector("#w .tw-more button");
    b.scrollIntoView({ block: "end" });
    b.focus({ preventScroll: true });
    const first = [...document.querySelectorAll("#w article.tw-post")].find((a) => a.getBoundingClientRect().top >= 0);
    return `#${first.id}`;
  });
  const before = await stillTop(page, anchor);
  await page.key("Enter");
  assert.equal((await nth(page, 3)).ready?.posts, 2 * BIG);
  s = await shownState(page);
  onceEach(s, ids(BIG + 1, 3 * BIG));
  underParents(s, replyTo);
  // The second file's replies to the first file's posts stand at the top level, saying whom they answer.
  assert.equal(s.parents[String(BIG + 3)], null);
  assert.equal((await page.text(`#w #post-${BIG + 3} > header .tw-reply-to`))?.trim(), "In reply to #1");
  assert.equal(s.results, "Results 901 to 2,700 of 2,700");
  assert.equal(s.focused, `post-${2 * BIG + 1}`);
  assert.equal(s.button, null);
  const afterTop = await stillTop(page, anchor);
  assert.ok(Math.abs(afterTop - before) <= 2, `${anchor} was at ${before}px from the top, now ${afterTop}px`);
  assert.deepEqual(await page.errors(), []);
});
