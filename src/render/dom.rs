//! View tree → DOM nodes, in the browser.
//!
//! [`fragment`] writes the nodes as HTML with [`super::html`] (the serializer
//! of `renderToString` and the CLI, which escapes every text and attribute)
//! and has the browser parse that one string in a `<template>`: on 1,000
//! posts the widget took 2.6–3.0× the `innerHTML` floor this way against
//! 3.8× node by node (docs/benchmarks.md, "DOM construction"). Where
//! Trusted Types exist the string goes through a policy named
//! `thread-widget`, created once per page (per wasm instance) and never handed
//! out; its rule is the identity, because the serializer did the escaping.
//! A page whose `trusted-types` directive does not allow that name makes
//! `createPolicy` throw (and report a violation, once): from then on, and
//! wherever a sink throws, the page gets [`fragment_by_nodes`].
//!
//! [`fragment_by_nodes`] builds node by node with `createElement`,
//! `setAttribute` and text nodes: nothing is parsed as HTML, so it needs no
//! policy. Both equal what a browser parses from [`super::html`]'s output for
//! the same tree (tested in Chromium, `tests/browser.rs`, on the fixtures and
//! the XSS corpora; `tests/e2e/dom.mjs` on pages with and without Trusted Types).
//!
//! The node-by-node path keeps two shortcuts, chosen by measurement: an
//! element whose only child is text gets it through `textContent` (one call,
//! not two), and an author card seen before in the same fragment is cloned
//! (`cloneNode`) instead of built again: 50 authors write 10,000 posts, and a
//! card is a dozen elements.
//!
//! And strings: every `&str` handed to JS is decoded from the wasm memory by
//! a `TextDecoder` call, the largest single cost of building a long page node
//! by node (13 % of a 1,000-post render, profiled). Tag and attribute names,
//! class names and the widget's own words are `&'static str`, the same few
//! dozen over and over: each is decoded once and kept as a JS string ([`js`]).

use std::borrow::Cow;
use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, DocumentFragment};

use crate::view::node::{Element, Node, Str};

// The same DOM methods as web-sys's, taking JS strings already made.
#[wasm_bindgen]
extern "C" {
    type Doc;
    #[wasm_bindgen(method, js_name = createElement)]
    fn create_element(this: &Doc, tag: &JsValue) -> web_sys::Element;
    #[wasm_bindgen(method, js_name = createTextNode)]
    fn create_text_node(this: &Doc, data: &JsValue) -> web_sys::Text;
    type El;
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_attribute(this: &El, name: &JsValue, value: &JsValue);
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_attribute_str(this: &El, name: &JsValue, value: &str);
    #[wasm_bindgen(method, setter = textContent)]
    fn set_text_content(this: &El, value: &JsValue);
    // An element or a fragment. These return nothing: a returned node would
    // take a slot in wasm-bindgen's table of JS values, and a call to free it.
    type Parent;
    #[wasm_bindgen(method, catch, js_name = appendChild)]
    fn append_child(this: &Parent, child: &JsValue) -> Result<(), JsValue>;
    /// `ParentNode.append(text)`: a text node, made and appended in one call.
    #[wasm_bindgen(method, js_name = append)]
    fn append_text(this: &Parent, text: &JsValue);
    #[wasm_bindgen(method, js_name = append)]
    fn append_str(this: &Parent, text: &str);
}

/// Slots of the table of static strings: well above the distinct static
/// strings there can be (the crate's literals and, leaked once each, the
/// words of the at most nine catalogs loaded).
const SLOTS: usize = 4096;

thread_local! {
    /// JS strings of static strings, by address and length (open addressing).
    /// Kept for the page's life (a few dozen), so they are handed out by
    /// reference: cloning or dropping a `JsValue` is a call into JS too.
    static STATIC: RefCell<Vec<Option<(usize, usize, &'static JsValue)>>> = RefCell::new(vec![None; SLOTS]);
    static USED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The JS string of a static string, decoded the first time only.
fn js(s: &'static str) -> &'static JsValue {
    let (ptr, len) = (s.as_ptr() as usize, s.len());
    STATIC.with(|t| {
        let mut t = t.borrow_mut();
        let mut i = ((ptr >> 1) ^ len).wrapping_mul(0x9E37_79B9) % SLOTS;
        loop {
            match t[i] {
                Some((p, l, v)) if p == ptr && l == len => return v,
                Some(_) => i = (i + 1) % SLOTS,
                None => {
                    let v: &'static JsValue = Box::leak(Box::new(JsValue::from_str(s)));
                    // A full table would probe forever: past three quarters (which the
                    // bound above rules out) new strings are no longer kept.
                    if USED.get() < SLOTS * 3 / 4 {
                        USED.set(USED.get() + 1);
                        t[i] = Some((ptr, len, v));
                    }
                    return v;
                }
            }
        }
    })
}

/// Author cards already built in this fragment, by their HTML (an exact key).
type Cards = Vec<(String, web_sys::Node)>;

/// Cards kept per fragment: more distinct authors than this are built as usual.
const MAX_CARDS: usize = 64;

/// Builds nodes into a new document fragment: from their HTML where the page
/// allows it, node by node otherwise.
pub fn fragment(doc: &Document, nodes: &[Node]) -> Result<DocumentFragment, JsValue> {
    match parse(doc, nodes) {
        Some(frag) => Ok(frag),
        None => fragment_by_nodes(doc, nodes),
    }
}

/// Builds nodes into a new document fragment node by node (the fallback of
/// [`fragment`]; public for the test that compares the two).
pub fn fragment_by_nodes(doc: &Document, nodes: &[Node]) -> Result<DocumentFragment, JsValue> {
    let frag = doc.create_document_fragment();
    let mut cards = Cards::new();
    for n in nodes {
        append(doc, frag.unchecked_ref(), n, &mut cards)?;
    }
    Ok(frag)
}

#[wasm_bindgen]
extern "C" {
    type Factory;
    #[wasm_bindgen(thread_local_v2, js_namespace = globalThis, js_name = trustedTypes)]
    static TRUSTED_TYPES: Option<Factory>;
    #[wasm_bindgen(method, catch, js_name = createPolicy)]
    fn create_policy(this: &Factory, name: &str, rules: &JsValue) -> Result<Policy, JsValue>;
    type Policy;
    #[wasm_bindgen(method, catch, js_name = createHTML)]
    fn create_html(this: &Policy, html: &str) -> Result<JsValue, JsValue>;
    type Template;
    /// Throws where Trusted Types are enforced and `html` is a plain string.
    #[wasm_bindgen(method, catch, setter = innerHTML)]
    fn set_inner_html(this: &Template, html: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, getter)]
    fn content(this: &Template) -> DocumentFragment;
}

/// How this page lets the widget parse its HTML, decided on first use.
enum Parser {
    /// Not decided yet.
    Unknown,
    /// No Trusted Types: strings go to the sink as they are.
    Plain,
    /// Trusted Types: strings go through the `thread-widget` policy.
    Policy(Policy),
    /// The page allows neither (a `trusted-types` list without our name, or a
    /// sink that threw): node by node for the page's life.
    Off,
}

thread_local! {
    static PARSER: RefCell<Parser> = const { RefCell::new(Parser::Unknown) };
}

/// The policy's one rule: [`super::html`] escaped every text and attribute
/// already, and nothing else reaches the policy (it is never handed out).
fn policy() -> Parser {
    TRUSTED_TYPES.with(|tt| {
        let Some(tt) = tt else { return Parser::Plain };
        let rules = js_sys::Object::new();
        let same = Closure::<dyn Fn(JsValue) -> JsValue>::new(|s| s).into_js_value();
        let _ = js_sys::Reflect::set(&rules, &JsValue::from_str("createHTML"), &same);
        match tt.create_policy("thread-widget", &rules) {
            Ok(p) => Parser::Policy(p),
            Err(_) => Parser::Off,
        }
    })
}

/// The nodes' HTML ([`super::html`], the serializer of `renderToString`)
/// parsed by the browser; None when this page does not allow it.
fn parse(doc: &Document, nodes: &[Node]) -> Option<DocumentFragment> {
    PARSER.with(|p| {
        let mut p = p.borrow_mut();
        if matches!(*p, Parser::Unknown) {
            *p = policy();
        }
        let html = match &*p {
            Parser::Plain => JsValue::from_str(&super::html::to_string(nodes)),
            Parser::Policy(policy) => policy.create_html(&super::html::to_string(nodes)).ok()?,
            Parser::Unknown | Parser::Off => return None,
        };
        // A new template per call: its content is the fragment handed out.
        let t = doc.unchecked_ref::<Doc>().create_element(js("template"));
        let t = t.unchecked_ref::<Template>();
        match t.set_inner_html(&html) {
            Ok(()) => Some(t.content()),
            Err(_) => {
                *p = Parser::Off;
                None
            }
        }
    })
}

fn append(doc: &Document, parent: &Parent, node: &Node, cards: &mut Cards) -> Result<(), JsValue> {
    match node {
        Node::Text(Cow::Borrowed(t)) => parent.append_text(js(t)),
        Node::Text(t) => parent.append_str(t),
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

fn set_text(el: &web_sys::Element, t: &Str) {
    match t {
        Cow::Borrowed(t) => el.unchecked_ref::<El>().set_text_content(js(t)),
        Cow::Owned(t) => el.set_text_content(Some(t)),
    }
}

fn element(doc: &Document, e: &Element, cards: &mut Cards) -> Result<web_sys::Element, JsValue> {
    // Tags and names are the widget's own, valid: these calls cannot throw.
    let el = doc.unchecked_ref::<Doc>().create_element(js(e.tag));
    let e_ = el.unchecked_ref::<El>();
    for (name, value) in &e.attrs {
        match value {
            Cow::Borrowed(v) => e_.set_attribute(js(name), js(v)),
            Cow::Owned(v) => e_.set_attribute_str(js(name), v),
        }
    }
    if let [Node::Text(t)] = e.children.as_slice() {
        set_text(&el, t);
        return Ok(el);
    }
    for c in &e.children {
        append(doc, el.unchecked_ref(), c, cards)?;
    }
    Ok(el)
}
