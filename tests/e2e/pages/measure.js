// Renders one big thread either into the light DOM (the stylesheet as a
// document sheet) or into an open shadow root (the stylesheet adopted there),
// and reports times and what still works. Driven by tests/e2e/look.mjs.
import init, { render } from "/pkg/thread_widget.js";

await init({ markdown: true });

window.measure = async (mode, json, cssText) => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  const host = document.createElement("div");
  host.id = "host";
  document.querySelector("main").append(host);
  let target = host;
  let root = document;
  if (mode === "shadow") {
    root = host.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [sheet];
    target = document.createElement("div");
    root.append(target);
  } else {
    document.adoptedStyleSheets = [sheet];
  }
  let events = 0;
  document.addEventListener("thread-widget:ready", () => events++);
  const t0 = performance.now();
  render(target, json, { theme: "light" });
  const t1 = performance.now();
  document.body.offsetHeight; // style and layout
  const t2 = performance.now();
  target.setAttribute("data-tw-theme", "dark");
  getComputedStyle(root.querySelector(".tw-post")).backgroundColor;
  document.body.offsetHeight;
  const t3 = performance.now();
  const before = window.scrollY;
  location.hash = "#post-700";
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const found = window.find ? window.find(root.querySelector("#post-700 .tw-body p")?.textContent.slice(0, 30) ?? "") : null;
  return {
    render: t1 - t0,
    firstStyle: t2 - t1,
    restyle: t3 - t2,
    elements: root.querySelectorAll("*").length,
    readyEventsAtDocument: events,
    getElementById: document.getElementById("post-700") !== null,
    hashScrolls: window.scrollY !== before,
    windowFind: found,
  };
};
