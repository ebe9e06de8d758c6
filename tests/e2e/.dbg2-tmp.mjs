import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
const srv = spawn(process.execPath, ["scripts/serve.mjs", "--port", "0", "--test-routes"], { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((ok) => srv.stdout.on("data", (d) => { const m = /on (http:\S+)/.exec(String(d)); if (m) ok(m[1]); }));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--js-flags=--expose-gc"] });
const page = await browser.newPage();
page.on("console", (m) => console.log("CONSOLE", m.type(), m.text().slice(0, 300)));
await page.goto(url + "/_e2e/hostile-blank.html");
await page.waitForTimeout(1500);
for (const mode of ["api-mount-midload-core", "api-mount-midload"]) {
  await page.evaluate(async (mode) => {
    window.__done = false;
    const el = document.createElement("div");
    window.__ref = new WeakRef(el);
    if (mode === "never-mounted") { window.__done = true; return; }
    if (mode === "api-render-destroy") {
      const m = await import("/pkg/thread_widget.js");
      document.body.append(el);
      const h = m.render(el, { posts: [{ id: 1, author: { name: "a" }, body: "x" }] }, {});
      h.destroy(); el.remove(); window.__done = true; return;
    }
    if (mode.startsWith("api-mount")) {
      const m = await import(mode.endsWith("core") ? "/pkg/thread_widget_core.js" : "/pkg/thread_widget.js");
      document.body.append(el);
      if (!mode.includes("connected")) setTimeout(() => window.__ref.deref().remove(), 500);
      let h = await m.mount(el, { src: "/_test/slow?ms=1500&src=threads/seed.json" });
      if (mode.endsWith("destroy")) h.destroy();
      if (mode.includes("connected")) el.remove();
      h = null;
      window.__done = true; return;
    }
    el.className = "thread-widget";
    el.setAttribute("data-src", "/_test/slow?ms=1500&src=threads/seed.json");
    el.addEventListener("thread-widget:ready", () => { window.__done = true; }, { once: true });
    document.querySelector("main").append(el);
    setTimeout(() => window.__ref.deref().remove(), 500);
  }, mode);
  await page.waitForFunction(() => window.__done, null, { timeout: 10000 });
  let collected = false;
  for (let i = 0; i < 20 && !collected; i++) collected = await page.evaluate(async () => { window.gc(); await new Promise((r) => setTimeout(r, 100)); return window.__ref.deref() === undefined; });
  console.log(mode, collected);
}
await browser.close(); srv.kill();
