// Live threads (issue 14): `data-src` a post's public address, read from the
// platform's API in the browser. The APIs are tests/e2e/platforms.mjs: the
// recorded real responses of ../shared/corpora/threads at each platform's
// own paths, on a second origin with the platform's CORS and caching
// headers, and its failures. `data-api` points each widget at it.
//
//   node --test tests/e2e/live.mjs        (needs pkg/ built: scripts/build.sh)

import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test as nodeTest } from "node:test";
import { pathToFileURL } from "node:url";
import { repo } from "./harness.mjs";
import { ALL, CHROMIUM, suite } from "./browsers.mjs";
import { startPlatforms } from "./platforms.mjs";

// --platforms: the demo's live pages (www/live/) read serve.mjs's own stand-in, as under `make demo`.
const { test } = suite(["--test-routes", "--platforms"]);
// Smaller GitHub pages and Discourse first answers than the real ones, so the
// recorded conversations need the next pages (GitHub's Link, Discourse's posts.json).
const p = await startPlatforms({ slowMs: 10_000, githubMaxPerPage: 5, discourseChunk: 8 });
after(() => p.stop());

const MASTODON = "https://mastodon.social/@austinkocher/109297452549435392";
const MASTODON_ID = "109297452549435392";
const GITHUB = `https://github.com/${p.github.owner}/${p.github.repo}/issues/${p.github.issue}`;
const HN = "https://news.ycombinator.com/item?id=17";
const DISCOURSE = "https://discuss.criticalfallibilism.com/t/kpop-demon-hunters/2144";

/** The test page with one widget a [src, api] pair, and the attributes of `extra`. */
function live(pairs, extra = {}) {
  const q = new URLSearchParams();
  for (const [src, api] of pairs) {
    q.append("src", src);
    q.append("api", api ?? "-");
  }
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return `/_e2e/live.html?${q}`;
}

/** The API's own answer, read here (what the widget should show). */
const api = async (path) => JSON.parse(await (await fetch(p.url + path)).text());

/** The requests the page made to the platform server since `from`. */
const hits = (from, platform) => p.hits.slice(from).filter((h) => h.method !== "OPTIONS" && (!platform || h.platform === platform));

/** Each article of widget `w` with the article it stands in. */
const placed = (page, w) => page.evaluate((w) => [...document.querySelectorAll(`#${w} article.tw-post`)].map((a) => ({ id: a.id.slice(5), parent: a.parentElement.closest("article")?.id.slice(5) ?? null })), w);

test("Mastodon: a status's address shows it with its ancestors and replies, nested, from two requests to the instance's API", { engines: ALL }, async (page) => {
  const ctx = await api(`/api/v1/statuses/${MASTODON_ID}/context`);
  const from = p.hits.length;
  await page.goto(one(MASTODON, p.url));
  await page.events("ready", 1);
  const shown = await placed(page, "w0");
  const want = [...ctx.ancestors.map((s) => s.id), MASTODON_ID, ...ctx.descendants.map((s) => s.id)];
  assert.deepEqual(shown.map((s) => s.id).sort(), [...new Set(want)].sort());
  // Nested: each reply inside the post it answers.
  const byId = new Map([...ctx.ancestors, ...ctx.descendants].map((s) => [s.id, s]));
  for (const s of shown) {
    const parent = s.id === MASTODON_ID ? ctx.ancestors.at(-1)?.id : byId.get(s.id)?.in_reply_to_id;
    if (parent && shown.some((x) => x.id === parent)) assert.equal(s.parent, parent, `${s.id} stands in ${s.parent}, answers ${parent}`);
  }
  const made = hits(from, "mastodon").map((h) => h.path).sort();
  assert.deepEqual(made, [`/api/v1/statuses/${MASTODON_ID}`, `/api/v1/statuses/${MASTODON_ID}/context`]);
  for (const h of hits(from, "mastodon")) assert.equal(h.origin, new URL(await page.evaluate(() => location.href)).origin, "a cross-origin read");
  assert.equal(await page.text("#w0 .tw-reply a"), "Reply on Mastodon");
  assert.deepEqual(await page.errors(), []);
});

/** The test page with one widget. */
function one(src, apiUrl, extra) {
  return live([[src, apiUrl]], extra);
}

/** How many posts each platform's answers hold for the addresses above (read from the API here). */
async function sizes() {
  const ctx = await api(`/api/v1/statuses/${MASTODON_ID}/context`);
  const bsky = await api(`/xrpc/app.bsky.feed.getPostThread?uri=${encodeURIComponent(p.bluesky.uri)}`);
  const views = [];
  const walk = (t) => {
    if (!t || t.$type?.endsWith("#threadViewPost") === false) return;
    if (t.post) views.push(t.post.uri);
    for (const r of t.replies ?? []) walk(r);
  };
  walk(bsky.thread);
  for (let up = bsky.thread.parent; up; up = up.parent) if (up.post) views.push(up.post.uri);
  const hn = await api("/api/v1/items/17");
  let hnCount = 0;
  const count = (i) => { hnCount++; (i.children ?? []).forEach(count); };
  count(hn);
  assert.ok(views.length > 3);
  return {
    mastodon: new Set([...ctx.ancestors, ...ctx.descendants].map((s) => s.id).concat(MASTODON_ID)).size,
    bluesky: new Set(views).size,
    github: 1 + p.github.counts[p.github.issue],
    hn: hnCount,
    discourse: p.discourse.topics[2144].stream.length,
  };
}

test("Bluesky, GitHub (its Link pages), Hacker News and Discourse (posts.json after the topic): every post of the answers, once", { engines: CHROMIUM }, async (page) => {
  const size = await sizes();
  const from = p.hits.length;
  await page.goto(live([[p.bluesky.url, p.url], [GITHUB, p.url], [HN, p.url], [DISCOURSE, `${p.url}/cors`]]));
  await page.events("ready", 4);
  const n = (w) => page.count(`#${w} article.tw-post`);
  assert.equal(await n("w0"), size.bluesky, "Bluesky");
  assert.equal(await n("w1"), size.github, "GitHub: the issue and its comments");
  assert.equal(await n("w2"), size.hn, "Hacker News");
  assert.equal(await n("w3"), size.discourse, "Discourse");
  // GitHub's pages followed by their Link header; Discourse's rest by posts.json.
  const gh = hits(from, "github").filter((h) => h.path.includes("/comments"));
  assert.equal(gh.length, Math.ceil(p.github.counts[p.github.issue] / 5), gh.map((h) => h.path).join(" "));
  assert.ok(hits(from, "discourse").some((h) => h.path.includes("/posts.json?")), "posts.json read");
  // Every post once, even across pages.
  for (const w of ["w0", "w1", "w2", "w3"]) {
    const ids = (await placed(page, w)).map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length, `${w}: a post shown twice`);
  }
  assert.deepEqual(await page.errors(), []);
});

test("the first screen comes first: the issue and the first comment page, then the later pages join with the reader's place kept", { engines: CHROMIUM }, async (page) => {
  await page.goto(one(GITHUB, p.url));
  await page.events("ready", 1);
  const counts = await page.evaluate(() => window.__counts);
  const all = 1 + p.github.counts[p.github.issue];
  assert.equal(counts[0], 1 + 5, `first screen: the issue and one page of 5: ${counts}`);
  assert.equal(counts.at(-1), all, `${counts}`);
  const ids = (await placed(page, "w0")).map((s) => s.id);
  assert.equal(new Set(ids).size, all);
});

test("a later page that fails keeps the first screen and says why", { engines: CHROMIUM }, async (page) => {
  await page.goto(live([[GITHUB, `${p.url}/_fail/later`], [DISCOURSE, `${p.url}/_fail/later/cors`]]));
  await page.events("ready", 2);
  await page.events("error", 2);
  assert.equal(await page.count("#w0 article.tw-post"), 1 + 5, "the issue and its first page");
  assert.equal(await page.count("#w1 article.tw-post"), 8, "the topic's first posts");
  const errors = (await page.widgetEvents()).filter((e) => e.type === "error");
  const of = (w) => errors.find((e) => e.id === w)?.detail.message ?? "";
  assert.match(of("w0"), /^the rest of the conversation could not be read, showing what was: .*\/comments\?per_page=100&page=2: GitHub answered HTTP 502 Bad Gateway$/);
  assert.match(of("w1"), /^the rest of the conversation could not be read, showing what was: .*\/t\/2144\/posts\.json\?post_ids%5B%5D=.*: Discourse answered HTTP 502 Bad Gateway$/);
  assert.equal(await page.count(".tw-error"), 0, "no failure message: the posts stand");
  assert.deepEqual(await page.errors(), []);
});

test("data-page-size pages a live conversation by its top-level posts, as a file", { engines: CHROMIUM }, async (page) => {
  await page.goto(one(GITHUB, p.url, { "page-size": "4" }));
  await page.events("ready", 1);
  // GitHub's comments all answer the issue: one top-level post holding them all.
  assert.equal(await page.count("#w0 .tw-posts > article.tw-post"), 1);
  await page.goto(one(MASTODON, p.url, { "page-size": "1", layout: "flat" }));
  await page.events("ready", 1);
  assert.equal(await page.count("#w0 article.tw-post"), 1);
  assert.match(await page.text("#w0 .tw-results"), /^Results 1 to 1 of \d+$/);
});

test("the page loads the live build and no other: the thread-widget files it fetched", { engines: CHROMIUM }, async (page) => {
  await page.goto(one(HN, p.url));
  await page.events("ready", 1);
  const files = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((n) => n.startsWith("/pkg/")));
  assert.ok(files.includes("/pkg/thread_widget_live_bg.wasm"), files.join(" "));
  assert.ok(!files.some((f) => /thread_widget(_md)?_bg\.wasm$/.test(f)), files.join(" "));
});

test("update(thread) of a live widget shows the thread: the second build renders it (the live build reads no thread JSON)", { engines: CHROMIUM }, async (page) => {
  await page.goto(live([]));
  const out = await page.evaluate(async ([src, api]) => {
    const m = await import("/pkg/thread_widget.js");
    const mount = async () => {
      const el = document.createElement("div");
      document.querySelector("main").appendChild(el);
      return [el, await m.mount(el, { src, api })];
    };
    const ids = (el) => [...el.querySelectorAll("article.tw-post")].map((a) => a.id);
    const given = { title: "Given", posts: [{ id: "g1", author: { name: "Ada" }, body: "<p>from <em>update</em></p>", format: "html" }, { id: "g2", author: { name: "Bo" }, body: "plain", reply_to: "g1" }] };
    // The second build not loaded yet: it renders the thread once it is.
    const [a, wa] = await mount();
    const before = ids(a).length;
    wa.update(given);
    const until = Date.now() + 15000;
    while (!a.querySelector("#post-g2") && Date.now() < until) await new Promise((ok) => setTimeout(ok, 20));
    // Loaded: at once; an invalid thread throws and the conversation stays.
    const [b, wb] = await mount();
    const shown = ids(b);
    let bad = null;
    try { wb.update({ posts: [{ id: 1, author: {}, body: "x" }] }); } catch (e) { bad = e.message; }
    const kept = JSON.stringify(ids(b)) === JSON.stringify(shown);
    wb.update(given);
    return { before, a: ids(a), em: a.querySelector("#post-g1 em")?.textContent, bad, kept, b: ids(b) };
  }, [MASTODON, p.url]);
  assert.ok(out.before > 0, `the conversation first: ${out.before}`);
  assert.deepEqual(out.a, ["post-g1", "post-g2"]);
  assert.equal(out.em, "update");
  assert.match(out.bad ?? "", /^posts\[0\]\.author: missing required field `name`/);
  assert.ok(out.kept, "the conversation stays after an invalid thread");
  assert.deepEqual(out.b, ["post-g1", "post-g2"]);
  assert.deepEqual(await page.errors(), []);
});

test("a Mastodon page loads the Mastodon build alone; with another platform's widget, the whole live build alone", { engines: CHROMIUM }, async (page) => {
  const wasm = () => page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((n) => n.endsWith(".wasm")));
  await page.goto(live([[MASTODON, p.url], [MASTODON, p.url]]));
  await page.events("ready", 2);
  assert.deepEqual(await wasm(), ["/pkg/thread_widget_mastodon_bg.wasm"]);
  // The recorded answers name only &amp; &lt; &gt; &quot;: no entities.txt.
  assert.deepEqual(await page.evaluate(() => performance.getEntriesByType("resource").filter((e) => e.name.endsWith("entities.txt")).length), 0);
  await page.goto(live([[MASTODON, p.url], [GITHUB, p.url]]));
  await page.events("ready", 2);
  assert.deepEqual(await wasm(), ["/pkg/thread_widget_live_bg.wasm"]);
  assert.ok((await page.count("#w0 article.tw-post")) > 0 && (await page.count("#w1 article.tw-post")) > 0);
  assert.deepEqual(await page.errors(), []);
});

test("setOptions({ src }) of a Mastodon widget: another platform's address or a thread file is read by the build that reads it", { engines: CHROMIUM }, async (page) => {
  await page.goto(live([]));
  const out = await page.evaluate(async ([src, github, api]) => {
    const m = await import("/pkg/thread_widget.js");
    const el = document.createElement("div");
    document.querySelector("main").appendChild(el);
    const w = await m.mount(el, { src, api });
    const wait = async (sel) => {
      const until = Date.now() + 15000;
      while (!el.querySelector(sel) && Date.now() < until) await new Promise((ok) => setTimeout(ok, 20));
      return !!el.querySelector(sel);
    };
    const mastodon = el.querySelector(".tw-reply a")?.textContent;
    w.setOptions({ src: github });
    const toGithub = await wait(".tw-reply a[href*='github']");
    w.setOptions({ src: "/threads/seed.json" });
    const toFile = await wait("#post-1");
    const wasm = performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((n) => n.endsWith(".wasm"));
    return { mastodon, toGithub, toFile, wasm };
  }, [MASTODON, GITHUB, p.url]);
  assert.equal(out.mastodon, "Reply on Mastodon");
  assert.ok(out.toGithub, "the GitHub conversation");
  assert.ok(out.toFile, "the thread file");
  assert.deepEqual(out.wasm, ["/pkg/thread_widget_mastodon_bg.wasm", "/pkg/thread_widget_live_bg.wasm", "/pkg/thread_widget_bg.wasm"]);
  assert.deepEqual(await page.errors(), []);
});

test("a body naming a character reference the live build lacks: the whole table (entities.txt) is loaded then and the widget renders again", { engines: ALL }, async (page) => {
  // The recorded answers, one status's content naming &phone; and &spadesuit; (not built in).
  const corpora = join(repo, "..", "shared", "corpora", "threads");
  const dir = mkdtempSync(join(tmpdir(), "tw-entities-"));
  const name = "mastodon-social-context-109294719267373593.json";
  for (const f of readdirSync(corpora)) if (f !== name) symlinkSync(join(corpora, f), join(dir, f));
  const ctx = JSON.parse(readFileSync(join(corpora, name), "utf8"));
  const status = ctx.descendants.find((s) => s.id === MASTODON_ID);
  status.content = status.content.replace("</p>", " &phone; &spadesuit; &hearts;</p>");
  writeFileSync(join(dir, name), JSON.stringify(ctx));
  const q = await startPlatforms({ corpora: dir });
  try {
    await page.goto(one(MASTODON, q.url));
    await page.waitFor((id) => /☎ ♠ ♥/.test(document.querySelector(`#post-${id}`)?.textContent ?? ""), MASTODON_ID, { what: "the references rendered" });
    assert.doesNotMatch(await page.text(`#post-${MASTODON_ID}`), /&phone;|&spadesuit;/);
    const got = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((n) => n.startsWith("/pkg/")));
    assert.equal(got.filter((n) => n === "/pkg/entities.txt").length, 1, got.join(" "));
    assert.deepEqual(await page.errors(), []);
  } finally {
    await q.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

// The failures, each beside a widget that works: the short message in the
// failing widget, the precise reason in the console and the error event.
const FAILURES = [
  ["429", MASTODON, "/_fail/429", /Mastodon is limiting requests \(HTTP 429 Too Many Requests: Too many requests\)/],
  ["GitHub's 403 rate limit", GITHUB, "/_fail/403rate", /GitHub's rate limit for this address is used up \(HTTP 403: 60 requests an hour without a token; it resets in 2\d minutes\)\. `thread-widget import` saves/],
  ["401", MASTODON, "/_fail/401", /Mastodon requires signing in to read this \(HTTP 401: This API requires an authenticated user\)/],
  ["404", GITHUB, "/_fail/404", /GitHub has no such post \(HTTP 404: Not Found\): it may have been deleted or made private/],
  ["CORS refused", MASTODON, "/_fail/nocors", /Mastodon could not be reached, or it refused to be read from this page \(a network error, or CORS\)/],
  ["a forum without cross-origin reads", DISCOURSE, "", /the forum could not be reached, or it does not let other sites read its topics \(CORS\).*thread-widget import/],
  ["invalid JSON", HN, "/_fail/invalid", /not a Hacker News item \(Algolia items\/:id\): unexpected end of input: unterminated string at line 1 column \d+/],
  ["an HTML page", HN, "/_fail/html", /Hacker News sent an HTML page, not its API's JSON \(Content-Type: text\/html/],
];

for (const [name, src, prefix, reason] of FAILURES) {
  const engines = name === "429" || name === "CORS refused" ? ALL : CHROMIUM;
  test(`a platform's refusal is a message, never a broken page: ${name}`, { engines }, async (page) => {
    await page.goto(live([[src, p.url + prefix], [HN, p.url]]));
    await page.events("error", 1);
    await page.events("ready", 1);
    const events = await page.widgetEvents();
    const err = events.find((e) => e.type === "error");
    assert.equal(err.id, "w0");
    assert.match(err.detail.message, reason);
    assert.ok((await page.text("#w0 .tw-error")).length > 0, "the short message");
    assert.ok((await page.console()).some((c) => c.type === "error" && reason.test(c.text)), "the reason in the console");
    assert.ok((await page.count("#w1 article.tw-post")) > 1, "the other widget works");
    assert.deepEqual(await page.errors(), [], "no uncaught error");
  });
}

test("no answer within data-timeout: said, and the request is let go", { engines: CHROMIUM }, async (page) => {
  await page.goto(live([[HN, p.url + "/_fail/slow"]], { timeout: "1000" }));
  await page.events("error", 1);
  const err = (await page.widgetEvents()).find((e) => e.type === "error");
  assert.match(err.detail.message, /api\/v1\/items\/17: no answer within 1 seconds/);
});

test("the HTTP cache: a reload within GitHub's max-age makes no request", { engines: CHROMIUM }, async (page) => {
  await page.goto(one(GITHUB, p.url));
  await page.events("ready", 1);
  const from = p.hits.length;
  await page.goto(one(GITHUB, p.url));
  await page.events("ready", 1);
  assert.equal(await page.count("#w0 article.tw-post"), 1 + p.github.counts[p.github.issue]);
  assert.deepEqual(hits(from, "github").map((h) => h.path), [], "served from the cache");
});

test("data-refresh reads the platform again; the same answers change nothing on the page", { engines: CHROMIUM }, async (page) => {
  await page.goto(one(HN, p.url, { refresh: "5" }));
  await page.events("ready", 1);
  const before = await page.evaluate(() => document.getElementById("w0").innerHTML);
  const from = p.hits.length;
  // The next read, 5 s after the first (data-refresh's minimum).
  const until = Date.now() + 20_000;
  while (hits(from, "algolia").filter((h) => h.status).length < 1 && Date.now() < until) await new Promise((ok) => setTimeout(ok, 200));
  await new Promise((ok) => setTimeout(ok, 500));
  assert.ok(hits(from, "algolia").length >= 1, `read again: ${JSON.stringify(p.hits.slice(-3))} ${JSON.stringify(await page.console())}`);
  assert.equal(await page.evaluate(() => document.getElementById("w0").innerHTML), before);
  assert.equal((await page.widgetEvents()).filter((e) => e.type === "error").length, 0);
});

test("data-refresh brings a new reply in under the post it answers, the reader's place kept", { engines: ALL }, async (page) => {
  const tree = await api("/api/v1/items/17");
  const [earlier, later] = tree.children.map((c) => String(c.id));
  // The earlier reply is not posted yet when the page loads.
  p.hold([earlier]);
  try {
    await page.goto(one(HN, p.url, { refresh: "5" }));
    await page.events("ready", 1);
    assert.deepEqual(await placed(page, "w0"), [{ id: "17", parent: null }, { id: later, parent: "17" }]);
    // The reader reads the later reply, 120 px below the top of the screen.
    const top = await page.evaluate((id) => {
      document.body.style.paddingBottom = "300vh";
      const el = document.getElementById(`post-${id}`);
      window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 120);
      return el.getBoundingClientRect().top;
    }, later);
    assert.ok(Math.abs(top - 120) < 1, `scrolled to the reply: ${top}`);
    p.hold([]);
    const until = Date.now() + 30_000;
    while ((await page.count("#w0 article.tw-post")) < 3 && Date.now() < until) await new Promise((ok) => setTimeout(ok, 200));
    // Slotted in above the one being read, under the post it answers, in the platform's order.
    assert.deepEqual(await placed(page, "w0"), [{ id: "17", parent: null }, { id: earlier, parent: "17" }, { id: later, parent: "17" }]);
    assert.ok((await page.text(`#post-${earlier} .tw-body`)).length > 0, "its text");
    const after = await page.evaluate((id) => document.getElementById(`post-${id}`).getBoundingClientRect().top, later);
    assert.ok(Math.abs(after - top) <= 1, `the reply being read stayed put: ${top} -> ${after}`);
    assert.equal((await page.widgetEvents()).filter((e) => e.type === "error").length, 0);
    assert.deepEqual(await page.errors(), []);
  } finally {
    p.hold([]);
  }
});

test("make demo: each platform's demo page (www/live/) shows its whole conversation from the stand-in that serve.mjs --platforms starts", { engines: CHROMIUM }, async (page) => {
  const size = await sizes();
  // The Mastodon page shows a reply from another instance, as mastodon.social addresses it, and its 6 replies.
  const oli = await api("/api/v1/statuses/109296600638577574/context");
  size.mastodon = 1 + oli.ancestors.length + oli.descendants.length;
  assert.equal(oli.descendants.length, 6);
  for (const [slug, platform] of [["mastodon", "mastodon"], ["bluesky", "bluesky"], ["github", "github"], ["hacker-news", "hn"], ["discourse", "discourse"]]) {
    await page.goto(`/live/${slug}.html`);
    await page.events("ready", 1);
    assert.equal(await page.count(".thread-widget article.tw-post"), size[platform], slug);
    assert.deepEqual(await page.errors(), [], slug);
  }
});

nodeTest("the entry's isLive reads the shared list of addresses as src/import/address.rs does (tests/data/addresses.json)", async () => {
  const { isLive } = await import(pathToFileURL(join(repo, "pkg", "thread_widget.js")).href);
  const list = JSON.parse(readFileSync(join(repo, "tests", "data", "addresses.json"), "utf8"));
  for (const url of list.live) assert.equal(isLive(url), true, url);
  for (const url of list.not) assert.equal(isLive(url), false, url);
  assert.equal(isLive(undefined), false);
});
