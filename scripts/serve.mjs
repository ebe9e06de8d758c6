#!/usr/bin/env node
// A static server for the demo site and the end-to-end tests (no dependencies).
//
//   node scripts/serve.mjs [--port 8000] [--host 127.0.0.1] [--root DIR] [--pkg DIR] [--test-routes] [--platforms]
//
// Serves www/ at /, the repository's pkg/ at /pkg/, and with --test-routes
// tests/e2e/pages/ at /_e2e/ (falling back to www/, so relative thread URLs
// such as avatars resolve the same as on the demo pages) plus the /_test/
// routes below. --root DIR serves DIR at / instead of www/ (a Vite dist/);
// --pkg DIR serves DIR at /pkg/ instead of pkg/ (a benchmark's own build);
// --mount /PREFIX/=DIR (repeatable) serves DIR at /PREFIX/, falling back to
// the root as /_e2e/ does (generated threads, large-thread tests).
// --port 0 picks a free port. Every response says Cache-Control: no-cache.
//
// --platforms (make demo) also starts the five platforms' stand-in
// (tests/e2e/platforms.mjs: Mastodon, Bluesky, GitHub, Hacker News and
// Discourse answering from the recorded real responses in
// ../shared/corpora/threads) on the next port, a second origin (a free one
// with --port 0). The live demo pages (www/live/) name it in data-api as
// http://127.0.0.1:8001; HTML is sent with the stand-in's real address there.
//
// Test routes (only with --test-routes):
//   /_test/status/N          an empty answer with status N (e.g. 500)
//   /_test/html              an HTML page with status 200 where JSON is expected
//   /_test/slow?ms=N&src=P   answers after N ms with www/P (default: the seed thread)
//   /_test/hang              never answers
//   /_test/counter.json?key=K  a thread whose posts grow by one per hit of
//   /_test/grow?key=K          (and which answers 500 after
//   /_test/fail?key=K          until /_test/heal?key=K); keys keep tests apart;
//   /_test/reset?key=K         3 posts again, not failing (one test, run per engine);
//                            counter.json?key=K&tree=1: post i answers post i/2 (a binary reply tree)
//   /_test/log[?since=N]     {"next": M, "paths": [...]}: every request since start
//                            (or since entry N), /_test/log itself left out
//   /_test/body?text=T[&type=M]  status 200 with body T (default type: JSON)
//   /_test/thread?posts=N[&bytes=B][&fan=F]  a generated valid thread: N posts, bodies of
//                            about B bytes (default 40); fan=F: every post after the first
//                            answers one before it, F replies each (a conversation under post 1)
//   /_test/deep?depth=N&kind=json|bbcode|markdown  N-deep nesting: JSON arrays
//                            in a field, or nested quotes in one post's body
// and, with --test-routes, tests/e2e/csp/ at /_csp/: each file is sent with the
// headers tests/e2e/csp/headers.json gives for its name (Content-Security-Policy).
//
// --probe: every HTML page gets <script src="/_test/probe.js"> as the first
// thing in its <head> (tests/e2e/probe.js: it records console errors and
// warnings, uncaught errors and the widget's events for a test to read, in
// any engine; a same-origin script, so strict CSP pages allow it).

import { createServer } from "node:http";
import { readFileSync, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = process.argv[i + 1];
  if (v === undefined || v.startsWith("--")) {
    console.error(`serve.mjs: ${name} needs a value`);
    process.exit(2);
  }
  return v;
}

const port = Number(arg("--port", "8000"));
const host = arg("--host", "127.0.0.1");
const root = resolve(arg("--root", join(repo, "www")));
const testRoutes = process.argv.includes("--test-routes");
const probe = process.argv.includes("--probe");
const PROBE_TAG = '<script src="/_test/probe.js"></script>';
/** The platforms' stand-in as www/live/ names it. */
const DEMO_API = "http://127.0.0.1:8001";
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error("serve.mjs: --port must be a number from 0 to 65535");
  process.exit(2);
}

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

// URL prefix → directory, longest prefix first.
const mounts = [["/pkg/", resolve(arg("--pkg", join(repo, "pkg")))]];
process.argv.forEach((a, i) => {
  const m = a === "--mount" && /^(\/[^=]*\/)=(.+)$/.exec(process.argv[i + 1] || "");
  if (a === "--mount" && !m) {
    console.error("serve.mjs: --mount needs /PREFIX/=DIR");
    process.exit(2);
  }
  if (m) mounts.push([m[1], resolve(m[2]), root]);
});
if (testRoutes) mounts.push(["/_e2e/", join(repo, "tests", "e2e", "pages"), root]);
if (testRoutes) mounts.push(["/_csp/", join(repo, "tests", "e2e", "csp"), root]);
mounts.push(["/", root]);

const log = [];

function send(res, status, type, body, extra = {}) {
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-cache", ...extra });
  res.end(body);
}

function notFound(res) {
  send(res, 404, "text/plain; charset=utf-8", "404 Not Found\n");
}

/** The file for a URL path under dir, or null (never outside dir). */
function fileIn(dir, rel) {
  const path = normalize(join(dir, rel));
  if (path !== dir && !path.startsWith(dir + sep)) return null;
  try {
    const st = statSync(path);
    if (st.isDirectory()) {
      const index = join(path, "index.html");
      return statSync(index).isFile() ? index : null;
    }
    return st.isFile() ? path : null;
  } catch {
    return null;
  }
}

/** Extra response headers for a file under tests/e2e/csp/ (its CSP). */
function cspHeaders(path) {
  const dir = join(repo, "tests", "e2e", "csp");
  if (!testRoutes || !path.startsWith(dir + sep)) return {};
  try {
    return JSON.parse(readFileSync(join(dir, "headers.json"), "utf8"))[path.slice(dir.length + 1)] || {};
  } catch {
    return {};
  }
}

/** An HTML file as sent: the probe's script tag first in its head (--probe), the stand-in's address (--platforms). */
function htmlOf(path) {
  let html = readFileSync(path, "utf8");
  if (platforms) html = html.replaceAll(DEMO_API, platforms.url);
  if (probe) {
    const m = /<head[^>]*>/i.exec(html);
    const at = m ? m.index + m[0].length : 0;
    html = html.slice(0, at) + PROBE_TAG + html.slice(at);
  }
  return Buffer.from(html);
}

/**
 * Sends a file read whole first: its length and its bytes are of one
 * version, even when the file is replaced meanwhile (a rebuild of pkg/, a
 * test writing a thread's next version); a stream of a file replaced after
 * its size was sent left the request hanging.
 */
function serveFile(req, res, path) {
  let body;
  let st;
  try {
    st = statSync(path);
    body = (probe || platforms) && /\.html?$/i.test(path) ? htmlOf(path) : readFileSync(path);
  } catch {
    return notFound(res);
  }
  const headers = {
    "Content-Type": MIME[extname(path).toLowerCase()] || "application/octet-stream",
    "Content-Length": body.length,
    "Cache-Control": "no-cache",
    "Last-Modified": st.mtime.toUTCString(),
    ...cspHeaders(path),
  };
  if (req.headers["if-modified-since"] === headers["Last-Modified"]) {
    res.writeHead(304, { "Cache-Control": "no-cache", "Last-Modified": headers["Last-Modified"] });
    return res.end();
  }
  res.writeHead(200, headers);
  res.end(req.method === "HEAD" ? undefined : body);
}

// ---------------------------------------------------------------- test routes

const counters = new Map(); // key → { posts, failing }

function counter(key) {
  if (!counters.has(key)) counters.set(key, { posts: 3, failing: false });
  return counters.get(key);
}

function counterThread(n, tree = false) {
  const posts = [];
  for (let i = 1; i <= n; i++) {
    posts.push({
      id: i,
      number: i,
      author: { name: i % 2 ? "misskit" : "harrybarracuda", posts: 1000 + i },
      created: `2021-06-23T${String(8 + Math.floor(i / 60) % 16).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00+07:00`,
      body: `Post number ${i}.\n\nA second paragraph so that every post has some height on the screen, ` +
        `which the refresh test needs to measure whether the reader's place moves.`,
      ...(tree && i > 1 ? { reply_to: Math.floor(i / 2) } : {}),
    });
  }
  return { version: 1, title: "A thread that grows", posts };
}

const generated = new Map(); // "posts/bytes" → JSON text

function generatedThread(n, bytes, fan = 0) {
  const filler = "All work and no play makes a long thread. ";
  const body = filler.repeat(Math.ceil(bytes / filler.length)).slice(0, bytes);
  const posts = new Array(n);
  for (let i = 0; i < n; i++) {
    posts[i] = { id: i + 1, author: `u${i % 50}`, created: "2021-06-23T09:15:00+07:00", body: `#${i + 1}. ${body}` };
    // fan=F: a conversation under post 1, post i answering post 1 + floor((i - 2) / F).
    if (fan > 0 && i > 0) posts[i].reply_to = 1 + Math.floor((i - 1) / fan);
  }
  const users = {};
  for (let i = 0; i < 50; i++) users[`u${i}`] = { name: `User ${i}`, title: "Member", joined: "2009-12", posts: i * 100 };
  return JSON.stringify({ version: 1, title: `${n} posts`, format: "text", users, posts });
}

function testRoute(req, res, url) {
  const p = url.pathname;
  const key = url.searchParams.get("key") || "default";
  let m;
  if ((m = /^\/_test\/status\/(\d{3})$/.exec(p))) {
    return send(res, Number(m[1]), "text/plain; charset=utf-8", `status ${m[1]}\n`);
  }
  if (p === "/_test/html") {
    return send(res, 200, "text/html; charset=utf-8", "<!doctype html><title>Not JSON</title><p>An HTML page, not a thread.</p>\n");
  }
  if (p === "/_test/slow") {
    const ms = Math.min(Number(url.searchParams.get("ms")) || 1000, 600_000);
    const src = url.searchParams.get("src") || "threads/seed.json";
    const file = fileIn(root, src);
    const timer = setTimeout(() => (file ? serveFile(req, res, file) : notFound(res)), ms);
    req.on("close", () => clearTimeout(timer));
    return;
  }
  if (p === "/_test/hang") {
    res.on("close", () => {});
    return; // never answers; the socket is destroyed when the server stops
  }
  if (p === "/_test/counter.json") {
    const c = counter(key);
    if (c.failing) return send(res, 500, "text/plain; charset=utf-8", "failing on purpose\n");
    return send(res, 200, MIME[".json"], JSON.stringify(counterThread(c.posts, url.searchParams.get("tree") === "1")));
  }
  if (p === "/_test/grow") {
    const c = counter(key);
    c.posts += Math.max(1, Number(url.searchParams.get("by")) || 1);
    return send(res, 200, MIME[".json"], JSON.stringify({ key, posts: c.posts }));
  }
  if (p === "/_test/reset") {
    counters.delete(key);
    return send(res, 200, MIME[".json"], JSON.stringify({ key, posts: counter(key).posts }));
  }
  if (p === "/_test/fail" || p === "/_test/heal") {
    const c = counter(key);
    c.failing = p === "/_test/fail";
    return send(res, 200, MIME[".json"], JSON.stringify({ key, failing: c.failing }));
  }
  if (p === "/_test/body") {
    return send(res, 200, url.searchParams.get("type") || MIME[".json"], url.searchParams.get("text") || "");
  }
  if (p === "/_test/thread") {
    const n = Math.min(Math.max(0, Number(url.searchParams.get("posts")) || 0), 1_000_000);
    const bytes = Math.min(Math.max(1, Number(url.searchParams.get("bytes")) || 40), 100_000);
    const fan = Math.min(Math.max(0, Number(url.searchParams.get("fan")) || 0), 1_000_000);
    const k = `${n}/${bytes}/${fan}`;
    if (!generated.has(k)) generated.set(k, generatedThread(n, bytes, fan));
    return send(res, 200, MIME[".json"], generated.get(k));
  }
  if (p === "/_test/deep") {
    const n = Math.min(Math.max(1, Number(url.searchParams.get("depth")) || 10_000), 1_000_000);
    const kind = url.searchParams.get("kind") || "json";
    const post = { id: 1, author: { name: "deep" }, body: "x" };
    if (kind === "bbcode") Object.assign(post, { format: "bbcode", body: "[quote=a]".repeat(n) + "x" + "[/quote]".repeat(n) });
    if (kind === "markdown") Object.assign(post, { format: "markdown", body: "> ".repeat(n) + "x" });
    let text = JSON.stringify({ version: 1, posts: [post] });
    if (kind === "json") text = `{"version": 1, "posts": [{"id": 1, "author": {"name": "deep"}, "body": "x", "extra": ${"[".repeat(n)}${"]".repeat(n)}}]}`;
    return send(res, 200, MIME[".json"], text);
  }
  if (p === "/_test/log") {
    const since = Math.max(0, Number(url.searchParams.get("since")) || 0);
    return send(res, 200, MIME[".json"], JSON.stringify({ next: log.length, paths: log.slice(since) }));
  }
  return notFound(res);
}

// ---------------------------------------------------------------- server

const sockets = new Set();
const server = createServer((req, res) => {
  let url;
  try {
    url = new URL(req.url, "http://localhost");
  } catch {
    return send(res, 400, "text/plain; charset=utf-8", "bad request\n");
  }
  let path;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return send(res, 400, "text/plain; charset=utf-8", "bad request\n");
  }
  if (path !== "/_test/log" && path !== "/_test/probe.js") log.push(url.pathname + url.search);
  if (req.method !== "GET" && req.method !== "HEAD") {
    return send(res, 405, "text/plain; charset=utf-8", "method not allowed\n", { Allow: "GET, HEAD" });
  }
  if (probe && path === "/_test/probe.js") return serveFile(req, res, join(repo, "tests", "e2e", "probe.js"));
  if (testRoutes && path.startsWith("/_test/")) return testRoute(req, res, url);
  for (const [prefix, ...dirs] of mounts) {
    if (!path.startsWith(prefix)) continue;
    for (const dir of dirs) {
      const file = fileIn(dir, path.slice(prefix.length));
      if (file) {
        if (path.endsWith("/") === false && statSync(join(dir, path.slice(prefix.length))).isDirectory()) {
          res.writeHead(301, { Location: url.pathname + "/" + url.search, "Cache-Control": "no-cache" });
          return res.end();
        }
        return serveFile(req, res, file);
      }
    }
    return notFound(res);
  }
  notFound(res);
});

server.on("connection", (s) => {
  sockets.add(s);
  s.on("close", () => sockets.delete(s));
});

server.on("error", (e) => {
  console.error(`serve.mjs: ${e.message}`);
  process.exit(1);
});

// The stand-in first: its address is in the pages, and "serving … on" says everything is up.
const platforms = process.argv.includes("--platforms")
  ? await (await import("../tests/e2e/platforms.mjs")).startPlatforms({ port: port === 0 ? 0 : port + 1 }).catch((e) => {
      console.error(`serve.mjs: the platforms' stand-in did not start: ${e.message}`);
      process.exit(1);
    })
  : null;
if (platforms) console.log(`the platforms' stand-in (recorded answers of Mastodon, Bluesky, GitHub, Hacker News, Discourse) at ${platforms.url}`);

server.listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`serving ${root === resolve(repo, "www") ? "www/" : root} on http://${host}:${actual}`);
});

function stop() {
  platforms?.stop();
  server.close(() => process.exit(0));
  for (const s of sockets) s.destroy();
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
