// One harness for the three engines: a test is written once, against the
// small page API below, and names the engines it runs in.
//
//   import { ALL, suite } from "./browsers.mjs";
//   const { test, site } = suite(["--test-routes"]);
//   test("index.html renders", { engines: ALL }, async (page) => {
//     await page.goto("/index.html");
//     await page.events("ready", 1);
//     assert.equal(await page.count("article.tw-post"), 5);
//   });
//
// Each `test` becomes one node:test per engine, named "… [firefox]".
// Engines: Chromium through Playwright (playwright-core over Debian's
// chromium); Firefox ESR through geckodriver and WebKitGTK through
// WebKitWebDriver, both with selenium-webdriver (Playwright cannot drive
// them here: it needs its own patched builds). TW_ENGINES=chromium,firefox
// limits a run. What every engine reports the same way (console errors and
// warnings, uncaught errors, the widget's events) comes from
// tests/e2e/probe.js, which scripts/serve.mjs --probe puts first in every page.
// WebKitGTK needs a display: without DISPLAY, an Xvfb of our own is started.
//
// The page API (all async):
//   goto(path, {hash, base})    load (base, default site.url) + path (+ hash)
//   evaluate(fn, arg)           run fn(arg) in the page (fn may be async); its JSON result
//   waitFor(fn, arg, {timeout, what})  until fn(arg) is truthy; the page's events in the error
//   events(type, n)             until n widget events of type ("ready"/"error") fired
//   text(sel), count(sel), attr(sel, name), ids(sel)   of the first match / all matches
//   press(sel, key)             focus sel, then a real key press (Enter, Tab, ArrowRight…)
//   key(key)                    a real key press on whatever has focus
//   viewport(width, height)     the size of the page's viewport in CSS px
//   screenshot(path)            a PNG of the viewport
//   console(), errors(), widgetEvents()   what the probe recorded
//   engine                      "chromium" | "firefox" | "webkit"
//   raw                         the Playwright page (Chromium only), for Chromium-only tests

import { after, before, test as nodeTest } from "node:test";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM_ARGS, repo, serve, stopServers } from "./harness.mjs";

export const ALL = ["chromium", "firefox", "webkit"];
export const CHROMIUM = ["chromium"];
const WANTED = (process.env.TW_ENGINES || ALL.join(",")).split(",").map((s) => s.trim()).filter(Boolean);
const WAIT = 20_000;

// ------------------------------------------------------------ the display

let xvfb = null;

/** A display for WebKitGTK: the caller's, else an Xvfb of our own. */
async function display() {
  if (process.env.DISPLAY) return process.env.DISPLAY;
  if (!xvfb) {
    xvfb = new Promise((ok, fail) => {
      const child = spawn("Xvfb", ["-displayfd", "3", "-screen", "0", "1920x1440x24", "-nolisten", "tcp"], { stdio: ["ignore", "ignore", "ignore", "pipe"] });
      xvfbChild = child;
      let out = "";
      child.stdio[3].on("data", (d) => {
        out += d;
        if (out.includes("\n")) {
          child.stdio[3].destroy();
          ok({ child, name: ":" + out.trim() });
        }
      });
      child.once("error", (e) => fail(new Error(`Xvfb could not start (apt-get install xvfb): ${e.message}`)));
      child.once("exit", (code) => fail(new Error(`Xvfb exited with ${code}`)));
    });
  }
  return (await xvfb).name;
}

let xvfbChild = null;

/** Stops our Xvfb, if we started one. */
function closeDisplay() {
  xvfbChild?.kill("SIGTERM");
  xvfbChild = null;
  xvfb = null;
}

process.on("exit", closeDisplay);

// ------------------------------------------------------------ the engines

const KEYS = {}; // selenium key names, filled on first use

/**
 * Starts an engine; resolves with { newPage(), close() }. `dark`: the system
 * prefers a dark scheme (prefers-color-scheme: dark) for the whole session:
 * Chromium through Playwright's emulation, Firefox through its prefs,
 * WebKitGTK through MiniBrowser's --dark-mode (the GTK dark theme).
 */
async function launch(engine, { dark = false } = {}) {
  if (engine === "chromium") {
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: [...CHROMIUM_ARGS, "--js-flags=--expose-gc"],
    });
    return {
      newPage: async () => playwrightPage(await browser.newContext({ viewport: { width: 1200, height: 800 }, ...(dark ? { colorScheme: "dark" } : {}) })),
      close: () => browser.close(),
    };
  }
  const webdriver = await import("selenium-webdriver");
  Object.assign(KEYS, webdriver.Key);
  const remote = await import("selenium-webdriver/remote/index.js");
  const profile = mkdtempSync(join(tmpdir(), `tw-${engine}-`));
  let service;
  let caps;
  if (engine === "firefox") {
    const gecko = process.env.GECKODRIVER || which("geckodriver") || join(process.env.HOME || "/root", ".cargo", "bin", "geckodriver");
    if (!existsSync(gecko)) throw new Error("geckodriver not found: scripts/ensure-tools.sh --browser installs it");
    service = new remote.DriverService.Builder(gecko).setLoopback(true).build();
    caps = new webdriver.Capabilities({
      browserName: "firefox",
      "moz:firefoxOptions": {
        binary: process.env.FIREFOX || "/usr/bin/firefox-esr",
        // An existing profile directory: a missing one hangs the start.
        args: ["-headless", "-profile", profile],
        prefs: { "browser.shell.checkDefaultBrowser": false, "datareporting.policy.dataSubmissionEnabled": false, "app.update.enabled": false,
          // What the system prefers, and pages told so (0: dark, 1: light).
          ...(dark ? { "ui.systemUsesDarkTheme": 1, "layout.css.prefers-color-scheme.content-override": 0 } : {}) },
      },
    });
  } else if (engine === "webkit") {
    const driver = process.env.WEBKITDRIVER || "/usr/bin/WebKitWebDriver";
    if (!existsSync(driver)) throw new Error("WebKitWebDriver not found: apt-get install webkit2gtk-driver (scripts/ensure-tools.sh --browser)");
    service = new remote.DriverService.Builder(driver).setLoopback(true).setEnvironment({ ...process.env, DISPLAY: await display() }).build();
    caps = new webdriver.Capabilities({ browserName: "MiniBrowser", "webkitgtk:browserOptions": { args: ["--automation", ...(dark ? ["--dark-mode"] : [])] } });
  } else {
    throw new Error(`unknown engine ${engine}`);
  }
  const url = await service.start(60_000);
  const driver = await new webdriver.Builder().usingServer(url).withCapabilities(caps).build();
  await driver.manage().setTimeouts({ script: 60_000, pageLoad: 60_000 });
  return {
    newPage: () => webdriverPage(engine, driver, webdriver),
    close: async () => {
      try {
        await driver.quit();
      } finally {
        await service.kill();
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}

function which(cmd) {
  try {
    return execFileSync("which", [cmd], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

/** The page API over a Playwright context (Chromium). */
async function playwrightPage(context) {
  const page = await context.newPage();
  const pw = {
    engine: "chromium",
    raw: page,
    goto: (url) => page.goto(url),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    poll: (fn, arg, timeout) => page.waitForFunction(fn, arg, { timeout }).then(() => true, (e) => (/Timeout/.test(e.message) ? false : Promise.reject(e))),
    key: (key) => page.keyboard.press(key),
    viewport: (width, height) => page.setViewportSize({ width, height }),
    screenshot: (path) => page.screenshot({ path }),
    close: () => context.close(),
  };
  return common(pw);
}

/** The page API over a WebDriver session (Firefox, WebKit): one session a suite, a page at a time. */
async function webdriverPage(engine, driver, webdriver) {
  const run = async (fn, arg) => {
    // The function's own source, called with its argument; no eval (strict CSP pages).
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (${fn.toString()})(arguments[0]))
        .then((v) => done({ ok: v === undefined ? null : JSON.parse(JSON.stringify(v)) }), (e) => done({ err: String(e) + (e && e.stack ? " @ " + e.stack : "") }));`;
    const r = await driver.executeAsyncScript(script, arg === undefined ? null : arg);
    if (r && "err" in r) throw new Error(`evaluate in ${engine}: ${r.err}`);
    return r ? r.ok : r;
  };
  const key = (name) => KEYS[{ Enter: "ENTER", Tab: "TAB", Escape: "ESCAPE", Space: "SPACE", " ": "SPACE", ArrowRight: "ARROW_RIGHT", ArrowLeft: "ARROW_LEFT", ArrowDown: "ARROW_DOWN", ArrowUp: "ARROW_UP", Home: "HOME", End: "END", PageDown: "PAGE_DOWN" }[name]] ?? name;
  const w = {
    engine,
    raw: null,
    goto: async (url) => {
      await driver.get(url);
    },
    evaluate: run,
    poll: async (fn, arg, timeout) => {
      const end = Date.now() + timeout;
      for (;;) {
        if (await run(fn, arg).catch(() => false)) return true;
        if (Date.now() > end) return false;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    key: async (name) => {
      await driver.actions().sendKeys(key(name)).perform();
    },
    viewport: async (width, height) => {
      // WebDriver sets the window's outer size: correct by what the page measures.
      const win = driver.manage().window();
      await win.setRect({ width, height });
      const inner = await run(() => [window.innerWidth, window.innerHeight]);
      await win.setRect({ width: width + (width - inner[0]), height: height + (height - inner[1]) });
    },
    screenshot: async (path) => {
      const { writeFileSync } = await import("node:fs");
      writeFileSync(path, Buffer.from(await driver.takeScreenshot(), "base64"));
    },
    close: async () => {
      await driver.get("about:blank");
    },
  };
  await w.viewport(1200, 800);
  return common(w);
}

/** What every engine's page has, built on its few primitives. */
function common(b) {
  const page = {
    engine: b.engine,
    raw: b.raw,
    site: null,
    goto: (path, { hash = "", base = page.site.url } = {}) => b.goto(base + path + hash),
    evaluate: b.evaluate,
    key: b.key,
    viewport: b.viewport,
    screenshot: b.screenshot,
    close: b.close,
    async waitFor(fn, arg, { timeout = WAIT, what = "" } = {}) {
      if (await b.poll(fn, arg, timeout)) return;
      const seen = await b.evaluate(() => JSON.stringify({ events: window.__tw, probe: window.__probe })).catch((e) => String(e));
      throw new Error(`${b.engine}: timed out after ${timeout} ms waiting for ${what || fn.toString()}; the page recorded ${seen}`);
    },
    events: (type, n, opts = {}) =>
      page.waitFor(([type, n]) => (window.__tw || []).filter((e) => e.type === type).length >= n, [type, n], { what: `${n} "${type}" events`, ...opts }),
    widgetEvents: () => b.evaluate(() => window.__tw),
    console: () => b.evaluate(() => window.__probe.console),
    errors: () => b.evaluate(() => window.__probe.errors),
    text: (sel) => b.evaluate((sel) => document.querySelector(sel)?.textContent ?? null, sel),
    count: (sel) => b.evaluate((sel) => document.querySelectorAll(sel).length, sel),
    ids: (sel) => b.evaluate((sel) => [...document.querySelectorAll(sel)].map((e) => e.id), sel),
    attr: (sel, name) => b.evaluate(([sel, name]) => document.querySelector(sel)?.getAttribute(name) ?? null, [sel, name]),
    async press(sel, key) {
      const found = await b.evaluate((sel) => {
        const el = document.querySelector(sel);
        if (!el) return false;
        el.focus();
        return document.activeElement === el;
      }, sel);
      if (!found) throw new Error(`${b.engine}: ${sel} is missing or cannot take focus`);
      await b.key(key);
    },
  };
  return page;
}

// ------------------------------------------------------------ the suite

/**
 * A suite: one server (scripts/serve.mjs --probe with `serveArgs`) for the
 * file, each engine started at its first test and closed after the last.
 * Returns `test(name, { engines, timeout, skip, dark }, fn(page))` and `site`;
 * `dark: true` runs in a session whose system prefers dark (see launch).
 */
export function suite(serveArgs = ["--test-routes"]) {
  const site = {};
  const engines = new Map(); // name → Promise of the launched engine
  before(async () => {
    if (!existsSync(join(repo, "pkg", "thread_widget_bg.wasm"))) throw new Error("pkg/ is not built: run scripts/build.sh first");
    Object.assign(site, await serve(["--probe", ...serveArgs]));
  });
  after(async () => {
    for (const e of engines.values()) await (await e.catch(() => null))?.close().catch(() => {});
    closeDisplay();
    await stopServers();
  });
  function test(name, { engines: want = ALL, timeout = 120_000, skip = false, dark = false } = {}, fn) {
    for (const engine of want) {
      const off = skip || (!WANTED.includes(engine) && `TW_ENGINES=${WANTED.join(",")}`);
      const key = dark ? engine + ":dark" : engine;
      nodeTest(`${name} [${engine}]`, { timeout, skip: off }, async () => {
        if (!engines.has(key)) engines.set(key, launch(engine, { dark }));
        const page = await (await engines.get(key)).newPage();
        page.site = site;
        try {
          await fn(page);
        } finally {
          await page.close();
        }
      });
    }
  }
  return { test, site };
}
