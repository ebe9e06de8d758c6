/*! thread-widget: the npm entry (pkg/thread_widget.js).
 * init() loads the core build (text and BBCode threads); a thread with
 * Markdown or HTML bodies needs a second build, the core with the Markdown
 * reader (thread_widget_markdown*), the HTML reader (thread_widget_html*) or
 * both (thread_widget_md*), which then serves every new widget that it reads.
 * A script tag's widget (the loader calls show()) whose thread needs no
 * data-refresh, no nested layout, no page files, no prerendered markup and
 * at most 256 KB loads the plain build (thread_widget_plain*: the core
 * without those, which parses in one go, is handed the text the entry read
 * and has no render(), renderToString() nor update()) instead of the core.
 * mount() chooses before any wasm is fetched: it fetches a widget's thread
 * file itself and reads the start of a copy of the response for the "format"s
 * "markdown" and "html" (inline JSON: its text), then loads the smallest build
 * that reads what the widgets mounted together need and hands it the
 * response, which it reads as its own: one build, one request. A thread whose
 * Markdown or HTML the look missed (later in a large file, a page file, a
 * refresh) still moves to the build with both when its build finds it
 * (thread-widget:markdown). A widget whose src is
 * a post's public address (Mastodon, Bluesky, GitHub, Hacker News, Discourse)
 * loads a live build (thread_widget_live*: the HTML reader and the platforms'
 * readers; the choice is in thread_widget_live_entry.js, js/live.js, imported
 * only for such a widget) and only that: thread_widget_mastodon* (Mastodon's reader alone)
 * when the live widgets mounted together are all Mastodon posts.
 * The builds have English only: a widget in another language loads that
 * language's catalog, i18n/{lang}.json beside this file, once for the page.
 * See docs/benchmarks.md, "Bytes", for why, and docs/i18n.md.
 * Where this file is a file: URL (Node, Deno, Bun: server-side rendering),
 * whose fetch cannot read files, the .wasm files and catalogs are read with
 * node:fs instead, imported only there.
 * A widget whose theme is auto follows the page's own dark or light scheme
 * (js/scheme.js in the repository, bundled in). */
import { follow, unfollow } from "./scheme.js"; // bundled into pkg/thread_widget.js (scripts/build.sh)

// The core's glue, imported with its .wasm (a page with Markdown, or a live
// page, never fetches it), and its init promise.
let core = null;
let coreReady = null;
let coreOk = false;
// The plain build: the core without what only some thread files use
// (data-refresh, the nested layout, page files, the sliced parse of text over
// 256 KB, a request of its own, adopting prerendered markup) nor what only a
// handle or a module calls (update, render, renderToString), for the widgets
// of script tags whose threads need none of it (show, look).
let plain = null;
let plainReady = null;
let plainOk = false;
// The second builds: what each reads beyond text and BBCode (a mask of
// MARKDOWN and HTML). thread_widget_markdown* reads Markdown, thread_widget_html*
// HTML, thread_widget_md* both ("md" is its old name); each is the core too.
const MARKDOWN = 1;
const HTML = 2;
const BOTH = MARKDOWN | HTML;
let md = null; // the second build that serves new widgets (the one that reads the most), once instantiated
let mdHas = 0; // what it reads
const seconds = []; // every second build instantiated (each needs every catalog)
const reads = new Map(); // a second build → what it reads
const wasmExports = new Map(); // a second build → its wasm exports (what init resolves with)
const secondLoading = Object.create(null); // what it reads → promise of the build
let secondChain = Promise.resolve(); // one second build loads at a time: each reads at least what the last read
let mdFailed = false;
const lives = []; // the live builds (platforms' addresses) instantiated
// The entry's part for live pages (js/live.js), imported for the first live
// widget: its promise, and it once loaded.
let platforms = null;
let lv = null;
// Where the catalogs are: i18n/ beside this file unless init({ i18n }) says.
// Not `new URL(`./i18n/${lang}.json`, import.meta.url)`: bundlers would then
// put all nine catalogs into every app (Vite inlines them, ~10 KB gzip).
const here = import.meta.url;
let catalogDir = null;
// node:fs, when this file is read from disk (import.meta.url is a file: URL):
// a promise of the module, and the module once loaded (for the synchronous
// catalog reads of render and renderToString).
let fsLoading = null;
let fs = null;
// Not the file: URL alone: webpack writes the source's file: URL into
// import.meta.url of browser bundles. Node, Deno and Bun all have process.versions.node.
const server = here.startsWith("file:") && typeof process == "object" && !!(process && process.versions && process.versions.node);
// No prototypes: a page that polluted Object.prototype.de must not answer for German.
const catalogs = Object.create(null); // language → promise of true (loaded) or false (English instead)
const failed = Object.create(null); // languages whose catalog could not be loaded
const texts = []; // the catalog files loaded, for a build instantiated later

/** The builds instantiated, each of which needs every catalog. */
function builds() {
  return (coreOk ? [core] : []).concat(plainOk ? [plain] : [], seconds, lives);
}

// A post's public address on a platform: the same list as src/import/address.rs
// (recognize), which tests/e2e/live.mjs holds them to. A thread JSON file's
// address (a path ending in .json) is never one.
const LIVE = [
  /^https?:\/\/(www\.)?bsky\.app\/profile\/[^/?#]+\/post\/[^/?#]+/i,
  /^https?:\/\/(www\.)?github\.com\/[^/?#]+\/[^/?#]+\/(issues|pull)\/\d+(?!\d)/i,
  /^https?:\/\/news\.ycombinator\.com\/item\?([^#]*&)?id=\d+(?![\w])/i,
  /^https?:\/\/[^/?#@\s]+\/@[^/?#]+\/\d+\/?([?#]|$)/i,
  /^https?:\/\/[^/?#@\s]+\/users\/[^/?#]+\/statuses\/\d+\/?([?#]|$)/i,
  /^https?:\/\/[^/?#@\s]+\/t\/([^/?#]+\/)?\d+(\/\d+)?\/?([?#]|$)/i,
];

/** Whether thread-widget reads `src` live from a platform's API (a post's public address) rather than as a thread JSON file. */
export function isLive(src) {
  if (typeof src != "string") return false;
  const s = src.trim();
  const path = s.replace(/[?#].*$/, "");
  return !/\.json$/i.test(path) && LIVE.some((r) => r.test(s));
}

/**
 * node:fs, or null in browsers (and where it cannot be imported). The import
 * is marked to be ignored, so that bundlers (Vite, webpack) neither resolve
 * nor bundle it (scripts/build.sh puts the marks back after esbuild's minify
 * drops them): only a module read from a file: URL (Node, Deno, Bun) asks.
 */
function nodeFs() {
  if (!server) return Promise.resolve(null);
  return fsLoading || (fsLoading = import(/* webpackIgnore: true */ /* @vite-ignore */ "node:fs").then((m) => (fs = m.default || m), () => null));
}

/**
 * What wasm-bindgen's init takes for the .wasm at `url`: the URL itself
 * (fetched, streaming) in browsers, its bytes when it is a file: URL, which
 * the fetch of Node (and Deno's for files outside --allow-read) cannot read.
 * Each caller writes `new URL("….wasm", import.meta.url)` literally: bundlers
 * find the .wasm files by that pattern.
 */
async function wasmAt(url) {
  const f = url.protocol === "file:" && (await nodeFs());
  return f ? f.promises.readFile(url) : url;
}

/** The entry's part for live pages (pkg/thread_widget_live_entry.js), imported once. */
function livePart() {
  return platforms || (platforms = import("./thread_widget_live_entry.js").then((m) => (lv = m.default({ LIVE, texts, lives, wasmAt, needs, loadCatalog, secondFor, refs, refsWanted, loadEntities }))).catch((err) => {
    platforms = null; // a later widget may try again
    throw err;
  }));
}

/**
 * Loads the catalog of `lang` (a language the wasm named, such as "de") once
 * for the page and adds it to every build. Resolves with false, after one
 * warning, when it cannot be loaded: the widget stays in English.
 */
function loadCatalog(lang) {
  if (catalogs[lang]) return catalogs[lang];
  const url = catalogUrl(lang);
  return (catalogs[lang] = readText(url).then((text) => addCatalog(lang, text)).catch((err) => noCatalog(lang, url, err)));
}

/** A file of the package's: fetched, or in Node, Deno and Bun read from the file. */
function readText(url) {
  return url.protocol === "file:" && server ? nodeFs().then((f) => f.promises.readFile(url, "utf8")) : fetchText(url);
}

/** A catalog file's text, fetched within 15 s. */
function fetchText(url) {
  // A dictionary with no prototype: a page that polluted Object.prototype must not steer the request.
  const init = Object.create(null);
  // A timer, not AbortSignal.timeout (Safari before 16 lacks it); aborting a finished load does nothing.
  const stop = new AbortController();
  setTimeout(() => stop.abort(), 15000);
  init.signal = stop.signal;
  return fetch(url, init).then((r) => {
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    return r.text();
  });
}

/**
 * The same for the synchronous calls (`render`, `renderToString`), which the
 * SPEC lets render any language right after a plain `await init()`: the
 * catalog (about 1 KB) is read with a synchronous request, once for the page
 * (in Node, Deno and Bun: read from the file, with the node:fs that init()
 * loaded). `await init({ lang })` loads it ahead and avoids the wait. True when loaded.
 */
function loadCatalogNow(lang) {
  const url = catalogUrl(lang);
  let text;
  try {
    text = readNow(url, "`await init({ lang })` loads it ahead");
  } catch (err) {
    catalogs[lang] = Promise.resolve(noCatalog(lang, url, err));
    return false;
  }
  try {
    catalogs[lang] = Promise.resolve(addCatalog(lang, text));
    return true;
  } catch (err) {
    catalogs[lang] = Promise.resolve(noCatalog(lang, url, err));
    return false;
  }
}

/** A file's text read synchronously (in Node, Deno and Bun: from the file); throws why not, with `ahead` (what avoids it). */
function readNow(url, ahead) {
  if (url.protocol === "file:" && server) {
    const f = fs || (process.getBuiltinModule && process.getBuiltinModule("node:fs"));
    if (!f) throw new Error("no node:fs to read it with: " + ahead);
    return f.readFileSync(url, "utf8");
  }
  if (typeof XMLHttpRequest != "function") throw new Error("no XMLHttpRequest here to read it synchronously: " + ahead);
  const x = new XMLHttpRequest();
  x.open("GET", url, false);
  x.send();
  if (x.status !== 200) throw new Error(`HTTP ${x.status}`);
  return x.responseText;
}

function catalogUrl(lang) {
  return new URL(lang + ".json", catalogDir || new URL("i18n/", here));
}

/** Adds a catalog file's text to every build; throws when it is not the catalog of `lang`. */
function addCatalog(lang, text) {
  for (const m of builds()) if (m.addCatalog(text) !== lang) throw new Error(`not the catalog of "${lang}"`);
  texts.push(text);
  return true;
}

/** One warning; the widget stays in English and the catalog is not asked for again. */
function noCatalog(lang, url, err) {
  failed[lang] = true;
  try { console.warn(`thread-widget: could not load the "${lang}" catalog (${url}: ${(err && err.message) || err}); using English`); } catch (e) {}
  return false;
}

// The whole table of named character references (pkg/entities.txt, 11 KB
// gzip). The builds that read Markdown or HTML have the common names built in
// (src/markup/entities/): after a render whose bodies named another, the table
// is loaded once for the page, added to every build, and the widget renders
// again. `text` is "" when it could not be loaded (the names stay as written).
const refs = { text: null, loading: null };

/** Whether a build rendered a body naming a reference only the whole table may have, and it is not loaded. */
function refsWanted() {
  return refs.text === null && (!!refs.loading || builds().some((m) => m.entitiesWanted && m.entitiesWanted()));
}

/** Loads entities.txt once and adds it to every build that reads references: resolves with whether it did. */
function loadEntities() {
  return refs.loading || (refs.loading = readText(new URL("entities.txt", here)).then(addEntities, noEntities));
}

/** The same, read synchronously (renderToString). */
function loadEntitiesNow() {
  let text;
  try {
    text = readNow(new URL("entities.txt", here), "`await init({ markdown: true })` and a render() first load it ahead");
  } catch (err) {
    return noEntities(err);
  }
  refs.loading = Promise.resolve(addEntities(text));
  return !!refs.text;
}

function addEntities(text) {
  for (const m of builds()) if (m.addEntities && !m.addEntities(text)) return noEntities(new Error("not the table of character references"));
  refs.text = text;
  return true;
}

/** One warning; the names stay as written and the table is not asked for again. */
function noEntities(err) {
  refs.text = "";
  try { console.warn(`thread-widget: could not load entities.txt (${(err && err.message) || err}): character references stay as written`); } catch (e) {}
  return false;
}

/** The language whose catalog a widget (or renderToString, with no element) still needs, or undefined. */
function needs(m, element, options) {
  const lang = m.catalogFor(element || null, options);
  return lang && !failed[lang] ? lang : undefined;
}

// What says a thread file needs a second build: "format" as a JSON key with
// "markdown" or "html" (a key's quotes cannot be escaped inside a string, so
// a post that writes those words does not match; a false match only costs a
// larger build). Only the first MB of a file is read for it: a larger file
// whose first Markdown post comes later loads the core, then moves.
const RICH = /"format"[ \t\n\r]*:[ \t\n\r]*"(markdown|html)"/g;
// What says a thread file needs the core rather than the plain build: a page
// file's link, "next" or "prev" as a JSON key with a string value (a false
// match only costs the larger build).
const PAGED = /"(next|prev)"[ \t\n\r]*:[ \t\n\r]*"/;
// The core's bit in the same mask: data-refresh, the nested layout, page
// files, text over SLICED bytes (src/widget/parse.rs, SLICED_PARSE_BYTES),
// prerendered markup to adopt, or a widget whose handle is kept (mount:
// update() and setOptions() may need anything).
const CORE = 4;
const SLICED = 256 * 1024;

/** The second-build formats a thread's text names (MARKDOWN, HTML, both, or 0), and CORE when it links page files. */
function formats(text) {
  let f = PAGED.test(text) ? CORE : 0;
  for (const m of text.matchAll(RICH)) f |= m[1] === "html" ? HTML : MARKDOWN;
  return f;
}
/** Whether text of `length` UTF-16 units is over SLICED bytes of UTF-8 (each unit is 1 to 3 bytes). */
function sliced(text) {
  return text.length > SLICED || (text.length * 3 > SLICED && new TextEncoder().encode(text).length > SLICED);
}
const LOOK_BYTES = 1 << 20;
let batch = null; // the looks of the widgets mounted in this task: { all, any }

/**
 * The look at a widget's thread before any wasm: `rich` (a promise of
 * whether it needs the second build) and, for a thread file, the request
 * made for it, handed to the build: `[promise of the Response, its
 * AbortController, Date.now() when it began]`. The request is the one
 * src/widget/fetch.rs makes (GET, no headers, the defaults, the URL resolved
 * against the page). Nothing is fetched for a lazy widget (it fetches when
 * near) or what the build would refuse: that build says why, as before.
 * And `whole()`: what the plain build is handed instead of the response when
 * it is chosen (then the look has read the whole file): `[promise of
 * [status, status text, Content-Type, the text or null when the body could
 * not be read], …]` (src/widget/fetch.rs, the plain `fetch_text`).
 */
function look(element, options, fixed) {
  const own = (k) => (options && Object.prototype.hasOwnProperty.call(options, k) ? options[k] : undefined);
  const src = own("src");
  const refresh = own("refresh");
  // What the plain build leaves out, known from the options alone.
  // data-refresh is off when empty, "0" or "off" (src/config.rs); the plain build has no nested layout.
  const on = (v) => v != null && !["", "0", "off"].includes(String(v).trim());
  let rich = !fixed || on(refresh) || String(own("layout")).trim() === "nested" ? CORE : 0;
  // Prerendered markup (the CLI's, renderToString's) is adopted by the core only.
  try { if (element.querySelector(":scope > section.tw-thread[data-tw-hash]")) rich |= CORE; } catch (e) {}
  let handed = null;
  let whole = null;
  try {
    if (src == null || src === "" || src[0] === "#") {
      // Inline JSON: the container's <script type="application/json">, or the one data-src="#id" names.
      const script = src ? element.ownerDocument.getElementById(src.slice(1)) : element.querySelector("script[type='application/json']");
      const text = script ? script.textContent : "";
      rich |= formats(text) | (sliced(text) ? CORE : 0);
    } else if (typeof src == "string" && own("loading") === "lazy" && typeof IntersectionObserver == "function") {
      rich |= CORE; // it fetches when near: the plain build is handed what the look read, always
    } else if (typeof src == "string") {
      let url = src;
      try { url = new URL(src, document.baseURI).href; } catch (e) {}
      const controller = new AbortController();
      const init = Object.create(null); // no prototype, as fetch.rs: a polluted Object.prototype.body must not steer it
      init.signal = controller.signal;
      // The URL checked as fetch.rs checks it (an invalid one throws here: the
      // build says so), but the fetch made of the URL: WebKit (2.50) lets go
      // of the abort of fetch(request) once that Request is collected, and
      // the time limit's abort would then never stop a request that hangs.
      new Request(url, init);
      const response = fetch(url, init);
      let reader = null;
      const known = rich;
      // The file as the plain build reads it: TextDecoder drops a leading
      // byte order mark and makes invalid UTF-8 U+FFFD, as fetch.rs does.
      let text = null;
      const head = (r) => [r.status, r.statusText, r.headers.get("content-type") || ""];
      const found = response.then(async (r) => {
        if (!r.ok || !r.body) {
          text = head(r).concat(r.ok ? "" : null);
          return known;
        }
        reader = r.clone().body.getReader();
        const decoder = new TextDecoder();
        const parts = [];
        let seen = 0;
        let tail = "";
        let f = known;
        for (;;) {
          let chunk;
          try {
            chunk = await reader.read();
          } catch (e) {
            text = head(r).concat(null);
            return f;
          }
          const { done, value } = chunk;
          if (done) {
            // The whole text, unless the look stopped keeping it (the plain build is not chosen then).
            parts.push(decoder.decode());
            text = f & CORE ? null : head(r).concat(parts.join(""));
            return f;
          }
          const part = decoder.decode(value, { stream: true });
          const seek = tail + part;
          f |= formats(seek);
          if ((seen += value.length) > SLICED) f |= CORE;
          if ((f & BOTH) === BOTH || seen >= LOOK_BYTES) return f;
          if (!(f & CORE)) parts.push(part);
          tail = seek.slice(-64);
        }
      }).catch(() => known).then((f) => {
        // The copy's rest is not read: cancelled, the response does not keep it.
        if (reader) reader.cancel().catch(() => {});
        return f;
      });
      // No longer than the widget's time limit (data-timeout, ms): the build's
      // own timer then says no answer came in time (it counts the time spent here).
      const t = +own("timeout");
      rich = Promise.race([found, new Promise((ok) => setTimeout(ok, t >= 100 && t <= 600000 ? t : 15000, known | CORE))]);
      handed = [response, controller, Date.now()];
      // Asked for when the plain build is chosen, which is only when the look
      // read the whole file (or the request failed: the same rejection).
      const t0 = Date.now();
      whole = () => [found.then(() => text || response.then((r) => head(r).concat(null))), controller, t0];
    }
  } catch (e) {} // an invalid URL, say: the build fetches and says what is wrong
  return { rich, handed, whole };
}

/** What the widgets mounted in the same task as this one need of a second build, together (a mask). */
function together(rich) {
  if (!batch) {
    const b = (batch = { all: [] });
    // After the other widgets of this task (the loader mounts a page's at once) have looked.
    b.any = Promise.resolve().then(() => {
      batch = null;
      return Promise.all(b.all);
    }).then((all) => all.reduce((a, f) => a | f, 0));
  }
  batch.all.push(rich);
  return batch.any;
}

/** What hands a build the entry's request: [its response's promise, its controller, the ms spent], or undefined. */
function handing(handed) {
  return handed ? [handed[0], handed[1], Date.now() - handed[2]] : undefined;
}

/**
 * Loads the second build that reads what `wants` names (a mask; default both)
 * and what the one loaded already reads, and makes it the one new widgets
 * use: the Markdown build, the HTML build, or the one with both. Resolves
 * with the build (its glue module). One loads at a time, so that each reads
 * at least what the last one read.
 */
function loadMarkdown(wants = BOTH) {
  const go = () => {
    const has = wants | mdHas;
    if (md && has === mdHas) return md;
    return secondLoading[has] || (secondLoading[has] = second(has).then(async ([m, wasm]) => {
      wasmExports.set(m, await m.default({ module_or_path: await wasmAt(wasm) }));
      for (const text of texts) m.addCatalog(text);
      if (refs.text) m.addEntities(refs.text);
      seconds.push(m);
      reads.set(m, has);
      md = m;
      mdHas = has;
      return m;
    }));
  };
  const p = secondChain.then(go);
  secondChain = p.catch(() => {});
  return p.catch((err) => {
    mdFailed = true;
    throw err;
  });
}

/** The glue and the .wasm of the second build that reads `has`: literal paths each, which bundlers find the files by. */
function second(has) {
  if (has === MARKDOWN) return import("./thread_widget_markdown.js").then((m) => [m, new URL("thread_widget_markdown_bg.wasm", import.meta.url)]);
  if (has === HTML) return import("./thread_widget_html.js").then((m) => [m, new URL("thread_widget_html_bg.wasm", import.meta.url)]);
  return import("./thread_widget_md.js").then((m) => [m, new URL("thread_widget_md_bg.wasm", import.meta.url)]);
}

/**
 * The second build that reads `thread` (its text or object): the one loaded
 * when it does, else the promise of one that does (update() of a live
 * widget: a platform's bodies are HTML).
 */
function secondFor(thread) {
  let wants = BOTH;
  try { wants = formats(typeof thread == "string" ? thread : JSON.stringify(thread) || "") || HTML; } catch (e) {}
  return md && (wants & mdHas) === wants ? md : loadMarkdown(wants);
}

/** Whether a build reads every format (Markdown and HTML): nothing would move its widgets. */
function full(m) {
  return reads.get(m) === BOTH;
}

/**
 * Loads the widget. `{ markdown: true }` or `{ html: true }` (the same: one
 * build reads both) loads the build with the Markdown and HTML readers instead
 * of the core, for pages that know they show such bodies: then `render` and
 * `renderToString` never meet a thread they cannot render at once.
 * `{ lang: "de" }` (a tag, or an array of tags) also loads those languages'
 * catalogs: then `render` shows them at once and `renderToString` can.
 * `{ i18n: "/static/thread-widget/i18n/" }` says where the catalog files are
 * when a bundler has moved this file away from them (default: i18n/ beside it).
 * `module_or_path` (wasm-bindgen's argument) overrides where the core's .wasm is.
 * Resolves, as wasm-bindgen's init does, with the wasm exports (`memory`).
 */
export default function init(options) {
  // Own properties only: a page that polluted Object.prototype.module_or_path
  // would otherwise choose where the code (the .wasm) comes from.
  const own = (k) => (options && Object.prototype.hasOwnProperty.call(options, k) ? options[k] : undefined);
  if (own("i18n")) catalogDir = new URL(String(own("i18n")).replace(/\/?$/, "/"), typeof document == "object" ? document.baseURI : here);
  const rich = !!(own("markdown") || own("html"));
  const built = rich ? loadMarkdown().then((m) => wasmExports.get(m)) : coreReady || (coreReady = Promise.all([import("./thread_widget_core.js"), own("module_or_path") || wasmAt(new URL("thread_widget_bg.wasm", import.meta.url))]).then(([m, w]) => {
    core = m;
    return m.default({ module_or_path: w });
  }).then((exports) => {
    coreOk = true;
    for (const text of texts) core.addCatalog(text);
    return exports;
  }));
  // In Node, Deno and Bun node:fs is loaded with the build, for the catalogs
  // that render and renderToString read synchronously later.
  const ready = server ? Promise.all([built, nodeFs()]).then(([exports]) => exports) : built;
  const langs = own("lang");
  if (!langs) return ready;
  return ready.then(async (exports) => {
    const m = rich ? md : core;
    await Promise.all([].concat(langs).map((lang) => {
      const l = needs(m, null, { lang: String(lang) });
      return l && loadCatalog(l);
    }));
    return exports;
  });
}

/** Loads the plain build (see `plain`) and resolves with it. */
function loadPlain() {
  return plainReady || (plainReady = Promise.all([import("./thread_widget_plain.js"), wasmAt(new URL("thread_widget_plain_bg.wasm", import.meta.url))]).then(([m, w]) => {
    plain = m;
    return m.default({ module_or_path: w });
  }).then(() => {
    plainOk = true;
    for (const text of texts) plain.addCatalog(text);
    return plain;
  }));
}

/**
 * The build render() and renderToString() use: the second build or the core.
 * The plain build has neither (a page whose script tags loaded only it calls
 * `await init()` first, as for any page); `any`: it will do for the catalog a
 * widget needs.
 */
function started(any) {
  if (md) return md;
  if (coreOk) return core;
  if (any && plainOk) return plain;
  throw new Error("thread-widget: call `await init()` before render() and renderToString()");
}

/** A widget: `update(thread)`, `setOptions(options)`, `destroy()`. */
export class Widget {
  constructor(element, options, thread, inner) {
    this.element = element;
    this.options = Object.assign({}, options);
    this.thread = thread; // for a render()ed widget, to render again with the second build
    this.inner = inner;
    this.src = null;
    this.wants = false; // heard before the core call returned
    this.moving = null;
    this.off = null;
    this.offRefs = null;
    this.starting = null;
    this.live = null; // the live build showing it, if one is
    this.plain = false; // shown by the plain build
  }
  update(thread) {
    if (this.live) return lv.fromLive(this, thread);
    this.inner.update(thread);
    this.thread = thread;
  }
  setOptions(options) {
    if (this.starting) {
      // Mounted again with another build (below): the change follows.
      this.starting.then(() => this.setOptions(options)).catch((err) => console.error("thread-widget: " + ((err && err.message) || err)));
      return;
    }
    const src = options && Object.prototype.hasOwnProperty.call(options, "src") ? options.src : undefined;
    if (src !== undefined && ((this.live && !(isLive(src) && lv.reads(this, src))) || this.plain)) {
      // Another build reads the new src (a thread file, or another platform
      // than the Mastodon build's; the plain build fetches nothing itself):
      // the widget is mounted again with it.
      Object.assign(this.options, options);
      this.inner.destroy();
      this.leave();
      this.starting = this.start(this.options).catch(() => {}).then(() => { this.starting = null; }); // the widget shows why, the console says it
      return;
    }
    this.inner.setOptions(options);
    Object.assign(this.options, options);
    if (this.element) follow(this.element, this); // the theme may have become auto, or stopped being it
    this.localize();
  }
  /** No longer shown by a live build: its listener goes. */
  leave() {
    if (this.off) this.off();
    this.off = null;
    this.live = null;
  }
  /**
   * Loads the thread of `options.src` (or the container's) with the build that
   * reads it (mount). `fixed`: the options never change and no handle is kept
   * (show), so the plain build will do when the thread needs nothing more.
   */
  async start(options, fixed) {
    const element = this.element;
    // Whether the container is in the page now, before the look and the build
    // are awaited: one removed meanwhile is let go once loaded (below, and the
    // build's mount, which is told: it is out of the page when called).
    const connected = element.isConnected;
    const src = options && Object.prototype.hasOwnProperty.call(options, "src") ? options.src : element.getAttribute("data-src");
    if (isLive(src)) return (await livePart()).start(this, element, src, options, connected);
    let handed = null;
    let m = md;
    if (!full(md)) {
      // The build these widgets need, before any wasm: the smallest that reads
      // what any of them needs (the core when none needs a second build).
      const seen = look(element, options, fixed);
      handed = seen.handed;
      const all = await together(seen.rich);
      const wants = all & BOTH;
      if (wants && !mdFailed && (!md || (wants & mdHas) !== wants)) {
        m = await loadMarkdown(wants).catch((err) => {
          // The core then (or the second build loaded), which shows those bodies as plain text.
          try { console.error("thread-widget: could not load Markdown and HTML support: " + ((err && err.message) || err)); } catch (e) {}
          return md;
        });
      } else m = md; // loaded meanwhile, perhaps
      if (!m && !(all & CORE) && !coreReady) {
        m = await loadPlain();
        // The plain build reads the text the look read, not the response,
        // whose body is let go.
        if (handed) handed[0].then((r) => r.body && r.body.cancel()).catch(() => {});
        handed = seen.whole && seen.whole();
      }
      if (!m) {
        await init();
        m = core;
      }
    }
    // The catalog first: the widget then renders in its language from the start.
    const lang = needs(m, element, options);
    if (lang) await loadCatalog(lang);
    // A build without a reader the thread turns out to need (Markdown past the
    // first MB, in a page file, after a refresh) hands it over (below).
    if (!full(m)) this.watch(true);
    this.hearRefs();
    this.plain = m === plain;
    try {
      this.inner = await m.mount(element, options, handing(handed), connected);
    } catch (err) {
      this.unhear();
      throw err;
    }
    if (this.wants) await this.move(true, connected);
    // Removed from the page while it loaded: the core let it go (src/widget.rs,
    // mount); so do these listeners, which would otherwise tie the element to
    // this handle and through it to the wasm side, a cycle no GC can see through.
    if (connected && !element.isConnected) this.unhear();
  }
  /**
   * After each render: a body that named a character reference its build
   * lacks renders again once the whole table is added (see `refs`).
   */
  hearRefs() {
    if (this.offRefs) this.offRefs();
    const el = this.element;
    const hear = () => {
      if (refsWanted()) loadEntities().then((ok) => {
        try { if (ok && this.element && this.inner) this.inner.setOptions({}); } catch (e) {} // destroyed meanwhile
      });
    };
    el.addEventListener("thread-widget:ready", hear);
    this.offRefs = () => el.removeEventListener("thread-widget:ready", hear);
  }
  /** Its listeners on the element go (the build's own went with the widget). */
  unhear() {
    if (this.off) this.off();
    if (this.offRefs) this.offRefs();
    this.off = this.offRefs = null;
  }
  /** Renders again once the catalog of the widget's language has loaded, if it is not yet. */
  localize() {
    const lang = this.element && needs(started(true), this.element, this.options);
    if (lang) loadCatalog(lang).then((ok) => {
      try { if (ok && this.element) this.inner.setOptions({}); } catch (e) {} // destroyed meanwhile
    });
  }
  destroy() {
    this.unhear();
    unfollow(this.element, this);
    this.element = null;
    this.inner.destroy();
  }
  free() {
    this.destroy();
  }
  /** Widgets of a build without a reader hear when their thread needs it (src/widget/slices.rs, markdown_elsewhere). */
  watch(mounted) {
    const el = this.element;
    const hear = (e) => {
      if (mdFailed) return; // plain text, as the core warns
      if (mounted) e.preventDefault(); // nothing rendered until the second build is
      if (e.detail) this.src = e.detail;
      if (this.inner) this.move(mounted);
      else this.wants = true;
    };
    el.addEventListener("thread-widget:markdown", hear);
    this.off = () => el.removeEventListener("thread-widget:markdown", hear);
  }
  /** Moves the widget to the build with both readers: mounted again (from the file it was showing; `connected` as for mount) or rendered again. */
  move(mounted, connected) {
    return this.moving || (this.moving = loadMarkdown().then(async (m) => {
      const el = this.element;
      if (!el) return; // destroyed meanwhile
      // The core's destroy() empties the container: keep its inline JSON for the second build.
      const inline = mounted && !this.src && !this.options.src ? el.querySelector('script[type="application/json"]') : null;
      this.off();
      this.off = null;
      this.inner.destroy();
      if (inline) el.appendChild(inline);
      this.plain = false;
      this.inner = mounted ? await m.mount(el, this.src ? Object.assign({}, this.options, { src: this.src }) : this.options, undefined, connected) : m.render(el, this.thread, this.options);
    }, (err) => {
      try { console.error("thread-widget: could not load Markdown and HTML support: " + ((err && err.message) || err)); } catch (e) {}
      this.inner.setOptions({}); // renders again, Markdown and HTML as plain text
    }));
  }
}

/**
 * Loads a thread from `options.src` (or the container's inline JSON) and renders it.
 * A thread with Markdown or HTML bodies resolves once the second build has rendered it.
 */
export function mount(element, options) {
  return mountWith(element, options, false);
}

/**
 * mount() for a container whose options never change and whose handle is
 * not kept: the script-tag loader's (thread-widget.js), which passes the
 * container's data attributes. A thread that needs nothing of the core's
 * beyond text and BBCode (no data-refresh, no nested layout, no page files,
 * no prerendered markup, at most 256 KB) then loads the plain build, 22 KB
 * gzip smaller (docs/benchmarks.md, "The plain build"). Resolves once it has rendered;
 * nothing to keep.
 */
export async function show(element, options) {
  await mountWith(element, options, true);
}

async function mountWith(element, options, fixed) {
  // The page's scheme is on the container before anything renders in it: no flash.
  const early = {};
  follow(element, early);
  const connected = !!(element && element.isConnected);
  try {
    const w = new Widget(element, options, null, null);
    await w.start(options, fixed);
    // Again, now that the widget has said its theme; or, removed from the page
    // while it loaded, let go, as the widget itself lets go of it.
    if (connected && !element.isConnected) unfollow(element, early);
    else follow(element, w);
    return w;
  } catch (err) {
    // A widget showing its error message keeps following (until it leaves the page).
    if (!(element && element.classList && element.classList.contains("tw-root"))) unfollow(element, early);
    throw err;
  }
}

/**
 * Renders a thread already in memory, synchronously. Before the second build
 * is loaded, a thread with Markdown or HTML bodies shows them as plain text and
 * renders again once it is (`await init({ markdown: true })` avoids that). The catalog
 * of its language, when not loaded yet, is read synchronously (see
 * loadCatalogNow; `await init({ lang })` avoids the wait).
 */
export function render(element, thread, options) {
  const m = started();
  const lang = needs(m, element, options);
  if (lang) loadCatalogNow(lang);
  const w = new Widget(element, options, thread, null);
  if (!full(m)) w.watch(false);
  w.hearRefs();
  try {
    w.inner = m.render(element, thread, options);
  } catch (err) {
    w.unhear();
    throw err;
  }
  if (w.wants) w.move(false);
  follow(element, w);
  w.localize();
  return w;
}

/**
 * The widget's markup as an HTML string. A thread with Markdown or HTML bodies
 * needs the second build (`await init({ markdown: true })`): the core throws. The
 * catalog of a language not loaded yet is read synchronously, as for render().
 */
export function renderToString(thread, options) {
  const m = started();
  const lang = needs(m, null, options);
  if (lang) loadCatalogNow(lang);
  const html = m.renderToString(thread, options);
  // A body named a reference the build lacks: the whole table, read now, and the markup again.
  return refsWanted() && loadEntitiesNow() ? m.renderToString(thread, options) : html;
}
