//! A parsed post body → view nodes.

use crate::config::Images;
use crate::digits::{concat, count};
use crate::i18n::{fill, Catalog};
use crate::markup::{Align, Block, Inline, Quote};
use crate::url::SafeUrl;
use crate::view::node::{Element, Node};

/// Whether this build reads Markdown or HTML, whose readers alone make
/// headings, tables, rules and inline code (BBCode and text make none): the
/// core and the plain build leave those nodes' view out (−384 B gzip).
const RICH: bool = cfg!(any(feature = "markdown", feature = "html"));

/// The `rel` of every link written from user content.
pub const LINK_REL: &str = "nofollow ugc noopener noreferrer";

/// What a body needs to know about its surroundings.
pub struct BodyContext<'a> {
    /// The reader's language.
    pub catalog: &'static Catalog,
    /// Whether a post id is in this thread file (quote links jump to it).
    pub on_page: &'a dyn Fn(&str) -> bool,
    /// Where quotes of posts not in this file link to.
    pub thread_url: Option<&'a SafeUrl>,
    /// Nested quotes shown before the rest is collapsed.
    pub quote_depth: usize,
    /// Whether images are shown or linked.
    pub images: Images,
}

struct State<'c, 'a> {
    ctx: &'c BodyContext<'a>,
    quote_level: usize,
    in_link: bool,
}

/// Renders a body's blocks.
pub fn render(ctx: &BodyContext<'_>, blocks: &[Block]) -> Vec<Node> {
    let mut st = State { ctx, quote_level: 0, in_link: false };
    let mut out = Vec::with_capacity(blocks.len());
    st.blocks(blocks, &mut out);
    out
}

/// The classes of a heading, by level (1 to 6).
const HEADING: [&str; 6] = [
    "tw-heading tw-heading-1",
    "tw-heading tw-heading-2",
    "tw-heading tw-heading-3",
    "tw-heading tw-heading-4",
    "tw-heading tw-heading-5",
    "tw-heading tw-heading-6",
];

/// The classes of a font size, by size (1 to 7).
const SIZE: [&str; 7] = ["tw-size-1", "tw-size-2", "tw-size-3", "tw-size-4", "tw-size-5", "tw-size-6", "tw-size-7"];

fn align_class(a: Align) -> Option<&'static str> {
    match a {
        Align::None => None,
        Align::Left => Some("tw-align-left"),
        Align::Center => Some("tw-align-center"),
        Align::Right => Some("tw-align-right"),
    }
}

/// Splits a template at `{key}` and puts `node` there.
pub fn fill_node(template: &str, key: &str, node: Node) -> Vec<Node> {
    let mark = concat(&["{", key, "}"]);
    match crate::find::find(template, &mark) {
        Some(i) => {
            let mut out = Vec::with_capacity(3);
            if i > 0 {
                out.push(Node::text(&template[..i]));
            }
            out.push(node);
            let rest = &template[i + mark.len()..];
            if !rest.is_empty() {
                out.push(Node::text(rest));
            }
            out
        }
        None => vec![Node::text(template)],
    }
}

impl State<'_, '_> {
    /// Appends the nodes of `blocks` to `out` (one loop into one buffer: no
    /// intermediate `Vec` per level, and no iterator fold per call site).
    fn blocks(&mut self, blocks: &[Block], out: &mut Vec<Node>) {
        for b in blocks {
            let n = self.block(b);
            out.push(n);
        }
    }

    /// An element holding the nodes of `blocks`.
    fn block_box(&mut self, e: Element, blocks: &[Block]) -> Element {
        let mut e = e;
        self.blocks(blocks, &mut e.children);
        e
    }

    /// An element holding the nodes of `inl`.
    fn inline_box(&mut self, e: Element, inl: &[Inline]) -> Element {
        let mut e = e;
        self.inlines(inl, &mut e.children);
        e
    }

    fn block(&mut self, b: &Block) -> Node {
        match b {
            // Made by the Markdown and HTML readers only: not in builds without them.
            Block::Heading { .. } | Block::Table { .. } | Block::Rule if !RICH => Node::text(""),
            Block::Paragraph(inl) => self.inline_box(Element::new("p"), inl).into(),
            Block::Heading { level, content } => {
                self.inline_box(Element::classed("p", HEADING[usize::from(*level.clamp(&1, &6)) - 1]), content).into()
            }
            Block::Quote(q) => self.quote(q),
            Block::Code { lang, text } => {
                let mut code = Element::new("code");
                if let Some(l) = lang.as_deref().filter(|l| {
                    !l.is_empty() && l.len() <= 32 && l.bytes().all(|c| c.is_ascii_alphanumeric() || b"+-_#.".contains(&c))
                }) {
                    code = code.attr_owned("class", concat(&["language-", l]));
                }
                // Focusable, so keyboard users can scroll a long line into view (axe: scrollable-region-focusable).
                Element::classed("pre", "tw-code").attr_static("tabindex", "0").child(code.text(text)).into()
            }
            Block::List { ordered, start, items } => {
                let mut list = Element::new(if *ordered { "ol" } else { "ul" });
                if let Some(s) = start.filter(|s| *ordered && *s != 1) {
                    list = list.attr_owned("start", count(s));
                }
                for item in items {
                    let li = self.block_box(Element::new("li"), item);
                    list.push(li);
                }
                list.into()
            }
            Block::Table { align, head, rows } => {
                let cell = |st: &mut Self, tag: &'static str, i: usize, c: &[Inline]| {
                    let mut e = Element::new(tag);
                    if let Some(cls) = align.get(i).copied().and_then(align_class) {
                        e = e.class(cls);
                    }
                    st.inline_box(e, c)
                };
                let mut tr = Element::new("tr");
                for (i, c) in head.iter().enumerate() {
                    tr.push(cell(self, "th", i, c));
                }
                let mut tbody = Element::new("tbody");
                for row in rows {
                    let mut r = Element::new("tr");
                    for (i, c) in row.iter().enumerate() {
                        r.push(cell(self, "td", i, c));
                    }
                    tbody.push(r);
                }
                let mut table = Element::new("table").child(Element::new("thead").child(tr));
                if !rows.is_empty() {
                    table.push(tbody);
                }
                Element::classed("div", "tw-table").attr_static("tabindex", "0").child(table).into()
            }
            Block::Rule => Element::new("hr").into(),
            Block::Aligned { align, blocks } => {
                let mut d = Element::new("div");
                if let Some(c) = align_class(*align) {
                    d = d.class(c);
                }
                self.block_box(d, blocks).into()
            }
            Block::Indent(blocks) => self.block_box(Element::classed("div", "tw-indent"), blocks).into(),
            Block::Truncated => Element::classed("p", "tw-truncated").text_static(self.ctx.catalog.truncated).into(),
        }
    }

    fn quote(&mut self, q: &Quote) -> Node {
        let cat = self.ctx.catalog;
        let name = q.name.as_deref().filter(|n| !n.trim().is_empty());
        // A plain quote (Markdown `>`) needs no caption; a cited one says whose it is.
        let mut caption = (name.is_some() || q.post.is_some()).then(|| Element::classed("figcaption", "tw-quote-by"));
        if let Some(c) = caption.as_mut() {
            match name {
                Some(name) => c.children.extend(fill_node(cat.quote_by, "name", Element::new("cite").text(name).into())),
                None => c.push(Node::text(cat.quote)),
            }
        }
        if let (Some(post), Some(caption)) = (q.post.as_deref(), caption.as_mut()) {
            let on_page = (self.ctx.on_page)(post);
            let target = if on_page { crate::url::sanitize(&concat(&["#post-", post])) } else { self.ctx.thread_url.cloned() };
            if let Some(href) = target {
                caption.push(Node::text(" "));
                let mut a = Element::classed("a", "tw-quote-link").url("href", &href);
                if on_page {
                    a = a.attr("data-post", post);
                }
                caption.push(a.text_static(cat.view_post));
            }
        }
        self.quote_level += 1;
        let body = self.block_box(Element::new("blockquote"), &q.body);
        self.quote_level -= 1;
        let mut figure = Element::classed("figure", "tw-quote");
        if let Some(c) = caption {
            figure.push(c);
        }
        let figure = figure.child(body);
        // The first quote past the allowed depth hides itself (and what it holds).
        if self.quote_level == self.ctx.quote_depth {
            Element::classed("details", "tw-quote-more")
                .child(Element::new("summary").text_static(cat.show_quote))
                .child(figure)
                .into()
        } else {
            figure.into()
        }
    }

    /// Appends the nodes of `inl` to `out` (see [`State::blocks`]).
    fn inlines(&mut self, inl: &[Inline], out: &mut Vec<Node>) {
        for i in inl {
            let n = self.inline(i);
            out.push(n);
        }
    }

    fn wrap(&mut self, tag: &'static str, content: &[Inline]) -> Node {
        self.inline_box(Element::new(tag), content).into()
    }

    fn inline(&mut self, i: &Inline) -> Node {
        match i {
            Inline::Text(t) => Node::text(t),
            Inline::LineBreak => Element::new("br").into(),
            Inline::Strong(c) => self.wrap("strong", c),
            Inline::Emphasis(c) => self.wrap("em", c),
            Inline::Underline(c) => self.wrap("u", c),
            Inline::Strike(c) => self.wrap("s", c),
            Inline::Code(_) if !RICH => Node::text(""),
            Inline::Code(t) => Element::new("code").text(t).into(),
            Inline::Link { url, content } => {
                if self.in_link {
                    // Links cannot nest in HTML: keep the text only.
                    return self.wrap("span", content);
                }
                self.in_link = true;
                let a = self.inline_box(Element::new("a").url("href", url).attr_static("rel", LINK_REL), content);
                self.in_link = false;
                a.into()
            }
            Inline::Image { url, alt } => match self.ctx.images {
                Images::Show => Element::classed("img", "tw-img")
                    .url("src", url)
                    .attr("alt", alt)
                    .attr_static("loading", "lazy")
                    .attr_static("decoding", "async")
                    .attr_static("referrerpolicy", "no-referrer")
                    .into(),
                Images::Link => {
                    let label = if alt.trim().is_empty() { url.as_str() } else { alt.as_str() };
                    let text = fill(self.ctx.catalog.image, &[("alt", label)]);
                    if self.in_link {
                        Element::classed("span", "tw-img-link").text(&text).into()
                    } else {
                        Element::classed("a", "tw-img-link")
                            .url("href", url)
                            .attr_static("rel", LINK_REL)
                            .text(&text)
                            .into()
                    }
                }
            },
            Inline::Color { color, content } => {
                self.inline_box(Element::new("span").attr_owned("class", concat(&["tw-color-", color.name()])), content).into()
            }
            Inline::Size { size, content } => {
                self.inline_box(Element::classed("span", SIZE[usize::from(*size.clamp(&1, &7)) - 1]), content).into()
            }
        }
    }
}
