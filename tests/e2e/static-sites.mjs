// The static-site examples, built as their READMEs say, then read as HTML and
// opened in Chromium: examples/eleventy and examples/astro (npm: the tarball
// of `make package` and the generator; renderToString in a shortcode / a
// component) and examples/hugo and examples/jekyll (Debian's hugo and jekyll;
// their prerender.sh unpacks the tarball and runs `thread-widget render`).
// Each page must hold its thread prerendered INSIDE the widget's container
// (readers without JavaScript see it), exactly as renderToString / the CLI
// write it, with markup and template syntax in posts left as text; with
// JavaScript, the script tag mounts the widget in that container.
//
//   node --test tests/e2e/static-sites.mjs
//
// Needs pkg/ built and packed (make package), hugo and jekyll
// (scripts/ensure-tools.sh --browser installs them) and cargo (the CLI). The builds take a few seconds
// once npm's cache holds Eleventy and Astro (Astro's first install, about
// 160 MB, takes 20 to 30 s).

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { before, test as nodeTest } from "node:test";
import { join } from "node:path";
import { promisify } from "node:util";
import { CHROMIUM, suite } from "./browsers.mjs";
import { repo, serve } from "./harness.mjs";

const run = promisify(execFile);
const { test } = suite([]);
const { version } = JSON.parse(readFileSync(join(repo, "pkg", "package.json"), "utf8"));
const tarball = join(repo, "dist", `thread-widget-${version}.tgz`);
const eleventy = join(repo, "examples", "eleventy");
const astro = join(repo, "examples", "astro");
const hugo = join(repo, "examples", "hugo");
const jekyll = join(repo, "examples", "jekyll");
const env = { ...process.env, npm_config_fund: "false", npm_config_audit: "false", npm_config_update_notifier: "false", ASTRO_TELEMETRY_DISABLED: "1" };
const opts = (cwd) => ({ cwd, env, timeout: 300_000, maxBuffer: 64 << 20 });
const read = (...p) => readFileSync(join(...p), "utf8");

/** The same bytes at two paths (an example's copy of a thread and its original), or a failure that says which to copy. */
function same(copy, original) {
  assert.ok(readFileSync(copy).equals(readFileSync(original)), `${copy} differs from ${original}: copy it again`);
}

// What each site's build took, printed at the end (docs: the time these tests add).
const took = {};
async function timed(name, fn) {
  const t = Date.now();
  await fn();
  took[name] = Date.now() - t;
}

/**
 * `npm install` in an example, as examples/vite: the tarball, with no integrity in the lock (each build
 * differs), unpacked afresh; the lock must come out unchanged.
 */
async function npmInstall(dir) {
  const manifest = JSON.parse(read(dir, "package.json"));
  assert.equal(manifest.dependencies["thread-widget"], `file:../../dist/thread-widget-${version}.tgz`);
  const lock = read(dir, "package-lock.json");
  assert.equal(JSON.parse(lock).packages["node_modules/thread-widget"].integrity, undefined, `${dir}/package-lock.json pins the tarball's integrity`);
  rmSync(join(dir, "node_modules", "thread-widget"), { recursive: true, force: true });
  await run("npm", ["install", "--no-audit", "--no-fund"], opts(dir));
  assert.equal(read(dir, "package-lock.json"), lock, `npm install changed ${dir}/package-lock.json`);
}

let cli; // the native thread-widget (cargo)
let expected; // { seed, escaping }: renderToString of each thread, by the installed package in Node

before(async () => {
  assert.ok(existsSync(tarball), `no ${tarball}: run make package`);
  // The examples' copies of the threads are the repository's.
  for (const dir of [join(eleventy, "threads"), join(astro, "public", "threads"), join(hugo, "static", "threads"), join(jekyll, "threads")]) {
    same(join(dir, "seed.json"), join(repo, "www", "threads", "seed.json"));
    for (const a of ["grumpy-john", "harrybarracuda", "misskit", "panama-hat"]) same(join(dir, "avatars", `${a}.svg`), join(repo, "www", "threads", "avatars", `${a}.svg`));
  }
  for (const dir of [join(astro, "public", "threads"), join(hugo, "static", "threads"), join(jekyll, "threads")]) same(join(dir, "escaping.json"), join(eleventy, "threads", "escaping.json"));

  await timed("eleventy", async () => {
    await npmInstall(eleventy);
    rmSync(join(eleventy, "_site"), { recursive: true, force: true });
    await run("npx", ["eleventy", "--quiet"], opts(eleventy));
  });

  await timed("astro", async () => {
    await npmInstall(astro);
    rmSync(join(astro, "dist"), { recursive: true, force: true });
    await run("npx", ["astro", "build", "--silent"], opts(astro));
  });

  await run("cargo", ["build", "--quiet", "--bin", "thread-widget"], opts(repo));
  cli = join(process.env.CARGO_TARGET_DIR || join(repo, "target"), "debug", "thread-widget");
  const prerender = (dir) => run(join(dir, "prerender.sh"), [], { ...opts(dir), env: { ...env, THREAD_WIDGET: cli, TARBALL: tarball } });

  await timed("hugo", async () => {
    rmSync(join(hugo, "public"), { recursive: true, force: true });
    await prerender(hugo);
    await run("hugo", ["--quiet"], opts(hugo));
  });

  await timed("jekyll", async () => {
    rmSync(join(jekyll, "_site"), { recursive: true, force: true });
    await prerender(jekyll);
    await run("jekyll", ["build", "--quiet"], opts(jekyll));
  });

  // The markup each container must hold: renderToString by the package the site installed.
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", `
import init, { renderToString } from "thread-widget";
import { readFileSync } from "node:fs";
await init({ markdown: true });
const t = (f) => renderToString(JSON.parse(readFileSync(f, "utf8")));
console.log(JSON.stringify({ seed: t("threads/seed.json"), escaping: t("threads/escaping.json") }));
`], opts(eleventy));
  expected = JSON.parse(stdout);
  console.log(`static-sites: installed and built eleventy in ${took.eleventy} ms, astro in ${took.astro} ms, hugo in ${took.hugo} ms, jekyll in ${took.jekyll} ms`);
});

const posts = (html) => (html.match(/<article\b[^>]*\bclass="tw-post\b/g) || []).length;

/** The page holds the loader's script tag and the stylesheet link the loader recognizes (so it adds no second one). */
function tags(html) {
  assert.match(html, /<link rel="stylesheet" href="\/thread-widget\/thread-widget\.css" data-thread-widget>/); // (Astro drops the " /")
  assert.match(html, /<script src="\/thread-widget\/thread-widget\.js" async><\/script>/);
}

/** A page of tests/…/escaping.json: every piece of markup and template syntax in it shows as text, none runs or is evaluated. */
function escaped(html) {
  assert.equal(posts(html), 2);
  assert.equal((html.match(/<script\b/g) || []).length, 1, "one <script> (the loader's)");
  assert.doesNotMatch(html, /<img src=x|<b>not bold|onerror=alert\(1\)>/);
  for (const s of [
    "&lt;script&gt;alert(\"title\")&lt;/script&gt; &amp; {{ title }}",
    "Eve \"&gt;&lt;img src=x onerror=alert(1)&gt;",
    "{% raw %}Mallory{% endraw %}",
    "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
    "{{ 7 * 7 }} and {% include \"secrets\" %} &amp; &amp;amp; done",
    "Plain &amp; simple &lt;b&gt;not bold&lt;/b&gt;",
  ]) assert.ok(html.includes(s), `the page lacks ${s}`);
}

for (const [name, out, how] of [["eleventy", join(eleventy, "_site"), "a shortcode"], ["astro", join(astro, "dist"), "a component"]]) {
  nodeTest(`${name}: the seed prerendered by renderToString (${how}) inside its container, with the script tag and the package's files`, () => {
    const html = read(out, "index.html");
    assert.ok(html.includes(`<div class="thread-widget tw-root" data-tw-theme="auto" data-src="/threads/seed.json">${expected.seed}</div>`), "the container does not hold renderToString's markup");
    assert.equal(posts(html), 5);
    assert.match(html, /Results 1 to 5 of 5/);
    assert.match(html, /Originally posted by <cite>Grumpy John<\/cite>/);
    tags(html);
    for (const f of ["thread-widget/thread-widget.js", "thread-widget/thread_widget.js", "thread-widget/thread_widget_show.js", "thread-widget/thread_widget_bg.wasm", "thread-widget/thread-widget.css", "thread-widget/i18n/de.json", "threads/seed.json", "threads/avatars/misskit.svg"]) {
      assert.ok(existsSync(join(out, f)), `${out}/${f}`);
    }
  });

  nodeTest(`${name}: markup and template syntax in a thread stay text`, () => {
    const html = read(out, "escaping", "index.html");
    assert.ok(html.includes(`<div class="thread-widget tw-root" data-tw-theme="auto" data-src="/threads/escaping.json">${expected.escaping}</div>`));
    escaped(html);
  });
}

for (const [name, out, how] of [["hugo", join(hugo, "public"), "the shortcode"], ["jekyll", join(jekyll, "_site"), "the include"]]) {
  nodeTest(`${name}: ${how} puts the CLI's markup inside the container, with the script tag and the package's files`, async () => {
    const html = read(out, "index.html");
    const { stdout } = await run(cli, ["render", join(repo, "www", "threads", "seed.json")]);
    assert.ok(html.includes(`<div class="thread-widget tw-root" data-tw-theme="auto" data-src="/threads/seed.json">${stdout}</div>`), "the container does not hold the CLI's markup");
    // The CLI and renderToString write the same markup.
    assert.equal(stdout.trim(), expected.seed);
    assert.equal(posts(html), 5);
    tags(html);
    for (const f of ["thread-widget/thread-widget.js", "thread-widget/thread_widget_bg.wasm", "thread-widget/thread-widget.css", "thread-widget/i18n/de.json", "threads/seed.json"]) {
      assert.ok(existsSync(join(out, f)), `${out}/${f}`);
    }
  });

  nodeTest(`${name}: markup and template syntax in a thread stay text`, () => {
    const html = read(out, "escaping", "index.html");
    assert.ok(html.includes(`<div class="thread-widget tw-root" data-tw-theme="auto" data-src="/threads/escaping.json">${expected.escaping}\n</div>`));
    escaped(html);
  });
}

for (const [name, dir] of [["eleventy", join(eleventy, "_site")], ["astro", join(astro, "dist")], ["hugo", join(hugo, "public")], ["jekyll", join(jekyll, "_site")]]) {
  test(`${name}: in a browser, the script tag mounts the widget in the prerendered container`, { engines: CHROMIUM }, async (page) => {
    const app = await serve(["--probe", "--root", dir]);
    try {
      await page.goto("/", { base: app.url });
      await page.events("ready", 1);
      assert.equal(await page.count(".thread-widget article.tw-post"), 5);
      assert.equal(await page.count(".thread-widget .tw-thread"), 1, "one thread in the container, not the prerendered one and a second");
      assert.match(await page.text(".thread-widget .tw-results"), /Results 1 to 5 of 5/);
      // Adopted, not rebuilt: the prerendered section, with the hash the build wrote, is the one shown
      // (a section the widget builds itself carries no data-tw-hash).
      const written = /data-tw-hash="(v1-[0-9a-f]{16})"/.exec(read(dir, "index.html"))?.[1];
      assert.ok(written, "the build wrote data-tw-hash");
      assert.equal(await page.attr(".thread-widget .tw-thread", "data-tw-hash"), written);
      await page.goto("/escaping/", { base: app.url });
      await page.events("ready", 1);
      assert.equal(await page.text(".thread-widget .tw-title"), "<script>alert(\"title\")</script> & {{ title }}");
      assert.equal(await page.text("#post-1 .tw-author-name"), "Eve \"><img src=x onerror=alert(1)>");
      assert.equal(await page.count(".thread-widget img, .thread-widget script, .thread-widget b"), 0);
      assert.deepEqual((await page.console()).filter((m) => m.type === "error"), []);
      assert.deepEqual(await page.errors(), []);
    } finally {
      await app.stop();
    }
  });
}

// Readers without JavaScript: the same pages in a Chromium context with scripts off show
// the whole thread, styled by the stylesheet link (no widget, no loader ran): the
// stylesheet applies under `.tw-root`, which the container carries from the build.
test("without JavaScript, every site shows the prerendered thread, styled", { engines: CHROMIUM }, async (page) => {
  const context = await page.raw.context().browser().newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 1000 } });
  try {
    for (const [name, dir] of [["eleventy", join(eleventy, "_site")], ["astro", join(astro, "dist")], ["hugo", join(hugo, "public")], ["jekyll", join(jekyll, "_site")]]) {
      const app = await serve(["--root", dir]);
      try {
        const tab = await context.newPage();
        await tab.goto(`${app.url}/`, { waitUntil: "load" });
        const seen = await tab.evaluate(() => ({
          posts: [...document.querySelectorAll(".thread-widget article.tw-post")].filter((a) => a.getBoundingClientRect().height > 0).length,
          results: document.querySelector(".thread-widget .tw-results")?.textContent,
          // thread-widget.css loaded and applied: its rules are in the page, and the author card is laid out by them.
          css: [...document.styleSheets].some((s) => s.href?.endsWith("/thread-widget/thread-widget.css") && s.cssRules.length > 50),
          styled: getComputedStyle(document.querySelector(".tw-post")).display === "grid",
        }));
        assert.deepEqual(seen, { posts: 5, results: "Results 1 to 5 of 5", css: true, styled: true }, name);
        if (name === "eleventy") await tab.screenshot({ path: join(repo, "test-results", "static-site-no-js.png") });
        await tab.close();
      } finally {
        await app.stop();
      }
    }
  } finally {
    await context.close();
  }
});

