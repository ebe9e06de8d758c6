//! The browser I/O that costs fewer bytes in JS (`js/io.js`) than in the
//! wasm: each `web-sys` call, closure signature and observer is glue and
//! code here, a line there (docs/benchmarks.md, "Issue 16: a core a third
//! smaller"). Rust still decides what is shown, where and when.

use wasm_bindgen::prelude::*;
use web_sys::Element;

#[wasm_bindgen(module = "/js/io.js")]
extern "C" {
    /// Keeps `el` at `top` (px from the viewport's top) while the page
    /// settles. Posts off screen are `content-visibility: auto`: until the
    /// browser has rendered the ones near the screen their heights are
    /// estimates, so a post scrolled to (a quote jump, `#post-4`, the
    /// reader's place kept over a refresh) would move when the posts above
    /// it get their real heights. A `ResizeObserver` on the post list runs
    /// after each layout and before the paint, so the post is put back
    /// before anyone sees it move. It stops when the reader scrolls, clicks
    /// or types, after two seconds, or when the next post is settled (one
    /// at a time, page-wide).
    pub(super) fn settle(el: &Element, top: f64);
    /// `el.scrollIntoView({ block })`.
    pub(super) fn show(el: &Element, block: &str);
    /// A jump: scrolled to the top at its scroll margin, kept there ([`settle`]).
    #[wasm_bindgen(js_name = jumpTo)]
    pub(super) fn jump_to(el: &Element);
    /// `tw-highlight` for two seconds.
    pub(super) fn highlight(el: &Element);
    /// Focus, without scrolling unless `scroll`; an `article` gets `tabindex="-1"`.
    pub(super) fn focus(el: &Element, scroll: bool);
    /// Runs `f` in a task of its own (`scheduler.postTask`, else `setTimeout`).
    #[wasm_bindgen(js_name = postTask)]
    pub(super) fn post_task(f: &JsValue);
    /// A promise resolved in a new task.
    #[wasm_bindgen(js_name = nextTask)]
    pub(super) fn next_task() -> js_sys::Promise;
    /// Calls `f` once when `el` nears the viewport; the observer, or null
    /// without `IntersectionObserver`.
    #[wasm_bindgen(js_name = whenNear)]
    pub(super) fn when_near(el: &Element, f: &JsValue) -> Option<web_sys::IntersectionObserver>;
    /// Calls `f(event)` for the clicks in `el` and the window's
    /// `hashchange`; a function that stops both.
    pub(super) fn listen(el: &Element, f: &JsValue) -> js_sys::Function;
    /// Where the reader is: the posts on screen, `[id, top, …]`, the one to
    /// keep first (`scroll::reading_place`).
    #[cfg(feature = "files")]
    #[wasm_bindgen(js_name = readingPlace)]
    pub(super) fn reading_place(el: &Element) -> js_sys::Array;
    /// The post a refresh keeps in place, `[id, top]` or `[]` (`refresh::apply`).
    pub(super) fn anchor(el: &Element, nested: bool) -> js_sys::Array;
    /// `p`, marked handled: its rejection still reaches the await.
    #[cfg(feature = "live")]
    pub(super) fn handled(p: &js_sys::Promise) -> js_sys::Promise;
    /// `location.hash` (not through `web_sys::window()`, whose lookup of the
    /// global object costs every build four imports).
    #[wasm_bindgen(js_name = pageHash)]
    pub(super) fn page_hash() -> String;
    /// `document.baseURI`.
    #[wasm_bindgen(js_name = pageBase)]
    pub(super) fn page_base() -> String;
    /// The nearest `lang` attribute around `el`, else the browser's language, else "en".
    #[wasm_bindgen(js_name = pageLang)]
    pub(super) fn page_lang(el: &Element) -> String;
    /// The `article` of post `id` in `el`, if it is in the DOM.
    pub(super) fn article(el: &Element, id: &str) -> Option<Element>;
    /// A console line after `thread-widget: `: a warning, or (`error`) an error.
    pub(super) fn say(error: bool, message: &str);
    /// Calls `f` every `ms` milliseconds; a function that stops it.
    pub(super) fn every(f: &JsValue, ms: u32) -> js_sys::Function;
    /// Sends `name` on `el`, bubbling (not cancelable), or not bubbling and
    /// cancelable; false when a listener cancelled it.
    pub(super) fn emit(el: &Element, name: &str, detail: &JsValue, bubbles: bool) -> bool;
}
