// The widget's browser I/O that costs fewer bytes here than in the wasm
// (docs/benchmarks.md, "Issue 16"): keeping a post in place while the page
// settles, the jump's scroll and highlight, focus without scrolling, tasks,
// the lazy widget's observer, its one listener, its events, the refresh
// timer, the reader's place measured, the reader's language, the console.
// Rust decides what is shown and when; these only do it. Imported by the wasm glue
// (src/widget/io.rs: wasm-bindgen writes it to snippets/, and
// scripts/build.sh bundles it into each thread_widget_*.js). Nothing runs on
// import (Node imports the glue for renderToString).

let settling;

/** Keeps `el` at `top` (px from the viewport's top) while the heights above
 * it settle: see `settle` in src/widget/io.rs. */
export function settle(el, top) {
  // One at a time, page-wide: the last one stops. Put back at once (the
  // first correction after a render), then as the page settles.
  if (settling) settling();
  settling = undefined;
  const putBack = () => {
    const off = el.getBoundingClientRect().top - top;
    if (Math.abs(off) >= 1) scrollBy(0, off);
  };
  putBack();
  const list = el.parentElement;
  if (!list || typeof ResizeObserver != "function") return;
  const until = Date.now() + 2000;
  let done = false;
  let stopped = false;
  const stop = () => (done = true);
  const observer = new ResizeObserver(() => {
    if (done || Date.now() >= until || !el.isConnected) return;
    putBack();
    // The scroll may give posts near the screen their real heights in this
    // same frame: a size change the observer could only report with a
    // "ResizeObserver loop" error on the page (Firefox does). Unobserved
    // until the next frame, it reports that size then, still after layout
    // and before paint.
    observer.unobserve(el.parentElement || el);
    requestAnimationFrame(() => {
      const list = el.parentElement;
      if (!stopped && list) observer.observe(list);
    });
  });
  observer.observe(list);
  const names = ["wheel", "touchstart", "keydown", "mousedown"];
  for (const n of names) addEventListener(n, stop, true);
  const release = (settling = () => {
    stopped = true;
    observer.disconnect();
    for (const n of names) removeEventListener(n, stop, true);
  });
  // Its 2 s over, it lets go: its listeners (whose scope holds `el`) and
  // `settling` would otherwise keep the post, and the container it is in,
  // alive until the next settle, after the container has left the page.
  setTimeout(() => {
    if (settling == release) settling = undefined;
    release();
  }, 2000);
}

/** Scrolls `el` into view (`block`: "start", "nearest"). */
export function show(el, block) {
  el.scrollIntoView({ block });
}

/** A quote jump or `#post-N`: the post scrolled to the top and kept there
 * ([`settle`]) at its scroll margin. */
export function jumpTo(el) {
  el.scrollIntoView({ block: "start" });
  // Where scrollIntoView means it to be (the page may not be long enough below it yet).
  const margin = parseFloat(getComputedStyle(el).scrollMarginTop);
  settle(el, isFinite(margin) ? margin : 0);
}

/** Highlights a post jumped to for two seconds. */
export function highlight(el) {
  const c = el.classList;
  c.remove("tw-highlight");
  c.add("tw-highlight");
  setTimeout(() => c.remove("tw-highlight"), 2000);
}

/** Moves focus to `el` without scrolling (`scroll` false) or as `focus()`
 * does; an `article` is made focusable by script only. */
export function focus(el, scroll) {
  if (!(el instanceof HTMLElement)) return;
  if (el.tagName == "ARTICLE") el.setAttribute("tabindex", "-1");
  el.focus({ preventScroll: !scroll });
}

/** Runs `f` in a task of its own: `scheduler.postTask` where the browser has
 * it (no 4 ms clamp after five nested timeouts), else `setTimeout(f, 0)`. */
export function postTask(f) {
  const s = globalThis.scheduler;
  try {
    if (typeof s?.postTask == "function") return void s.postTask(f);
  } catch {}
  setTimeout(f, 0);
}

/** A promise resolved in a new task ([`postTask`]): the wasm's yield. */
export function nextTask() {
  return new Promise((resolve) => postTask(resolve));
}

/** Calls `f` once when `el` nears the viewport (200 px); the observer (to
 * disconnect), or null when the browser has no IntersectionObserver. */
export function whenNear(el, f) {
  if (typeof IntersectionObserver != "function") return null;
  const o = new IntersectionObserver(
    (entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      o.disconnect();
      f();
    },
    { rootMargin: "200px" },
  );
  o.observe(el);
  return o;
}

/** Calls `f(event)` for the clicks in `el` and the window's `hashchange`;
 * a function that stops both. */
export function listen(el, f) {
  el.addEventListener("click", f);
  addEventListener("hashchange", f);
  return () => {
    el.removeEventListener("click", f);
    removeEventListener("hashchange", f);
  };
}

/** Sends `name` on `el`: bubbling, or (`bubbles` false) cancelable; false
 * when a listener cancelled it. */
export function emit(el, name, detail, bubbles) {
  return el.dispatchEvent(new CustomEvent(name, { bubbles, cancelable: !bubbles, detail }));
}

/** Calls `f` every `ms` milliseconds; a function that stops it. */
export function every(f, ms) {
  const id = setInterval(f, ms);
  return () => clearInterval(id);
}

/** Where the reader is in `el`, for keeping it over a render: the posts on
 * screen as [id, top, id, top, …] (ids without `post-`, tops in px from the
 * viewport's top), at most 16, the one to keep first: the first whose top
 * is on screen, else the one the reader is inside. The others follow in the
 * order shown, for when the first is gone after the render. */
export function readingPlace(el) {
  const seen = [];
  for (const a of el.querySelectorAll("article.tw-post")) {
    const r = a.getBoundingClientRect();
    if (r.bottom <= 0) continue;
    // Below the screen: nothing more the reader sees (one at least is kept).
    if ((r.top >= innerHeight && seen.length) || seen.length >= 16) break;
    seen.push([a.id.replace(/^post-/, ""), r.top]);
  }
  const at = seen.findIndex((p) => p[1] >= 0);
  if (at > 0) seen.unshift(seen.splice(at, 1)[0]);
  return seen.flat();
}

/** The post a refresh keeps in place, as [id, top] ([] when none is on
 * screen): the first post on screen; `nested` (a top-level article holds
 * its replies), the first that starts on screen, else the first on screen. */
export function anchor(el, nested) {
  const seen = [...el.querySelectorAll("article.tw-post")].filter((a) => a.getBoundingClientRect().bottom > 0);
  const a = (nested && seen.find((a) => a.getBoundingClientRect().top >= 0)) || seen[0];
  return a ? [a.id.replace(/^post-/, ""), a.getBoundingClientRect().top] : [];
}

/** `p`, marked handled: a request started now and awaited after another
 * does not reject unhandled meanwhile (Firefox's CORS refusals may come in
 * either order); its rejection still reaches the await. */
export function handled(p) {
  p.catch(() => {});
  return p;
}

/** The page's `location.hash` and `document.baseURI`: through `web_sys::window()` each would bring js-sys's global lookup (four imports) into every build. */
export function pageHash() {
  return typeof location == "object" ? location.hash : "";
}
export function pageBase() {
  return typeof document == "object" ? document.baseURI : "";
}

/** The nearest `lang` attribute around `el`, else the browser's language, else "en". */
export function pageLang(el) {
  return el.closest("[lang]")?.getAttribute("lang") || navigator.language || "en";
}

/** The `article` of post `id` in `el`, if it is in the DOM (nothing is built). */
export function article(el, id) {
  for (const a of el.querySelectorAll("article.tw-post")) if (a.id == "post-" + id) return a;
  return null;
}

/** A console line: a warning, or (`error`) an error, after `thread-widget: `. */
export function say(error, message) {
  console[error ? "error" : "warn"]("thread-widget: " + message);
}
