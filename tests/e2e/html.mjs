// HTML bodies in the browser (issue 12), in Chromium, Firefox ESR and
// WebKitGTK (tests/e2e/browsers.mjs):
//
//   node --test tests/e2e/html.mjs          (TW_ENGINES=chromium to run one engine)
//
// The core build (text, BBCode) has no html reader: a thread with html
// bodies is read by the second build (thread_widget_md*, Markdown and HTML),
// which the entry chooses before any wasm (js/index.js, look), or which the
// core hands it over to (src/widget/slices.rs, markdown_elsewhere). The thread is built at test time from real platform HTML in
// ../shared/corpora/threads (a Discourse `cooked` with an `aside.quote` and
// the post it quotes, a Mastodon `content` with a mention and an ellipsis
// link, a Hacker News `comment_text`), written to a temporary folder served
// at /_html/, never copied into the repository. Checked: through the
// script-tag loader and through the ES module, the second build loads and
// the tree is right (paragraphs, links as in the source, the quote with its
// author and its jump), the DOM equals renderToString's parsed; a page of
// text and BBCode threads fetches the core .wasm only.
//
// Needs pkg/ built (scripts/build.sh) and ../shared/corpora; TW_PKG=DIR serves
// another build at /pkg/.

import assert from "node:assert/strict";
import { after } from "node:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ALL, suite } from "./browsers.mjs";
import { repo } from "./harness.mjs";

const corpora = resolve(repo, "..", "shared", "corpora", "threads");

// ------------------------------------------------------------ the thread, from the corpora

function corpus(name) {
  const path = join(corpora, name);
  assert.ok(existsSync(path), `corpus ${path} is missing; this test needs ../shared/corpora and must not pass without it`);
  return JSON.parse(readFileSync(path, "utf8"));
}

const QUOTE = /<aside class="quote[^"]*" data-username="([^"]+)" data-post="(\d+)"/g;

/** The thread, and what each of its html posts must show (taken from the source by rule, not by hand). */
function fixture() {
  // Discourse: the shortest post whose quotes all name another post of the
  // same page, and the post it quotes first (ids are post numbers, so the jump works).
  const discourse = corpus("discourse-criticalfallibilism-t2108-posts-pn41.json").post_stream.posts;
  const byNumber = new Map(discourse.map((p) => [p.post_number, p]));
  const quoting = discourse
    .filter((p) => {
      const q = [...p.cooked.matchAll(QUOTE)].map((m) => Number(m[2]));
      return q.length > 0 && q.every((n) => n !== p.post_number && byNumber.has(n));
    })
    .sort((a, b) => a.cooked.length - b.cooked.length)[0];
  assert.ok(quoting, "a Discourse post quoting another post of its page");
  const [, quotedName, quotedNumber] = [...quoting.cooked.matchAll(QUOTE)][0];
  const quoted = byNumber.get(Number(quotedNumber));
  // Mastodon: the shortest status with a mention, an ellipsis link and two paragraphs or more.
  const masto = corpus("mastodon-social-context-109294719267373593.json");
  const status = [...masto.ancestors, ...masto.descendants]
    .filter((s) => /class="u-url mention"/.test(s.content) && /class="ellipsis"/.test(s.content) && s.content.split("<p>").length > 2)
    .sort((a, b) => a.content.length - b.content.length)[0];
  assert.ok(status, "a Mastodon status with a mention and an ellipsis link");
  // Hacker News: the shortest comment with a paragraph break and a link.
  const hn = [];
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      if (typeof v.comment_text === "string" && v.comment_text.includes("<p>") && v.comment_text.includes("<a ")) hn.push(v);
      Object.values(v).forEach(walk);
    }
  };
  walk(corpus("hn-algolia-fixtures-node-hacker-news-api.json"));
  const comment = hn.sort((a, b) => a.comment_text.length - b.comment_text.length)[0];
  assert.ok(comment, "a Hacker News comment with a paragraph break and a link");

  const thread = {
    version: 1,
    title: "HTML bodies from Discourse, Mastodon and Hacker News",
    url: "https://forum.example/t/html",
    format: "html",
    posts: [
      { id: quoted.post_number, author: { name: quoted.username }, created: quoted.created_at, body: quoted.cooked },
      { id: quoting.post_number, author: { name: quoting.username }, created: quoting.created_at, reply_to: quoted.post_number, body: quoting.cooked },
      { id: "m1", author: { name: status.account.acct, url: status.account.url }, created: status.created_at, body: status.content },
      { id: "hn1", author: { name: comment.author }, created: comment.created_at, body: comment.comment_text },
      { id: "bb1", author: { name: "bbcode" }, format: "bbcode", body: "[b]BBCode[/b] beside HTML" },
    ],
  };
  const mention = /<a href="([^"]+)" class="u-url mention"/.exec(status.content)[1];
  return {
    thread,
    quoting: `post-${quoting.post_number}`,
    quoted: `post-${quoted.post_number}`,
    quotedName,
    mention,
    // Hacker News: the text before the first <p> is a paragraph too.
    hnParagraphs: comment.comment_text.split("<p>").filter((s) => s.trim()).length,
    mastoParagraphs: status.content.split("<p>").length - 1,
  };
}

const fx = fixture();
const dir = mkdtempSync(join(tmpdir(), "tw-html-"));
writeFileSync(join(dir, "thread.json"), JSON.stringify(fx.thread));
after(() => rmSync(dir, { recursive: true, force: true }));

// TW_PKG=DIR tests another build of pkg/ (a build without the html reader must fail here).
const { test, site } = suite(["--test-routes", "--mount", `/_html/=${dir}`, ...(process.env.TW_PKG ? ["--pkg", resolve(process.env.TW_PKG)] : [])]);

// ------------------------------------------------------------ helpers

/** Requests the server has seen since entry `since` ({next, paths}). */
async function requests(since = 0) {
  return (await fetch(`${site.url}/_test/log?since=${since}`)).json();
}

/** The .wasm files the page fetched (resource timing: cached ones too). */
const wasmSeen = (page) => page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((p) => p.endsWith(".wasm")).sort());

/**
 * In the page: each container's children and renderToString's HTML parsed in
 * a <template>, dumped node by node (elements with their attributes, text);
 * <time> text left out (Intl in the widget, the catalog in renderToString).
 */
function dumps([selectors, html]) {
  const dump = (root) => {
    const out = [];
    const walk = (n, depth) => {
      for (const c of n.childNodes) {
        if (c.nodeType === 1) {
          out.push(`${" ".repeat(depth)}<${c.localName}${[...c.attributes].map((a) => ` ${a.name}=${JSON.stringify(a.value)}`).join("")}>`);
          walk(c, depth + 1);
        } else {
          out.push(`${" ".repeat(depth)}#${c.nodeType} ${c.parentNode.localName === "time" ? "(date)" : JSON.stringify(c.data)}`);
        }
      }
    };
    walk(root, 0);
    return out;
  };
  const t = document.createElement("template");
  t.innerHTML = html;
  // The renderers' markup hash (tests/e2e/adopt.mjs): the widget's own DOM has none.
  t.content.firstElementChild.removeAttribute("data-tw-hash");
  return { string: dump(t.content), widgets: selectors.map((s) => dump(document.querySelector(s))) };
}

function assertSame(a, b, what) {
  const i = a.findIndex((l, k) => l !== b[k]);
  assert.ok(i < 0 && a.length === b.length, `${what}: differs at node ${i}: ${JSON.stringify(a[i])} vs ${JSON.stringify(b[i])} (${a.length} vs ${b.length} nodes)`);
}

/**
 * The tree in container `root`: the Discourse quote (author, jump), the
 * Mastodon and Hacker News paragraphs and links, and every html post's links
 * in order as the browser's own parser reads them from the source (links
 * with something to click and a scheme the URL policy keeps; the widget's
 * "View post" links aside).
 */
async function assertTree(page, root) {
  const r = await page.evaluate(([root, fx]) => {
    const c = document.querySelector(root);
    const post = (id) => c.querySelector(`#${id}`);
    const q = post(fx.quoting).querySelector(".tw-body figure.tw-quote");
    const links = {};
    for (const p of fx.thread.posts) {
      if (p.format === "bbcode") continue;
      const doc = new DOMParser().parseFromString(p.body, "text/html");
      const want = [...doc.querySelectorAll("a[href]")]
        .filter((a) => !a.closest("aside.quote > .title") && (a.textContent.trim() || a.querySelector("img")))
        .map((a) => a.getAttribute("href").trim())
        .filter((h) => !/^[^/?#]*:/.test(h) || /^(https?|mailto):/i.test(h));
      const got = [...post(`post-${p.id}`).querySelectorAll(".tw-body a[href]:not(.tw-quote-link)")].map((a) => a.getAttribute("href"));
      links[p.id] = { want, got };
    }
    return {
      posts: [...c.querySelectorAll("article.tw-post")].map((a) => a.id),
      quote: q && {
        by: q.querySelector("figcaption")?.textContent.trim(),
        jump: q.querySelector("a.tw-quote-link")?.getAttribute("href"),
        text: q.querySelector("blockquote")?.textContent.trim().length,
      },
      quotedParagraphs: post(fx.quoted).querySelectorAll(".tw-body p").length,
      mastoParagraphs: post("post-m1").querySelectorAll(".tw-body > p").length,
      mention: !!post("post-m1").querySelector(`.tw-body a[href="${fx.mention}"]`),
      ellipsis: [...post("post-m1").querySelectorAll(".tw-body a")].some((a) => a.textContent.endsWith("\u2026")),
      invisible: post("post-m1").textContent.includes("https://github.com"),
      hnParagraphs: post("post-hn1").querySelectorAll(".tw-body > p").length,
      bbcode: post("post-bb1").querySelector(".tw-body strong")?.textContent,
      // Nothing of the source's markup is left as text.
      tagsAsText: /<\/?(p|a|span|aside|blockquote)\b/.test(c.textContent),
      links,
    };
  }, [root, fx]);
  assert.deepEqual(r.posts, fx.thread.posts.map((p) => `post-${p.id}`));
  assert.ok(r.quote, "the Discourse aside.quote is a quote");
  assert.match(r.quote.by, new RegExp(`Originally posted by ${fx.quotedName}`));
  assert.match(r.quote.jump, new RegExp(`#${fx.quoted}$`));
  assert.ok(r.quote.text > 10, "the quote holds the quoted text");
  assert.ok(r.quotedParagraphs >= 1);
  assert.equal(r.mastoParagraphs, fx.mastoParagraphs, "Mastodon's paragraphs");
  assert.ok(r.mention, `the mention links to ${fx.mention}`);
  assert.ok(r.ellipsis, "the ellipsis link ends with …");
  assert.equal(r.invisible, false, "Mastodon's invisible spans are not shown");
  assert.equal(r.hnParagraphs, fx.hnParagraphs, "Hacker News' paragraphs (the text before the first <p> is one)");
  assert.equal(r.bbcode, "BBCode");
  assert.equal(r.tagsAsText, false, "no tag shown as text: the html reader read the bodies");
  let total = 0;
  for (const [id, { want, got }] of Object.entries(r.links)) {
    assert.deepEqual(got, want, `post ${id}: its links, in order`);
    total += got.length;
  }
  assert.ok(total >= 3, `${total} links in the html bodies`);
}

/** Presses the Discourse quote's "View post" in `root`: the quoted post takes focus and is highlighted. */
async function assertJump(page, root) {
  await page.press(`${root} #${fx.quoting} a.tw-quote-link`, "Enter");
  await page.waitFor((id) => document.activeElement && document.activeElement.id === id, fx.quoted, { what: `focus on ${fx.quoted}` });
  assert.equal(await page.evaluate(([root, id]) => document.querySelector(`${root} #${id}`).classList.contains("tw-highlight"), [root, fx.quoted]), true);
}

const consoleErrors = async (page) => (await page.console()).filter((m) => m.type === "error");

// ------------------------------------------------------------ tests

test("script tag: a thread of html bodies loads the HTML build, reads the bodies into the tree, and equals renderToString", { engines: ALL }, async (page) => {
  const since = (await requests()).next;
  await page.goto("/_e2e/html.html");
  await page.events("ready", 1);
  assert.deepEqual((await page.widgetEvents()).map((e) => [e.type, e.id]), [["ready", "html-src"]]);
  assert.deepEqual(await wasmSeen(page), ["/pkg/thread_widget_html_bg.wasm"], "the HTML build only, chosen before any wasm (tests/e2e/onebuild.mjs)");
  await assertTree(page, "#html-src");
  // The same thread as inline JSON in a container added later: the loader mounts it, the second build already there.
  await page.evaluate((thread) => {
    const box = document.createElement("div");
    box.className = "thread-widget";
    box.id = "html-inline";
    box.setAttribute("data-lang", "en");
    const json = document.createElement("script");
    json.type = "application/json";
    json.textContent = JSON.stringify(thread);
    box.append(json);
    document.getElementById("more").append(box);
  }, fx.thread);
  await page.events("ready", 2);
  await assertTree(page, "#html-inline");
  // The HTML build's .wasm once, for both widgets (taken before the test's own import() below).
  const paths = (await requests(since)).paths.filter((p) => p.endsWith(".wasm"));
  assert.deepEqual(paths, ["/pkg/thread_widget_html_bg.wasm"]);
  // The widget's DOM is renderToString's HTML, parsed (the entry's own module
  // instance in Firefox's WebDriver script is another: init({ html: true }) there).
  const html = await page.evaluate(async (thread) => {
    const m = await import("/pkg/thread_widget.js");
    await m.default({ html: true });
    return m.renderToString(thread, { lang: "en" });
  }, fx.thread);
  const d = await page.evaluate(dumps, [["#html-src", "#html-inline"], html]);
  assert.ok(d.string.length > 100, `${d.string.length} nodes`);
  assertSame(d.widgets[0], d.string, "data-src widget vs renderToString");
  assertSame(d.widgets[1], d.string, "inline JSON widget vs renderToString");
  await assertJump(page, "#html-src");
  assert.deepEqual(await consoleErrors(page), []);
  assert.deepEqual((await page.console()).filter((m) => m.type === "warning"), [], "no 'shown as plain text' warning");
  assert.deepEqual(await page.errors(), []);
});

test("ES module: init(), renderToString refuses in the core, render() and mount() hand over, all equal renderToString", { engines: ALL }, async (page) => {
  await page.goto("/_e2e/html-module.html");
  await page.waitFor(() => document.documentElement.dataset.done, null, { what: "html-module.js to finish" });
  const r = await page.evaluate(() => window.__result);
  assert.equal(r.error, undefined);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.done), "ok");
  assert.equal(r.coreString[0], true, "an Error");
  assert.match(r.coreString[1], /Markdown or HTML bodies/);
  assert.match(r.coreString[1], /init\(\{ html: true \}\)/);
  // render() before the second build: shown as plain text, then rendered again by it.
  await page.waitFor(() => document.querySelectorAll("#early figure.tw-quote").length > 0, null, { what: "the early render() moved to the second build" });
  for (const root of ["#mounted", "#rendered", "#early"]) await assertTree(page, root);
  const d = await page.evaluate(dumps, [["#mounted", "#rendered", "#early"], r.string]);
  assertSame(d.widgets[0], d.string, "mount() vs renderToString");
  assertSame(d.widgets[1], d.string, "render() vs renderToString");
  assertSame(d.widgets[2], d.string, "render() before the second build vs renderToString");
  assert.deepEqual(await wasmSeen(page), ["/pkg/thread_widget_bg.wasm", "/pkg/thread_widget_md_bg.wasm"]);
  await assertJump(page, "#rendered");
  assert.deepEqual(await consoleErrors(page), []);
  assert.deepEqual(await page.errors(), []);
});

test("ES module: init({ html: true }) loads the second build only, and renderToString reads html at once", { engines: ALL }, async (page) => {
  const since = (await requests()).next;
  await page.goto("/_e2e/html-module.html?init=html");
  await page.waitFor(() => document.documentElement.dataset.done, null, { what: "html-module.js to finish" });
  const r = await page.evaluate(() => window.__result);
  assert.equal(r.error, undefined);
  assert.equal(r.coreString, undefined);
  await assertTree(page, "#mounted");
  const d = await page.evaluate(dumps, [["#mounted", "#rendered"], r.string]);
  assertSame(d.widgets[0], d.string, "mount() vs renderToString");
  assertSame(d.widgets[1], d.string, "render() vs renderToString");
  assert.deepEqual(await wasmSeen(page), ["/pkg/thread_widget_md_bg.wasm"]);
  assert.deepEqual((await requests(since)).paths.filter((p) => p.endsWith(".wasm")), ["/pkg/thread_widget_md_bg.wasm"]);
  assert.deepEqual(await consoleErrors(page), []);
  assert.deepEqual(await page.errors(), []);
});

test("a page of text and BBCode threads fetches the plain build's .wasm only", { engines: ALL }, async (page) => {
  const since = (await requests()).next;
  await page.goto("/_e2e/html-none.html");
  await page.events("ready", 2);
  assert.equal(await page.count("#seed article.tw-post"), 5);
  assert.equal(await page.count("#inline article.tw-post"), 2);
  assert.match(await page.text("#inline #post-1 .tw-body"), /<b>not bold<\/b>/);
  assert.equal(await page.count("#inline #post-2 .tw-body strong"), 1);
  // Nothing more comes later.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
  assert.deepEqual(await wasmSeen(page), ["/pkg/thread_widget_plain_bg.wasm"]);
  const paths = (await requests(since)).paths;
  assert.deepEqual(paths.filter((p) => /thread_widget_(md|markdown|html)/.test(p)), [], "no second build's glue nor its .wasm");
  assert.ok(paths.every((p) => !p.endsWith(".wasm") || p === "/pkg/thread_widget_plain_bg.wasm"), paths.join(" "));
  assert.deepEqual(await consoleErrors(page), []);
  assert.deepEqual(await page.errors(), []);
});
