/*! thread-widget: a script tag's widget (pkg/thread_widget_show.js).
 * What the loader (thread-widget.js) imports, and what the entry
 * (thread_widget.js, js/index.js) imports too, so that both share one state:
 * the look at a widget's thread before any wasm (which build it needs), the
 * plain build (thread_widget_plain*) and the catalogs every build gets, and
 * the page's own dark or light scheme (js/scheme.js, bundled in).
 * show() renders a widget whose thread needs nothing more than the plain
 * build (text and BBCode; no data-refresh, no nested layout, no page files,
 * no prerendered markup, at most 256 KB) with that build alone; any other
 * widget, or one whose thread turns out to need more, is left to the entry,
 * imported then. A text/BBCode page thus never fetches the entry's code for
 * the other builds, render() or Node (docs/benchmarks.md, "The show module"). */
import { follow, unfollow } from "./scheme.js"; // bundled in (scripts/build.sh)

export { follow, unfollow };

// The plain build: the core without what only some thread files use
// (data-refresh, the nested layout, page files, the sliced parse of text over
// 256 KB, a request of its own, adopting prerendered markup) nor what only a
// handle or a module calls (update, render, renderToString), for the widgets
// of script tags whose threads need none of it (show, look).
export let plain = null;
let plainReady = null;

// Every build instantiated (the plain one, and the entry's: the core, the
// second builds, the live ones), each of which needs every catalog.
export const built = [];

// A post's public address on a platform: the same list as src/import/address.rs
// (recognize), which tests/e2e/live.mjs holds them to. A thread JSON file's
// address (a path ending in .json) is never one.
export const LIVE = [
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

/** options[k] when it is an own property (a page that polluted Object.prototype must not steer anything). */
export const own = (options, k) => (options && Object.prototype.hasOwnProperty.call(options, k) ? options[k] : undefined);

// The catalogs. The builds have English only: a widget in another language
// loads that language's catalog, i18n/{lang}.json beside this file (or where
// init({ i18n }) says: `io.dir`), once for the page. Not
// `new URL(`./i18n/${lang}.json`, import.meta.url)`: bundlers would then put
// all nine catalogs into every app (Vite inlines them, ~10 KB gzip).
// `io.read(url)`: how a file of the package's is read (the entry reads
// file: URLs with node:fs in Node, Deno and Bun).
export const here = import.meta.url;
export const io = { dir: null, read: fetchText };
// No prototypes: a page that polluted Object.prototype.de must not answer for German.
export const catalogs = Object.create(null); // language → promise of true (loaded) or false (English instead)
const failed = Object.create(null); // languages whose catalog could not be loaded
export const texts = []; // the catalog files loaded, for a build instantiated later

/**
 * Loads the catalog of `lang` (a language the wasm named, such as "de") once
 * for the page and adds it to every build. Resolves with false, after one
 * warning, when it cannot be loaded: the widget stays in English.
 */
export function loadCatalog(lang) {
  if (catalogs[lang]) return catalogs[lang];
  const url = catalogUrl(lang);
  return (catalogs[lang] = io.read(url).then((text) => addCatalog(lang, text)).catch((err) => noCatalog(lang, url, err)));
}

/** A file's text, fetched within 15 s. */
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

export function catalogUrl(lang) {
  return new URL(lang + ".json", io.dir || new URL("i18n/", here));
}

/** Adds a catalog file's text to every build; throws when it is not the catalog of `lang`. */
export function addCatalog(lang, text) {
  for (const m of built) if (m.addCatalog(text) !== lang) throw new Error(`not the catalog of "${lang}"`);
  texts.push(text);
  return true;
}

/** One warning; the widget stays in English and the catalog is not asked for again. */
export function noCatalog(lang, url, err) {
  failed[lang] = true;
  try { console.warn(`thread-widget: could not load the "${lang}" catalog (${url}: ${(err && err.message) || err}); using English`); } catch (e) {}
  return false;
}

/** The language whose catalog a widget (or renderToString, with no element) still needs, or undefined. */
export function needs(m, element, options) {
  const lang = m.catalogFor(element || null, options);
  return lang && !failed[lang] ? lang : undefined;
}

// What a widget needs beyond the plain build, as a mask. MARKDOWN and HTML:
// a second build (the core with those readers). CORE: the core's own (see `look`).
export const MARKDOWN = 1;
export const HTML = 2;
export const BOTH = MARKDOWN | HTML;
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
export const CORE = 4;
const SLICED = 256 * 1024;

/** The second-build formats a thread's text names (MARKDOWN, HTML, both, or 0), and CORE when it links page files. */
export function formats(text) {
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
export function look(element, options, fixed) {
  const src = own(options, "src");
  const refresh = own(options, "refresh");
  // What the plain build leaves out, known from the options alone.
  // data-refresh is off when empty, "0" or "off" (src/config.rs); the plain build has no nested layout.
  const on = (v) => v != null && !["", "0", "off"].includes(String(v).trim());
  let rich = !fixed || on(refresh) || String(own(options, "layout")).trim() === "nested" ? CORE : 0;
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
    } else if (typeof src == "string" && own(options, "loading") === "lazy" && typeof IntersectionObserver == "function") {
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
      const t = +own(options, "timeout");
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
export function together(rich) {
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

/**
 * Loads the plain build (see `plain`) and resolves with it. `wasmAt` (the
 * entry's): what wasm-bindgen's init takes for a .wasm URL (its bytes in Node).
 */
export function loadPlain(wasmAt = (u) => u) {
  return plainReady || (plainReady = Promise.all([import("./thread_widget_plain.js"), wasmAt(new URL("thread_widget_plain_bg.wasm", import.meta.url))]).then(([m, w]) => {
    plain = m;
    return m.default({ module_or_path: w });
  }).then(() => {
    built.push(plain);
    for (const text of texts) plain.addCatalog(text);
    return plain;
  }));
}

// The entry (js/index.js), once imported: what every widget but the plain
// build's is shown by. It sets `entry.module` as it loads: its `show`, its
// `moveIn` (not exported: not part of the API) and `failed()` (the second
// build could not be loaded).
export const entry = { module: null };
function full() {
  return entry.module ? Promise.resolve(entry.module) : import("./thread_widget.js").then(() => entry.module);
}

/**
 * mount() for a container whose options never change and whose handle is
 * not kept: the script-tag loader's (thread-widget.js), which passes the
 * container's data attributes. A thread that needs nothing of the core's
 * beyond text and BBCode (no data-refresh, no nested layout, no page files,
 * no prerendered markup, at most 256 KB) loads the plain build, 22 KB
 * gzip smaller than the core (docs/benchmarks.md, "The plain build"), and
 * nothing else; any other is shown by the entry (its `show`). Resolves once
 * it has rendered; nothing to keep.
 */
export async function show(element, options) {
  // Whether the container is in the page now: one removed while the look,
  // the build (or the entry) load is let go once loaded (the build's mount is told).
  const connected = !!(element && element.isConnected);
  const src = own(options, "src");
  if (entry.module || isLive(src === undefined && element ? element.getAttribute("data-src") : src)) return (await full()).show(element, options, { connected });
  // The page's scheme is on the container before anything renders in it: no flash.
  const early = {};
  follow(element, early);
  try {
    // The look of the entry's Widget.start: the widgets mounted together load one build.
    const seen = look(element, options, true);
    const all = await together(seen.rich);
    if (all || entry.module) return (await full()).show(element, options, { seen, all, connected });
    const m = await loadPlain();
    // The plain build reads the text the look read, not the response, whose body is let go.
    if (seen.handed) seen.handed[0].then((r) => r.body && r.body.cancel()).catch(() => {});
    // The catalog first: the widget then renders in its language from the start.
    const lang = needs(m, element, options);
    if (lang) await loadCatalog(lang);
    // A thread that turns out to need more (Markdown the look could not see,
    // as an escaped "format") moves to the entry's build with both readers.
    const w = { inner: null, src: null, wants: false };
    const hear = (e) => {
      if (entry.module && entry.module.failed()) return; // it could not be loaded: plain text, as the build warns
      e.preventDefault(); // nothing rendered until the other build is
      if (e.detail) w.src = e.detail;
      if (w.inner) w.moved = full().then((f) => f.moveIn(element, options, w, connected));
      else w.wants = true;
    };
    element.addEventListener("thread-widget:markdown", hear);
    w.off = () => element.removeEventListener("thread-widget:markdown", hear);
    try {
      w.inner = await m.mount(element, options, seen.whole && seen.whole(), connected);
    } catch (err) {
      w.off();
      throw err;
    }
    if (w.wants) return (await full()).moveIn(element, options, w, connected);
    if (w.moved) return w.moved;
    // Removed from the page while it loaded: the build let it go, and so
    // does this listener (the element would otherwise tie the wasm side).
    if (connected && !element.isConnected) {
      w.off();
      unfollow(element, early);
    } else follow(element, w);
  } catch (err) {
    // A widget showing its error message keeps following (until it leaves the page).
    if (!(element && element.classList && element.classList.contains("tw-root"))) unfollow(element, early);
    throw err;
  }
}
