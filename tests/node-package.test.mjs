// The npm package in Node, as a user gets it: the tarball (`make package`,
// npm pack of pkg/) installed into a fresh project, then
// `import init, { renderToString } from "thread-widget"; await init();` with
// no arguments renders the seed, in English and in German, and
// `await init({ markdown: true })` renders Markdown. Node has no fetch for
// file: URLs and no XMLHttpRequest: the entry reads its .wasm and catalog
// files with node:fs (js/index.js, wasmAt and loadCatalogNow).
//
// Needs pkg/ built (scripts/build.sh). TW_TARBALL names the tarball to install
// (`make test-package` passes dist/thread-widget-VERSION.tgz); without it the
// test packs pkg/ itself, into its temporary folder.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freshProject, repo, run } from "./support/package-project.mjs";

const seed = join(repo, "www", "threads", "seed.json");

let project; // the fresh project the tarball is installed into

test.before(async () => {
  ({ project } = await freshProject("tw-node-package-"));
});

test.after(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Runs `code` as an ES module in the fresh project (where "thread-widget" resolves to the installed tarball); its stdout parsed as JSON. */
async function node(name, code) {
  const file = join(project, name);
  // Nothing may go through fetch: Node's cannot read file: URLs (the bug this tests).
  writeFileSync(file, `globalThis.fetch = () => { throw new Error("fetch called"); };\n${code}`);
  const { stdout, stderr } = await run(process.execPath, [file], { cwd: project, timeout: 60_000, maxBuffer: 64 << 20 });
  assert.equal(stderr, "", `${name} wrote to stderr (a warning, such as a catalog not found)`);
  return JSON.parse(stdout);
}

/** Asserts that `html` (as text, tags dropped) matches `re`, without printing the whole page when it does not. */
function has(html, re, yes = true) {
  const text = html.replace(/<[^>]*>/g, "");
  assert.equal(re.test(text), yes, `${yes ? "no" : "a"} match for ${re} in: ${text.slice(0, 400)}…`);
}

const posts = (html) => (html.match(/<article\b[^>]*\bclass="tw-post\b/g) || []).length;

test("the tarball: installed as a file: dependency, with its README, licenses, builds and catalogs", () => {
  const dep = JSON.parse(readFileSync(join(project, "package.json"), "utf8")).dependencies["thread-widget"];
  assert.match(dep, /^file:.*thread-widget-[\d.]+\.tgz$/);
  const dir = join(project, "node_modules", "thread-widget");
  for (const f of ["README.md", "LICENSE-MIT", "LICENSE-APACHE", "package.json", "thread_widget.js", "thread_widget.d.ts", "thread_widget_show.js", "thread_widget_live_entry.js", "thread_widget_core.js", "thread_widget_bg.wasm",
    "thread_widget_plain.js", "thread_widget_plain_bg.wasm", "thread_widget_md.js", "thread_widget_md_bg.wasm", "thread_widget_markdown.js", "thread_widget_markdown_bg.wasm", "thread_widget_html.js", "thread_widget_html_bg.wasm", "thread_widget_live.js", "thread_widget_live_bg.wasm", "thread_widget_mastodon.js", "thread_widget_mastodon_bg.wasm", "thread-widget.js", "thread-widget.css", "i18n/de.json"]) {
    assert.ok(existsSync(join(dir, f)), `the package lacks ${f}`);
  }
  assert.match(readFileSync(join(dir, "README.md"), "utf8"), /Server-side rendering \(Node\)/);
});

test("await init() with no arguments; renderToString of the seed in English, then in German (the catalog read synchronously)", async () => {
  const r = await node("plain.mjs", `
import init, { renderToString } from "thread-widget";
import { readFileSync } from "node:fs";
await init();
const thread = JSON.parse(readFileSync(${JSON.stringify(seed)}, "utf8"));
console.log(JSON.stringify({ en: renderToString(thread), de: renderToString(thread, { lang: "de" }) }));
`);
  assert.equal(posts(r.en), 5);
  has(r.en, /Results 1 to 5 of 5/);
  has(r.en, /Originally posted by Grumpy John/);
  assert.equal(posts(r.de), 5);
  has(r.de, /Ergebnis 1 bis 5 von 5/);
  has(r.de, /Zitat von Grumpy John/);
  has(r.de, /Registriert seit/);
  has(r.de, /Results|Originally posted/, false);
});

test("await init({ lang: \"de\" }) loads the catalog ahead", async () => {
  const r = await node("lang.mjs", `
import init, { renderToString } from "thread-widget";
import { readFileSync } from "node:fs";
await init({ lang: "de" });
const thread = JSON.parse(readFileSync(${JSON.stringify(seed)}, "utf8"));
console.log(JSON.stringify({ de: renderToString(thread, { lang: "de" }) }));
`);
  assert.equal(posts(r.de), 5);
  has(r.de, /Ergebnis 1 bis 5 von 5/);
});

const markdown = {
  version: 1,
  title: "Markdown in Node",
  format: "markdown",
  posts: [
    { id: 1, number: 1, author: { name: "ada" }, body: "Some **bold** words and a [link](https://example.org/).\n\n- one\n- two" },
    { id: 2, number: 2, author: { name: "bob" }, body: "`code` and *emphasis*" },
  ],
};

test("await init({ markdown: true }) renders Markdown; the core alone refuses it", async () => {
  const r = await node("markdown.mjs", `
const { default: init, renderToString } = await import("thread-widget");
const thread = ${JSON.stringify(markdown)};
await init();
let core;
try { renderToString(thread); core = "rendered"; } catch (e) { core = String(e.message); }
await init({ markdown: true });
console.log(JSON.stringify({ core, md: renderToString(thread), de: renderToString(thread, { lang: "de" }) }));
`);
  assert.match(r.core, /markdown/i);
  assert.equal(posts(r.md), 2);
  assert.match(r.md, /<strong>bold<\/strong>/);
  assert.match(r.md, /<a [^>]*href="https:\/\/example\.org\/"/);
  assert.match(r.md, /<li>(<p>)?one(<\/p>)?<\/li>/);
  assert.match(r.md, /<code>code<\/code>/);
  assert.match(r.md, /<em>emphasis<\/em>/);
  has(r.de, /Ergebnis 1 bis 2 von 2/);
});

test("renderToString of bodies naming references beyond the common ones: entities.txt read from the package, the markup complete", async () => {
  const r = await node("references.mjs", `
import init, { renderToString } from "thread-widget";
await init({ markdown: true });
const thread = { version: 1, posts: [
  { id: 1, author: { name: "ada" }, format: "markdown", body: "&HilbertSpace; &frac34; \\\\&phone;" },
  { id: 2, author: { name: "bob" }, format: "html", body: "<p>&spadesuit; &amp;</p>" },
] };
console.log(JSON.stringify({ html: renderToString(thread) }));
`);
  has(r.html, /ℋ ¾ &amp;phone;/);
  has(r.html, /♠ &amp;/);
  has(r.html, /HilbertSpace|spadesuit/, false);
});

test("await init({ markdown: true }) first, with no core, and a catalog", async () => {
  const r = await node("markdown-only.mjs", `
import init, { renderToString } from "thread-widget";
await init({ markdown: true, lang: "de" });
console.log(JSON.stringify({ de: renderToString(${JSON.stringify(markdown)}, { lang: "de" }) }));
`);
  assert.equal(posts(r.de), 2);
  assert.match(r.de, /<strong>bold<\/strong>/);
  has(r.de, /Ergebnis 1 bis 2 von 2/);
});
