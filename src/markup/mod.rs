//! Post bodies: every format parses into one safe [`Body`] tree.
//!
//! The tree can only hold what the widget is willing to render: there is no
//! variant for raw HTML, links and images carry a [`SafeUrl`] that only the URL
//! policy can make, and colours and sizes are closed enums that become CSS
//! classes. Nesting is bounded by [`MAX_DEPTH`]: deeper input is cut and a
//! [`Block::Truncated`] notice says so, so no renderer can overflow the stack.

use crate::url::SafeUrl;

#[cfg(feature = "bbcode")]
pub mod bbcode;
#[cfg(any(feature = "html", feature = "markdown"))]
pub mod entities;
#[cfg(feature = "html")]
pub mod html;
#[cfg(feature = "markdown")]
pub mod markdown;
pub mod text;

/// How deep blocks (quotes, lists, alignment) and inline spans may nest.
/// Anything deeper is cut and replaced by [`Block::Truncated`] (blocks) or
/// flattened to its text (inline spans).
pub const MAX_DEPTH: usize = 32;

/// A parsed post body: a sequence of blocks.
pub type Body = Vec<Block>;

/// A block-level part of a body. Blocks never sit inside inline content, so
/// the HTML written for them is valid as it stands (no `<blockquote>` inside
/// `<p>`), and a browser parses it back into the very same tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph of inline content.
    Paragraph(Vec<Inline>),
    /// A Markdown heading, level 1 to 6 (rendered below the post's own level).
    Heading {
        /// 1 to 6, as written.
        level: u8,
        /// The heading text.
        content: Vec<Inline>,
    },
    /// A quotation, possibly of another post.
    Quote(Quote),
    /// Preformatted code; `text` is shown verbatim.
    Code {
        /// The language named after a fence, if any (shown as a class only).
        lang: Option<String>,
        /// The code itself.
        text: String,
    },
    /// A bulleted (`ordered: false`) or numbered list.
    List {
        /// Numbered or not.
        ordered: bool,
        /// First number of an ordered list, when not 1.
        start: Option<u64>,
        /// Each item is a sequence of blocks.
        items: Vec<Vec<Block>>,
    },
    /// A GitHub-style table.
    Table {
        /// Column alignments (one per column).
        align: Vec<Align>,
        /// Header cells.
        head: Vec<Vec<Inline>>,
        /// Body rows of cells.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A thematic break (`---`).
    Rule,
    /// `[left]`, `[center]`, `[right]` around blocks.
    Aligned {
        /// Which side.
        align: Align,
        /// The aligned content.
        blocks: Vec<Block>,
    },
    /// `[indent]` around blocks.
    Indent(Vec<Block>),
    /// Stands where content nested deeper than [`MAX_DEPTH`] was cut.
    Truncated,
}

/// A quotation: who is quoted, which post, and what they said.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Quote {
    /// The quoted person's name (`[quote=Name]`), if given.
    pub name: Option<String>,
    /// The quoted post's id (`[quote=Name;4]`, `post:4`), if given.
    pub post: Option<String>,
    /// What was quoted.
    pub body: Vec<Block>,
}

/// Inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text, shown as it is (escaped by the renderer).
    Text(String),
    /// A line break inside a paragraph.
    LineBreak,
    /// Bold.
    Strong(Vec<Inline>),
    /// Italic.
    Emphasis(Vec<Inline>),
    /// Underlined.
    Underline(Vec<Inline>),
    /// Struck through.
    Strike(Vec<Inline>),
    /// Inline code.
    Code(String),
    /// A link whose URL passed the URL policy.
    Link {
        /// Where it goes.
        url: SafeUrl,
        /// The link text.
        content: Vec<Inline>,
    },
    /// An image whose URL passed the URL policy.
    Image {
        /// The image source.
        url: SafeUrl,
        /// Alternative text (may be empty).
        alt: String,
    },
    /// Coloured text (a CSS class, never an inline style).
    Color {
        /// One of the palette colours.
        color: Color,
        /// The coloured content.
        content: Vec<Inline>,
    },
    /// Sized text, `[size=1]` to `[size=7]` (a CSS class).
    Size {
        /// 1 (smallest) to 7 (largest); 3 is normal.
        size: u8,
        /// The sized content.
        content: Vec<Inline>,
    },
}

/// Horizontal alignment of a block or table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// No alignment given.
    None,
    /// Left.
    Left,
    /// Centre.
    Center,
    /// Right.
    Right,
}

/// The palette that `[color=…]` maps to: the sixteen HTML 4 colours plus
/// orange. Any other name or `#hex` maps to the nearest of these, so colours
/// are CSS classes (`tw-color-red`) and strict CSP pages need no inline style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Color {
    Black, Silver, Gray, White, Maroon, Red, Purple, Fuchsia, Green, Lime,
    Olive, Yellow, Navy, Blue, Teal, Aqua, Orange,
}

impl Color {
    /// Every palette colour with its name and sRGB value.
    pub const ALL: [(Color, &'static str, u32); 17] = [
        (Color::Black, "black", 0x000000),
        (Color::Silver, "silver", 0xc0c0c0),
        (Color::Gray, "gray", 0x808080),
        (Color::White, "white", 0xffffff),
        (Color::Maroon, "maroon", 0x800000),
        (Color::Red, "red", 0xff0000),
        (Color::Purple, "purple", 0x800080),
        (Color::Fuchsia, "fuchsia", 0xff00ff),
        (Color::Green, "green", 0x008000),
        (Color::Lime, "lime", 0x00ff00),
        (Color::Olive, "olive", 0x808000),
        (Color::Yellow, "yellow", 0xffff00),
        (Color::Navy, "navy", 0x000080),
        (Color::Blue, "blue", 0x0000ff),
        (Color::Teal, "teal", 0x008080),
        (Color::Aqua, "aqua", 0x00ffff),
        (Color::Orange, "orange", 0xffa500),
    ];

    /// The palette name, used in the class `tw-color-{name}`.
    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|c| c.0 == self).map(|c| c.1).unwrap_or("black")
    }
}

/// The body format of a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Plain text: blank lines separate paragraphs, bare URLs become links.
    #[default]
    Text,
    /// vBulletin BBCode.
    Bbcode,
    /// CommonMark with GitHub tables, strikethrough and autolinks.
    Markdown,
    /// HTML as platforms serve it, read into the same tree (`markup::html`).
    Html,
}

impl Format {
    /// Reads a format name as written in thread JSON.
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "text" => Some(Format::Text),
            "bbcode" => Some(Format::Bbcode),
            "markdown" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            _ => None,
        }
    }

    /// True when this build has no reader for the format, so that its bodies
    /// would show as plain text: Markdown without the `markdown` feature, HTML
    /// without `html`. In the browser such a thread is handed over to the
    /// second build, which carries both readers (`src/widget.rs`,
    /// `markdown_elsewhere`; `js/index.js`).
    pub const fn elsewhere(self) -> bool {
        match self {
            Format::Markdown => !cfg!(feature = "markdown"),
            Format::Html => !cfg!(feature = "html"),
            Format::Text | Format::Bbcode => false,
        }
    }
}

/// Parses a body in the given format. Never fails: what cannot be understood
/// is shown as text. Without the `markdown` feature, Markdown bodies are
/// shown as plain text, and so are HTML bodies without the `html` feature
/// and BBCode bodies without `bbcode` (the live build: platforms never send
/// BBCode).
pub fn parse(format: Format, source: &str) -> Body {
    match format {
        Format::Text => text::parse(source),
        #[cfg(feature = "bbcode")]
        Format::Bbcode => bbcode::parse(source),
        #[cfg(not(feature = "bbcode"))]
        Format::Bbcode => text::parse(source),
        #[cfg(feature = "markdown")]
        Format::Markdown => markdown::parse(source),
        #[cfg(not(feature = "markdown"))]
        Format::Markdown => text::parse(source),
        #[cfg(feature = "html")]
        Format::Html => html::parse(source),
        #[cfg(not(feature = "html"))]
        Format::Html => text::parse(source),
    }
}

/// Appends the text of a body tree (blocks and table cells apart by a
/// space; images by their alt text), as a reader would read it out: a title
/// made from a post (`thread-widget import`).
pub fn text_of(body: &[Block], out: &mut String) {
    fn inline(c: &[Inline], out: &mut String) {
        for i in c {
            match i {
                Inline::Text(s) | Inline::Code(s) => out.push_str(s),
                Inline::LineBreak => out.push(' '),
                Inline::Image { alt, .. } => out.push_str(alt),
                Inline::Strong(c) | Inline::Emphasis(c) | Inline::Underline(c) | Inline::Strike(c) => inline(c, out),
                Inline::Link { content, .. } | Inline::Color { content, .. } | Inline::Size { content, .. } => inline(content, out),
            }
        }
    }
    for b in body {
        out.push(' ');
        match b {
            Block::Paragraph(c) | Block::Heading { content: c, .. } => inline(c, out),
            Block::Quote(q) => text_of(&q.body, out),
            Block::Code { text, .. } => out.push_str(text),
            Block::List { items, .. } => items.iter().for_each(|i| text_of(i, out)),
            Block::Table { head, rows, .. } => {
                for c in std::iter::once(head).chain(rows).flatten() {
                    out.push(' ');
                    inline(c, out);
                }
            }
            Block::Aligned { blocks, .. } | Block::Indent(blocks) => text_of(blocks, out),
            Block::Rule | Block::Truncated => {}
        }
        out.push(' ');
    }
}
