//! `data-layout="nested"`: each reply under the post it answers.
//!
//! A post is an `article` with a compact header (avatar, name, number,
//! date), its body, and, when it has replies, a button that hides and shows
//! them (`aria-expanded`, the count of replies in its name) before the
//! `div.tw-replies` that holds them: nested `article`s, HTML's own meaning for
//! comments on an article. The page counts top-level posts with their
//! replies ([`super::tree::Replies`]).
//!
//! Nesting stops at [`MAX_DEPTH`]: a reply deeper than that stands at that
//! depth too, beside its depth-[`MAX_DEPTH`] ancestor (in the replies `div`
//! of the ancestor above it, after the replies before it in the order
//! shown), and says whom it answers ("In reply to #12"): a flattened run, as
//! Hacker News and Reddit readers know from "continue this thread", without
//! leaving the page. The DOM is never deeper than that, whatever the file says.
//!
//! With `Config::reply_budget` (the browser widget's) each top-level post
//! gets at most that many replies built; where it runs out, "Show N more
//! replies" buttons and folded, empty replies `div`s stand for the rest, and
//! [`replies_of`] builds them when a reader (or a jump) asks
//! (`src/widget/replies.rs`).

use super::node::{Element, Node};
use super::tree::{Replies, Top};
use super::{anchor, extras, heading, Builder, PostIndex};
use crate::digits::count;
use crate::config::Config;
use crate::i18n::{fill, Formatter};
use crate::model::{Post, Thread};
use crate::url::sanitize;

/// The deepest nesting shown: replies deeper than this stand beside their
/// depth-`MAX_DEPTH` ancestor's other replies.
pub const MAX_DEPTH: usize = 6;

impl Builder<'_> {
    /// The articles of top-level posts `units` (counted in the order shown),
    /// each with its replies: all of them, or with `Config::reply_budget`
    /// (the browser widget's), as many as the budget allows for each
    /// top-level post, the rest behind buttons ([`replies_of`] builds them).
    pub(super) fn nested(&self, tree: &Replies, units: std::ops::Range<usize>, level: u8) -> Vec<Node> {
        (units.start..units.end.min(tree.units()))
            .filter_map(|u| tree.root(u))
            .map(|r| {
                let mut budget = self.config.reply_budget.unwrap_or(usize::MAX);
                let orphan = matches!(tree.top(r), Some(Top::Orphan | Top::Cycle));
                self.item(tree, r, 0, level, &mut budget, orphan).into()
            })
            .collect()
    }

    /// Post `i` at `depth` (at most [`MAX_DEPTH`]) with, when it has replies
    /// and stands above the limit, its button and the `div` of its replies.
    /// `reply_to`: it does not stand under the post it answers (say which).
    fn item(&self, tree: &Replies, i: usize, depth: usize, level: u8, budget: &mut usize, reply_to: bool) -> Element {
        let p = &self.thread.posts[i];
        let article = self.node(p, level, depth, reply_to);
        if depth >= MAX_DEPTH || tree.replies(i).next().is_none() {
            return article;
        }
        // Past the budget the replies are not built: the button builds them (src/widget/replies.rs).
        let loaded = *budget > 0;
        let replies = if loaded { self.items(tree, i, depth, 0, level, budget) } else { Vec::new() };
        self.close(tree, article, i, replies, loaded)
    }

    /// What post `owner`'s replies `div` holds, from its `from`-th item on:
    /// its replies (each with its own), or for a post at depth
    /// `MAX_DEPTH - 1` all its replies at every depth in a flattened run.
    /// When the budget runs out, a "Show N more replies" button ends it.
    fn items(&self, tree: &Replies, owner: usize, depth: usize, from: usize, level: u8, budget: &mut usize) -> Vec<Node> {
        let mut out = Vec::new();
        let items: Vec<(usize, usize)> = if depth + 1 < MAX_DEPTH { tree.replies(owner).map(|k| (k, depth + 1)).collect() } else { tree.below(owner).map(|(k, d)| (k, depth + d)).collect() };
        for (k, &(c, d)) in items.iter().enumerate().skip(from) {
            if *budget == 0 {
                let flat = depth + 1 >= MAX_DEPTH;
                let rest: usize = items[k..].iter().map(|&(c, _)| if flat { 1 } else { 1 + tree.descendants(c) }).sum();
                out.push(self.more_replies(&self.thread.posts[owner], k, rest as u64).into());
                break;
            }
            *budget -= 1;
            out.push(self.item(tree, c, d.min(MAX_DEPTH), level, budget, d > MAX_DEPTH).into());
        }
        out
    }

    /// "Show 57 more replies": `button.tw-more-replies`, which builds the
    /// items of `owner`'s replies from `from` on in its place.
    fn more_replies(&self, owner: &Post, from: usize, n: u64) -> Element {
        Element::new("button")
            .attr_static("type", "button")
            .class_static("tw-more-replies")
            .attr("data-of", &owner.id)
            .attr_owned("data-from", count(from as u64))
            .text(&fill(self.cat.plural(&self.cat.more_replies, n), &[("n", &self.fmt.number(n))]))
    }

    /// Post `post`'s article with its button and its replies `div`; not
    /// `loaded` (past the budget), the `div` is empty and folded.
    fn close(&self, tree: &Replies, mut article: Element, post: usize, replies: Vec<Node>, loaded: bool) -> Element {
        let p = &self.thread.posts[post];
        let n = tree.descendants(post) as u64;
        let mut id = anchor(p);
        id.push_str("-replies");
        let shut = !loaded || self.config.collapsed.binary_search(&p.id).is_ok();
        article.push(
            Element::new("button")
                .attr_static("type", "button")
                .class_static("tw-toggle")
                .attr_static("aria-expanded", if shut { "false" } else { "true" })
                .attr("aria-controls", &id)
                .attr_owned("data-replies", count(n))
                .text(&fill(self.cat.plural(&self.cat.replies, n), &[("n", &self.fmt.number(n))])),
        );
        let mut div = Element::classed("div", "tw-replies").attr("id", &id);
        if shut {
            div = div.attr_static("hidden", "");
        }
        if !loaded {
            div = div.attr_static("data-unloaded", "");
        }
        article.push(div.children(replies));
        article
    }

    /// One post of the nested layout, without its replies: a compact header
    /// (avatar, name and title, then number, dates and, when it does not
    /// stand under the post it answers, that post), and its body.
    fn node(&self, p: &Post, level: u8, depth: usize, reply_to: bool) -> Element {
        let a = &p.author;
        let mut who = Element::classed("div", "tw-who");
        if let Some(src) = a.avatar.as_deref().and_then(sanitize) {
            who.push(
                Element::classed("img", "tw-avatar")
                    .url("src", &src)
                    // The name follows: the avatar says nothing more (WCAG H2).
                    .attr_static("alt", "")
                    .attr_static("width", "32")
                    .attr_static("height", "32")
                    .attr_static("loading", "lazy")
                    .attr_static("decoding", "async"),
            );
        }
        let name = Node::text(&a.name);
        let name = match a.url.as_deref().and_then(sanitize) {
            Some(u) => Element::new("a").url("href", &u).attr_static("rel", super::LINK_REL).child(name).into(),
            None => name,
        };
        // Headings go one level down per depth, to h6 at most.
        let h = heading(level.saturating_add(depth.min(6) as u8));
        who.push(Element::classed(h, "tw-author-name").attr_static("dir", "auto").child(name));
        who.children.extend(extras::handle(a).map(Node::from));
        if let Some(title) = &a.title {
            who.push(Element::classed("span", "tw-user-title").attr_static("dir", "auto").text(title));
        }
        let platform = self.thread.platform.as_deref();
        let meta = self.meta(p, reply_to).children(extras::post_link(self.cat, p, platform).map(Node::from));
        let head = Element::classed("header", "tw-post-head").child(who).child(meta);
        let body = extras::deleted(self.cat, p).map_or_else(|| self.body(p), |d| Element::classed("div", "tw-body").attr_static("dir", "auto").child(d));
        // The platform's counts, but for its count of replies: they stand below, with their own button.
        let counts = crate::model::Counts { replies: None, ..p.counts };
        Element::classed("article", "tw-post")
            .attr("id", &anchor(p))
            .attr_owned("data-depth", count(depth as u64))
            .child(head)
            .child(body)
            .children(extras::counts(self.cat, self.fmt, &counts).map(Node::from))
    }
}

/// The items of post `id`'s replies `div` from the `from`-th on, as the
/// nested layout builds them with the config's budget (for the widget: the
/// replies of a post past the budget, or those after a "Show more" button).
pub fn replies_of(thread: &Thread, config: &Config, fmt: &dyn Formatter, index: &PostIndex, id: &str, from: usize) -> Vec<Node> {
    let b = super::builder(thread, config, fmt, Some(index));
    let Some(tree) = b.tree() else { return Vec::new() };
    let Some(i) = super::first_of(&b.ids, id) else { return Vec::new() };
    let depth = tree.depth(i);
    if depth + 1 > MAX_DEPTH {
        return Vec::new();
    }
    let level = config.heading_level.clamp(1, 6) + u8::from(thread.title.is_some());
    let mut budget = config.reply_budget.unwrap_or(usize::MAX);
    b.items(tree, i, depth, from, level, &mut budget)
}

/// The posts whose replies `div`s hold post `id`'s article, the top-level
/// post first, then `id` itself: what the widget builds, `div` by `div`, to
/// show a post past the budget.
pub fn holders(thread: &Thread, config: &Config, id: &str) -> Vec<String> {
    let tree = super::replies(thread, config.order);
    let Some(i) = thread.posts.iter().position(|p| p.id == id) else { return Vec::new() };
    let path = tree.path(i);
    // Past the limit the article stands in its depth-(MAX_DEPTH - 1) ancestor's `div`.
    let keep = path.len().min(MAX_DEPTH);
    path[..keep].iter().chain(path.last().filter(|_| path.len() > keep)).map(|&k| thread.posts[k].id.clone()).collect()
}
