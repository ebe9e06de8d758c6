// The browser benchmark's page side (www/bench/index.html), driven by
// scripts/bench-browser.mjs through window.twBench. Each call measures one
// thing once, in a task of its own, so that a long task observed during it
// belongs to it; the driver interleaves the methods round by round, so that a
// busy machine slows all of them alike and the ratios stay meaningful.
//
// Methods (each into a fresh container in #stage, until laid out):
//   widget   render(el, threadObject): `first` when render() returns (the first
//            screen), `ms` at thread-widget:ready (every post in the DOM)
//   mount    mount(el, {src}) from a URL, until ready
//   floor    el.innerHTML = the widget's own HTML (renderToString), in a
//            container styled as the widget's
//   vanilla  renderVanilla(el, threadObject) (vanilla.js): the baseline
//   parse    render(el, jsonText, {pageSize: 1}) until ready: JSON text → model in wasm,
//            plus one post
//   parseObj render(el, threadObject, {pageSize: 1}): JS object → model, plus one post
// and with {withCv: true}, the same with www/bench/cv.css (content-visibility on posts).

import init, { mount, render, renderToString } from "/pkg/thread_widget.js";
import { renderVanilla } from "/bench/vanilla.js";

const stage = document.getElementById("stage");
// The "cv" variant's stylesheet, enabled only for the runs that ask for it.
const cv = document.createElement("link");
cv.rel = "stylesheet";
cv.href = "/bench/cv.css";
cv.disabled = true;
document.head.append(cv);
const data = new Map(); // name → { url, text, object, html }
let wasm = null;

const longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push({ start: e.startTime, end: e.startTime + e.duration, duration: e.duration });
}).observe({ type: "longtask" });

const nextTask = () => new Promise((r) => setTimeout(r, 0));
const layout = (el) => el.getBoundingClientRect().height + el.offsetHeight;

async function settle() {
  if (window.gc) window.gc();
  await nextTask();
}

function heap() {
  return performance.memory ? performance.memory.usedJSHeapSize : NaN;
}

function container(styledAsWidget) {
  const el = document.createElement("div");
  if (styledAsWidget) {
    el.className = "tw-root";
    el.setAttribute("data-tw-theme", "auto");
  }
  stage.replaceChildren(el);
  return el;
}

/** Resolves at the next thread-widget:ready on el (or its error). */
function readyOn(el) {
  return new Promise((ok, fail) => {
    el.addEventListener("thread-widget:ready", (e) => ok(e.detail || {}), { once: true });
    el.addEventListener("thread-widget:error", (e) => fail(new Error(e.detail && e.detail.message)), { once: true });
  });
}

const OPTIONS = { lang: "en", dates: "absolute" };

/**
 * Records when the first post (or the empty thread's message) is in el and
 * laid out: the first screen. render() and mount() of a thread over 256 KB
 * of JSON show it from a task of their own, before the whole thread is parsed.
 */
function firstScreen(el, t0) {
  let first = null;
  const seen = () => {
    if (first === null && el.querySelector("article.tw-post, .tw-empty")) {
      layout(el);
      first = performance.now() - t0;
      obs.disconnect();
    }
  };
  const obs = new MutationObserver(seen);
  obs.observe(el, { childList: true, subtree: true });
  return () => (seen(), first);
}

const METHODS = {
  async widget(d, el) {
    const ready = readyOn(el);
    const t0 = performance.now();
    const firstAt = firstScreen(el, t0);
    const handle = render(el, d.object, OPTIONS);
    firstAt();
    const detail = await ready;
    const first = firstAt();
    layout(el);
    return { ms: performance.now() - t0, first, chunks: detail.chunks ?? 1, handle };
  },
  async mount(d, el) {
    const ready = readyOn(el);
    const t0 = performance.now();
    const firstAt = firstScreen(el, t0);
    const handle = await mount(el, { ...OPTIONS, src: d.url });
    const detail = await ready;
    const first = firstAt();
    layout(el);
    return { ms: performance.now() - t0, first, chunks: detail.chunks ?? 1, handle };
  },
  async floor(d, el) {
    const t0 = performance.now();
    el.innerHTML = d.html;
    layout(el);
    return { ms: performance.now() - t0 };
  },
  async vanilla(d, el) {
    const t0 = performance.now();
    renderVanilla(el, d.object);
    layout(el);
    return { ms: performance.now() - t0 };
  },
  // Until ready: a thread over 256 KB of JSON is parsed in slices after render() returns.
  async parse(d, el) {
    const ready = new Promise((ok) => el.addEventListener("thread-widget:ready", ok, { once: true }));
    const t0 = performance.now();
    const handle = render(el, d.text, { ...OPTIONS, pageSize: 1 });
    await ready;
    return { ms: performance.now() - t0, handle };
  },
  async parseObj(d, el) {
    const ready = new Promise((ok) => el.addEventListener("thread-widget:ready", ok, { once: true }));
    const t0 = performance.now();
    const handle = render(el, d.object, { ...OPTIONS, pageSize: 1 });
    await ready;
    return { ms: performance.now() - t0, handle };
  },
};

window.twBench = {
  /** Loads the wasm; resolves with what the page can measure. */
  async setup() {
    // The generated threads are 30 % Markdown: measure the build that renders them.
    wasm = await init({ markdown: true });
    document.getElementById("status").textContent = "ready";
    return {
      userAgent: navigator.userAgent,
      preciseMemory: !!performance.memory,
      gc: !!window.gc,
      longtask: PerformanceObserver.supportedEntryTypes.includes("longtask"),
    };
  },

  /** Fetches a thread file and prepares its object and the floor's HTML. */
  async load(name, url) {
    const text = await (await fetch(url, { cache: "no-store" })).text();
    const object = JSON.parse(text);
    const html = renderToString(text, OPTIONS);
    data.set(name, { url, text, object, html });
    return { bytes: text.length, htmlBytes: html.length, posts: object.posts.length };
  },

  /** Drops a thread's data (the 10,000-post one is large). */
  unload(name) {
    data.delete(name);
  },

  /**
   * Measures one method once on one thread. `dom` sets the DOM construction
   * method of an experiment build (window.__twDom; ignored otherwise).
   */
  async measure(name, method, { dom, withCv = false } = {}) {
    const d = data.get(name);
    if (!d) throw new Error(`no data ${name}`);
    window.__twDom = dom;
    cv.disabled = !withCv;
    const el = container(method === "floor" || method === "vanilla");
    await settle();
    const heapBefore = heap();
    const tasksBefore = longTasks.length;
    const t0 = performance.now();
    const r = await METHODS[method](d, el);
    const t1 = performance.now();
    await nextTask(); // let the long-task observer see the last task
    await settle();
    const out = {
      ms: r.ms,
      first: r.first ?? r.ms,
      chunks: r.chunks ?? 1,
      heap: heap() - heapBefore,
      wasm: wasm.memory.buffer.byteLength,
      nodes: el.getElementsByTagName("*").length,
      posts: el.querySelectorAll("article.tw-post").length,
      longest: Math.max(0, ...longTasks.slice(tasksBefore).filter((t) => t.end >= t0 && t.start <= t1).map((t) => t.duration)),
    };
    if (r.handle) r.handle.destroy();
    el.remove();
    delete window.__twDom;
    cv.disabled = true;
    return out;
  },
};
