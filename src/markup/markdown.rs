//! Markdown bodies: CommonMark with GitHub's tables, strikethrough and
//! autolinks, read by pulldown-cmark into the one safe [`Body`] tree.
//!
//! ```
//! use thread_widget::markup::{markdown, Block, Inline};
//! let body = markdown::parse("Hello *world*");
//! assert_eq!(body, vec![Block::Paragraph(vec![
//!     Inline::Text("Hello ".into()),
//!     Inline::Emphasis(vec![Inline::Text("world".into())]),
//! ])]);
//! ```
//!
//! What differs from a CommonMark HTML renderer, on purpose:
//!
//! - Raw HTML is shown as the text it is. An HTML block becomes a paragraph
//!   of its source, one line break per source line; inline HTML becomes text
//!   in place.
//! - Every link and image destination goes through [`crate::url::sanitize`].
//!   A refused link shows its content without the link; a refused image shows
//!   its alt text (nothing when the alt text is empty).
//! - Bare `http(s)://…`, `www.…` and e-mail addresses become links (GitHub's
//!   autolink extension), except inside links and code.
//! - Discourse quotes, `[quote="name, post:4, topic:123"]` … `[/quote]` on
//!   lines of their own, become [`Block::Quote`]s whose bodies are Markdown
//!   again. They are split off before pulldown-cmark runs, by a line scanner
//!   that leaves fenced code alone; a marker without its partner is text.
//! - Nesting is bounded by [`MAX_DEPTH`]: a quote or list deeper than that
//!   becomes one [`Block::Truncated`], and deeper inline spans are flattened
//!   into their parent. The event-to-tree builder keeps its own stack, so no
//!   input can make it recurse.
//! - Task lists, footnotes, math and GitHub's `> [!NOTE]` alerts are off:
//!   their markers stay visible as text.

use pulldown_cmark::{
    Alignment, BrokenLink, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};

use super::text::{autolink_with, find_byte2, Run};
use super::{Align, Block, Body, Inline, Quote, MAX_DEPTH};
use crate::digits::concat;
use crate::url::{sanitize, SafeUrl};

/// The pulldown-cmark extensions we use. `ENABLE_GFM` is left out: it only
/// adds `> [!NOTE]` alerts, whose marker it would remove without a trace.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Parses a Markdown body. Never fails and never recurses with the input's
/// nesting: see the module documentation for what is done with what.
pub fn parse(source: &str) -> Body {
    // Named character references come from our one table (its first call
    // sets it; src/markup/entities/).
    pulldown_cmark::set_entity_lookup(super::entities::markdown);
    let parts = split_quotes(source);
    // Splitting at quote markers parses each region on its own; link
    // reference definitions still apply to the whole body, as written.
    if parts.iter().any(|p| !matches!(p, Part::Markdown(_))) {
        let mut all = String::new();
        collect_markdown(&parts, &mut all);
        let whole = Parser::new_ext(&all, options());
        let defs = whole.reference_definitions();
        let lookup = |link: BrokenLink<'_>| {
            defs.get(link.reference.as_ref()).map(|d| {
                let title = d.title.as_deref().map(String::from).unwrap_or_default();
                (CowStr::from(String::from(&*d.dest)), CowStr::from(title))
            })
        };
        blocks_of(parts, 0, &lookup)
    } else {
        blocks_of(parts, 0, &|_: BrokenLink<'_>| None)
    }
}

/// Every Markdown region, as separate paragraphs, to find the definitions in.
fn collect_markdown(parts: &[Part<'_>], out: &mut String) {
    for part in parts {
        match part {
            Part::Markdown(text) => {
                out.push_str(text.as_str());
                out.push_str("\n\n");
            }
            Part::Quote { parts, .. } => collect_markdown(parts, out),
            Part::Cut => {}
        }
    }
}

/// Resolves link references defined outside the region being parsed.
type Lookup<'l> = dyn Fn(BrokenLink<'_>) -> Option<(CowStr<'static>, CowStr<'static>)> + 'l;

/// Turns split regions into blocks. Recursion here follows Discourse quotes,
/// which [`split_quotes`] has already cut at [`MAX_DEPTH`].
fn blocks_of(parts: Vec<Part<'_>>, depth: usize, lookup: &Lookup<'_>) -> Body {
    let mut out = Vec::new();
    for part in parts {
        match part {
            Part::Markdown(text) => {
                let text = text.as_str();
                let mut callback = |link: BrokenLink<'_>| lookup(link);
                let parser =
                    Parser::new_with_broken_link_callback(text, options(), Some(&mut callback));
                let mut builder = Builder::new(text, depth);
                for event in parser {
                    builder.event(event);
                }
                out.extend(builder.finish());
            }
            Part::Quote { name, post, parts } => {
                let body = blocks_of(parts, depth + 1, lookup);
                out.push(Block::Quote(Quote { name, post, body }));
            }
            Part::Cut => {
                if out.last() != Some(&Block::Truncated) {
                    out.push(Block::Truncated);
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Discourse quotes: a line scanner that runs before pulldown-cmark.

/// A region of the source.
#[derive(Debug)]
enum Part<'a> {
    /// Markdown to hand to pulldown-cmark (a slice of the source unless
    /// restored markers made it from separate places).
    Markdown(Run<'a>),
    /// A balanced `[quote…]` … `[/quote]`.
    Quote { name: Option<String>, post: Option<String>, parts: Vec<Part<'a>> },
    /// A quote nested deeper than [`MAX_DEPTH`].
    Cut,
}

/// A `[quote…]` whose `[/quote]` has not been seen yet.
struct OpenQuote<'a> {
    /// The marker line, restored as text if the quote is never closed.
    opener: &'a str,
    name: Option<String>,
    post: Option<String>,
    parts: Vec<Part<'a>>,
    /// For a quote past [`MAX_DEPTH`]: quotes opened inside it, and its raw
    /// source (kept only in case it turns out to be unbalanced).
    cut: Option<(usize, Run<'a>)>,
}

fn push_markdown<'a>(parts: &mut Vec<Part<'a>>, source: &'a str, text: Run<'a>) {
    match parts.last_mut() {
        Some(Part::Markdown(s)) => s.push_run(source, text),
        _ => parts.push(Part::Markdown(text)),
    }
}

/// Whether `source` has `[quote` or `[/quote` (any case) anywhere.
fn has_quote_marker(source: &str) -> bool {
    let b = source.as_bytes();
    let mut i = 0;
    while let Some(k) = find_byte2(b, i, b'[', b'[') {
        let tag = &b[k + 1..];
        let tag = tag.strip_prefix(b"/").unwrap_or(tag);
        if tag.len() >= 5 && tag[..5].eq_ignore_ascii_case(b"quote") {
            return true;
        }
        i = k + 1;
    }
    false
}

/// Splits the source into Markdown regions and Discourse quotes.
fn split_quotes(source: &str) -> Vec<Part<'_>> {
    // Most bodies quote nothing: they are one region, borrowed.
    if !has_quote_marker(source) {
        return if source.is_empty() { Vec::new() } else { vec![Part::Markdown(Run::Borrowed(source))] };
    }
    let mut root: Vec<Part<'_>> = Vec::new();
    let mut open: Vec<OpenQuote<'_>> = Vec::new();
    let mut fence: Option<(u8, usize)> = None;

    for line in source.split_inclusive('\n') {
        let marker = if let Some((ch, len)) = fence {
            if closes_fence(line, ch, len) {
                fence = None;
            }
            None
        } else if let Some(f) = opens_fence(line) {
            fence = Some(f);
            None
        } else {
            quote_marker(line)
        };

        let top_cut = open.last_mut().and_then(|q| q.cut.as_mut());
        if let Some((nested, raw)) = top_cut {
            raw.push(source, line);
            match marker {
                Some(Marker::Open(..)) => *nested += 1,
                Some(Marker::Close) if *nested > 0 => *nested -= 1,
                Some(Marker::Close) => {
                    open.pop();
                    let parts = open.last_mut().map_or(&mut root, |q| &mut q.parts);
                    if !matches!(parts.last(), Some(Part::Cut)) {
                        parts.push(Part::Cut);
                    }
                }
                None => {}
            }
            continue;
        }

        match marker {
            Some(Marker::Open(name, post)) => {
                let cut = (open.len() >= MAX_DEPTH).then_some((0, Run::Empty));
                open.push(OpenQuote { opener: line, name, post, parts: Vec::new(), cut });
            }
            Some(Marker::Close) if !open.is_empty() => {
                if let Some(q) = open.pop() {
                    let parts = open.last_mut().map_or(&mut root, |p| &mut p.parts);
                    parts.push(Part::Quote { name: q.name, post: q.post, parts: q.parts });
                }
            }
            _ => push_markdown(open.last_mut().map_or(&mut root, |q| &mut q.parts), source, Run::Borrowed(line)),
        }
    }

    // Quotes never closed: their markers are text, their content stays.
    while let Some(q) = open.pop() {
        let parts = open.last_mut().map_or(&mut root, |p| &mut p.parts);
        push_markdown(parts, source, Run::Borrowed(q.opener));
        match q.cut {
            Some((_, raw)) => push_markdown(parts, source, raw),
            None => {
                for part in q.parts {
                    match part {
                        Part::Markdown(s) => push_markdown(parts, source, s),
                        other => parts.push(other),
                    }
                }
            }
        }
    }
    root
}

enum Marker {
    Open(Option<String>, Option<String>),
    Close,
}

/// Strips up to three spaces of indentation (four make indented code).
fn unindent(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches(' ');
    (line.len() - rest.len() <= 3).then_some(rest)
}

/// Recognises a `[quote…]` or `[/quote]` line.
fn quote_marker(line: &str) -> Option<Marker> {
    let s = unindent(line)?.trim_end();
    let inner = s.strip_prefix('[')?.strip_suffix(']')?;
    if inner.eq_ignore_ascii_case("/quote") {
        return Some(Marker::Close);
    }
    let head = inner.get(..5)?;
    if !head.eq_ignore_ascii_case("quote") {
        return None;
    }
    let rest = &inner[5..];
    if rest.is_empty() {
        return Some(Marker::Open(None, None));
    }
    let attr = rest.strip_prefix('=')?;
    if attr.contains(['[', ']']) {
        return None;
    }
    let (name, post) = quote_attribution(attr);
    Some(Marker::Open(name, post))
}

/// Reads `"name, post:4, topic:123"` (Discourse) or `Name;4` (vBulletin).
fn quote_attribution(attr: &str) -> (Option<String>, Option<String>) {
    let attr = attr.trim();
    let attr = ['"', '\'']
        .iter()
        .find_map(|q| attr.strip_prefix(*q).and_then(|a| a.strip_suffix(*q)))
        .unwrap_or(attr);
    let (name, post) = if attr.contains(',') {
        let mut fields = attr.split(',');
        let name = fields.next().unwrap_or("");
        let post = fields.find_map(|f| f.trim().strip_prefix("post:"));
        (name, post)
    } else {
        match attr.rsplit_once(';') {
            Some((name, post)) => (name, Some(post)),
            None => (attr, None),
        }
    };
    let name = Some(name.trim()).filter(|n| !n.is_empty()).map(str::to_owned);
    let post = post
        .map(str::trim)
        .filter(|p| {
            !p.is_empty()
                && p.len() <= 40
                && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_owned);
    (name, post)
}

/// A code fence opening line: its character and length.
fn opens_fence(line: &str) -> Option<(u8, usize)> {
    let s = unindent(line)?;
    let ch = *s.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = s.bytes().take_while(|&b| b == ch).count();
    // A backtick fence's info string may not contain a backtick.
    (len >= 3 && !(ch == b'`' && s[len..].contains('`'))).then_some((ch, len))
}

fn closes_fence(line: &str, ch: u8, len: usize) -> bool {
    unindent(line).is_some_and(|s| {
        let n = s.bytes().take_while(|&b| b == ch).count();
        n >= len && s[n..].trim().is_empty()
    })
}

// ---------------------------------------------------------------------------
// Events → tree, with an explicit stack.

/// Something under construction.
enum Frame {
    /// A sequence of blocks: the body, a block quote, a list item, or an
    /// extension block whose content is spliced into its parent.
    Blocks(Vec<Block>, Container),
    List { ordered: bool, start: Option<u64>, items: Vec<Vec<Block>> },
    /// Inline content of a block or span.
    Inlines(Vec<Inline>, Span),
    /// A span whose markup is dropped (too deep, a refused link, a link in
    /// a link): its content goes to the inline frame at `target`.
    Flat { target: usize, link: bool },
    /// An image: everything inside becomes its alt text.
    Image { url: Option<SafeUrl>, alt: String, nested: usize },
    Code { lang: Option<String>, text: String },
    Html(String),
    Table { align: Vec<Align>, head: Vec<Vec<Inline>>, rows: Vec<Vec<Vec<Inline>>>, row: Vec<Vec<Inline>> },
}

#[derive(Clone, Copy, PartialEq)]
enum Container {
    Root,
    Quote,
    Item,
    Splice,
}

enum Span {
    Paragraph,
    /// The text of a tight list item, which pulldown-cmark does not wrap.
    Implicit,
    Heading(u8),
    Cell,
    Strong,
    Emphasis,
    Strike,
    Link(SafeUrl),
}

struct Builder<'a> {
    /// The region being parsed, which text events borrow from.
    src: &'a str,
    stack: Vec<Frame>,
    /// Open quotes and lists, counting those around this region.
    depth: usize,
    /// Open inline spans that were kept.
    spans: usize,
    /// Open links, kept or not: no links or autolinks inside them.
    links: usize,
    /// When non-zero, the events of a cut block are being skipped.
    skip: usize,
    /// Consecutive text, autolinked as one run when it ends.
    pending: Run<'a>,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str, depth: usize) -> Builder<'a> {
        Builder {
            src,
            stack: vec![Frame::Blocks(Vec::new(), Container::Root)],
            depth,
            spans: 0,
            links: 0,
            skip: 0,
            pending: Run::Empty,
        }
    }

    fn finish(mut self) -> Body {
        self.flush();
        // pulldown-cmark balances its events; this only guards against
        // frames left open all the same.
        while self.stack.len() > 1 {
            self.close_top();
        }
        match self.stack.pop() {
            Some(Frame::Blocks(blocks, _)) => blocks,
            _ => Vec::new(),
        }
    }

    fn event(&mut self, event: Event<'a>) {
        if self.skip > 0 {
            match event {
                Event::Start(_) => self.skip += 1,
                Event::End(_) => self.skip -= 1,
                _ => {}
            }
            return;
        }
        if let Some(Frame::Image { alt, nested, .. }) = self.stack.last_mut() {
            match event {
                Event::Start(_) => *nested += 1,
                Event::End(_) if *nested > 0 => *nested -= 1,
                Event::End(_) => self.close_top(),
                Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
            return;
        }
        match event {
            Event::Text(t) => match self.stack.last_mut() {
                Some(Frame::Code { text, .. }) | Some(Frame::Html(text)) => text.push_str(&t),
                _ => {
                    self.open_inline();
                    match t {
                        CowStr::Borrowed(t) => self.pending.push(self.src, t),
                        t => self.pending.push_copy(self.src, &t),
                    }
                }
            },
            Event::SoftBreak => {
                self.open_inline();
                self.pending.push_copy(self.src, "\n");
            }
            _ => {
                self.flush();
                self.structural(event);
            }
        }
    }

    fn structural(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Code(code) => self.push_inline(Inline::Code(code.into_string())),
            Event::HardBreak => self.push_inline(Inline::LineBreak),
            Event::Html(html) => match self.stack.last_mut() {
                Some(Frame::Html(text)) => text.push_str(&html),
                _ => self.push_text(&html),
            },
            Event::InlineHtml(html) => self.push_text(&html),
            Event::Rule => self.push_block(Block::Rule),
            // Not produced with our options; shown as written if ever they are.
            Event::FootnoteReference(label) => self.push_text(&concat(&["[^", &label, "]"])),
            Event::TaskListMarker(done) => self.push_text(if done { "[x] " } else { "[ ] " }),
            Event::InlineMath(m) => self.push_text(&concat(&["$", &m, "$"])),
            Event::DisplayMath(m) => self.push_text(&concat(&["$$", &m, "$$"])),
            Event::Text(_) | Event::SoftBreak => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.open_block(Frame::Inlines(Vec::new(), Span::Paragraph)),
            Tag::Heading { level, .. } => {
                self.open_block(Frame::Inlines(Vec::new(), Span::Heading(level as u8)))
            }
            Tag::BlockQuote(_) => self.open_container(Frame::Blocks(Vec::new(), Container::Quote)),
            Tag::List(start) => self.open_container(Frame::List {
                ordered: start.is_some(),
                start: start.filter(|&s| s != 1),
                items: Vec::new(),
            }),
            Tag::Item => self.open_block(Frame::Blocks(Vec::new(), Container::Item)),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_owned)
                    }
                    CodeBlockKind::Indented => None,
                };
                self.open_block(Frame::Code { lang, text: String::new() })
            }
            Tag::HtmlBlock => self.open_block(Frame::Html(String::new())),
            Tag::Table(columns) => self.open_block(Frame::Table {
                align: columns.iter().map(|a| align(*a)).collect(),
                head: Vec::new(),
                rows: Vec::new(),
                row: Vec::new(),
            }),
            Tag::TableHead | Tag::TableRow => {}
            Tag::TableCell => self.stack.push(Frame::Inlines(Vec::new(), Span::Cell)),
            Tag::Emphasis => self.open_span(Span::Emphasis),
            Tag::Strong => self.open_span(Span::Strong),
            Tag::Strikethrough => self.open_span(Span::Strike),
            Tag::Link { link_type, dest_url, .. } => {
                let url = if self.links > 0 {
                    None
                } else if link_type == LinkType::Email {
                    // `<me@example.com>`: pulldown-cmark leaves out the scheme.
                    sanitize(&concat(&["mailto:", &dest_url]))
                } else {
                    sanitize(&dest_url)
                };
                self.links += 1;
                match url {
                    Some(url) => self.open_span(Span::Link(url)),
                    None => self.open_flat(true),
                }
            }
            Tag::Image { dest_url, .. } => {
                self.open_inline();
                let url = sanitize(&dest_url);
                self.stack.push(Frame::Image { url, alt: String::new(), nested: 0 });
            }
            Tag::Superscript | Tag::Subscript => self.open_flat(false),
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.open_block(Frame::Blocks(Vec::new(), Container::Splice)),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::TableHead => {
                if let Some(Frame::Table { head, row, .. }) = self.stack.last_mut() {
                    *head = std::mem::take(row);
                }
            }
            TagEnd::TableRow => {
                if let Some(Frame::Table { rows, row, .. }) = self.stack.last_mut() {
                    rows.push(std::mem::take(row));
                }
            }
            _ => {
                self.close_implicit();
                self.close_top();
            }
        }
    }

    /// Pops the top frame and puts what it built into its parent.
    fn close_top(&mut self) {
        let Some(frame) = self.stack.pop() else { return };
        match frame {
            Frame::Blocks(blocks, Container::Quote) => {
                self.depth = self.depth.saturating_sub(1);
                self.push_block(Block::Quote(Quote { name: None, post: None, body: blocks }));
            }
            Frame::Blocks(blocks, Container::Item) => match self.stack.last_mut() {
                Some(Frame::List { items, .. }) => items.push(blocks),
                _ => self.push_blocks(blocks),
            },
            Frame::Blocks(blocks, _) => self.push_blocks(blocks),
            Frame::List { ordered, start, items } => {
                self.depth = self.depth.saturating_sub(1);
                self.push_block(Block::List { ordered, start, items });
            }
            Frame::Inlines(content, span) => match span {
                Span::Paragraph | Span::Implicit => self.push_block(Block::Paragraph(content)),
                Span::Heading(level) => self.push_block(Block::Heading { level, content }),
                Span::Cell => match self.stack.last_mut() {
                    Some(Frame::Table { row, .. }) => row.push(content),
                    _ => self.push_block(Block::Paragraph(content)),
                },
                Span::Strong => self.close_span(Inline::Strong(content)),
                Span::Emphasis => self.close_span(Inline::Emphasis(content)),
                Span::Strike => self.close_span(Inline::Strike(content)),
                Span::Link(url) => {
                    self.links = self.links.saturating_sub(1);
                    self.close_span(Inline::Link { url, content });
                }
            },
            Frame::Flat { link, .. } => {
                if link {
                    self.links = self.links.saturating_sub(1);
                }
            }
            Frame::Image { url, alt, .. } => match url {
                Some(url) => self.push_inline(Inline::Image { url, alt }),
                None => self.push_text(&alt),
            },
            Frame::Code { lang, text } => self.push_block(Block::Code { lang, text }),
            Frame::Html(source) => {
                let mut content = Vec::new();
                for (i, line) in source.trim_end_matches('\n').split('\n').enumerate() {
                    if i > 0 {
                        content.push(Inline::LineBreak);
                    }
                    if !line.is_empty() {
                        content.push(Inline::Text(line.to_owned()));
                    }
                }
                self.push_block(Block::Paragraph(content));
            }
            Frame::Table { align, head, rows, .. } => self.push_block(Block::Table { align, head, rows }),
        }
    }

    fn close_span(&mut self, inline: Inline) {
        self.spans = self.spans.saturating_sub(1);
        self.push_inline(inline);
    }

    /// Ends the paragraph of a tight list item before a block begins.
    fn close_implicit(&mut self) {
        if let Some(Frame::Inlines(_, Span::Implicit)) = self.stack.last() {
            self.close_top();
        }
    }

    fn open_block(&mut self, frame: Frame) {
        self.close_implicit();
        self.stack.push(frame);
    }

    /// Opens a quote or list, or cuts it when it would be too deep.
    fn open_container(&mut self, frame: Frame) {
        self.close_implicit();
        if self.depth >= MAX_DEPTH {
            if let Some(Frame::Blocks(blocks, _)) = self.stack.last() {
                if blocks.last() == Some(&Block::Truncated) {
                    self.skip = 1;
                    return;
                }
            }
            self.push_block(Block::Truncated);
            self.skip = 1;
            return;
        }
        self.depth += 1;
        self.stack.push(frame);
    }

    /// Makes sure inline content has somewhere to go: text straight inside
    /// a block container (a tight list item) gets a paragraph.
    fn open_inline(&mut self) {
        if matches!(self.stack.last(), Some(Frame::Blocks(..)) | None) {
            self.stack.push(Frame::Inlines(Vec::new(), Span::Implicit));
        }
    }

    fn open_span(&mut self, span: Span) {
        self.open_inline();
        if self.spans >= MAX_DEPTH {
            let link = matches!(span, Span::Link(_));
            self.open_flat(link);
            return;
        }
        self.spans += 1;
        self.stack.push(Frame::Inlines(Vec::new(), span));
    }

    fn open_flat(&mut self, link: bool) {
        self.open_inline();
        let target = self.inline_target();
        self.stack.push(Frame::Flat { target, link });
    }

    /// The index of the frame that inline content goes to.
    fn inline_target(&self) -> usize {
        match self.stack.last() {
            Some(Frame::Flat { target, .. }) => *target,
            _ => self.stack.len().saturating_sub(1),
        }
    }

    fn inlines(&mut self) -> Option<&mut Vec<Inline>> {
        self.open_inline();
        let target = self.inline_target();
        match self.stack.get_mut(target) {
            Some(Frame::Inlines(content, _)) => Some(content),
            _ => None,
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        if let Some(content) = self.inlines() {
            content.push(inline);
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(content) = self.inlines() {
            push_text(content, text);
        }
    }

    /// Ends a run of text: autolinks it unless it is inside a link.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.pending);
        let linkable = self.links == 0;
        if let Some(content) = self.inlines() {
            if linkable {
                autolink(text.as_str(), content);
            } else {
                push_text(content, text.as_str());
            }
        }
    }

    fn push_block(&mut self, block: Block) {
        self.close_implicit();
        match self.stack.last_mut() {
            Some(Frame::Blocks(blocks, _)) => blocks.push(block),
            Some(Frame::List { items, .. }) => items.push(vec![block]),
            _ => {}
        }
    }

    fn push_blocks(&mut self, blocks: Vec<Block>) {
        for block in blocks {
            self.push_block(block);
        }
    }
}

fn align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// Appends text, joining it to text just before.
fn push_text(content: &mut Vec<Inline>, text: &str) {
    if text.is_empty() {
        return;
    }
    match content.last_mut() {
        Some(Inline::Text(t)) => t.push_str(text),
        _ => content.push(Inline::Text(text.to_owned())),
    }
}

// ---------------------------------------------------------------------------
// GitHub's autolink extension.

/// Writes `text` to `out`, turning bare `http(s)://…` and `www.…` URLs
/// ([`super::text::autolink`], shared with the other formats) and e-mail
/// addresses into links, as GitHub's autolink extension does. Other schemes,
/// such as GitHub's `ftp://`, stay text under our URL policy.
fn autolink(text: &str, out: &mut Vec<Inline>) {
    autolink_with(text, out, |out, plain| link_emails(plain, out));
}

/// Links `local@domain.tld` addresses. Each byte is looked at a bounded
/// number of times: scans stop at the previous or next `@`.
fn link_emails(text: &str, out: &mut Vec<Inline>) {
    let mut last = 0;
    let mut i = 0;
    while let Some(at) = find_byte2(text.as_bytes(), i, b'@', b'@') {
        match email_at(text, last, at) {
            Some((start, end, url)) => {
                push_text(out, &text[last..start]);
                out.push(Inline::Link { url, content: vec![Inline::Text(text[start..end].to_owned())] });
                last = end;
                i = end;
            }
            None => i = at + 1,
        }
    }
    push_text(out, &text[last..]);
}

fn email_at(text: &str, last: usize, at: usize) -> Option<(usize, usize, SafeUrl)> {
    let local = |b: u8| b.is_ascii_alphanumeric() || b".+-_".contains(&b);
    let bytes = text.as_bytes();
    let mut start = at;
    while start > last && local(bytes[start - 1]) {
        start -= 1;
    }
    if start == at {
        return None;
    }
    let domain_len = text[at + 1..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .unwrap_or(text.len() - at - 1);
    let domain = text[at + 1..at + 1 + domain_len].trim_end_matches('.');
    if domain.ends_with(['-', '_']) || !domain.contains('.') || domain.split('.').any(str::is_empty) {
        return None;
    }
    let end = at + 1 + domain.len();
    let url = sanitize(&concat(&["mailto:", &text[start..end]]))?;
    Some((start, end, url))
}

#[cfg(test)]
mod tests;
