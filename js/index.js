/*! thread-widget: the npm entry (pkg/thread_widget.js).
 * init() loads the core build (text and BBCode threads); a thread with
 * Markdown or HTML bodies needs a second build, the core with the Markdown
 * reader (thread_widget_markdown*), the HTML reader (thread_widget_html*) or
 * both (thread_widget_md*), which then serves every new widget that it reads.
 * A script tag's widget (the loader calls show() of thread_widget_show.js,
 * js/show.js, which this module imports too) whose thread needs no
 * data-refresh, no nested layout, no page files, no prerendered markup and
 * at most 256 KB loads the plain build (thread_widget_plain*: the core
 * without those, which parses in one go, is handed the text the look read
 * and has no render(), renderToString() nor update()) instead of the core;
 * the show module then never imports this one.
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
 * (js/scheme.js in the repository, bundled into the show module). */
import { follow, unfollow, plain, built as builds, LIVE, isLive, own as ownOf, io, here, catalogs, texts, loadCatalog, catalogUrl, addCatalog, noCatalog, needs, MARKDOWN, HTML, BOTH, CORE, formats, look, together, loadPlain as loadPlainWith, entry } from "./thread_widget_show.js";

export { isLive };

// The core's glue, imported with its .wasm (a page with Markdown, or a live
// page, never fetches it), and its init promise.
let core = null;
let coreReady = null;
let coreOk = false;
// The second builds: what each reads beyond text and BBCode (a mask of
// MARKDOWN and HTML). thread_widget_markdown* reads Markdown, thread_widget_html*
// HTML, thread_widget_md* both ("md" is its old name); each is the core too.
let md = null; // the second build that serves new widgets (the one that reads the most), once instantiated
let mdHas = 0; // what it reads
const reads = new Map(); // a second build → what it reads
const wasmExports = new Map(); // a second build → its wasm exports (what init resolves with)
const secondLoading = Object.create(null); // what it reads → promise of the build
let secondChain = Promise.resolve(); // one second build loads at a time: each reads at least what the last read
let mdFailed = false;
// The entry's part for live pages (js/live.js), imported for the first live
// widget: its promise, and it once loaded.
let platforms = null;
let lv = null;
// node:fs, when this file is read from disk (import.meta.url is a file: URL):
// a promise of the module, and the module once loaded (for the synchronous
// catalog reads of render and renderToString).
let fsLoading = null;
let fs = null;
// Not the file: URL alone: webpack writes the source's file: URL into
// import.meta.url of browser bundles. Node, Deno and Bun all have process.versions.node.
const server = here.startsWith("file:") && typeof process == "object" && !!(process && process.versions && process.versions.node);
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
  return platforms || (platforms = import("./thread_widget_live_entry.js").then((m) => (lv = m.default({ LIVE, texts, lives: builds, wasmAt, needs, loadCatalog, secondFor, refs, refsWanted, loadEntities }))).catch((err) => {
    platforms = null; // a later widget may try again
    throw err;
  }));
}

/** A file of the package's: fetched, or in Node, Deno and Bun read from the file. */
const fetchText = io.read;
function readText(url) {
  return url.protocol === "file:" && server ? nodeFs().then((f) => f.promises.readFile(url, "utf8")) : fetchText(url);
}
io.read = readText;

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

// The whole table of named character references (pkg/entities.txt, 11 KB
// gzip). The builds that read Markdown or HTML have the common names built in
// (src/markup/entities/): after a render whose bodies named another, the table
// is loaded once for the page, added to every build, and the widget renders
// again. `text` is "" when it could not be loaded (the names stay as written).
const refs = { text: null, loading: null };

/** Whether a build rendered a body naming a reference only the whole table may have, and it is not loaded. */
function refsWanted() {
  return refs.text === null && (!!refs.loading || builds.some((m) => m.entitiesWanted && m.entitiesWanted()));
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
  for (const m of builds) if (m.addEntities && !m.addEntities(text)) return noEntities(new Error("not the table of character references"));
  refs.text = text;
  return true;
}

/** One warning; the names stay as written and the table is not asked for again. */
function noEntities(err) {
  refs.text = "";
  try { console.warn(`thread-widget: could not load entities.txt (${(err && err.message) || err}): character references stay as written`); } catch (e) {}
  return false;
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
      builds.push(m);
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
  const own = (k) => ownOf(options, k);
  if (own("i18n")) io.dir = new URL(String(own("i18n")).replace(/\/?$/, "/"), typeof document == "object" ? document.baseURI : here);
  const rich = !!(own("markdown") || own("html"));
  const built = rich ? loadMarkdown().then((m) => wasmExports.get(m)) : coreReady || (coreReady = Promise.all([import("./thread_widget_core.js"), own("module_or_path") || wasmAt(new URL("thread_widget_bg.wasm", import.meta.url))]).then(([m, w]) => {
    core = m;
    return m.default({ module_or_path: w });
  }).then((exports) => {
    coreOk = true;
    builds.push(core);
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

/** Loads the plain build (js/show.js). */
function loadPlain() {
  return loadPlainWith(wasmAt);
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
  if (any && plain) return plain;
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
    const src = ownOf(options, "src");
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
  async start(options, fixed, pre) {
    const element = this.element;
    // Whether the container is in the page now, before the look and the build
    // are awaited: one removed meanwhile is let go once loaded (below, and the
    // build's mount, which is told: it is out of the page when called). From
    // js/show.js (`pre`): whether it was when the loader's show() began.
    const connected = pre ? pre.connected : element.isConnected;
    const src = options && Object.prototype.hasOwnProperty.call(options, "src") ? options.src : element.getAttribute("data-src");
    if (isLive(src)) return (await livePart()).start(this, element, src, options, connected);
    let handed = null;
    let m = md;
    const looked = pre && pre.seen;
    if (looked || !full(md)) {
      // The build these widgets need, before any wasm: the smallest that reads
      // what any of them needs (the core when none needs a second build).
      // js/show.js's show() may have looked already (`pre.seen`, and `pre.all`:
      // what the widgets mounted with it need).
      const seen = looked || look(element, options, fixed);
      handed = seen.handed;
      const all = looked ? pre.all : await together(seen.rich);
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
export async function show(element, options, pre) {
  await mountWith(element, options, true, pre);
}

/**
 * A plain build's widget of js/show.js (`w`: its `inner`, `src`, `off`)
 * whose thread turned out to need more: moved to the build with both
 * readers, as Widget.move does (`connected` as for mount).
 */
async function moveIn(element, options, w, connected) {
  const x = new Widget(element, options, null, w.inner);
  x.plain = true;
  x.src = w.src;
  x.off = w.off;
  x.hearRefs();
  await x.move(true, connected);
  if (connected && !element.isConnected) x.unhear();
  else follow(element, x);
}

async function mountWith(element, options, fixed, pre) {
  // The page's scheme is on the container before anything renders in it: no flash.
  const early = {};
  follow(element, early);
  // From js/show.js (`pre`: { seen, all, connected }): whether the container
  // was in the page when the loader's show() began, before the entry was imported.
  const connected = pre ? pre.connected : !!(element && element.isConnected);
  try {
    const w = new Widget(element, options, null, null);
    await w.start(options, fixed, pre);
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

// js/show.js leaves every widget to this module once it is loaded.
entry.module = { show, moveIn, failed: () => mdFailed };
