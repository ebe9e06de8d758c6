// Start-up probe for www/bench/startup.html (a classic script, run just before
// the loader's tag). Records, relative to performance.timeOrigin:
//   script: this script running (the loader tag is next),
//   ready:  the widget's thread-widget:ready event,
//   frame:  the first requestAnimationFrame after ready (the frame that paints it),
//   painted: a task after that frame (its paint has been committed),
//   fcp:    first-contentful-paint (the widget is the only content, so this is
//           the first post painted, as the browser reports it).
window.__startup = { script: performance.now() };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (e.name === "first-contentful-paint") window.__startup.fcp = e.startTime;
}).observe({ type: "paint", buffered: true });
document.addEventListener("thread-widget:ready", () => {
  const s = window.__startup;
  s.ready = performance.now();
  s.posts = document.querySelectorAll("article.tw-post").length;
  requestAnimationFrame(() => {
    s.frame = performance.now();
    setTimeout(() => {
      s.painted = performance.now();
      s.done = true;
    }, 0);
  });
}, { once: true });
