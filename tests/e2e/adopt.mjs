// Prerendered markup adopted, end to end (node:test), in Chromium, Firefox
// ESR and WebKitGTK (tests/e2e/browsers.mjs; TW_ENGINES=chromium limits a run):
//
//   node --test tests/e2e/adopt.mjs
//
// The pages are written at test time into a temporary directory (served at
// /_adopt/): each container holds the markup `thread-widget render` (the CLI,
// built here with cargo) or `renderToString` (pkg/ in Node) wrote for its
// thread, as a static site would. The widget must take that markup over as
// it is (the same nodes, no mutation inside it, nothing moving: cumulative
// layout shift 0 in Chromium, the elements' rects in every engine), and
// quote jumps, the pager, "Load more" and refresh must work on it; markup
// that is stale is replaced with the reader's place kept; markup that is not
// what the widget would build (foreign, other options, edited since) is
// replaced; and without JavaScript the whole thread is there. Buttons and
// links are pressed by keyboard. Needs pkg/ built (scripts/build.sh).

import { after, before, test as nodeTest } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ALL, CHROMIUM, suite } from "./browsers.mjs";
import { repo, rewrite as rewriteIn } from "./harness.mjs";

const WAIT = { timeout: 30_000 };
const dir = mkdtempSync(join(tmpdir(), "tw-adopt-"));

/** A thread of `n` posts with two-paragraph bodies; post 38 answers post 3. */
function thread(n, { edit = false, page = null, from = 1, format = "text" } = {}) {
  const posts = [];
  for (let i = from; i < from + n; i++) {
    let body = format === "markdown" ? `Post ${i} of the **adopted** thread.\n\n- a list\n- in Markdown` : `Post ${i} of the adopted thread.\n\nA second paragraph, so that each post has some height.`;
    // The stale version: post 5 (above the reader) is longer now.
    if (edit && i === 5) body += "\n\nEdited: a third paragraph.\n\nAnd a fourth one, taller still.\n\nAnd a fifth.";
    posts.push({
      id: i,
      number: i,
      author: { name: `user ${i % 5}` },
      created: `2024-03-${String(1 + (i % 28)).padStart(2, "0")}T10:${String(i % 60).padStart(2, "0")}:00Z`,
      body,
      ...(i === 38 ? { reply_to: 3 } : {}),
    });
  }
  if (edit) posts.push({ id: from + n, number: from + n, author: { name: "late" }, body: "A post written after the page was prerendered." });
  return JSON.stringify({ version: 1, title: "An adopted thread", format, posts, ...(page ? { page } : {}) }, null, 1);
}

/** Writes a file the page reads again (harness.mjs's rewrite, in this suite's folder). */
const rewrite = (name, text) => rewriteIn(dir, name, text);

/** The CLI built from this tree (cargo's own target dir), and `render` with it. */
let cliBin;
const cli = (file, ...args) => execFileSync(cliBin, ["render", join(dir, file), ...args], { encoding: "utf8" }).trimEnd();

/**
 * A page with the stylesheet and a layout-shift observer in its head, the
 * containers given, and a script that records the state before the widget
 * loads, once the layout is stable: `window.__before` holds the section and
 * posts of #w, their rects and a count of mutations inside the section; then
 * the loader is added. `first` runs before that (a scroll, an edit).
 */
const page = (containers, first = "") => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>adopt</title>
<link rel="stylesheet" href="/pkg/thread-widget.css" data-thread-widget>
<script>
window.__cls = 0;
window.__shifts = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) { if (!e.hadRecentInput) { window.__cls += e.value; window.__shifts.push(e.value); } }
  }).observe({ type: "layout-shift", buffered: true });
} catch (e) {}
</script>
</head><body><h1>A page with a prerendered thread</h1>
${containers}
<p id="after">The end of the page.</p>
<script>
(() => {
  ${first}
  const rects = () => [...document.querySelectorAll("#w section.tw-thread, #w article.tw-post, #after, #w .tw-pager, #w .tw-more")]
    .map((el) => { const r = el.getBoundingClientRect(); return [el.id || el.className, r.top, r.left, r.width, r.height]; });
  window.__rects = rects;
  // Posts off screen have an estimated height (content-visibility: auto) until the
  // browser has sized those near the screen, over the first frames: until the
  // rects stay the same for 10 frames (at most 5 s), with no widget loaded.
  let last = "", same = 0, start = performance.now();
  const stable = (then) => requestAnimationFrame(() => {
    const now = JSON.stringify(rects());
    same = now === last ? same + 1 : 0;
    last = now;
    if (same >= 10 || performance.now() - start > 5000) then(); else stable(then);
  });
  stable(() => {
    const w = document.getElementById("w");
    const section = w.querySelector("section.tw-thread");
    window.__before = { section, posts: [...w.querySelectorAll("article.tw-post")], rects: rects(), scrollY: window.scrollY, mutations: 0 };
    if (section) new MutationObserver((l) => { window.__before.mutations += l.length; }).observe(section, { subtree: true, childList: true, attributes: true, characterData: true });
    const s = document.createElement("script");
    s.src = "/pkg/thread-widget.js";
    document.body.append(s);
  });
})();
</script>
</body></html>
`;

const container = (id, attrs, markup) => `<div class="thread-widget tw-root" data-tw-theme="auto" id="${id}" ${attrs}>${markup}</div>`;

let rtsMarkup;

before(async () => {
  execFileSync("cargo", ["build", "--quiet", "--bin", "thread-widget"], { cwd: repo, stdio: "inherit" });
  cliBin = join(process.env.CARGO_TARGET_DIR || join(repo, "target"), "debug", "thread-widget");
  writeFileSync(join(dir, "t.json"), thread(40));
  writeFileSync(join(dir, "v2.json"), thread(40, { edit: true }));
  writeFileSync(join(dir, "t1.json"), thread(30, { page: { first: 1, last: 30, total: 60, next: "t2.json", prev: null } }));
  writeFileSync(join(dir, "t2.json"), thread(30, { from: 31, page: { first: 31, last: 60, total: 60, next: null, prev: "t1.json" } }));
  writeFileSync(join(dir, "md.json"), thread(20, { format: "markdown" }));
  rewrite("live.json", thread(12));
  const m = await import(pathToFileURL(join(repo, "pkg", "thread_widget.js")).href);
  await m.default();
  rtsMarkup = m.renderToString(JSON.parse(readFileSync(join(dir, "t.json"), "utf8")));
  const t = cli("t.json");
  writeFileSync(join(dir, "adopt.html"), page(container("w", 'data-src="/_adopt/t.json"', t)));
  writeFileSync(join(dir, "rts.html"), page(container("w", 'data-src="/_adopt/t.json"', rtsMarkup)));
  writeFileSync(join(dir, "paged.html"), page(container("w", 'data-src="/_adopt/t.json" data-page-size="10"', cli("t.json", "--page-size", "10"))));
  writeFileSync(join(dir, "md.html"), page(container("w", 'data-src="/_adopt/md.json"', cli("md.json"))));
  writeFileSync(join(dir, "more.html"), page(container("w", 'data-src="/_adopt/t1.json"', cli("t1.json"))));
  writeFileSync(join(dir, "refresh.html"), page(container("w", 'data-src="/_adopt/live.json" data-refresh="5"', cli("live.json"))));
  // The reader is at post 20 when the widget loads a newer version of the thread.
  writeFileSync(join(dir, "stale.html"), page(container("w", 'data-src="/_adopt/v2.json"', t), 'document.getElementById("post-20").scrollIntoView();'));
  // Not what the widget would build: each is replaced.
  writeFileSync(join(dir, "foreign.html"), page([
    container("w", 'data-src="/_adopt/t.json"', t),
    container("foreign", 'data-src="/_adopt/t.json"', '<section class="tw-thread" data-tw-hash="v1-0123456789abcdef"><p class="x">Not this thread.</p></section>'),
    container("options", 'data-src="/_adopt/t.json"', cli("t.json", "--page-size", "10")),
    container("lang", 'data-src="/_adopt/t.json"', cli("t.json", "--lang", "de")),
    container("removed", 'data-src="/_adopt/t.json"', t),
    container("changed", 'data-src="/_adopt/t.json"', t),
    container("plain", 'data-src="/_adopt/t.json"', '<p class="x">Loading the comments…</p>'),
  ].join("\n"), `
    document.querySelector("#removed #post-7").remove();
    document.querySelector("#changed #post-2 .tw-body p").textContent = "Words the thread never had.";
    window.__kept = Object.fromEntries([...document.querySelectorAll(".thread-widget")].map((c) => [c.id, c.firstElementChild]));`));
});

const { test } = suite(["--mount", `/_adopt/=${dir}`]);

after(() => rmSync(dir, { recursive: true, force: true }));

/** Two animation frames: the layout after the last change is done and painted. */
const settled = (p) => p.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));

/** Loads `name`, waits for #w's first ready event and two frames. */
async function load(p, name, readies = 1) {
  await p.goto(`/_adopt/${name}`);
  await p.waitFor((n) => (window.__tw || []).filter((e) => e.type === "ready").length >= n, readies, { ...WAIT, what: `${readies} ready events` });
  await settled(p);
}

/** Whether #w still holds the very section and posts it held before the widget loaded, untouched. */
const kept = (p) =>
  p.evaluate(() => {
    const w = document.getElementById("w");
    const b = window.__before;
    const posts = [...w.querySelectorAll("article.tw-post")];
    return {
      section: !!b.section && w.querySelector("section.tw-thread") === b.section,
      posts: posts.length === b.posts.length && posts.every((el, i) => el === b.posts[i]),
      count: posts.length,
      mutations: b.mutations,
    };
  });

/** The rects recorded before the widget loaded against the rects now, and the scroll. */
async function assertNothingMoved(p) {
  const r = await p.evaluate(() => ({ before: window.__before.rects, now: window.__rects(), scrollY: window.scrollY, was: window.__before.scrollY }));
  assert.equal(r.scrollY, r.was, "the page did not scroll");
  assert.equal(r.now.length, r.before.length);
  r.now.forEach((now, i) => {
    const was = r.before[i];
    assert.equal(now[0], was[0]);
    for (let k = 1; k < 5; k++) assert.ok(Math.abs(now[k] - was[k]) < 0.5, `${now[0]} moved: ${JSON.stringify(was)} → ${JSON.stringify(now)}`);
  });
}

nodeTest("the CLI and renderToString write the same markup and hash for the same file, from its text or its object", () => {
  const file = readFileSync(join(dir, "t.json"), "utf8");
  const cliMarkup = cli("t.json");
  assert.match(cliMarkup, /^<section data-tw-hash="v1-[0-9a-f]{16}" class="tw-thread"/);
  assert.equal(rtsMarkup, cliMarkup);
  return import(pathToFileURL(join(repo, "pkg", "thread_widget.js")).href).then((m) => {
    assert.equal(m.renderToString(file), cliMarkup);
    assert.equal(m.renderToString(file, { pageSize: 10 }), cli("t.json", "--page-size", "10"));
    assert.equal(m.renderToString(file, { lang: "de" }), cli("t.json", "--lang", "de"));
    assert.equal(execFileSync(cliBin, ["render", join(dir, "t.json"), "--hash"], { encoding: "utf8" }).trim(), /data-tw-hash="([^"]+)"/.exec(cliMarkup)[1]);
  });
});

test("adopted: the CLI's markup keeps its nodes, nothing moves (CLS 0, rects), and a quote jump works", { engines: ALL }, async (p) => {
  await load(p, "adopt.html");
  assert.deepEqual(await kept(p), { section: true, posts: true, count: 40, mutations: 0 });
  assert.equal(await p.attr("#w", "data-tw-theme"), "auto");
  await assertNothingMoved(p);
  if (p.engine === "chromium") {
    const s = await p.evaluate(() => ({ cls: window.__cls, shifts: window.__shifts, supported: PerformanceObserver.supportedEntryTypes.includes("layout-shift") }));
    assert.ok(s.supported);
    assert.equal(s.cls, 0, `layout shifts: ${JSON.stringify(s.shifts)}`);
  }
  // A quote jump on the adopted markup: "In reply to #3" in post 38.
  await p.evaluate(() => document.querySelector("#post-38").scrollIntoView({ block: "center" }));
  assert.equal(await p.evaluate(() => document.querySelector("#post-3").getBoundingClientRect().bottom < 0), true, "post 3 is off screen");
  await p.press("#post-38 .tw-reply-to a[data-post]", "Enter");
  await p.waitFor(() => document.activeElement && document.activeElement.id === "post-3", null, { ...WAIT, what: "focus on post 3" });
  assert.equal(await p.evaluate(() => document.querySelector("#post-3").classList.contains("tw-highlight")), true);
  await p.waitFor(() => { const r = document.querySelector("#post-3").getBoundingClientRect(); return r.top >= -1 && r.top < window.innerHeight; }, null, { ...WAIT, what: "post 3 on screen" });
  assert.equal((await kept(p)).posts, true, "the jump rebuilt nothing");
  assert.deepEqual(await p.errors(), []);
  assert.deepEqual(await p.console(), [], "no error or warning in the console");
});

test("adopted: renderToString's markup (from Node) keeps its nodes and nothing moves", { engines: CHROMIUM }, async (p) => {
  await load(p, "rts.html");
  assert.deepEqual(await kept(p), { section: true, posts: true, count: 40, mutations: 0 });
  await assertNothingMoved(p);
  assert.equal(await p.evaluate(() => window.__cls), 0);
});

test("adopted: a Markdown thread's markup, by the Markdown build (the only one loaded)", { engines: CHROMIUM }, async (p) => {
  await load(p, "md.html");
  assert.deepEqual(await kept(p), { section: true, posts: true, count: 20, mutations: 0 });
  await assertNothingMoved(p);
  assert.equal(await p.evaluate(() => window.__cls), 0);
  assert.equal(await p.text("#post-2 .tw-body strong"), "adopted");
  const wasm = await p.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((n) => n.endsWith(".wasm")).sort());
  assert.deepEqual(wasm, ["/pkg/thread_widget_markdown_bg.wasm"]);
});

test("adopted: the pager works on a prerendered page of 10", { engines: CHROMIUM }, async (p) => {
  await load(p, "paged.html");
  assert.deepEqual(await kept(p), { section: true, posts: true, count: 10, mutations: 0 });
  await assertNothingMoved(p);
  await p.press('#w .tw-pager button[aria-label="Page 2"]', "Enter");
  await p.waitFor(() => document.querySelector("#w article.tw-post")?.id === "post-11", null, { ...WAIT, what: "page 2" });
  assert.deepEqual(await p.ids("#w article.tw-post"), Array.from({ length: 10 }, (_, i) => `post-${i + 11}`));
});

test("adopted: Load more joins the next page file", { engines: CHROMIUM }, async (p) => {
  await load(p, "more.html");
  assert.deepEqual(await kept(p), { section: true, posts: true, count: 30, mutations: 0 });
  await p.press("#w .tw-more > button", "Enter");
  await p.waitFor(() => document.querySelectorAll("#w article.tw-post").length === 60, null, { ...WAIT, what: "60 posts" });
  assert.deepEqual(await p.ids("#w article.tw-post"), Array.from({ length: 60 }, (_, i) => `post-${i + 1}`));
});

test("adopted: a page file's link shows that file, the thread's top on screen", { engines: CHROMIUM }, async (p) => {
  await load(p, "more.html");
  assert.deepEqual(await kept(p), { section: true, posts: true, count: 30, mutations: 0 });
  await p.press("#w a.tw-next-file", "Enter");
  await p.waitFor(() => document.querySelector("#w article.tw-post")?.id === "post-31", null, { ...WAIT, what: "the second file" });
  assert.deepEqual(await p.ids("#w article.tw-post"), Array.from({ length: 30 }, (_, i) => `post-${i + 31}`));
  // Where the link leaves the reader: the thread's top, and it stays there.
  await new Promise((ok) => setTimeout(ok, 500));
  await settled(p);
  const top = await p.evaluate(() => document.querySelector("#w .tw-thread").getBoundingClientRect().top);
  assert.ok(Math.abs(top) < 2, `the thread's top is at ${top}`);
});

test("adopted: refresh leaves an unchanged file alone and shows a changed one", { engines: CHROMIUM, timeout: 60_000 }, async (p) => {
  rewrite("live.json", thread(12));
  await load(p, "refresh.html");
  assert.deepEqual(await kept(p), { section: true, posts: true, count: 12, mutations: 0 });
  // A refresh (every 5 s) of the same text: nothing rebuilt, no second ready.
  await p.waitFor(() => performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/_adopt/live.json")).length >= 2, null, { ...WAIT, what: "a second read of live.json" });
  await settled(p);
  assert.deepEqual(await kept(p), { section: true, posts: true, count: 12, mutations: 0 });
  assert.equal((await p.widgetEvents()).filter((e) => e.type === "ready").length, 1);
  rewrite("live.json", thread(13));
  await p.waitFor(() => document.querySelectorAll("#w article.tw-post").length === 13, null, { ...WAIT, what: "the 13th post" });
  assert.equal((await p.widgetEvents()).filter((e) => e.type === "ready").length, 2);
});

test("stale: markup of an older version is replaced in place, the reader's post kept where it was", { engines: CHROMIUM }, async (p) => {
  await load(p, "stale.html");
  const r = await p.evaluate(() => {
    const was = window.__before.posts.find((el) => el.id === "post-20");
    const now = document.getElementById("post-20");
    return {
      replaced: !window.__before.section.isConnected && now !== was,
      count: document.querySelectorAll("#w article.tw-post").length,
      edited: document.querySelector("#post-5 .tw-body").textContent.includes("Edited"),
      late: !!document.getElementById("post-41"),
      scrolled: window.scrollY > 0,
    };
  });
  assert.deepEqual(r, { replaced: true, count: 41, edited: true, late: true, scrolled: true });
  // Post 20 (the reader's place) stays where it was on screen while the taller post 5 above it settles.
  await p.waitFor(() => {
    const was = window.__before.rects.find((x) => x[0] === "post-20");
    return Math.abs(document.getElementById("post-20").getBoundingClientRect().top - was[1]) < 1;
  }, null, { ...WAIT, what: "post 20 back where it was" });
});

test("not ours: foreign markup, other options or language, and markup edited since are replaced", { engines: CHROMIUM }, async (p) => {
  await load(p, "foreign.html", 7);
  const r = await p.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll(".thread-widget")].map((c) => [c.id, {
      kept: c.firstElementChild === window.__kept[c.id],
      posts: c.querySelectorAll("article.tw-post").length,
      foreign: !!c.querySelector(".x"),
      post2: c.querySelector("#post-2 .tw-body p")?.textContent,
      post7: !!c.querySelector("#post-7"),
      results: c.querySelector(".tw-results")?.textContent,
    }])));
  const fresh = { kept: false, posts: 40, foreign: false, post2: "Post 2 of the adopted thread.", post7: true, results: "Results 1 to 40 of 40" };
  assert.deepEqual(r, {
    w: { ...fresh, kept: true },
    foreign: fresh,
    options: fresh,
    lang: fresh,
    removed: fresh,
    changed: fresh,
    plain: fresh,
  });
});

test("without JavaScript the prerendered page holds the whole thread", { engines: CHROMIUM }, async (p) => {
  const context = await p.raw.context().browser().newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(`${p.site.url}/_adopt/adopt.html`);
    assert.equal(await page.locator("#w article.tw-post").count(), 40);
    assert.equal(await page.locator("#post-38 .tw-body p").first().textContent(), "Post 38 of the adopted thread.");
    assert.equal(await page.locator("#post-38 .tw-reply-to a").getAttribute("href"), "#post-3");
    // No script ran: no widget, no probe.
    assert.equal(await page.locator('script[src$="thread-widget.js"]').count(), 0);
  } finally {
    await context.close();
  }
});
