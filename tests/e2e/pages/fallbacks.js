// Takes from the page what an older or other engine may lack, before the
// loader runs: ?without=scheduler,trustedTypes,… (run.mjs, "fallbacks").
// A property defined on window itself hides the prototype's getter.
const without = (new URLSearchParams(location.search).get("without") || "").split(",").filter(Boolean);
const take = {
  scheduler: () => Object.defineProperty(window, "scheduler", { value: undefined, configurable: true }),
  trustedTypes: () => Object.defineProperty(window, "trustedTypes", { value: undefined, configurable: true }),
  IntersectionObserver: () => Object.defineProperty(window, "IntersectionObserver", { value: undefined, configurable: true }),
  ResizeObserver: () => Object.defineProperty(window, "ResizeObserver", { value: undefined, configurable: true }),
  "Intl.RelativeTimeFormat": () => delete Intl.RelativeTimeFormat,
  "AbortSignal.timeout": () => delete AbortSignal.timeout,
  "AbortSignal.any": () => delete AbortSignal.any,
};
window.__taken = without.map((name) => {
  if (!take[name]) throw new Error(`fallbacks.js: nothing named ${name} to take`);
  take[name]();
  return name;
});
