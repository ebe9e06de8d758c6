//! HTML bodies: the HTML that platforms serve (Mastodon's `content`,
//! Discourse's `cooked`, Hacker News' `text`, Reddit's and GitHub's
//! `body_html`), read into the one safe [`Body`] tree.
//!
//! ```
//! use thread_widget::markup::{html, Block, Inline};
//! let body = html::parse("Hello <b>world</b><p>again");
//! assert_eq!(body, vec![
//!     Block::Paragraph(vec![Inline::Text("Hello ".into()), Inline::Strong(vec![Inline::Text("world".into())])]),
//!     Block::Paragraph(vec![Inline::Text("again".into())]),
//! ]);
//! ```
//!
//! A small tokenizer and tree builder of our own (docs/conformance-html.md
//! says why, with the measurements), written after the WHATWG parsing
//! algorithm where it changes the text a reader sees:
//!
//! - Tokenizer: tags and attributes (quoted, unquoted, duplicates: the first
//!   wins), comments (`<!-->`, `--!>`), bogus comments, doctype, CDATA
//!   (text only inside `<svg>`/`<math>`), the raw-text elements (`script`,
//!   `style`, `iframe`, `noscript`, `noembed`, `noframes`, `xmp`), RCDATA
//!   (`textarea`, `title`) and `plaintext`; character references with the
//!   whole named table (the legacy names without `;`, the attribute rule) and
//!   numeric ones with the HTML5 replacements (0, surrogates and values past
//!   U+10FFFF become U+FFFD, 0x80 to 0x9F are read as windows-1252).
//! - Tree builder: implicit `</p>` before blocks, `<li>`/`<dd>`/`<dt>` closing
//!   their open sibling, headings closing a heading, end tags only closing
//!   what is in scope, stray end tags ignored (a stray `</p>` is an empty
//!   paragraph, `</br>` a line break), the list of active formatting
//!   elements (so misnested `<b><i></b></i>` and formatting across
//!   paragraphs read as in a browser, with Noah's Ark's limit of three),
//!   implied table structure and foster parenting (text in a table but in no
//!   cell comes before the table), foreign content (`<svg>`, `<math>`: shown
//!   by nothing here, left by the tags that break out of it).
//! - What is shown: `script`, `style`, `template`, `iframe`, `noscript`,
//!   `noembed`, `noframes`, `title`, `<svg>`/`<math>` and any element with
//!   the `hidden` attribute lose their content, as a browser does not show
//!   it. Every other element outside the tree's vocabulary keeps its text
//!   and loses its markup.
//! - The vocabulary: `p`, `br`, `em`/`i`/`var`/`cite`/`dfn`, `strong`/`b`,
//!   `s`/`strike`/`del`, `u`/`ins`, `code`/`kbd`/`samp`, `a href`, `img src
//!   alt`, `pre` (with `code class="language-x"` or `lang-x`), `ul`, `ol
//!   start`, `li`, `blockquote`, `dd` (an indent), `center`, tables, `h1`
//!   to `h6`, `hr`. Links and images go through [`crate::url::sanitize`]: a
//!   refused link keeps its text, a refused image shows its alt text.
//! - Platforms: Discourse's `<aside class="quote" data-username data-post>`
//!   is a [`Quote`] with that author and post (its `div.title`, an avatar and
//!   the name again, is dropped), `aside.onebox` a link to its source with
//!   its title, `a.lightbox` a link around its image (its `div.meta`, shown
//!   on hover, dropped); Mastodon's `span.invisible` is dropped and
//!   `span.ellipsis` ends with "…"; mentions and hashtags are links.
//! - Limits: quotes, lists, indents and alignment nest [`MAX_DEPTH`] deep,
//!   deeper ones become one [`Block::Truncated`]; inline spans nest as deep
//!   and are flattened past it. Everything is a loop over an explicit stack:
//!   no input makes the reader recurse, and scope checks are counted, so
//!   10,000 nested elements cost linear time.
//!
//! Known differences from a browser: links and formatting inside `<pre>` are
//! text; `<svg>` text and MathML are not shown; a `<script>` ends at its
//! first `</script>` (no double-escaped `<!--<script>` state); cells hold
//! inline content, so blocks inside a cell or heading become line breaks.

mod tokenize;

use super::text::push_text;
use super::{Align, Block, Body, Inline, Quote, MAX_DEPTH};
use crate::url::{sanitize, SafeUrl};
use tokenize::{Mode, StartTag, Token, Tokenizer};

/// Parses an HTML body. Never fails.
pub fn parse(source: &str) -> Body {
    let mut tokens = Tokenizer::new(source);
    let mut builder = Builder::new();
    while let Some(token) = tokens.next() {
        if let Some(mode) = builder.token(token) {
            tokens.mode = mode;
        }
        tokens.foreign = builder.in_foreign();
    }
    builder.finish()
}

// ---------------------------------------------------------------------------
// Tree builder.

/// The style an inline element gives its content.
#[derive(Debug, Clone, PartialEq)]
enum Fmt {
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
struct Active {
    id: u32,
    tag: String,
    fmt: Fmt,
    /// For styles of ordinary elements (`del`, `kbd`…): the stack index of
    /// the element, whose end removes the entry. `None`: a formatting
    /// element, which lives until its end tag (or a marker's end).
    owner: Option<usize>,
    /// A Discourse lightbox link: its `div.meta` is not shown.
    lightbox: bool,
}

/// What a block container makes of its content.
#[derive(Debug)]
enum Role {
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

#[derive(Debug, Default)]
struct TableB {
    head: Option<Vec<Vec<Inline>>>,
    rows: Vec<Vec<Vec<Inline>>>,
    row: Option<(Vec<Vec<Inline>>, bool)>,
    in_head: bool,
}

/// An open block container.
struct Flow {
    role: Role,
    blocks: Vec<Block>,
    para: Para,
}

/// The paragraph being written: text and closed spans in `base`, and the
/// spans still open, each with the id of its active entry.
#[derive(Default)]
struct Para {
    base: Vec<Inline>,
    open: Vec<(u32, Fmt, Vec<Inline>)>,
}

impl Para {
    fn is_empty(&self) -> bool {
        self.base.is_empty() && self.open.iter().all(|o| o.2.is_empty())
    }

    fn target(&mut self) -> &mut Vec<Inline> {
        match self.open.last_mut() {
            Some(o) => &mut o.2,
            None => &mut self.base,
        }
    }

    /// Closes the innermost open span into its parent.
    fn close_one(&mut self) {
        if let Some((_, fmt, content)) = self.open.pop() {
            let into = self.target();
            wrap(fmt, content, into);
        }
    }

    /// Closes every span; the paragraph's content, trimmed at the end.
    fn take(&mut self) -> Vec<Inline> {
        while !self.open.is_empty() {
            self.close_one();
        }
        let mut base = std::mem::take(&mut self.base);
        trim_end(&mut base);
        base
    }
}

/// Puts a closed span's content into `into`.
fn wrap(fmt: Fmt, content: Vec<Inline>, into: &mut Vec<Inline>) {
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
fn code_of(content: Vec<Inline>, into: &mut Vec<Inline>) {
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
fn inline_text(content: &[Inline], out: &mut String) {
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

fn trim_ws(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0c' | '\r' | ' ')
}

/// Removes trailing whitespace of the last text, looking into trailing spans.
fn trim_end(mut v: &mut Vec<Inline>) {
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
fn flatten(blocks: Vec<Block>, out: &mut Vec<Inline>) {
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

/// What an open element is to the builder.
enum Kind {
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

struct El {
    name: String,
    kind: Kind,
    /// Its content is not shown.
    hidden: bool,
    /// A scope marker was pushed for it.
    marker: bool,
}

/// Start tags that close an open `<p>` and are block containers.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address" | "article" | "aside" | "blockquote" | "center" | "details" | "dialog" | "dir" | "div" | "dl"
            | "fieldset" | "figcaption" | "figure" | "footer" | "header" | "hgroup" | "main" | "menu" | "nav"
            | "ol" | "p" | "search" | "section" | "summary" | "ul"
    )
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// The HTML5 "special" category (an end tag does not look past them).
fn is_special(name: &str) -> bool {
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
fn breaks_out(tag: &StartTag) -> bool {
    matches!(
        tag.name.as_str(),
        "b" | "big" | "blockquote" | "body" | "br" | "center" | "code" | "dd" | "div" | "dl" | "dt" | "em" | "embed"
            | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "head" | "hr" | "i" | "img" | "li" | "listing" | "menu"
            | "meta" | "nobr" | "ol" | "p" | "pre" | "ruby" | "s" | "small" | "span" | "strong" | "strike" | "sub"
            | "sup" | "table" | "tt" | "u" | "ul" | "var"
    ) || (tag.name == "font" && ["color", "face", "size"].iter().any(|a| tag.attr(a).is_some()))
}

#[derive(Clone, Copy)]
enum Scope {
    Default,
    ListItem,
    Button,
    Table,
}

fn bounds(name: &str, scope: Scope) -> bool {
    match scope {
        Scope::Table => matches!(name, "" | "html" | "table" | "template"),
        _ => {
            matches!(name, "" | "applet" | "caption" | "html" | "table" | "td" | "th" | "marquee" | "object" | "template")
                || (matches!(scope, Scope::ListItem) && matches!(name, "ol" | "ul"))
                || (matches!(scope, Scope::Button) && name == "button")
        }
    }
}

const BUCKETS: usize = 64;

/// A name's counter in [`Builder::counts`] (FNV-1a).
fn bucket(name: &str) -> usize {
    let h = name.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    h as usize % BUCKETS
}

struct Builder {
    stack: Vec<El>,
    /// Indices of the [`Kind::Flow`] elements of `stack`, innermost last.
    flows: Vec<usize>,
    active: Vec<Active>,
    next_id: u32,
    /// How many elements are open, by a hash of their name: a scope check
    /// or end tag whose bucket is empty skips the walk down the stack.
    counts: [u32; BUCKETS],
    /// Open hidden elements.
    hidden: usize,
    /// Open quotes, lists, indents and alignments.
    depth: usize,
    /// The next text drops one leading newline (after `<pre>`).
    skip_newline: bool,
    /// The stack index of an open Discourse onebox, and its open title and
    /// header elements (whose text names the link).
    onebox: Option<usize>,
    captures: usize,
    titles: usize,
}

impl Builder {
    fn new() -> Builder {
        let root = El { name: String::new(), kind: Kind::Flow(new_flow(Role::Transparent)), hidden: false, marker: false };
        Builder {
            stack: vec![root],
            flows: vec![0],
            active: Vec::new(),
            next_id: 0,
            counts: [0; BUCKETS],
            hidden: 0,
            depth: 0,
            skip_newline: false,
            onebox: None,
            captures: 0,
            titles: 0,
        }
    }

    fn finish(mut self) -> Body {
        while self.stack.len() > 1 {
            self.pop();
        }
        match self.stack.pop().map(|e| e.kind) {
            Some(Kind::Flow(mut f)) => {
                flush_para(&mut f);
                f.blocks
            }
            _ => Vec::new(),
        }
    }

    fn in_foreign(&self) -> bool {
        matches!(self.stack.last().map(|e| &e.kind), Some(Kind::Foreign))
    }

    fn current(&self) -> &str {
        self.stack.last().map_or("", |e| e.name.as_str())
    }

    fn count(&self, name: &str) -> u32 {
        self.counts[bucket(name)]
    }

    fn in_scope(&self, name: &str, scope: Scope) -> bool {
        if self.count(name) == 0 {
            return false;
        }
        for el in self.stack.iter().rev() {
            if el.name == name && !matches!(el.kind, Kind::Foreign) {
                return true;
            }
            if bounds(&el.name, scope) {
                return false;
            }
        }
        false
    }

    fn token(&mut self, token: Token<'_>) -> Option<Mode> {
        let skip_newline = std::mem::take(&mut self.skip_newline);
        match token {
            Token::Text(t) => {
                let t = if skip_newline { t.strip_prefix('\n').unwrap_or(&t) } else { &t };
                self.text(t);
                None
            }
            Token::Start(tag) => self.start(tag),
            Token::End(name) => {
                self.end(&name);
                None
            }
        }
    }

    // ----------------------------------------------------------- content

    /// The innermost block container.
    fn flow(&mut self) -> &mut Flow {
        let i = self.flows.last().copied().unwrap_or(0);
        match &mut self.stack[i].kind {
            Kind::Flow(f) => f,
            _ => unreachable!("flows holds flow indices only"),
        }
    }

    /// The spans the current paragraph should have open: the active entries
    /// after the last marker that keep markup, at most [`MAX_DEPTH`].
    fn wanted(&self) -> Vec<usize> {
        let from = self.active.iter().rposition(|a| a.fmt == Fmt::Marker).map_or(0, |k| k + 1);
        (from..self.active.len())
            .filter(|&k| !matches!(self.active[k].fmt, Fmt::Plain | Fmt::Marker | Fmt::Link(None)))
            .take(MAX_DEPTH)
            .collect()
    }

    /// Makes the current paragraph's open spans those of the active list
    /// (HTML's "reconstruct the active formatting elements", lazily).
    fn reconcile(&mut self) {
        let wanted = self.wanted();
        let ids: Vec<(u32, Fmt)> = wanted.iter().map(|&k| (self.active[k].id, self.active[k].fmt.clone())).collect();
        let para = &mut self.flow().para;
        let same = para.open.iter().zip(&ids).take_while(|(o, w)| o.0 == w.0).count();
        while para.open.len() > same {
            para.close_one();
        }
        for (id, fmt) in ids.into_iter().skip(same) {
            para.open.push((id, fmt, Vec::new()));
        }
    }

    fn text(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        if self.hidden > 0 {
            if self.captures > 0 {
                let in_title = self.titles > 0;
                if let Some(Kind::Flow(Flow { role: Role::Onebox { title, site, .. }, .. })) =
                    self.onebox.and_then(|i| self.stack.get_mut(i)).map(|e| &mut e.kind)
                {
                    if in_title { title } else { site }.push_str(t);
                }
            }
            return;
        }
        let flow = self.flow();
        if let Role::Pre { text, .. } = &mut flow.role {
            text.push_str(t);
            return;
        }
        let t = if flow.para.is_empty() { t.trim_start_matches(trim_ws) } else { t };
        if t.is_empty() {
            return;
        }
        self.reconcile();
        push_text(self.flow().para.target(), t);
    }

    fn inline(&mut self, inline: Inline) {
        if self.hidden > 0 {
            return;
        }
        let flow = self.flow();
        if let Role::Pre { text, .. } = &mut flow.role {
            inline_text(std::slice::from_ref(&inline), text);
            return;
        }
        self.reconcile();
        self.flow().para.target().push(inline);
    }

    /// Ends the current paragraph (a block starts or ends).
    fn boundary(&mut self) {
        if self.hidden == 0 {
            flush_para(self.flow());
        }
    }

    // ----------------------------------------------------------- the stack

    fn push(&mut self, name: &str, kind: Kind, hidden: bool) {
        if let Kind::Flow(_) = kind {
            self.flows.push(self.stack.len());
        }
        self.counts[bucket(name)] += 1;
        if hidden {
            self.hidden += 1;
        }
        self.stack.push(El { name: name.to_owned(), kind, hidden, marker: false });
    }

    fn push_flow(&mut self, name: &str, role: Role, hidden: bool) {
        self.boundary();
        let structural = matches!(role, Role::Quote { .. } | Role::List { .. } | Role::Indent | Role::Aligned(_));
        let role = if structural {
            if self.depth >= MAX_DEPTH {
                self.push_block(Block::Truncated);
                self.push(name, Kind::Flow(new_flow(Role::Cut)), true);
                return;
            }
            self.depth += 1;
            role
        } else {
            role
        };
        self.push(name, Kind::Flow(new_flow(role)), hidden);
    }

    fn push_marker(&mut self) {
        if let Some(el) = self.stack.last_mut() {
            el.marker = true;
        }
        self.active.push(Active { id: self.next_id, tag: String::new(), fmt: Fmt::Marker, owner: None, lightbox: false });
        self.next_id += 1;
    }

    /// Pops the current node, putting what it built into its parent.
    fn pop(&mut self) {
        let Some(el) = self.stack.pop() else { return };
        let index = self.stack.len();
        self.counts[bucket(&el.name)] -= 1;
        // Styles of this element end with it.
        while self.active.last().is_some_and(|a| a.owner == Some(index)) {
            self.active.pop();
        }
        if self.active.iter().any(|a| a.owner == Some(index)) {
            self.active.retain(|a| a.owner != Some(index));
        }
        if el.marker {
            while let Some(a) = self.active.pop() {
                if a.fmt == Fmt::Marker {
                    break;
                }
            }
        }
        if self.onebox == Some(index) {
            self.onebox = None;
        }
        if let Kind::Capture(title) = el.kind {
            self.captures -= 1;
            self.titles -= usize::from(title);
        }
        if el.hidden {
            self.hidden -= 1;
        }
        match el.kind {
            Kind::Flow(flow) => {
                self.flows.pop();
                self.close_flow(flow, el.hidden);
            }
            Kind::Ellipsis if !el.hidden => self.text("\u{2026}"),
            _ => {}
        }
    }

    fn pop_until(&mut self, name: &str) {
        while self.stack.len() > 1 {
            let done = self.current() == name;
            self.pop();
            if done {
                break;
            }
        }
    }

    /// Pops until one of `names` is popped.
    fn pop_until_any(&mut self, names: fn(&str) -> bool) {
        while self.stack.len() > 1 {
            let done = names(self.current());
            self.pop();
            if done {
                break;
            }
        }
    }

    /// Puts what a closed flow built into the innermost flow left.
    fn close_flow(&mut self, mut flow: Flow, hidden: bool) {
        if !matches!(flow.role, Role::Pre { .. }) {
            flush_para(&mut flow);
        }
        let structural = matches!(flow.role, Role::Quote { .. } | Role::List { .. } | Role::Indent | Role::Aligned(_));
        if structural {
            self.depth -= 1;
        }
        let blocks = flow.blocks;
        // A onebox is hidden for its content, not for the link it becomes.
        if self.hidden > 0 || (hidden && !matches!(flow.role, Role::Onebox { .. })) {
            return;
        }
        self.boundary();
        match flow.role {
            Role::Transparent => self.push_blocks(blocks),
            Role::Quote { name, post, .. } => self.push_block(Block::Quote(Quote { name, post, body: blocks })),
            Role::List { ordered, start, mut items } => {
                if !blocks.is_empty() {
                    items.push(blocks);
                }
                if !items.is_empty() {
                    self.push_block(Block::List { ordered, start, items });
                }
            }
            Role::Item => {
                if let Role::List { items, .. } = &mut self.flow().role {
                    items.push(blocks);
                } else {
                    self.push_blocks(blocks);
                }
            }
            Role::Indent => {
                if !blocks.is_empty() {
                    self.push_block(Block::Indent(blocks));
                }
            }
            Role::Aligned(align) => {
                if !blocks.is_empty() {
                    self.push_block(Block::Aligned { align, blocks });
                }
            }
            Role::Heading(level) => {
                let mut content = Vec::new();
                flatten(blocks, &mut content);
                if !content.is_empty() {
                    self.push_block(Block::Heading { level, content });
                }
            }
            Role::Cell { th } => {
                let mut content = Vec::new();
                flatten(blocks, &mut content);
                if let Role::Table(t) = &mut self.flow().role {
                    let row = t.row.get_or_insert_with(|| (Vec::new(), true));
                    row.0.push(content);
                    row.1 &= th;
                } else {
                    self.push_block(Block::Paragraph(content));
                }
            }
            Role::Table(mut t) => {
                end_row(&mut t);
                self.push_blocks(blocks);
                let mut rows = t.rows;
                let head = t.head.unwrap_or_default();
                let columns = rows.iter().map(Vec::len).chain([head.len()]).max().unwrap_or(0);
                if columns > 0 {
                    rows.retain(|r| !r.is_empty());
                    self.push_block(Block::Table { align: vec![Align::None; columns], head, rows });
                }
            }
            Role::Pre { lang, text } => {
                if !text.is_empty() {
                    self.push_block(Block::Code { lang, text });
                }
            }
            Role::Onebox { src, href, title, site } => {
                let url = src.as_deref().and_then(sanitize).or_else(|| href.as_deref().and_then(sanitize));
                let title = if title.trim().is_empty() { site.trim() } else { title.trim() }.to_owned();
                let label = if title.is_empty() { url.as_ref().map(|u| u.as_str().to_owned()).unwrap_or_default() } else { title };
                if let Some(url) = url {
                    self.push_block(Block::Paragraph(vec![Inline::Link { url, content: vec![Inline::Text(label)] }]));
                } else if !label.is_empty() {
                    self.push_block(Block::Paragraph(vec![Inline::Text(label)]));
                }
            }
            Role::Cut => {}
        }
    }

    /// Adds a block to the innermost flow, after its paragraph.
    fn push_block(&mut self, block: Block) {
        if self.hidden > 0 {
            return;
        }
        let flow = self.flow();
        flush_para(flow);
        if matches!(block, Block::Truncated) && matches!(flow.blocks.last(), Some(Block::Truncated)) {
            return;
        }
        put_block(flow, block);
    }

    fn push_blocks(&mut self, blocks: Vec<Block>) {
        for b in blocks {
            self.push_block(b);
        }
    }

    // ----------------------------------------------------------- start tags

    fn close_p(&mut self) {
        if self.in_scope("p", Scope::Button) {
            self.pop_until("p");
        }
    }

    /// The innermost open table, if the current node is its structure
    /// (`table`, `tbody`, `tr`…), not a cell's content.
    fn in_table_body(&self) -> bool {
        matches!(self.current(), "table" | "tbody" | "thead" | "tfoot" | "tr")
    }

    fn start(&mut self, tag: StartTag) -> Option<Mode> {
        if self.in_foreign() {
            if breaks_out(&tag) {
                while self.in_foreign() {
                    self.pop();
                }
            } else {
                if !tag.self_closing {
                    self.push(&tag.name, Kind::Foreign, true);
                }
                return None;
            }
        }
        let hidden = tag.attr("hidden").is_some();
        let name = tag.name.as_str();
        // Table structure.
        if self.count("table") > 0 {
            if let Some(mode) = self.table_start(&tag) {
                return mode;
            }
        }
        match name {
            "html" | "body" | "head" | "base" | "basefont" | "bgsound" | "link" | "meta" | "col" | "colgroup"
            | "frame" | "frameset" | "input" | "param" | "source" | "track" | "area" | "wbr" | "keygen" | "embed"
            | "caption" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" => None,
            "title" => {
                self.push(name, Kind::Other, true);
                Some(Mode::RcData("title"))
            }
            "script" | "style" | "iframe" | "noembed" | "noframes" | "noscript" => {
                let end = static_name(name);
                self.push(name, Kind::Other, true);
                Some(Mode::RawText(end))
            }
            "xmp" => {
                self.close_p();
                self.push_flow(name, Role::Pre { lang: None, text: String::new() }, hidden);
                Some(Mode::RawText("xmp"))
            }
            "textarea" => {
                self.push_flow(name, Role::Pre { lang: None, text: String::new() }, hidden);
                self.skip_newline = true;
                Some(Mode::RcData("textarea"))
            }
            "plaintext" => {
                self.close_p();
                self.push_flow(name, Role::Pre { lang: None, text: String::new() }, hidden);
                Some(Mode::PlainText)
            }
            "template" => {
                self.push(name, Kind::Other, true);
                self.push_marker();
                None
            }
            "svg" | "math" => {
                if !tag.self_closing {
                    self.push(name, Kind::Foreign, true);
                }
                None
            }
            "pre" | "listing" => {
                self.close_p();
                self.push_flow(name, Role::Pre { lang: None, text: String::new() }, hidden);
                self.skip_newline = true;
                None
            }
            "table" => {
                self.close_p();
                self.push_flow(name, Role::Table(Box::default()), hidden);
                None
            }
            "hr" => {
                self.close_p();
                self.boundary();
                if self.hidden == 0 && !hidden {
                    self.push_block(Block::Rule);
                }
                None
            }
            "br" => {
                self.inline(Inline::LineBreak);
                None
            }
            "img" | "image" => {
                if !hidden {
                    self.image(&tag);
                }
                None
            }
            "li" => {
                self.close_list_item(|n| n == "li");
                self.close_p();
                self.push_flow(name, Role::Item, hidden);
                None
            }
            "dd" | "dt" => {
                self.close_list_item(|n| n == "dd" || n == "dt");
                self.close_p();
                self.push_flow(name, if name == "dd" { Role::Indent } else { Role::Transparent }, hidden);
                None
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.close_p();
                if is_heading(self.current()) {
                    self.pop();
                }
                if self.onebox.is_some() {
                    self.captures += 1;
                    self.titles += 1;
                    self.push(name, Kind::Capture(true), true);
                    return None;
                }
                let level = name.as_bytes()[1] - b'0';
                self.push_flow(name, Role::Heading(level), hidden);
                None
            }
            "button" => {
                if self.in_scope("button", Scope::Default) {
                    self.pop_until("button");
                }
                self.push(name, Kind::Other, hidden);
                None
            }
            "option" | "optgroup" => {
                if self.current() == "option" {
                    self.pop();
                }
                self.push(name, Kind::Other, hidden);
                None
            }
            "applet" | "marquee" | "object" => {
                self.push(name, Kind::Other, hidden);
                self.push_marker();
                None
            }
            "a" => {
                let from = self.active.iter().rposition(|a| a.fmt == Fmt::Marker).map_or(0, |k| k + 1);
                if let Some(k) = self.active[from..].iter().rposition(|a| a.tag == "a") {
                    self.active.remove(from + k);
                }
                let href = tag.attr("href");
                if let (Some(i), Some(h)) = (self.onebox, href) {
                    if let Kind::Flow(Flow { role: Role::Onebox { href, .. }, .. }) = &mut self.stack[i].kind {
                        if href.is_none() && self.captures > 0 {
                            *href = Some(h.to_owned());
                        }
                    }
                }
                let url = href.and_then(sanitize);
                self.push_active(&tag, Fmt::Link(url), None);
                None
            }
            "b" | "strong" => self.formatting(&tag, Fmt::Strong),
            "i" | "em" => self.formatting(&tag, Fmt::Em),
            "s" | "strike" => self.formatting(&tag, Fmt::Strike),
            "u" => self.formatting(&tag, Fmt::Under),
            "code" => {
                if let Role::Pre { lang, text } = &mut self.flow().role {
                    if text.is_empty() && lang.is_none() {
                        *lang = tag.attr("class").and_then(|c| {
                            c.split_ascii_whitespace()
                                .find_map(|c| c.strip_prefix("language-").or_else(|| c.strip_prefix("lang-")))
                                .map(str::to_owned)
                        });
                    }
                }
                self.formatting(&tag, Fmt::Code)
            }
            "big" | "font" | "nobr" | "small" | "tt" => self.formatting(&tag, Fmt::Plain),
            "del" | "ins" | "kbd" | "samp" | "var" | "cite" | "dfn" => {
                let fmt = match name {
                    "del" => Fmt::Strike,
                    "ins" => Fmt::Under,
                    "kbd" | "samp" => Fmt::Code,
                    _ => Fmt::Em,
                };
                let owner = self.stack.len();
                self.push(name, Kind::Other, hidden);
                self.push_active(&tag, fmt, Some(owner));
                None
            }
            "span" => {
                let kind = if tag.has_class("ellipsis") { Kind::Ellipsis } else { Kind::Other };
                self.push(name, kind, hidden || tag.has_class("invisible"));
                None
            }
            "aside" if tag.has_class("quote") => {
                self.close_p();
                let post = tag.attr("data-post").map(str::trim).filter(|p| {
                    !p.is_empty() && p.len() <= 40 && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                });
                let name = tag.attr("data-username").map(str::trim).filter(|n| !n.is_empty());
                let role = Role::Quote {
                    name: name.map(str::to_owned),
                    post: post.map(str::to_owned),
                    discourse: true,
                    inner: false,
                };
                self.push_flow("aside", role, hidden);
                None
            }
            "aside" if tag.has_class("onebox") && self.onebox.is_none() => {
                self.close_p();
                let role = Role::Onebox {
                    src: tag.attr("data-onebox-src").map(str::to_owned),
                    href: None,
                    title: String::new(),
                    site: String::new(),
                };
                self.push_flow("aside", role, hidden);
                // Shown as one link: its content is read for the title only.
                if let Some(el) = self.stack.last_mut() {
                    if !el.hidden {
                        el.hidden = true;
                        self.hidden += 1;
                    }
                }
                self.onebox = Some(self.stack.len() - 1);
                None
            }
            "blockquote" => {
                self.close_p();
                // The blockquote of a Discourse quote is the quote's body.
                let top = self.flows.last().copied().unwrap_or(0);
                let parent_is_aside = top + 1 == self.stack.len();
                if let Kind::Flow(Flow { role: Role::Quote { discourse: true, inner, .. }, .. }) = &mut self.stack[top].kind {
                    if parent_is_aside && !*inner {
                        *inner = true;
                        self.push_flow(name, Role::Transparent, hidden);
                        return None;
                    }
                }
                self.push_flow(name, Role::Quote { name: None, post: None, discourse: false, inner: false }, hidden);
                None
            }
            "ul" | "ol" | "dir" | "menu" => {
                self.close_p();
                let ordered = name == "ol";
                let start = if ordered { tag.attr("start").and_then(|s| s.trim().parse::<u64>().ok()).filter(|&s| s != 1) } else { None };
                self.push_flow(name, Role::List { ordered, start, items: Vec::new() }, hidden);
                None
            }
            "center" => {
                self.close_p();
                self.push_flow(name, Role::Aligned(Align::Center), hidden);
                None
            }
            "div" => {
                self.close_p();
                let top = self.flows.last().copied().unwrap_or(0);
                let parent_is_quote = top + 1 == self.stack.len()
                    && matches!(&self.stack[top].kind, Kind::Flow(Flow { role: Role::Quote { discourse: true, .. }, .. }));
                let in_lightbox = tag.has_class("meta") && self.active.iter().any(|a| a.lightbox);
                let drop = (parent_is_quote && tag.has_class("title")) || in_lightbox;
                self.push_flow(name, Role::Transparent, hidden || drop);
                None
            }
            "header" if self.onebox.is_some() => {
                self.captures += 1;
                self.push(name, Kind::Capture(false), true);
                None
            }
            n if is_block(n) || n == "form" => {
                self.close_p();
                self.push_flow(name, Role::Transparent, hidden);
                None
            }
            _ => {
                self.push(name, Kind::Other, hidden);
                None
            }
        }
    }

    /// `<li>`, `<dd>`, `<dt>`: closes the open item of the same kind.
    fn close_list_item(&mut self, same: fn(&str) -> bool) {
        if !(self.count("li") > 0 || self.count("dd") > 0 || self.count("dt") > 0) {
            return;
        }
        for k in (1..self.stack.len()).rev() {
            let n = self.stack[k].name.as_str();
            if same(n) && !matches!(self.stack[k].kind, Kind::Foreign) {
                while self.stack.len() > k {
                    self.pop();
                }
                return;
            }
            if is_special(n) && !matches!(n, "address" | "div" | "p") {
                return;
            }
        }
    }

    fn formatting(&mut self, tag: &StartTag, fmt: Fmt) -> Option<Mode> {
        self.push_active(tag, fmt, None);
        None
    }

    fn push_active(&mut self, tag: &StartTag, fmt: Fmt, owner: Option<usize>) {
        let from = self.active.iter().rposition(|a| a.fmt == Fmt::Marker).map_or(0, |k| k + 1);
        if owner.is_none() {
            // Noah's Ark: at most three of the same element and style.
            let same: Vec<usize> = (from..self.active.len())
                .filter(|&k| self.active[k].owner.is_none() && self.active[k].tag == tag.name && self.active[k].fmt == fmt)
                .collect();
            if same.len() >= 3 {
                self.active.remove(same[0]);
            }
        }
        if self.active.len() >= 4 * MAX_DEPTH {
            return;
        }
        let lightbox = tag.name == "a" && tag.has_class("lightbox");
        self.active.push(Active { id: self.next_id, tag: tag.name.clone(), fmt, owner, lightbox });
        self.next_id += 1;
    }

    fn image(&mut self, tag: &StartTag) {
        let alt = tag.attr("alt").unwrap_or("").to_owned();
        match tag.attr("src").and_then(sanitize) {
            Some(url) => self.inline(Inline::Image { url, alt }),
            None => self.text(&alt),
        }
    }

    /// Table structure inside an open table. `Some(mode)` when handled.
    fn table_start(&mut self, tag: &StartTag) -> Option<Option<Mode>> {
        let name = tag.name.as_str();
        let in_cell = self.in_scope("td", Scope::Table) || self.in_scope("th", Scope::Table);
        let structure = matches!(name, "caption" | "col" | "colgroup" | "tbody" | "tfoot" | "thead" | "tr" | "td" | "th" | "table");
        if !structure {
            return None;
        }
        if in_cell && self.innermost_table_cell() {
            if name == "table" && !self.in_table_body() {
                // A table in a cell: a new table.
                return None;
            }
            // Another cell or row: closes the cell.
            self.close_cell();
        } else if !self.in_table_body() && name != "table" && !self.in_scope("table", Scope::Table) {
            return None;
        }
        match name {
            "table" => {
                if self.in_table_body() || self.current_is_in_table_structure() {
                    // A table in a table closes the first.
                    self.pop_until("table");
                    self.close_p();
                    self.push_flow("table", Role::Table(Box::default()), tag.attr("hidden").is_some());
                    return Some(None);
                }
                None
            }
            "caption" => {
                self.clear_to_table();
                self.push_flow("caption", Role::Transparent, false);
                self.push_marker();
                Some(None)
            }
            "col" | "colgroup" => Some(None),
            "tbody" | "thead" | "tfoot" => {
                self.clear_to_table();
                self.set_head(name == "thead");
                self.push(name, Kind::Other, false);
                Some(None)
            }
            "tr" => {
                self.clear_to_section();
                if self.current() == "table" {
                    self.set_head(false);
                    self.push("tbody", Kind::Other, false);
                }
                self.start_row();
                self.push("tr", Kind::Other, false);
                Some(None)
            }
            _ => {
                // td, th
                self.clear_to_row();
                if self.current() != "tr" {
                    if self.current() == "table" {
                        self.set_head(false);
                        self.push("tbody", Kind::Other, false);
                    }
                    self.start_row();
                    self.push("tr", Kind::Other, false);
                }
                self.push_flow(name, Role::Cell { th: name == "th" }, tag.attr("hidden").is_some());
                self.push_marker();
                Some(None)
            }
        }
    }

    /// Whether the innermost of an open cell and an open table is the cell.
    fn innermost_table_cell(&self) -> bool {
        for el in self.stack.iter().rev() {
            match el.name.as_str() {
                "td" | "th" => return true,
                "table" => return false,
                _ => {}
            }
        }
        false
    }

    fn current_is_in_table_structure(&self) -> bool {
        self.in_scope("table", Scope::Table) && !self.innermost_table_cell()
    }

    fn close_cell(&mut self) {
        self.pop_until_any(|n| n == "td" || n == "th");
    }

    fn clear_to_table(&mut self) {
        while self.stack.len() > 1 && !matches!(self.current(), "table" | "template" | "") {
            self.pop();
        }
    }

    fn clear_to_section(&mut self) {
        while self.stack.len() > 1 && !matches!(self.current(), "tbody" | "thead" | "tfoot" | "table" | "template" | "") {
            self.pop();
        }
    }

    fn clear_to_row(&mut self) {
        while self.stack.len() > 1 && !matches!(self.current(), "tr" | "tbody" | "thead" | "tfoot" | "table" | "template" | "") {
            self.pop();
        }
    }

    fn table(&mut self) -> Option<&mut TableB> {
        match &mut self.flow().role {
            Role::Table(t) => Some(t),
            _ => None,
        }
    }

    fn set_head(&mut self, head: bool) {
        if let Some(t) = self.table() {
            end_row(t);
            t.in_head = head;
        }
    }

    fn start_row(&mut self) {
        if let Some(t) = self.table() {
            end_row(t);
            t.row = Some((Vec::new(), true));
        }
    }

    // ----------------------------------------------------------- end tags

    fn end(&mut self, name: &str) {
        if self.in_foreign() {
            // Foreign elements close by name; an HTML end tag leaves them.
            for k in (1..self.stack.len()).rev() {
                if !matches!(self.stack[k].kind, Kind::Foreign) {
                    break;
                }
                if self.stack[k].name.eq_ignore_ascii_case(name) {
                    while self.stack.len() > k {
                        self.pop();
                    }
                    return;
                }
            }
            if name == "br" || name == "p" {
                while self.in_foreign() {
                    self.pop();
                }
            } else if self.in_foreign() {
                return;
            }
        }
        match name {
            "p" => {
                if self.in_scope("p", Scope::Button) {
                    self.pop_until("p");
                } else {
                    // A stray `</p>` is an empty paragraph: a block boundary.
                    self.boundary();
                }
            }
            "br" => self.inline(Inline::LineBreak),
            "li" => {
                if self.in_scope("li", Scope::ListItem) {
                    self.pop_until("li");
                }
            }
            "dd" | "dt" => {
                if self.in_scope(name, Scope::Default) {
                    self.pop_until(name);
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if ["h1", "h2", "h3", "h4", "h5", "h6"].iter().any(|h| self.in_scope(h, Scope::Default)) {
                    self.pop_until_any(is_heading);
                }
            }
            "a" | "b" | "big" | "code" | "em" | "font" | "i" | "nobr" | "s" | "small" | "strike" | "strong" | "tt"
            | "u" => {
                let from = self.active.iter().rposition(|a| a.fmt == Fmt::Marker).map_or(0, |k| k + 1);
                if let Some(k) = self.active[from..].iter().rposition(|a| a.tag == name && a.owner.is_none()) {
                    self.active.remove(from + k);
                }
            }
            "table" | "tbody" | "tfoot" | "thead" | "tr" | "td" | "th" | "caption" => {
                if self.in_scope(name, Scope::Table) {
                    self.pop_until(name);
                }
            }
            "body" | "html" => {}
            _ => {
                if matches!(
                    name,
                    "address" | "article" | "aside" | "blockquote" | "button" | "center" | "details" | "dialog" | "dir"
                        | "div" | "dl" | "fieldset" | "figcaption" | "figure" | "footer" | "header" | "hgroup"
                        | "listing" | "main" | "menu" | "nav" | "ol" | "pre" | "search" | "section" | "summary"
                        | "ul" | "form" | "applet" | "marquee" | "object" | "template"
                ) {
                    if self.in_scope(name, Scope::Default) {
                        self.pop_until(name);
                    }
                    return;
                }
                // Any other end tag: the nearest open element of that name,
                // unless a special element stands before it.
                if self.count(name) == 0 {
                    return;
                }
                for k in (1..self.stack.len()).rev() {
                    let el = &self.stack[k];
                    if el.name == name {
                        while self.stack.len() > k {
                            self.pop();
                        }
                        return;
                    }
                    if is_special(&el.name) {
                        return;
                    }
                }
            }
        }
    }
}

fn static_name(name: &str) -> &'static str {
    match name {
        "script" => "script",
        "style" => "style",
        "iframe" => "iframe",
        "noembed" => "noembed",
        "noframes" => "noframes",
        _ => "noscript",
    }
}

fn new_flow(role: Role) -> Flow {
    Flow { role, blocks: Vec::new(), para: Para::default() }
}

fn flush_para(flow: &mut Flow) {
    if flow.para.is_empty() {
        flow.para.open.clear();
        return;
    }
    let content = flow.para.take();
    if !content.is_empty() {
        put_block(flow, Block::Paragraph(content));
    }
}

/// Adds a block to a flow, as its role takes it.
fn put_block(flow: &mut Flow, block: Block) {
    match &mut flow.role {
        Role::List { items, .. } => items.push(vec![block]),
        Role::Pre { text, .. } => {
            let mut inl = Vec::new();
            flatten(vec![block], &mut inl);
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            inline_text(&inl, text);
        }
        _ => flow.blocks.push(block),
    }
}

fn end_row(t: &mut TableB) {
    if let Some((row, all_th)) = t.row.take() {
        if (t.in_head || (t.rows.is_empty() && all_th && !row.is_empty())) && t.head.is_none() {
            t.head = Some(row);
            return;
        }
        t.rows.push(row);
    }
}
