// Local stand-ins for the public APIs the widget reads live (Mastodon,
// Bluesky's AppView, GitHub, Hacker News on Algolia, Discourse), answering
// from recorded REAL responses at each platform's own API paths, on a second
// origin, with each platform's own CORS and caching headers, and on demand
// with each platform's failures.
//
//   import { startPlatforms } from "./platforms.mjs";
//   const p = await startPlatforms();            // or startPlatforms({ corpora, slowMs, githubMaxPerPage, discourseChunk, port })
//   // <div data-src="https://mastodon.social/@ginevra/109294769450603673" data-api="${p.url}">
//   p.hits      // [{ method, path, status, origin, platform }] of every request, in order
//   p.github.issue, p.github.counts, p.mastodon, p.bluesky, p.hn, p.discourse  (what the corpora hold)
//   p.examples.github  // { src: "https://github.com/PyGithub/PyGithub/issues/5387373", api: p.url }
//   p.hold(["454426"])  // those recorded posts are not posted yet: left out of every answer until p.hold([])
//   await p.stop();
//
// The recorded responses are read at run time from `corpora` (default
// <repo>/../shared/corpora/threads, i.e. /work/shared/corpora/threads) and
// never copied into the repository. Only Node's standard library is used.
//
// ROUTES (method GET; HEAD answers the same without a body; OPTIONS is each
// platform's CORS preflight, see "CORS" below)
//
// Mastodon - mastodon-social-context-109294719267373593.json (the recorded
// answer of GET /api/v1/statuses/109294719267373593/context: 0 ancestors, 59
// descendants; the root status itself was not recorded)
//   /api/v1/statuses/:id            a recorded status -> that status object.
//                                   The root (109294719267373593) -> 404
//                                   {"error":"Record not found"}: it is not
//                                   in the file, and inventing it would not be real.
//   /api/v1/statuses/:id/context    root -> the file, byte for byte.
//                                   A recorded descendant -> DERIVED from the
//                                   recorded statuses only: `ancestors` the
//                                   chain of in_reply_to_id up through the
//                                   file's statuses, oldest first (the root is
//                                   not recorded, so it is absent, where the
//                                   real server would put it first);
//                                   `descendants` every status below it, in
//                                   the file's order (which is Mastodon's
//                                   depth-first order).
//   unknown id -> 404 {"error":"Record not found"}.
//
// Bluesky AppView - bluesky-hagoromo-postthread-3k7wb2lcpso2x.json
//   /xrpc/app.bsky.feed.getPostThread?uri=at://did:plc:.../app.bsky.feed.post/3k7wb2lcpso2x
//   or the same with the author's handle (thread.post.author.handle) in place
//   of the DID (the AppView resolves handles: bluesky-social/atproto#2498)
//   -> the file, byte for byte (at whatever depth/parentHeight: only the
//   default depth was recorded). Other uri -> 400
//   {"error":"NotFound","message":"Post not found: <uri>"} (what the AppView
//   answers, bluesky-social/pds#152 and #224 quote it); no uri -> 400
//   InvalidRequest; another xrpc method -> 501 MethodNotImplemented.
//
// GitHub - github-pygithub-issues-comments-180.json (180 comments of
// PyGithub/PyGithub, but only 78 distinct: the recording repeats pages;
// duplicates are identical and dropped, since GitHub never lists a comment
// twice)
//   /repos/:owner/:repo/issues/:n/comments?per_page=&page=
//     -> the comments whose issue_url ends in /issues/:n, ascending id ("By
//     default, issue comments are ordered by ascending ID", docs.github.com
//     /rest/issues/comments), per_page default 30, max 100, page from 1; a
//     `Link` header in GitHub's order rel="prev", "next", "last", "first"
//     (docs.github.com .../using-pagination-in-the-rest-api), each present
//     only where it applies, absolute URLs on this server (under the same
//     /_fail or /cors prefix as the request), the request's query kept and
//     page set; no Link when everything fits one page. (GitHub writes
//     /repositories/<numeric id>/... in Link; the repository id is not
//     recorded, so /repos/:owner/:repo/... is used.)
//   /repos/:owner/:repo/issues/:n  -> the issue: NOT RECORDED, so this one
//     object is DERIVED from its comments (see githubIssue()).
//   owner/repo compare case-insensitively, as GitHub does; anything else ->
//     404 {"message":"Not Found","documentation_url":"https://docs.github.com/rest/issues/issues#get-an-issue","status":"404"}.
//   The server object's `github.issue` is an issue number with the most
//   comments, `github.counts` the comments per issue number (distinct ones).
//
// Hacker News on Algolia - hn-algolia-fixtures-node-hacker-news-api.json (a
// list of {url, reply} recorded from hn.algolia.com)
//   each recorded `url` (e.g. /api/v1/items/17, /api/v1/users/pg,
//   /api/v1/search?...) -> its `reply`; the query compares decoded and in any
//   order, so tags=(story%2Cpoll) and tags=%28story%2Cpoll%29 are one.
//   Anything else under /api/v1/items, /api/v1/users, /api/v1/search* -> 404
//   {"status":404,"error":"Not Found"}: hn.algolia.com is a Rails 4.2 app
//   (algolia/hn-search Gemfile.lock) whose ItemsController raises
//   RecordNotFound (app/controllers/api/v1/items_controller.rb), which Rails
//   >= 4.2 renders as that body (older Rails wrote "status":"500" as a
//   string, algolia/hn-search#43).
//
// Discourse - discourse-criticalfallibilism-t2144-posts.json (the answer of
// /t/2144/posts.json: posts 1-21 of the topic, 7 missing) and
// discourse-criticalfallibilism-t2108-posts-pn41.json (the answer of
// /t/2108/posts.json?post_number=41: posts 40 down to 21)
//   /t/:id.json and /t/:slug/:id.json (any slug) -> the topic as Discourse
//     answers it, DERIVED from the recorded posts: post_stream.posts the first
//     20 recorded posts by post_number, post_stream.stream every recorded post
//     id in order, id, slug (the posts' topic_slug), title (DERIVED: the slug
//     made readable; no recorded answer holds the title), posts_count and
//     highest_post_number of the recorded posts (the posts' own `posts_count`
//     says the topics hold 30 and 446 posts; the stream can only name the
//     recorded ones, so the served topic is the recorded window, consistent
//     with itself; the recorded totals are in `discourse.topics[id].recordedPostsCount`),
//     chunk_size 20.
//   /t/:id/posts.json?post_ids[]=a&post_ids[]=b (also post_ids%5B%5D) ->
//     {"post_stream":{"posts":[those, by post_number]},"id":<topic>};
//     ?post_number=N[&asc=true] -> the 20 before N, newest first (after N,
//     oldest first with asc=true), as TopicView filters; the recorded request
//     (no query for 2144, post_number=41 for 2108) -> the file, byte for byte.
//   unknown -> 404 {"errors":["The requested URL or resource could not be found."],"error_type":"not_found"}.
//   Discourse sends no CORS headers unless the site enables CORS
//   (config/initializers/008-rack-cors.rb, discourse/discourse: only when
//   GlobalSetting.enable_cors), so these routes have none, unless the path is
//   under /cors/ (e.g. data-api="<url>/cors"): then they carry Discourse::Cors's
//   headers with cors_origin "*" (Access-Control-Allow-Origin: *).
//
// HEADERS each platform sends (found with the search tool; see the report)
//   Content-Type: application/json; charset=utf-8 everywhere.
//   Mastodon: rack-cors, origins '*', expose Link, X-RateLimit-Reset,
//     X-RateLimit-Limit, X-RateLimit-Remaining, X-Request-Id
//     (mastodon/mastodon config/initializers/cors.rb); statuses and context
//     call cache_if_unauthenticated! (app/controllers/api/v1/statuses_controller.rb),
//     expires_in(15.seconds, public: true, stale_while_revalidate: 30.seconds,
//     stale_if_error: 1.day) (app/controllers/concerns/api/caching_concern.rb)
//     -> "max-age=15, public, stale-while-revalidate=30, stale-if-error=86400",
//     which api_caching_concern.rb also writes out literally; Rails 7's Rack::ETag
//     weak ETag W/"md5", If-None-Match -> 304 (Rack::ConditionalGet).
//   Bluesky AppView: express + cors({ maxAge: 86400 }) (packages/bsky/src/index.ts):
//     Access-Control-Allow-Origin: *, no exposed headers; preflight 204 with
//     the cors package's defaults; express's weak ETag W/"<len>-<sha1>" and
//     304; no Cache-Control found in the AppView's code, none sent.
//   GitHub: Access-Control-Allow-Origin: *, Access-Control-Expose-Headers as
//     api.github.com sends it; Cache-Control: public, max-age=60, s-maxage=60;
//     weak ETag, If-None-Match -> 304 (with the same CORS headers);
//     X-RateLimit-* on every answer (Remaining counts down, never below 1).
//   Algolia (hn.algolia.com): Access-Control-Allow-Origin: * (set in front of
//     the app, algolia/hn-search#106); the app sets no caching, so Rails 4.2's
//     defaults: strong ETag "md5" (weak ones came with Rails 5, rails/rails#17573)
//     and Cache-Control: max-age=0, private, must-revalidate; 304 on If-None-Match.
//   Discourse: Cache-Control: no-cache, no-store (ApplicationController#dont_cache_page),
//     no ETag.
//
// CORS preflight (OPTIONS): Mastodon 200, rack-cors (allow-headers echoed,
// max-age 7200); Bluesky 204, express cors (methods
// GET,HEAD,PUT,PATCH,POST,DELETE, requested headers echoed, max-age 86400);
// GitHub 204 with its documented Access-Control-Allow-Headers (Authorization,
// Content-Type, If-Match, If-Modified-Since, If-None-Match,
// If-Unmodified-Since, X-Requested-With, and Accept) and max-age 86400;
// Algolia undocumented: 200 with Allow-Origin * and Allow-Methods GET only
// (simple GETs need no preflight); Discourse 404 without CORS, or under
// /cors/ 200 with Discourse::Cors's headers. Preflights ignore the failure
// prefixes except /_fail/nocors/ (rate limiters sit behind the CORS layer).
//
// FAILURES - a path prefix before the real path, so data-api="<url>/_fail/429"
// makes every request under it fail that way (combine with /cors in either
// order for Discourse: /_fail/429/cors/t/2144.json). The platform is known
// from the path: /api/v1/statuses Mastodon, /xrpc/ Bluesky, /repos/ GitHub,
// /api/v1/items|users|search Algolia, /t/ Discourse.
//   /_fail/429/...      429, Retry-After: 30, the platform's body: Mastodon
//                       {"error":"Too many requests"} (Rack::Attack responder,
//                       config/initializers/rack_attack.rb, with its
//                       X-RateLimit-* headers); Bluesky RateLimitExceeded;
//                       GitHub's secondary rate limit; Algolia
//                       {"message":...,"status":429}; Discourse rate_limit.
//                       CORS headers as the platform's.
//   /_fail/403rate/...  GitHub's primary rate limit: 403, X-RateLimit-Limit 60,
//                       X-RateLimit-Remaining 0, X-RateLimit-Reset now+1234,
//                       GitHub's body; CORS present.
//   /_fail/401/...      401, {"error":"This API requires an authenticated user"}
//                       for Mastodon (limited-federation / authorized-fetch
//                       instances), each other platform's own (Bluesky
//                       AuthMissing, GitHub "Requires authentication", Rails'
//                       {"status":401,...} for Algolia, Discourse not_logged_in,
//                       which real Discourse sends as 403); CORS present.
//   /_fail/404/...      the platform's not-found answer (Bluesky's is 400
//                       NotFound: the AppView has no 404 for a missing post).
//   /_fail/nocors/...   the real answer without any CORS header (the browser refuses it).
//   /_fail/later/...    GitHub's comment pages after the first and Discourse's
//                       posts.json answer 502 (a proxy's error page); the first answers are real
//   /_fail/slow/...     the real answer after `slowMs` (default 30 000 ms), or
//                       nothing if the client goes away first (the timer is
//                       cleared on close; `slowPending()` counts live ones).
//   /_fail/invalid/...  the real status and CORS, the body cut in half (invalid
//                       JSON), no ETag.
//   /_fail/html/...     200 text/html "<!doctype html><title>Just a
//                       moment...</title>" (a CDN's challenge page), CORS present.
// HELD POSTS - `p.hold(ids)` makes the listed recorded posts (Mastodon
// statuses, Hacker News items) not exist yet, as before they were posted: a
// Mastodon context leaves them and every reply below them out of
// `descendants` (and the status itself answers 404), an Algolia item tree
// leaves them out of `children`. The answers change, so do their ETags; a
// refresh after `p.hold([])` reads the replies as new. Only the recorded
// posts are ever served: holding takes away, it never invents.
//
// An unknown failure name answers 500 naming the known ones. A request the
// client abandoned is recorded in `hits` with status 0.

import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Where the recorded responses live unless `startPlatforms({ corpora })` says otherwise. */
export const DEFAULT_CORPORA = join(repo, "..", "shared", "corpora", "threads");

/** The recorded files each platform answers from. */
export const FILES = Object.freeze({
  mastodon: "mastodon-social-context-109294719267373593.json",
  bluesky: "bluesky-hagoromo-postthread-3k7wb2lcpso2x.json",
  github: "github-pygithub-issues-comments-180.json",
  hn: "hn-algolia-fixtures-node-hacker-news-api.json",
  discourse: Object.freeze(["discourse-criticalfallibilism-t2144-posts.json", "discourse-criticalfallibilism-t2108-posts-pn41.json"]),
});

/** The failure prefixes: /_fail/<name>/... */
export const FAILURES = Object.freeze(["429", "403rate", "401", "404", "nocors", "slow", "invalid", "html", "later"]);

const JSON_TYPE = "application/json; charset=utf-8";

// ---------------------------------------------------------------- corpora

async function readJson(dir, name) {
  const path = join(dir, name);
  let bytes;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new Error(`platforms.mjs: cannot read the recorded response ${path} (${e.code}); pass startPlatforms({ corpora }) the directory holding ${name}`);
  }
  try {
    return { path, bytes, json: JSON.parse(bytes.toString("utf8")) };
  } catch (e) {
    throw new Error(`platforms.mjs: ${path} is not JSON: ${e.message}`);
  }
}

function mastodonModel(file) {
  const rootMatch = /context-(\d+)\.json$/.exec(file.path);
  if (!rootMatch || !Array.isArray(file.json.ancestors) || !Array.isArray(file.json.descendants)) {
    throw new Error(`platforms.mjs: ${file.path} is not a Mastodon /context answer`);
  }
  const root = rootMatch[1];
  const statuses = [...file.json.ancestors, ...file.json.descendants];
  const byId = new Map(statuses.map((s) => [s.id, s]));
  // The recorded ids above `id`, oldest first (the chain stops where the file does).
  const chain = (id) => {
    const up = [];
    for (let cur = byId.get(id)?.in_reply_to_id; cur != null && byId.has(cur) && !up.includes(cur); cur = byId.get(cur).in_reply_to_id) up.unshift(cur);
    return up;
  };
  // Held (not yet posted): the status itself or one it answers is held.
  const hidden = (id, held) => held.size > 0 && (held.has(id) || chain(id).some((a) => held.has(a)));
  return {
    root,
    bytes: file.bytes,
    byId,
    hidden,
    context(id, held = new Set()) {
      const shown = (s) => !hidden(s.id, held);
      if (id === root) return held.size ? JSON.stringify({ ancestors: file.json.ancestors, descendants: file.json.descendants.filter(shown) }) : file.bytes;
      if (!byId.has(id) || hidden(id, held)) return null;
      return JSON.stringify({
        ancestors: chain(id).map((a) => byId.get(a)),
        descendants: file.json.descendants.filter((s) => s.id !== id && chain(s.id).includes(id) && shown(s)),
      });
    },
    info: {
      root,
      // the root's author, named by a recorded status of the same account
      rootUrl: `https://mastodon.social/@${statuses.find((s) => s.account?.id === statuses.find((t) => t.in_reply_to_id === root)?.in_reply_to_account_id)?.account.acct ?? "unknown"}/${root}`,
      ids: statuses.map((s) => s.id),
      // recorded statuses that have recorded replies
      withReplies: statuses.filter((s) => statuses.some((t) => t.in_reply_to_id === s.id)).map((s) => s.id),
      // the first of them posted on mastodon.social itself: its web address is a data-src
      example: statuses.find((s) => !s.account?.acct?.includes("@") && statuses.some((t) => t.in_reply_to_id === s.id))?.url ?? null,
    },
  };
}

function blueskyModel(file) {
  const post = file.json?.thread?.post;
  const m = /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([^/]+)$/.exec(post?.uri ?? "");
  if (!m || !post.author?.handle) throw new Error(`platforms.mjs: ${file.path} is not a getPostThread answer`);
  const [, did, rkey] = m;
  const handle = post.author.handle;
  return {
    bytes: file.bytes,
    did,
    handle,
    rkey,
    info: { uri: post.uri, handleUri: `at://${handle}/app.bsky.feed.post/${rkey}`, did, handle, rkey, url: `https://bsky.app/profile/${handle}/post/${rkey}` },
  };
}

function githubModel(file) {
  if (!Array.isArray(file.json)) throw new Error(`platforms.mjs: ${file.path} is not a list of issue comments`);
  const distinct = new Map();
  for (const c of file.json) if (!distinct.has(c.id)) distinct.set(c.id, c);
  const issues = new Map(); // number -> { owner, repo, comments (ascending id) }
  for (const c of distinct.values()) {
    const m = /\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/.exec(c.issue_url ?? "");
    if (!m) throw new Error(`platforms.mjs: comment ${c.id} of ${file.path} has no issue_url`);
    const n = Number(m[3]);
    if (!issues.has(n)) issues.set(n, { owner: m[1], repo: m[2], comments: [] });
    issues.get(n).comments.push(c);
  }
  for (const i of issues.values()) i.comments.sort((a, b) => a.id - b.id);
  const counts = Object.fromEntries([...issues].map(([n, i]) => [n, i.comments.length]));
  let issue = null;
  for (const [n, i] of issues) if (issue === null || i.comments.length > issues.get(issue).comments.length) issue = n;
  const { owner, repo } = issues.get(issue);
  return {
    issues,
    info: { owner, repo, issue, counts, recorded: file.json.length, distinct: distinct.size, url: `https://github.com/${owner}/${repo}/issues/${issue}` },
  };
}

// DERIVED: GitHub's answer to GET /repos/:owner/:repo/issues/:n was not
// recorded; this object is built from what the issue's comments say (url,
// html_url, number from issue_url; user of the first comment; created_at a
// minute before it; comments their count; updated_at the latest comment's).
// title "Issue N", body "" and state "closed" are placeholders, not GitHub's.
function githubIssue(n, { owner, repo, comments }) {
  const api = `https://api.github.com/repos/${owner}/${repo}`;
  const first = comments[0];
  const created = new Date(Date.parse(first.created_at) - 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const updated = comments.map((c) => c.updated_at ?? c.created_at).sort().at(-1);
  return {
    // This recording's issue_url names the issue by its id (GitHub's API of 2012), so id and number are n.
    id: n,
    url: `${api}/issues/${n}`,
    repository_url: api,
    comments_url: `${api}/issues/${n}/comments`,
    html_url: `https://github.com/${owner}/${repo}/issues/${n}`,
    number: n,
    title: `Issue ${n}`,
    user: first.user,
    state: "closed",
    comments: comments.length,
    created_at: created,
    updated_at: updated,
    body: "",
  };
}

function canonical(pathname, params) {
  let path = pathname;
  try {
    path = decodeURIComponent(pathname);
  } catch {}
  const pairs = [...params].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return path + "?" + pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

function hnModel(file) {
  if (!Array.isArray(file.json)) throw new Error(`platforms.mjs: ${file.path} is not a list of {url, reply}`);
  const answers = new Map();
  for (const { url, reply } of file.json) {
    const u = new URL(url, "http://h");
    answers.set(canonical(u.pathname, u.searchParams), JSON.stringify(reply));
  }
  const items = file.json.map((r) => /^\/api\/v1\/items\/(\d+)$/.exec(r.url)?.[1]).filter(Boolean);
  return { answers, info: { urls: file.json.map((r) => r.url), items, url: items[0] ? `https://news.ycombinator.com/item?id=${items[0]}` : null } };
}

function discourseModel(files) {
  const topics = new Map();
  for (const file of files) {
    const posts = file.json?.post_stream?.posts;
    if (!Array.isArray(posts) || !posts.length) throw new Error(`platforms.mjs: ${file.path} is not a Discourse posts.json answer`);
    const id = Number(file.json.id ?? posts[0].topic_id);
    const sorted = [...posts].sort((a, b) => a.post_number - b.post_number);
    const slug = posts[0].topic_slug;
    const pn = /-pn(\d+)\.json$/.exec(file.path);
    topics.set(id, {
      id,
      slug,
      // DERIVED: no recorded answer holds the topic's title; its slug made readable.
      title: slug.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase()),
      posts: sorted,
      bytes: file.bytes,
      recordedQuery: pn ? `post_number=${pn[1]}` : "",
      recordedPostsCount: posts[0].posts_count,
    });
  }
  const info = { topics: {} };
  for (const t of topics.values()) {
    info.topics[t.id] = {
      id: t.id,
      slug: t.slug,
      title: t.title,
      stream: t.posts.map((p) => p.id),
      postNumbers: t.posts.map((p) => p.post_number),
      recordedPostsCount: t.recordedPostsCount,
      url: `https://discuss.criticalfallibilism.com/t/${t.slug}/${t.id}`,
    };
  }
  return { topics, info };
}

/** Reads the recorded responses; resolves with what each platform route serves from. */
export async function loadCorpora(corpora = DEFAULT_CORPORA) {
  // Read together; a failure names the first missing file in this order, whichever read failed first.
  const settled = await Promise.allSettled(
    [FILES.mastodon, FILES.bluesky, FILES.github, FILES.hn, ...FILES.discourse].map((f) => readJson(corpora, f)),
  );
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  const [mastodon, bluesky, github, hn, ...discourse] = settled.map((r) => r.value);
  return {
    mastodon: mastodonModel(mastodon),
    bluesky: blueskyModel(bluesky),
    github: githubModel(github),
    hn: hnModel(hn),
    discourse: discourseModel(discourse),
  };
}

// ---------------------------------------------------------------- headers

const md5 = (b) => createHash("md5").update(b).digest("hex");
const etagOf = {
  mastodon: (b) => `W/"${md5(b)}"`, // Rails 7 Rack::ETag
  bluesky: (b) => `W/"${Buffer.byteLength(b).toString(16)}-${createHash("sha1").update(b).digest("base64").slice(0, 27)}"`, // express / etag package
  github: (b) => `W/"${createHash("sha256").update(b).digest("hex")}"`,
  algolia: (b) => `"${md5(b)}"`, // Rails 4.2 Rack::ETag (strong)
  discourse: null, // no-store: no ETag
};

const cacheOf = {
  mastodon: "max-age=15, public, stale-while-revalidate=30, stale-if-error=86400",
  bluesky: null,
  github: "public, max-age=60, s-maxage=60",
  algolia: "max-age=0, private, must-revalidate",
  discourse: "no-cache, no-store",
};

const MASTODON_METHODS = "POST, PUT, DELETE, GET, PATCH, OPTIONS";
const MASTODON_EXPOSE = "Link, X-RateLimit-Reset, X-RateLimit-Limit, X-RateLimit-Remaining, X-Request-Id";
// api.github.com's list as `curl -I https://api.github.com/users/tater/events`
// printed it (blog.csdn.net/u010674101/article/details/118020728); the docs'
// CORS page shows a subset (docs.github.com/en/rest/using-the-rest-api/using-cors-and-jsonp-to-make-cross-origin-requests).
const GITHUB_EXPOSE =
  "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type";
const GITHUB_ALLOW_HEADERS = "Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, X-Requested-With, Accept";
const DISCOURSE_ALLOW_HEADERS = "Content-Type, Cache-Control, X-Requested-With, X-CSRF-Token, Discourse-Visible, User-Api-Key, User-Api-Client-Id";

/** The CORS headers of an actual (non-preflight) answer; null when the platform sends none. */
function corsHeaders(platform, cors) {
  switch (platform) {
    case "mastodon":
      return { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": MASTODON_METHODS, "Access-Control-Expose-Headers": MASTODON_EXPOSE, "Access-Control-Max-Age": "7200" };
    case "bluesky":
    case "algolia":
      return { "Access-Control-Allow-Origin": "*" };
    case "github":
      return { "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": GITHUB_EXPOSE };
    case "discourse":
      return cors
        ? { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": DISCOURSE_ALLOW_HEADERS, "Access-Control-Allow-Credentials": "true", "Access-Control-Allow-Methods": "POST, PUT, GET, OPTIONS, DELETE" }
        : null;
    default:
      return null;
  }
}

function preflight(platform, cors, req) {
  const asked = req.headers["access-control-request-headers"];
  const echo = asked ? { "Access-Control-Allow-Headers": asked } : {};
  switch (platform) {
    case "mastodon": // rack-cors: headers :any, max_age default 7200
      return { status: 200, headers: { "Content-Type": "text/plain", ...corsHeaders("mastodon"), ...echo }, body: "" };
    case "bluesky": // express cors({ maxAge: 86400 }) defaults
      return {
        status: 204,
        headers: { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET,HEAD,PUT,PATCH,POST,DELETE", ...echo, Vary: "Access-Control-Request-Headers", "Access-Control-Max-Age": "86400" },
        body: "",
      };
    case "github":
      return {
        status: 204,
        headers: { ...corsHeaders("github"), "Access-Control-Allow-Headers": GITHUB_ALLOW_HEADERS, "Access-Control-Allow-Methods": "GET, POST, PATCH, PUT, DELETE", "Access-Control-Max-Age": "86400" },
        body: "",
      };
    case "algolia":
      return { status: 200, headers: { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET" }, body: "" };
    case "discourse":
      return cors ? { status: 200, headers: { "Content-Type": "text/plain", ...corsHeaders("discourse", true) }, body: "" } : notFound("discourse");
    default:
      return unknownPath();
  }
}

// ---------------------------------------------------------------- bodies

const json = (status, value, headers = {}) => ({ status, headers: { "Content-Type": JSON_TYPE, ...headers }, body: typeof value === "string" || Buffer.isBuffer(value) ? value : JSON.stringify(value) });

const GITHUB_NOT_FOUND = { message: "Not Found", documentation_url: "https://docs.github.com/rest/issues/issues#get-an-issue", status: "404" };
const DISCOURSE_NOT_FOUND = { errors: ["The requested URL or resource could not be found."], error_type: "not_found" };

function notFound(platform, detail) {
  switch (platform) {
    case "mastodon":
      return json(404, { error: "Record not found" });
    case "bluesky":
      return json(400, { error: "NotFound", message: `Post not found: ${detail ?? ""}` });
    case "github":
      return json(404, GITHUB_NOT_FOUND);
    case "algolia":
      return json(404, { status: 404, error: "Not Found" });
    case "discourse":
      return json(404, DISCOURSE_NOT_FOUND, { "Cache-Control": cacheOf.discourse });
    default:
      return unknownPath();
  }
}

function unknownPath() {
  return json(404, { error: "Not Found", message: "platforms.mjs serves no such path (see the routes at the top of tests/e2e/platforms.mjs)" });
}

function tooMany(platform) {
  const now = Date.now();
  const headers = { "Retry-After": "30" };
  switch (platform) {
    case "mastodon":
      return json(429, { error: "Too many requests" }, { ...headers, "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": new Date(now + 30_000).toISOString() });
    case "bluesky":
      return json(429, { error: "RateLimitExceeded", message: "Rate Limit Exceeded" }, { ...headers, "RateLimit-Limit": "3000", "RateLimit-Remaining": "0", "RateLimit-Reset": String(Math.floor(now / 1000) + 30), "RateLimit-Policy": "3000;w=300" });
    case "github":
      return json(
        429,
        { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits", status: "429" },
        headers,
      );
    case "algolia":
      return json(429, { message: "Too many requests", status: 429 }, headers);
    case "discourse":
      return json(
        429,
        { errors: ["You’ve performed this action too many times. Please wait 30 seconds before trying again."], error_type: "rate_limit", extras: { wait_seconds: 30, time_left: "30 seconds" } },
        { ...headers, "Cache-Control": cacheOf.discourse },
      );
    default:
      return unknownPath();
  }
}

function rateLimited403() {
  return json(
    403,
    {
      message: "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)",
      documentation_url: "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting",
    },
    { "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": String(Math.floor(Date.now() / 1000) + 1234), "X-RateLimit-Used": "60", "X-RateLimit-Resource": "core" },
  );
}

function unauthorized(platform) {
  switch (platform) {
    case "mastodon":
      return json(401, { error: "This API requires an authenticated user" });
    case "bluesky":
      return json(401, { error: "AuthMissing", message: "Authentication Required" });
    case "github":
      return json(401, { message: "Requires authentication", documentation_url: "https://docs.github.com/rest", status: "401" });
    case "algolia":
      return json(401, { status: 401, error: "Unauthorized" });
    case "discourse":
      return json(401, { errors: ["You need to be logged in to do that."], error_type: "not_logged_in" }, { "Cache-Control": cacheOf.discourse });
    default:
      return unknownPath();
  }
}

const CHALLENGE = "<!doctype html><title>Just a moment...</title>";

// ---------------------------------------------------------------- routes

function platformOf(path) {
  if (/^\/api\/v1\/statuses(\/|$)/.test(path)) return "mastodon";
  if (path.startsWith("/xrpc/")) return "bluesky";
  if (path.startsWith("/repos/")) return "github";
  if (/^\/api\/v1\/(items|users|search|search_by_date)(\/|$)/.test(path)) return "algolia";
  if (path.startsWith("/t/")) return "discourse";
  return null;
}

function mastodonRoute(data, path) {
  const m = /^\/api\/v1\/statuses\/([^/]+)(\/context)?$/.exec(path);
  if (!m) return notFound("mastodon");
  const [, id, context] = m;
  if (context) {
    const body = data.mastodon.context(id, data.held);
    return body === null ? notFound("mastodon") : json(200, body);
  }
  const status = data.mastodon.byId.get(id);
  return status && !data.mastodon.hidden(id, data.held) ? json(200, status) : notFound("mastodon");
}

function blueskyRoute(data, path, params) {
  if (path !== "/xrpc/app.bsky.feed.getPostThread") return json(501, { error: "MethodNotImplemented", message: "Method Not Implemented" });
  const uri = params.get("uri");
  if (uri === null) return json(400, { error: "InvalidRequest", message: 'Params must have the property "uri"' });
  if (!uri.startsWith("at://")) return json(400, { error: "InvalidRequest", message: "uri must be a valid at-uri" });
  const { did, handle, rkey } = data.bluesky;
  const m = /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([^/?#]+)\/?$/.exec(uri);
  const authority = m?.[1];
  if (m && m[2] === rkey && (authority === did || authority?.toLowerCase() === handle.toLowerCase())) return json(200, data.bluesky.bytes);
  return notFound("bluesky", uri);
}

function githubRoute(data, path, params, base) {
  const m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)(\/comments)?$/.exec(path);
  if (!m) return notFound("github");
  const [, owner, repo, num, comments] = m;
  const n = Number(num);
  const issue = data.github.issues.get(n);
  if (!issue || owner.toLowerCase() !== issue.owner.toLowerCase() || repo.toLowerCase() !== issue.repo.toLowerCase()) return notFound("github");
  if (!comments) return json(200, githubIssue(n, issue));
  let perPage = Number.parseInt(params.get("per_page") ?? "", 10);
  if (!(perPage >= 1)) perPage = 30;
  perPage = Math.min(perPage, data.githubMaxPerPage ?? 100);
  let page = Number.parseInt(params.get("page") ?? "", 10);
  if (!(page >= 1)) page = 1;
  const all = issue.comments;
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const headers = {};
  if (all.length > perPage || page > 1) {
    const at = (p) => {
      const q = new URLSearchParams(params);
      q.set("page", String(p));
      return `<${base}${path}?${q}>`;
    };
    const links = [];
    if (page > 1) links.push(`${at(Math.min(page - 1, last))}; rel="prev"`);
    if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
    if (page > 1) links.push(`${at(1)}; rel="first"`);
    headers.Link = links.join(", ");
  }
  return json(200, all.slice((page - 1) * perPage, page * perPage), headers);
}

function algoliaRoute(data, path, params) {
  let body = data.hn.answers.get(canonical(path, params));
  if (body !== undefined && data.held.size && /^\/api\/v1\/items\//.test(path)) body = withoutHeld(JSON.parse(body), data.held);
  return body === undefined || body === null ? notFound("algolia") : json(200, body);
}

/** An Algolia item tree without the held items (and what answers them), as text; null if the item itself is held. */
function withoutHeld(item, held) {
  if (held.has(String(item.id))) return null;
  const prune = (i) => ({ ...i, children: (i.children ?? []).filter((c) => !held.has(String(c.id))).map(prune) });
  return JSON.stringify(prune(item));
}

function discourseRoute(data, path, params) {
  // /t/:id.json, /t/:id/:post_number.json, /t/:slug/:id.json, /t/:slug/:id/:post_number.json
  let m = /^\/t\/(\d+)(?:\/\d+)?\.json$/.exec(path) ?? /^\/t\/[^/]+\/(\d+)(?:\/\d+)?\.json$/.exec(path);
  if (m) {
    const t = data.discourse.topics.get(Number(m[1]));
    if (!t) return notFound("discourse");
    return json(200, {
      post_stream: { posts: t.posts.slice(0, data.discourseChunk ?? 20), stream: t.posts.map((p) => p.id) },
      id: t.id,
      title: t.title,
      fancy_title: t.title,
      slug: t.slug,
      posts_count: t.posts.length,
      highest_post_number: t.posts.at(-1).post_number,
      chunk_size: 20,
    });
  }
  m = /^\/t\/(\d+)\/posts\.json$/.exec(path);
  if (!m) return notFound("discourse");
  const t = data.discourse.topics.get(Number(m[1]));
  if (!t) return notFound("discourse");
  const answer = (posts) => json(200, { post_stream: { posts }, id: t.id });
  if (params.toString() === t.recordedQuery) return json(200, t.bytes);
  const ids = params.getAll("post_ids[]").map(Number);
  if (ids.length) return answer(t.posts.filter((p) => ids.includes(p.id)));
  const n = Number.parseInt(params.get("post_number") ?? "", 10);
  if (Number.isFinite(n)) {
    return params.get("asc") === "true" ? answer(t.posts.filter((p) => p.post_number > n).slice(0, 20)) : answer(t.posts.filter((p) => p.post_number < n).reverse().slice(0, 20));
  }
  return answer(t.posts.slice(0, 20));
}

function route(data, platform, path, params, base) {
  switch (platform) {
    case "mastodon":
      return mastodonRoute(data, path);
    case "bluesky":
      return blueskyRoute(data, path, params);
    case "github":
      return githubRoute(data, path, params, base);
    case "algolia":
      return algoliaRoute(data, path, params);
    case "discourse":
      return discourseRoute(data, path, params);
    default:
      return unknownPath();
  }
}

// ---------------------------------------------------------------- server

function matches(ifNoneMatch, etag) {
  if (!ifNoneMatch || !etag) return false;
  const bare = (t) => t.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((t) => t.trim() === "*" || bare(t) === bare(etag));
}

/**
 * Starts the platforms' stand-in on 127.0.0.1, `port` (default 0: a free one); resolves with
 * `{ url, stop(), hits, examples, hold(ids), slowPending(), slowMs, corpora, mastodon,
 * bluesky, github, hn, discourse }` (the last five describe what the corpora
 * hold, e.g. `github.issue`, `github.counts`; `examples` gives a data-src and
 * data-api per platform). `stop()` resolves once the server closed.
 */
export async function startPlatforms({ corpora = DEFAULT_CORPORA, slowMs = 30_000, githubMaxPerPage = 100, discourseChunk = 20, port = 0 } = {}) {
  const data = await loadCorpora(corpora);
  // Recorded posts not posted yet (`hold`): left out of the answers.
  data.held = new Set();
  // Discourse sends a topic's first 20 posts with it; fewer here makes the recorded topics need posts.json for the rest.
  data.discourseChunk = discourseChunk;
  // GitHub's largest page is 100 comments; a smaller cap (as a GitHub Enterprise may set) makes the recorded issues span pages.
  data.githubMaxPerPage = githubMaxPerPage;
  const hits = [];
  const pending = new Set();
  let githubUsed = 0;
  const githubReset = String(Math.floor(Date.now() / 1000) + 3600);

  const server = createServer((req, res) => {
    const hit = { method: req.method, path: req.url, status: null, origin: req.headers.origin ?? null, platform: null };
    hits.push(hit);
    const finish = (answer, withCors) => {
      const headers = { ...answer.headers, ...(withCors ?? {}) };
      const body = answer.body ?? "";
      if (answer.status !== 204 && answer.status !== 304) headers["Content-Length"] = String(Buffer.byteLength(body));
      hit.status = answer.status;
      res.writeHead(answer.status, headers);
      res.end(req.method === "HEAD" || answer.status === 204 || answer.status === 304 ? undefined : body);
    };

    const u = new URL(req.url, "http://127.0.0.1");
    let path = u.pathname;
    let fail = null;
    let cors = false;
    let prefix = "";
    for (;;) {
      let m = !fail && /^\/_fail\/([^/]+)(?=\/|$)/.exec(path);
      if (m) {
        fail = m[1];
      } else {
        m = !cors && /^\/cors(?=\/|$)/.exec(path);
        if (!m) break;
        cors = true;
      }
      prefix += m[0];
      path = path.slice(m[0].length) || "/";
    }
    if (fail && !FAILURES.includes(fail)) {
      return finish({ status: 500, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: `platforms.mjs: no failure "${fail}"; known: ${FAILURES.join(", ")}\n` });
    }
    const platform = platformOf(path);
    hit.platform = platform;
    const allowCors = fail !== "nocors";
    const platformCors = allowCors ? corsHeaders(platform, cors) : null;

    if (req.method === "OPTIONS") {
      const answer = preflight(platform, cors, req);
      if (!allowCors) answer.headers = Object.fromEntries(Object.entries(answer.headers).filter(([k]) => !/^access-control-/i.test(k)));
      return finish(answer, null);
    }
    if (req.method !== "GET" && req.method !== "HEAD") return finish(platform ? notFound(platform) : unknownPath(), platformCors);
    if (!platform) return finish(unknownPath(), null);

    const base = `http://${req.headers.host ?? server.address().address + ":" + server.address().port}${prefix}`;
    let answer;
    switch (fail) {
      case "429":
        return finish(tooMany(platform), platformCors);
      case "403rate":
        return finish(rateLimited403(), platformCors);
      case "401":
        return finish(unauthorized(platform), platformCors);
      case "404":
        return finish(notFound(platform, u.searchParams.get("uri") ?? undefined), platformCors);
      case "html":
        return finish({ status: 200, headers: { "Content-Type": "text/html; charset=utf-8" }, body: CHALLENGE }, platformCors);
      case "later":
        // A later page fails (GitHub's comment page 2 on, Discourse's posts.json): the first answers stand.
        if ((platform === "github" && Number(u.searchParams.get("page") ?? "1") > 1) || (platform === "discourse" && path.endsWith("/posts.json"))) {
          return finish({ status: 502, headers: { "Content-Type": "text/html; charset=utf-8" }, body: "<!doctype html><title>502 Bad Gateway</title>" }, platformCors);
        }
        answer = route(data, platform, path, u.searchParams, base);
        break;
      default:
        answer = route(data, platform, path, u.searchParams, base);
    }

    // The platform's own headers on its answer.
    if (platform === "github") {
      githubUsed += 1;
      Object.assign(answer.headers, {
        "X-RateLimit-Limit": "60",
        "X-RateLimit-Remaining": String(Math.max(1, 60 - githubUsed)),
        "X-RateLimit-Reset": githubReset,
        "X-RateLimit-Used": String(Math.min(59, githubUsed)),
        "X-RateLimit-Resource": "core",
        "X-GitHub-Media-Type": "github.v3; format=json",
        Vary: "Accept, Accept-Encoding, Accept, X-Requested-With",
      });
    }
    if (answer.status === 200) {
      if (cacheOf[platform]) answer.headers["Cache-Control"] = cacheOf[platform];
      if (etagOf[platform]) answer.headers.ETag = etagOf[platform](answer.body);
    }

    if (fail === "invalid") {
      const bytes = Buffer.from(answer.body);
      delete answer.headers.ETag;
      return finish({ ...answer, body: bytes.subarray(0, Math.floor(bytes.length / 2)) }, platformCors);
    }
    if (answer.status === 200 && matches(req.headers["if-none-match"], answer.headers.ETag)) {
      const { "Content-Type": _type, ...headers } = answer.headers;
      answer = { status: 304, headers, body: "" };
    }
    if (fail === "slow") {
      const timer = setTimeout(() => {
        pending.delete(timer);
        if (!res.destroyed) finish(answer, platformCors);
      }, slowMs);
      pending.add(timer);
      res.on("close", () => {
        if (pending.delete(timer)) {
          clearTimeout(timer);
          hit.status = 0;
        }
      });
      return;
    }
    finish(answer, platformCors);
  });

  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", fail);
      ok();
    });
  });
  let stopped = null;
  const url = `http://127.0.0.1:${server.address().port}`;
  // the topic whose recording starts at its first post
  const topic = Object.values(data.discourse.info.topics).find((t) => t.postNumbers[0] === 1) ?? Object.values(data.discourse.info.topics)[0];
  return {
    url,
    // data-src / data-api pairs a browser test can use as they are
    examples: {
      mastodon: { src: data.mastodon.info.example, api: url },
      bluesky: { src: data.bluesky.info.url, api: url },
      github: { src: data.github.info.url, api: url },
      hn: { src: data.hn.info.url, api: url },
      discourse: { src: topic.url, api: `${url}/cors` },
      discourseNoCors: { src: topic.url, api: url },
    },
    hits,
    slowMs,
    corpora,
    slowPending: () => pending.size,
    /** Leaves these recorded posts (ids) out of every answer from now on, as if not yet posted; `hold([])` posts them. */
    hold(ids) {
      data.held = new Set(ids.map(String));
    },
    mastodon: data.mastodon.info,
    bluesky: data.bluesky.info,
    github: data.github.info,
    hn: data.hn.info,
    discourse: data.discourse.info,
    stop() {
      stopped ??= new Promise((done) => {
        for (const t of pending) clearTimeout(t);
        pending.clear();
        server.close(() => done());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
