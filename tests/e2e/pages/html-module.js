// The ES module with a thread of html bodies (tests/e2e/html.mjs builds it
// from ../shared/corpora at /_html/thread.json). ?init=html: `init({ html: true })`
// first, so only the second build loads; otherwise `init()` (the core), a
// renderToString that must refuse, a render() before the second build is
// there (plain text, then rendered again), then mount() hands over.
import init, { mount, render, renderToString } from "/pkg/thread_widget.js";

const out = {};
window.__result = out;
try {
  const thread = await (await fetch("/_html/thread.json")).json();
  window.__thread = thread;
  if (new URLSearchParams(location.search).get("init") === "html") {
    await init({ html: true });
  } else {
    await init();
    try {
      renderToString(thread, { lang: "en" });
      out.coreString = "no error";
    } catch (e) {
      out.coreString = [e instanceof Error, e.message];
    }
    // Before the second build: shown as text at once, then rendered again by it.
    out.early = render(document.getElementById("early"), thread, { lang: "en" }) ? "handle" : "none";
  }
  window.__handles = [await mount(document.getElementById("mounted"), { src: "/_html/thread.json", lang: "en" })];
  window.__handles.push(render(document.getElementById("rendered"), thread, { lang: "en" }));
  out.string = renderToString(thread, { lang: "en" });
  document.documentElement.dataset.done = "ok";
} catch (e) {
  out.error = String(e && e.message);
  document.documentElement.dataset.done = "failed";
}
