#!/usr/bin/env node
// Writes the demo and test fixtures next to this file, deterministically
// (the same bytes every run; commit the output):
//
//   node www/threads/make-fixtures.mjs
//
//   long.json            60 posts in one file (the pager: data-page-size)
//   pages/page-N.json    25 posts split into three files linked by page.next/prev
//   features.json        nested quotes four deep and an image (quote-depth, images=link)

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

const users = {
  misskit: { name: "misskit", title: "Thailand Expat", avatar: "threads/avatars/misskit.svg", joined: "2009-12", location: "Chiang Mai", posts: 48807 },
  harrybarracuda: { name: "harrybarracuda", title: "Thailand Expat", avatar: "threads/avatars/harrybarracuda.svg", joined: "2009-09", posts: 97114 },
  "panama hat": { name: "panama hat", title: "Thailand Expat", avatar: "threads/avatars/panama-hat.svg", joined: "2007-03", last_online: "2023-10-21T08:08:00+07:00", posts: 32680 },
  "Grumpy John": { name: "Grumpy John", title: "Member", avatar: "threads/avatars/grumpy-john.svg", joined: "2020-11", location: "Phitsanulok", posts: 379 },
};
const names = Object.keys(users);

const SENTENCES = [
  "The rain came early this year and the market by the river flooded again.",
  "Has anyone renewed a retirement visa at the new immigration office?",
  "The ferry to the island now leaves at seven instead of eight.",
  "Prices of a bowl of noodles have doubled since I first came here.",
  "My landlord says the condo fees go up next month, again.",
  "The festival at the temple was louder than ever, and better for it.",
  "Insurance for a motorbike is cheap, the hospital bill afterwards is not.",
  "Traffic on the ring road was at a standstill for two hours on Friday.",
];

// A small deterministic generator (mulberry32), so the files never change by accident.
function random(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makePosts(count, seed) {
  const r = random(seed);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const posts = [];
  const start = Date.UTC(2021, 5, 23, 2, 15);
  for (let i = 1; i <= count; i++) {
    const author = names[(i - 1) % names.length];
    let body = `${pick(SENTENCES)} ${pick(SENTENCES)}\n\nThis is post [b]${i}[/b] of the thread.`;
    const post = { id: i, number: i, author };
    if (i > 3 && i % 5 === 0) {
      const q = i - 1 - Math.floor(r() * 3);
      body = `[QUOTE=${names[(q - 1) % names.length]};${q}]This is post ${q} of the thread.[/QUOTE]\n${body}`;
      post.reply_to = q;
    }
    post.created = new Date(start + i * 7 * 60_000).toISOString().replace(".000Z", "Z");
    post.body = body;
    posts.push(post);
  }
  return posts;
}

function write(rel, value) {
  const path = join(here, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
}

const base = { version: 1, format: "bbcode", users };

// long.json: one file, sixty posts.
const long = makePosts(60, 60);
write("long.json", {
  ...base,
  title: "Sixty posts about the rainy season",
  posts: long,
  browsing: { members: 2, guests: 7, names: ["misskit", "panama hat"] },
  permissions: { new_threads: false, replies: true, attachments: false, edit_posts: true },
});

// pages/page-N.json: one thread of 25 posts in three files of 10, 10 and 5.
const all = makePosts(25, 25);
const sizes = [10, 10, 5];
let first = 1;
sizes.forEach((size, i) => {
  const n = i + 1;
  write(`pages/page-${n}.json`, {
    ...base,
    title: "A thread split into page files",
    posts: all.slice(first - 1, first - 1 + size),
    page: {
      first,
      last: first + size - 1,
      total: all.length,
      next: n < sizes.length ? `page-${n + 1}.json` : null,
      prev: n > 1 ? `page-${n - 1}.json` : null,
    },
  });
  first += size;
});

// features.json: quotes nested four deep, and an image in a post.
write("features.json", {
  ...base,
  title: "Nested quotes and an image",
  posts: [
    { id: 1, number: 1, author: "misskit", body: "The first word." },
    { id: 2, number: 2, author: "harrybarracuda", body: "[QUOTE=misskit;1]The first word.[/QUOTE]\nThe second word." },
    { id: 3, number: 3, author: "panama hat", body: "[QUOTE=harrybarracuda;2][QUOTE=misskit;1]The first word.[/QUOTE]\nThe second word.[/QUOTE]\nThe third word." },
    {
      id: 4,
      number: 4,
      author: "Grumpy John",
      body: "[QUOTE=panama hat;3][QUOTE=harrybarracuda;2][QUOTE=misskit;1][QUOTE=nobody]The word before the first.[/QUOTE]\nThe first word.[/QUOTE]\nThe second word.[/QUOTE]\nThe third word.[/QUOTE]\nThe fourth word, four quotes deep.",
    },
    { id: 5, number: 5, author: "misskit", body: "A picture of me:\n[IMG]threads/avatars/misskit.svg[/IMG]" },
  ],
});
