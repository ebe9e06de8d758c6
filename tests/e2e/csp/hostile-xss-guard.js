// Loaded first by hostile-xss.html (a classic script, before anything else):
// the tripwires that record any script a payload manages to run.
//
// - alert/confirm/prompt/print, and pass() (html5sec's "the vector fired"), are stubs;
// - the page is served with a Content-Security-Policy-Report-Only header that
//   allows only 'self' scripts and styles: any inline handler, javascript: URL,
//   inline <script>, eval or style attribute that runs is reported
//   (securitypolicyviolation) while it still runs, so nothing hides;
// - uncaught errors (a payload that ran and threw) are recorded;
// - elements added outside the stage (a script, a frame) are recorded;
// - a click on a link whose scheme is not http, https or mailto is recorded
//   and allowed to go ahead; safe (or unparseable) links are not followed.
// Everything goes into window.__xss; the test fails on any entry.
(function () {
  "use strict";
  var hits = [];
  Object.defineProperty(window, "__xss", { value: hits });
  var hit = function (kind, detail) {
    hits.push({ kind: kind, detail: String(detail).slice(0, 300), at: window.__xssAt || "" });
  };
  ["alert", "confirm", "prompt", "print"].forEach(function (name) {
    window[name] = function () { hit(name, Array.prototype.join.call(arguments, ",")); };
  });
  window.pass = function (v) { hit("pass", v); };
  window.fail = function () {};
  window.fuzz = function () {};
  document.addEventListener("securitypolicyviolation", function (e) {
    hit("csp", e.violatedDirective + " " + e.blockedURI + " " + e.sample + " (line " + e.lineNumber + ")");
  });
  window.addEventListener("error", function (e) {
    if (e instanceof ErrorEvent) hit("error", e.message + " at " + e.filename + ":" + e.lineno);
  }, true);
  window.addEventListener("unhandledrejection", function (e) { hit("rejection", e.reason); });
  var SAFE = { "http:": 1, "https:": 1, "mailto:": 1 };
  window.addEventListener("click", function (e) {
    var a = e.target && e.target.closest ? e.target.closest("a[href]") : null;
    if (!a) return;
    var u = null;
    try { u = new URL(a.href); } catch (x) {}
    // A URL the browser cannot parse has no scheme and runs nothing; the audit
    // counts it (hostile-xss.js). Following it would only reload this page.
    if (!u || SAFE[u.protocol]) e.preventDefault();
    else hit("link", a.getAttribute("href"));
  }, true);
  document.addEventListener("DOMContentLoaded", function () {
    // Outside the stage nothing may be added: the widget renders only inside it.
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        for (var j = 0; j < records[i].addedNodes.length; j++) {
          var n = records[i].addedNodes[j];
          // The one thing the loader adds: its own stylesheet, from its own folder.
          if (n.localName === "link" && n.hasAttribute("data-thread-widget") && n.rel === "stylesheet" &&
              n.href === new URL("/pkg/thread-widget.css", location.href).href && n.attributes.length === 3) continue;
          hit("dom", "<" + (n.localName || n.nodeName) + "> added to <" + records[i].target.nodeName + ">");
        }
      }
    }).observe(document.head, { childList: true });
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        for (var j = 0; j < records[i].addedNodes.length; j++) {
          var n = records[i].addedNodes[j];
          if (n.id !== "stage") hit("dom", "<" + (n.localName || n.nodeName) + "> added to <body>");
        }
      }
    }).observe(document.body, { childList: true });
    new MutationObserver(function () { hit("dom", "<html> changed its children"); }).observe(document.documentElement, { childList: true });
  });
})();
