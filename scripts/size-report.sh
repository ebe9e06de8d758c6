#!/usr/bin/env bash
# Prints what a page downloads from pkg/ (bytes, gzip -9, brotli -q 11) and the
# totals beside their budgets (gzip, everything the page fetches from pkg/):
#   the loader ≤ 2 KB (issue 6), a Mastodon thread's page (the Mastodon
#   build) ≤ 140 KB (issue 14) and a Markdown page ≤ 175 KB (issue 16): met,
#   and held by `make test` (SIZE_STRICT=1); a text or BBCode page ≤ 85 KB:
#   issue 16's other goal, reported and not yet met. Until it is, each page without a met
#   budget has a ceiling, its size when it was last measured on purpose
#   (docs/benchmarks.md, "Issue 16") with half a KB or so of headroom, held
#   like a budget: a change that adds more bytes to a page fails `make test`
#   until it raises that page's ceiling here, in the same commit, and says
#   why in docs/benchmarks.md. A change that saves bytes lowers it.
# A page in a language other than English also downloads that language's
# catalog (pkg/i18n/{lang}.json): the largest is reported. The five-reader
# live build's page is reported beside the Mastodon one.
#
#   scripts/size-report.sh [PKG_DIR]       (default pkg/; build it with scripts/build.sh)
#   SIZE_STRICT=1 scripts/size-report.sh   exits 1 when a page is over its met budget or its ceiling
set -euo pipefail
cd "$(dirname "$0")/.."
exec node - "${1:-pkg}" <<'JS'
const { readFileSync, existsSync } = require("node:fs");
const { join } = require("node:path");
const z = require("node:zlib");
const dir = process.argv[2];
const size = (f) => {
  const b = readFileSync(join(dir, f));
  return { raw: b.length, gz: z.gzipSync(b, { level: 9 }).length,
    br: z.brotliCompressSync(b, { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11, [z.constants.BROTLI_PARAM_SIZE_HINT]: b.length } }).length };
};
const files = {
  loader: "thread-widget.js", show: "thread_widget_show.js", entry: "thread_widget.js", liveEntry: "thread_widget_live_entry.js", glue: "thread_widget_core.js", wasm: "thread_widget_bg.wasm",
  plainGlue: "thread_widget_plain.js", plainWasm: "thread_widget_plain_bg.wasm",
  css: "thread-widget.css", mdGlue: "thread_widget_md.js", mdWasm: "thread_widget_md_bg.wasm",
  markdownGlue: "thread_widget_markdown.js", markdownWasm: "thread_widget_markdown_bg.wasm",
  htmlGlue: "thread_widget_html.js", htmlWasm: "thread_widget_html_bg.wasm",
  liveGlue: "thread_widget_live.js", liveWasm: "thread_widget_live_bg.wasm",
  mastodonGlue: "thread_widget_mastodon.js", mastodonWasm: "thread_widget_mastodon_bg.wasm",
};
const { readdirSync } = require("node:fs");
const langs = existsSync(join(dir, "i18n")) ? readdirSync(join(dir, "i18n")).filter((f) => f.endsWith(".json")).sort() : [];
for (const f of Object.values(files)) if (!existsSync(join(dir, f))) { console.error(`size-report: ${join(dir, f)} is missing: run scripts/build.sh`); process.exit(2); }
const s = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, size(f)]));
const kb = (n) => (n / 1000).toFixed(1);
const row = (name, x) => console.log(`| ${name} | ${x.raw.toLocaleString("en")} | ${x.gz.toLocaleString("en")} | ${x.br.toLocaleString("en")} |`);
const sum = (...xs) => xs.reduce((a, x) => ({ raw: a.raw + x.raw, gz: a.gz + x.gz, br: a.br + x.br }), { raw: 0, gz: 0, br: 0 });
console.log("| file | bytes | gzip -9 | brotli -q 11 |\n|---|---:|---:|---:|");
for (const [k, f] of Object.entries(files)) row("`" + f + "`", s[k]);
const cats = langs.map((f) => [f, size(join("i18n", f))]);
const biggest = cats.reduce((a, c) => (!a || c[1].gz > a[1].gz ? c : a), null);
if (biggest) {
  const all = sum(...cats.map((c) => c[1]));
  row("`i18n/*.json` (" + cats.length + " catalogs, " + cats.map((c) => c[0].replace(".json", "")).join(" ") + "), each on average", { raw: Math.round(all.raw / cats.length), gz: Math.round(all.gz / cats.length), br: Math.round(all.br / cats.length) });
  row("`i18n/" + biggest[0] + "` (the largest)", biggest[1]);
}
// A script tag's text/BBCode thread loads the plain build (js/show.js, show)
// and no entry; one that refreshes, is nested, links page files or is over
// 256 KB the core, as npm's mount() and init() do. The entry imports the
// show module: every page but the plain one loads both.
const text = sum(s.loader, s.show, s.plainGlue, s.plainWasm, s.css);
const entry = sum(s.show, s.entry);
const textCore = sum(s.loader, entry, s.glue, s.wasm, s.css);
const npm = sum(entry, s.glue, s.wasm, s.css);
// A page with Markdown or HTML bodies loads one second build only (the entry
// chooses before any wasm: js/index.js, look), never the core as well: the
// Markdown build, the HTML build, or the one with both readers.
const markdown = sum(s.loader, entry, s.markdownGlue, s.markdownWasm, s.css);
const html = sum(s.loader, entry, s.htmlGlue, s.htmlWasm, s.css);
const md = sum(s.loader, entry, s.mdGlue, s.mdWasm, s.css);
// Ceilings (gzip B) for the pages whose goal is not met yet: today's size and
// a little headroom, lowered as bytes are saved (see the top of this file).
const CEILING = { textCore: 112900, npm: 111700, textLang: 86300, html: 129500, both: 172800, live: 140800 };
console.log("\n| page | bytes | gzip -9 | brotli -q 11 | budget or goal (gzip) | | held ceiling (gzip) |\n|---|---:|---:|---:|---:|---|---:|");
const goal = (x, limit) => `${x.gz <= limit ? "met" : "**not met**"} (${kb(x.gz)} KB of ${kb(limit)} KB)`;
const held = [];
const line = (name, x, limit, note, ceiling) => {
  const short = name.split(" (")[0];
  // A page with a ceiling has a goal it does not meet yet (or none): its ceiling is held;
  // any other page's budget is held (met when set, and kept met).
  if (ceiling) held.push([short, x, ceiling, "ceiling"]);
  else if (limit) held.push([short, x, limit, "budget"]);
  console.log(`| ${name} | ${x.raw.toLocaleString("en")} | ${x.gz.toLocaleString("en")} | ${x.br.toLocaleString("en")} | ${limit ? "≤ " + kb(limit) + " KB" : "–"} | ${limit ? goal(x, limit) : note} | ${ceiling ? ceiling.toLocaleString("en") : "–"} |`);
};
line("loader alone", s.loader, 2000);
// Issue 16's goals: a text/BBCode page ≤ 85 KB (not met yet: its ceilings are held), a Markdown page ≤ 175 KB (met: held).
line("text/BBCode page, script tag (loader + show module + plain glue + plain wasm + CSS)", text, 85000);
line("text/BBCode page, script tag, with data-refresh, the nested layout, page files or over 256 KB (loader + show module + entry + core glue + core wasm + CSS)", textCore, 85000, "", CEILING.textCore);
line("text/BBCode page, npm module (show module + entry + core glue + core wasm + CSS)", npm, 85000, "", CEILING.npm);
if (biggest) line("text/BBCode page, script tag, not in English (the above + the largest catalog)", sum(text, biggest[1]), 85000, "", CEILING.textLang);
line("Markdown page, script tag (loader + show module + entry + Markdown glue + Markdown wasm + CSS)", markdown, 175000);
line("HTML page (imported threads), script tag (loader + show module + entry + HTML glue + HTML wasm + CSS)", html, 0, "no goal of its own", CEILING.html);
line("a page with Markdown and HTML bodies, script tag (loader + show module + entry + second glue + second wasm + CSS)", md, 0, "no goal of its own", CEILING.both);
// A live thread's page loads a live build first and never the core (issue 14:
// a Mastodon page ≤ 140 KB gzip in all); a Mastodon page the Mastodon build.
const mastodon = sum(s.loader, entry, s.liveEntry, s.mastodonGlue, s.mastodonWasm, s.css);
line("Mastodon thread page, script tag (loader + show module + entry + live entry + Mastodon glue + Mastodon wasm + CSS)", mastodon, 140000);
const live = sum(s.loader, entry, s.liveEntry, s.liveGlue, s.liveWasm, s.css);
line("live thread page (Bluesky, GitHub, Hacker News, Discourse, or several platforms), script tag (loader + show module + entry + live entry + live glue + live wasm + CSS)", live, 0, "the Mastodon build is the one with a budget", CEILING.live);
// Held: the met budgets and the ceilings (`make test` runs this with SIZE_STRICT=1).
if (process.env.SIZE_STRICT === "1") {
  const over = held.filter(([, x, limit]) => x.gz > limit);
  for (const [name, x, limit, what] of over) console.error(`size-report: ${name} is ${x.gz.toLocaleString("en")} B gzip, over its ${what} of ${limit.toLocaleString("en")} B${what === "ceiling" ? " (scripts/size-report.sh: raise it only on purpose, saying why in docs/benchmarks.md)" : ""}`);
  if (over.length) process.exit(1);
  console.log(`\nheld: ${held.map(([name, x, limit, what]) => `${name} ${kb(x.gz)} KB, ${what} ${kb(limit)} KB`).join("; ")}`);
}
JS
