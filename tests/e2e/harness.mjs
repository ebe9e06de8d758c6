// What the end-to-end suites share: the test server and Chromium's flags.

import { spawn } from "node:child_process";
import { existsSync, renameSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Flags for headless Chromium on these machines (add a suite's own after them). */
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

const servers = [];

/**
 * Writes a new version of `dir/name` that a page reads again (refresh, Load
 * more): whole or not at all (a refresh may be reading it at this moment),
 * with a modification time of its own. The test server answers a conditional
 * request with 304 when the file's time, in whole seconds, is the one the
 * browser has, so each version gets a later second than the version before
 * it and than any time given before in this run.
 */
let clock = 0;
export function rewrite(dir, name, text) {
  const path = join(dir, name);
  const before = existsSync(path) ? Math.floor(statSync(path).mtimeMs / 1000) : 0;
  clock = Math.max(clock, before, Math.floor(Date.now() / 1000)) + 1;
  writeFileSync(`${path}.new`, text);
  utimesSync(`${path}.new`, clock, clock);
  renameSync(`${path}.new`, path);
}

// Whatever happens, no server outlives the run.
process.on("exit", () => {
  for (const s of servers) if (s.exitCode === null) s.kill("SIGTERM");
});

/**
 * Starts scripts/serve.mjs on a free port with `args`; resolves with
 * `{ url, child, stop }` (`stop()` resolves once it exited), or rejects if
 * it printed no address within 15 s.
 */
export function serve(args = []) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(repo, "scripts", "serve.mjs"), "--port", "0", ...args], { stdio: ["ignore", "pipe", "inherit"] });
    servers.push(child);
    let out = "";
    const timer = setTimeout(() => fail(new Error(`serve.mjs printed no address: ${out}`)), 15_000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        const stop = () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", done);
            child.kill("SIGTERM");
          });
        ok({ url: m[1], child, stop });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`serve.mjs exited with ${code}: ${out}`));
    });
  });
}

/** Stops every server `serve` started, waiting for each to exit. */
export async function stopServers() {
  for (const s of servers) {
    if (s.exitCode === null) {
      await new Promise((done) => {
        s.once("exit", done);
        s.kill("SIGTERM");
      });
    }
  }
}
