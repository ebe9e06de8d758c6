//! `data-layout="nested"`: each reply under the post it answers.
//!
//! A post is an `article` with a compact header (avatar, name, number,
//! date), its body, and, when it has replies, a button that hides and shows
//! them (`aria-expanded`, the count of replies in its name) before the
//! `div.tw-replies` that holds them: nested `article`s, HTML's own meaning for
//! comments on an article. The page counts top-level posts with their
//! replies ([`super::tree::Replies`]).
//!
//! Nesting stops at [`MAX_DEPTH`]: a reply deeper than that stands in its
//! depth-[`MAX_DEPTH`] ancestor's replies, after the replies before it, and
//! says whom it answers ("In reply to #12"): a flattened run, as Hacker News
//! and Reddit readers know from "continue this thread", without leaving
//! the page. The DOM is never deeper than that, whatever the file says.

use super::node::{Element, Node};
use super::tree::{Replies, Top};
use super::{anchor, extras, heading, Builder};
use crate::i18n::fill;
use crate::model::Post;
use crate::url::sanitize;

/// The deepest nesting shown: replies deeper than this stand beside their
/// depth-`MAX_DEPTH` ancestor's other replies.
pub const MAX_DEPTH: usize = 6;

/// An article being built, with the replies gathered for it so far.
struct Open {
    post: usize,
    article: Element,
    replies: Vec<Node>,
}

impl Builder<'_> {
    /// The articles of top-level posts `units` (counted in the order shown),
    /// each with every reply under it.
    pub(super) fn nested(&self, tree: &Replies, units: std::ops::Range<usize>, level: u8) -> Vec<Node> {
        let mut out = Vec::new();
        let mut open: Vec<Open> = Vec::new();
        for (i, depth) in tree.subtrees(units) {
            let at = depth.min(MAX_DEPTH);
            while open.len() > at {
                self.close(tree, &mut open, &mut out);
            }
            let p = &self.thread.posts[i];
            // Beside its parent's replies rather than under it: say whom it answers.
            let flattened = depth > MAX_DEPTH;
            let orphan = depth == 0 && matches!(tree.top(i), Some(Top::Orphan | Top::Cycle));
            let article = self.node(p, level, at, flattened || orphan);
            if at < MAX_DEPTH && tree.replies(i).next().is_some() {
                open.push(Open { post: i, article, replies: Vec::new() });
            } else {
                match open.last_mut() {
                    Some(o) => o.replies.push(article.into()),
                    None => out.push(article.into()),
                }
            }
        }
        while !open.is_empty() {
            self.close(tree, &mut open, &mut out);
        }
        out
    }

    /// Ends the innermost open article: its button and replies, then it
    /// joins its parent's replies (or the top level).
    fn close(&self, tree: &Replies, open: &mut Vec<Open>, out: &mut Vec<Node>) {
        let Some(Open { post, mut article, replies }) = open.pop() else { return };
        let p = &self.thread.posts[post];
        let n = tree.descendants(post) as u64;
        let mut id = anchor(p);
        id.push_str("-replies");
        let shut = self.config.collapsed.binary_search(&p.id).is_ok();
        article.push(
            Element::new("button")
                .attr_static("type", "button")
                .class_static("tw-toggle")
                .attr_static("aria-expanded", if shut { "false" } else { "true" })
                .attr("aria-controls", &id)
                .attr("data-replies", &n.to_string())
                .text(&fill(self.cat.plural(&self.cat.replies, n), &[("n", &self.fmt.number(n))])),
        );
        let mut div = Element::new("div").class_static("tw-replies").attr("id", &id);
        if shut {
            div = div.attr_static("hidden", "");
        }
        article.push(div.children(replies));
        match open.last_mut() {
            Some(o) => o.replies.push(article.into()),
            None => out.push(article.into()),
        }
    }

    /// One post of the nested layout, without its replies: a compact header
    /// (avatar, name and title, then number, dates and, when it does not
    /// stand under the post it answers, that post), and its body.
    fn node(&self, p: &Post, level: u8, depth: usize, reply_to: bool) -> Element {
        let a = &p.author;
        let mut who = Element::new("div").class_static("tw-who");
        if let Some(src) = a.avatar.as_deref().and_then(sanitize) {
            who.push(
                Element::new("img")
                    .class_static("tw-avatar")
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
        who.push(Element::new(h).class_static("tw-author-name").attr_static("dir", "auto").child(name));
        who.children.extend(extras::handle(a).map(Node::from));
        if let Some(title) = &a.title {
            who.push(Element::new("span").class_static("tw-user-title").attr_static("dir", "auto").text(title));
        }
        let platform = self.thread.platform.as_deref();
        let meta = self.meta(p, reply_to).children(extras::post_link(self.cat, p, platform).map(Node::from));
        let head = Element::new("header").class_static("tw-post-head").child(who).child(meta);
        let body = extras::deleted(self.cat, p).map_or_else(|| self.body(p), |d| Element::new("div").class_static("tw-body").attr_static("dir", "auto").child(d));
        // The platform's counts, but for its count of replies: they stand below, with their own button.
        let counts = crate::model::Counts { replies: None, ..p.counts };
        Element::new("article")
            .class_static("tw-post")
            .attr("id", &anchor(p))
            .attr("data-depth", &depth.to_string())
            .child(head)
            .child(body)
            .children(extras::counts(self.cat, self.fmt, &counts).map(Node::from))
    }
}
