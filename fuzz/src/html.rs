//! The body of the `html` fuzz target (see `docs/fuzzing.md`): an HTML body
//! → `markup::html` → view nodes → HTML. Kept beside `lib.rs` rather than in
//! it; `fuzz_targets/html.rs` and `tests/html_fuzz_smoke.rs` include it.
//!
//! It panics only when an invariant breaks: the reader never panics; the
//! tree is no deeper than `MAX_DEPTH` in blocks and in inline spans; the view
//! tree has only the widget's own elements, no `on*` attribute, and every
//! `href`/`src` passes the URL policy unchanged with an allowed scheme; and
//! the HTML written for it opens and closes the same elements.

use thread_widget::config::Images;
use thread_widget::markup::{html, Block, Inline, MAX_DEPTH};
use thread_widget::url::{sanitize, ALLOWED_SCHEMES};
use thread_widget::view::body::{self, BodyContext};
use thread_widget::view::node::Node;
use thread_widget::{i18n, render};

const TAGS: &[&str] = &[
    "section", "header", "footer", "nav", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "article", "a", "img",
    "time", "dl", "dt", "dd", "span", "ul", "ol", "li", "br", "strong", "em", "u", "s", "code", "pre", "figure",
    "figcaption", "blockquote", "cite", "details", "summary", "table", "thead", "tbody", "tr", "th", "td", "hr",
    "button",
];

/// An HTML body, read and rendered.
pub fn html(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else { return };
    let blocks = html::parse(source);
    assert!(block_depth(&blocks) <= MAX_DEPTH, "blocks nest deeper than MAX_DEPTH");
    assert!(inline_depth(&blocks) <= MAX_DEPTH + 1, "inline spans nest deeper than MAX_DEPTH");
    let thread_url = sanitize("https://forum.example/threads/1");
    let on_page = |id: &str| id == "1" || id == "2";
    for (images, quote_depth) in [(Images::Show, 3), (Images::Link, 0)] {
        let ctx = BodyContext { catalog: i18n::catalog("en"), on_page: &on_page, thread_url: thread_url.as_ref(), quote_depth, images };
        let nodes = body::render(&ctx, &blocks);
        check_nodes(&nodes);
        let out = render::html::to_string(&nodes);
        let opens = out.matches('<').count();
        assert!(opens >= count_elements(&nodes), "fewer tags than elements in {out:?}");
    }
}

fn block_depth(blocks: &[Block]) -> usize {
    // Bounded by construction; an explicit stack all the same.
    let mut max = 0;
    let mut stack: Vec<(&[Block], usize)> = vec![(blocks, 0)];
    while let Some((bs, d)) = stack.pop() {
        max = max.max(d);
        for b in bs {
            match b {
                Block::Quote(q) => stack.push((&q.body, d + 1)),
                Block::List { items, .. } => items.iter().for_each(|i| stack.push((i, d + 1))),
                Block::Aligned { blocks, .. } | Block::Indent(blocks) => stack.push((blocks, d + 1)),
                _ => {}
            }
        }
    }
    max
}

fn inline_depth(blocks: &[Block]) -> usize {
    let mut max = 0;
    let mut bstack: Vec<&[Block]> = vec![blocks];
    let mut istack: Vec<(&[Inline], usize)> = Vec::new();
    while let Some(bs) = bstack.pop() {
        for b in bs {
            match b {
                Block::Paragraph(c) | Block::Heading { content: c, .. } => istack.push((c, 0)),
                Block::Quote(q) => bstack.push(&q.body),
                Block::List { items, .. } => items.iter().for_each(|i| bstack.push(i)),
                Block::Aligned { blocks, .. } | Block::Indent(blocks) => bstack.push(blocks),
                Block::Table { head, rows, .. } => {
                    head.iter().chain(rows.iter().flatten()).for_each(|c| istack.push((c, 0)));
                }
                _ => {}
            }
        }
    }
    while let Some((c, d)) = istack.pop() {
        max = max.max(d);
        for i in c {
            match i {
                Inline::Strong(c) | Inline::Emphasis(c) | Inline::Underline(c) | Inline::Strike(c) => istack.push((c, d + 1)),
                Inline::Link { content, .. } | Inline::Color { content, .. } | Inline::Size { content, .. } => istack.push((content, d + 1)),
                _ => {}
            }
        }
    }
    max
}

fn count_elements(nodes: &[Node]) -> usize {
    let mut n = 0;
    let mut stack: Vec<&[Node]> = vec![nodes];
    while let Some(ns) = stack.pop() {
        for node in ns {
            if let Node::Element(e) = node {
                n += 1;
                stack.push(&e.children);
            }
        }
    }
    n
}

fn check_nodes(nodes: &[Node]) {
    let mut stack: Vec<&[Node]> = vec![nodes];
    while let Some(ns) = stack.pop() {
        for node in ns {
            let Node::Element(e) = node else { continue };
            assert!(TAGS.contains(&e.tag), "element <{}>", e.tag);
            for (name, value) in &e.attrs {
                assert!(!name.to_ascii_lowercase().starts_with("on"), "event handler {name}");
                if *name == "href" || *name == "src" {
                    let u = sanitize(value).unwrap_or_else(|| panic!("{name}={value:?} fails the policy"));
                    assert_eq!(u.as_str(), value, "{name} is not what the policy returns");
                    if let Some(colon) = value.find(':') {
                        let scheme = &value[..colon];
                        if !scheme.contains(['/', '?', '#']) {
                            assert!(ALLOWED_SCHEMES.iter().any(|a| scheme.eq_ignore_ascii_case(a)), "scheme {scheme:?}");
                        }
                    }
                }
                if *name == "class" {
                    assert!(value.split_ascii_whitespace().all(|c| c.starts_with("tw-") || c.starts_with("language-")), "class {value:?}");
                }
            }
            stack.push(&e.children);
        }
    }
}
