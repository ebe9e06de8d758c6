// The package as users' tools see it: the tarball (`make package`) installed
// into a fresh project, then
// - every subpath a page or a tool asks for (the entry, the stylesheet, the
//   classic loader, each language catalog, each build's .wasm) resolves
//   through pkg/package.json's `exports`, by `import` and by `require`;
// - the types: tests/types/consumer.mts (and the side-effect imports beside
//   it) compiled with `tsc --noEmit` under moduleResolution node16 (a Node
//   project with no DOM library) and bundler (a browser app), skipLibCheck
//   off, so that the package's own .d.ts files are checked too.
//
//   TW_TARBALL=dist/thread-widget-0.1.0.tgz node --test tests/package-types.test.mjs
//
// TypeScript is the root package.json's (pinned). Needs pkg/ built.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { freshProject, pkg, repo, run } from "./support/package-project.mjs";

let project;
let installed; // node_modules/thread-widget in the project

test.before(async () => {
  ({ project } = await freshProject("tw-package-types-"));
  installed = realpathSync(join(project, "node_modules", "thread-widget"));
  cpSync(join(repo, "tests", "types"), project, { recursive: true });
});

test.after(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

/** The installed package's files (relative, with `/`), recursively. */
function files(dir = installed) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [relative(installed, join(dir, e.name)).split(sep).join("/")]);
}

test("exports: the entry, the stylesheet, the loader, every catalog and every build's .wasm resolve by import and by require", async () => {
  const all = files();
  const wasm = all.filter((f) => f.endsWith(".wasm"));
  const catalogs = all.filter((f) => /^i18n\/[\w-]+\.json$/.test(f));
  // The seven builds (core, plain, Markdown and HTML, Markdown, HTML, live, Mastodon) and the catalogs beyond English are all there to be asked for.
  assert.deepEqual(wasm.sort(), ["thread_widget_bg.wasm", "thread_widget_html_bg.wasm", "thread_widget_live_bg.wasm", "thread_widget_markdown_bg.wasm", "thread_widget_mastodon_bg.wasm", "thread_widget_md_bg.wasm", "thread_widget_plain_bg.wasm"]);
  const built = readdirSync(join(pkg, "i18n")).filter((f) => f.endsWith(".json")).map((f) => `i18n/${f}`);
  assert.ok(built.includes("i18n/de.json"), `pkg/i18n: ${built}`);
  assert.deepEqual(catalogs.sort(), built.sort());
  const wanted = { "thread-widget": "thread_widget.js", "thread-widget/package.json": "package.json" };
  for (const f of ["thread-widget.css", "thread-widget.js", "entities.txt", ...wasm, ...catalogs]) wanted[`thread-widget/${f}`] = f;
  // Node's own resolution, run inside the project: import.meta.resolve (the "import"
  // conditions) and require.resolve (the "require" ones); a specifier that the
  // exports map does not serve throws ERR_PACKAGE_PATH_NOT_EXPORTED.
  const script = join(project, "resolve.mjs");
  writeFileSync(script, `import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const out = {};
for (const s of ${JSON.stringify(Object.keys(wanted))}) {
  const one = (f) => { try { return f(); } catch (e) { return "ERROR " + e.code; } };
  out[s] = { import: one(() => import.meta.resolve(s)), require: one(() => "file://" + require.resolve(s)) };
}
console.log(JSON.stringify(out));
`);
  const { stdout } = await run(process.execPath, [script], { cwd: project, timeout: 30_000 });
  const got = JSON.parse(stdout);
  for (const [specifier, file] of Object.entries(wanted)) {
    for (const how of ["import", "require"]) {
      const url = got[specifier][how];
      assert.ok(url.startsWith("file:"), `${specifier} by ${how}: ${url}`);
      assert.equal(realpathSync(fileURLToPath(url)), join(installed, file), `${specifier} by ${how}`);
    }
  }
  // And nothing outside it: the builds' glue modules are the entry's business.
  const hidden = await run(process.execPath, ["--input-type=module", "-e", `try { import.meta.resolve("thread-widget/thread_widget_core.js"); console.log("served"); } catch (e) { console.log(e.code); }`], { cwd: project });
  assert.equal(hidden.stdout.trim(), "ERR_PACKAGE_PATH_NOT_EXPORTED");
});

/** Runs tsc -p on `config` (tests/types, copied into the project); returns tsc's output (empty when it passes). */
async function tsc(config) {
  const bin = join(repo, "node_modules", ".bin", "tsc");
  assert.ok(existsSync(bin), "no TypeScript in node_modules: run npm ci (scripts/ensure-tools.sh)");
  try {
    await run(bin, ["-p", config, "--pretty", "false"], { cwd: project, timeout: 120_000 });
    return "";
  } catch (e) {
    return `${e.stdout}${e.stderr}`.trim() || String(e);
  }
}

test("types: tsc --noEmit under moduleResolution node16 (a Node project with no DOM library)", async () => {
  assert.equal(await tsc("tsconfig.node16.json"), "");
});

test("types: tsc --noEmit under moduleResolution bundler (a browser app)", async () => {
  assert.equal(await tsc("tsconfig.bundler.json"), "");
});

test("types: a subpath the exports map does not serve fails the check (the check can fail)", async () => {
  writeFileSync(join(project, "side-effects.mts"), `import "thread-widget/thread-widget.js";\nimport "thread-widget/thread_widget_core.js";\n`);
  try {
    const out = await tsc("tsconfig.node16.json");
    assert.match(out, /side-effects\.mts.*thread-widget\/thread_widget_core\.js/);
  } finally {
    cpSync(join(repo, "tests", "types", "side-effects.mts"), join(project, "side-effects.mts"));
  }
});
