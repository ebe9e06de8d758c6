/*! thread-widget classic loader: <script src=".../thread-widget.js" data-src="thread.json" async></script>
 * Renders the thread after this tag when it has data-src, and mounts every
 * .thread-widget container on the page, now and later. The ES module, the
 * .wasm and the stylesheet load once, relative to this file's own URL. */
(function () {
  "use strict";
  // document.currentScript is only set while this script first runs: read it now,
  // through Document.prototype's getter: `<img name="currentScript" src="//evil/">`
  // in the page would otherwise stand in for it (DOM clobbering) and choose the
  // URL this loader imports code from (webpack's CVE-2024-43788).
  var me = null;
  try {
    me = Object.getOwnPropertyDescriptor(Document.prototype, "currentScript").get.call(document);
  } catch (e) {}
  if (!(me instanceof HTMLScriptElement)) me = null;
  var base = (me && me.src) || document.baseURI;
  var KEY = typeof Symbol == "function" ? Symbol.for("thread-widget.loader") : "__threadWidgetLoader";
  var shared = window[KEY];
  if (!shared || typeof shared.add != "function") {
    var seen = typeof WeakSet == "function" ? new WeakSet() : null;
    var modulePromise = null;
    var cssDone = false;
    var log = function (m) { try { console.error("thread-widget: " + m); } catch (e) {} };
    var load = function () {
      // The show module (js/show.js) finds its .wasm files beside itself; its show()
      // loads the build a widget needs: the plain one, or through the entry
      // (thread_widget.js) the core, the Markdown one, or the live one for a post's address.
      return modulePromise || (modulePromise = import(new URL("thread_widget_show.js", base).href));
    };
    var css = function (theme) {
      if (cssDone || theme === "none" || document.querySelector("link[data-thread-widget]")) return;
      cssDone = true;
      var l = document.createElement("link");
      l.rel = "stylesheet";
      l.href = new URL("thread-widget.css", base).href;
      l.setAttribute("data-thread-widget", "");
      document.head.appendChild(l);
    };
    var start = function (el) {
      load().then(function (m) {
        if (el.isConnected) return (m.show || m.mount)(el, el.dataset); // show: this version's entry; mount: an older one a cache kept
      }).catch(function (err) {
        // mount() has already shown the message and sent the event for data errors;
        // here only a failure to load the module itself is left.
        if (el.querySelector(".tw-error")) return;
        var msg = "could not load the widget: " + ((err && err.message) || err);
        log(msg);
        el.textContent = "This discussion could not be loaded.";
        el.dispatchEvent(new CustomEvent("thread-widget:error", { bubbles: true, detail: { message: msg } }));
      });
    };
    var add = function (el) {
      if (seen ? seen.has(el) : el.__threadWidget) return;
      seen ? seen.add(el) : (el.__threadWidget = 1);
      css(el.getAttribute("data-theme"));
      // Lazy widgets fetch neither data nor wasm until they near the viewport.
      if ((el.getAttribute("data-loading") || "").trim() === "lazy" && typeof IntersectionObserver == "function") {
        var io = new IntersectionObserver(function (entries) {
          for (var i = 0; i < entries.length; i++) if (entries[i].isIntersecting) {
            io.disconnect();
            // The module applies data-loading itself: past here it is near already.
            el.setAttribute("data-loading", "eager");
            return start(el);
          }
        }, { rootMargin: "200px" });
        io.observe(el);
      } else start(el);
    };
    var scan = function (root) {
      if (root.nodeType !== 1) return;
      if (root.classList.contains("thread-widget")) add(root);
      var list = root.querySelectorAll(".thread-widget");
      for (var i = 0; i < list.length; i++) add(list[i]);
    };
    shared = { add: add, scan: scan };
    try { Object.defineProperty(window, KEY, { value: shared }); } catch (e) { window[KEY] = shared; }
    var ready = function () {
      scan(document.documentElement);
      new MutationObserver(function (records) {
        for (var i = 0; i < records.length; i++) {
          var nodes = records[i].addedNodes;
          for (var j = 0; j < nodes.length; j++) scan(nodes[j]);
        }
      }).observe(document.documentElement, { childList: true, subtree: true });
    };
    document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", ready) : ready();
  }
  // A script tag with data-src renders right where it stands.
  if (me && me.hasAttribute("data-src") && me.parentNode) {
    var box = document.createElement("div");
    box.className = "thread-widget";
    for (var i = 0; i < me.attributes.length; i++) {
      var a = me.attributes[i];
      if (a.name.indexOf("data-") === 0) box.setAttribute(a.name, a.value);
    }
    me.parentNode.insertBefore(box, me.nextSibling);
    shared.add(box);
  }
})();
