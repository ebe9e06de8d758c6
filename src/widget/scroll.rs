//! Scrolling to a post and keeping it there: a quote jump or `#post-N`
//! ([`jump`]: the right page shown, the post built, scrolled to, focused and
//! highlighted), a post held in place while the heights above it settle
//! ([`settle`]), and the reader's place kept over a render ([`reading_place`],
//! [`keep_place`]).

use web_sys::Element;

pub(super) use super::io::settle;
use super::io;
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

#[cfg(feature = "files")]
/// Where the reader is, for [`keep_place`]: the posts on screen, each as
/// its id (without `post-`) and its top (px from the viewport's top), the one
/// to keep first. As `data-refresh` finds it in the nested layout, where a
/// top-level article holds its replies: the first post whose top is on
/// screen, else the one the reader is inside. The others follow in the order
/// shown, for when the first is gone after the render (a page file left past
/// "Load more"'s limit).
pub(super) fn reading_place(element: &Element) -> Vec<(String, f64)> {
    places(&io::reading_place(element))
}

/// `[id, top, id, top, …]` from `io.js` as pairs.
pub(super) fn places(list: &js_sys::Array) -> Vec<(String, f64)> {
    (0..list.length() / 2).map(|i| (list.get(2 * i).as_string().unwrap_or_default(), list.get(2 * i + 1).as_f64().unwrap_or(0.0))).collect()
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
    // Put back at once, and kept there while the page settles.
    if let Some(el) = el {
        settle(&el, top);
    }
}

/// Moves focus to an element without scrolling; a post (an `article`) is
/// made focusable by script only (`tabindex="-1"`).
pub(super) fn focus_in_place(el: &Element) {
    io::focus(el, false);
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
    // Scrolled to its scroll margin from the top and kept there (settle).
    io::jump_to(&el);
    if focus {
        focus_in_place(&el);
    }
    io::highlight(&el);
    true
}

/// Opening a page at `#post-4` scrolls to that post once it is rendered.
pub(super) fn jump_to_hash(shared: &Shared) {
    let hash = io::page_hash();
    if let Some(id) = hash.strip_prefix("#post-") {
        let id = js_sys::decode_uri_component(id).ok().and_then(|s| s.as_string()).unwrap_or_else(|| id.to_owned());
        let known = shared.borrow().thread.as_ref().is_some_and(|t| t.posts.iter().any(|p| p.id == id));
        if known {
            jump(shared, &id, false);
        }
    }
}
