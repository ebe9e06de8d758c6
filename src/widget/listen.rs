//! The events a widget answers: clicks on its pager buttons, quote links,
//! page-file links, "Load more" and the nested layout's buttons, and
//! `hashchange` (a `#post-N` link followed later).

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use super::io;
use super::more::load_more;
use super::scroll::{jump, jump_to_hash};
// The nested layout's buttons.
#[cfg(not(plain))]
use super::{
    replies::{build_replies, show_replies},
    scroll::focus_in_place,
};
use super::{Inner, Shared};
// Page-file links.
#[cfg(all(feature = "files", not(plain)))]
use super::{
    fail,
    fetch::{fetch_text, resolve},
    parse::show_text,
};

/// Clicks on pager buttons, quote links and page-file links, and
/// `hashchange`: a #post-N link followed later (the address bar, a link of
/// the page), the same jump as on load, opening a hidden subtree or another page.
pub(super) fn listen(shared: &Shared) {
    let weak: Weak<RefCell<Inner>> = Rc::downgrade(shared);
    let element = shared.borrow().element.clone();
    // Not passive: quote and page-file links cancel their navigation.
    let handler = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let Some(shared) = weak.upgrade() else { return };
        if event.type_() == "hashchange" {
            return jump_to_hash(&shared);
        }
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        let Ok(Some(hit)) = target.closest("button[data-page], a[data-post], a.tw-next-file, a.tw-prev-file, .tw-more > button, button.tw-toggle, button.tw-more-replies") else { return };
        // The nested layout's buttons (never in the plain build, which has no nested layout).
        #[cfg(not(plain))]
        if hit.class_list().contains("tw-more-replies") {
            let (Some(of), Some(from)) = (hit.get_attribute("data-of"), hit.get_attribute("data-from").and_then(|f| f.parse().ok())) else { return };
            let (before, div) = (hit.previous_element_sibling(), hit.parent_element());
            build_replies(&shared, &of, from, &hit, true);
            // Focus moves to the first reply built, where the button was.
            let first = match before {
                Some(b) => b.next_element_sibling(),
                None => div.and_then(|d| d.first_element_child()),
            };
            if let Some(first) = first {
                focus_in_place(&first);
            }
            return;
        }
        #[cfg(not(plain))]
        if hit.class_list().contains("tw-toggle") {
            let open = hit.get_attribute("aria-expanded").as_deref() == Some("false");
            show_replies(&shared, &hit, open);
            return;
        }
        if hit.parent_element().is_some_and(|p| p.class_name() == "tw-more") {
            load_more(&shared);
            return;
        }
        if let Some(page) = hit.get_attribute("data-page").and_then(|p| p.parse::<usize>().ok()) {
            let mut inner = shared.borrow_mut();
            inner.config.page = page;
            inner.config.span = 1;
            let _ = inner.render();
            // Keep keyboard users in the pager they used: focus the same control again.
            let cls = hit.get_attribute("class");
            let selector = match cls.as_deref() {
                Some(c) if crate::find::contains(c, "tw-page-prev") => ".tw-pager .tw-page-prev".to_owned(),
                Some(c) if crate::find::contains(c, "tw-page-next") => ".tw-pager .tw-page-next".to_owned(),
                _ => {
                    let mut s = String::from(".tw-pager button[data-page='");
                    crate::digits::push_count(&mut s, page as u64);
                    s.push_str("']");
                    s
                }
            };
            if let Ok(Some(b)) = inner.element.query_selector(&selector) {
                io::focus(&b, true);
            }
            if let Ok(Some(top)) = inner.element.query_selector(".tw-thread") {
                io::show(&top, "nearest");
            }
            return;
        }
        if let Some(id) = hit.get_attribute("data-post") {
            if jump(&shared, &id, true) {
                event.prevent_default();
            }
            return;
        }
        // A page file's link (never in the plain build: no page files).
        #[cfg(all(feature = "files", not(plain)))]
        if let Some(href) = hit.get_attribute("href") {
            event.prevent_default();
            let base = shared.borrow().base.clone();
            let url = resolve(&href, base.as_deref());
            let shared = shared.clone();
            wasm_bindgen_futures::spawn_local(async move {
                // One fetch; a widget destroyed meanwhile (its fetch aborted) shows nothing.
                let result = fetch_text(&shared, &url).await;
                if shared.borrow().destroyed {
                    return;
                }
                match result {
                    Ok(text) => {
                        {
                            let mut inner = shared.borrow_mut();
                            inner.config.page = 1;
                            inner.config.span = 1;
                        }
                        if show_text(&shared, text, Some(url), true).await.is_ok() {
                            if let Ok(Some(top)) = shared.borrow().element.query_selector(".tw-thread") {
                                io::show(&top, "start");
                            }
                        }
                    }
                    Err(e) => fail(&shared, &e, None),
                }
            });
        }
    });
    let off = io::listen(&element, handler.as_ref());
    shared.borrow_mut().listeners = Some((off, handler));
}
