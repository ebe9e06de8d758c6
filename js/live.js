/*! thread-widget: the entry's part for live pages (pkg/thread_widget_live_entry.js).
 * Imported by thread_widget.js (js/index.js) only for a widget whose src is a
 * post's public address on a platform: the choice between the live builds
 * (thread_widget_mastodon* when the live widgets mounted together are all
 * Mastodon posts, else thread_widget_live*) and update() of a widget
 * showing a platform's conversation. Pages with thread JSON only never fetch it. */

/**
 * The live part, given what it shares with the entry: `LIVE` (the platforms'
 * address patterns), `texts` and `lives` (the catalogs loaded and the live
 * builds instantiated: the entry's own arrays), `wasmAt`,
 * `needs`, `loadCatalog`, `secondFor(thread)` (the second build that reads a
 * thread, or the promise of it), and the whole table of character references:
 * `refs` (its text once loaded), `refsWanted()` and `loadEntities()`.
 */
export default function live(ctx) {
  const liveLoading = Object.create(null); // "live" or "mastodon" → promise of the build
  const liveWanted = Object.create(null); // the live builds widgets have asked for
  const liveBuilds = Object.create(null); // "live" or "mastodon" → the build, once instantiated
  // Mastodon's two forms of address (LIVE[3] and LIVE[4]): the Mastodon build reads them.
  const MASTODON = ctx.LIVE.slice(3, 5);
  const mastodon = (src) => MASTODON.some((r) => r.test(String(src).trim()));

  /**
   * The live build for a widget whose src is `src`: the Mastodon build when
   * every live widget mounted with it (the loader mounts a page's widgets in
   * one go) is a Mastodon post's and the whole live build is not loaded
   * already; else the whole one, for all of them: never two where one will do.
   */
  async function liveFor(src) {
    liveWanted[mastodon(src) ? "mastodon" : "live"] = true;
    await null; // the other widgets of this turn say theirs first
    return loadLive(liveWanted.live || liveLoading.live ? "live" : "mastodon");
  }

  function loadLive(name) {
    // Literal paths each: bundlers find the files by them.
    return liveLoading[name] || (liveLoading[name] = (name === "live" ? import("./thread_widget_live.js") : import("./thread_widget_mastodon.js")).then(async (m) => {
      const wasm = name === "live" ? new URL("thread_widget_live_bg.wasm", import.meta.url) : new URL("thread_widget_mastodon_bg.wasm", import.meta.url);
      await m.default({ module_or_path: await ctx.wasmAt(wasm) });
      for (const text of ctx.texts) m.addCatalog(text);
      if (ctx.refs.text) m.addEntities(ctx.refs.text);
      ctx.lives.push(m);
      liveBuilds[name] = m;
      return m;
    }).catch((err) => {
      delete liveLoading[name]; // a later widget may try again
      throw err;
    }));
  }

  return {
    /** Whether the live build showing widget `w` reads `src` (a live address already). */
    reads: (w, src) => w.live === liveBuilds.live || mastodon(src),

    /** Mounts widget `w` with the live build that reads `src` (Widget.start; `connected`: whether `element` was in the page when it began). */
    async start(w, element, src, options, connected) {
      // A live build alone: it reads the platform and renders the HTML bodies.
      const m = await liveFor(src);
      const lang = ctx.needs(m, element, options);
      if (lang) await ctx.loadCatalog(lang);
      // After each render: a body that named a reference the build lacks
      // renders again once the whole table is added.
      const hear = () => {
        if (ctx.refsWanted()) ctx.loadEntities().then((ok) => {
          try { if (ok && w.live === m) w.inner.setOptions({}); } catch (e) {} // destroyed meanwhile
        });
      };
      element.addEventListener("thread-widget:ready", hear);
      w.off = () => element.removeEventListener("thread-widget:ready", hear);
      w.live = m;
      try {
        w.inner = await m.mount(element, options, undefined, connected);
      } catch (err) {
        w.leave();
        throw err;
      }
      // Removed from the page while it loaded: its listener goes too (as in Widget.start).
      if (connected && !element.isConnected && w.off) {
        w.off();
        w.off = null;
      }
    },

    /**
     * update() of widget `w` showing a platform's conversation: the live build
     * reads no thread JSON (docs/benchmarks.md, "The live build"), so the
     * second build (whose HTML reader a platform's bodies need) renders the
     * thread instead, at once when it is loaded, else once it is (an invalid
     * thread then goes to the console and the error event, as render's would).
     */
    fromLive(w, thread) {
      const go = (md) => {
        const el = w.element;
        if (!el || !w.live) return; // destroyed, or updated already
        const options = Object.assign({}, w.options);
        delete options.src; // the thread replaces the conversation; nothing re-reads it
        md.renderToString(thread, options); // an invalid thread throws here, the conversation still shown
        w.inner.destroy();
        w.leave();
        w.thread = thread;
        w.inner = md.render(el, thread, options);
        w.localize();
      };
      const m = ctx.secondFor(thread); // the build, or the promise of it
      if (typeof m.then != "function") return go(m);
      m.then(go).catch((err) => {
        const message = (err && err.message) || String(err);
        try { console.error("thread-widget: update() could not render the thread: " + message); } catch (e) {}
        const el = w.element;
        if (el) el.dispatchEvent(new CustomEvent("thread-widget:error", { bubbles: true, detail: { message } }));
      });
    },
  };
}
