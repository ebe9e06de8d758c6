// The page side of tests/e2e/dom.mjs: renders a generated thread long enough
// to be built in slices, then records renderToString's HTML of the same
// thread for the test to compare with the widget's DOM.
import init, { render, renderToString } from "/pkg/thread_widget.js";

const done = (v) => { document.documentElement.dataset.done = v; };

/** 120 posts in text and BBCode (not Markdown: that would load the second build), every one with text that needs escaping. */
function thread() {
  const users = {};
  for (let u = 0; u < 7; u++) {
    users[`u${u}`] = { name: `User ${u} <b>&amp;</b> "q" 'a'`, title: `<img src=x onerror=alert(${u})>`, avatar: `/a/${u}.png?x="1"&y=<2>`, joined: "2010-03", posts: u * 1000 };
  }
  const posts = [];
  for (let i = 1; i <= 120; i++) {
    const bbcode = i % 2 === 0;
    const body = bbcode
      ? `[quote=u${i % 7};${Math.max(1, i - 1)}]quoted [b]bold[/b] <p>not a tag</p>[/quote]\n[list][*]one & two[*]<table><tr><td>cell[/list]` +
        `[url=https://e.example/${i}?a="b"&c=<d>]link[/url] [img]https://e.example/${i}.png[/img] [code]</code><script>alert(1)</script>[/code]`
      : `Plain ${i} <p>in <p>a paragraph</p></p> & <!-- comment --> "quotes" 'single'\n\nhttps://bare.example/${i}?q=<x>&r="y"`;
    posts.push({ id: i, author: `u${i % 7}`, format: bbcode ? "bbcode" : "text", body, created: "2024-01-02T03:04:05Z", reply_to: i > 1 ? i - 1 : undefined });
  }
  return { version: 1, title: "DOM <construction> & \"escaping\"", users, posts };
}

try {
  await init();
  const t = thread();
  const el = document.getElementById("rendered");
  const ready = new Promise((ok) => el.addEventListener("thread-widget:ready", (e) => ok(e.detail), { once: true }));
  render(el, t);
  const detail = await ready;
  window.__result = { html: renderToString(t), posts: detail.posts, chunks: detail.chunks };
  done("ok");
} catch (e) {
  done("failed: " + e.message);
}
