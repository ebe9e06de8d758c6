// The site's own theme for tests/e2e/theme.mjs, read from the query before the
// body is parsed (as a site's head script restores a saved choice):
//   ?html=dark            classes on <html>        ?body=a+b   classes on <body>
//   ?html-attr=data-theme:dark   an attribute on <html>   ?body-attr=…   on <body>
//   ?meta=dark            <meta name="color-scheme" content="dark">
//   ?main=x-bg-dark       classes on <main> (a background only, no name)
//   ?broken=1             one more widget, whose thread is missing (its error box)
//   ?toggle=class         the button toggles class="dark" on <html> (the site's CSS darkens the body)
//   ?toggle=bg            the button toggles a background class on <body> only, through a transition
(function () {
  "use strict";
  var q = new URLSearchParams(location.search);
  var root = document.documentElement;
  var attr = function (el, spec) {
    var i = spec.indexOf(":");
    el.setAttribute(spec.slice(0, i), spec.slice(i + 1));
  };
  if (q.get("html")) root.className = q.get("html");
  if (q.get("meta")) {
    var meta = document.createElement("meta");
    meta.name = "color-scheme";
    meta.content = q.get("meta");
    document.head.appendChild(meta);
  }
  if (q.get("html-attr")) attr(root, q.get("html-attr"));
  document.addEventListener("DOMContentLoaded", function () {
    if (q.get("body")) document.body.className = q.get("body");
    if (q.get("body-attr")) attr(document.body, q.get("body-attr"));
    if (q.get("main")) document.getElementById("main").className = q.get("main");
    if (q.get("broken")) {
      // A widget whose thread is missing: it shows its error box.
      var box = document.createElement("div");
      box.className = "thread-widget";
      box.id = "broken";
      box.setAttribute("data-src", "/threads/missing.json");
      document.getElementById("main").appendChild(box);
    }
    // What each container said when its thread first appeared in it (before the first paint).
    var first = {};
    window.__firstScheme = first;
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        var box = records[i].target;
        if (box.id && !(box.id in first) && box.querySelector(":scope > .tw-thread")) first[box.id] = box.getAttribute("data-tw-scheme");
      }
    }).observe(document.getElementById("main"), { childList: true, subtree: true });
    var mode = q.get("toggle");
    document.getElementById("toggle").addEventListener("click", function () {
      if (mode === "bg") document.body.classList.toggle("x-bg-dark");
      else root.classList.toggle("dark");
    });
    if (mode === "bg") document.body.classList.add("x-slow");
  });
})();
