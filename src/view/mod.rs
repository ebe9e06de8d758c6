//! Thread → view tree. All wording comes from [`crate::i18n`].
//!
//! The tree is the widget's markup, whatever renders it: the CLI writes it as
//! HTML, the browser builds it as DOM, and a browser test checks the two agree.

pub mod body;
pub mod extras;
pub mod nested;
pub mod node;
pub mod tree;

use crate::digits::{concat, count};
use crate::config::{Config, Dates, Order};
use crate::i18n::{self, fill, Catalog, Dir, Formatter};
use crate::markup;
use std::cell::RefCell;
use std::rc::Rc;

use crate::model::{Author, Browsing, DateTime, Permissions, Post, Thread};
use crate::url::{sanitize, SafeUrl};
use body::{fill_node, BodyContext, LINK_REL};
use node::{Element, Node};
use tree::Replies;

/// Which posts of the file one screen shows, and how they are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Index of the first shown post in the (ordered) post list.
    pub start: usize,
    /// One past the last shown post.
    pub end: usize,
    /// The page shown, from 1.
    pub page: usize,
    /// The last page shown (`page` unless "Load more" added pages).
    pub last: usize,
    /// How many pages the file is split into.
    pub pages: usize,
}

/// Works out the page window of a thread for a config.
/// Paging counts units: posts in the flat layout, top-level posts with
/// their replies in the nested one.
pub fn window(thread: &Thread, config: &Config) -> Window {
    window_of(units(thread, config), config)
}

/// How many units (see [`window`]) the thread has in this config's layout.
pub fn units(thread: &Thread, config: &Config) -> usize {
    if config.nested() {
        replies(thread, config.order).units()
    } else {
        thread.posts.len()
    }
}

/// The unit (see [`window`]) that holds post `id`, counted in the order
/// shown: in the flat layout the post's own place, in the nested one its
/// top-level post's.
pub fn place(thread: &Thread, config: &Config, id: &str) -> Option<usize> {
    let i = thread.posts.iter().position(|p| p.id == id)?;
    if config.nested() {
        replies(thread, config.order).unit_of(i)
    } else if config.order == Order::Newest {
        Some(thread.posts.len() - 1 - i)
    } else {
        Some(i)
    }
}

/// The thread's reply tree in `order`.
pub fn replies(thread: &Thread, order: Order) -> Replies {
    let ids = sorted_ids(thread);
    Replies::new(thread, order, |id| first_of(&ids, id))
}

/// The position of the first post with this id, by bisection in sorted ids.
fn first_of(ids: &[(&str, usize)], id: &str) -> Option<usize> {
    let at = ids.partition_point(|(k, _)| *k < id);
    ids.get(at).filter(|(k, _)| *k == id).map(|&(_, i)| i)
}

fn window_of(n: usize, config: &Config) -> Window {
    match config.page_size.filter(|&s| s > 0) {
        Some(size) if n > size => {
            let pages = n.div_ceil(size);
            let page = config.page.clamp(1, pages);
            let last = (page - 1).saturating_add(config.span.max(1)).min(pages);
            Window { start: (page - 1) * size, end: (last * size).min(n), page, last, pages }
        }
        _ => Window { start: 0, end: n, page: 1, last: 1, pages: 1 },
    }
}

/// A post's anchor, `post-{id}` (its `id` attribute; `#post-{id}` links to it).
fn anchor(p: &Post) -> String {
    let mut a = String::with_capacity(p.id.len() + 5);
    a.push_str("post-");
    a.push_str(&p.id);
    a
}

fn heading(level: u8) -> &'static str {
    match level {
        0..=1 => "h1",
        2 => "h2",
        3 => "h3",
        4 => "h4",
        5 => "h5",
        _ => "h6",
    }
}

struct Builder<'a> {
    thread: &'a Thread,
    config: &'a Config,
    cat: &'static Catalog,
    fmt: &'a dyn Formatter,
    thread_url: Option<SafeUrl>,
    /// Every post id of the thread with its index, sorted (searched by
    /// bisection: no hash set in the wasm; the same sort as the model's indexes).
    ids: Vec<(&'a str, usize)>,
    /// Author cards built so far (the [`PostIndex`]'s, kept across slices, or this builder's own).
    cards: Option<&'a Cards>,
    own_cards: Cards,
    /// The reply tree, in the nested layout.
    tree: Option<Rc<Replies>>,
}

/// Author cards already built, by author: 50 authors write 10,000 posts,
/// and a card is a dozen elements and three `Intl` calls in the browser.
/// The `Rc` kept with each card keeps its address from being reused.
type Cards = RefCell<Vec<(Rc<Author>, u8, Element)>>;

/// Cards kept: more distinct authors than this are built each time.
const MAX_CARDS: usize = 64;

/// Builds the whole widget for a thread: a `section.tw-thread`.
pub fn thread(thread: &Thread, config: &Config, fmt: &dyn Formatter) -> Node {
    thread_head(thread, config, fmt, usize::MAX)
}

/// [`thread`] with only the first `shown` posts of the page in its
/// `div.tw-posts`. The browser widget shows this first and appends the rest
/// with [`posts`], slice by slice, so that a long page never blocks the main
/// thread; once all are appended the DOM is the very tree [`thread`] builds.
pub fn thread_head(thread: &Thread, config: &Config, fmt: &dyn Formatter, shown: usize) -> Node {
    builder(thread, config, fmt, None).build(shown)
}

/// [`thread_head`] with the thread's [`PostIndex`] (one of another length
/// is ignored): a first screen of a long thread without sorting its ids again.
pub fn thread_head_indexed(thread: &Thread, config: &Config, fmt: &dyn Formatter, shown: usize, index: &PostIndex) -> Node {
    builder(thread, config, fmt, Some(index)).build(shown)
}

/// The thread's post ids in sorted order, as positions in `thread.posts`.
/// The browser widget keeps one per thread: a long page is built in many
/// slices ([`posts`]), and each would otherwise sort every id again.
/// It also keeps the author cards its slices built, for the next slices
/// (one index serves one thread with one config, as the widget uses it).
#[derive(Debug, Clone)]
pub struct PostIndex(Vec<usize>, Cards, RefCell<Option<Rc<Replies>>>);

impl PostIndex {
    /// Sorts the ids of `thread` (the same sort as [`thread`]'s).
    pub fn new(thread: &Thread) -> PostIndex {
        PostIndex(sorted_ids(thread).into_iter().map(|(_, i)| i).collect(), Cards::default(), RefCell::default())
    }

    /// An index from positions already sorted by (id, position), such as the
    /// model's check for repeated ids makes; checked (one pass), and sorted
    /// again if they are not.
    pub fn from_sorted(thread: &Thread, order: Vec<usize>) -> PostIndex {
        let id = |i: usize| thread.posts.get(i).map(|p| (p.id.as_str(), i));
        let sorted = order.len() == thread.posts.len() && order.iter().all(|&i| i < thread.posts.len()) && order.windows(2).all(|w| id(w[0]) < id(w[1]));
        if sorted {
            PostIndex(order, Cards::default(), RefCell::default())
        } else {
            PostIndex::new(thread)
        }
    }
}

impl PostIndex {
    /// Whether `thread` (the thread of this index) has a post with this id.
    pub fn contains(&self, thread: &Thread, id: &str) -> bool {
        self.0.binary_search_by(|&i| thread.posts.get(i).map_or("", |p| p.id.as_str()).cmp(id)).is_ok()
    }
}

fn sorted_ids(thread: &Thread) -> Vec<(&str, usize)> {
    let mut ids: Vec<(&str, usize)> = thread.posts.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    crate::sort::sort(&mut ids);
    ids
}

/// The `article`s of the page's posts `range` (counted from the page's first
/// post, in the order shown), exactly as [`thread`] builds them.
/// `index` must be the thread's own ([`PostIndex::new`]); one of another
/// length is ignored.
pub fn posts(thread: &Thread, config: &Config, fmt: &dyn Formatter, index: &PostIndex, range: std::ops::Range<usize>) -> Vec<Node> {
    let b = builder(thread, config, fmt, Some(index));
    let level = config.heading_level.clamp(1, 6) + u8::from(thread.title.is_some());
    let w = window_of(b.units(), config);
    let n = thread.posts.len();
    let (from, to) = ((w.start + range.start).min(w.end), (w.start.saturating_add(range.end)).min(w.end));
    if let Some(tree) = b.tree() {
        return b.nested(tree, from..to, level);
    }
    (from..to)
        .map(|i| {
            let p = if config.order == Order::Newest { &thread.posts[n - 1 - i] } else { &thread.posts[i] };
            b.post(p, level)
        })
        .collect()
}

/// The page file "Load more" reads once the file is shown to its end: the
/// next one in the order shown, as its (unresolved, sanitized) URL.
pub fn more_file(thread: &Thread, config: &Config) -> Option<SafeUrl> {
    let page = thread.page.as_ref()?;
    let url = if config.order == Order::Newest { page.prev.as_deref() } else { page.next.as_deref() };
    url.and_then(sanitize)
}

fn builder<'a>(thread: &'a Thread, config: &'a Config, fmt: &'a dyn Formatter, index: Option<&'a PostIndex>) -> Builder<'a> {
    let cat = i18n::catalog(&config.lang);
    let mut b = Builder {
        thread,
        config,
        cat,
        fmt,
        thread_url: thread.url.as_deref().and_then(sanitize),
        ids: match index {
            Some(PostIndex(order, ..)) if order.len() == thread.posts.len() => {
                order.iter().filter_map(|&i| Some((thread.posts.get(i)?.id.as_str(), i))).collect()
            }
            _ => sorted_ids(thread),
        },
        cards: index.map(|i| &i.1),
        own_cards: Cards::default(),
        tree: None,
    };
    if config.nested() {
        // Built once per index (the widget's slices share it), in the order shown.
        let cached = index.and_then(|i| i.2.borrow().clone()).filter(|t| t.order() == config.order && t.len() == thread.posts.len());
        let tree = cached.unwrap_or_else(|| Rc::new(Replies::new(thread, config.order, |id| first_of(&b.ids, id))));
        if let Some(i) = index {
            *i.2.borrow_mut() = Some(tree.clone());
        }
        b.tree = Some(tree);
    }
    b
}

impl Builder<'_> {
    /// The reply tree, in the nested layout; never in the plain build
    /// (`config::PLAIN`), so that the nested layout's code is left out of it.
    fn tree(&self) -> Option<&Rc<Replies>> {
        if crate::config::PLAIN {
            None
        } else {
            self.tree.as_ref()
        }
    }

    /// How many units paging counts (see [`window`]).
    fn units(&self) -> usize {
        self.tree().map_or(self.thread.posts.len(), |t| t.units())
    }

    fn build(&self, shown: usize) -> Node {
        let (t, cat) = (self.thread, self.cat);
        let level = self.config.heading_level.clamp(1, 6);
        let mut section = Element::classed("section", "tw-thread")
            .attr_static("lang", cat.lang)
            .attr("dir", if cat.dir == Dir::Rtl { "rtl" } else { "ltr" });

        let mut header = Element::classed("header", "tw-header");
        if let Some(forum) = &t.forum {
            let name = Node::text(&forum.name);
            let crumb = match forum.url.as_deref().and_then(sanitize) {
                Some(u) => Element::new("a").url("href", &u).child(name).into(),
                None => name,
            };
            header.push(Element::classed("p", "tw-forum").child(crumb));
        }
        let post_level = if let Some(title) = &t.title {
            let h = Element::classed(heading(level), "tw-title").attr_static("dir", "auto");
            let h = match &self.thread_url {
                Some(u) => h.child(Element::new("a").url("href", u).text(title)),
                None => h.text(title),
            };
            header.push(h);
            level + 1
        } else {
            level
        };

        let mut posts: Vec<&Post> = t.posts.iter().collect();
        if self.config.order == Order::Newest {
            posts.reverse();
        }
        let w = window_of(self.units(), self.config);
        if posts.is_empty() {
            header.push(Element::classed("p", "tw-empty").text_static(cat.no_posts));
        } else {
            header.push(Element::classed("p", "tw-results").text(&self.results(&w)));
        }
        section.push(header);

        if let Some(p) = self.pager(&w, cat.pages) {
            section.push(p);
        }
        let upto = w.end.min(w.start.saturating_add(shown));
        let mut list = Element::classed("div", if self.tree().is_some() { "tw-posts tw-nested" } else { "tw-posts" });
        match self.tree() {
            Some(tree) => list = list.children(self.nested(tree, w.start..upto, post_level)),
            None => {
                for p in &posts[w.start..upto] {
                    list.push(self.post(p, post_level));
                }
            }
        }
        if !posts.is_empty() {
            section.push(list);
        }
        if let Some(m) = self.more(&w) {
            section.push(m);
        }
        if let Some(p) = self.pager(&w, cat.pages_end) {
            section.push(p);
        }
        if let Some(e) = extras::elsewhere(cat, self.fmt, t) {
            section.push(e);
        }
        if let Some(u) = &self.thread_url {
            section.push(
                Element::classed("p", "tw-reply")
                    .child(Element::new("a").url("href", u).attr_static("rel", "nofollow noopener").text(&extras::reply_text(cat, t.platform.as_deref()))),
            );
        }
        if t.browsing.is_some() || t.permissions.is_some() {
            section.push(self.info(post_level));
        }
        section.into()
    }

    fn results(&self, w: &Window) -> String {
        let t = self.thread;
        let (offset, total) = match &t.page {
            Some(p) => (p.first.saturating_sub(1), p.total.max(t.posts.len() as u64)),
            None => (0, t.posts.len() as u64),
        };
        let n = |v: u64| self.fmt.number(v);
        // Nested, the units are top-level posts: the range counts every post of theirs.
        let (start, end) = match self.tree() {
            Some(tree) => (tree.posts_before(w.start), tree.posts_before(w.end)),
            None => (w.start, w.end),
        };
        fill(self.cat.results, &[
            ("first", &n(offset + start as u64 + 1)),
            ("last", &n(offset + end as u64)),
            ("total", &n(total)),
        ])
    }

    /// "Load more posts" after the posts: the next page of the file, or
    /// once the file is shown to its end, the next page file in the order
    /// shown (`page.next`, or `page.prev` newest first).
    fn more(&self, w: &Window) -> Option<Node> {
        let more = w.end < self.units() || more_file(self.thread, self.config).is_some();
        more.then(|| {
            let button = Element::new("button").attr_static("type", "button").text_static(self.cat.load_more);
            Element::classed("p", "tw-more").child(button).into()
        })
    }

    fn pager(&self, w: &Window, label: &str) -> Option<Node> {
        let t = self.thread;
        let prev_file = t.page.as_ref().and_then(|p| p.prev.as_deref()).and_then(sanitize);
        let next_file = t.page.as_ref().and_then(|p| p.next.as_deref()).and_then(sanitize);
        if w.pages <= 1 && prev_file.is_none() && next_file.is_none() {
            return None;
        }
        let cat = self.cat;
        let mut ul = Element::new("ul");
        if let Some(u) = &prev_file {
            ul.push(Element::new("li").child(Element::classed("a", "tw-prev-file").url("href", u).attr_static("rel", "prev").text_static(cat.previous_file)));
        }
        if w.pages > 1 {
            let button = |label: &str, page: usize, disabled: bool| {
                let mut b = Element::new("button").attr_static("type", "button").attr_owned("data-page", count(page as u64));
                if disabled {
                    b = b.attr_static("disabled", "");
                }
                b.text(label)
            };
            ul.push(Element::new("li").child(button(cat.previous, w.page.saturating_sub(1).max(1), w.page == 1).class_static("tw-page-prev")));
            // Pages "Load more" added are marked too; "next" goes past them.
            let mut gap = false;
            for p in 1..=w.pages {
                // Long pagers show the first, the last and the pages near the
                // first and last shown, with one "…" for each run left out.
                let near = p == 1 || p == w.pages || p.abs_diff(w.page) <= 2 || p.abs_diff(w.last) <= 2;
                if !near {
                    if !gap {
                        ul.push(Element::classed("li", "tw-page-gap").attr_static("aria-hidden", "true").text("…"));
                    }
                    gap = true;
                    continue;
                }
                gap = false;
                let label = self.fmt.number(p as u64);
                let mut b = button(&label, p, false).attr("aria-label", &fill(cat.page, &[("n", &label)]));
                if p == w.page {
                    b = b.attr_static("aria-current", "page");
                } else if (w.page..=w.last).contains(&p) {
                    b = b.class_static("tw-page-shown");
                }
                ul.push(Element::new("li").child(b));
            }
            ul.push(Element::new("li").child(button(cat.next, (w.last + 1).min(w.pages), w.last == w.pages).class_static("tw-page-next")));
        }
        if let Some(u) = &next_file {
            ul.push(Element::new("li").child(Element::classed("a", "tw-next-file").url("href", u).attr_static("rel", "next").text_static(cat.next_file)));
        }
        // Landmark names must differ between widgets on one page (axe: landmark-unique):
        // the range shown tells two pagers of the same thread apart.
        let label = concat(&[label, " (", &self.results(w), ")"]);
        Some(Element::classed("nav", "tw-pager").attr("aria-label", &label).child(ul).into())
    }

    fn time(&self, dt: &DateTime) -> Element {
        Element::new("time").attr("datetime", &dt.text).text(&self.fmt.date_time(dt))
    }

    /// A post's date: relative ("3 days ago", exact date in `title`) with
    /// `data-dates="relative"` when the formatter can say it, else absolute.
    fn created(&self, dt: &DateTime) -> Element {
        if self.config.dates == Dates::Relative {
            if let Some(text) = self.fmt.relative(dt) {
                return Element::new("time").attr("datetime", &dt.text).attr("title", &self.fmt.date_time(dt)).text(&text);
            }
        }
        self.time(dt)
    }

    /// The author card of a post: built once per author ([`Cards`]).
    fn card(&self, a: &Rc<Author>, level: u8) -> Element {
        let cards = self.cards.unwrap_or(&self.own_cards);
        if let Some((_, _, card)) = cards.borrow().iter().find(|(k, l, _)| Rc::ptr_eq(k, a) && *l == level) {
            return card.clone();
        }
        let card = self.author(a, level);
        let mut cards = cards.borrow_mut();
        if cards.len() < MAX_CARDS {
            cards.push((a.clone(), level, card.clone()));
        }
        card
    }

    fn author(&self, a: &Author, level: u8) -> Element {
        let cat = self.cat;
        let mut card = Element::classed("div", "tw-author");
        if let Some(src) = a.avatar.as_deref().and_then(sanitize) {
            card.push(
                Element::classed("img", "tw-avatar")
                    .url("src", &src)
                    .attr("alt", &fill(cat.avatar_alt, &[("name", &a.name)]))
                    .attr_static("width", "64")
                    .attr_static("height", "64")
                    .attr_static("loading", "lazy")
                    .attr_static("decoding", "async"),
            );
        }
        let name = Node::text(&a.name);
        let name = match a.url.as_deref().and_then(sanitize) {
            Some(u) => Element::new("a").url("href", &u).attr_static("rel", LINK_REL).child(name).into(),
            None => name,
        };
        card.push(Element::classed(heading(level), "tw-author-name").attr_static("dir", "auto").child(name));
        card.children.extend(extras::handle(a).map(Node::from));
        if let Some(title) = &a.title {
            card.push(Element::classed("p", "tw-user-title").attr_static("dir", "auto").text(title));
        }
        let mut facts = Element::classed("dl", "tw-author-facts");
        let mut fact = |class: &str, label: &str, value: Node| {
            facts.push(Element::new("div").class(class).child(Element::new("dt").text(label)).child(Element::new("dd").child(value)));
        };
        if let Some(j) = &a.joined {
            // Forums show the month one joined ("Dec 2009"), even when the day is known.
            let text = self.fmt.month_year(j.year, j.month);
            fact("tw-joined", cat.joined, Element::new("time").attr("datetime", &j.machine()).text(&text).into());
        }
        if let Some(l) = &a.last_online {
            fact("tw-last-online", cat.last_online, self.time(l).into());
        }
        if let Some(l) = &a.location {
            fact("tw-location", cat.location, Element::new("span").attr_static("dir", "auto").text(l).into());
        }
        if let Some(n) = a.posts {
            fact("tw-post-count", cat.posts, Node::text(&self.fmt.number(n)));
        }
        if !facts.children.is_empty() {
            card.push(facts);
        }
        card
    }

    fn post(&self, p: &Post, level: u8) -> Node {
        let (cat, platform) = (self.cat, self.thread.platform.as_deref());
        let meta = self.meta(p, true).children(extras::post_link(cat, p, platform).map(Node::from));
        let body = extras::deleted(cat, p).map_or_else(|| self.body(p), |d| Element::classed("div", "tw-body").attr_static("dir", "auto").child(d));
        let main = Element::classed("div", "tw-post-main").child(meta).child(body).children(extras::counts(cat, self.fmt, &p.counts).map(Node::from));
        Element::classed("article", "tw-post")
            .attr("id", &anchor(p))
            .child(self.card(&p.author, level))
            .child(main)
            .into()
    }

    /// A post's meta line: its number (the link to it), dates, and with
    /// `reply_to` the post it answers.
    fn meta(&self, p: &Post, reply_to: bool) -> Element {
        let cat = self.cat;
        let mut meta = Element::classed("div", "tw-post-meta");
        let number = self.fmt.number(p.number);
        if let Some(href) = sanitize(&concat(&["#", &anchor(p)])) {
            let mut shown = String::with_capacity(number.len() + 1);
            shown.push('#');
            shown.push_str(&number);
            meta.push(
                Element::classed("a", "tw-post-number")
                    .url("href", &href)
                    .attr("aria-label", &fill(cat.post_label, &[("n", &number)]))
                    .text(&shown),
            );
        }
        if let Some(c) = &p.created {
            meta.push(self.created(c).class_static("tw-created"));
        }
        if let (Some(r), true) = (&p.reply_to, reply_to) {
            // By bisection in the sorted ids (the first of a repeated id, as a scan would find).
            let on_page = first_of(&self.ids, r).and_then(|i| self.thread.posts.get(i));
            let label = match on_page {
                Some(q) => concat(&["#", &self.fmt.number(q.number)]),
                None => concat(&["#", r]),
            };
            let target = if on_page.is_some() { sanitize(&concat(&["#post-", r])) } else { self.thread_url.clone() };
            let link: Node = match target {
                Some(u) => {
                    let mut a = Element::new("a").url("href", &u);
                    if on_page.is_some() {
                        a = a.attr("data-post", r);
                    }
                    a.text(&label).into()
                }
                None => Node::text(&label),
            };
            meta.push(Element::classed("span", "tw-reply-to").children(fill_node(cat.in_reply_to, "post", link)));
        }
        if let Some(e) = &p.edited {
            meta.push(Element::classed("span", "tw-edited").children(fill_node(cat.edited, "date", self.time(e).into())));
        }
        meta
    }

    /// A post's body, read from its format into the one closed tree.
    fn body(&self, p: &Post) -> Element {
        let ids = &self.ids;
        let on_page = |id: &str| ids.binary_search_by(|(k, _)| (*k).cmp(id)).is_ok();
        let ctx = BodyContext {
            catalog: self.cat,
            on_page: &on_page,
            thread_url: self.thread_url.as_ref(),
            quote_depth: self.config.quote_depth,
            images: self.config.images,
        };
        let body = markup::parse(p.format, &p.body);
        Element::classed("div", "tw-body").attr_static("dir", "auto").children(body::render(&ctx, &body))
    }

    fn info(&self, level: u8) -> Node {
        let cat = self.cat;
        let sub = heading(level + 1);
        let mut footer = Element::classed("footer", "tw-info").child(Element::new(heading(level)).text_static(cat.thread_info));
        if let Some(b) = &self.thread.browsing {
            footer.push(self.browsing(b, sub));
        }
        if let Some(p) = &self.thread.permissions {
            footer.push(self.permissions(p, sub));
        }
        footer.into()
    }

    fn browsing(&self, b: &Browsing, sub: &'static str) -> Element {
        let cat = self.cat;
        let total = b.members.saturating_add(b.guests);
        let n = |v: u64| self.fmt.number(v);
        let sentence = fill(cat.plural(&cat.browsing_total, total), &[("n", &n(total))]);
        let members = fill(cat.plural(&cat.browsing_members, b.members), &[("n", &n(b.members))]);
        let guests = fill(cat.plural(&cat.browsing_guests, b.guests), &[("n", &n(b.guests))]);
        let split = fill(cat.browsing_split, &[("members", &members), ("guests", &guests)]);
        let mut div = Element::classed("div", "tw-browsing")
            .child(Element::new(sub).text_static(cat.browsing_heading))
            .child(Element::new("p").text(&fill(cat.browsing_line, &[("sentence", &sentence), ("split", &split)])));
        if !b.names.is_empty() {
            let mut ul = Element::classed("ul", "tw-browsing-names").attr_static("aria-label", cat.browsing_names);
            for name in &b.names {
                ul.push(Element::new("li").attr_static("dir", "auto").text(name));
            }
            div.push(ul);
        }
        div
    }

    fn permissions(&self, p: &Permissions, sub: &'static str) -> Element {
        let cat = self.cat;
        let mut ul = Element::new("ul");
        for (value, texts) in [
            (p.new_threads, &cat.perm_new_threads),
            (p.replies, &cat.perm_replies),
            (p.attachments, &cat.perm_attachments),
            (p.edit_posts, &cat.perm_edit_posts),
        ] {
            if let Some(v) = value {
                ul.push(Element::new("li").class(if v { "tw-perm-yes" } else { "tw-perm-no" }).text(texts[usize::from(v)]));
            }
        }
        Element::classed("div", "tw-permissions").child(Element::new(sub).text_static(cat.permissions_heading)).child(ul)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{catalog, CatalogFormatter};

    fn list(node: &mut Node) -> &mut Element {
        let Node::Element(section) = node else { panic!("not an element") };
        section
            .children
            .iter_mut()
            .find_map(|c| match c {
                Node::Element(e) if e.attrs.iter().any(|(n, v)| *n == "class" && v == "tw-posts") => Some(e),
                _ => None,
            })
            .expect("a div.tw-posts")
    }

    /// What the browser widget shows in slices ends as the tree of `thread`.
    #[test]
    fn thread_head_and_posts_in_slices_equal_the_whole_thread() {
        let bodies: Vec<String> = (1..=47)
            .map(|i| format!(r#"{{"id": {i}, "author": "u{}", "body": "[quote=u;{}]q[/quote] post {i}", "reply_to": {}}}"#, i % 3, (i + 5) % 47 + 1, i / 2 + 1))
            .collect();
        let json = format!(
            r#"{{"title": "T", "format": "bbcode", "users": {{"u0": {{"name": "a"}}, "u1": {{"name": "b"}}, "u2": {{"name": "c"}}}}, "posts": [{}]}}"#,
            bodies.join(",")
        );
        let t = Thread::from_json(&json).unwrap();
        let fmt = CatalogFormatter(catalog("en"));
        let index = PostIndex::new(&t);
        for config in [
            Config { lang: "en".into(), ..Config::default() },
            Config { lang: "en".into(), order: Order::Newest, ..Config::default() },
            Config { lang: "en".into(), page_size: Some(20), page: 2, ..Config::default() },
        ] {
            let whole = thread(&t, &config, &fmt);
            let w = window(&t, &config);
            let mut sliced = thread_head(&t, &config, &fmt, 3);
            assert_eq!(list(&mut sliced).children.len(), 3.min(w.end - w.start));
            let mut at = 3;
            for size in [1, 5, 100] {
                let more = posts(&t, &config, &fmt, &index, at..at + size);
                list(&mut sliced).children.extend(more);
                at += size;
            }
            assert_eq!(sliced, whole);
        }
    }
}
