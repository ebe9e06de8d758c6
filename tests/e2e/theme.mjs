// data-theme="auto" follows the page's own dark or light scheme (js/scheme.js,
// docs/theming.md "auto"): a class or attribute on <html> or <body>,
// color-scheme on the root, a dark background behind the widget; a light site
// on a dark system; the site's toggle pressed by keyboard; explicit themes
// untouched; a page that says nothing still follows the system. Each case in
// Chromium, Firefox ESR and WebKitGTK, on a strict-CSP page
// (tests/e2e/csp/theme.html, its site script theme-site.js, theme.css), with
// a light system and, for the cases that need one, a dark system
// (tests/e2e/browsers.mjs `dark: true`).
//
//   node --test tests/e2e/theme.mjs            (TW_ENGINES=chromium for one engine)
//   scripts/repeat.sh 5 tests/e2e/theme.mjs

import assert from "node:assert/strict";
import { ALL, CHROMIUM, suite } from "./browsers.mjs";

const { test } = suite(["--test-routes"]);

const LIGHT = "rgb(255, 255, 255)"; // --tw-bg, light (docs/theming.md)
const DARK = "rgb(21, 25, 31)"; // --tw-bg, dark: #15191f
const BOXES = ["auto", "light", "dark", "none", "module"];

/** Opens the theme page with the site's theme in the query; waits for the five widgets, styled. */
async function open(page, query = "") {
  await page.goto("/_csp/theme.html" + query);
  await page.waitFor((ids) => ids.every((id) => document.querySelector(`#${id} > .tw-thread`)) &&
    getComputedStyle(document.querySelector("#light > .tw-thread")).backgroundColor === "rgb(255, 255, 255)" && !!window.themeHandle,
  BOXES, { what: "the five widgets rendered and the stylesheet applied" });
}

/** Each widget's thread background and the scheme written on its container. */
function look(page) {
  return page.evaluate((ids) => Object.fromEntries(ids.map((id) => {
    const box = document.getElementById(id);
    return [id, { bg: getComputedStyle(box.querySelector(".tw-thread")).backgroundColor, scheme: box.getAttribute("data-tw-scheme") }];
  })), BOXES);
}

/** What the auto widgets (the loader's and the module's) look like. */
async function auto(page) {
  const l = await look(page);
  return { loader: l.auto, module: l.module };
}

/** The explicit themes look as they always did, whatever the page says. */
async function explicitUnchanged(page) {
  const l = await look(page);
  assert.equal(l.light.bg, LIGHT, "data-theme=light stays light");
  assert.equal(l.dark.bg, DARK, "data-theme=dark stays dark");
  assert.equal(l.none.bg, "rgba(0, 0, 0, 0)", "data-theme=none stays unstyled");
  for (const id of ["light", "dark", "none"]) assert.equal(l[id].scheme, null, `no data-tw-scheme on #${id}`);
}

/** The page's strict CSP saw no violation, and nothing went wrong. */
async function clean(page) {
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(await page.errors(), []);
}

const both = (bg, scheme) => ({ loader: { bg, scheme }, module: { bg, scheme } });

test("a page that says nothing follows the system: light on a light system, no data-tw-scheme", { engines: ALL }, async (page) => {
  await open(page, "?html=x-bare");
  assert.equal(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches), false);
  assert.deepEqual(await auto(page), both(LIGHT, null));
  await explicitUnchanged(page);
  await clean(page);
});

test('class="dark" on <html> (Tailwind, Docusaurus…): auto is dark on a light system', { engines: ALL }, async (page) => {
  await open(page, "?html=dark");
  assert.deepEqual(await auto(page), both(DARK, "dark"));
  // Dark from the first render on: no light flash before it.
  assert.deepEqual(await page.evaluate(() => [window.__firstScheme.auto, window.__firstScheme.module]), ["dark", "dark"]);
  await explicitUnchanged(page);
  await clean(page);
});

test("a widget that failed to load shows its error box in the page's scheme, and follows the toggle", { engines: ALL }, async (page) => {
  await open(page, "?toggle=class&broken=1");
  await page.events("error", 1);
  const box = () => page.evaluate(() => ({ bg: getComputedStyle(document.querySelector("#broken .tw-error")).backgroundColor, scheme: document.querySelector("#broken").getAttribute("data-tw-scheme") }));
  assert.deepEqual(await box(), { bg: "rgb(246, 248, 250)", scheme: "light" }, "--tw-card, light");
  await page.press("#toggle", "Enter");
  assert.deepEqual(await box(), { bg: "rgb(34, 40, 49)", scheme: "dark" }, "--tw-card, dark: #222831");
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
});

test('an attribute on <body> (data-bs-theme="dark"), with a white body: auto is dark', { engines: ALL }, async (page) => {
  await open(page, "?body-attr=data-bs-theme:dark");
  assert.deepEqual(await auto(page), both(DARK, "dark"));
  await explicitUnchanged(page);
  await clean(page);
});

test("color-scheme: dark on the root, or in the color-scheme meta, with no class or attribute naming it: auto is dark", { engines: ALL }, async (page) => {
  await open(page, "?html=x-cs-dark");
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme), "dark");
  assert.deepEqual(await auto(page), both(DARK, "dark"));
  await explicitUnchanged(page);
  // The same said by <meta name="color-scheme" content="dark">; "light dark" says nothing.
  await open(page, "?meta=dark");
  assert.deepEqual(await auto(page), both(DARK, "dark"), '<meta name="color-scheme" content="dark">');
  await open(page, "?meta=light+dark&html=x-bare");
  assert.deepEqual(await auto(page), both(LIGHT, null), '<meta name="color-scheme" content="light dark">: the system (light)');
  await explicitUnchanged(page);
  await clean(page);
});

test("a dark background behind the widget and nothing else: auto is dark", { engines: ALL }, async (page) => {
  await open(page, "?main=x-bg-dark");
  assert.deepEqual(await auto(page), both(DARK, "dark"));
  await explicitUnchanged(page);
  await clean(page);
});

test("the background in any colour syntax, through a veil; a gradient behind the widget is no guess", { engines: ALL }, async (page) => {
  await open(page, "?main=x-bg-oklch");
  assert.deepEqual(await auto(page), both(DARK, "dark"), "oklch(0.22 0.02 250)");
  await open(page, "?main=x-veil");
  assert.deepEqual(await auto(page), both(DARK, "dark"), "rgba(0, 0, 0, .85) over a white body");
  await open(page, "?main=x-photo");
  assert.deepEqual(await auto(page), both(LIGHT, null), "a dark gradient: the system (light) decides");
  await explicitUnchanged(page);
  await clean(page);
});

test("the site's toggle pressed by keyboard switches auto at once, both ways", { engines: ALL }, async (page) => {
  await open(page, "?toggle=class");
  assert.deepEqual(await auto(page), both(LIGHT, "light"), "a white site: light");
  await page.press("#toggle", "Enter");
  // Read right after the key press: no waiting, no polling.
  assert.deepEqual(await auto(page), both(DARK, "dark"), "dark at once");
  await explicitUnchanged(page);
  await page.press("#toggle", "Enter");
  assert.deepEqual(await auto(page), both(LIGHT, "light"), "light again at once");
  await explicitUnchanged(page);
  await clean(page);
});

test("a toggle that only darkens the background through a CSS transition: auto follows when it ends", { engines: ALL }, async (page) => {
  await open(page, "?toggle=bg");
  assert.deepEqual(await auto(page), both(LIGHT, "light"));
  await page.press("#toggle", "Enter");
  await page.waitFor((dark) => ["auto", "module"].every((id) => getComputedStyle(document.querySelector(`#${id} > .tw-thread`)).backgroundColor === dark), DARK,
    { timeout: 5000, what: "both auto widgets dark once the body's background transition ended" });
  assert.deepEqual(await auto(page), both(DARK, "dark"));
  await page.press("#toggle", "Enter");
  await page.waitFor((light) => ["auto", "module"].every((id) => getComputedStyle(document.querySelector(`#${id} > .tw-thread`)).backgroundColor === light), LIGHT,
    { timeout: 5000, what: "both auto widgets light again" });
  await explicitUnchanged(page);
  await clean(page);
});

test("setOptions({ theme }) still wins: light and dark on a dark page, back to auto, destroy() takes data-tw-scheme away", { engines: ALL }, async (page) => {
  await open(page, "?html=dark");
  const module = async () => (await look(page)).module;
  await page.evaluate(() => window.themeHandle.setOptions({ theme: "light" }));
  assert.deepEqual(await module(), { bg: LIGHT, scheme: null });
  await page.evaluate(() => window.themeHandle.setOptions({ theme: "dark" }));
  assert.deepEqual(await module(), { bg: DARK, scheme: null });
  await page.evaluate(() => window.themeHandle.setOptions({ theme: "auto" }));
  assert.deepEqual(await module(), { bg: DARK, scheme: "dark" });
  // Explicit light, then the site goes light and dark again: the handle's theme holds.
  await page.evaluate(() => window.themeHandle.setOptions({ theme: "light" }));
  await page.evaluate(() => document.documentElement.classList.remove("dark"));
  await page.evaluate(() => document.documentElement.classList.add("dark"));
  assert.deepEqual(await module(), { bg: LIGHT, scheme: null });
  await page.evaluate(() => window.themeHandle.setOptions({ theme: "auto" }));
  await page.evaluate(() => window.themeHandle.destroy());
  assert.equal(await page.attr("#module", "data-tw-scheme"), null);
  await clean(page);
});

// ------------------------------------------------------------ a dark system

test("a page that says nothing on a dark system: dark, no data-tw-scheme (as before)", { engines: ALL, dark: true }, async (page) => {
  await open(page, "?html=x-bare");
  assert.equal(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches), true, "the session prefers dark");
  assert.deepEqual(await auto(page), both(DARK, null));
  await explicitUnchanged(page);
  await clean(page);
});

test("a light site on a dark system: a white background, or data-theme=\"light\", or color-scheme: light gives light", { engines: ALL, dark: true }, async (page) => {
  await open(page);
  assert.equal(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches), true, "the session prefers dark");
  assert.deepEqual(await auto(page), both(LIGHT, "light"), "a white body");
  await explicitUnchanged(page);
  await open(page, "?html=x-bare&html-attr=data-theme:light");
  assert.deepEqual(await auto(page), both(LIGHT, "light"), 'data-theme="light" on <html>, no background');
  await open(page, "?html=x-bare+x-cs-light");
  assert.deepEqual(await auto(page), both(LIGHT, "light"), "color-scheme: light on the root, no background");
  await explicitUnchanged(page);
  await clean(page);
});

test("a light site on a dark system: its toggle to dark and back, by keyboard, at once", { engines: ALL, dark: true }, async (page) => {
  await open(page, "?toggle=class");
  assert.deepEqual(await auto(page), both(LIGHT, "light"));
  await page.press("#toggle", "Enter");
  assert.deepEqual(await auto(page), both(DARK, "dark"));
  await page.press("#toggle", "Enter");
  assert.deepEqual(await auto(page), both(LIGHT, "light"));
  await explicitUnchanged(page);
  await clean(page);
});

// ------------------------------------------------------------ the system changing while the page is open

test("the system switching while the page is open: a page that says nothing follows; a white site stays light", { engines: CHROMIUM }, async (page) => {
  await open(page, "?html=x-bare");
  await page.raw.emulateMedia({ colorScheme: "dark" });
  assert.deepEqual(await auto(page), both(DARK, null));
  await page.raw.emulateMedia({ colorScheme: "light" });
  assert.deepEqual(await auto(page), both(LIGHT, null));
  await open(page);
  await page.raw.emulateMedia({ colorScheme: "dark" });
  assert.deepEqual(await auto(page), both(LIGHT, "light"));
  await explicitUnchanged(page);
  await page.raw.emulateMedia({ colorScheme: "light" });
});
