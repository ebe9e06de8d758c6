//! What the HTML tree builder knows of an element: its kind on the stack of
//! open elements, the block, heading and special names, and scopes.

use super::inline::Flow;
use super::tokenize::StartTag;

/// What an open element is to the builder.
pub(super) enum Kind {
    Flow(Flow),
    /// An ordinary element without a meaning of its own (`span`, `small`…).
    Other,
    /// A Mastodon `span.ellipsis`: "…" after its content.
    Ellipsis,
    /// An element of `<svg>` or `<math>`.
    Foreign,
    /// A Discourse onebox's title (`h3`…, `true`) or its `header` (the site).
    Capture(bool),
}

pub(super) struct El {
    pub(super) name: String,
    pub(super) kind: Kind,
    /// Its content is not shown.
    pub(super) hidden: bool,
    /// A scope marker was pushed for it.
    pub(super) marker: bool,
}

/// Start tags that close an open `<p>` and are block containers.
pub(super) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address" | "article" | "aside" | "blockquote" | "center" | "details" | "dialog" | "dir" | "div" | "dl"
            | "fieldset" | "figcaption" | "figure" | "footer" | "header" | "hgroup" | "main" | "menu" | "nav"
            | "ol" | "p" | "search" | "section" | "summary" | "ul"
    )
}

pub(super) fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// The HTML5 "special" category (an end tag does not look past them).
pub(super) fn is_special(name: &str) -> bool {
    is_block(name)
        || is_heading(name)
        || matches!(
            name,
            "" | "applet" | "area" | "base" | "basefont" | "bgsound" | "body" | "br" | "button" | "caption" | "col"
                | "colgroup" | "dd" | "dt" | "embed" | "form" | "frame" | "frameset" | "head" | "hr" | "html"
                | "iframe" | "img" | "input" | "keygen" | "li" | "link" | "listing" | "marquee" | "meta"
                | "noembed" | "noframes" | "noscript" | "object" | "param" | "plaintext" | "pre" | "script"
                | "select" | "source" | "style" | "table" | "tbody" | "td" | "template" | "textarea" | "tfoot"
                | "th" | "thead" | "title" | "tr" | "track" | "ul" | "wbr" | "xmp"
        )
}

/// Elements whose start tag leaves `<svg>`/`<math>` content.
pub(super) fn breaks_out(tag: &StartTag) -> bool {
    matches!(
        tag.name.as_str(),
        "b" | "big" | "blockquote" | "body" | "br" | "center" | "code" | "dd" | "div" | "dl" | "dt" | "em" | "embed"
            | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "head" | "hr" | "i" | "img" | "li" | "listing" | "menu"
            | "meta" | "nobr" | "ol" | "p" | "pre" | "ruby" | "s" | "small" | "span" | "strong" | "strike" | "sub"
            | "sup" | "table" | "tt" | "u" | "ul" | "var"
    ) || (tag.name == "font" && ["color", "face", "size"].iter().any(|a| tag.attr(a).is_some()))
}

#[derive(Clone, Copy)]
pub(super) enum Scope {
    Default,
    ListItem,
    Button,
    Table,
}

pub(super) fn bounds(name: &str, scope: Scope) -> bool {
    match scope {
        Scope::Table => matches!(name, "" | "html" | "table" | "template"),
        _ => {
            matches!(name, "" | "applet" | "caption" | "html" | "table" | "td" | "th" | "marquee" | "object" | "template")
                || (matches!(scope, Scope::ListItem) && matches!(name, "ol" | "ul"))
                || (matches!(scope, Scope::Button) && name == "button")
        }
    }
}

pub(super) const BUCKETS: usize = 64;

/// A name's counter in [`Builder::counts`] (FNV-1a).
pub(super) fn bucket(name: &str) -> usize {
    let h = name.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    h as usize % BUCKETS
}
