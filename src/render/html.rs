//! View tree → HTML string.
//!
//! Two escapers with names: [`escape_text`] for text content and
//! [`escape_attr`] for attribute values. Nothing else in the crate writes `<`,
//! `&` or `"` into markup.

use crate::view::node::{Element, Node};

/// Escapes text content: `&`, `<` and `>`.
pub fn escape_text(out: &mut String, s: &str) {
    let b = s.as_bytes();
    if !(b.contains(&b'&') || b.contains(&b'<') || b.contains(&b'>')) {
        out.push_str(s);
        return;
    }
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// Escapes an attribute value written between double quotes: `&`, `"`, `'`,
/// `<` and `>` (the last three are not strictly needed, but cost nothing and
/// keep the output safe if it is ever pasted into a single-quoted context).
pub fn escape_attr(out: &mut String, s: &str) {
    if !s.bytes().any(|b| matches!(b, b'&' | b'"' | b'\'' | b'<' | b'>')) {
        out.push_str(s);
        return;
    }
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// Writes nodes as HTML.
pub fn write_nodes(out: &mut String, nodes: &[Node]) {
    for n in nodes {
        write_node(out, n);
    }
}

/// Writes one node as HTML.
pub fn write_node(out: &mut String, node: &Node) {
    match node {
        Node::Text(t) => escape_text(out, t),
        Node::Element(e) => write_element(out, e),
    }
}

fn write_element(out: &mut String, e: &Element) {
    out.push('<');
    out.push_str(e.tag);
    for (name, value) in &e.attrs {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        escape_attr(out, value);
        out.push('"');
    }
    out.push('>');
    // A slice match compares lengths first: cheaper than searching the list.
    if matches!(e.tag.as_bytes(), b"br" | b"hr" | b"img" | b"wbr") {
        return;
    }
    write_nodes(out, &e.children);
    out.push_str("</");
    out.push_str(e.tag);
    out.push('>');
}

/// Renders nodes to a new string.
pub fn to_string(nodes: &[Node]) -> String {
    let mut out = String::with_capacity(4096);
    write_nodes(&mut out, nodes);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_open_a_tag() {
        let n = Element::new("p").text("<script>alert(1)</script> & co");
        assert_eq!(to_string(&[n.into()]), "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</p>");
    }

    #[test]
    fn attribute_cannot_break_out_of_quotes() {
        let n = Element::new("span").attr("title", "\" onmouseover=\"alert(1)' x");
        assert_eq!(to_string(&[n.into()]), "<span title=\"&quot; onmouseover=&quot;alert(1)&#39; x\"></span>");
    }

    #[test]
    fn void_elements_have_no_end_tag() {
        assert_eq!(to_string(&[Element::new("br").into()]), "<br>");
    }
}
