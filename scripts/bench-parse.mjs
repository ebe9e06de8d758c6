#!/usr/bin/env node
// Loading a large thread from a URL with mount(), in headless Chromium: when
// the first post appears, when mount() settles, when thread-widget:ready
// fires, and the longest main-thread task meanwhile (docs/benchmarks.md,
// "Very large threads").
//
//   node scripts/bench-parse.mjs [--posts 10000] [--runs 5] [--page-size 20] [--pkg DIR] [--choose] [--text]
//
// --choose: mount() with no `await init({ markdown: true })` first, so that the
// entry chooses the build itself (issue 16: it fetches the file, looks at its
// first MB for Markdown, loads one build and hands it the response).
// --text: every "format": "markdown" of the generated thread made "text"
// (the entry then reads 1 MB, finds none, and loads the core).
//
// Each run is a fresh page; the thread is generated once into a temporary folder.

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
};
const POSTS = Number(arg("--posts", 10000));
const RUNS = Number(arg("--runs", 5));
const PAGE_SIZE = arg("--page-size", "20");
const PKG = arg("--pkg", null);
const CHOOSE = process.argv.includes("--choose");
const TEXT = process.argv.includes("--text");

const dir = mkdtempSync(join(tmpdir(), "tw-bench-parse-"));
execFileSync(process.execPath, [join(repo, "www", "bench", "generate-thread.mjs"), "--posts", String(POSTS), "--out", join(dir, "t.json")], { stdio: "inherit" });
if (TEXT) writeFileSync(join(dir, "t.json"), readFileSync(join(dir, "t.json"), "utf8").replace(/"format": ?"markdown"/g, '"format":"text"'));
writeFileSync(join(dir, "index.html"), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench-parse</title></head><body><div id="w"></div></body></html>`);

const server = await new Promise((ok, fail) => {
  const child = spawn(process.execPath, [join(repo, "scripts", "serve.mjs"), "--port", "0", "--mount", `/_bp/=${dir}`, ...(PKG ? ["--pkg", PKG] : [])], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
    const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (m) ok({ url: m[1], child });
  });
  child.once("exit", (code) => fail(new Error(`serve.mjs exited with ${code}`)));
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

const rows = [];
try {
  for (let run = 0; run < RUNS + 1; run++) {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const p = await context.newPage();
    await p.goto(`${server.url}/_bp/index.html`);
    const r = await p.evaluate(async ([pageSize, choose]) => {
      const m = await import("/pkg/thread_widget.js");
      if (!choose) await m.default({ markdown: true });
      const el = document.getElementById("w");
      const long = [];
      new PerformanceObserver((l) => long.push(...l.getEntries().map((e) => e.duration))).observe({ type: "longtask" });
      let first = null;
      const t0 = performance.now();
      new MutationObserver((_, obs) => {
        if (first === null && el.querySelector("article.tw-post")) {
          first = performance.now() - t0;
          obs.disconnect();
        }
      }).observe(el, { childList: true, subtree: true });
      const ready = new Promise((ok) => el.addEventListener("thread-widget:ready", (e) => ok([performance.now() - t0, e.detail]), { once: true }));
      await m.mount(el, { src: "/_bp/t.json", pageSize });
      const mounted = performance.now() - t0;
      const [readyMs, detail] = await ready;
      await new Promise((ok) => setTimeout(ok, 100));
      return { first, mounted, ready: readyMs, parseChunks: detail.parseChunks, chunks: detail.chunks, longest: Math.max(0, ...long), longTasks: long.length };
    }, [PAGE_SIZE, CHOOSE]);
    await context.close();
    if (run > 0) rows.push(r); // the first run warms up
    console.error(`run ${run}: ${JSON.stringify(r)}`);
  }
} finally {
  await browser.close();
  server.child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
const median = (k) => {
  const v = rows.map((r) => r[k] ?? Infinity).sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
};
console.log(`${POSTS} posts (page size ${PAGE_SIZE}), ${rows.length} runs, medians: first post ${median("first").toFixed(1)} ms, mount() settled ${median("mounted").toFixed(1)} ms, ready ${median("ready").toFixed(1)} ms, longest task ${median("longest").toFixed(0)} ms (max ${Math.max(...rows.map((r) => r.longest)).toFixed(0)}), parse tasks ${median("parseChunks")}`);
