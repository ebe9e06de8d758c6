//! View tree → DOM nodes, in the browser.
//!
//! Built node by node with `createElement`, `setAttribute` and text nodes:
//! nothing is parsed as HTML, so it needs no Trusted Types policy and cannot
//! be tricked by markup in the data. The result equals what a browser parses
//! from [`super::html`]'s output for the same tree (tested in Chromium).
//!
//! Two shortcuts, chosen by measurement (docs/benchmarks.md, "DOM
//! construction"): an element whose only child is text gets it through
//! `textContent` (one call, not two), and an author card seen before in the
//! same fragment is cloned (`cloneNode`) instead of built again: 50 authors
//! write 10,000 posts, and a card is a dozen elements.

use wasm_bindgen::JsValue;
use web_sys::{Document, DocumentFragment};

use crate::view::node::{Element, Node};

/// Author cards already built in this fragment, by their HTML (an exact key).
type Cards = Vec<(String, web_sys::Node)>;

/// Cards kept per fragment: more distinct authors than this are built as usual.
const MAX_CARDS: usize = 64;

/// Builds nodes into a new document fragment.
pub fn fragment(doc: &Document, nodes: &[Node]) -> Result<DocumentFragment, JsValue> {
    let frag = doc.create_document_fragment();
    let mut cards = Cards::new();
    for n in nodes {
        append(doc, &frag, n, &mut cards)?;
    }
    Ok(frag)
}

fn append(doc: &Document, parent: &web_sys::Node, node: &Node, cards: &mut Cards) -> Result<(), JsValue> {
    match node {
        Node::Text(t) => {
            parent.append_child(&doc.create_text_node(t))?;
        }
        Node::Element(e) if e.attrs.first().is_some_and(|(n, v)| *n == "class" && v == "tw-author") => {
            let key = super::html::to_string(std::slice::from_ref(node));
            let built = match cards.iter().find(|(k, _)| *k == key) {
                Some((_, card)) => card.clone_node_with_deep(true)?,
                None => {
                    let el: web_sys::Node = element(doc, e, cards)?.into();
                    if cards.len() < MAX_CARDS {
                        cards.push((key, el.clone_node_with_deep(true)?));
                    }
                    el
                }
            };
            parent.append_child(&built)?;
        }
        Node::Element(e) => {
            let el = element(doc, e, cards)?;
            parent.append_child(&el)?;
        }
    }
    Ok(())
}

fn element(doc: &Document, e: &Element, cards: &mut Cards) -> Result<web_sys::Element, JsValue> {
    let el = doc.create_element(e.tag)?;
    for (name, value) in &e.attrs {
        el.set_attribute(name, value)?;
    }
    if let [Node::Text(t)] = e.children.as_slice() {
        el.set_text_content(Some(t));
        return Ok(el);
    }
    for c in &e.children {
        append(doc, &el, c, cards)?;
    }
    Ok(el)
}
