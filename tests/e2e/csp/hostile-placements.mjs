// Where tests/e2e/hostile.mjs puts each XSS payload: every string field of a
// thread and every body format and construct. A port of the placement list of
// tests/xss.rs (keep the two in step), shared by the test (which counts) and
// the audit page hostile-xss.js (which builds the threads in the browser).

/** The lean thread each placement starts from; post 2 replies to post 1. */
export function baseThread() {
  return {
    url: "https://forum.example/threads/1",
    posts: [
      { id: 1, author: { name: "A" }, body: "Hello" },
      { id: 2, author: { name: "B" }, reply_to: 1, body: "Quite." },
    ],
  };
}

/** An author card with every field. */
export function author() {
  return {
    name: "Author", title: "Expat", avatar: "avatars/a.png", url: "https://forum.example/members/a",
    location: "Chiang Mai", joined: "2009-12", last_online: "2023-10-21T08:08:00+07:00", posts: 48807,
  };
}

const authorWith = (field, p) => ({ ...author(), [field]: p });

function users(t, key, a) {
  t.users = { [key]: a };
  t.posts[1].author = key;
}

function body(t, format, text) {
  t.posts[0].format = format;
  t.posts[0].body = text;
}

// [name, format ("-" for fields), apply, { text: shown as text, links: images
// as links, single: a thread-wide field, so one payload per thread }]
const P = (name, format, apply, flags = {}) => ({ name, format, apply, text: !!flags.text, links: !!flags.links, single: !!flags.single });

export const PLACEMENTS = [
  // thread fields
  P("title", "-", (t, p) => { t.title = p; }, { text: true, single: true }),
  P("url", "-", (t, p) => { t.url = p; }, { single: true }),
  P("forum.name", "-", (t, p) => { t.forum = { name: p, url: "https://forum.example/f" }; }, { text: true, single: true }),
  P("forum.url", "-", (t, p) => { t.forum = { name: "A forum", url: p }; }, { single: true }),
  P("author.name", "-", (t, p) => { t.posts[0].author = authorWith("name", p); }, { text: true }),
  P("author.title", "-", (t, p) => { t.posts[0].author = authorWith("title", p); }, { text: true }),
  P("author.avatar", "-", (t, p) => { t.posts[0].author = authorWith("avatar", p); }),
  P("author.url", "-", (t, p) => { t.posts[0].author = authorWith("url", p); }),
  P("author.location", "-", (t, p) => { t.posts[0].author = authorWith("location", p); }, { text: true }),
  P("users key", "-", (t, p) => users(t, p, author())),
  P("users.name", "-", (t, p) => users(t, "u1", authorWith("name", p)), { text: true }),
  P("users.title", "-", (t, p) => users(t, "u1", authorWith("title", p)), { text: true }),
  P("users.avatar", "-", (t, p) => users(t, "u1", authorWith("avatar", p))),
  P("users.url", "-", (t, p) => users(t, "u1", authorWith("url", p))),
  P("users.location", "-", (t, p) => users(t, "u1", authorWith("location", p)), { text: true }),
  P("posts.id", "-", (t, p) => { t.posts[0].id = p; t.posts[1].reply_to = p; }),
  P("posts.reply_to (not on the page)", "-", (t, p) => { t.posts[1].reply_to = p; }),
  P("browsing.names", "-", (t, p) => { t.browsing = { members: 3, guests: 2, names: ["Before", p, "After"] }; }, { text: true }),
  P("page.next", "-", (t, p) => { t.page = { first: 1, last: 2, total: 10, next: p, prev: "page-0.json" }; }, { single: true }),
  P("page.prev", "-", (t, p) => { t.page = { first: 3, last: 4, total: 10, next: "page-3.json", prev: p }; }, { single: true }),
  // raw bodies
  P("text body", "text", (t, p) => body(t, "text", p), { text: true }),
  P("bbcode body", "bbcode", (t, p) => body(t, "bbcode", p)),
  P("markdown body", "markdown", (t, p) => body(t, "markdown", p)),
  P("bbcode thread format", "bbcode", (t, p) => { t.format = "bbcode"; t.posts[0].body = p; }),
  // BBCode constructs
  P("bbcode [url=P]", "bbcode", (t, p) => body(t, "bbcode", `[url=${p}]x[/url]`)),
  P('bbcode [URL="P"]', "bbcode", (t, p) => body(t, "bbcode", `[URL="${p}"]x[/URL]`)),
  P("bbcode [url]P", "bbcode", (t, p) => body(t, "bbcode", `[url]${p}[/url]`)),
  P("bbcode [email]P", "bbcode", (t, p) => body(t, "bbcode", `[email]${p}[/email]`)),
  P("bbcode [img]P", "bbcode", (t, p) => body(t, "bbcode", `[img]${p}[/img]`)),
  P("bbcode [img]P (images as links)", "bbcode", (t, p) => body(t, "bbcode", `[img]${p}[/img]`), { links: true }),
  P("bbcode [quote=P]", "bbcode", (t, p) => body(t, "bbcode", `[quote=${p}]x[/quote]`)),
  P("bbcode [quote=a;P]", "bbcode", (t, p) => body(t, "bbcode", `[quote=a;${p}]x[/quote]`)),
  P("bbcode [quote=a;P] on the page", "bbcode", (t, p) => { body(t, "bbcode", `[quote=a;${p}]x[/quote]`); t.posts[1].id = p; }),
  P("bbcode [color=P]", "bbcode", (t, p) => body(t, "bbcode", `[color=${p}]x[/color]`)),
  P("bbcode [size=P]", "bbcode", (t, p) => body(t, "bbcode", `[size=${p}]x[/size]`)),
  P("bbcode [code]", "bbcode", (t, p) => body(t, "bbcode", `[code]${p}[/code]`)),
  P("bbcode [noparse]", "bbcode", (t, p) => body(t, "bbcode", `[noparse]${p}[/noparse]`)),
  // Markdown constructs
  P("markdown [x](P)", "markdown", (t, p) => body(t, "markdown", `[x](${p})`)),
  P("markdown [x](<P>)", "markdown", (t, p) => body(t, "markdown", `[x](<${p}>)`)),
  P("markdown reference [x]: P", "markdown", (t, p) => body(t, "markdown", `[x]\n\n[x]: ${p}`)),
  P("markdown autolink <P>", "markdown", (t, p) => body(t, "markdown", `<${p}>`)),
  P("markdown ![x](P)", "markdown", (t, p) => body(t, "markdown", `![x](${p})`)),
  P("markdown ![P](x.png)", "markdown", (t, p) => body(t, "markdown", `![${p}](x.png)`)),
  P("markdown ![x](P) (images as links)", "markdown", (t, p) => body(t, "markdown", `![x](${p})`), { links: true }),
  P('markdown [quote="P, post:1"]', "markdown", (t, p) => body(t, "markdown", `[quote="${p}, post:1"]\nx\n[/quote]`)),
  P('markdown [quote="a, post:P"]', "markdown", (t, p) => body(t, "markdown", `[quote="a, post:${p}"]\nx\n[/quote]`)),
  P("markdown fenced code", "markdown", (t, p) => body(t, "markdown", "```\n" + p + "\n```")),
  P("markdown fence info string", "markdown", (t, p) => body(t, "markdown", "```" + p + "\nx\n```")),
  P("markdown inline code", "markdown", (t, p) => body(t, "markdown", "`` " + p + " ``")),
  // HTML bodies and their constructs: 9 of the 13 placements of tests/xss.rs's
  // xss_payloads_in_html_bodies_and_their_constructs_stay_in_the_tree, plus a bare
  // <blockquote>. Left to the native audit, to keep this suite's time modest: the
  // thread-wide format (the same tree as "html body"), images as links (the
  // renderer's path, run here for BBCode and Markdown), a Discourse quote's
  // content (a blockquote in an aside: "html <blockquote>" and the author and
  // post placements) and Mastodon's spans (text in a fixed link). The payload is
  // read as HTML, so none is "shown as text".
  P("html body", "html", (t, p) => body(t, "html", p)),
  P('html <a href="P">', "html", (t, p) => body(t, "html", `<a href="${p}">x</a>`)),
  P("html <a href=P>", "html", (t, p) => body(t, "html", `<p><a href=${p}>x</a></p>`)),
  P('html <img src="P">', "html", (t, p) => body(t, "html", `<img src="${p}" alt="a">`)),
  P('html <img alt="P">', "html", (t, p) => body(t, "html", `<img src="/i.png" alt="${p}">`)),
  P("html Discourse quote author", "html", (t, p) => body(t, "html", `<aside class="quote" data-username="${p}" data-post="1"><div class="title">x</div><blockquote><p>q</p></blockquote></aside>`)),
  P("html Discourse quote post", "html", (t, p) => body(t, "html", `<aside class="quote" data-username="a" data-post="${p}"><blockquote>${p}</blockquote></aside>`)),
  P("html Discourse onebox", "html", (t, p) => body(t, "html", `<aside class="onebox" data-onebox-src="${p}"><h3><a href="${p}">${p}</a></h3></aside>`)),
  P("html pre/code", "html", (t, p) => body(t, "html", `<pre><code class="language-${p}">${p}</code></pre>`)),
  P("html <blockquote>", "html", (t, p) => body(t, "html", `<blockquote>${p}</blockquote>`)),
];

/** Payloads written for our own formats (OWN_PAYLOADS of tests/xss.rs). */
export const OWN_PAYLOADS = [
  "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)",
  "\u0001javascript:alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "%6Aavascript:alert(1)",
  "javascript&colon;alert(1)", "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  "data:image/svg+xml,<svg onload=alert(1)>", "\" onmouseover=\"alert(1)", "' onmouseover='alert(1)", "x\" onerror=\"alert(1)\" y=\"",
  "]javascript:alert(1)[/url]", "javascript:alert(1)]x[/url][url=javascript:alert(1)", "[url=javascript:alert(1)]x[/url]",
  "[img]javascript:alert(1)[/img]", "[quote=\"><script>alert(1)</script>]x[/quote]",
  "[color=red;background:url(javascript:alert(1))]x[/color]", "[size=7\" style=\"x]x[/size]",
  "[url=http://a.example/\" onmouseover=\"alert(1)]x[/url]", "[x](javascript:alert(1))", "[x](<javascript:alert(1)>)",
  "[x]: javascript:alert(1)\n\n[x]", "![x](javascript:alert(1))", "<javascript:alert(1)>", "<script>alert(1)</script>",
  "```\n</code></pre><script>alert(1)</script>\n```", "`</code><script>alert(1)</script>`", "</p><img src=x onerror=alert(1)>",
  "<!--<img src=x onerror=alert(1)>-->", "<![CDATA[<script>alert(1)</script>]]>", "\r\n<script>alert(1)</script>\0", "\0<script>",
  "post-1\" autofocus onfocus=\"alert(1)", "#post-1\" onclick=\"alert(1)", "http://a.example/?<script>", "//evil.example/%0aalert(1)",
];

/**
 * One thread holding many payloads in the same placement (for throughput):
 * the per-payload threads' posts side by side, their own ids and user keys
 * made unique. Thread-wide placements (`single`) are never merged.
 */
export function mergedThread(pl, texts) {
  const out = { url: "https://forum.example/threads/1", posts: [] };
  texts.forEach((text, i) => {
    const t = baseThread();
    pl.apply(t, text);
    const ren = (id) => (id === 1 || id === 2 ? `${i}-${id}` : id);
    if (t.format) out.format = t.format;
    for (const [k, a] of Object.entries(t.users || {})) (out.users ??= {})[k === "u1" ? `u1-${i}` : k] = a;
    for (const post of t.posts) {
      const q = { ...post, id: ren(post.id) };
      if ("reply_to" in post) q.reply_to = ren(post.reply_to);
      if (post.author === "u1") q.author = `u1-${i}`;
      out.posts.push(q);
    }
    if (t.browsing) (out.browsing ??= { members: 3, guests: 2, names: [] }).names.push(...t.browsing.names);
  });
  return out;
}

/**
 * The allow-lists of tests/xss.rs (ELEMENTS, ATTRIBUTES), and the two
 * attributes only a reader's action adds: `aria-busy` on "Load more posts"
 * while its file loads, and `role="alert"` on the message beside it when the
 * file cannot be loaded (both the widget's own values).
 */
export const ELEMENTS = [
  "section", "header", "footer", "nav", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "article", "a", "img",
  "time", "dl", "dt", "dd", "span", "ul", "ol", "li", "br", "strong", "em", "u", "s", "code", "pre", "figure",
  "figcaption", "blockquote", "cite", "details", "summary", "table", "thead", "tbody", "tr", "th", "td", "hr",
  "button",
];
export const ATTRIBUTES = [
  "class", "id", "lang", "dir", "href", "src", "alt", "width", "height", "loading", "decoding", "referrerpolicy",
  "rel", "datetime", "aria-label", "aria-current", "aria-hidden", "data-post", "data-page", "type", "disabled",
  "start", "tabindex", "title", "aria-busy", "role",
  "data-depth", "aria-expanded", "aria-controls", "data-replies", "hidden", "data-unloaded", "data-of", "data-from",
  "translate",
];
export const SCHEMES = ["http:", "https:", "mailto:"];
