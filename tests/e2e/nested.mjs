// data-layout="nested" in Chromium, Firefox ESR and WebKitGTK
// (tests/e2e/browsers.mjs): replies under the post they answer, the button
// that hides and shows them (by keyboard), a jump into a hidden subtree,
// paging by top-level posts, the state kept across renders, the DOM equal to
// renderToString's, and a phone-sized viewport.
//
//   node --test tests/e2e/nested.mjs        (needs pkg/ built: scripts/build.sh)

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ALL, CHROMIUM, suite } from "./browsers.mjs";
import { repo } from "./harness.mjs";

const { test } = suite(["--test-routes"]);
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
