//! Scrolling to a post and keeping it there: a quote jump or `#post-N`
//! ([`jump`]: the right page shown, the post built, scrolled to, focused and
//! highlighted), a post held in place while the heights above it settle
//! ([`settle`]), and the reader's place kept over a render ([`reading_place`],
//! [`keep_place`]).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use super::replies::{open_around, reveal};
use super::{Inner, Shared};
use crate::view;

impl Inner {
    /// The `article` of a post in this widget, if it is on the page shown
    /// (appending the page's posts up to it first, if they are pending).
    pub(super) fn post_element(&mut self, id: &str) -> Option<Element> {
        if self.pending.is_some() {
            let index = self.thread.as_ref().and_then(|t| {
                let i = view::place(t, &self.config, id)?;
                let w = view::window(t, &self.config);
                (w.start..w.end).contains(&i).then(|| i - w.start)
            });
            if let Some(i) = index {
                self.show_through(i);
            }
        }
        self.article(id)
    }

    /// Makes sure the page that holds a post is the one shown; true when it had to change.
    fn show_page_of(&mut self, id: &str) -> bool {
        let Some(thread) = &self.thread else { return false };
        let Some(size) = self.config.page_size.filter(|&s| s > 0) else { return false };
        let Some(index) = view::place(thread, &self.config, id) else { return false };
        let page = index / size + 1;
        let w = view::window(thread, &self.config);
        if !(w.page..=w.last).contains(&page) {
            self.config.page = page;
            self.config.span = 1;
            let _ = self.render();
            return true;
        }
        false
    }
}

/// An element's `scroll-margin-top` in pixels (0 when unknown).
fn scroll_margin_top(el: &Element) -> f64 {
    let Some(w) = web_sys::window() else { return 0.0 };
    let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &JsValue::from_str(k)).ok();
    get(&w, "getComputedStyle")
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&w, el).ok())
        .and_then(|style| get(&style, "scrollMarginTop"))
        .and_then(|v| v.as_string())
        // JS's parseFloat ("16px" → 16): Rust's float parsing would cost 12 KB of tables.
        .map(|v| js_sys::parse_float(&v))
        .filter(|v| v.is_finite())
        .unwrap_or(0.0)
}

/// Keeps `el` at `top` (px from the viewport's top) while the page settles.
/// Posts off screen are `content-visibility: auto`: until the browser has
/// rendered the ones near the screen their heights are estimates, so a post
/// scrolled to (a quote jump, `#post-4`, the reader's place kept over a
/// refresh) would move when the posts above it get their real heights. A
/// `ResizeObserver` on the post list runs after each layout and before the
/// paint, so the post is put back before anyone sees it move. It stops when
/// the reader scrolls, clicks or types, after two seconds, or when the next
/// post is settled (one at a time, page-wide).
pub(super) fn settle(el: Element, top: f64) {
    struct Settling {
        observer: web_sys::ResizeObserver,
        stopped: Rc<Cell<bool>>,
        _callback: Closure<dyn FnMut(JsValue, web_sys::ResizeObserver)>,
        _listeners: Vec<EventListener>,
    }
    impl Drop for Settling {
        fn drop(&mut self) {
            self.stopped.set(true);
            self.observer.disconnect();
        }
    }
    thread_local! {
        static SETTLING: RefCell<Option<Settling>> = const { RefCell::new(None) };
    }
    let Some(w) = web_sys::window() else { return };
    let put_back = {
        let (el, w) = (el.clone(), w.clone());
        move || {
            let off = el.get_bounding_client_rect().top() - top;
            if off.abs() >= 1.0 {
                w.scroll_by_with_x_and_y(0.0, off);
            }
        }
    };
    // Dropping the last one (here, never inside its own callback) disconnects it.
    SETTLING.with(|s| s.borrow_mut().take());
    put_back();
    let Some(list) = el.parent_element() else { return };
    let done = Rc::new(Cell::new(false));
    let stopped = Rc::new(Cell::new(false));
    let until = js_sys::Date::now() + 2000.0;
    let callback = {
        let (done, stopped, w) = (done.clone(), stopped.clone(), w.clone());
        Closure::<dyn FnMut(JsValue, web_sys::ResizeObserver)>::new(move |_entries, observer: web_sys::ResizeObserver| {
            if done.get() || js_sys::Date::now() >= until || !el.is_connected() {
                return;
            }
            put_back();
            // The scroll may give posts near the screen their real heights in
            // this same frame: a size change the observer could only report
            // with a "ResizeObserver loop" error on the page (Firefox does).
            // Unobserved until the next frame, it reports that size then,
            // still after layout and before paint.
            observer.unobserve(&el.parent_element().unwrap_or_else(|| el.clone()));
            let (again, stopped, el) = (observer.clone(), stopped.clone(), el.clone());
            let next = Closure::once_into_js(move || {
                if let (false, Some(list)) = (stopped.get(), el.parent_element()) {
                    again.observe(&list);
                }
            });
            let _ = w.request_animation_frame(next.unchecked_ref());
        })
    };
    let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) else { return };
    observer.observe(&list);
    let opts = EventListenerOptions::run_in_capture_phase();
    let listeners = ["wheel", "touchstart", "keydown", "mousedown"]
        .into_iter()
        .map(|name| {
            let done = done.clone();
            EventListener::new_with_options(&w, name, opts, move |_| done.set(true))
        })
        .collect();
    SETTLING.with(|s| *s.borrow_mut() = Some(Settling { observer, stopped, _callback: callback, _listeners: listeners }));
}

#[cfg(feature = "files")]
/// Where the reader is, for [`keep_place`]: the posts on screen, each as
/// its id (without `post-`) and its top (px from the viewport's top), the one
/// to keep first. As `data-refresh` finds it in the nested layout, where a
/// top-level article holds its replies: the first post whose top is on
/// screen, else the one the reader is inside. The others follow in the order
/// shown, for when the first is gone after the render (a page file left past
/// "Load more"'s limit).
pub(super) fn reading_place(element: &Element) -> Vec<(String, f64)> {
    let Ok(list) = element.query_selector_all("article.tw-post") else { return Vec::new() };
    let height = web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or(f64::MAX);
    let mut seen: Vec<(String, f64)> = Vec::new();
    for el in (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()) {
        let r = el.get_bounding_client_rect();
        if r.bottom() <= 0.0 {
            continue;
        }
        // Below the screen: nothing more the reader sees (one at least is kept).
        if (r.top() >= height && !seen.is_empty()) || seen.len() >= 16 {
            break;
        }
        let id = el.id();
        seen.push((id.strip_prefix("post-").unwrap_or(&id).to_owned(), r.top()));
    }
    if let Some(at) = seen.iter().position(|(_, top)| *top >= 0.0) {
        let first = seen.remove(at);
        seen.insert(0, first);
    }
    seen
}

#[cfg(feature = "files")]
/// After a render, puts the reader's place back ([`reading_place`]): the
/// first of its posts still in the thread is built (nested, past the budget:
/// the replies that hold it) and kept where it was on screen ([`settle`]).
pub(super) fn keep_place(shared: &Shared, place: Vec<(String, f64)>) {
    let known = |id: &str| shared.borrow().thread.as_ref().is_some_and(|t| t.posts.iter().any(|p| p.id == id));
    let Some((id, top)) = place.into_iter().find(|(id, _)| known(id)) else { return };
    reveal(shared, &id);
    let el = shared.borrow_mut().post_element(&id);
    if let Some(el) = el {
        let off = el.get_bounding_client_rect().top() - top;
        if let (true, Some(w)) = (off.abs() >= 1.0, web_sys::window()) {
            w.scroll_by_with_x_and_y(0.0, off);
        }
        settle(el, top);
    }
}

/// Moves focus to an element without scrolling; a post (an `article`) is
/// made focusable by script only (`tabindex="-1"`).
pub(super) fn focus_in_place(el: &Element) {
    let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() else { return };
    if h.tag_name() == "ARTICLE" {
        let _ = h.set_attribute("tabindex", "-1");
    }
    let fo = web_sys::FocusOptions::new();
    fo.set_prevent_scroll(true);
    let _ = h.focus_with_options(&fo);
}

/// Scrolls to a post, moves focus there and highlights it briefly.
pub(super) fn jump(shared: &Shared, id: &str, focus: bool) -> bool {
    let el = {
        let mut inner = shared.borrow_mut();
        inner.show_page_of(id);
        inner.post_element(id)
    };
    // Nested, past the budget: build the replies that hold it first.
    let el = el.or_else(|| reveal(shared, id).then(|| shared.borrow().article(id)).flatten());
    let Some(el) = el else { return false };
    open_around(shared, &el);
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_block(web_sys::ScrollLogicalPosition::Start);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
    // Where scrollIntoView means it to be: its scroll margin from the top (the
    // page may not be long enough below it yet, while slices are pending).
    settle(el.clone(), scroll_margin_top(&el));
    if focus {
        focus_in_place(&el);
    }
    let _ = el.class_list().remove_1("tw-highlight");
    let _ = el.class_list().add_1("tw-highlight");
    if let Some(w) = web_sys::window() {
        let target = el.clone();
        let cb = Closure::once_into_js(move || {
            let _ = target.class_list().remove_1("tw-highlight");
        });
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), 2000);
    }
    true
}

/// Opening a page at `#post-4` scrolls to that post once it is rendered.
pub(super) fn jump_to_hash(shared: &Shared) {
    let Some(hash) = web_sys::window().and_then(|w| w.location().hash().ok()) else { return };
    if let Some(id) = hash.strip_prefix("#post-") {
        let id = js_sys::decode_uri_component(id).ok().and_then(|s| s.as_string()).unwrap_or_else(|| id.to_owned());
        let known = shared.borrow().thread.as_ref().is_some_and(|t| t.posts.iter().any(|p| p.id == id));
        if known {
            jump(shared, &id, false);
        }
    }
}
