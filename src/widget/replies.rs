//! The nested layout's replies in the browser (`data-layout="nested"`):
//! folding and unfolding a post's replies, building those past the budget
//! (`Config::reply_budget`) when a button or a jump asks for them, and
//! opening what hides a post. What is built comes from `view::nested`.

use web_sys::Element;

use super::{dom, i18n, Shared};
use crate::view;

/// Shows (`open`) or hides the replies a `button.tw-toggle` controls, and
/// remembers it for the next render of this widget (a page, a refresh).
pub(super) fn show_replies(shared: &Shared, button: &Element, open: bool) {
    let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
    let Some(replies) = button.next_element_sibling() else { return };
    let Some(id) = button.parent_element().map(|a| a.id()) else { return };
    let id = id.strip_prefix("post-").unwrap_or(&id).to_owned();
    if open && replies.has_attribute("data-unloaded") {
        // Past the budget: built now.
        let _ = replies.remove_attribute("data-unloaded");
        build_replies(shared, &id, 0, &replies, false);
    }
    if open {
        let _ = replies.remove_attribute("hidden");
    } else {
        let _ = replies.set_attribute("hidden", "");
    }
    let mut inner = shared.borrow_mut();
    let collapsed = &mut inner.config.collapsed;
    match (collapsed.binary_search(&id), open) {
        (Ok(at), true) => {
            collapsed.remove(at);
        }
        (Err(at), false) => collapsed.insert(at, id),
        _ => {}
    }
}

/// Builds the items of post `of`'s replies from the `from`-th on (nested
/// layout, past the budget: `view::nested::replies_of`) and puts them at
/// `at`: in place of it (a "Show more" button), or appended to it (a replies `div`).
pub(super) fn build_replies(shared: &Shared, of: &str, from: usize, at: &Element, replace: bool) {
    let inner = shared.borrow();
    let Some(thread) = &inner.thread else { return };
    let config = inner.effective_config();
    let fmt = crate::intl::IntlFormatter::new(&config.lang, i18n::catalog(&config.lang));
    let index = view::PostIndex::new(thread);
    let nodes = view::nested::replies_of(thread, &config, &fmt, &index, of, from);
    let Some(doc) = inner.element.owner_document() else { return };
    let Ok(frag) = dom::fragment(&doc, &nodes) else { return };
    let _ = if replace { at.replace_with_with_node_1(&frag) } else { at.append_child(&frag).map(|_| ()) };
}

/// Builds what stands between a post and the page in the nested layout
/// (replies past the budget), `div` by `div`: a jump or a refresh then finds
/// its article. True when it is in the DOM.
pub(super) fn reveal(shared: &Shared, id: &str) -> bool {
    let path = {
        let inner = shared.borrow();
        if inner.article(id).is_some() {
            return true;
        }
        match &inner.thread {
            Some(t) if inner.config.nested() => view::nested::holders(t, &inner.config, id),
            _ => return false,
        }
    };
    for pair in path.windows(2) {
        let (owner, next) = (&pair[0], &pair[1]);
        let Some(div) = shared.borrow().article(owner).and_then(|a| a.query_selector(":scope > .tw-replies").ok().flatten()) else { return false };
        if div.has_attribute("data-unloaded") {
            let _ = div.remove_attribute("data-unloaded");
            build_replies(shared, owner, 0, &div, false);
        }
        // Each "Show more" builds one budget's worth; the post is at most its position away.
        while shared.borrow().article(next).is_none() {
            let Some(more) = div.query_selector(":scope > button.tw-more-replies").ok().flatten() else { return false };
            let Some(from) = more.get_attribute("data-from").and_then(|f| f.parse().ok()) else { return false };
            build_replies(shared, owner, from, &more, true);
        }
    }
    let Some(article) = shared.borrow().article(id) else { return false };
    open_around(shared, &article);
    true
}

/// Opens every hidden reply list around a post (a jump into a collapsed subtree).
pub(super) fn open_around(shared: &Shared, el: &Element) {
    let mut at = el.parent_element();
    while let Some(e) = at {
        if e.class_list().contains("tw-thread") {
            break;
        }
        if e.class_list().contains("tw-replies") && e.has_attribute("hidden") {
            if let Some(button) = e.previous_element_sibling() {
                show_replies(shared, &button, true);
            }
        }
        at = e.parent_element();
    }
}
