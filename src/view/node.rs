//! The platform-neutral view tree that both renderers walk.
//!
//! Tag and attribute names are `&'static str`: only the widget's own code can
//! choose them, never input. URL attributes (`href`, `src`) can only be set
//! from a [`SafeUrl`]. Text is normalised the way an HTML parser would
//! normalise it (CR LF and CR to LF, NUL to U+FFFD), so the DOM built from this
//! tree and the DOM a browser parses from its HTML are the same.
//!
//! In the wasm the builder methods are never inlined (`cfg_attr(target_arch
//! = "wasm32", inline(never))`): the view builds a few hundred elements in
//! its code, and a `Vec` push inlined at every one of them cost 5.7 KB
//! (1.3 KB gzip) more than a call each (docs/benchmarks.md, issue 16). The
//! native build, which renders whole threads in the CLI, inlines as before.

use std::borrow::Cow;

use crate::url::SafeUrl;

/// Text or an attribute value: the widget's own words are borrowed, user
/// text is owned (most nodes of a thread are the former: no allocation).
pub type Str = Cow<'static, str>;

/// A node: an element or a run of text.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Text, shown as it is.
    Text(Str),
}

/// An element with its attributes and children.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// Lowercase tag name, chosen by the widget.
    pub tag: &'static str,
    /// Attributes in the order they are written.
    pub attrs: Vec<(&'static str, Str)>,
    /// Child nodes (none for void elements).
    pub children: Vec<Node>,
}

/// Elements that have no end tag and no children.
pub const VOID_ELEMENTS: [&str; 4] = ["br", "hr", "img", "wbr"];

/// Attributes whose value is a URL: set only through [`Element::url`].
pub const URL_ATTRIBUTES: [&str; 3] = ["href", "src", "cite"];

/// True when a string holds what an HTML parser would rewrite (memchr-fast).
fn needs_normalizing(s: &str) -> bool {
    s.as_bytes().contains(&b'\r') || s.as_bytes().contains(&0)
}

fn normalize(s: &str) -> Str {
    Cow::Owned(crate::find::newlines(s, true).into_owned())
}

impl Node {
    /// A text node.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn text(s: &str) -> Node {
        Node::Text(normalize(s))
    }

    /// A text node of the widget's own words (no copy).
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn text_static(s: &'static str) -> Node {
        Node::Text(Cow::Borrowed(s))
    }
}

impl From<Element> for Node {
    fn from(e: Element) -> Node {
        Node::Element(e)
    }
}

impl Element {
    /// A new element with no attributes or children.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn new(tag: &'static str) -> Element {
        Element { tag, attrs: Vec::new(), children: Vec::new() }
    }

    /// A new element with a `class` of the widget's own: `new` and
    /// `class_static` in one call (the view's most common pair).
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn classed(tag: &'static str, class: &'static str) -> Element {
        // The capacity a first push would give: later attributes do not reallocate.
        let mut attrs = Vec::with_capacity(4);
        attrs.push(("class", Cow::Borrowed(class)));
        Element { tag, attrs, children: Vec::new() }
    }

    /// Adds an attribute that is not a URL.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn attr(mut self, name: &'static str, value: &str) -> Element {
        debug_assert!(!URL_ATTRIBUTES.contains(&name), "URL attribute {name} set as text");
        self.attrs.push((name, normalize(value)));
        self
    }

    /// Adds a URL attribute from a URL that passed the policy.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn url(mut self, name: &'static str, url: &SafeUrl) -> Element {
        self.attrs.push((name, normalize(url.as_str())));
        self
    }

    /// Adds an attribute whose value is the widget's own (no copy).
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn attr_static(mut self, name: &'static str, value: &'static str) -> Element {
        debug_assert!(!URL_ATTRIBUTES.contains(&name), "URL attribute {name} set as text");
        self.attrs.push((name, Cow::Borrowed(value)));
        self
    }

    /// Adds an attribute from an owned string.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn attr_owned(mut self, name: &'static str, value: String) -> Element {
        debug_assert!(!URL_ATTRIBUTES.contains(&name), "URL attribute {name} set as text");
        let v = if needs_normalizing(&value) { normalize(&value) } else { Cow::Owned(value) };
        self.attrs.push((name, v));
        self
    }

    /// Adds the `class` attribute.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn class(self, class: &str) -> Element {
        self.attr("class", class)
    }

    /// Adds a `class` attribute of the widget's own (no copy).
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn class_static(self, class: &'static str) -> Element {
        self.attr_static("class", class)
    }

    /// Appends a text child of the widget's own words (no copy).
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn text_static(mut self, s: &'static str) -> Element {
        self.children.push(Node::text_static(s));
        self
    }

    /// Appends a child.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn child(mut self, node: impl Into<Node>) -> Element {
        self.children.push(node.into());
        self
    }

    /// Appends a text child.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn text(mut self, s: &str) -> Element {
        self.children.push(Node::text(s));
        self
    }

    /// Appends children.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn children(mut self, nodes: impl IntoIterator<Item = Node>) -> Element {
        self.children.extend(nodes);
        self
    }

    /// Appends a child in place.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn push(&mut self, node: impl Into<Node>) {
        self.children.push(node.into());
    }
}
