//! Prerendered markup: a container that holds the widget's markup for its
//! thread, as `thread-widget render` or `renderToString` wrote it, is taken
//! over as it is, the same elements left in place (nothing is rebuilt,
//! nothing moves); markup that is stale, or for other options, is replaced
//! with the reader's place kept.
//!
//! The renderers mark their `section.tw-thread` with `data-tw-hash`, the
//! hash of the markup they wrote (src/render/hash.rs). When the widget has
//! read its thread (the JSON is the source of truth: nothing is read back
//! from the DOM), it builds the view tree it would show, writes it as the
//! renderers do (the catalog's date format, not the reader's `Intl`: the
//! markup is the server's) and hashes that. The same hash, and the same
//! shape in the DOM (as many elements, the same posts in the same order,
//! the same text), and the markup is adopted: the widget's clicks, pages, "Load more" and
//! refresh work on it as on its own, since it is its own. Anything else
//! (another hash, markup without one, another shape, relative dates, which
//! depend on the hour) is rendered as usual.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use super::scroll::{keep_place, reading_place};
use super::{Inner, Shared};
use crate::config::Dates;
use crate::i18n;
use crate::render::{hash, html};
use crate::view::{self, node::Node};

impl Inner {
    /// The `section.tw-thread` a renderer wrote into the container (it
    /// carries `data-tw-hash`; the widget's own never does), if any. None in
    /// the plain build, which adopts nothing: the entry sends a container
    /// that holds such markup to the core (js/index.js, `look`).
    pub(super) fn prerendered(&self) -> Option<Element> {
        if crate::config::PLAIN {
            return None;
        }
        self.element.query_selector(":scope > section.tw-thread[data-tw-hash]").ok().flatten()
    }

    /// Whether `section` is exactly what the widget would build for its thread now.
    fn builds(&self, section: &Element) -> bool {
        let Some(thread) = &self.thread else { return false };
        // Bodies this build cannot read are the other build's to show.
        if thread.posts.iter().any(|p| p.format.elsewhere()) {
            return false;
        }
        let config = self.effective_config();
        if config.dates == Dates::Relative {
            return false;
        }
        let fmt = i18n::CatalogFormatter(i18n::catalog(&config.lang));
        let tree = view::thread(thread, &config, &fmt);
        let markup = html::to_string(std::slice::from_ref(&tree));
        if section.get_attribute(hash::ATTR).as_deref() != Some(hash::markup_hash(&markup).as_str()) {
            return false;
        }
        drop(markup);
        same_shape(&tree, section)
    }
}

/// The tree against the DOM: as many elements, the same posts in the same
/// order, the same text. Markup with the right hash but edited since (an
/// element added or taken out, a word changed) is not adopted.
fn same_shape(tree: &Node, section: &Element) -> bool {
    struct Seen {
        elements: u32,
        posts: Vec<String>,
        text: String,
    }
    fn walk(n: &Node, seen: &mut Seen) {
        match n {
            Node::Text(t) => seen.text.push_str(t),
            Node::Element(e) => {
                seen.elements += 1;
                if e.tag == "article" {
                    seen.posts.push(e.attrs.iter().find(|(k, _)| *k == "id").map(|(_, v)| String::from(&**v)).unwrap_or_default());
                }
                for c in &e.children {
                    walk(c, seen);
                }
            }
        }
    }
    let mut seen = Seen { elements: 0, posts: Vec::new(), text: String::new() };
    walk(tree, &mut seen);
    // The root is `section` itself.
    if section.query_selector_all("*").map_or(true, |all| all.length() + 1 != seen.elements) {
        return false;
    }
    let Ok(shown) = section.query_selector_all("article") else { return false };
    let same_posts = shown.length() as usize == seen.posts.len()
        && seen.posts.iter().enumerate().all(|(i, id)| shown.item(i as u32).and_then(|n| n.dyn_into::<Element>().ok()).is_some_and(|el| el.id() == *id));
    same_posts && section.text_content().is_some_and(|t| t == seen.text)
}

/// The first render of a widget's first thread (a load, `render`): prerendered
/// markup the widget would build is adopted; prerendered markup that is not
/// (stale, other options) is replaced with the reader's place kept; anything
/// else (nothing, a placeholder, foreign markup) is replaced as usual.
/// `index`: as [`Inner::render_after`]'s.
pub(super) fn render_first(shared: &Shared, index: Option<view::PostIndex>) -> Result<(), JsValue> {
    let place = {
        let mut inner = shared.borrow_mut();
        let Some(section) = inner.prerendered().filter(|_| index.is_none()) else { return inner.render_after(index) };
        if inner.builds(&section) {
            inner.pending = None;
            inner.chunks = 1;
            inner.handed_over = false;
            return inner.dress();
        }
        let place = reading_place(&inner.element);
        inner.render_after(index)?;
        // Left to the Markdown build, which adopts or replaces the markup itself.
        if inner.handed_over {
            return Ok(());
        }
        place
    };
    keep_place(shared, place);
    Ok(())
}
