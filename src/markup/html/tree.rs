//! The HTML tree builder: the stack of open elements, start and end tags.

use super::elements::{breaks_out, bounds, bucket, is_block, is_heading, is_special, El, Kind, Scope, BUCKETS};
use super::inline::{flatten, inline_text, trim_ws, Active, Flow, Fmt, Para, Role};
use super::table::end_row;
use super::tokenize::{Mode, StartTag, Token};
use crate::markup::text::push_text;
use crate::markup::{Align, Block, Body, Inline, Quote, MAX_DEPTH};
use crate::url::sanitize;

pub(super) struct Builder {
    pub(super) stack: Vec<El>,
    /// Indices of the [`Kind::Flow`] elements of `stack`, innermost last.
    pub(super) flows: Vec<usize>,
    pub(super) active: Vec<Active>,
    pub(super) next_id: u32,
    /// How many elements are open, by a hash of their name: a scope check
    /// or end tag whose bucket is empty skips the walk down the stack.
    pub(super) counts: [u32; BUCKETS],
    /// Open hidden elements.
    pub(super) hidden: usize,
    /// Open quotes, lists, indents and alignments.
    pub(super) depth: usize,
    /// The next text drops one leading newline (after `<pre>`).
    pub(super) skip_newline: bool,
    /// The stack index of an open Discourse onebox, and its open title and
    /// header elements (whose text names the link).
    pub(super) onebox: Option<usize>,
    pub(super) captures: usize,
    pub(super) titles: usize,
}

impl Builder {
    pub(super) fn new() -> Builder {
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

    pub(super) fn finish(mut self) -> Body {
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

    pub(super) fn in_foreign(&self) -> bool {
        matches!(self.stack.last().map(|e| &e.kind), Some(Kind::Foreign))
    }

    pub(super) fn current(&self) -> &str {
        self.stack.last().map_or("", |e| e.name.as_str())
    }

    pub(super) fn count(&self, name: &str) -> u32 {
        self.counts[bucket(name)]
    }

    pub(super) fn in_scope(&self, name: &str, scope: Scope) -> bool {
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

    pub(super) fn token(&mut self, token: Token<'_>) -> Option<Mode> {
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
    pub(super) fn flow(&mut self) -> &mut Flow {
        let i = self.flows.last().copied().unwrap_or(0);
        match &mut self.stack[i].kind {
            Kind::Flow(f) => f,
            _ => unreachable!("flows holds flow indices only"),
        }
    }

    /// The spans the current paragraph should have open: the active entries
    /// after the last marker that keep markup, at most [`MAX_DEPTH`].
    pub(super) fn wanted(&self) -> Vec<usize> {
        let from = self.active.iter().rposition(|a| a.fmt == Fmt::Marker).map_or(0, |k| k + 1);
        (from..self.active.len())
            .filter(|&k| !matches!(self.active[k].fmt, Fmt::Plain | Fmt::Marker | Fmt::Link(None)))
            .take(MAX_DEPTH)
            .collect()
    }

    /// Makes the current paragraph's open spans those of the active list
    /// (HTML's "reconstruct the active formatting elements", lazily).
    pub(super) fn reconcile(&mut self) {
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

    pub(super) fn text(&mut self, t: &str) {
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

    pub(super) fn inline(&mut self, inline: Inline) {
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
    pub(super) fn boundary(&mut self) {
        if self.hidden == 0 {
            flush_para(self.flow());
        }
    }

    // ----------------------------------------------------------- the stack

    pub(super) fn push(&mut self, name: &str, kind: Kind, hidden: bool) {
        if let Kind::Flow(_) = kind {
            self.flows.push(self.stack.len());
        }
        self.counts[bucket(name)] += 1;
        if hidden {
            self.hidden += 1;
        }
        self.stack.push(El { name: name.to_owned(), kind, hidden, marker: false });
    }

    pub(super) fn push_flow(&mut self, name: &str, role: Role, hidden: bool) {
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

    pub(super) fn push_marker(&mut self) {
        if let Some(el) = self.stack.last_mut() {
            el.marker = true;
        }
        self.active.push(Active { id: self.next_id, tag: String::new(), fmt: Fmt::Marker, owner: None, lightbox: false });
        self.next_id += 1;
    }

    /// Pops the current node, putting what it built into its parent.
    pub(super) fn pop(&mut self) {
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

    pub(super) fn pop_until(&mut self, name: &str) {
        while self.stack.len() > 1 {
            let done = self.current() == name;
            self.pop();
            if done {
                break;
            }
        }
    }

    /// Pops until one of `names` is popped.
    pub(super) fn pop_until_any(&mut self, names: fn(&str) -> bool) {
        while self.stack.len() > 1 {
            let done = names(self.current());
            self.pop();
            if done {
                break;
            }
        }
    }

    /// Puts what a closed flow built into the innermost flow left.
    pub(super) fn close_flow(&mut self, mut flow: Flow, hidden: bool) {
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
    pub(super) fn push_block(&mut self, block: Block) {
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

    pub(super) fn push_blocks(&mut self, blocks: Vec<Block>) {
        for b in blocks {
            self.push_block(b);
        }
    }

    // ----------------------------------------------------------- start tags

    pub(super) fn close_p(&mut self) {
        if self.in_scope("p", Scope::Button) {
            self.pop_until("p");
        }
    }

    /// The innermost open table, if the current node is its structure
    /// (`table`, `tbody`, `tr`…), not a cell's content.
    pub(super) fn in_table_body(&self) -> bool {
        matches!(self.current(), "table" | "tbody" | "thead" | "tfoot" | "tr")
    }

    pub(super) fn start(&mut self, tag: StartTag) -> Option<Mode> {
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
    pub(super) fn close_list_item(&mut self, same: fn(&str) -> bool) {
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

    pub(super) fn formatting(&mut self, tag: &StartTag, fmt: Fmt) -> Option<Mode> {
        self.push_active(tag, fmt, None);
        None
    }

    pub(super) fn push_active(&mut self, tag: &StartTag, fmt: Fmt, owner: Option<usize>) {
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

    pub(super) fn image(&mut self, tag: &StartTag) {
        let alt = tag.attr("alt").unwrap_or("").to_owned();
        match tag.attr("src").and_then(sanitize) {
            Some(url) => self.inline(Inline::Image { url, alt }),
            None => self.text(&alt),
        }
    }


    // ----------------------------------------------------------- end tags

    pub(super) fn end(&mut self, name: &str) {
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

pub(super) fn static_name(name: &str) -> &'static str {
    match name {
        "script" => "script",
        "style" => "style",
        "iframe" => "iframe",
        "noembed" => "noembed",
        "noframes" => "noframes",
        _ => "noscript",
    }
}

pub(super) fn new_flow(role: Role) -> Flow {
    Flow { role, blocks: Vec::new(), para: Para::default() }
}

pub(super) fn flush_para(flow: &mut Flow) {
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
pub(super) fn put_block(flow: &mut Flow, block: Block) {
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
