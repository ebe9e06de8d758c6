// First script of the strict pages: records every CSP (and Trusted Types)
// violation, page error and unhandled rejection into window.__violations.
(function () {
  "use strict";
  var list = [];
  Object.defineProperty(window, "__violations", { value: list });
  document.addEventListener("securitypolicyviolation", function (e) {
    list.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " " + (e.sample || "") + " at " + e.sourceFile + ":" + e.lineNumber);
  });
  window.addEventListener("error", function (e) { if (e instanceof ErrorEvent) list.push("error: " + e.message); });
  window.addEventListener("unhandledrejection", function (e) { list.push("rejection: " + (e.reason && e.reason.message || e.reason)); });
})();
