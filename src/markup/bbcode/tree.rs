//! BBCode's tree builder: an explicit stack of blocks and a list of open
//! inline spans, blocks never inside inlines (spans reopened around them).

use super::tokenize::{Key, Span, Tag, Tok, NONE};
use crate::markup::text::{autolink, push_text, Run};
use crate::markup::{Align, Block, Body, Inline, Quote, MAX_DEPTH};

pub(super) enum FrameKind {
    Root,
    Quote(Option<String>, Option<String>),
    List { ordered: bool, start: Option<u64> },
    Item,
    Aligned(Align),
    Indent,
}

pub(super) struct Frame {
    kind: FrameKind,
    /// The open token, to find the frame from its close tag.
    tok: usize,
    blocks: Vec<Block>,
    items: Vec<Vec<Block>>,
}

impl Frame {
    pub(super) fn new(kind: FrameKind, tok: usize) -> Frame {
        Frame {
            kind,
            tok,
            blocks: Vec::new(),
            items: Vec::new(),
        }
    }
}

pub(super) struct Active {
    span: Span,
    tok: usize,
}

/// What to do with a close tag whose open tag was not used as a tag.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum CloseAs {
    Tag,
    Nothing,
    Text,
}

pub(super) struct Builder<'a> {
    /// The source that tokens borrow from.
    src: &'a str,
    frames: Vec<Frame>,
    /// Inline spans logically open, outermost first.
    active: Vec<Active>,
    /// Content of the spans open in the current paragraph: always a prefix of
    /// `active`; the rest is opened again when content arrives.
    physical: Vec<Vec<Inline>>,
    para: Vec<Inline>,
    /// Text not yet scanned for URLs, belonging to the innermost open span.
    pending: Run<'a>,
    newlines: u32,
    /// Whether the current paragraph has content.
    started: bool,
    close_as: Vec<CloseAs>,
}

pub(super) fn container<'s>(para: &'s mut Vec<Inline>, physical: &'s mut [Vec<Inline>]) -> &'s mut Vec<Inline> {
    match physical.last_mut() {
        Some(c) => c,
        None => para,
    }
}

/// Whitespace, line breaks and empty spans only (bounded by `MAX_DEPTH`).
pub(super) fn is_blank(inlines: &[Inline]) -> bool {
    inlines.iter().all(|i| match i {
        Inline::Text(t) => t.trim().is_empty(),
        Inline::LineBreak => true,
        Inline::Strong(c) | Inline::Emphasis(c) | Inline::Underline(c) | Inline::Strike(c) => is_blank(c),
        Inline::Color { content, .. } | Inline::Size { content, .. } => is_blank(content),
        _ => false,
    })
}

pub(super) fn trim_trailing(inlines: &mut Vec<Inline>) {
    loop {
        match inlines.last_mut() {
            Some(Inline::LineBreak) => {
                inlines.pop();
            }
            Some(Inline::Text(t)) => {
                let len = t.trim_end().len();
                if len == 0 {
                    inlines.pop();
                } else {
                    t.truncate(len);
                    return;
                }
            }
            _ => return,
        }
    }
}

impl<'a> Builder<'a> {
    pub(super) fn new(src: &'a str, tokens: usize) -> Builder<'a> {
        Builder {
            src,
            frames: vec![Frame::new(FrameKind::Root, NONE)],
            active: Vec::new(),
            physical: Vec::new(),
            para: Vec::new(),
            pending: Run::Empty,
            newlines: 0,
            started: false,
            close_as: vec![CloseAs::Tag; tokens],
        }
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn run(mut self, mut toks: Vec<Tok<'a>>, partner: &[usize]) -> Body {
        let mut i = 0;
        while i < toks.len() {
            match std::mem::replace(&mut toks[i], Tok::Newlines(0)) {
                Tok::Text(s) => self.text(s, true),
                Tok::Literal(s) => self.text(s, false),
                Tok::Newlines(n) => {
                    if self.started {
                        self.newlines = self.newlines.saturating_add(n);
                    }
                }
                Tok::Item(raw) => self.item(raw),
                Tok::Inline(inline, raw) => self.inline(*inline, raw),
                Tok::Code(block) => {
                    self.end_paragraph();
                    self.push_block(*block);
                }
                Tok::Open { tag, raw, .. } => {
                    let p = partner[i];
                    if p == NONE {
                        self.text(raw, true);
                    } else if self.open(i, p, tag, raw) {
                        // Cut: skip to the close tag, but let close tags of
                        // open spans in between still end them.
                        for (k, t) in toks.iter().enumerate().take(p).skip(i + 1) {
                            if let Tok::Close { .. } = t {
                                let q = partner[k];
                                self.active.retain(|a| a.tok != q);
                            }
                        }
                        i = p;
                    }
                }
                Tok::Close { key, raw } => {
                    let p = partner[i];
                    match (p, self.close_as[i]) {
                        (NONE, _) | (_, CloseAs::Text) => self.text(raw, true),
                        (_, CloseAs::Nothing) => {}
                        (_, CloseAs::Tag) => self.close(key, p),
                    }
                }
            }
            i += 1;
        }
        self.end_paragraph();
        while self.frames.len() > 1 {
            self.close_frame();
        }
        self.frames.pop().map(|f| f.blocks).unwrap_or_default()
    }

    pub(super) fn top(&mut self) -> &mut Frame {
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    pub(super) fn top_is_list(&self) -> bool {
        matches!(self.frames.last().map(|f| &f.kind), Some(FrameKind::List { .. }))
    }

    pub(super) fn in_physical_link(&self) -> bool {
        self.active[..self.physical.len()].iter().any(|a| a.span.is_link())
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn text(&mut self, s: &'a str, links: bool) {
        if s.is_empty() {
            return;
        }
        if s.chars().all(char::is_whitespace) {
            // Whitespace next to a line break or paragraph edge is nothing.
            if !self.started || self.newlines > 0 {
                return;
            }
            self.reconstruct();
            self.push_str(s, links);
            return;
        }
        let fresh = self.begin_content();
        self.push_str(if fresh { s.trim_start() } else { s }, links);
    }

    pub(super) fn push_str(&mut self, s: &'a str, links: bool) {
        if links {
            self.pending.push(self.src, s);
        } else {
            self.flush_pending();
            push_text(container(&mut self.para, &mut self.physical), s);
        }
    }

    /// Before content: starts a list item if needed, turns pending newlines
    /// into a line break or a new paragraph, and reopens the spans. Returns
    /// whether the content starts a line (so leading spaces can go).
    pub(super) fn begin_content(&mut self) -> bool {
        if self.top_is_list() {
            self.end_paragraph();
            self.frames.push(Frame::new(FrameKind::Item, NONE));
        }
        let mut fresh = !self.started;
        if self.started && self.newlines >= 2 {
            self.end_paragraph();
            fresh = true;
        } else if self.started && self.newlines == 1 {
            self.flush_pending();
            let out = container(&mut self.para, &mut self.physical);
            trim_trailing(out);
            out.push(Inline::LineBreak);
            fresh = true;
        }
        self.newlines = 0;
        self.reconstruct();
        self.started = true;
        fresh
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn reconstruct(&mut self) {
        if self.physical.len() < self.active.len() {
            self.flush_pending();
            self.physical.resize_with(self.active.len(), Vec::new);
        }
    }

    pub(super) fn flush_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let in_link = self.in_physical_link();
        let text = std::mem::take(&mut self.pending);
        let out = container(&mut self.para, &mut self.physical);
        if in_link {
            push_text(out, text.as_str());
        } else {
            autolink(text.as_str(), out);
        }
    }

    /// Closes the open spans from index `j` on (their content is flushed).
    pub(super) fn fold_to(&mut self, j: usize) {
        while self.physical.len() > j {
            let content = self.physical.pop().unwrap_or_default();
            if content.is_empty() {
                continue;
            }
            let inline = self.active[self.physical.len()].span.wrap(content);
            container(&mut self.para, &mut self.physical).push(inline);
        }
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn end_paragraph(&mut self) {
        self.flush_pending();
        self.fold_to(0);
        // `para` is reused: each paragraph gets one allocation of its size.
        trim_trailing(&mut self.para);
        self.started = false;
        self.newlines = 0;
        if is_blank(&self.para) {
            self.para.clear();
        } else {
            let para = self.para.drain(..).collect();
            self.push_block(Block::Paragraph(para));
        }
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn push_block(&mut self, block: Block) {
        if self.top_is_list() {
            self.frames.push(Frame::new(FrameKind::Item, NONE));
        }
        self.top().blocks.push(block);
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn inline(&mut self, inline: Inline, raw: &str) {
        self.begin_content();
        self.flush_pending();
        let text_only = matches!(inline, Inline::Link { .. }) && self.in_physical_link();
        let out = container(&mut self.para, &mut self.physical);
        if text_only {
            push_text(out, raw);
        } else {
            out.push(inline);
        }
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn item(&mut self, raw: &'a str) {
        match self.frames.last().map(|f| &f.kind) {
            Some(FrameKind::Item) => {
                self.end_paragraph();
                self.close_frame();
            }
            Some(FrameKind::List { .. }) => self.end_paragraph(),
            _ => return self.text(raw, true),
        }
        self.frames.push(Frame::new(FrameKind::Item, NONE));
    }

    /// Opens a tag whose close tag is `p`. Returns true when the block is too
    /// deep and everything up to `p` must be skipped.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn open(&mut self, i: usize, p: usize, tag: Tag, raw: &'a str) -> bool {
        let kind = match tag {
            Tag::Font => {
                self.close_as[p] = CloseAs::Nothing;
                return false;
            }
            Tag::Span(span) => {
                if self.active.len() >= MAX_DEPTH {
                    self.close_as[p] = CloseAs::Nothing;
                } else if span.is_link() && self.active.iter().any(|a| a.span.is_link()) {
                    // No link in a link: the inner tags are text.
                    self.text(raw, true);
                    self.close_as[p] = CloseAs::Text;
                } else {
                    self.active.push(Active { span, tok: i });
                }
                return false;
            }
            Tag::Quote(q) => {
                let (name, post) = *q;
                FrameKind::Quote(name, post)
            }
            Tag::List { ordered, start } => FrameKind::List { ordered, start },
            Tag::Aligned(a) => FrameKind::Aligned(a),
            Tag::Indent => FrameKind::Indent,
        };
        self.end_paragraph();
        if self.top_is_list() {
            self.frames.push(Frame::new(FrameKind::Item, NONE));
        }
        // A list needs room for its items too.
        let need = if matches!(kind, FrameKind::List { .. }) { 2 } else { 1 };
        if self.frames.len() - 1 + need > MAX_DEPTH {
            let blocks = &mut self.top().blocks;
            if !matches!(blocks.last(), Some(Block::Truncated)) {
                blocks.push(Block::Truncated);
            }
            return true;
        }
        self.frames.push(Frame::new(kind, i));
        false
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn close(&mut self, key: Key, p: usize) {
        if key.is_block() {
            if let Some(k) = self.frames.iter().rposition(|f| f.tok == p) {
                self.end_paragraph();
                while self.frames.len() > k.max(1) {
                    self.close_frame();
                }
            }
        } else if let Some(j) = self.active.iter().rposition(|a| a.tok == p) {
            if j < self.physical.len() {
                self.flush_pending();
                self.fold_to(j);
            }
            self.active.remove(j);
        }
    }

    pub(super) fn close_frame(&mut self) {
        let Some(f) = self.frames.pop() else { return };
        let block = match f.kind {
            FrameKind::Root => {
                // Never popped by the loops above; put it back if it was.
                self.frames.push(f);
                return;
            }
            FrameKind::Item => {
                if let Some(parent) = self.frames.last_mut() {
                    if matches!(parent.kind, FrameKind::List { .. }) {
                        parent.items.push(f.blocks);
                        return;
                    }
                    parent.blocks.extend(f.blocks);
                }
                return;
            }
            FrameKind::List { ordered, start } => (!f.items.is_empty()).then_some(Block::List {
                ordered,
                start,
                items: f.items,
            }),
            FrameKind::Quote(name, post) => Some(Block::Quote(Quote {
                name,
                post,
                body: f.blocks,
            })),
            FrameKind::Aligned(align) => (!f.blocks.is_empty()).then_some(Block::Aligned {
                align,
                blocks: f.blocks,
            }),
            FrameKind::Indent => (!f.blocks.is_empty()).then_some(Block::Indent(f.blocks)),
        };
        if let Some(b) = block {
            self.push_block(b);
        }
    }
}
