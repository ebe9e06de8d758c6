//! What the native HTML tests share: the text and links of our body tree,
//! read the way a browser's `textContent` and `a[href]` list read a page.

use thread_widget::markup::{Block, Inline};

/// Runs of ASCII whitespace as one space, none at the ends.
pub fn collapse(s: &str) -> String {
    s.split(|c: char| c.is_ascii_whitespace()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The text (collapsed, blocks apart) and the links (in order) of a body tree.
pub fn tree_text(body: &[Block]) -> (String, Vec<String>) {
    fn inl(c: &[Inline], out: &mut String, links: &mut Vec<String>) {
        for i in c {
            match i {
                Inline::Text(s) | Inline::Code(s) => out.push_str(s),
                Inline::LineBreak => out.push(' '),
                Inline::Image { alt, .. } => out.push_str(alt),
                Inline::Strong(c) | Inline::Emphasis(c) | Inline::Underline(c) | Inline::Strike(c) => inl(c, out, links),
                Inline::Link { url, content } => {
                    links.push(url.as_str().to_owned());
                    inl(content, out, links)
                }
                Inline::Color { content, .. } | Inline::Size { content, .. } => inl(content, out, links),
            }
        }
    }
    fn blocks(b: &[Block], out: &mut String, links: &mut Vec<String>) {
        for b in b {
            out.push(' ');
            match b {
                Block::Paragraph(c) | Block::Heading { content: c, .. } => inl(c, out, links),
                Block::Quote(q) => blocks(&q.body, out, links),
                Block::Code { text, .. } => out.push_str(text),
                Block::List { items, .. } => items.iter().for_each(|i| blocks(i, out, links)),
                Block::Table { head, rows, .. } => {
                    for row in std::iter::once(head).chain(rows) {
                        for c in row {
                            out.push(' ');
                            inl(c, out, links);
                        }
                    }
                }
                Block::Aligned { blocks: b, .. } | Block::Indent(b) => blocks(b, out, links),
                Block::Rule | Block::Truncated => {}
            }
            out.push(' ');
        }
    }
    let mut out = String::new();
    let mut links = Vec::new();
    blocks(body, &mut out, &mut links);
    (collapse(&out), links)
}
