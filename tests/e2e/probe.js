// Loaded first on every page that scripts/serve.mjs --probe serves
// (tests/e2e/browsers.mjs): records what a test reads back in any engine,
// where no driver protocol gives the same in all three.
//   window.__tw      the widget's events: {type: "ready"|"error", id, detail}
//   window.__probe   {console: [{type: "error"|"warning", text}], errors: [String]}
(() => {
  const probe = { console: [], errors: [] };
  window.__probe = probe;
  window.__tw = [];
  for (const [method, type] of [["error", "error"], ["warn", "warning"]]) {
    const original = console[method];
    console[method] = function (...args) {
      probe.console.push({ type, text: args.map(String).join(" ") });
      return original.apply(this, args);
    };
  }
  window.addEventListener("error", (e) => probe.errors.push(String(e.error ?? e.message)));
  window.addEventListener("unhandledrejection", (e) => probe.errors.push(String(e.reason)));
  for (const type of ["thread-widget:ready", "thread-widget:error"]) {
    document.addEventListener(type, (e) => {
      const t = e.target;
      window.__tw.push({ type: type.slice(14), id: (t && t.id) || "", detail: JSON.parse(JSON.stringify(e.detail ?? null)) });
    }, true);
  }
})();
