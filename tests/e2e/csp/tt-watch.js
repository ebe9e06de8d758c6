// Second script of the strict module pages (after csp-watch.js), before the
// widget: records, without changing anything, what the widget does with
// Trusted Types, for tests/e2e/hostile.mjs to read in any engine (WebDriver
// has no init script): into window.__seen, the policies created or refused,
// the createHTML calls, and what each <template>'s innerHTML was given
// ("TrustedHTML" or "string").
(function () {
  "use strict";
  var seen = { trustedTypes: typeof window.trustedTypes, policies: [], refused: [], createHTML: 0, sets: [] };
  Object.defineProperty(window, "__seen", { value: seen });
  if (window.TrustedTypePolicyFactory && window.TrustedTypePolicy) {
    var create = TrustedTypePolicyFactory.prototype.createPolicy;
    TrustedTypePolicyFactory.prototype.createPolicy = function (name, rules) {
      try {
        var p = create.call(this, name, rules);
        seen.policies.push(name);
        return p;
      } catch (e) {
        seen.refused.push(name);
        throw e;
      }
    };
    var html = TrustedTypePolicy.prototype.createHTML;
    TrustedTypePolicy.prototype.createHTML = function () {
      seen.createHTML++;
      return html.apply(this, arguments);
    };
  }
  var inner = Object.getOwnPropertyDescriptor(Element.prototype, "innerHTML");
  Object.defineProperty(Element.prototype, "innerHTML", {
    configurable: inner.configurable,
    enumerable: inner.enumerable,
    get: inner.get,
    set: function (v) {
      if (this instanceof HTMLTemplateElement) seen.sets.push(typeof v === "string" ? "string" : window.trustedTypes && window.trustedTypes.isHTML(v) ? "TrustedHTML" : typeof v);
      inner.set.call(this, v);
    },
  });
})();
