//! The inline side of the HTML tree builder: formatting elements (the
//! list of active ones), open block containers (`Flow`) and the paragraph
//! being written, and the helpers that fold inlines into text.

use super::table::TableB;
use crate::markup::text::push_text;
use crate::markup::{Align, Block, Inline};
use crate::url::SafeUrl;

/// The style an inline element gives its content.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Fmt {
    Strong,
    Em,
    Under,
    Strike,
    Code,
    /// A link; `None` when it has no `href` or the policy refused it.
    Link(Option<SafeUrl>),
    /// No markup kept (`font`, `small`, `big`, `nobr`, `tt`).
    Plain,
    /// A scope boundary of the list (cells, captions, objects, templates).
    Marker,
}

/// An entry of the list of active formatting elements.
pub(super) struct Active {
    pub(super) id: u32,
    pub(super) tag: String,
    pub(super) fmt: Fmt,
    /// For styles of ordinary elements (`del`, `kbd`…): the stack index of
    /// the element, whose end removes the entry. `None`: a formatting
    /// element, which lives until its end tag (or a marker's end).
    pub(super) owner: Option<usize>,
    /// A Discourse lightbox link: its `div.meta` is not shown.
    pub(super) lightbox: bool,
}

/// What a block container makes of its content.
#[derive(Debug)]
pub(super) enum Role {
    /// Its blocks go to its parent (`div`, `p`, `section`, the root…).
    Transparent,
    Quote { name: Option<String>, post: Option<String>, discourse: bool, inner: bool },
    List { ordered: bool, start: Option<u64>, items: Vec<Vec<Block>> },
    Item,
    Indent,
    Aligned(Align),
    /// Inline content only: blocks inside become line breaks.
    Heading(u8),
    Cell { th: bool },
    Table(Box<TableB>),
    /// Preformatted text.
    Pre { lang: Option<String>, text: String },
    /// A Discourse onebox: a link to `url` named `title`.
    Onebox { src: Option<String>, href: Option<String>, title: String, site: String },
    /// Past [`MAX_DEPTH`]: its content is dropped.
    Cut,
}

/// An open block container.
pub(super) struct Flow {
    pub(super) role: Role,
    pub(super) blocks: Vec<Block>,
    pub(super) para: Para,
}

/// The paragraph being written: text and closed spans in `base`, and the
/// spans still open, each with the id of its active entry.
#[derive(Default)]
pub(super) struct Para {
    pub(super) base: Vec<Inline>,
    pub(super) open: Vec<(u32, Fmt, Vec<Inline>)>,
}

impl Para {
    pub(super) fn is_empty(&self) -> bool {
        self.base.is_empty() && self.open.iter().all(|o| o.2.is_empty())
    }

    pub(super) fn target(&mut self) -> &mut Vec<Inline> {
        match self.open.last_mut() {
            Some(o) => &mut o.2,
            None => &mut self.base,
        }
    }

    /// Closes the innermost open span into its parent.
    pub(super) fn close_one(&mut self) {
        if let Some((_, fmt, content)) = self.open.pop() {
            let into = self.target();
            wrap(fmt, content, into);
        }
    }

    /// Closes every span; the paragraph's content, trimmed at the end.
    pub(super) fn take(&mut self) -> Vec<Inline> {
        while !self.open.is_empty() {
            self.close_one();
        }
        let mut base = std::mem::take(&mut self.base);
        trim_end(&mut base);
        base
    }
}

/// Puts a closed span's content into `into`.
pub(super) fn wrap(fmt: Fmt, content: Vec<Inline>, into: &mut Vec<Inline>) {
    if content.is_empty() {
        return;
    }
    let inline = match fmt {
        Fmt::Strong => Inline::Strong(content),
        Fmt::Em => Inline::Emphasis(content),
        Fmt::Under => Inline::Underline(content),
        Fmt::Strike => Inline::Strike(content),
        Fmt::Link(Some(url)) => Inline::Link { url, content },
        Fmt::Code => {
            code_of(content, into);
            return;
        }
        Fmt::Link(None) | Fmt::Plain | Fmt::Marker => {
            for c in content {
                match c {
                    Inline::Text(t) => push_text(into, &t),
                    other => into.push(other),
                }
            }
            return;
        }
    };
    into.push(inline);
}

/// Inline code holds text only: styles inside it are dropped, links inside
/// it stay links around code.
pub(super) fn code_of(content: Vec<Inline>, into: &mut Vec<Inline>) {
    let mut code = String::new();
    let flush = |code: &mut String, into: &mut Vec<Inline>| {
        if !code.is_empty() {
            into.push(Inline::Code(std::mem::take(code)));
        }
    };
    for c in content {
        match c {
            Inline::Link { url, content } => {
                flush(&mut code, into);
                let mut text = String::new();
                inline_text(&content, &mut text);
                into.push(Inline::Link { url, content: vec![Inline::Code(text)] });
            }
            Inline::Image { .. } => {
                flush(&mut code, into);
                into.push(c);
            }
            other => inline_text(std::slice::from_ref(&other), &mut code),
        }
    }
    flush(&mut code, into);
}

/// The text of inline content (images by their alt text).
pub(super) fn inline_text(content: &[Inline], out: &mut String) {
    for c in content {
        match c {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::LineBreak => out.push('\n'),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::Strong(c)
            | Inline::Emphasis(c)
            | Inline::Underline(c)
            | Inline::Strike(c)
            | Inline::Link { content: c, .. }
            | Inline::Color { content: c, .. }
            | Inline::Size { content: c, .. } => inline_text(c, out),
        }
    }
}

pub(super) fn trim_ws(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0c' | '\r' | ' ')
}

/// Removes trailing whitespace of the last text, looking into trailing spans.
pub(super) fn trim_end(mut v: &mut Vec<Inline>) {
    loop {
        if let Some(Inline::Text(t)) = v.last_mut() {
            let n = t.trim_end_matches(trim_ws).len();
            t.truncate(n);
            if n == 0 {
                v.pop();
            }
            return;
        }
        match v.last_mut() {
            Some(
                Inline::Strong(c) | Inline::Emphasis(c) | Inline::Underline(c) | Inline::Strike(c) | Inline::Link { content: c, .. },
            ) => v = c,
            _ => return,
        }
    }
}

/// Blocks as inline content (for cells and headings): line breaks between.
pub(super) fn flatten(blocks: Vec<Block>, out: &mut Vec<Inline>) {
    for block in blocks {
        let before = out.len();
        let sep = |out: &mut Vec<Inline>| {
            if !out.is_empty() && out.len() == before && !matches!(out.last(), Some(Inline::LineBreak)) {
                out.push(Inline::LineBreak);
            }
        };
        match block {
            Block::Paragraph(c) | Block::Heading { content: c, .. } => {
                if !c.is_empty() {
                    sep(out);
                    out.extend(c);
                }
            }
            Block::Code { text, .. } => {
                if !text.is_empty() {
                    sep(out);
                    out.push(Inline::Code(text));
                }
            }
            Block::Quote(q) => {
                sep(out);
                flatten(q.body, out);
            }
            Block::List { items, .. } => {
                for item in items {
                    sep(out);
                    flatten(item, out);
                }
            }
            Block::Table { head, rows, .. } => {
                for row in std::iter::once(head).chain(rows) {
                    sep(out);
                    for (i, cell) in row.into_iter().enumerate() {
                        if i > 0 {
                            push_text(out, " ");
                        }
                        out.extend(cell);
                    }
                }
            }
            Block::Aligned { blocks, .. } | Block::Indent(blocks) => {
                sep(out);
                flatten(blocks, out);
            }
            Block::Rule | Block::Truncated => {}
        }
    }
}
