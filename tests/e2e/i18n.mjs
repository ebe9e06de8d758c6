// End-to-end tests of the widget's languages in headless Chromium (Arabic,
// right to left, also in Firefox ESR and WebKitGTK through
// tests/e2e/browsers.mjs; TW_ENGINES=chromium limits a run): catalogs
// chosen by data-lang, the page's lang and the browser's language; numbers
// and dates through Intl in the reader's time zone; Arabic laid out right to
// left; relative dates with the exact date in the tooltip. The wasm builds
// have English only: the other catalogs are pkg/i18n/{lang}.json, loaded once
// per language and only for widgets that need them; a catalog that cannot be
// loaded leaves the widget in English with one warning.
//
//   PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 node --test tests/e2e/i18n.mjs
//
// Same harness as tests/e2e/run.mjs: needs pkg/ built (scripts/build.sh),
// playwright-core, and Chromium (CHROMIUM=/path, default /usr/bin/chromium);
// scripts/serve.mjs serves www/ and tests/e2e/pages/ (at /_e2e/) on 127.0.0.1.
// Every wait is for a condition, never a fixed sleep.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { ALL, suite } from "./browsers.mjs";
import { CHROMIUM_ARGS, repo, serve, stopServers } from "./harness.mjs";

const WAIT = { timeout: 20_000 };

let browser;
let site; // { url }

// The tests written once for every engine (their own server, with the probe).
const { test: inEngines } = suite(["--test-routes"]);

before(async () => {
  if (!existsSync(join(repo, "pkg", "thread_widget_bg.wasm"))) {
    throw new Error("pkg/ is not built: run scripts/build.sh first");
  }
  site = await serve(["--test-routes"]);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
});

after(async () => {
  await browser?.close();
  await stopServers();
});

/**
 * Opens a page in a fresh context (browser language `locale`, time zone
 * `timezoneId`), records console errors, page errors and ready events, runs
 * fn and closes.
 */
async function withPage(path, fn, { locale = "en-US", timezoneId = "UTC", setup } = {}) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, locale, timezoneId });
  const page = await context.newPage();
  const info = { console: [], pageErrors: [], catalogs: [] };
  page.on("request", (r) => {
    const m = /\/pkg\/i18n\/([^/?#]+)$/.exec(new URL(r.url()).pathname);
    if (m) info.catalogs.push(m[1]);
  });
  if (setup) await setup(page);
  Object.defineProperty(info, "moved", { get: () => page.__moved || [] });
  page.on("console", (m) => info.console.push({ type: m.type(), text: m.text() }));
  page.on("pageerror", (e) => info.pageErrors.push(String(e)));
  await page.addInitScript(() => {
    window.__ready = [];
    document.addEventListener("thread-widget:ready", (e) => window.__ready.push(e.target.id), true);
  });
  info.errors = () => info.console.filter((m) => m.type === "error" || m.type === "warning");
  try {
    await page.goto(site.url + path);
    await fn(page, info);
  } finally {
    await context.close();
  }
}

/** Waits until the widgets with these ids have all rendered. */
function ready(page, ids) {
  return page.waitForFunction((ids) => ids.every((id) => window.__ready.includes(id)), ids, WAIT);
}

// Collapses markup whitespace only: no-break spaces (U+00A0, U+202F) are digit groups.
const text = async (page, sel) => ((await page.locator(sel).first().textContent()) ?? "").replace(/[ \t\r\n]+/g, " ").replace(/^ | $/g, "");

/** What Intl itself says in the page, to compare with what the widget wrote. */
function intl(page, fn, ...args) {
  return page.evaluate(fn, args);
}

test("data-lang=\"th\": Thai words, Thai numbers and Buddhist-era dates through Intl", async () => {
  await withPage("/_e2e/i18n.html", async (page, info) => {
    await ready(page, ["th"]);
    const w = "#th";
    assert.equal(await page.locator(`${w} section.tw-thread`).getAttribute("lang"), "th");
    assert.equal(await page.locator(`${w} section.tw-thread`).getAttribute("dir"), "ltr");
    assert.equal(await text(page, `${w} .tw-results`), "แสดงผล 1 ถึง 5 จากทั้งหมด 5");
    assert.equal(await text(page, `${w} #post-1 .tw-joined dt`), "วันที่สมัคร");
    assert.equal(await text(page, `${w} #post-1 .tw-post-count dt`), "โพสต์");
    const joined = await intl(page, () => new Intl.DateTimeFormat("th", { year: "numeric", month: "short", timeZone: "UTC" }).format(Date.UTC(2009, 11, 15)));
    assert.match(joined, /2552/, "Intl writes the Buddhist era for th");
    assert.equal(await text(page, `${w} #post-1 .tw-joined dd`), joined);
    assert.match(await text(page, `${w} #post-5 figcaption`), /ข้อความเดิมโดย Grumpy John/);
    assert.equal(await text(page, `${w} #post-5 a.tw-quote-link`), "ดูโพสต์");
    assert.equal(await text(page, `${w} .tw-browsing p`), "ขณะนี้มีผู้ใช้ 1 คนกำลังดูกระทู้นี้ (สมาชิก 0 คน และบุคคลทั่วไป 1 คน)");
    assert.equal(await text(page, `${w} .tw-permissions :is(h2, h3, h4, h5, h6)`), "สิทธิ์การโพสต์");
    const perms = await page.locator(`${w} .tw-permissions li`).allTextContents();
    assert.deepEqual(perms.map((p) => p.trim()), [
      "คุณไม่สามารถตั้งกระทู้ใหม่ได้",
      "คุณไม่สามารถตอบกระทู้ได้",
      "คุณไม่สามารถแนบไฟล์ได้",
      "คุณไม่สามารถแก้ไขโพสต์ของคุณได้",
    ]);
    assert.equal(await page.locator(`${w} #post-1 img.tw-avatar`).getAttribute("alt"), "รูปประจำตัวของ misskit");
    assert.doesNotMatch(await text(page, w), /Join Date|Results|Originally posted|You may not|Posting permissions/);
    assert.deepEqual(info.errors(), []);
    assert.deepEqual(info.pageErrors, []);
  });
});

/**
 * In Chromium, what Playwright sees on the console (the browser's own lines
 * too, which the probe cannot see), from the moment it is called; elsewhere null.
 */
function chromiumConsole(page) {
  if (!page.raw) return null;
  const lines = [];
  page.raw.on("console", (m) => lines.push({ type: m.type(), text: m.text() }));
  return lines;
}

inEngines("data-lang=\"ar\": Arabic words, laid out right to left, numbers through Intl", { engines: ALL }, async (page) => {
  const native = chromiumConsole(page);
  await page.goto("/_e2e/i18n.html");
  await page.waitFor((ids) => ids.every((id) => window.__tw.some((e) => e.type === "ready" && e.id === id)), ["ar"], { ...WAIT, what: "the ready event of #ar" });
  const w = "#ar";
  const text = async (sel) => ((await page.text(sel)) ?? "").replace(/[ \t\r\n]+/g, " ").replace(/^ | $/g, "");
  const intl = (fn) => page.evaluate(fn);
  assert.equal(await page.attr(`${w} section.tw-thread`, "lang"), "ar");
  assert.equal(await page.attr(`${w} section.tw-thread`, "dir"), "rtl");
  assert.equal(await page.evaluate((w) => getComputedStyle(document.querySelector(`${w} section.tw-thread`)).direction, w), "rtl");
  assert.equal(await page.evaluate((w) => getComputedStyle(document.querySelector(`${w} .tw-author-facts`)).direction, w), "rtl");
  // In a right-to-left layout the author card's text starts at the right.
  const five = await intl(() => new Intl.NumberFormat("ar").format(5));
  const one = await intl(() => new Intl.NumberFormat("ar").format(1));
  assert.equal(await text(`${w} .tw-results`), `النتائج ${one} إلى ${five} من ${five}`);
  assert.equal(await text(`${w} #post-1 .tw-joined dt`), "تاريخ التسجيل");
  assert.equal(await text(`${w} #post-1 .tw-post-count dt`), "المشاركات");
  const count = await intl(() => new Intl.NumberFormat("ar").format(48807));
  assert.equal(await text(`${w} #post-1 .tw-post-count dd`), count);
  assert.match(await text(`${w} #post-5 figcaption`), /المشاركة الأصلية كتبت بواسطة Grumpy John/);
  assert.match(await text(`${w} .tw-browsing p`), /^يتصفح هذا الموضوع حاليًا \S+ مستخدم\. \(\S+ عضو و \S+ زائر\)$/);
  assert.match(await text(`${w} .tw-permissions`), /لا تستطيع إضافة مواضيع جديدة/);
  // Post text keeps its own direction: the English posts are still left to right.
  assert.equal(await page.evaluate((w) => document.querySelector(`${w} #post-2 .tw-body`).matches(":dir(ltr)"), w), true);
  assert.doesNotMatch(await text(w), /Join Date|Results|Originally posted|You may not/);
  // Console errors and warnings: the page's own (the probe), and in Chromium the browser's too.
  assert.deepEqual((await page.console()).filter((m) => m.type === "error" || m.type === "warning"), []);
  if (native) assert.deepEqual(native.filter((m) => m.type === "error" || m.type === "warning"), []);
  assert.deepEqual(await page.errors(), []);
});

test("data-lang=\"de\" and \"ru\": digit groups per locale, dates in the reader's time zone", async () => {
  await withPage("/_e2e/i18n.html", async (page, info) => {
    await ready(page, ["de", "ru"]);
    assert.equal(await text(page, "#de #post-1 .tw-post-count dd"), "48.807");
    assert.equal(await text(page, "#de #post-1 .tw-post-count dt"), "Beiträge");
    assert.equal(await text(page, "#de #post-1 .tw-joined dd"), "Dez. 2009");
    assert.equal(await text(page, "#de .tw-results"), "Ergebnis 1 bis 5 von 5");
    // 2023-10-21T08:08:00+07:00 is 03:08 in Berlin (summer time).
    assert.equal(await text(page, "#de #post-3 .tw-last-online dd"), "21.10.2023, 03:08");
    assert.equal(await page.locator("#de #post-3 .tw-last-online time").getAttribute("datetime"), "2023-10-21T08:08:00+07:00");
    assert.equal(await text(page, "#ru #post-1 .tw-post-count dd"), "48\u00a0807");
    assert.equal(await text(page, "#ru #post-1 .tw-post-count dt"), "Сообщений");
    assert.equal(await text(page, "#ru .tw-browsing p"), "Сейчас эту тему просматривает 1 пользователь. (0 участников и 1 гость)");
    assert.deepEqual(info.errors(), []);
    assert.deepEqual(info.pageErrors, []);
  }, { timezoneId: "Europe/Berlin" });
});

test("lang on an ancestor chooses the language when there is no data-lang", async () => {
  await withPage("/_e2e/i18n.html", async (page) => {
    await ready(page, ["ja"]);
    assert.equal(await page.locator("#ja section.tw-thread").getAttribute("lang"), "ja");
    assert.equal(await text(page, "#ja .tw-results"), "5 件中 1〜5 件を表示");
    assert.equal(await text(page, "#ja #post-1 .tw-joined dd"), "2009年12月");
  });
  await withPage("/_e2e/i18n-de.html", async (page, info) => {
    await ready(page, ["page-lang"]);
    assert.equal(await page.locator("#page-lang section.tw-thread").getAttribute("lang"), "de");
    assert.equal(await text(page, "#page-lang #post-1 .tw-joined dt"), "Registriert seit");
    assert.equal(await text(page, "#page-lang #post-1 .tw-post-count dd"), "48.807");
    assert.match(await text(page, "#page-lang .tw-permissions"), /Du darfst keine neuen Themen erstellen/);
    assert.deepEqual(info.errors(), []);
  }, { locale: "fr-FR" });
});

test("with no lang anywhere, the browser's language decides (pt-BR gets Portuguese)", async () => {
  await withPage("/_e2e/i18n-nolang.html", async (page) => {
    await ready(page, ["browser-lang"]);
    assert.equal(await page.evaluate(() => navigator.language), "pt-BR");
    assert.equal(await page.locator("#browser-lang section.tw-thread").getAttribute("lang"), "pt");
    assert.equal(await text(page, "#browser-lang .tw-results"), "Resultados 1 a 5 de 5");
    assert.equal(await text(page, "#browser-lang #post-1 .tw-post-count dt"), "Mensagens");
    assert.equal(await text(page, "#browser-lang #post-1 .tw-post-count dd"), "48.807");
  }, { locale: "pt-BR" });
});

test("setOptions({lang}) switches the language at run time", async () => {
  await withPage("/_e2e/i18n.html", async (page) => {
    await ready(page, ["de"]);
    await page.evaluate(async () => {
      const m = await import("/pkg/thread_widget.js");
      await m.default(); // the script tags loaded the plain build, which has no render()
      const el = document.createElement("div");
      el.id = "switch";
      document.querySelector("main").append(el);
      const seed = await (await fetch("/threads/seed.json")).json();
      window.__switch = m.render(el, seed, { lang: "fr", headingLevel: 3 });
    });
    // French is not loaded on this page yet: English at once, French once its catalog is in.
    await page.waitForFunction(() => document.querySelector("#switch .tw-results")?.textContent.trim() === "Résultats 1 à 5 sur 5", null, WAIT);
    assert.equal(await text(page, "#switch #post-1 .tw-post-count dd"), "48\u202f807");
    await page.evaluate(() => window.__switch.setOptions({ lang: "es" }));
    await page.waitForFunction(() => document.querySelector("#switch .tw-results")?.textContent.trim() === "Resultados 1 al 5 de 5", null, WAIT);
    assert.equal(await page.locator("#switch section.tw-thread").getAttribute("lang"), "es");
  });
});

test("data-dates=\"relative\": \"3 days ago\", with the exact date in the title", async () => {
  await withPage("/_e2e/i18n.html", async (page, info) => {
    await ready(page, ["th"]);
    const created = await page.evaluate(() => {
      const created = new Date(Date.now() - 3 * 86_400_000 - 60_000).toISOString();
      const thread = { posts: [
        { id: "r1", author: { name: "misskit" }, created, body: "three days ago" },
        { id: "r2", author: { name: "misskit" }, created: "2021-09-18T09:07:00+07:00", body: "long ago" },
      ] };
      for (const [id, lang, dates] of [["rel-en", "en", "relative"], ["rel-de", "de", "relative"], ["abs-en", "en", null]]) {
        const el = document.createElement("div");
        el.className = "thread-widget";
        el.id = id;
        el.dataset.lang = lang;
        if (dates) el.dataset.dates = dates;
        const json = document.createElement("script");
        json.type = "application/json";
        json.textContent = JSON.stringify(thread);
        el.append(json);
        document.querySelector("main").append(el);
      }
      return created;
    });
    await ready(page, ["rel-en", "rel-de", "abs-en"]);
    const exact = await intl(page, ([c]) => new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" }).format(new Date(c)), created);
    const t = page.locator("#rel-en #post-r1 time.tw-created");
    assert.equal((await t.textContent()).trim(), "3 days ago");
    assert.equal(await t.getAttribute("title"), exact);
    assert.equal(await t.getAttribute("datetime"), created);
    assert.match(await page.locator("#rel-en #post-r2 time.tw-created").textContent(), /^\d+ years ago$/);
    assert.equal((await page.locator("#rel-de #post-r1 time.tw-created").textContent()).trim(), "vor 3 Tagen");
    // Without the option the date is absolute, and there is no title.
    const abs = page.locator("#abs-en #post-r1 time.tw-created");
    assert.equal((await abs.textContent()).trim(), exact);
    assert.equal(await abs.getAttribute("title"), null);
    assert.deepEqual(info.pageErrors, []);
    assert.deepEqual(info.errors(), []);
  });
});

test("a bad data-dates value warns once and keeps absolute dates", async () => {
  await withPage("/_e2e/i18n.html", async (page, info) => {
    await ready(page, ["th"]);
    await page.evaluate(() => {
      const el = document.createElement("div");
      el.className = "thread-widget";
      el.id = "bad-dates";
      el.dataset.dates = "sometimes";
      el.dataset.lang = "en";
      const json = document.createElement("script");
      json.type = "application/json";
      json.textContent = JSON.stringify({ posts: [{ id: 1, author: { name: "a" }, created: "2023-10-21T08:08:00+07:00", body: "x" }] });
      el.append(json);
      document.querySelector("main").append(el);
    });
    await ready(page, ["bad-dates"]);
    assert.equal((await text(page, "#bad-dates time.tw-created")), "Oct 21, 2023, 1:08 AM");
    const warnings = info.console.filter((m) => m.type === "warning").map((m) => m.text);
    assert.deepEqual(warnings, ['thread-widget: data-dates="sometimes" is not valid (absolute or relative); using the default']);
  });
});

test("catalogs load on demand: once per language, none for English", async () => {
  await withPage("/_e2e/i18n.html", async (page, info) => {
    await ready(page, ["th", "ar", "de", "ru", "ja"]);
    assert.deepEqual([...info.catalogs].sort(), ["ar.json", "de.json", "ja.json", "ru.json", "th.json"]);
    // A second German widget (de-AT) and an English one load nothing more.
    await page.evaluate(() => {
      for (const [id, lang] of [["de-at", "de-AT"], ["en-too", "en-GB"]]) {
        const el = document.createElement("div");
        el.className = "thread-widget";
        el.id = id;
        el.dataset.src = "/threads/seed.json";
        el.dataset.lang = lang;
        document.querySelector("main").append(el);
      }
    });
    await ready(page, ["de-at", "en-too"]);
    assert.equal(await text(page, "#de-at .tw-results"), "Ergebnis 1 bis 5 von 5");
    assert.equal(await text(page, "#en-too .tw-results"), "Results 1 to 5 of 5");
    assert.equal(info.catalogs.length, 5, info.catalogs.join(" "));
    assert.deepEqual(info.errors(), []);
  });
  await withPage("/_e2e/i18n-nolang.html", async (page, info) => {
    await ready(page, ["browser-lang"]);
    assert.equal(await text(page, "#browser-lang .tw-results"), "Results 1 to 5 of 5");
    assert.deepEqual(info.catalogs, [], "an English page loads no catalog");
    assert.deepEqual(info.errors(), []);
  }, { locale: "en-US" });
});

test("a catalog that cannot be loaded (404, not a catalog): English with one warning, the rest of the page unharmed", async () => {
  const setup = async (page) => {
    await page.route("**/pkg/i18n/de.json", (route) => route.fulfill({ status: 404, body: "not found" }));
    await page.route("**/pkg/i18n/ru.json", (route) => route.fulfill({ status: 200, contentType: "application/json", body: '{"lang": "ru", "dir": "sideways"}' }));
  };
  await withPage("/_e2e/i18n.html", async (page, info) => {
    await ready(page, ["th", "ar", "de", "ru", "ja"]);
    for (const id of ["de", "ru"]) {
      assert.equal(await page.locator(`#${id} section.tw-thread`).getAttribute("lang"), "en", id);
      assert.equal(await text(page, `#${id} .tw-results`), "Results 1 to 5 of 5", id);
      assert.equal(await text(page, `#${id} #post-1 .tw-joined dt`), "Join Date", id);
    }
    // Numbers and dates still follow the reader's language through Intl.
    assert.equal(await text(page, "#de #post-1 .tw-post-count dd"), "48.807");
    assert.equal(await text(page, "#th .tw-results"), "แสดงผล 1 ถึง 5 จากทั้งหมด 5");
    const warnings = info.console.filter((m) => m.type === "warning").map((m) => m.text);
    assert.equal(warnings.length, 2, warnings.join("\n"));
    assert.match(warnings.find((w) => w.includes('"de"')), /^thread-widget: could not load the "de" catalog \(http:\/\/.*\/pkg\/i18n\/de\.json: HTTP 404\); using English$/);
    assert.match(warnings.find((w) => w.includes('"ru"')), /^thread-widget: could not load the "ru" catalog \(.*ru\.json: "dir": expected "ltr" or "rtl"\); using English$/);
    // Chromium's own line for the 404 is the only error.
    assert.deepEqual(info.console.filter((m) => m.type === "error").map((m) => m.text), ["Failed to load resource: the server responded with a status of 404 (Not Found)"]);
    assert.deepEqual(info.pageErrors, []);
    // The failure is remembered: renderToString in German gives English instead of throwing, and nothing is fetched again.
    const html = await page.evaluate(async () => {
      const m = await import("/pkg/thread_widget.js");
      await m.default();
      return m.renderToString({ posts: [] }, { lang: "de" });
    });
    assert.match(html, /There are no posts yet\./);
    assert.equal(info.catalogs.filter((c) => c === "de.json").length, 1);
  }, { setup });
});

test("render() and renderToString() render any language at once after a plain init() (SPEC section 3)", async () => {
  await withPage("/_e2e/i18n-nolang.html", async (page, info) => {
    await ready(page, ["browser-lang"]);
    const first = await page.evaluate(async () => {
      const m = await import("/pkg/thread_widget.js");
      await m.default(); // a plain init(): no lang
      window.__m = m;
      const el = document.createElement("div");
      el.id = "later";
      window.__readies = 0;
      el.addEventListener("thread-widget:ready", () => window.__readies++);
      document.querySelector("main").append(el);
      window.__seed = await (await fetch("/threads/seed.json")).json();
      m.render(el, window.__seed, { lang: "es-MX", headingLevel: 3 });
      return el.querySelector(".tw-results").textContent.trim();
    });
    // The catalog was read synchronously: Spanish in the first render, one ready event.
    assert.equal(first, "Resultados 1 al 5 de 5");
    assert.equal(await page.locator("#later section.tw-thread").getAttribute("lang"), "es");
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__readies), 1, "rendered once");

    // The SPEC's own example: renderToString(thread, { lang: "de" }) right after init().
    const html = await page.evaluate(async () => {
      return [window.__m.renderToString(window.__seed, { lang: "de" }), window.__m.renderToString(window.__seed, { lang: "de" })];
    });
    assert.match(html[0], /Ergebnis 1 bis 5 von 5/);
    assert.match(html[0], /lang="de"/);
    assert.equal(html[0], html[1]);
    const more = await page.evaluate(async () => {
      await window.__m.default({ lang: ["fr-CA", "zh-TW"] });
      return [window.__m.renderToString(window.__seed, { lang: "fr-CA" }), window.__m.renderToString(window.__seed, { lang: "zh-Hant" }), window.__m.renderToString(window.__seed, { lang: "it" })];
    });
    assert.match(more[0], /Résultats 1 à 5 sur 5/);
    assert.match(more[1], /lang="zh"/);
    assert.match(more[2], /Results 1 to 5 of 5/, "no Italian catalog: English, nothing to load");
    // Rendered after init({ lang }): in French at once.
    const now = await page.evaluate(() => {
      const el = document.createElement("div");
      document.querySelector("main").append(el);
      window.__m.render(el, window.__seed, { lang: "fr" });
      return el.querySelector(".tw-results").textContent.trim();
    });
    assert.equal(now, "Résultats 1 à 5 sur 5");
    // Each catalog once, German (read synchronously) included.
    assert.deepEqual([...info.catalogs].sort(), ["de.json", "es.json", "fr.json", "zh.json"]);
    // init({ i18n }): the catalogs are elsewhere (a bundler moved the entry away from them).
    const ja = await page.evaluate(async () => {
      await window.__m.default({ i18n: "/elsewhere/catalogs", lang: "ja-JP" });
      return window.__m.renderToString(window.__seed, { lang: "ja" });
    });
    assert.match(ja, /5 件中 1〜5 件を表示/);
    assert.deepEqual(info.moved, ["/elsewhere/catalogs/ja.json"]);
    assert.deepEqual(info.errors(), []);
    assert.deepEqual(info.pageErrors, []);
  }, {
    locale: "en-US",
    setup: async (page) => {
      const { readFileSync } = await import("node:fs");
      await page.route("**/elsewhere/catalogs/*.json", (route) => {
        const path = new URL(route.request().url()).pathname;
        (page.__moved ||= []).push(path);
        route.fulfill({ status: 200, contentType: "application/json", body: readFileSync(join(repo, "pkg", "i18n", path.split("/").pop())) });
      });
    },
  });
});
