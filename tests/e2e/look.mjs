// The widget's look, in headless Chromium: accessibility (axe-core on every
// demo page, light and dark, wide and narrow), theme colours, isolation from
// host CSS both ways, container-width folding, run-time theme switching,
// reduced motion, and the README's screenshots (written to docs/screenshots/).
// The theme colours are also checked in Firefox ESR and WebKitGTK, through
// tests/e2e/browsers.mjs (TW_ENGINES=chromium limits a run).
//
//   PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 node --test tests/e2e/look.mjs
//   MEASURE=1 node --test tests/e2e/look.mjs   (also prints the light DOM vs
//                                                shadow DOM measurements of docs/architecture.md)
//
// Needs pkg/ built (scripts/build.sh), playwright-core and axe-core from the
// root package.json, and Chromium (CHROMIUM=/path, default /usr/bin/chromium).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { ALL, suite } from "./browsers.mjs";
import { CHROMIUM_ARGS, repo, serve, stopServers } from "./harness.mjs";

const WAIT = { timeout: 20_000 };
const AXE = join(repo, "node_modules", "axe-core", "axe.min.js");
const SHOTS = join(repo, "docs", "screenshots");

let browser;
let site;

// The tests written once for every engine (their own server, with the probe).
const { test: inEngines } = suite(["--test-routes"]);

before(async () => {
  if (!existsSync(join(repo, "pkg", "thread_widget_bg.wasm"))) {
    throw new Error("pkg/ is not built: run scripts/build.sh first");
  }
  // --platforms: the live demo pages (www/live/) read their stand-in, as under `make demo`.
  site = await serve(["--test-routes", "--platforms"]);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS,
      // Stable pixels for the screenshots.
      "--font-render-hinting=none", "--hide-scrollbars",
      // As when a screen reader runs: Chromium then builds the accessibility
      // tree of posts that `content-visibility: auto` leaves unrendered off
      // screen (with no assistive technology it skips them).
      "--force-renderer-accessibility"],
  });
});

after(async () => {
  await browser?.close();
  await stopServers();
});

/**
 * Opens a page in a fresh context, waits until every eager widget has
 * rendered (or shown its error) and the stylesheet applies, runs fn, closes.
 */
async function withPage(path, fn, { width = 1280, height = 900, colorScheme = "light", reducedMotion = "no-preference" } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme, reducedMotion });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  try {
    await page.goto(site.url + path);
    await settled(page);
    await fn(page, problems);
  } finally {
    await context.close();
  }
}

/** Every eager widget rendered (or failed), module pages finished, CSS applied. */
async function settled(page) {
  await page.waitForFunction(() => {
    const status = document.querySelector("#status");
    if (status && !/ready|failed/.test(status.textContent)) return false;
    const widgets = [...document.querySelectorAll(".thread-widget, #mounted, #rendered")].filter((w) => w.dataset.loading !== "lazy");
    if (!widgets.every((w) => w.querySelector(":scope > .tw-thread, :scope > .tw-error"))) return false;
    const themed = document.querySelector(".tw-root > .tw-thread");
    return !themed || getComputedStyle(themed).containerType === "inline-size";
  }, null, WAIT);
  await imagesLoaded(page);
}

/** Images on screen have loaded (lazy ones further down need not), so boxes and pixels are final. */
function imagesLoaded(page) {
  return page.waitForFunction(() => [...document.images].every((i) => i.complete || (i.loading === "lazy" && (i.getBoundingClientRect().top > innerHeight || i.getBoundingClientRect().bottom < 0))), null, WAIT);
}

/** Runs axe-core on the page; returns one line per violation. */
async function axe(page) {
  if (!(await page.evaluate(() => "axe" in window))) {
    await page.addScriptTag({ path: AXE });
  }
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} nodes, e.g. ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}: ${v.nodes[0]?.failureSummary?.split("\n").slice(1, 2).join(" ")}`);
  });
}

/** The values of docs/theming.md's colour table: name → { light, dark }. */
function documentedColours() {
  const md = readFileSync(join(repo, "docs", "theming.md"), "utf8");
  const out = {};
  for (const m of md.matchAll(/^\| `(--tw-[a-z0-9-]+)` \| `(#[0-9a-f]{6})` \| `(#[0-9a-f]{6})` \|/gim)) {
    out[m[1]] = { light: m[2].toLowerCase(), dark: m[3].toLowerCase() };
  }
  return out;
}

const hex = (rgb) => {
  const m = /^rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)$/.exec(rgb);
  assert.ok(m, `not an rgb() colour: ${rgb}`);
  return "#" + [m[1], m[2], m[3]].map((n) => Number(n).toString(16).padStart(2, "0")).join("");
};

/** Computed colours of one widget's parts, as #rrggbb (a Playwright page or a browsers.mjs page). */
async function colours(page, root) {
  // A theme change fades the post backgrounds (the highlight's transition): wait for the end.
  // Two frames first: a change of prefers-color-scheme reaches the page's listeners (auto
  // following the page, js/scheme.js) at the next rendering update, and its fade starts then.
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  const raw = await page.evaluate((root) => {
    const q = (s) => document.querySelector(`${root} ${s}`);
    const cs = (s) => getComputedStyle(q(s));
    return {
      "--tw-bg": cs(".tw-thread").backgroundColor,
      "--tw-fg": cs(".tw-thread").color,
      "--tw-post-bg": cs(".tw-post").backgroundColor,
      "--tw-card": cs(".tw-author").backgroundColor,
      "--tw-muted": cs(".tw-user-title").color,
      "--tw-border": cs(".tw-post").borderTopColor,
    };
  }, root);
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, hex(v)]));
}

function expected(theme) {
  const docs = documentedColours();
  const out = {};
  for (const k of ["--tw-bg", "--tw-fg", "--tw-post-bg", "--tw-card", "--tw-muted", "--tw-border"]) {
    assert.ok(docs[k], `docs/theming.md documents ${k} with light and dark values`);
    out[k] = docs[k][theme];
  }
  return out;
}

// ---------------------------------------------------------------- accessibility

const DEMO_PAGES = ["/index.html", "/conversation.html", "/_e2e/nested-ar.html", "/embed.html", "/look.html", "/module.html", "/errors.html",
  ...["mastodon", "bluesky", "github", "hacker-news", "discourse"].map((p) => `/live/${p}.html`)];

for (const path of DEMO_PAGES) {
  test(`${path}: zero axe-core violations, light and dark, 1280 and 375 px`, async () => {
    const found = [];
    for (const colorScheme of ["light", "dark"]) {
      for (const width of [1280, 375]) {
        await withPage(path, async (page, problems) => {
          for (const v of await axe(page)) found.push(`${colorScheme} ${width}px: ${v}`);
          // Pages that load broken threads on purpose say so in the console; the others stay quiet.
          // The live pages' recorded avatars are on the platforms' own hosts, which this machine cannot reach.
          const offline = path.startsWith("/live/") ? problems.filter((p) => p !== "Failed to load resource: net::ERR_NAME_NOT_RESOLVED") : problems;
          if (path !== "/errors.html") assert.deepEqual(offline, [], `${path} ${colorScheme} ${width}px`);
        }, { width, colorScheme });
      }
    }
    assert.deepEqual(found, []);
  });
}

test("headings: no level skipped, with a page h1 and with a thread without a title", async () => {
  for (const path of ["/index.html", "/conversation.html", "/embed.html", "/look.html"]) {
    await withPage(path, async (page) => {
      const levels = await page.evaluate(() => [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
        .filter((h) => h.checkVisibility())
        .map((h) => Number(h.tagName[1])));
      assert.equal(levels[0], 1, path);
      for (let i = 1; i < levels.length; i++) {
        assert.ok(levels[i] <= levels[i - 1] + 1, `${path}: h${levels[i - 1]} then h${levels[i]} (heading ${i})`);
      }
    });
  }
  // embed.html's theme examples have no title: author names sit at the thread's own level (h3 under an h2).
  await withPage("/embed.html", async (page) => {
    assert.equal(await page.locator("#ex-theme-light .tw-title").count(), 0);
    assert.equal(await page.locator("#ex-theme-light h3.tw-author-name").count(), 1);
  });
});

test("collapsed quotes: a native disclosure that reports its expanded state", async () => {
  await withPage("/embed.html", async (page) => {
    const summary = page.locator("#ex-quote-depth #post-3 details.tw-quote-more > summary");
    const cdp = await page.context().newCDPSession(page);
    // The accessibility tree: the summary is a focusable control with a name and an expanded state.
    const text = (await summary.textContent()).trim();
    assert.ok(text.length > 0, "the disclosure has a visible name");
    const ax = async () => {
      const { nodes } = await cdp.send("Accessibility.getFullAXTree");
      const n = nodes.find((n) => !n.ignored && n.name?.value === text && n.properties?.some((p) => p.name === "expanded"));
      assert.ok(n, `an accessible node named "${text}" with an expanded state`);
      return { role: n.role.value, expanded: n.properties.find((p) => p.name === "expanded").value.value, focusable: n.properties.some((p) => p.name === "focusable" && p.value.value) };
    };
    const closed = await ax();
    assert.equal(closed.expanded, false);
    assert.ok(closed.focusable);
    await summary.focus();
    await page.keyboard.press("Enter");
    // The accessibility tree follows the DOM after the next lifecycle update: wait for the
    // disclosure to be open in the DOM, then for the tree to say so (or time out and show it).
    await page.waitForFunction(() => document.querySelector("#ex-quote-depth #post-3 details.tw-quote-more").open, null, WAIT);
    let open = await ax();
    for (const end = Date.now() + WAIT.timeout; !open.expanded && Date.now() < end; open = await ax()) await page.evaluate(() => new Promise(requestAnimationFrame));
    assert.equal(open.expanded, true);
  });
});

test("posts off screen (content-visibility: auto) are skipped by layout, not by assistive technology", async () => {
  await withPage("/embed.html", async (page) => {
    const post = page.locator("#ex-quote-depth #post-3");
    const state = await post.evaluate((el) => ({
      cv: getComputedStyle(el).contentVisibility,
      below: el.getBoundingClientRect().top > innerHeight * 2,
      // Skipped: the browser neither styles nor lays out its contents while it is far off screen.
      rendered: el.querySelector(".tw-body").checkVisibility({ contentVisibilityAuto: true }),
    }));
    assert.deepEqual(state, { cv: "auto", below: true, rendered: false });
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send("Accessibility.getFullAXTree");
    const body = (await post.locator(".tw-body > p").last().textContent()).trim().slice(0, 30);
    assert.ok(body.length > 5);
    const names = nodes.filter((n) => !n.ignored).map((n) => n.name?.value ?? "");
    assert.ok(names.some((n) => n.includes(body)), `the post's text ("${body}…") is in the accessibility tree`);
  });
});

test("visible focus: keyboard focus on a widget link draws an outline", async () => {
  await withPage("/index.html", async (page) => {
    const link = page.locator(".tw-post-number").first();
    await link.focus();
    // :focus-visible only from the keyboard: Tab away and back.
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    const o = await link.evaluate((a) => {
      const s = getComputedStyle(a);
      return { focused: document.activeElement === a, style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    assert.ok(o.focused);
    assert.equal(o.style, "solid");
    assert.ok(o.width >= 2, `outline ${o.width}px`);
  });
});

// ---------------------------------------------------------------- themes

/** Every eager widget rendered (or failed), module pages finished, CSS applied, images on screen loaded (any engine). */
function settledIn(page) {
  return page.waitFor(() => {
    const status = document.querySelector("#status");
    if (status && !/ready|failed/.test(status.textContent)) return false;
    const widgets = [...document.querySelectorAll(".thread-widget, #mounted, #rendered")].filter((w) => w.dataset.loading !== "lazy");
    if (!widgets.every((w) => w.querySelector(":scope > .tw-thread, :scope > .tw-error"))) return false;
    const themed = document.querySelector(".tw-root > .tw-thread");
    if (themed && getComputedStyle(themed).containerType !== "inline-size") return false;
    return [...document.images].every((i) => i.complete || (i.loading === "lazy" && (i.getBoundingClientRect().top > innerHeight || i.getBoundingClientRect().bottom < 0)));
  }, null, { ...WAIT, what: "the widgets rendered, styled, their images loaded" });
}

inEngines("theme colours: light and dark match docs/theming.md; auto follows prefers-color-scheme (live, in Chromium)", { engines: ALL }, async (page) => {
  await page.goto("/embed.html");
  await settledIn(page);
  assert.deepEqual(await colours(page, "#ex-theme-light"), expected("light"));
  assert.deepEqual(await colours(page, "#ex-theme-dark"), expected("dark"));
  // auto is what the engine's own prefers-color-scheme says (light in all three, headless, by default).
  const scheme = (await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)) ? "dark" : "light";
  assert.deepEqual(await colours(page, "#ex-theme-auto"), expected(scheme));
  assert.deepEqual(await page.errors(), []);
  // Switching it while the page is open: Chromium only (Playwright emulates the media feature;
  // Firefox could through a pref, WebKitGTK only for a whole session: not in browsers.mjs yet).
  if (page.engine !== "chromium") return;
  await page.raw.emulateMedia({ colorScheme: "dark" });
  assert.deepEqual(await colours(page, "#ex-theme-auto"), expected("dark"));
  assert.deepEqual(await colours(page, "#ex-theme-light"), expected("light"), "light stays light");
  await page.raw.emulateMedia({ colorScheme: "light" });
  assert.deepEqual(await colours(page, "#ex-theme-auto"), expected("light"));
  assert.deepEqual(await colours(page, "#ex-theme-dark"), expected("dark"), "dark stays dark");
});

test('data-theme="none": the stylesheet is on the page but leaves that widget alone', async () => {
  await withPage("/embed.html", async (page) => {
    const none = await page.evaluate(() => {
      const root = document.querySelector("#ex-theme-none");
      const post = root.querySelector(".tw-post");
      return { root: root.classList.contains("tw-root"), display: getComputedStyle(post).display, bg: getComputedStyle(post).backgroundColor };
    });
    assert.deepEqual(none, { root: false, display: "block", bg: "rgba(0, 0, 0, 0)" });
    assert.equal(await page.locator("#ex-theme-light .tw-post").evaluate((p) => getComputedStyle(p).display), "grid");
  });
});

test("setOptions({theme}) switches the colours at run time", async () => {
  await withPage("/module.html", async (page) => {
    const handle = "window.threadWidgetDemo.handle";
    assert.deepEqual(await colours(page, "#rendered"), expected("light"));
    await page.evaluate(`${handle}.setOptions({ theme: "dark" })`);
    assert.equal(await page.locator("#rendered").getAttribute("data-tw-theme"), "dark");
    assert.deepEqual(await colours(page, "#rendered"), expected("dark"));
    await page.evaluate(`${handle}.setOptions({ theme: "none" })`);
    assert.equal(await page.locator("#rendered .tw-post").first().evaluate((p) => getComputedStyle(p).display), "block");
    await page.evaluate(`${handle}.setOptions({ theme: "light" })`);
    assert.deepEqual(await colours(page, "#rendered"), expected("light"));
    assert.equal(await page.locator("#rendered .tw-post").first().evaluate((p) => getComputedStyle(p).display), "grid");
  }, { colorScheme: "light" });
});

test("reduced motion: the highlight of a jumped-to post has no transition", async () => {
  const probe = async (page) => {
    // By keyboard: a mouse click could land beside a link that moves while the posts get their real heights.
    await page.locator("#features #post-3 a.tw-quote-link").first().focus();
    await page.keyboard.press("Enter");
    // Read in the same task that sees the highlight: it goes after 2 s, which a loaded machine can take between two calls.
    const r = await page.waitForFunction(() => {
      const post = document.querySelector("#features #post-2");
      if (!post.classList.contains("tw-highlight")) return false;
      const s = getComputedStyle(post);
      return { duration: s.transitionDuration, bg: s.backgroundColor };
    }, null, WAIT);
    return r.jsonValue();
  };
  const highlight = hexToRgb(documentedColours()["--tw-highlight"].light);
  await withPage("/_e2e/look-host.html", async (page) => {
    const r = await probe(page);
    assert.match(r.duration, /^0s(, 0s)*$/);
    assert.equal(r.bg, highlight, "the highlight colour at once, not faded in");
  }, { reducedMotion: "reduce" });
  await withPage("/_e2e/look-host.html", async (page) => {
    const r = await probe(page);
    assert.doesNotMatch(r.duration, /^0s(, 0s)*$/);
  });
});

function hexToRgb(h) {
  const n = parseInt(h.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

// ---------------------------------------------------------------- isolation and layout

/** Boxes of the widget's parts relative to their container, rounded to 1/10 px. */
async function boxes(page) {
  return page.evaluate(() => {
    const out = {};
    for (const root of document.querySelectorAll(".thread-widget")) {
      const r0 = root.getBoundingClientRect();
      const parts = root.querySelectorAll(".tw-thread, .tw-header, .tw-post, .tw-author, .tw-avatar, .tw-author-name, .tw-author-facts, .tw-post-main, .tw-post-meta, .tw-body, .tw-body p, .tw-body a, .tw-body img, .tw-quote, .tw-quote-by, .tw-quote blockquote, .tw-info");
      parts.forEach((el, i) => {
        const r = el.getBoundingClientRect();
        const f = (v) => Math.round(v * 10) / 10;
        out[`${root.id} ${i} ${el.tagName.toLowerCase()}.${el.classList[0] ?? ""}`] = [f(r.x - r0.x), f(r.y - r0.y), f(r.width), f(r.height)];
      });
      out[`${root.id} size`] = [Math.round(r0.width * 10) / 10, Math.round(r0.height * 10) / 10];
    }
    return out;
  });
}

test("aggressive host CSS on article, blockquote, a, img… does not move anything in the widget", async () => {
  await withPage("/_e2e/look-host.html", async (page) => {
    const before = await boxes(page);
    const hostBefore = await page.locator("#host-article").boundingBox();
    assert.ok(Object.keys(before).length > 100, "many parts measured");
    await page.evaluate(() => (document.querySelector("#hostile").disabled = false));
    // The hostile sheet really applies: the host's own article changes.
    await page.waitForFunction(() => getComputedStyle(document.querySelector("#host-article")).borderTopWidth === "5px", null, WAIT);
    await imagesLoaded(page);
    assert.notDeepEqual(await page.locator("#host-article").boundingBox(), hostBefore);
    const afterBoxes = await boxes(page);
    const moved = Object.keys(before).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(afterBoxes[k]));
    assert.deepEqual(moved.slice(0, 10).map((k) => `${k}: ${before[k]} → ${afterBoxes[k]}`), []);
  });
});

test("the widget's CSS changes no host element outside the widget", async () => {
  await withPage("/_e2e/look-host.html", async (page) => {
    const styles = () => page.evaluate(() => {
      const out = {};
      for (const sel of ["html", "body", "main", "h1", "#host", "#host-article", "#host-article h2", "#host-blockquote", "#host-blockquote p", "#host-a", "#host-button", "#host-img"]) {
        const s = getComputedStyle(document.querySelector(sel));
        const o = {};
        // The page's height follows the widget's (styled or not): only the geometry of html, body, main may differ.
        const followsContent = ["html", "body", "main"].includes(sel) ? /height|block-size|origin/ : /^$/;
        for (let i = 0; i < s.length; i++) if (!followsContent.test(s[i])) o[s[i]] = s.getPropertyValue(s[i]);
        out[sel] = o;
      }
      return out;
    });
    const withCss = await styles();
    await page.evaluate(() => (document.querySelector("#tw-css").disabled = true));
    await page.waitForFunction(() => getComputedStyle(document.querySelector("#seed .tw-post")).display !== "grid", null, WAIT);
    const without = await styles();
    const diffs = [];
    for (const sel of Object.keys(without)) {
      for (const p of Object.keys(without[sel])) {
        if (withCss[sel][p] !== without[sel][p]) diffs.push(`${sel} ${p}: ${without[sel][p]} → ${withCss[sel][p]}`);
      }
    }
    assert.deepEqual(diffs, []);
  });
});

test("a 320 px container folds the author card into a header; a wide one keeps the column", async () => {
  await withPage("/_e2e/look-host.html", async (page) => {
    const layout = (root) => page.evaluate((root) => {
      const post = document.querySelector(`${root} .tw-post`).getBoundingClientRect();
      const author = document.querySelector(`${root} .tw-author`).getBoundingClientRect();
      const main = document.querySelector(`${root} .tw-post-main`).getBoundingClientRect();
      const avatar = document.querySelector(`${root} .tw-avatar`).getBoundingClientRect();
      return { post: post.width, author: [author.left, author.top, author.right, author.bottom, author.width], main: [main.left, main.top], avatar: avatar.width, scroll: document.querySelector(root).scrollWidth - document.querySelector(root).clientWidth };
    }, root);
    const wide = await layout("#seed");
    assert.ok(wide.author[2] <= wide.main[0] + 0.5, "wide: the card is a column left of the post");
    assert.ok(Math.abs(wide.author[1] - wide.main[1]) < 1, "wide: side by side");
    assert.equal(wide.avatar, 64);
    const narrow = await layout("#narrow");
    assert.ok(narrow.author[3] <= narrow.main[1] + 0.5, "narrow: the card is above the post");
    assert.ok(narrow.author[4] >= narrow.post - 2, "narrow: the card spans the post");
    assert.equal(narrow.avatar, 40);
    assert.equal(narrow.scroll, 0, "nothing overflows the sidebar");
  });
  // The same at a 375 px phone width (the viewport, so the container, is narrow).
  await withPage("/index.html", async (page) => {
    const r = await page.evaluate(() => {
      const a = document.querySelector(".tw-author").getBoundingClientRect();
      const m = document.querySelector(".tw-post-main").getBoundingClientRect();
      return { folded: a.bottom <= m.top + 0.5, overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };
    });
    assert.deepEqual(r, { folded: true, overflow: 0 });
  }, { width: 375 });
});

test("long words wrap, code scrolls sideways, images fit", async () => {
  await withPage("/look.html", async (page) => {
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      const r = await page.evaluate(() => {
        const post = document.querySelector("#look-light #post-101");
        const body = post.querySelector(".tw-body").getBoundingClientRect();
        const pre = post.querySelector("pre.tw-code");
        const paras = [...post.querySelectorAll(".tw-body p")].map((p) => p.getBoundingClientRect().right);
        return { paraInside: paras.every((r) => r <= body.right + 0.5), preScrolls: pre.scrollWidth > pre.clientWidth, preInside: pre.getBoundingClientRect().right <= body.right + 0.5, pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };
      });
      assert.deepEqual(r, { paraInside: true, preScrolls: true, preInside: true, pageOverflow: 0 }, `${width}px`);
    }
  });
  await withPage("/embed.html", async (page) => {
    const fits = await page.evaluate(() => [...document.querySelectorAll(".tw-body img.tw-img")].every((img) => img.getBoundingClientRect().right <= img.closest(".tw-body").getBoundingClientRect().right + 0.5));
    assert.ok(fits);
  }, { width: 375 });
});

// ---------------------------------------------------------------- screenshots

test("screenshots of the demo for the README (docs/screenshots/)", async () => {
  mkdirSync(SHOTS, { recursive: true });
  const shoot = async (path, name, selector, opts) => {
    await withPage(path, async (page) => {
      const el = page.locator(selector).first();
      await el.evaluate((e) => e.scrollIntoView({ block: "start" }));
      await imagesLoaded(page);
      const box = await el.boundingBox();
      const clip = { x: Math.max(0, box.x - 16), y: Math.max(0, box.y - 16), width: Math.min(box.width + 32, opts.width), height: Math.min(box.height + 32, opts.height) };
      await page.screenshot({ path: join(SHOTS, name), clip });
    }, opts);
    assert.ok(existsSync(join(SHOTS, name)));
  };
  await shoot("/index.html", "light.png", ".comments .tw-thread", { width: 1000, height: 1100, colorScheme: "light" });
  await shoot("/look.html", "dark.png", "#look-dark .tw-thread", { width: 1000, height: 1100, colorScheme: "dark" });
  await shoot("/index.html", "narrow.png", ".comments .tw-thread", { width: 375, height: 1200, colorScheme: "light" });
  await shoot("/look.html", "arabic.png", "#look-arabic .tw-thread", { width: 1000, height: 1100, colorScheme: "light" });
  await shoot("/look.html", "sidebar.png", ".with-sidebar", { width: 1280, height: 1000, colorScheme: "dark" });
  await shoot("/conversation.html", "nested.png", ".comments .tw-thread", { width: 1000, height: 1100, colorScheme: "light" });
  await shoot("/conversation.html", "nested-narrow.png", ".comments .tw-thread", { width: 375, height: 1200, colorScheme: "dark" });
  await shoot("/_e2e/nested-ar.html", "nested-arabic.png", "#tree .tw-thread", { width: 1000, height: 1100, colorScheme: "light" });
});

// ---------------------------------------------------------------- light DOM vs shadow DOM (MEASURE=1)

test("measure: light DOM (with and without the reset) vs an open shadow root", { skip: !process.env.MEASURE }, async () => {
  const { generate, toJson } = await import(join(repo, "www", "bench", "generate-thread.mjs"));
  const json = toJson(generate(1000, 1));
  const css = readFileSync(join(repo, "css", "thread-widget.css"), "utf8");
  const noReset = css.replace(/\.tw-root :is\(\.tw-thread[^{]*\{\s*all: revert;\s*\}/, "");
  assert.notEqual(noReset, css, "the reset rule was found");
  const rows = [];
  const behaviour = [];
  for (const mode of ["light", "light-no-reset", "shadow"]) {
    const samples = [];
    for (let run = 0; run < 5; run++) {
      await withPage("/_e2e/measure.html", async (page) => {
        const cdp = await page.context().newCDPSession(page);
        await cdp.send("Performance.enable");
        const metric = async () => Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
        await page.waitForFunction(() => window.measure, null, WAIT);
        const m0 = await metric();
        const r = await page.evaluate(([mode, json, css]) => window.measure(mode, json, css), [mode, json, mode === "light-no-reset" ? noReset : css]);
        const m1 = await metric();
        samples.push({ ...r, recalc: (m1.RecalcStyleDuration - m0.RecalcStyleDuration) * 1000, layout: (m1.LayoutDuration - m0.LayoutDuration) * 1000 });
      });
    }
    const med = (k) => samples.map((s) => s[k]).sort((a, b) => a - b)[2];
    const b = samples[0];
    behaviour.push(`| ${mode} | ${b.readyEventsAtDocument} | ${b.getElementById} | ${b.hashScrolls} | ${b.windowFind} |`);
    rows.push(`| ${mode} | ${med("render").toFixed(0)} | ${med("firstStyle").toFixed(0)} | ${med("recalc").toFixed(0)} | ${med("layout").toFixed(0)} | ${med("restyle").toFixed(1)} | ${samples[0].elements} |`);
  }
  console.log(["| mode | render() ms | first style+layout ms | RecalcStyle ms (CDP) | Layout ms (CDP) | theme switch restyle ms | elements |", "|---|---|---|---|---|---|---|", ...rows].join("\n"));
  console.log(["| mode | thread-widget:ready seen by document | getElementById(\"post-700\") | #post-700 in the URL scrolls | window.find() |", "|---|---|---|---|---|", ...behaviour].join("\n"));
});
