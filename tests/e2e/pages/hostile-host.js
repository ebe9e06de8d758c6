// A hostile host page (runs before the loader): prototypes polluted with the
// widget's option names and more, Array.prototype methods replaced (working,
// but not the originals) and junk enumerable properties, and globals named
// like the widget's internals. The widget must not notice.
(function () {
  "use strict";
  var junk = {
    src: "/_test/status/418", theme: "x", lang: "zz", pageSize: 1, page: 3, order: "newest", loading: "lazy",
    refresh: 5, quoteDepth: 0, images: "link", headingLevel: 6, timeout: 1, dates: "relative",
    version: 99, posts: "none", format: "markdown", body: "<img src=x onerror=alert(1)>", author: "ghost",
    id: "polluted", name: "polluted", url: "javascript:alert(1)", users: { ghost: { name: "ghost" } },
    module_or_path: "/evil/evil.wasm", default: "evil", __proto_evil: 1,
  };
  for (var k in junk) Object.defineProperty(Object.prototype, k, { value: junk[k], writable: true, configurable: true, enumerable: true });
  Array.prototype.evil = function () { return "evil"; };
  Array.prototype[5] = "hole";
  var push = Array.prototype.push;
  var calls = 0;
  Array.prototype.push = function () { calls++; return push.apply(this, arguments); };
  var map = Array.prototype.map;
  Array.prototype.map = function (f, t) { return map.call(this, f, t); };
  window.__pushCalls = function () { return calls; };
  var names = ["init", "mount", "render", "renderToString", "wasm", "wasm_bindgen", "__wbg_init", "__wbindgen_malloc",
    "__wbindgen_free", "__wbg_set_wasm", "threadWidget", "ThreadWidget", "Widget", "cachedUint8ArrayMemory0", "module", "exports"];
  names.forEach(function (n) { window[n] = function () { throw new Error("the host's own " + n); }; });
})();
