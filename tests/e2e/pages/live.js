// tests/e2e/live.mjs: ?src=ADDRESS&api=URL[&src=…&api=…][&layout=…&refresh=…&timeout=…&lang=…]
// One container a src (id w0, w1, …; api "-" for none), then the classic loader, as a blog would paste it.
(function () {
  var q = new URLSearchParams(location.search);
  var srcs = q.getAll("src"), apis = q.getAll("api");
  document.addEventListener("DOMContentLoaded", function () {
    var main = document.querySelector("main");
    srcs.forEach(function (src, i) {
      var d = document.createElement("div");
      d.className = "thread-widget";
      d.id = "w" + i;
      d.setAttribute("data-src", src);
      if (apis[i] && apis[i] !== "-") d.setAttribute("data-api", apis[i]);
      ["layout", "refresh", "timeout", "lang", "page-size"].forEach(function (k) {
        if (q.has(k)) d.setAttribute("data-" + k, q.get(k));
      });
      main.appendChild(d);
    });
    // The article counts of the first widget as it changes (what the reader saw, screen by screen).
    window.__counts = [];
    new MutationObserver(function () {
      var n = document.querySelectorAll("#w0 article.tw-post").length;
      if (window.__counts[window.__counts.length - 1] !== n) window.__counts.push(n);
    }).observe(main, { childList: true, subtree: true });
    var s = document.createElement("script");
    s.src = "/pkg/thread-widget.js";
    s.async = true;
    document.head.appendChild(s);
  });
})();
