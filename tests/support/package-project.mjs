// A fresh npm project with the package installed from its tarball, as a user
// gets it: `npm install /path/to/thread-widget-VERSION.tgz` (offline: the
// package has no dependencies). Shared by the tests of the package
// (tests/node-package.test.mjs, tests/package-types.test.mjs) and of the
// static-site examples (tests/static-sites.test.mjs).
//
// TW_TARBALL names the tarball (`make test-package` passes
// dist/thread-widget-VERSION.tgz); without it, pkg/ is packed into the
// project's folder. Needs pkg/ built (scripts/build.sh).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const run = promisify(execFile);
export const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const pkg = join(repo, "pkg");
export const version = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")).version;

/** npm without its audit, funding and update chatter. */
export const npmEnv = { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };

/** The tarball to install: TW_TARBALL, else a fresh `npm pack` of pkg/ into `dir`. */
export async function tarball(dir) {
  assert.ok(existsSync(join(pkg, "thread_widget.js")) && existsSync(join(pkg, "thread_widget_md_bg.wasm")), "pkg/ is not built: run scripts/build.sh");
  let file = process.env.TW_TARBALL;
  if (!file) {
    const { stdout } = await run("npm", ["pack", pkg, "--pack-destination", dir, "--silent"], { env: npmEnv });
    file = join(dir, stdout.trim().split("\n").pop());
  }
  assert.ok(existsSync(file), `no tarball at ${file}: run make package`);
  return file;
}

/** A new folder in the system's temporary one, with `npm init -y` and the tarball installed; returns its path and the tarball's. */
export async function freshProject(prefix) {
  const project = mkdtempSync(join(tmpdir(), prefix));
  const file = await tarball(project);
  const opts = { cwd: project, env: npmEnv, timeout: 120_000 };
  await run("npm", ["init", "-y"], opts);
  await run("npm", ["install", file, "--offline", "--no-audit", "--no-fund"], opts);
  return { project, tarball: file };
}
