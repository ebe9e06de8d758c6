//! View tree → DOM nodes, in the browser.
//!
//! Built node by node with `createElement`, `setAttribute` and text nodes:
//! nothing is parsed as HTML, so it needs no Trusted Types policy and cannot
//! be tricked by markup in the data. The result equals what a browser parses
//! from [`super::html`]'s output for the same tree (tested in Chromium).

use wasm_bindgen::JsValue;
use web_sys::{Document, DocumentFragment};

use crate::view::node::{Element, Node};

/// Builds nodes into a new document fragment.
pub fn fragment(doc: &Document, nodes: &[Node]) -> Result<DocumentFragment, JsValue> {
    let frag = doc.create_document_fragment();
    for n in nodes {
        append(doc, &frag, n)?;
    }
    Ok(frag)
}

fn append(doc: &Document, parent: &web_sys::Node, node: &Node) -> Result<(), JsValue> {
    match node {
        Node::Text(t) => {
            parent.append_child(&doc.create_text_node(t))?;
        }
        Node::Element(e) => {
            let el = element(doc, e)?;
            parent.append_child(&el)?;
        }
    }
    Ok(())
}

fn element(doc: &Document, e: &Element) -> Result<web_sys::Element, JsValue> {
    let el = doc.create_element(e.tag)?;
    for (name, value) in &e.attrs {
        el.set_attribute(name, value)?;
    }
    for c in &e.children {
        append(doc, &el, c)?;
    }
    Ok(el)
}
