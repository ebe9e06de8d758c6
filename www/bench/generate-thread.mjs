#!/usr/bin/env node
// Writes a synthetic thread (SPEC section 1) for the benchmarks.
//
//   node www/bench/generate-thread.mjs --posts 10000 --out /tmp/thread-10k.json
//   node www/bench/generate-thread.mjs --posts 100000 --page-size 1000 --out-dir www/bench/threads/100k
//   node www/bench/generate-thread.mjs --posts 10 --out -          (to stdout)
//
// Options: --posts N (required), --seed S (default 1), --out FILE, or
// --page-size K --out-dir DIR (writes page-1.json … linked by relative
// `page.next` / `page.prev`).
//
// The output is deterministic: the same N and seed give the same bytes. The
// Rust benchmark has a twin of this generator (benches/support/generate.rs)
// that writes the very same bytes for a single file; keep the two in step
// (scripts/bench-native.sh compares them when node is available).
//
// What a thread holds: 50 authors in `users` (some with avatars, locations,
// `last_online: null`), posts in three formats (thread default bbcode,
// per-post `format` for markdown and text), quotes of earlier posts as
// `[quote=Name;id]` (nested now and then), Markdown `>` and Discourse quotes,
// `reply_to`, links, bare URLs, lists, bold/italic, inline and block code,
// text that needs escaping (`&`, `<`, quotes) and a little non-ASCII text,
// creation dates a few minutes to three hours apart, and some edits.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// ---------------------------------------------------------------- data

const WORDS = (
  "the a to of and in that is it for on was with he as you at be this have from or one had by " +
  "but not what all were when we there can an your which their said if do will each about how up out " +
  "them then she many some so these would other into has more her two like him see time could no make " +
  "than first been its who now people my made over did down only way find use may water long little very " +
  "after words called just where most know thread post forum visa bank rent beer market rain season " +
  "bangkok island border government price baht condo embassy airport ferry motorbike insurance " +
  "hospital school noodles weather election policy report minister news agency reuters meeting " +
  "military trade tourism traffic monsoon temple festival coffee restaurant landlord neighbour"
).split(" ");

// Words that exercise escaping and UTF-8.
const SPECIAL = ["R&D", "x < y", "a > b", "\"quoted\"", "it's", "café", "Zürich", "naïve", "ราคา", "100%", "5 €", "AT&T"];

const ADJECTIVES = ["grumpy", "happy", "lazy", "misty", "panama", "silver", "old", "quiet", "lucky", "salty"];
const NOUNS = ["john", "kit", "hat", "fisher", "expat"];
const TITLES = ["Thailand Expat", "Member", "Senior Member", "Newbie", "Moderator"];
const LOCATIONS = ["Chiang Mai", "Bangkok", "Pattaya", "Isaan", "Phuket", "Way, Way South of the border"];
const AVATARS = ["misskit", "harrybarracuda", "panama-hat", "grumpy-john"];
const PATHS = ["news", "articles", "world/asia", "business", "travel", "opinion"];
const LANGS = ["", "rust", "js", "sql"];
const SNIPPETS = [
  "fn main() {\n    println!(\"hello\");\n}",
  "if (a < b && c) {\n  return x;\n}",
  "SELECT name, posts FROM users WHERE posts > 1000;",
  "<div class=\"x\">not markup</div>",
];

const START = { year: 2021, month: 6, day: 23, hour: 9, minute: 15 };

// ---------------------------------------------------------------- random

/** xorshift32: tiny, and easy to mirror bit for bit in Rust. */
class Rng {
  constructor(seed) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next() {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  below(n) {
    return this.next() % n;
  }
  pick(list) {
    return list[this.below(list.length)];
  }
  chance(percent) {
    return this.below(100) < percent;
  }
}

// ---------------------------------------------------------------- dates

function daysInMonth(y, m) {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function addMinutes(t, minutes) {
  let { year, month, day, hour, minute } = t;
  minute += minutes;
  hour += Math.floor(minute / 60);
  minute %= 60;
  day += Math.floor(hour / 24);
  hour %= 24;
  while (day > daysInMonth(year, month)) {
    day -= daysInMonth(year, month);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return { year, month, day, hour, minute };
}

const pad = (n, w = 2) => String(n).padStart(w, "0");
const dateTime = (t) => `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:00+07:00`;

// ---------------------------------------------------------------- text

function words(rng, n, fmt) {
  const out = [];
  for (let i = 0; i < n; i++) {
    let w = rng.chance(3) ? rng.pick(SPECIAL) : rng.pick(WORDS);
    if (i > 0 && fmt !== "text") {
      const r = rng.below(100);
      if (r < 4) w = fmt === "bbcode" ? `[b]${w}[/b]` : `**${w}**`;
      else if (r < 7) w = fmt === "bbcode" ? `[i]${w}[/i]` : `*${w}*`;
      else if (r < 8 && fmt === "markdown") w = `\`${w}\``;
      else if (r < 8) w = `[u]${w}[/u]`;
    }
    out.push(w);
  }
  return out;
}

function capitalize(s) {
  const c = s.charCodeAt(0);
  return c >= 97 && c <= 122 ? s[0].toUpperCase() + s.slice(1) : s;
}

function sentence(rng, fmt) {
  return capitalize(words(rng, 5 + rng.below(12), fmt).join(" ")) + rng.pick([".", ".", ".", "?", "!"]);
}

function link(rng, fmt) {
  const url = `https://example.org/${rng.pick(PATHS)}/${rng.below(100000)}`;
  const style = rng.below(3);
  if (fmt === "bbcode" && style === 0) return `[url=${url}]${words(rng, 2 + rng.below(3), "text").join(" ")}[/url]`;
  if (fmt === "bbcode" && style === 1) return `[URL]${url}[/URL]`;
  if (fmt === "markdown" && style === 0) return `[${words(rng, 2 + rng.below(3), "text").join(" ")}](${url})`;
  return url;
}

function paragraph(rng, fmt, first) {
  let p = first ?? "";
  const n = 1 + rng.below(4);
  for (let i = 0; i < n; i++) {
    const sep = p === "" ? "" : fmt === "text" && rng.chance(20) ? "\n" : " ";
    p += sep + sentence(rng, fmt);
  }
  if (rng.chance(20)) p += " " + link(rng, fmt);
  return p;
}

function list(rng, fmt) {
  const ordered = rng.chance(30);
  const n = 2 + rng.below(4);
  const items = [];
  for (let i = 0; i < n; i++) items.push(capitalize(words(rng, 3 + rng.below(5), fmt).join(" ")));
  if (fmt === "bbcode") return `[list${ordered ? "=1" : ""}]\n${items.map((it) => `[*]${it}`).join("\n")}\n[/list]`;
  return items.map((it, i) => (ordered ? `${i + 1}. ` : "- ") + it).join("\n");
}

function code(rng, fmt) {
  const snippet = rng.pick(SNIPPETS);
  if (fmt === "bbcode") return `[code]${snippet}[/code]`;
  if (fmt === "markdown") return "```" + rng.pick(LANGS) + "\n" + snippet + "\n```";
  return snippet;
}

// ---------------------------------------------------------------- thread

/**
 * Builds the thread as plain data: every random draw happens here, in a
 * fixed order, so that writing it whole or in pages gives the same posts.
 */
export function generate(postCount, seed = 1) {
  const rng = new Rng(seed);

  const users = [];
  for (let i = 0; i < 50; i++) {
    const adj = ADJECTIVES[i % 10];
    const noun = NOUNS[Math.floor(i / 10)];
    const key = `${adj}-${noun}`;
    const user = { name: i % 3 === 0 ? `${adj} ${noun}` : adj + noun };
    user.title = rng.pick(TITLES);
    if (i % 5 === 0) user.avatar = `threads/avatars/${AVATARS[(i / 5) % 4]}.svg`;
    user.url = `https://forum.example/members/${key}`;
    user.joined = `${2003 + rng.below(18)}-${pad(1 + rng.below(12))}`;
    user.last_online = rng.chance(30) ? null : dateTime(addMinutes(START, rng.below(900000)));
    if (rng.chance(40)) user.location = rng.pick(LOCATIONS);
    user.posts = rng.below(100000);
    users.push({ key, user });
  }

  const posts = [];
  const excerpts = [];
  const authors = [];
  let t = START;
  for (let i = 1; i <= postCount; i++) {
    const r = rng.below(10);
    const fmt = r < 5 ? "bbcode" : r < 8 ? "markdown" : "text";
    const author = rng.below(50);
    t = addMinutes(t, 1 + rng.below(180));
    const post = { id: i, number: i, author: users[author].key, created: dateTime(t) };
    if (rng.chance(10)) post.edited = dateTime(addMinutes(t, 1 + rng.below(60)));
    if (fmt !== "bbcode") post.format = fmt;

    const blocks = [];
    if (i > 1 && rng.chance(fmt === "text" ? 15 : 30)) {
      const q = i - 1 - rng.below(Math.min(20, i - 1));
      post.reply_to = q;
      const name = users[authors[q - 1]].user.name;
      const ex = excerpts[q - 1];
      if (fmt === "bbcode") {
        let inner = ex;
        if (q > 1 && rng.chance(20)) {
          const q2 = q - 1 - rng.below(Math.min(20, q - 1));
          inner = `[quote=${users[authors[q2 - 1]].user.name};${q2}]${excerpts[q2 - 1]}[/quote]\n${ex}`;
        }
        blocks.push(`[quote=${name};${q}]${inner}[/quote]`);
      } else if (fmt === "markdown") {
        blocks.push(rng.chance(50) ? `> ${name} wrote:\n>\n> ${ex}` : `[quote="${name}, post:${q}, topic:1"]\n${ex}\n[/quote]`);
      }
    }
    const first = sentence(rng, "text");
    excerpts.push(first);
    authors.push(author);
    const paragraphs = 1 + rng.below(3);
    for (let p = 0; p < paragraphs; p++) blocks.push(paragraph(rng, fmt, p === 0 ? first : null));
    if (rng.chance(12)) blocks.push(list(rng, fmt));
    if (rng.chance(6)) blocks.push(code(rng, fmt));
    if (rng.chance(25)) blocks.push(paragraph(rng, fmt, null));
    post.body = blocks.join("\n\n");
    posts.push(post);
  }

  const browsing = { members: rng.below(20), guests: rng.below(200), names: [] };
  const firstName = rng.below(50);
  for (let i = 0; i < Math.min(browsing.members, 5); i++) browsing.names.push(users[(firstName + 7 * i) % 50].user.name);

  return {
    title: `Benchmark thread: ${postCount} posts`,
    url: `https://forum.example/threads/bench-${postCount}`,
    forum: { name: "Benchmarks", url: "https://forum.example/forums/benchmarks" },
    users,
    posts,
    browsing,
    permissions: { new_threads: false, replies: true, attachments: false, edit_posts: true },
  };
}

/** One file: all posts, or one page of them (`page` given). */
export function toJson(thread, posts = thread.posts, page = null) {
  const used = new Set(posts.map((p) => p.author));
  const users = page ? thread.users.filter((u) => used.has(u.key)) : thread.users;
  const s = JSON.stringify;
  let out = "{\n";
  out += `  "version": 1,\n`;
  out += `  "title": ${s(thread.title)},\n`;
  out += `  "url": ${s(thread.url)},\n`;
  out += `  "forum": ${s(thread.forum)},\n`;
  out += `  "format": "bbcode",\n`;
  out += `  "users": {\n${users.map((u) => `    ${s(u.key)}: ${s(u.user)}`).join(",\n")}\n  },\n`;
  out += `  "posts": [\n${posts.map((p) => `    ${s(p)}`).join(",\n")}\n  ],\n`;
  out += `  "browsing": ${s(thread.browsing)},\n`;
  out += `  "permissions": ${s(thread.permissions)}`;
  if (page) out += `,\n  "page": ${s(page)}`;
  out += "\n}\n";
  return out;
}

// ---------------------------------------------------------------- CLI

function usage(message) {
  if (message) console.error(`generate-thread: ${message}`);
  console.error("usage: generate-thread.mjs --posts N [--seed S] (--out FILE | --page-size K --out-dir DIR)");
  process.exit(2);
}

function main(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    if (!["--posts", "--seed", "--out", "--page-size", "--out-dir"].includes(name)) usage(`unknown argument ${name}`);
    if (i + 1 >= argv.length) usage(`${name} needs a value`);
    opts[name.slice(2)] = argv[++i];
  }
  const int = (name, min) => {
    const v = Number(opts[name]);
    if (!Number.isInteger(v) || v < min) usage(`--${name} must be an integer ≥ ${min}`);
    return v;
  };
  if (opts.posts === undefined) usage("--posts is required");
  const postCount = int("posts", 0);
  const seed = opts.seed === undefined ? 1 : int("seed", 0);
  const thread = generate(postCount, seed);

  if (opts["page-size"] !== undefined || opts["out-dir"] !== undefined) {
    if (opts["page-size"] === undefined || opts["out-dir"] === undefined || opts.out !== undefined) {
      usage("--page-size and --out-dir go together, without --out");
    }
    const size = int("page-size", 1);
    const dir = opts["out-dir"];
    mkdirSync(dir, { recursive: true });
    const pages = Math.max(1, Math.ceil(postCount / size));
    let bytes = 0;
    for (let k = 1; k <= pages; k++) {
      const posts = thread.posts.slice((k - 1) * size, k * size);
      const page = {
        first: (k - 1) * size + 1,
        last: (k - 1) * size + posts.length,
        total: postCount,
        next: k < pages ? `page-${k + 1}.json` : null,
        prev: k > 1 ? `page-${k - 1}.json` : null,
      };
      const text = toJson(thread, posts, page);
      bytes += Buffer.byteLength(text);
      writeFileSync(join(dir, `page-${k}.json`), text);
    }
    console.error(`generate-thread: ${postCount} posts in ${pages} page files, ${bytes} bytes, in ${dir}`);
  } else {
    if (opts.out === undefined) usage("--out FILE (or -) or --page-size K --out-dir DIR is required");
    const text = toJson(thread);
    if (opts.out === "-") process.stdout.write(text);
    else {
      writeFileSync(opts.out, text);
      console.error(`generate-thread: ${postCount} posts, ${Buffer.byteLength(text)} bytes, in ${opts.out}`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("generate-thread.mjs")) {
  main(process.argv.slice(2));
}
