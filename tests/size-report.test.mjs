// scripts/size-report.sh with SIZE_STRICT=1 (what `make test` runs): it passes
// on pkg/ as built, and fails, naming the page, when a page grows past its met
// budget or its ceiling. The growth is real bytes: random (incompressible)
// bytes appended to a copy of the build's .wasm, so that gzip cannot hide them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, appendFileSync, rmSync, existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(repo, "pkg");
const report = (dir) => spawnSync(join(repo, "scripts", "size-report.sh"), [dir], { env: { ...process.env, SIZE_STRICT: "1" }, encoding: "utf8" });

function copy(t) {
  assert.ok(existsSync(join(pkg, "thread_widget_bg.wasm")), "pkg/ is built (scripts/build.sh)");
  const dir = mkdtempSync(join(tmpdir(), "tw-size-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(pkg, dir, { recursive: true });
  return dir;
}

test("pkg/ as built is within every held budget and ceiling", () => {
  const r = report(pkg);
  assert.equal(r.status, 0, r.stderr);
  // The text/BBCode page meets its goal: its budget is held (the others' ceilings until they do).
  assert.match(r.stdout, /held: loader alone [\d.]+ KB, budget 2\.0 KB; text\/BBCode page, script tag [\d.]+ KB, budget 85\.0 KB; .* npm module [\d.]+ KB, ceiling/);
});

test("a plain wasm 2 KB larger fails the text/BBCode page's budget, and only the pages that load the plain build", (t) => {
  const dir = copy(t);
  appendFileSync(join(dir, "thread_widget_plain_bg.wasm"), randomBytes(2000));
  const r = report(dir);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /size-report: text\/BBCode page, script tag is [\d,]+ B gzip, over its budget of 85,000 B/);
  assert.match(r.stderr, /text\/BBCode page, script tag, not in English is/);
  assert.doesNotMatch(r.stderr, /npm module|with data-refresh|Markdown page|Mastodon|live thread page/);
});

test("a show module 2 KB larger fails every page a script tag or npm loads, and not the loader's budget", (t) => {
  const dir = copy(t);
  appendFileSync(join(dir, "thread_widget_show.js"), randomBytes(2000).toString("base64"));
  const r = report(dir);
  assert.equal(r.status, 1);
  for (const page of ["script tag", "script tag, with data-refresh, the nested layout, page files or over 256 KB", "npm module", "script tag, not in English"]) {
    assert.match(r.stderr, new RegExp(`text/BBCode page, ${page.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is [\\d,]+ B gzip, over its`), page);
  }
  assert.match(r.stderr, /HTML page is/);
  assert.doesNotMatch(r.stderr, /loader alone/);
});

test("a core wasm 2 KB larger fails the ceilings of the pages that load the core, and only those", (t) => {
  const dir = copy(t);
  appendFileSync(join(dir, "thread_widget_bg.wasm"), randomBytes(2000));
  const r = report(dir);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /size-report: text\/BBCode page, script tag, with data-refresh, the nested layout, page files or over 256 KB is [\d,]+ B gzip, over its ceiling of [\d,]+ B/);
  assert.match(r.stderr, /text\/BBCode page, npm module is/);
  assert.doesNotMatch(r.stderr, /script tag is|not in English|Markdown page|Mastodon|live thread page/);
});

/** Bytes that take the page whose row starts with `row` 2 KB past `budget` (gzip, as pkg/ is built). */
function past(row, budget) {
  const line = report(pkg).stdout.split("\n").find((l) => l.startsWith(row));
  const gz = +line.split("|")[3].replace(/,/g, "");
  assert.ok(gz > 50000 && gz < budget, line);
  return budget - gz + 2000;
}

test("a Markdown wasm grown 2 KB past the Markdown page's budget of 175 KB fails it", (t) => {
  const dir = copy(t);
  appendFileSync(join(dir, "thread_widget_markdown_bg.wasm"), randomBytes(past("| Markdown page", 175000)));
  const r = report(dir);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /size-report: Markdown page, script tag is [\d,]+ B gzip, over its budget of 175,000 B/);
  assert.doesNotMatch(r.stderr, /text\/BBCode/);
});

test("an HTML wasm 2 KB larger fails the HTML page's ceiling", (t) => {
  const dir = copy(t);
  appendFileSync(join(dir, "thread_widget_html_bg.wasm"), randomBytes(2000));
  const r = report(dir);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /size-report: HTML page is [\d,]+ B gzip, over its ceiling of [\d,]+ B/);
  assert.doesNotMatch(r.stderr, /text\/BBCode|Markdown page/);
});

test("a Mastodon wasm grown 2 KB past the Mastodon page's budget of 140 KB fails it", (t) => {
  const dir = copy(t);
  appendFileSync(join(dir, "thread_widget_mastodon_bg.wasm"), randomBytes(past("| Mastodon thread page", 140000)));
  const r = report(dir);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /size-report: Mastodon thread page, script tag is [\d,]+ B gzip, over its budget of 140,000 B/);
});

test("a missing build is an error, not a pass", (t) => {
  const dir = copy(t);
  rmSync(join(dir, "thread_widget_html_bg.wasm"));
  const r = report(dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /thread_widget_html_bg\.wasm is missing/);
});
