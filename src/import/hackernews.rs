//! Hacker News: an item tree from the Algolia API (`GET
//! https://hn.algolia.com/api/v1/items/:id`), a story or a comment with its
//! `children` at every depth. Posts in the order Hacker News shows them
//! (each item, then its replies), each answering its `parent_id`; bodies
//! are HN's `text` HTML (`<p>`-separated, `<pre><code>`), a story's link
//! first. A deleted or dead comment (no author, no text) keeps its place as
//! deleted. The tree is walked without recursion; the JSON is read to 128
//! levels of nesting (about 60 reply levels), and a deeper tree is an error
//! that says so.
//!
//! Fields: `author` → name (linked to `news.ycombinator.com/user?id=`),
//! `created_at`, `points`, the item's own address `news.ycombinator.com/item?id=`.

use super::read::{self, FromJson, Obj, Read};
use super::{escape, plain_text, shorten, Builder, PostIn};
use crate::digits::{concat, count};
use crate::json::{Kind, Value};
use crate::markup::Format;
use crate::model::{Author, Counts, Deleted, Thread};

const SITE: &str = "https://news.ycombinator.com";

struct Item {
    id: u64,
    created_at: Option<String>,
    author: Option<String>,
    title: Option<String>,
    url: Option<String>,
    text: Option<String>,
    points: Option<i64>,
    parent_id: Option<u64>,
    children: Vec<Item>,
}

impl FromJson for Item {
    fn from_json(v: &Value) -> Read<Item> {
        let o = Obj::new(v, "struct Item")?;
        Ok(Item {
            id: o.req("id")?,
            created_at: o.opt("created_at")?,
            author: o.opt("author")?,
            title: o.opt("title")?,
            url: o.opt("url")?,
            text: o.opt("text")?,
            points: o.opt("points")?,
            parent_id: o.opt("parent_id")?,
            children: o.opt("children")?,
        })
    }
}

/// Whether a JSON value is an Algolia item.
pub(super) fn looks_like(v: &Value) -> bool {
    v.get("children").is_some_and(|c| matches!(c.kind, Kind::Array(_))) && v.get("story_id").is_some() && v.get("created_at_i").is_some()
}

/// The item tree of `text` as one thread.
pub fn import(text: &str) -> Result<Thread, String> {
    let root: Item = read::from_str(text).map_err(|e| concat(&["not a Hacker News item (Algolia items/:id): ", &e]))?;
    let mut b = Builder::new("Hacker News", Format::Html);
    let title = match (&root.title, &root.text) {
        (Some(t), _) if !t.trim().is_empty() => shorten(t, 120),
        (_, Some(t)) => plain_text(t, 80),
        _ => concat(&["Hacker News item ", &count(root.id)]),
    };
    b.head(Some(title), Some(concat(&[SITE, "/item?id=", &count(root.id)])));
    // Pre-order without recursion: the stack holds what is still to visit, the next on top.
    let mut stack = vec![root];
    while let Some(mut item) = stack.pop() {
        let children = std::mem::take(&mut item.children);
        stack.extend(children.into_iter().rev());
        let deleted = item.author.is_none() && item.text.is_none() && item.title.is_none();
        let name = item.author.clone().unwrap_or_else(|| "[deleted]".to_owned());
        let author = b.author(&name, || Author {
            url: item.author.as_ref().map(|a| concat(&[SITE, "/user?id=", a])),
            name: name.clone(),
            ..Author::default()
        });
        let mut body = String::new();
        if let (Some(t), Some(u)) = (&item.title, &item.url) {
            body.push_str("<p><a href=\"");
            escape(&mut body, u);
            body.push_str("\">");
            escape(&mut body, t);
            body.push_str("</a></p>");
        }
        body.push_str(item.text.as_deref().unwrap_or(""));
        b.post(author, PostIn {
            id: count(item.id),
            created: item.created_at,
            body,
            format: Format::Html,
            reply_to: item.parent_id.map(count),
            url: Some(concat(&[SITE, "/item?id=", &count(item.id)])),
            counts: Counts { points: item.points, ..Counts::default() },
            deleted: deleted.then_some(Deleted::Deleted),
            ..PostIn::default()
        });
    }
    b.finish()
}
