//! Discourse: a topic (`GET /t/:id.json`: `title`, `slug`, `id`, and its
//! first 20 posts in `post_stream.posts`) and/or more of its posts (`GET
//! /t/:id/posts.json?post_ids[]=…` or `?post_number=N`: `post_stream.posts`
//! only), in any number of inputs and any order. Posts go to the thread of
//! their `topic_id` (one thread a topic, in the order the topics first
//! came), each once, in `post_number` order. Bodies are Discourse's
//! `cooked` HTML; its `<aside class="quote" data-post="N">` quotes become
//! quotes of post N, which is this thread's post id N: a post's id is its
//! `post_number`, the number Discourse shows and quotes by. A quote of
//! another topic (its `data-topic` names another) loses its `data-post`,
//! so it is not taken for this topic's post N. Small actions ("closed the
//! topic", `post_type` 3 with nothing cooked) are not posts and are left
//! out. Posts the inputs do not hold (a topic's `post_stream.stream` lists
//! them all) are not there: fetch them with `posts.json`. The thread's
//! `more` counts them when a topic is given: its `stream`'s length (every
//! post the reader may see), else its `posts_count`, less the posts read,
//! with the topic's page.
//!
//! The forum's address is in no field of a `posts.json` response: it is
//! taken from a post's `post_url` or the topic's `url` when absolute, else
//! from an avatar template of a forum that keeps its avatars under
//! `/user_avatar/HOST/` (the host that path names, never a CDN's). Without
//! it, the thread, posts, profiles and avatars with relative addresses
//! have none (a relative one would resolve against the blog, not the forum).
//!
//! Fields: `title` (or the text of post 1, or the topic's slug in words,
//! when only posts are given) → title; the topic `https://HOST/t/SLUG/ID`
//! → url; `name` (or `username`) → name, `@username` → handle,
//! `avatar_template` at 96 pixels → avatar, `https://HOST/u/username` →
//! url, `user_title` (or the group `flair_name`) → title; `post_number` →
//! id and number, `reply_to_post_number` → reply_to, `created_at`,
//! `updated_at` when `version` > 1 → edited, `post_url` (absolute) →
//! url, `reply_count` → replies, the like count of `actions_summary` (id 2)
//! or `like_count` → likes (both when not 0, as Discourse shows them),
//! `deleted_at` or `user_deleted` → deleted, `hidden` → removed.

use std::collections::BTreeMap;

use super::read::{self, FromJson, Obj, Read};
use super::{plain_text, Builder, PostIn};
use crate::digits::{concat, count};
use crate::json::{Kind, Value};
use crate::markup::Format;
use crate::model::{Author, Counts, Deleted, More, Thread};

/// Discourse's "like" post action.
const LIKE: u64 = 2;
/// Discourse's `post_type` of a small action (a topic closed, pinned, moved).
const SMALL_ACTION: u64 = 3;

struct Action {
    id: u64,
    count: Option<u64>,
}

struct Post {
    post_number: u64,
    topic_id: Option<u64>,
    topic_slug: Option<String>,
    name: Option<String>,
    username: Option<String>,
    avatar_template: Option<String>,
    user_title: Option<String>,
    flair_name: Option<String>,
    created_at: Option<String>,
    updated_at: Option<String>,
    version: Option<u64>,
    cooked: String,
    post_type: Option<u64>,
    reply_to_post_number: Option<u64>,
    reply_count: Option<u64>,
    like_count: Option<u64>,
    actions_summary: Vec<Action>,
    post_url: Option<String>,
    deleted_at: Option<String>,
    user_deleted: bool,
    hidden: bool,
}

struct PostStream {
    posts: Vec<Post>,
    /// How many post ids a topic's `stream` lists (every post's; a `posts.json` has none).
    stream: Option<usize>,
}

/// A topic or a `posts.json` response (which has no title or slug).
struct Response {
    id: Option<u64>,
    title: Option<String>,
    slug: Option<String>,
    url: Option<String>,
    posts_count: Option<u64>,
    post_stream: PostStream,
}

/// Discourse's error object (`{"errors": ["…"], "error_type": "not_found"}`).
struct Errors {
    errors: Vec<String>,
    error_type: Option<String>,
}

impl FromJson for Action {
    fn from_json(v: &Value) -> Read<Action> {
        let o = Obj::new(v, "struct Action")?;
        Ok(Action { id: o.req("id")?, count: o.opt("count")? })
    }
}

impl FromJson for Post {
    fn from_json(v: &Value) -> Read<Post> {
        let o = Obj::new(v, "struct Post")?;
        Ok(Post {
            post_number: o.req("post_number")?,
            topic_id: o.opt("topic_id")?,
            topic_slug: o.opt("topic_slug")?,
            name: o.opt("name")?,
            username: o.opt("username")?,
            avatar_template: o.opt("avatar_template")?,
            user_title: o.opt("user_title")?,
            flair_name: o.opt("flair_name")?,
            created_at: o.opt("created_at")?,
            updated_at: o.opt("updated_at")?,
            version: o.opt("version")?,
            cooked: o.opt("cooked")?,
            post_type: o.opt("post_type")?,
            reply_to_post_number: o.opt("reply_to_post_number")?,
            reply_count: o.opt("reply_count")?,
            like_count: o.opt("like_count")?,
            actions_summary: o.opt("actions_summary")?,
            post_url: o.opt("post_url")?,
            deleted_at: o.opt("deleted_at")?,
            user_deleted: o.opt("user_deleted")?,
            hidden: o.opt("hidden")?,
        })
    }
}

impl FromJson for PostStream {
    fn from_json(v: &Value) -> Read<PostStream> {
        let o = Obj::new(v, "struct PostStream")?;
        let stream = match o.get("stream") {
            None => None,
            Some(s) if matches!(s.kind, Kind::Null) => None,
            Some(s) => Some(s.as_array().ok_or_else(|| read::wrong(s, "a sequence"))?.len()),
        };
        Ok(PostStream { posts: o.req("posts")?, stream })
    }
}

impl FromJson for Response {
    fn from_json(v: &Value) -> Read<Response> {
        let o = Obj::new(v, "struct Response")?;
        Ok(Response {
            id: o.opt("id")?,
            title: o.opt("title")?,
            slug: o.opt("slug")?,
            url: o.opt("url")?,
            posts_count: o.opt("posts_count")?,
            post_stream: o.req("post_stream")?,
        })
    }
}

impl FromJson for Errors {
    fn from_json(v: &Value) -> Read<Errors> {
        let o = Obj::new(v, "struct Errors")?;
        Ok(Errors { errors: o.req("errors")?, error_type: o.opt("error_type")? })
    }
}

/// One topic, as the inputs give it.
#[derive(Default)]
struct Topic {
    title: Option<String>,
    slug: Option<String>,
    url: Option<String>,
    posts: BTreeMap<u64, Post>,
    /// How many posts the topic says it has (its `stream`, else `posts_count`).
    total: Option<u64>,
    /// Post numbers read, small actions included (the topic counts them).
    read: std::collections::BTreeSet<u64>,
}

/// Whether a JSON value is a Discourse topic or `posts.json` response.
pub fn looks_like(v: &Value) -> bool {
    v.get("post_stream").and_then(|s| s.get("posts")).is_some_and(|p| matches!(p.kind, Kind::Array(_)))
}

/// The topics and posts of `inputs` as threads, one a topic.
pub fn import(inputs: &[&str]) -> Result<Vec<Thread>, String> {
    // Topics by id (None: posts of no known topic), in the order they came.
    let mut topics: Vec<(Option<u64>, Topic)> = Vec::new();
    let mut host: Option<String> = None;
    for (n, text) in inputs.iter().enumerate() {
        let v = read::parse(text).map_err(|e| read::input_error(n, ": not JSON: ", &e))?;
        if v.get("post_stream").is_none() && v.get("errors").is_some() {
            if let Ok(e) = Errors::from_json(&v) {
                let mut s = read::input_error(n, ": Discourse refused: ", &e.errors.join("; "));
                if let Some(t) = e.error_type {
                    s.push_str(" (");
                    s.push_str(&t);
                    s.push(')');
                }
                return Err(s);
            }
        }
        let r: Response = read::from_value(&v, text).map_err(|e| read::input_error(n, ": not a Discourse topic or posts: ", &e))?;
        host = host.or_else(|| r.url.as_deref().and_then(host_of));
        let slot = |topics: &mut Vec<(Option<u64>, Topic)>, id: Option<u64>| match topics.iter().position(|(k, _)| *k == id) {
            Some(i) => i,
            None => {
                topics.push((id, Topic::default()));
                topics.len() - 1
            }
        };
        if r.title.is_some() || r.slug.is_some() || r.url.is_some() {
            let i = slot(&mut topics, r.id);
            let t = &mut topics[i].1;
            t.title = t.title.take().or(r.title);
            t.slug = t.slug.take().or(r.slug);
            t.url = t.url.take().or(r.url);
            let stream = r.post_stream.stream.map_or(0, |n| n as u64);
            t.total = t.total.or(if stream > 0 { Some(stream) } else { r.posts_count });
        }
        for p in r.post_stream.posts {
            if p.post_type == Some(SMALL_ACTION) && p.cooked.trim().is_empty() {
                let i = slot(&mut topics, p.topic_id.or(r.id));
                topics[i].1.read.insert(p.post_number);
                continue;
            }
            host = host.or_else(|| p.post_url.as_deref().and_then(host_of)).or_else(|| p.avatar_template.as_deref().and_then(avatar_host));
            let i = slot(&mut topics, p.topic_id.or(r.id));
            let t = &mut topics[i].1;
            if t.slug.is_none() {
                t.slug = p.topic_slug.clone();
            }
            t.read.insert(p.post_number);
            t.posts.entry(p.post_number).or_insert(p);
        }
    }
    if topics.iter().all(|(_, t)| t.posts.is_empty()) {
        return Err("no posts: the inputs' post_stream.posts are empty".into());
    }
    topics.into_iter().filter(|(_, t)| !t.posts.is_empty()).map(|(id, t)| thread(id, t, host.as_deref())).collect()
}

/// One topic's thread.
fn thread(id: Option<u64>, topic: Topic, host: Option<&str>) -> Result<Thread, String> {
    let site = host.map(|h| concat(&["https://", h]));
    // The topic's address: its own `url`, else a post's `post_url` without the post's number, else made.
    let page = topic
        .url
        .as_deref()
        .filter(|u| host_of(u).is_some())
        .map(str::to_owned)
        .or_else(|| {
            let (p, _) = topic.posts.values().find_map(|p| p.post_url.as_deref())?.trim_end_matches('/').rsplit_once('/')?;
            absolute(p, site.as_deref())
        })
        .or_else(|| {
            let (site, id) = (site.as_deref()?, id?);
            Some(match topic.slug.as_deref() {
                Some(slug) => concat(&[site, "/t/", slug, "/", &count(id)]),
                None => concat(&[site, "/t/", &count(id)]),
            })
        });
    let title = topic
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| topic.posts.get(&1).map(|p| plain_text(&p.cooked, 80)))
        .or_else(|| topic.slug.as_deref().filter(|s| *s != "topic").map(words))
        .or_else(|| topic.posts.values().next().map(|p| plain_text(&p.cooked, 80)));
    let mut b = Builder::new("Discourse", Format::Html);
    b.head(title, page.clone());
    let mut numbers = Vec::new();
    for p in topic.posts.values() {
        // A post whose user is gone has no username: it stays, by "[deleted]".
        let Some(username) = p.username.as_deref() else {
            let author = b.author("\u{0}deleted", || Author { name: "[deleted]".into(), ..Author::default() });
            numbers.push(p.post_number);
            b.post(author, post_in(p, id, page.as_deref(), site.as_deref()));
            continue;
        };
        let author = b.author(username, || Author {
            name: p.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| username.to_owned()),
            handle: Some(concat(&["@", username])),
            title: p.user_title.clone().or_else(|| p.flair_name.clone()).filter(|t| !t.trim().is_empty()),
            avatar: p.avatar_template.as_deref().and_then(|t| absolute(&t.replace("{size}", "96"), site.as_deref())),
            url: site.as_deref().map(|s| concat(&[s, "/u/", username])),
            ..Author::default()
        });
        b.post(author, post_in(p, id, page.as_deref(), site.as_deref()));
        numbers.push(p.post_number);
    }
    let mut t = b.finish()?;
    // The number Discourse shows ("#41"), not the place in this file.
    for (post, n) in t.posts.iter_mut().zip(numbers) {
        post.number = n;
    }
    // What the topic counts and the inputs do not hold is on its page.
    let missing = topic.total.map_or(0, |n| n.saturating_sub(topic.read.len() as u64));
    t.more = (missing > 0).then_some(More { posts: Some(missing), url: page });
    Ok(t)
}

/// A post as the thread holds it; `topic` and `page` are its topic's id and address, `site` the forum's.
fn post_in(p: &Post, topic: Option<u64>, page: Option<&str>, site: Option<&str>) -> PostIn {
    let likes = p.actions_summary.iter().find(|a| a.id == LIKE).and_then(|a| a.count).or(p.like_count);
    let deleted = if p.deleted_at.is_some() || p.user_deleted {
        Some(Deleted::Deleted)
    } else if p.hidden {
        Some(Deleted::Removed)
    } else {
        None
    };
    let url = match p.post_url.as_deref() {
        Some(u) => absolute(u, site),
        None => page.map(|t| concat(&[t, "/", &count(p.post_number)])),
    };
    PostIn {
        id: count(p.post_number),
        created: p.created_at.clone(),
        edited: p.updated_at.clone().filter(|_| p.version.is_some_and(|v| v > 1)),
        body: match topic {
            Some(id) => foreign_quotes_unlinked(&p.cooked, id),
            None => p.cooked.clone(),
        },
        format: Format::Html,
        reply_to: p.reply_to_post_number.map(count),
        url,
        counts: Counts { replies: p.reply_count.filter(|&n| n > 0), likes: likes.filter(|&n| n > 0), ..Counts::default() },
        deleted,
    }
}

/// The host of an absolute http(s) address.
fn host_of(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| host.to_owned())
}

/// The forum's host named in an avatar template's `/user_avatar/HOST/` (on the forum or its CDN).
fn avatar_host(template: &str) -> Option<String> {
    let (_, rest) = template.split_once("/user_avatar/")?;
    let host = rest.split('/').next()?;
    (host.contains('.') && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b':')).then(|| host.to_owned())
}

/// `url` made absolute on `site` (`//cdn…` on https); a relative one without a site is none.
fn absolute(url: &str, site: Option<&str>) -> Option<String> {
    if url.starts_with("https://") || url.starts_with("http://") {
        Some(url.to_owned())
    } else if let Some(rest) = url.strip_prefix("//") {
        Some(concat(&["https://", rest]))
    } else {
        let site = site?;
        Some(if url.starts_with('/') { concat(&[site, url]) } else { concat(&[site, "/", url]) })
    }
}

/// A slug in words: `comments-on-the-boyfriends` → "Comments on the
/// boyfriends". Only an ASCII first letter is made a capital (Unicode's
/// case tables would cost the live wasm 9 KB gzip for a title of last resort).
fn words(slug: &str) -> String {
    let mut text = slug.replace('-', " ");
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

/// `cooked` with `data-post` dropped from the quotes of topics other than `topic`.
fn foreign_quotes_unlinked(cooked: &str, topic: u64) -> String {
    let mut out = String::with_capacity(cooked.len());
    let mut rest = cooked;
    while let Some(at) = rest.find("<aside ") {
        let Some(len) = rest[at..].find('>') else { break };
        let tag = &rest[at..at + len];
        out.push_str(&rest[..at]);
        match (attr(tag, "data-topic"), attr_span(tag, "data-post")) {
            (Some(t), Some((from, to))) if t.trim() != count(topic) => {
                out.push_str(&tag[..from]);
                out.push_str(&tag[to..]);
            }
            _ => out.push_str(tag),
        }
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out
}

/// The value of a double-quoted attribute in a start tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let (from, to) = attr_span(tag, name)?;
    let whole = &tag[from..to];
    whole.split_once('"').map(|(_, v)| v.trim_end_matches('"'))
}

/// Where ` name="…"` stands in a start tag, its leading space included.
fn attr_span(tag: &str, name: &str) -> Option<(usize, usize)> {
    let key = concat(&[" ", name, "=\""]);
    let from = tag.find(&key)?;
    let end = tag[from + key.len()..].find('"')?;
    Some((from, from + key.len() + end + 1))
}
