// The benchmark's baseline: what a site would write by hand instead of the
// widget. A straightforward vanilla-JS renderer of the same markup (the same
// elements, classes and author cards) with createElement from the thread
// object. Bodies are handled the way such code usually does: paragraphs split
// on blank lines, line breaks, and a handful of BBCode tags ([b] [i] [u] [s],
// [url], [quote]) by regular expression; Markdown and lists stay plain text.
// No validation, no URL policy, no escaping concerns (textContent only).

const numbers = new Intl.NumberFormat("en");
const months = new Intl.DateTimeFormat("en", { month: "short", year: "numeric", timeZone: "UTC" });
const dates = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function time(iso, cls) {
  const t = el("time", cls, dates.format(new Date(iso)));
  t.setAttribute("datetime", iso);
  return t;
}

function fact(dl, cls, label, value) {
  const d = el("div", cls);
  d.append(el("dt", "", label));
  const dd = el("dd");
  dd.append(value);
  d.append(dd);
  dl.append(d);
}

function author(a) {
  const card = el("div", "tw-author");
  if (a.avatar) {
    const img = el("img", "tw-avatar");
    img.src = a.avatar;
    img.alt = `${a.name}'s avatar`;
    img.width = 64;
    img.height = 64;
    img.loading = "lazy";
    img.decoding = "async";
    card.append(img);
  }
  const h = el("h3", "tw-author-name");
  h.dir = "auto";
  if (a.url) {
    const link = el("a", "", a.name);
    link.href = a.url;
    link.rel = "nofollow ugc noopener noreferrer";
    h.append(link);
  } else h.textContent = a.name;
  card.append(h);
  if (a.title) {
    const p = el("p", "tw-user-title", a.title);
    p.dir = "auto";
    card.append(p);
  }
  const dl = el("dl", "tw-author-facts");
  if (a.joined) {
    const t = el("time", "", months.format(new Date(a.joined.slice(0, 7) + "-01T00:00:00Z")));
    t.setAttribute("datetime", a.joined);
    fact(dl, "tw-joined", "Join Date", t);
  }
  if (a.last_online) fact(dl, "tw-last-online", "Last Online", time(a.last_online));
  if (a.location) {
    const s = el("span", "", a.location);
    s.dir = "auto";
    fact(dl, "tw-location", "Location", s);
  }
  if (a.posts != null) fact(dl, "tw-post-count", "Posts", numbers.format(a.posts));
  if (dl.firstChild) card.append(dl);
  return card;
}

const INLINE = /\[(b|i|u|s)\]([\s\S]*?)\[\/\1\]|\[url=([^\]]+)\]([\s\S]*?)\[\/url\]|\[url\]([\s\S]*?)\[\/url\]/gi;
const TAGS = { b: "strong", i: "em", u: "u", s: "s" };

/** Text with simple inline BBCode and line breaks, appended to parent. */
function inline(parent, text) {
  let last = 0;
  const plain = (s) => {
    const lines = s.split("\n");
    lines.forEach((line, i) => {
      if (i > 0) parent.append(el("br"));
      if (line) parent.append(line);
    });
  };
  for (const m of text.matchAll(INLINE)) {
    plain(text.slice(last, m.index));
    if (m[1]) parent.append(el(TAGS[m[1].toLowerCase()], "", m[2]));
    else {
      const a = el("a", "", m[4] ?? m[5]);
      a.href = m[3] ?? m[5];
      a.rel = "nofollow ugc noopener noreferrer";
      parent.append(a);
    }
    last = m.index + m[0].length;
  }
  plain(text.slice(last));
}

const QUOTE = /\[quote(?:=([^;\]]*)(?:;(\d+))?)?\]([\s\S]*?)\[\/quote\]/i;

function body(target, text) {
  let rest = text;
  let m;
  // Outer quotes only, the way a hand-written renderer would.
  while ((m = QUOTE.exec(rest))) {
    paragraphs(target, rest.slice(0, m.index));
    const fig = el("figure", "tw-quote");
    const cap = el("figcaption", "tw-quote-by", "Originally posted by ");
    cap.append(el("cite", "", m[1] || ""));
    if (m[2]) {
      cap.append(" ");
      const a = el("a", "tw-quote-link", "View post");
      a.href = `#post-${m[2]}`;
      a.dataset.post = m[2];
      cap.append(a);
    }
    fig.append(cap);
    const bq = el("blockquote");
    paragraphs(bq, m[3]);
    fig.append(bq);
    target.append(fig);
    rest = rest.slice(m.index + m[0].length);
  }
  paragraphs(target, rest);
}

function paragraphs(target, text) {
  for (const para of text.split(/\n\s*\n/)) {
    const t = para.trim();
    if (!t) continue;
    const p = el("p");
    inline(p, t);
    target.append(p);
  }
}

function post(p, users, byId) {
  const a = typeof p.author === "string" ? users[p.author] : p.author;
  const art = el("article", "tw-post");
  art.id = `post-${p.id}`;
  art.append(author(a));
  const main = el("div", "tw-post-main");
  const meta = el("div", "tw-post-meta");
  const n = numbers.format(p.number ?? p.id);
  const num = el("a", "tw-post-number", `#${n}`);
  num.href = `#post-${p.id}`;
  num.setAttribute("aria-label", `Post ${n}`);
  meta.append(num);
  if (p.created) meta.append(time(p.created, "tw-created"));
  if (p.reply_to != null) {
    const r = el("span", "tw-reply-to", "In reply to ");
    const link = el("a", "", `#${byId.has(String(p.reply_to)) ? numbers.format(byId.get(String(p.reply_to))) : p.reply_to}`);
    link.href = `#post-${p.reply_to}`;
    link.dataset.post = p.reply_to;
    r.append(link);
    meta.append(r);
  }
  if (p.edited) {
    const e = el("span", "tw-edited", "Last edited ");
    e.append(time(p.edited));
    meta.append(e);
  }
  main.append(meta);
  const b = el("div", "tw-body");
  b.dir = "auto";
  body(b, p.body);
  main.append(b);
  art.append(main);
  return art;
}

/** Renders a thread object into element, replacing its content. */
export function renderVanilla(element, thread) {
  const users = thread.users || {};
  const byId = new Map(thread.posts.map((p) => [String(p.id), p.number ?? p.id]));
  const section = el("section", "tw-thread");
  section.lang = "en";
  section.dir = "ltr";
  const header = el("header", "tw-header");
  if (thread.forum) {
    const p = el("p", "tw-forum");
    const a = el("a", "", thread.forum.name);
    a.href = thread.forum.url;
    p.append(a);
    header.append(p);
  }
  if (thread.title) {
    const h = el("h2", "tw-title");
    h.dir = "auto";
    if (thread.url) {
      const a = el("a", "", thread.title);
      a.href = thread.url;
      h.append(a);
    } else h.textContent = thread.title;
    header.append(h);
  }
  const total = numbers.format(thread.posts.length);
  header.append(el("p", "tw-results", `Results 1 to ${total} of ${total}`));
  section.append(header);
  const list = el("div", "tw-posts");
  for (const p of thread.posts) list.append(post(p, users, byId));
  section.append(list);
  element.replaceChildren(section);
}
