import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
const srv = spawn(process.execPath, ["scripts/serve.mjs", "--port", "0", "--test-routes"], { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((ok) => srv.stdout.on("data", (d) => { const m = /on (http:\S+)/.exec(String(d)); if (m) ok(m[1]); }));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage();
await page.goto(url + "/_csp/hostile-xss.html");
await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
const box = readFileSync("../shared/corpora/xss/payloadbox-xss-payload-list.txt", "utf8").split("\n").filter(Boolean).slice(0, 50).map((t, i) => ({ id: "b" + i, text: t }));
const r = await page.evaluate(async (box) => {
  const out = [];
  const P = window.hostilePlacements;
  const m = await import("/pkg/thread_widget.js");
  for (let i = 0; i < P.length; i++) {
    if (P[i].single) continue;
    const t = window.hostile.mergedThread(P[i], box.map((p) => p.text));
    const el = document.createElement("div"); document.body.append(el);
    try { m.render(el, t, { lang: "en", theme: "none" }); } catch (e) { out.push([P[i].name, "REJECT " + e.message.slice(0, 200)]); el.remove(); continue; }
    const r = await window.hostile.run({ payloads: box, placements: [i], interact: false, group: 50 });
    if (r.renders > 1) out.push([P[i].name, r.renders]);
    el.remove();
  }
  return out;
}, box);
console.log(r);
await browser.close(); srv.kill();
