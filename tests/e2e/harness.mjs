// What the end-to-end suites share: the test server and Chromium's flags.
// (large.mjs and sliced.mjs use it; run, i18n, look and hostile still carry
// their own copies, with extra cleanup of their own.)

import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Flags for headless Chromium on these machines (add a suite's own after them). */
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** Starts scripts/serve.mjs on a free port with `args`; resolves with `{ url, child }`. */
export function serve(args = []) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(repo, "scripts", "serve.mjs"), "--port", "0", ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) ok({ url: m[1], child });
    });
    child.once("exit", (code) => fail(new Error(`serve.mjs exited with ${code}: ${out}`)));
  });
}
