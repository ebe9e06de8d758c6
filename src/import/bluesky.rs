//! Bluesky: a post thread (`GET
//! https://public.api.bsky.app/xrpc/app.bsky.feed.getPostThread?uri=at://…`),
//! one thread an input. Posts are the post's ancestors (its `parent` chain,
//! the root first), the post, then its `replies` at every depth in the
//! AppView's order (each reply after what it answers), walked without
//! recursion. A post's id is its `at://` URI and it answers its record's
//! `reply.parent.uri`. An ancestor that is a `notFoundPost` or
//! `blockedPost` keeps its place as deleted (the posts below it answer it);
//! a reply that is one is left out, unless it carries replies of its own
//! (the lexicon gives it none), when it keeps its place as deleted too.
//!
//! Bodies are HTML made from the record's plain `text`: escaped, a line
//! break `<br>`, a blank line a new paragraph, and its `facets` made links
//! by their UTF-8 byte ranges (`#link` → its `uri`, when http(s);
//! `#mention` → `bsky.app/profile/<did>`; `#tag` → `bsky.app/hashtag/<tag>`).
//! A facet whose range is empty, out of the text, overlaps an earlier one or
//! cuts a character in two is left out: its text stays text.
//!
//! Fields: author `displayName` (or `handle`) → name, `@handle` → handle,
//! `avatar`, `bsky.app/profile/<handle>` → url, `createdAt` → joined (the
//! AppView gives it since 2024); record `createdAt` (or the post's
//! `indexedAt`) → created; `replyCount` → replies, `repostCount` +
//! `quoteCount` → reposts, `likeCount` → likes; the post's address
//! `bsky.app/profile/<handle>/post/<rkey>`. The thread: the root post's
//! text → title, its address → url, platform "Bluesky". Left out: embeds
//! (images, link cards, quoted posts) and labels.
//!
//! The AppView cuts a thread at a depth (6 by default) and a parent height:
//! a post whose `replyCount` is more than the replies the file holds under
//! it has replies elsewhere. The thread's `more` adds those differences up,
//! with the root post's address to read all of it.

use super::read::{self, FromJson, Obj, Read};
use super::{day_of, escape, shorten, Builder, PostIn};
use crate::digits::concat;
use crate::json::Value;
use crate::markup::Format;
use crate::model::{Author, Counts, Deleted, More, Thread};

const SITE: &str = "https://bsky.app";

struct Response {
    thread: Node,
}

/// A thread node: `threadViewPost`, `notFoundPost` or `blockedPost` (an
/// open union by `$type`: another is left out).
enum Node {
    View(Box<View>),
    NotFound(Gone),
    Blocked(Gone),
    Other,
}

struct View {
    post: PostView,
    parent: Option<Box<Node>>,
    replies: Vec<Node>,
}

/// A post that is not there (deleted) or not shown (blocked).
struct Gone {
    uri: String,
    replies: Vec<Node>,
}

struct PostView {
    uri: String,
    author: ProfileView,
    record: Record,
    indexed_at: Option<String>,
    reply_count: Option<u64>,
    repost_count: Option<u64>,
    quote_count: Option<u64>,
    like_count: Option<u64>,
}

struct ProfileView {
    did: String,
    handle: String,
    display_name: Option<String>,
    avatar: Option<String>,
    created_at: Option<String>,
}

struct Record {
    text: String,
    facets: Vec<Facet>,
    reply: Option<ReplyRef>,
    created_at: Option<String>,
}

struct ReplyRef {
    root: Option<StrongRef>,
    parent: Option<StrongRef>,
}

struct StrongRef {
    uri: String,
}

#[derive(Default)]
struct Facet {
    index: ByteSlice,
    features: Vec<Feature>,
}

#[derive(Default)]
struct ByteSlice {
    byte_start: i64,
    byte_end: i64,
}

struct Feature {
    kind: String,
    uri: Option<String>,
    did: Option<String>,
    tag: Option<String>,
}

/// An XRPC error (`{"error": "NotFound", "message": "Post not found: …"}`).
struct XrpcError {
    error: String,
    message: Option<String>,
}

impl FromJson for Response {
    fn from_json(v: &Value) -> Read<Response> {
        Ok(Response { thread: Obj::new(v, "struct Response")?.req("thread")? })
    }
}

impl FromJson for Node {
    fn from_json(v: &Value) -> Read<Node> {
        let o = Obj::new(v, "a thread node")?;
        let gone = || Ok(Gone { uri: o.req("uri")?, replies: o.opt("replies")? });
        Ok(match o.req::<String>("$type")?.as_str() {
            "app.bsky.feed.defs#threadViewPost" => Node::View(Box::new(View { post: o.req("post")?, parent: o.opt("parent")?, replies: o.opt("replies")? })),
            "app.bsky.feed.defs#notFoundPost" => Node::NotFound(gone()?),
            "app.bsky.feed.defs#blockedPost" => Node::Blocked(gone()?),
            _ => Node::Other,
        })
    }
}

impl FromJson for PostView {
    fn from_json(v: &Value) -> Read<PostView> {
        let o = Obj::new(v, "struct PostView")?;
        Ok(PostView {
            uri: o.req("uri")?,
            author: o.req("author")?,
            record: o.req("record")?,
            indexed_at: o.opt("indexedAt")?,
            reply_count: o.opt("replyCount")?,
            repost_count: o.opt("repostCount")?,
            quote_count: o.opt("quoteCount")?,
            like_count: o.opt("likeCount")?,
        })
    }
}

impl FromJson for ProfileView {
    fn from_json(v: &Value) -> Read<ProfileView> {
        let o = Obj::new(v, "struct ProfileView")?;
        Ok(ProfileView { did: o.req("did")?, handle: o.req("handle")?, display_name: o.opt("displayName")?, avatar: o.opt("avatar")?, created_at: o.opt("createdAt")? })
    }
}

impl FromJson for Record {
    fn from_json(v: &Value) -> Read<Record> {
        let o = Obj::new(v, "struct Record")?;
        Ok(Record { text: o.opt("text")?, facets: o.opt("facets")?, reply: o.opt("reply")?, created_at: o.opt("createdAt")? })
    }
}

impl FromJson for ReplyRef {
    fn from_json(v: &Value) -> Read<ReplyRef> {
        let o = Obj::new(v, "struct ReplyRef")?;
        Ok(ReplyRef { root: o.opt("root")?, parent: o.opt("parent")? })
    }
}

impl FromJson for StrongRef {
    fn from_json(v: &Value) -> Read<StrongRef> {
        Ok(StrongRef { uri: Obj::new(v, "struct StrongRef")?.req("uri")? })
    }
}

impl FromJson for Facet {
    fn from_json(v: &Value) -> Read<Facet> {
        let o = Obj::new(v, "struct Facet")?;
        Ok(Facet { index: o.opt("index")?, features: o.opt("features")? })
    }
}

impl FromJson for ByteSlice {
    fn from_json(v: &Value) -> Read<ByteSlice> {
        let o = Obj::new(v, "struct ByteSlice")?;
        Ok(ByteSlice { byte_start: o.opt("byteStart")?, byte_end: o.opt("byteEnd")? })
    }
}

impl FromJson for Feature {
    fn from_json(v: &Value) -> Read<Feature> {
        let o = Obj::new(v, "struct Feature")?;
        Ok(Feature { kind: o.opt("$type")?, uri: o.opt("uri")?, did: o.opt("did")?, tag: o.opt("tag")? })
    }
}

impl FromJson for XrpcError {
    fn from_json(v: &Value) -> Read<XrpcError> {
        let o = Obj::new(v, "struct XrpcError")?;
        Ok(XrpcError { error: o.req("error")?, message: o.opt("message")? })
    }
}

/// Whether a JSON value is a `getPostThread` response.
pub fn looks_like(v: &Value) -> bool {
    let Some(t) = v.get("thread") else { return false };
    t.get("$type").and_then(Value::as_str).is_some_and(|k| k.starts_with("app.bsky.feed.defs#"))
        || t.get("post").and_then(|p| p.get("uri")).and_then(Value::as_str).is_some_and(|u| u.starts_with("at://"))
}

/// Each input (a `getPostThread` response) as one thread.
pub fn import(inputs: &[&str]) -> Result<Vec<Thread>, String> {
    if inputs.is_empty() {
        return Err("nothing to import".into());
    }
    inputs.iter().enumerate().map(|(n, text)| one(text).map_err(|e| read::input_error(n, ": ", &e))).collect()
}

/// A post, or the place of one that is gone, in the order of the thread.
/// `above` is the post it stands under in the tree (the answered post
/// when a record does not say which).
enum Entry {
    Post { post: Box<PostView>, above: Option<String> },
    Gone { uri: String, blocked: bool, above: Option<String> },
}

impl Entry {
    fn uri(&self) -> &str {
        match self {
            Entry::Post { post, .. } => &post.uri,
            Entry::Gone { uri, .. } => uri,
        }
    }

    fn set_above(&mut self, uri: Option<String>) {
        match self {
            Entry::Post { above, .. } | Entry::Gone { above, .. } => *above = uri,
        }
    }
}

fn one(text: &str) -> Result<Thread, String> {
    let v = read::parse(text).map_err(|e| concat(&["not JSON: ", &e]))?;
    if v.get("thread").is_none() {
        if let Ok(e) = XrpcError::from_json(&v) {
            let mut s = concat(&["a Bluesky error, not a thread: ", &e.error]);
            if let Some(m) = e.message {
                s.push_str(": ");
                s.push_str(&m);
            }
            return Err(s);
        }
    }
    let r: Response = read::from_value(&v, text).map_err(|e| concat(&["not a Bluesky post thread (app.bsky.feed.getPostThread): ", &e]))?;
    let main = match r.thread {
        Node::View(v) => *v,
        Node::NotFound(g) => return Err(concat(&["the post is not found: ", &g.uri])),
        Node::Blocked(g) => return Err(concat(&["the post is blocked: ", &g.uri])),
        Node::Other => return Err("the thread is not a post (an unknown $type)".into()),
    };
    let View { post, parent, replies } = main;

    // Ancestors, nearest first, then turned around: the root leads.
    let mut entries = Vec::new();
    let mut up = parent;
    while let Some(node) = up.take() {
        match *node {
            Node::View(v) => {
                let View { post, parent, .. } = *v;
                entries.push(Entry::Post { post: Box::new(post), above: None });
                up = parent;
            }
            Node::NotFound(g) => entries.push(Entry::Gone { uri: g.uri, blocked: false, above: None }),
            Node::Blocked(g) => entries.push(Entry::Gone { uri: g.uri, blocked: true, above: None }),
            Node::Other => {}
        }
    }
    entries.reverse();
    for i in 1..entries.len() {
        let above = entries[i - 1].uri().to_owned();
        entries[i].set_above(Some(above));
    }
    let root_uri = post.record.reply.as_ref().and_then(|r| r.root.as_ref()).map(|r| r.uri.clone());
    let main_uri = post.uri.clone();
    entries.push(Entry::Post { post: Box::new(post), above: entries.last().map(|e| e.uri().to_owned()) });

    // Replies in pre-order: the stack holds what is still to visit, the next on top,
    // each with the post it hangs under.
    let mut stack: Vec<(Node, String)> = replies.into_iter().rev().map(|n| (n, main_uri.clone())).collect();
    while let Some((node, above)) = stack.pop() {
        match node {
            Node::View(v) => {
                let View { post, replies, .. } = *v;
                let uri = post.uri.clone();
                entries.push(Entry::Post { post: Box::new(post), above: Some(above) });
                stack.extend(replies.into_iter().rev().map(|n| (n, uri.clone())));
            }
            Node::NotFound(g) | Node::Blocked(g) if g.replies.is_empty() => {}
            node @ (Node::NotFound(_) | Node::Blocked(_)) => {
                let (g, blocked) = match node {
                    Node::Blocked(g) => (g, true),
                    Node::NotFound(g) => (g, false),
                    _ => unreachable!(),
                };
                stack.extend(g.replies.into_iter().rev().map(|n| (n, g.uri.clone())));
                entries.push(Entry::Gone { uri: g.uri, blocked, above: Some(above) });
            }
            Node::Other => {}
        }
    }

    let mut b = Builder::new("Bluesky", Format::Html);
    // The root: the post the records name as root, else the first of the file.
    let root_uri = root_uri.unwrap_or_else(|| entries[0].uri().to_owned());
    let posts = || entries.iter().filter_map(|e| if let Entry::Post { post, .. } = e { Some(post) } else { None });
    let root = posts().find(|p| p.uri == root_uri);
    let title = root.or_else(|| posts().find(|p| !p.record.text.trim().is_empty()));
    let page = address(&root_uri, root.map(|p| p.author.handle.as_str()));
    b.head(title.map(|p| shorten(&p.record.text, 80)), Some(page.clone()));
    let missing = not_held(&entries);

    for e in entries {
        match e {
            Entry::Post { post: p, above } => {
                if b.has(&p.uri) {
                    continue;
                }
                let a = &p.author;
                let author = b.author(&a.did, || Author {
                    name: a.display_name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| a.handle.clone()),
                    handle: Some(concat(&["@", &a.handle])),
                    avatar: a.avatar.clone(),
                    url: Some(concat(&[SITE, "/profile/", profile(a)])),
                    joined: a.created_at.as_deref().and_then(day_of),
                    ..Author::default()
                });
                let reply_to = answers(&p, above.as_deref()).map(str::to_owned);
                let reposts = match (p.repost_count, p.quote_count) {
                    (None, None) => None,
                    (r, q) => Some(r.unwrap_or(0) + q.unwrap_or(0)),
                };
                b.post(author, PostIn {
                    url: Some(address(&p.uri, Some(&a.handle))),
                    id: p.uri,
                    created: p.record.created_at.or(p.indexed_at),
                    body: body(&p.record.text, &p.record.facets),
                    format: Format::Html,
                    reply_to,
                    counts: Counts { replies: p.reply_count, reposts, likes: p.like_count, points: None },
                    ..PostIn::default()
                });
            }
            Entry::Gone { uri, blocked, above } => {
                if b.has(&uri) {
                    continue;
                }
                let name = if blocked { "[blocked]" } else { "[deleted]" };
                let author = b.author(name, || Author { name: name.to_owned(), ..Author::default() });
                b.post(author, PostIn {
                    url: Some(address(&uri, None)),
                    id: uri,
                    format: Format::Html,
                    reply_to: above,
                    deleted: Some(Deleted::Deleted),
                    ..PostIn::default()
                });
            }
        }
    }
    let mut t = b.finish()?;
    t.more = (missing > 0).then_some(More { posts: Some(missing), url: Some(page) });
    Ok(t)
}

/// The post a post answers: its record's parent, else the one it stands under.
fn answers<'a>(p: &'a PostView, above: Option<&'a str>) -> Option<&'a str> {
    p.record.reply.as_ref().and_then(|r| r.parent.as_ref()).map(|r| r.uri.as_str()).or(above)
}

/// The replies the posts' `replyCount`s count and the file does not hold
/// (each post once, as the thread takes it).
fn not_held(entries: &[Entry]) -> u64 {
    let mut seen: Vec<(&str, usize)> = entries.iter().enumerate().map(|(i, e)| (e.uri(), i)).collect();
    // The first of a repeated uri is the one the thread keeps.
    crate::sort::sort(&mut seen);
    seen.dedup_by(|b, a| a.0 == b.0);
    let parent = |e: &'_ Entry| match e {
        Entry::Post { post, above } => answers(post, above.as_deref()).map(str::to_owned),
        Entry::Gone { above, .. } => above.clone(),
    };
    let mut parents: Vec<String> = seen.iter().filter_map(|&(_, i)| parent(&entries[i])).collect();
    crate::sort::sort(&mut parents);
    let held = |uri: &str| (parents.partition_point(|p| p.as_str() <= uri) - parents.partition_point(|p| p.as_str() < uri)) as u64;
    seen.iter()
        .filter_map(|&(uri, i)| match &entries[i] {
            Entry::Post { post, .. } => post.reply_count.map(|n| n.saturating_sub(held(uri))),
            Entry::Gone { .. } => None,
        })
        .sum()
}

/// The profile path segment: the handle, or the DID when the handle does
/// not resolve (`handle.invalid`).
fn profile(a: &ProfileView) -> &str {
    if a.handle.is_empty() || a.handle == "handle.invalid" {
        &a.did
    } else {
        &a.handle
    }
}

/// A post's address on bsky.app from its `at://did/collection/rkey` URI:
/// under the handle when known, else under the DID.
fn address(uri: &str, handle: Option<&str>) -> String {
    let rest = uri.strip_prefix("at://").unwrap_or(uri);
    let mut parts = rest.split('/');
    let did = parts.next().unwrap_or("");
    let rkey = rest.rsplit('/').next().unwrap_or("");
    let who = handle.filter(|h| !h.is_empty() && *h != "handle.invalid").unwrap_or(did);
    concat(&[SITE, "/profile/", who, "/post/", rkey])
}

/// The record's text as HTML, its facets as links (see the module doc).
fn body(text: &str, facets: &[Facet]) -> String {
    // The facets that can be links, by their start, without overlaps.
    let links: Vec<(usize, usize, String)> = facets
        .iter()
        .filter_map(|f| {
            let (s, e) = (usize::try_from(f.index.byte_start).ok()?, usize::try_from(f.index.byte_end).ok()?);
            if s >= e || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                return None;
            }
            Some((s, e, f.features.iter().find_map(href)?))
        })
        .collect();
    // By start, facets in their order on ties (a stable sort), through the
    // wasm's one small sort (src/sort.rs) rather than another `sort_by_key`.
    let mut order: Vec<(usize, usize)> = links.iter().enumerate().map(|(i, l)| (l.0, i)).collect();
    crate::sort::sort(&mut order);
    let mut links = crate::sort::in_order(links, order.into_iter().map(|(_, i)| i));
    let mut end = 0;
    links.retain(|l| {
        let keep = l.0 >= end;
        if keep {
            end = l.1;
        }
        keep
    });
    let mut w = Writer { out: String::from("<p>"), newlines: 0, space: String::new(), started: false };
    let mut at = 0;
    for (s, e, href) in links {
        w.text(&text[at..s]);
        w.flush();
        w.out.push_str("<a href=\"");
        escape(&mut w.out, &href);
        w.out.push_str("\">");
        w.link_text(&text[s..e]);
        w.out.push_str("</a>");
        at = e;
    }
    w.text(&text[at..]);
    if !w.started {
        return String::new();
    }
    w.out.push_str("</p>");
    w.out
}

/// The address a facet feature links to, if it is a link.
fn href(f: &Feature) -> Option<String> {
    match f.kind.as_str() {
        "app.bsky.richtext.facet#link" => {
            let uri = f.uri.as_deref()?.trim();
            let scheme = uri.split_once(':')?.0.to_ascii_lowercase();
            (scheme == "http" || scheme == "https").then(|| uri.to_owned())
        }
        "app.bsky.richtext.facet#mention" => f.did.as_deref().filter(|d| d.starts_with("did:")).map(|d| concat(&[SITE, "/profile/", &encode(d)])),
        "app.bsky.richtext.facet#tag" => f.tag.as_deref().filter(|t| !t.is_empty()).map(|t| concat(&[SITE, "/hashtag/", &encode(t)])),
        _ => None,
    }
}

/// A path segment, percent-encoded (all but unreserved characters and `:`).
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:".contains(&b) {
            out.push(b as char);
        } else {
            super::address::push_percent(&mut out, b);
        }
    }
    out
}

/// Writes text as HTML: a line break `<br>`, a blank line (even one of
/// spaces) a new paragraph; breaks at the start and the end are dropped.
struct Writer {
    out: String,
    /// Line breaks seen and not written yet.
    newlines: usize,
    /// Spaces after the last of them, written with a `<br>`.
    space: String,
    /// Whether anything but breaks is written.
    started: bool,
}

impl Writer {
    fn text(&mut self, s: &str) {
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' | '\r' => {
                    self.newlines += 1;
                    self.space.clear();
                }
                c if self.newlines > 0 && c.is_whitespace() => self.space.push(c),
                c => {
                    self.flush();
                    let mut buf = [0; 4];
                    escape(&mut self.out, c.encode_utf8(&mut buf));
                }
            }
        }
    }

    /// Writes the breaks waiting before what comes next.
    fn flush(&mut self) {
        if self.newlines > 0 && self.started {
            if self.newlines >= 2 {
                self.out.push_str("</p><p>");
            } else {
                self.out.push_str("<br>");
                escape(&mut self.out, &self.space);
            }
        }
        self.newlines = 0;
        self.space.clear();
        self.started = true;
    }

    /// A link's text: its line breaks are `<br>`, never a new paragraph.
    fn link_text(&mut self, s: &str) {
        let mut first = true;
        for line in s.split('\n') {
            if !first {
                self.out.push_str("<br>");
            }
            first = false;
            escape(&mut self.out, line.strip_suffix('\r').unwrap_or(line));
        }
    }
}
