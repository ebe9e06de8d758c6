// tests/e2e/platforms.mjs, the platforms' stand-in the browser tests read
// live APIs from: every route against the recorded files (read here on their
// own, not through the server's code), each platform's CORS and caching
// headers, every failure prefix, and `hits`. No browser: Node's fetch.
//
//   node --test tests/platforms-server.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startPlatforms, DEFAULT_CORPORA, FILES, FAILURES } from "./e2e/platforms.mjs";

const corpus = (name) => readFileSync(join(DEFAULT_CORPORA, name));
const recorded = {
  mastodon: JSON.parse(corpus(FILES.mastodon)),
  bluesky: JSON.parse(corpus(FILES.bluesky)),
  github: JSON.parse(corpus(FILES.github)),
  hn: JSON.parse(corpus(FILES.hn)),
  discourse: FILES.discourse.map((f) => JSON.parse(corpus(f))),
};
const ROOT = "109294719267373593";

let p; // the server every test shares (default corpora, default slowMs)
before(async () => {
  p = await startPlatforms();
});
after(async () => {
  await p.stop();
});

const get = (path, init) => fetch(p.url + path, init);
const body = async (r) => JSON.parse(await r.text());
const acao = (r) => r.headers.get("access-control-allow-origin");

// ------------------------------------------------------------------ basics

test("listens on 127.0.0.1 with a free port, reads the corpora from ../shared/corpora/threads by default", () => {
  assert.match(p.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(new URL(p.url).port, "0");
  assert.equal(p.corpora, DEFAULT_CORPORA);
  assert.match(DEFAULT_CORPORA, /[/\\]shared[/\\]corpora[/\\]threads$/);
  assert.equal(p.slowMs, 30_000);
});

test("a corpora directory without the recordings is refused, naming the file", async () => {
  await assert.rejects(startPlatforms({ corpora: "/nonexistent-corpora" }), /cannot read the recorded response .*mastodon-social-context/);
});

test("an unknown path answers 404 without CORS; an unknown failure name answers 500 naming the known ones", async () => {
  const r = await get("/nothing/here");
  assert.equal(r.status, 404);
  assert.equal(acao(r), null);
  const f = await get("/_fail/teapot/api/v1/statuses/1");
  assert.equal(f.status, 500);
  const text = await f.text();
  for (const name of FAILURES) assert.ok(text.includes(name), `${name} named in ${text}`);
});

test("examples pair each platform's web address with this server", () => {
  assert.deepEqual(p.examples, {
    mastodon: { src: "https://mastodon.social/@austinkocher/109297452549435392", api: p.url },
    bluesky: { src: "https://bsky.app/profile/ioriayane.bsky.social/post/3k7wb2lcpso2x", api: p.url },
    github: { src: `https://github.com/PyGithub/PyGithub/issues/${p.github.issue}`, api: p.url },
    hn: { src: "https://news.ycombinator.com/item?id=17", api: p.url },
    discourse: { src: "https://discuss.criticalfallibilism.com/t/kpop-demon-hunters/2144", api: `${p.url}/cors` },
    discourseNoCors: { src: "https://discuss.criticalfallibilism.com/t/kpop-demon-hunters/2144", api: p.url },
  });
  assert.equal(p.mastodon.rootUrl, `https://mastodon.social/@austinkocher/${ROOT}`);
  // the Mastodon example is a recorded status of mastodon.social's own that has recorded replies
  const id = p.examples.mastodon.src.split("/").at(-1);
  assert.ok(statuses.some((s) => s.id === id && !s.account.acct.includes("@")));
  assert.ok(statuses.some((s) => s.in_reply_to_id === id));
});

// ------------------------------------------------------------------ Mastodon

const statuses = recorded.mastodon.descendants;
const byId = new Map(statuses.map((s) => [s.id, s]));
// Expected context of a recorded status, computed here from a children map.
function expectedContext(id) {
  const ancestors = [];
  for (let cur = byId.get(id).in_reply_to_id; byId.has(cur); cur = byId.get(cur).in_reply_to_id) ancestors.unshift(byId.get(cur));
  const children = new Map();
  for (const s of statuses) children.set(s.in_reply_to_id, [...(children.get(s.in_reply_to_id) ?? []), s.id]);
  const below = new Set();
  const todo = [...(children.get(id) ?? [])];
  while (todo.length) {
    const c = todo.pop();
    below.add(c);
    todo.push(...(children.get(c) ?? []));
  }
  return { ancestors, descendants: statuses.filter((s) => below.has(s.id)) };
}

test("Mastodon: the root's /context is the recorded file, byte for byte", async () => {
  const r = await get(`/api/v1/statuses/${ROOT}/context`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("content-type"), "application/json; charset=utf-8");
  assert.ok(Buffer.from(await r.arrayBuffer()).equals(corpus(FILES.mastodon)));
});

test("Mastodon: a descendant's /context derives ancestors (oldest first) and descendants (file order) from the recorded statuses", async () => {
  // a hand-checked chain: 600638577574 <- 622643144971 <- 638076485826 <- 670102943070 <- 717624349761 <- 725027702140 <- 731817086780
  const c = await body(await get("/api/v1/statuses/109296638076485826/context"));
  assert.deepEqual(
    c.ancestors.map((s) => s.id),
    ["109296600638577574", "109296622643144971"],
  );
  assert.deepEqual(
    c.descendants.map((s) => s.id),
    ["109296670102943070", "109296717624349761", "109296725027702140", "109296731817086780"],
  );
  // and every recorded status, against the children-map derivation
  for (const s of statuses) {
    const got = await body(await get(`/api/v1/statuses/${s.id}/context`));
    assert.deepEqual(got, expectedContext(s.id), `context of ${s.id}`);
  }
  // the root is not recorded, so a reply to it has no recorded ancestor
  const reply = statuses.find((s) => s.in_reply_to_id === ROOT && statuses.some((t) => t.in_reply_to_id === s.id));
  const rc = await body(await get(`/api/v1/statuses/${reply.id}/context`));
  assert.deepEqual(rc.ancestors, []);
  assert.ok(rc.descendants.length > 0);
});

test("Mastodon: /statuses/:id is the recorded status; the root and unknown ids are 404 Record not found", async () => {
  const s = statuses[7];
  const r = await get(`/api/v1/statuses/${s.id}`);
  assert.equal(r.status, 200);
  assert.deepEqual(await body(r), s);
  for (const path of [`/api/v1/statuses/${ROOT}`, "/api/v1/statuses/1", "/api/v1/statuses/1/context", "/api/v1/statuses/abc"]) {
    const n = await get(path);
    assert.equal(n.status, 404, path);
    assert.deepEqual(await body(n), { error: "Record not found" }, path);
    assert.equal(acao(n), "*", path);
  }
});

test("Mastodon: rack-cors headers, public 15 s cache, weak ETag answered 304, preflight 200", async () => {
  const r = await get("/api/v1/statuses/109294769450603673", { headers: { Origin: "http://127.0.0.1:1" } });
  assert.equal(acao(r), "*");
  assert.match(r.headers.get("access-control-expose-headers"), /\bLink\b.*X-RateLimit-Remaining/);
  assert.equal(r.headers.get("cache-control"), "max-age=15, public, stale-while-revalidate=30, stale-if-error=86400");
  const etag = r.headers.get("etag");
  assert.match(etag, /^W\/"[0-9a-f]{32}"$/);
  const again = await get("/api/v1/statuses/109294769450603673", { headers: { "If-None-Match": etag } });
  assert.equal(again.status, 304);
  assert.equal(await again.text(), "");
  assert.equal(acao(again), "*");
  const pre = await get("/api/v1/statuses/1/context", { method: "OPTIONS", headers: { Origin: "http://x.test", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization" } });
  assert.equal(pre.status, 200);
  assert.equal(acao(pre), "*");
  assert.equal(pre.headers.get("access-control-allow-headers"), "authorization");
  assert.match(pre.headers.get("access-control-allow-methods"), /\bGET\b/);
});

// ------------------------------------------------------------------ Bluesky

const bskyPost = recorded.bluesky.thread.post;
const bskyRkey = bskyPost.uri.split("/").at(-1);
const thread = (uri) => `/xrpc/app.bsky.feed.getPostThread?uri=${encodeURIComponent(uri)}`;

test("Bluesky: getPostThread by DID and by handle answers the recorded file; another uri is 400 NotFound", async () => {
  assert.equal(p.bluesky.uri, bskyPost.uri);
  for (const uri of [bskyPost.uri, `at://${bskyPost.author.handle}/app.bsky.feed.post/${bskyRkey}`, `at://${bskyPost.author.handle.toUpperCase()}/app.bsky.feed.post/${bskyRkey}`]) {
    const r = await get(thread(uri) + "&depth=6");
    assert.equal(r.status, 200, uri);
    assert.ok(Buffer.from(await r.arrayBuffer()).equals(corpus(FILES.bluesky)), uri);
  }
  const other = `at://${bskyPost.author.did}/app.bsky.feed.post/3aaaaaaaaaaaa`;
  const n = await get(thread(other));
  assert.equal(n.status, 400);
  assert.deepEqual(await body(n), { error: "NotFound", message: `Post not found: ${other}` });
  assert.equal(acao(n), "*");
  const none = await get("/xrpc/app.bsky.feed.getPostThread");
  assert.equal(none.status, 400);
  assert.equal((await body(none)).error, "InvalidRequest");
  assert.equal((await get("/xrpc/app.bsky.feed.getTimeline")).status, 501);
});

test("Bluesky: Access-Control-Allow-Origin *, express's weak ETag answered 304, preflight 204 for a day", async () => {
  const r = await get(thread(bskyPost.uri));
  assert.equal(acao(r), "*");
  assert.equal(r.headers.get("access-control-expose-headers"), null);
  const etag = r.headers.get("etag");
  assert.match(etag, /^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
  assert.equal((await get(thread(bskyPost.uri), { headers: { "If-None-Match": etag } })).status, 304);
  const pre = await get(thread(bskyPost.uri), { method: "OPTIONS", headers: { Origin: "http://x.test", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "atproto-accept-labelers" } });
  assert.equal(pre.status, 204);
  assert.equal(acao(pre), "*");
  assert.equal(pre.headers.get("access-control-allow-headers"), "atproto-accept-labelers");
  assert.equal(pre.headers.get("access-control-max-age"), "86400");
});

// ------------------------------------------------------------------ GitHub

const distinctComments = [...new Map(recorded.github.map((c) => [c.id, c])).values()];
const commentsOf = (n) => distinctComments.filter((c) => c.issue_url.endsWith(`/issues/${n}`));

test("GitHub: github.issue has the most comments, github.counts counts each issue's distinct comments", () => {
  const counts = {};
  for (const c of distinctComments) {
    const n = c.issue_url.split("/").at(-1);
    counts[n] = (counts[n] ?? 0) + 1;
  }
  assert.deepEqual(p.github.counts, counts);
  assert.equal(p.github.counts[p.github.issue], Math.max(...Object.values(counts)));
  assert.equal(p.github.recorded, recorded.github.length);
  assert.equal(p.github.distinct, distinctComments.length);
});

test("GitHub: the Link header walked from page 1 to the end gives every comment of the issue once, ascending id, as GitHub writes Link", async () => {
  const issue = p.github.issue;
  const expected = commentsOf(issue).sort((a, b) => a.id - b.id);
  assert.ok(expected.length > 10, "the chosen issue has enough comments to page");
  const perPage = 5;
  const pages = Math.ceil(expected.length / perPage);
  let next = `${p.url}/repos/PyGithub/PyGithub/issues/${issue}/comments?per_page=${perPage}`;
  const got = [];
  const rels = [];
  while (next) {
    const r = await fetch(next);
    assert.equal(r.status, 200);
    const page = await body(r);
    assert.ok(page.length <= perPage);
    got.push(...page);
    const link = r.headers.get("link");
    const parsed = Object.fromEntries([...link.matchAll(/<([^>]+)>; rel="(\w+)"/g)].map((m) => [m[2], m[1]]));
    rels.push([...link.matchAll(/rel="(\w+)"/g)].map((m) => m[1]).join(","));
    for (const u of Object.values(parsed)) assert.ok(u.startsWith(`${p.url}/repos/PyGithub/PyGithub/issues/${issue}/comments?per_page=5&page=`), u);
    next = parsed.next;
    assert.ok(rels.length <= pages, "Link ends");
  }
  assert.equal(rels.length, pages);
  assert.equal(rels[0], "next,last");
  for (const mid of rels.slice(1, -1)) assert.equal(mid, "prev,next,last,first");
  assert.equal(rels.at(-1), "prev,first");
  assert.equal(got.length, expected.length);
  assert.deepEqual(got, expected);
  // default per_page 30: everything on one page, no Link
  const all = await get(`/repos/pygithub/PYGITHUB/issues/${issue}/comments`);
  assert.equal(all.headers.get("link"), null);
  assert.deepEqual(await body(all), expected);
  // per_page above 100 is 100
  assert.equal((await body(await get(`/repos/PyGithub/PyGithub/issues/${issue}/comments?per_page=1000`))).length, expected.length);
  // past the end: empty, pointing back
  const past = await get(`/repos/PyGithub/PyGithub/issues/${issue}/comments?per_page=5&page=${pages + 2}`);
  assert.deepEqual(await body(past), []);
  assert.match(past.headers.get("link"), new RegExp(`page=${pages}>; rel="prev"`));
});

test("GitHub: the issue is derived from its comments; unknown issues and repositories are GitHub's 404", async () => {
  const issue = p.github.issue;
  const cs = commentsOf(issue).sort((a, b) => a.id - b.id);
  const r = await get(`/repos/PyGithub/PyGithub/issues/${issue}`);
  assert.equal(r.status, 200);
  const i = await body(r);
  assert.equal(i.url, `https://api.github.com/repos/PyGithub/PyGithub/issues/${issue}`);
  assert.equal(i.html_url, `https://github.com/PyGithub/PyGithub/issues/${issue}`);
  assert.equal(i.number, issue);
  assert.equal(i.title, `Issue ${issue}`);
  assert.deepEqual(i.user, cs[0].user);
  assert.equal(i.body, "");
  assert.equal(i.comments, cs.length);
  assert.equal(i.state, "closed");
  assert.equal(Date.parse(cs[0].created_at) - Date.parse(i.created_at), 60_000);
  const notFound = { message: "Not Found", documentation_url: "https://docs.github.com/rest/issues/issues#get-an-issue", status: "404" };
  for (const path of ["/repos/PyGithub/PyGithub/issues/1", "/repos/PyGithub/PyGithub/issues/1/comments", `/repos/octocat/Hello-World/issues/${issue}/comments`, "/repos/PyGithub/PyGithub/pulls/1"]) {
    const n = await get(path);
    assert.equal(n.status, 404, path);
    assert.deepEqual(await body(n), notFound, path);
    assert.equal(acao(n), "*", path);
  }
});

test("GitHub: CORS exposes Link, rate limits, Retry-After and ETag; 60 s public cache; If-None-Match answers 304 with CORS; preflight allows Accept and If-None-Match", async () => {
  const path = `/repos/PyGithub/PyGithub/issues/${p.github.issue}/comments?per_page=5`;
  const r = await get(path);
  assert.equal(acao(r), "*");
  const exposed = r.headers.get("access-control-expose-headers").split(/,\s*/);
  for (const h of ["Link", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After", "ETag"]) assert.ok(exposed.includes(h), `${h} exposed`);
  assert.equal(r.headers.get("cache-control"), "public, max-age=60, s-maxage=60");
  assert.equal(r.headers.get("x-ratelimit-limit"), "60");
  const etag = r.headers.get("etag");
  assert.match(etag, /^W\/"[0-9a-f]{64}"$/);
  const cached = await get(path, { headers: { "If-None-Match": etag } });
  assert.equal(cached.status, 304);
  assert.equal(await cached.text(), "");
  assert.equal(acao(cached), "*");
  assert.equal(cached.headers.get("etag"), etag);
  assert.equal((await get(path.replace("per_page=5", "per_page=6"), { headers: { "If-None-Match": etag } })).status, 200, "another page is another ETag");
  const pre = await get(path, { method: "OPTIONS", headers: { Origin: "http://x.test", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "accept,if-none-match" } });
  assert.equal(pre.status, 204);
  assert.equal(acao(pre), "*");
  const allowed = pre.headers.get("access-control-allow-headers").toLowerCase().split(/,\s*/);
  assert.ok(allowed.includes("accept") && allowed.includes("if-none-match"), allowed.join());
});

// ------------------------------------------------------------------ Hacker News (Algolia)

test("Algolia: every recorded url answers its reply; the query matches however it is encoded; other items are Rails' 404", async () => {
  for (const { url, reply } of recorded.hn) {
    const r = await get(url);
    assert.equal(r.status, 200, url);
    assert.deepEqual(await body(r), reply, url);
  }
  const item = await body(await get("/api/v1/items/17"));
  assert.equal(item.id, 17);
  const encoded = await get("/api/v1/search?tags=%28story%2Cpoll%29&hitsPerPage=1");
  assert.deepEqual(await body(encoded), recorded.hn.find((x) => x.url === "/api/v1/search?hitsPerPage=1&tags=(story%2Cpoll)").reply);
  for (const path of ["/api/v1/items/99999999", "/api/v1/items/abc", "/api/v1/users/nobody-recorded"]) {
    const n = await get(path);
    assert.equal(n.status, 404, path);
    assert.deepEqual(await body(n), { status: 404, error: "Not Found" }, path);
    assert.equal(acao(n), "*", path);
  }
});

test("Algolia: Access-Control-Allow-Origin *, Rails 4.2's strong ETag and private revalidation, 304", async () => {
  const r = await get("/api/v1/items/17");
  assert.equal(acao(r), "*");
  assert.equal(r.headers.get("cache-control"), "max-age=0, private, must-revalidate");
  const etag = r.headers.get("etag");
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  assert.equal((await get("/api/v1/items/17", { headers: { "If-None-Match": etag } })).status, 304);
});

// ------------------------------------------------------------------ held posts

test("hold: held recorded posts and every reply below them leave Mastodon's and Algolia's answers, with new ETags; hold([]) gives the recordings back byte for byte", async () => {
  // a status with replies below it, and one that is no reply to it
  const parent = statuses.find((s) => statuses.some((t) => t.in_reply_to_id === s.id));
  const below = statuses.filter((s) => expectedContext(parent.id).descendants.some((d) => d.id === s.id)).map((s) => s.id);
  assert.ok(below.length > 0);
  const before = await get(`/api/v1/statuses/${ROOT}/context`);
  const etag = before.headers.get("etag");
  try {
    p.hold([parent.id]);
    const r = await get(`/api/v1/statuses/${ROOT}/context`);
    const c = await body(r);
    assert.notEqual(r.headers.get("etag"), etag);
    assert.equal((await get(`/api/v1/statuses/${ROOT}/context`, { headers: { "If-None-Match": etag } })).status, 200, "the old ETag no longer matches");
    assert.deepEqual(
      c.descendants.map((s) => s.id),
      recorded.mastodon.descendants.map((s) => s.id).filter((id) => id !== parent.id && !below.includes(id)),
    );
    for (const id of [parent.id, ...below]) {
      assert.equal((await get(`/api/v1/statuses/${id}`)).status, 404, id);
      assert.equal((await get(`/api/v1/statuses/${id}/context`)).status, 404, id);
    }
    // the Algolia tree without a held child, and the held item itself not found
    const tree = recorded.hn.find((x) => x.url === "/api/v1/items/17").reply;
    const child = tree.children.at(-1);
    p.hold([String(child.id)]);
    const t = await body(await get("/api/v1/items/17"));
    assert.deepEqual(t.children.map((c) => c.id), tree.children.slice(0, -1).map((c) => c.id));
    assert.equal((await get(`/api/v1/items/${child.id}`)).status, 404);
  } finally {
    p.hold([]);
  }
  assert.ok(Buffer.from(await (await get(`/api/v1/statuses/${ROOT}/context`)).arrayBuffer()).equals(corpus(FILES.mastodon)));
  assert.deepEqual(await body(await get("/api/v1/items/17")), recorded.hn.find((x) => x.url === "/api/v1/items/17").reply);
});

// ------------------------------------------------------------------ Discourse

const [t2144, t2108] = recorded.discourse;
const byNumber = (posts) => [...posts].sort((a, b) => a.post_number - b.post_number);

test("Discourse: /t/:id.json and /t/:slug/:id.json hold the first 20 posts and every recorded id in stream order", async () => {
  for (const [rec, slug] of [
    [t2144, "kpop-demon-hunters"],
    [t2108, "comments-on-the-boyfriends-introduction-to-feminism"],
  ]) {
    const posts = byNumber(rec.post_stream.posts);
    for (const path of [`/t/${rec.id}.json`, `/t/${slug}/${rec.id}.json`, `/t/any-slug/${rec.id}.json`]) {
      const r = await get(path);
      assert.equal(r.status, 200, path);
      const t = await body(r);
      assert.equal(t.id, rec.id);
      assert.equal(t.slug, slug);
      assert.equal(typeof t.title, "string");
      assert.ok(t.title.length > 0);
      assert.deepEqual(t.post_stream.stream, posts.map((x) => x.id));
      assert.deepEqual(t.post_stream.posts, posts.slice(0, 20));
      assert.equal(t.posts_count, posts.length);
      assert.equal(t.highest_post_number, posts.at(-1).post_number);
    }
  }
  assert.equal(p.discourse.topics[2144].recordedPostsCount, t2144.post_stream.posts[0].posts_count);
});

test("Discourse: posts.json answers post_ids[] (also %5B%5D-encoded), post_number, and the recorded requests byte for byte", async () => {
  const posts = byNumber(t2144.post_stream.posts);
  const want = [posts[2], posts[5], posts[9]];
  for (const q of [want.map((x) => `post_ids[]=${x.id}`).join("&"), want.map((x) => `post_ids%5B%5D=${x.id}`).join("&"), [...want].reverse().map((x) => `post_ids[]=${x.id}`).join("&") + "&post_ids[]=1"]) {
    const r = await get(`/t/2144/posts.json?${q}`);
    assert.equal(r.status, 200, q);
    assert.deepEqual(await body(r), { post_stream: { posts: want }, id: 2144 }, q);
  }
  const recorded2108 = await get("/t/2108/posts.json?post_number=41");
  assert.ok(Buffer.from(await recorded2108.arrayBuffer()).equals(corpus(FILES.discourse[1])));
  const recorded2144 = await get("/t/2144/posts.json");
  assert.ok(Buffer.from(await recorded2144.arrayBuffer()).equals(corpus(FILES.discourse[0])));
  const before = await body(await get("/t/2108/posts.json?post_number=30"));
  assert.deepEqual(
    before.post_stream.posts.map((x) => x.post_number),
    [29, 28, 27, 26, 25, 24, 23, 22, 21],
  );
  const afterN = await body(await get("/t/2108/posts.json?post_number=30&asc=true"));
  assert.deepEqual(
    afterN.post_stream.posts.map((x) => x.post_number),
    [31, 32, 33, 34, 35, 36, 37, 38, 39, 40],
  );
});

test("Discourse: unknown topics are its 404; no CORS and no-store unless under /cors/", async () => {
  for (const path of ["/t/1.json", "/t/1/posts.json", "/t/2144/nothing.json"]) {
    const n = await get(path);
    assert.equal(n.status, 404, path);
    assert.deepEqual(await body(n), { errors: ["The requested URL or resource could not be found."], error_type: "not_found" }, path);
  }
  const plain = await get("/t/2144.json");
  assert.equal(acao(plain), null);
  assert.equal(plain.headers.get("cache-control"), "no-cache, no-store");
  assert.equal(plain.headers.get("etag"), null);
  const allowed = await get("/cors/t/2144.json");
  assert.equal(allowed.status, 200);
  assert.equal(acao(allowed), "*");
  assert.deepEqual(await body(allowed), await body(await get("/t/2144.json")));
  const pre = (path) => get(path, { method: "OPTIONS", headers: { Origin: "http://x.test", "Access-Control-Request-Method": "GET" } });
  const refused = await pre("/t/2144.json");
  assert.equal(refused.status, 404);
  assert.equal(acao(refused), null);
  const ok = await pre("/cors/t/2144.json");
  assert.equal(ok.status, 200);
  assert.equal(acao(ok), "*");
});

// ------------------------------------------------------------------ failures

// One real route per platform, and what it answers without a failure.
const SAMPLES = {
  mastodon: "/api/v1/statuses/109294769450603673/context",
  bluesky: thread(bskyPost.uri),
  github: `/repos/PyGithub/PyGithub/issues/${5387373}/comments`,
  algolia: "/api/v1/items/17",
  discourse: "/cors/t/2144.json",
};

test("/_fail/429: 429, Retry-After 30, the platform's body, CORS present", async () => {
  const bodies = {
    mastodon: (b) => assert.deepEqual(b, { error: "Too many requests" }),
    bluesky: (b) => assert.equal(b.error, "RateLimitExceeded"),
    github: (b) => assert.match(b.message, /secondary rate limit/),
    algolia: (b) => assert.equal(b.status, 429),
    discourse: (b) => assert.equal(b.error_type, "rate_limit"),
  };
  for (const [platform, path] of Object.entries(SAMPLES)) {
    const r = await get("/_fail/429" + path);
    assert.equal(r.status, 429, platform);
    assert.equal(r.headers.get("retry-after"), "30", platform);
    assert.equal(acao(r), "*", platform);
    bodies[platform](await body(r));
  }
  // Discourse without /cors/ stays without CORS even when failing; both orders of the prefixes work
  assert.equal(acao(await get("/_fail/429/t/2144.json")), null);
  assert.equal(acao(await get("/cors/_fail/429/t/2144.json")), "*");
});

test("/_fail/403rate: GitHub's rate limit with its headers and body, CORS present", async () => {
  const r = await get("/_fail/403rate" + SAMPLES.github);
  assert.equal(r.status, 403);
  assert.equal(r.headers.get("x-ratelimit-limit"), "60");
  assert.equal(r.headers.get("x-ratelimit-remaining"), "0");
  const reset = Number(r.headers.get("x-ratelimit-reset"));
  assert.ok(Math.abs(reset - (Math.floor(Date.now() / 1000) + 1234)) <= 5, `reset ${reset}`);
  assert.deepEqual(await body(r), {
    message: "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)",
    documentation_url: "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting",
  });
  assert.equal(acao(r), "*");
  assert.ok(r.headers.get("access-control-expose-headers").includes("X-RateLimit-Reset"));
  assert.equal((await get("/_fail/403rate" + SAMPLES.mastodon)).status, 403);
});

test("/_fail/401: 401, Mastodon's authenticated-user message, each platform's own, CORS present", async () => {
  const m = await get("/_fail/401" + SAMPLES.mastodon);
  assert.equal(m.status, 401);
  assert.deepEqual(await body(m), { error: "This API requires an authenticated user" });
  assert.equal(acao(m), "*");
  for (const [platform, path] of Object.entries(SAMPLES)) {
    const r = await get("/_fail/401" + path);
    assert.equal(r.status, 401, platform);
    assert.equal(acao(r), "*", platform);
    assert.equal(r.headers.get("content-type"), "application/json; charset=utf-8", platform);
  }
});

test("/_fail/404: the platform's not-found answer", async () => {
  const expected = {
    mastodon: [404, { error: "Record not found" }],
    bluesky: [400, { error: "NotFound", message: `Post not found: ${bskyPost.uri}` }],
    github: [404, { message: "Not Found", documentation_url: "https://docs.github.com/rest/issues/issues#get-an-issue", status: "404" }],
    algolia: [404, { status: 404, error: "Not Found" }],
    discourse: [404, { errors: ["The requested URL or resource could not be found."], error_type: "not_found" }],
  };
  for (const [platform, path] of Object.entries(SAMPLES)) {
    const r = await get("/_fail/404" + path);
    assert.equal(r.status, expected[platform][0], platform);
    assert.deepEqual(await body(r), expected[platform][1], platform);
    assert.equal(acao(r), "*", platform);
  }
});

test("/_fail/nocors: the real answer without any CORS header, preflight included", async () => {
  for (const [platform, path] of Object.entries(SAMPLES)) {
    const real = await get(path);
    const r = await get("/_fail/nocors" + path);
    assert.equal(r.status, 200, platform);
    assert.equal(await r.text(), await real.text(), platform);
    for (const [k] of r.headers) assert.ok(!k.startsWith("access-control-"), `${platform}: ${k}`);
    const pre = await get("/_fail/nocors" + path, { method: "OPTIONS", headers: { Origin: "http://x.test", "Access-Control-Request-Method": "GET" } });
    for (const [k] of pre.headers) assert.ok(!k.startsWith("access-control-"), `${platform} preflight: ${k}`);
  }
  // GitHub's Link stays under the prefix, so following it keeps failing the same way
  const g = await get(`/_fail/nocors/repos/PyGithub/PyGithub/issues/${p.github.issue}/comments?per_page=5`);
  assert.match(g.headers.get("link"), new RegExp(`^<${p.url}/_fail/nocors/repos/`));
});

test("/_fail/invalid: the real status and CORS, the body cut in half", async () => {
  for (const [platform, path] of Object.entries(SAMPLES)) {
    const real = Buffer.from(await (await get(path)).arrayBuffer());
    const r = await get("/_fail/invalid" + path);
    assert.equal(r.status, 200, platform);
    assert.equal(acao(r), "*", platform);
    const text = await r.text();
    assert.equal(Buffer.byteLength(text), Math.floor(real.length / 2), platform);
    assert.throws(() => JSON.parse(text), SyntaxError, platform);
  }
});

test("/_fail/html: 200 text/html, a CDN's challenge page, CORS present", async () => {
  for (const [platform, path] of Object.entries(SAMPLES)) {
    const r = await get("/_fail/html" + path);
    assert.equal(r.status, 200, platform);
    assert.match(r.headers.get("content-type"), /^text\/html/, platform);
    assert.equal(await r.text(), "<!doctype html><title>Just a moment...</title>", platform);
    assert.equal(acao(r), "*", platform);
  }
});

test("/_fail/slow: the real answer after slowMs; a client that leaves clears the timer", async () => {
  // the shared server waits its default 30 s: abandon it, the timer goes
  const ac = new AbortController();
  const pending = get("/_fail/slow" + SAMPLES.mastodon, { signal: ac.signal });
  for (let i = 0; i < 100 && p.slowPending() === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(p.slowPending(), 1);
  ac.abort();
  await assert.rejects(pending, { name: "AbortError" });
  for (let i = 0; i < 100 && p.slowPending() !== 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(p.slowPending(), 0);
  assert.equal(p.hits.at(-1).status, 0);
  // a quicker server shows the delayed answer is the real one
  const quick = await startPlatforms({ slowMs: 400 });
  try {
    const t0 = Date.now();
    const r = await fetch(quick.url + "/_fail/slow" + SAMPLES.algolia);
    assert.ok(Date.now() - t0 >= 380, `answered after ${Date.now() - t0} ms`);
    assert.equal(r.status, 200);
    assert.equal(acao(r), "*");
    assert.deepEqual(await body(r), recorded.hn.find((x) => x.url === "/api/v1/items/17").reply);
    // stop() does not wait for a slow answer still pending
    const left = fetch(quick.url + "/_fail/slow" + SAMPLES.algolia).catch((e) => e);
    for (let i = 0; i < 100 && quick.slowPending() === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const s0 = Date.now();
    await quick.stop();
    assert.ok(Date.now() - s0 < 300);
    assert.equal(quick.slowPending(), 0);
    await left;
  } finally {
    await quick.stop();
  }
});

// ------------------------------------------------------------------ hits

test("hits records method, path, status and origin of every request, in order", async () => {
  const start = p.hits.length;
  await get(SAMPLES.github, { headers: { Origin: "http://page.test:8000" } });
  await get("/_fail/429" + SAMPLES.mastodon);
  await get("/t/1.json");
  await get(SAMPLES.bluesky, { method: "OPTIONS", headers: { Origin: "http://page.test:8000", "Access-Control-Request-Method": "GET" } });
  const mine = p.hits.slice(start).map(({ method, path, status, origin }) => ({ method, path, status, origin }));
  assert.deepEqual(mine, [
    { method: "GET", path: SAMPLES.github, status: 200, origin: "http://page.test:8000" },
    { method: "GET", path: "/_fail/429" + SAMPLES.mastodon, status: 429, origin: null },
    { method: "GET", path: "/t/1.json", status: 404, origin: null },
    { method: "OPTIONS", path: SAMPLES.bluesky, status: 204, origin: "http://page.test:8000" },
  ]);
  assert.deepEqual(
    p.hits.slice(start).map((h) => h.platform),
    ["github", "mastodon", "discourse", "bluesky"],
  );
});

test("stop() resolves once closed: nothing answers afterwards", async () => {
  const q = await startPlatforms();
  assert.equal((await fetch(q.url + SAMPLES.algolia)).status, 200);
  await q.stop();
  await assert.rejects(fetch(q.url + SAMPLES.algolia));
});
