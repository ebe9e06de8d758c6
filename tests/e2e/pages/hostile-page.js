// The host page's own script on the hostile-* pages: a counter that ticks
// every 50 ms (it must keep ticking whatever the widgets do) and the longest
// gap between two ticks (how long the main thread was blocked). With
// ?closed=PORT it adds a widget whose data-src is a closed port (network error).
(function () {
  "use strict";
  var state = { ticks: 0, longest: 0, last: performance.now() };
  window.__page = state;
  setInterval(function () {
    var now = performance.now();
    state.longest = Math.max(state.longest, now - state.last);
    state.last = now;
    state.ticks++;
    var out = document.getElementById("ticks");
    if (out) out.textContent = String(state.ticks);
  }, 50);
  var closed = new URLSearchParams(location.search).get("closed");
  if (closed) {
    document.addEventListener("DOMContentLoaded", function () {
      var el = document.createElement("div");
      el.className = "thread-widget";
      el.id = "f-network";
      el.setAttribute("data-src", "http://127.0.0.1:" + Number(closed) + "/thread.json");
      document.querySelector("main").appendChild(el);
    });
  }
})();
