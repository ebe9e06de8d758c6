#!/usr/bin/env node
// The browser benchmark: www/bench/ in headless Chromium (Playwright), written
// into docs/benchmarks.md between the `bench-browser` markers.
//
//   node scripts/bench-browser.mjs [--runs 10] [--sizes seed,1000,10000]
//        [--pkg DIR] [--dom nodes,html,...] [--methods floor,widget,...] [--large-methods …]
//        [--cv-dom] [--no-startup] [--json FILE] [--no-write]
//
// --pkg DIR    measure another build of pkg/ (served at /pkg/)
// --dom LIST   also measure the widget with each DOM construction method of an
//              experiment build (window.__twDom; see docs/benchmarks.md)
// --cv-dom     run the --dom experiment with www/bench/cv.css (layout of off-screen
//              posts skipped, so that construction, not layout, is measured)
// --no-write   print the tables instead of writing docs/benchmarks.md
//
// Every figure is the median of --runs rounds with its interquartile range;
// within a round each method runs once, in turn, in the same page, so the
// ratios (widget/floor, widget/vanilla) compare runs made under the same load.
// Threads are generated into www/bench/data/ (git-ignored) by
// www/bench/generate-thread.mjs. Builds pkg/ when it is missing; needs
// /usr/bin/chromium (CHROMIUM=/path to change it).

import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync, brotliCompressSync, constants as zc } from "node:zlib";
import { chromium } from "playwright-core";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(name);
  return i < 0 ? fallback : argv[i + 1];
};
const RUNS = Math.max(1, Number(arg("--runs", "10")));
const SIZES = arg("--sizes", "seed,1000,10000").split(",");
const PKG = resolve(arg("--pkg", join(repo, "pkg")));
const DOM = arg("--dom", "") ? arg("--dom").split(",") : [];
const WRITE = !argv.includes("--no-write");
const CV_DOM = argv.includes("--cv-dom"); // the --dom experiment with www/bench/cv.css
const STARTUP = !argv.includes("--no-startup");
const JSON_OUT = arg("--json", null);
const DATA = join(repo, "www", "bench", "data");

const say = (m) => process.stderr.write(`bench-browser: ${m}\n`);

// ---------------------------------------------------------------- statistics

function quantile(sorted, q) {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function stats(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  return { median: quantile(v, 0.5), q1: quantile(v, 0.25), q3: quantile(v, 0.75), min: v[0], max: v[v.length - 1], n: v.length };
}

const ms = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const fmtMs = (s) => (s ? `${ms(s.median)} ms (${ms(s.q1)}–${ms(s.q3)})` : "–");
const fmtRatio = (s) => (s ? `**${s.median.toFixed(2)}×** (${s.q1.toFixed(2)}–${s.q3.toFixed(2)})` : "–");
const fmtMB = (b) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1e3).toFixed(1)} KB`);
const fmtBytes = (s) => (s ? fmtMB(Math.max(0, s.median)) : "–");
const int = (n) => Math.round(n).toLocaleString("en");

// ---------------------------------------------------------------- server

function serve(extra = []) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(repo, "scripts", "serve.mjs"), "--port", "0", "--pkg", PKG, ...extra], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) ok({ url: m[1], child });
    });
    child.once("exit", (code) => fail(new Error(`serve.mjs exited with ${code}: ${out}`)));
  });
}

// ---------------------------------------------------------------- data

function threads() {
  mkdirSync(DATA, { recursive: true });
  const list = [];
  for (const size of SIZES) {
    if (size === "seed") {
      list.push({ name: "seed", label: "seed (`www/threads/seed.json`)", url: "/threads/seed.json" });
      continue;
    }
    const file = join(DATA, `thread-${size}.json`);
    if (!existsSync(file)) {
      execFileSync(process.execPath, [join(repo, "www", "bench", "generate-thread.mjs"), "--posts", size, "--out", file], { stdio: "inherit" });
    }
    list.push({ name: `t${size}`, label: `generated, ${int(Number(size))} posts`, url: `/bench/data/thread-${size}.json` });
  }
  return list;
}

// ---------------------------------------------------------------- bytes

function bytes() {
  const script = join(repo, "scripts", "size-report.sh");
  if (existsSync(script)) {
    try {
      return { report: execFileSync(script, { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }) };
    } catch (e) {
      say(`scripts/size-report.sh failed (${e.status}); measuring pkg/ here`);
    }
  }
  const rows = [];
  for (const f of readdirSync(PKG).filter((f) => /\.(js|wasm|css)$/.test(f)).sort()) {
    const buf = readFileSync(join(PKG, f));
    rows.push({
      file: f,
      raw: buf.length,
      gzip: gzipSync(buf, { level: 9 }).length,
      brotli: brotliCompressSync(buf, { params: { [zc.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  return { rows };
}

// ---------------------------------------------------------------- runs

async function rendering(browser, base, list) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && !/Failed to load resource/.test(m.text()) && errors.push(m.text()));
  await page.goto(`${base}/bench/index.html`);
  await page.waitForFunction(() => window.twBench, null, { timeout: 60_000 });
  const env = await page.evaluate(() => window.twBench.setup());
  if (!env.preciseMemory || !env.gc) say("warning: no precise memory or gc: heap figures are rough");
  const methods = arg("--methods", "floor,widget,vanilla,mount,parse,parseObj").split(",");
  // `mount` of 10,000 posts is `parse` + `widget` again (a minute a round on a busy 2-CPU machine): left out there.
  const largeMethods = arg("--large-methods", methods.filter((m) => m !== "mount").join(",")).split(",");
  const results = {};
  for (const t of list) {
    const info = await page.evaluate(([n, u]) => window.twBench.load(n, u), [t.name, t.url]);
    say(`${t.name}: ${info.posts} posts, ${fmtMB(info.bytes)} JSON, ${fmtMB(info.htmlBytes)} HTML`);
    const variants = [...(info.posts >= 10_000 ? largeMethods : methods), ...DOM.map((d) => (CV_DOM ? `cv:dom:${d}` : `dom:${d}`))];
    const rounds = [];
    // A warm-up round, not recorded: the JIT, the wasm tier-up and the caches.
    for (const m of variants) await measure(page, t.name, m);
    for (let r = 0; r < RUNS; r++) {
      const round = {};
      for (const m of variants) round[m] = await measure(page, t.name, m);
      rounds.push(round);
      say(`${t.name} round ${r + 1}/${RUNS}: ` + Object.entries(round).map(([m, x]) => `${m} ${ms(x.ms)}`).join(", ") + " (ms)");
    }
    await page.evaluate((n) => window.twBench.unload(n), t.name);
    results[t.name] = { ...t, ...info, rounds };
    // Kept as it goes: a long run stopped half way still leaves its rounds.
    writeFileSync(join(DATA, "results.json"), JSON.stringify({ env, results }, null, 1));
  }
  if (errors.length) say(`page errors: ${errors.join(" | ")}`);
  await context.close();
  return { env, results };
}

/** "widget", "cv:widget" (with www/bench/cv.css) or "dom:text" (an experiment build's DOM method). */
function measure(page, name, method) {
  const withCv = method.startsWith("cv:");
  const rest = withCv ? method.slice(3) : method;
  const dom = rest.startsWith("dom:") ? rest.slice(4) : undefined;
  const m = dom ? "widget" : rest;
  return page.evaluate(([n, m, d, c]) => window.twBench.measure(n, m, { dom: d, withCv: c }), [name, m, dom, withCv]);
}

async function startup(browser, base) {
  const once = async (page) => {
    await page.goto(`${base}/bench/startup.html`);
    await page.waitForFunction(() => window.__startup && window.__startup.done, null, { timeout: 60_000 });
    return page.evaluate(() => window.__startup);
  };
  const cold = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    cold.push(await once(page));
    await context.close();
  }
  const warm = [];
  const context = await browser.newContext();
  const page = await context.newPage();
  await once(page); // fills the cache
  await once(page);
  for (let i = 0; i < RUNS; i++) warm.push(await once(page));
  await context.close();
  const sum = (runs) => ({
    painted: stats(runs.map((s) => s.painted - s.script)),
    fcp: stats(runs.map((s) => s.fcp - s.script)),
    ready: stats(runs.map((s) => s.ready - s.script)),
    script: stats(runs.map((s) => s.script)),
    posts: runs[0].posts,
  });
  return { cold: sum(cold), warm: sum(warm) };
}

// ---------------------------------------------------------------- report

function machine() {
  try {
    const l = execFileSync("lscpu", { encoding: "utf8" });
    const get = (k) => (new RegExp(`^${k}:\\s*(.+)$`, "m").exec(l) || [])[1] || "?";
    return `${get("Model name")}, ${get("CPU\\(s\\)")} CPUs`;
  } catch {
    return "unknown machine";
  }
}

function report({ env, results }, start, size, meta) {
  const out = [];
  out.push(`Measured ${meta.date} on ${meta.machine} (load average ${meta.load}), ${meta.chromium}, Node ${process.version}; ` +
    `${RUNS} rounds after one warm-up round; median (interquartile range). pkg/: \`thread_widget_bg.wasm\` ${int(meta.wasmBytes)} B.`);
  out.push("");
  out.push("| thread | JSON | floor: `innerHTML` | widget `render` | **widget / floor** | vanilla JS | **widget / vanilla** | `mount` (URL) | mount / floor |");
  out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of Object.values(results)) {
    const col = (m, k = "ms") => stats(r.rounds.map((x) => x[m]?.[k]));
    const ratio = (a, b) => stats(r.rounds.map((x) => x[a]?.ms / x[b]?.ms));
    out.push(`| ${r.label} | ${fmtMB(r.bytes)} | ${fmtMs(col("floor"))} | ${fmtMs(col("widget"))} | ${fmtRatio(ratio("widget", "floor"))} | ` +
      `${fmtMs(col("vanilla"))} | ${fmtRatio(ratio("widget", "vanilla"))} | ${fmtMs(col("mount"))} | ${fmtRatio(ratio("mount", "floor"))} |`);
  }
  out.push("");
  out.push("Responsiveness and memory (same rounds). *First screen*: the first post in the DOM and laid out (`render()` returns with it up to 256 KB of JSON; a larger thread shows it from a later task, before the rest is parsed). *Longest task*: the longest main-thread task " +
    "(PerformanceObserver `longtask`, only tasks over 50 ms are reported, so 0 means none) while the method ran. *Parse*: `render(el, json, {pageSize: 1})` " +
    "from JSON text, and the same from the JS object: the model plus one post. *JS heap*: `usedJSHeapSize` after a GC, minus before (the container and its DOM are kept); " +
    "*wasm memory*: the linear memory's size after the round (it never shrinks).");
  out.push("");
  out.push("| thread | parse: text | parse: object | widget: first screen | widget: longest task | chunks | mount: longest task | floor: longest task | vanilla: longest task | JS heap: widget / floor / vanilla | wasm memory | elements |");
  out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of Object.values(results)) {
    const col = (m, k = "ms") => stats(r.rounds.map((x) => x[m]?.[k]));
    // Long tasks are rare events: how many runs had one, and the longest.
    const lt = (m) => {
      const v = r.rounds.map((x) => x[m]?.longest).filter((x) => x !== undefined);
      if (!v.length) return "–";
      const hit = v.filter((x) => x > 0).length;
      return hit === 0 ? "none" : `${hit} of ${v.length} runs; median ${ms(stats(v).median)} ms, max ${ms(Math.max(...v))}`;
    };
    out.push(`| ${r.label} | ${fmtMs(col("parse"))} | ${fmtMs(col("parseObj"))} | ${fmtMs(col("widget", "first"))} | ${lt("widget")} | ` +
      `${col("widget", "chunks") ? int(col("widget", "chunks").median) : "–"} | ${lt("mount")} | ${lt("floor")} | ${lt("vanilla")} | ` +
      `${fmtBytes(col("widget", "heap"))} / ${fmtBytes(col("floor", "heap"))} / ${fmtBytes(col("vanilla", "heap"))} | ` +
      `${col("widget", "wasm") ? fmtMB(col("widget", "wasm").max) : "–"} | ${col("widget", "nodes") ? int(col("widget", "nodes").median) : "–"} |`);
  }
  if (Object.values(results).some((r) => r.rounds[0]["cv:widget"])) {
    out.push("");
    out.push("With `www/bench/cv.css` (`.tw-post { content-visibility: auto; contain-intrinsic-size: auto 320px }`: the browser skips the " +
      "layout of posts off screen), same rounds:");
    out.push("");
    out.push("| thread | floor + cv | widget + cv | **widget / floor**, both + cv | widget + cv: first screen | widget + cv: longest task | floor + cv: longest task |");
    out.push("|---|---:|---:|---:|---:|---:|---:|");
    for (const r of Object.values(results)) {
      const col = (m, k = "ms") => stats(r.rounds.map((x) => x[m]?.[k]));
      const v = (m) => r.rounds.map((x) => x[m]?.longest).filter((x) => x !== undefined);
      const lt = (m) => {
        const hit = v(m).filter((x) => x > 0).length;
        return hit === 0 ? "none" : `${hit} of ${v(m).length} runs; max ${ms(Math.max(...v(m)))} ms`;
      };
      out.push(`| ${r.label} | ${fmtMs(col("cv:floor"))} | ${fmtMs(col("cv:widget"))} | ` +
        `${fmtRatio(stats(r.rounds.map((x) => x["cv:widget"]?.ms / x["cv:floor"]?.ms)))} | ${fmtMs(col("cv:widget", "first"))} | ${lt("cv:widget")} | ${lt("cv:floor")} |`);
    }
  }
  if (DOM.length) {
    out.push("");
    out.push("| thread | " + DOM.map((d) => `\`${d}\` / floor`).join(" | ") + " |");
    out.push("|---|" + DOM.map(() => "---:").join("|") + "|");
    for (const r of Object.values(results)) {
      const floor = CV_DOM ? "cv:floor" : "floor";
      out.push(`| ${r.label} | ` + DOM.map((d) => fmtRatio(stats(r.rounds.map((x) => x[`${CV_DOM ? "cv:" : ""}dom:${d}`].ms / x[floor].ms)))).join(" | ") + " |");
    }
  }
  if (start) {
    out.push("");
    out.push("Start-up of `www/bench/startup.html` (the seed thread through the one-tag loader; served from 127.0.0.1 with " +
      "`Cache-Control: no-cache`, so a warm load revalidates each file and gets 304s), from the script before the loader's tag " +
      "to the first post painted. *Painted*: a task after the first animation frame after `thread-widget:ready`; *FCP*: the " +
      "browser's first-contentful-paint (the widget is the page's only content).");
    out.push("");
    out.push("| cache | script tag (from navigation) | to `ready` | to first post painted | to FCP |");
    out.push("|---|---:|---:|---:|---:|");
    for (const [k, s] of [["cold (new context, cache disabled)", start.cold], ["warm (same context, reloads)", start.warm]]) {
      out.push(`| ${k} | ${fmtMs(s.script)} | ${fmtMs(s.ready)} | **${fmtMs(s.painted)}** | ${fmtMs(s.fcp)} |`);
    }
  }
  if (size && size.rows) {
    out.push("");
    out.push("`scripts/size-report.sh` was not there or failed; the files of the pkg/ measured (gzip -9, brotli 11):");
    out.push("");
    out.push("| file | bytes | gzip | brotli |");
    out.push("|---|---:|---:|---:|");
    for (const r of size.rows) out.push(`| \`${r.file}\` | ${int(r.raw)} | ${int(r.gzip)} | ${int(r.brotli)} |`);
  }
  return out.join("\n");
}

function writeDocs(text) {
  const file = join(repo, "docs", "benchmarks.md");
  const doc = readFileSync(file, "utf8");
  const open = "<!-- bench-browser:start (written by scripts/bench-browser.mjs) -->";
  const close = "<!-- bench-browser:end -->";
  const a = doc.indexOf(open);
  const b = doc.indexOf(close);
  if (a < 0 || b < a) {
    say(`docs/benchmarks.md has no ${open} … ${close} markers; printing instead`);
    console.log(text);
    return;
  }
  writeFileSync(file, doc.slice(0, a + open.length) + "\n" + text + "\n" + doc.slice(b));
  say("wrote docs/benchmarks.md");
}

// ---------------------------------------------------------------- main

if (!existsSync(join(PKG, "thread_widget_bg.wasm"))) {
  if (PKG !== join(repo, "pkg")) {
    say(`${PKG} is not built`);
    process.exit(1);
  }
  say("pkg/ is not built: running scripts/build.sh");
  execFileSync(join(repo, "scripts", "build.sh"), { cwd: repo, stdio: "inherit" });
}
const list = threads();
const site = await serve();
// Whatever happens, the server does not outlive the run.
process.on("exit", () => site.child.exitCode === null && site.child.kill("SIGTERM"));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    "--enable-precise-memory-info", "--js-flags=--expose-gc"],
});
try {
  const meta = {
    date: new Date().toISOString().slice(0, 10),
    machine: machine(),
    load: readFileSync("/proc/loadavg", "utf8").split(" ")[0],
    chromium: `Chromium ${browser.version()}`,
    wasmBytes: statSync(join(PKG, "thread_widget_bg.wasm")).size,
  };
  const r = await rendering(browser, site.url, list);
  const start = STARTUP ? await startup(browser, site.url) : null;
  const size = bytes();
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ meta, ...r, start }, null, 1));
  const text = report(r, start, size, meta);
  if (WRITE) writeDocs(text);
  else console.log(text);
  if (size.report) process.stderr.write(size.report);
} finally {
  await browser.close();
  site.child.kill("SIGTERM");
}
