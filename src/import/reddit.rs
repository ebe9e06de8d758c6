//! Reddit: a comments page (`GET https://www.reddit.com/comments/:id.json`,
//! or `…/r/:sub/comments/:id/….json`), a JSON array of two Listings: the
//! link (`t3`), then its comments (`t1`), each with its `replies` (`""` or
//! another Listing) at every depth. One input, one thread: the link first,
//! then every comment in Reddit's order (each comment, then its replies),
//! each answering its `parent_id`. Ids are Reddit's fullnames (`t3_…`,
//! `t1_…`), so every `parent_id` names a post of the thread. Bodies are
//! Reddit's Markdown (`selftext`, `body`); a link post's root starts with a
//! Markdown link to its `url`. Reddit sends `&`, `<` and `>` in these texts
//! as `&amp;`, `&lt;` and `&gt;` (unless asked with `raw_json=1`): they are
//! decoded, so a `>` quote is a quote again.
//!
//! What the file does not hold is counted, not lost: Reddit cuts a big
//! thread short with `more` stubs (`kind: "more"`, with the `count` of
//! comments they stand for). A comment's `replies` count is every comment
//! beneath it, in the file or behind a stub at any depth below it (so a
//! stub's count goes to its parent and that post's ancestors); the link's
//! is Reddit's `num_comments`, the whole thread's. A "continue this thread"
//! stub (`count` 0, no children ids) says nothing of how many: it adds
//! nothing. The thread's `more` says what the file does not hold: the
//! stubs' counts added up (none when every stub is a "continue this
//! thread"), and the link's page to read all of it. A comment whose author deleted their account keeps its body
//! under the author "[deleted]"; one whose body is `[deleted]` or
//! `[removed]` keeps its place (it may have replies) as deleted or removed,
//! with an empty body.
//!
//! The walk over the tree is not recursive; the JSON is read to 128 levels of
//! nesting, four a reply level (about 30 reply levels; Reddit sends at most
//! 10), and a deeper file is an error that says so.
//!
//! Fields: `author` → name, `u/name` handle, `reddit.com/user/name` profile
//! (neither for "[deleted]"), `author_flair_text` → user title;
//! `created_utc` (Unix seconds) → created, `edited` when a time → edited,
//! `score` → points (left out when `score_hidden`), `permalink` → the
//! post's address (a comment without one: the link's page and its id);
//! the link's `title` and page → the thread's, its subreddit → the forum.
//! Left out: `ups`/`downs` (the score is what Reddit shows), awards,
//! `body_html` (the Markdown is the source), `distinguished`, `stickied`.

use std::rc::Rc;

use super::read::{self, wrong, FromJson, Obj, Read};
use super::{shorten, Builder, PostIn};
use crate::json::{Kind, Value};
use crate::markup::Format;
use crate::model::{self, Author, Counts, Deleted, Forum, Thread};

const SITE: &str = "https://www.reddit.com";

struct Listing {
    data: ListingData,
}

struct ListingData {
    children: Vec<Thing>,
}

/// A Listing's child, by its `kind`, with its `data`.
enum Thing {
    Link(Box<Link>),
    Comment(Box<Comment>),
    More(More),
}

struct Link {
    id: String,
    name: Option<String>,
    title: String,
    selftext: String,
    url: Option<String>,
    permalink: Option<String>,
    is_self: Option<bool>,
    subreddit: Option<String>,
    author: Option<String>,
    author_flair_text: Option<String>,
    created_utc: Option<f64>,
    edited: Edited,
    score: Option<i64>,
    hide_score: bool,
    num_comments: Option<u64>,
}

struct Comment {
    id: String,
    name: Option<String>,
    parent_id: Option<String>,
    body: String,
    permalink: Option<String>,
    author: Option<String>,
    author_flair_text: Option<String>,
    created_utc: Option<f64>,
    edited: Edited,
    score: Option<i64>,
    score_hidden: bool,
    replies: Replies,
}

struct More {
    count: u64,
}

/// `edited`: `false`, or when (Unix seconds); anything else is no time.
#[derive(Default)]
struct Edited(Option<f64>);

/// `replies`: `""` (none) or a Listing.
#[derive(Default)]
struct Replies(Option<Listing>);

impl FromJson for Listing {
    fn from_json(v: &Value) -> Read<Listing> {
        Ok(Listing { data: Obj::new(v, "struct Listing")?.req("data")? })
    }
}

impl FromJson for ListingData {
    fn from_json(v: &Value) -> Read<ListingData> {
        Ok(ListingData { children: Obj::new(v, "struct ListingData")?.req("children")? })
    }
}

impl FromJson for Thing {
    fn from_json(v: &Value) -> Read<Thing> {
        let o = Obj::new(v, "adjacently tagged enum Thing")?;
        let kind = o.member("kind")?;
        Ok(match kind.as_str() {
            Some("t3") => Thing::Link(o.req("data")?),
            Some("t1") => Thing::Comment(o.req("data")?),
            Some("more") => Thing::More(o.req("data")?),
            Some(k) => return Err(read::Error::new(format!("unknown variant {}, expected one of `t3`, `t1`, `more`", crate::error::quoted(k)), kind.pos)),
            None => return Err(wrong(kind, "variant identifier")),
        })
    }
}

impl FromJson for Link {
    fn from_json(v: &Value) -> Read<Link> {
        let o = Obj::new(v, "struct Link")?;
        Ok(Link {
            id: o.req("id")?,
            name: o.opt("name")?,
            title: o.opt("title")?,
            selftext: o.opt("selftext")?,
            url: o.opt("url")?,
            permalink: o.opt("permalink")?,
            is_self: o.opt("is_self")?,
            subreddit: o.opt("subreddit")?,
            author: o.opt("author")?,
            author_flair_text: o.opt("author_flair_text")?,
            created_utc: o.opt("created_utc")?,
            edited: o.opt("edited")?,
            score: o.opt("score")?,
            hide_score: o.opt("hide_score")?,
            num_comments: o.opt("num_comments")?,
        })
    }
}

impl FromJson for Comment {
    fn from_json(v: &Value) -> Read<Comment> {
        let o = Obj::new(v, "struct Comment")?;
        Ok(Comment {
            id: o.req("id")?,
            name: o.opt("name")?,
            parent_id: o.opt("parent_id")?,
            body: o.opt("body")?,
            permalink: o.opt("permalink")?,
            author: o.opt("author")?,
            author_flair_text: o.opt("author_flair_text")?,
            created_utc: o.opt("created_utc")?,
            edited: o.opt("edited")?,
            score: o.opt("score")?,
            score_hidden: o.opt("score_hidden")?,
            replies: o.opt("replies")?,
        })
    }
}

impl FromJson for More {
    fn from_json(v: &Value) -> Read<More> {
        Ok(More { count: Obj::new(v, "struct More")?.opt("count")? })
    }
}

impl FromJson for Edited {
    fn from_json(v: &Value) -> Read<Edited> {
        Ok(Edited(match v.kind {
            Kind::Int(_) | Kind::Float(_) => Some(f64::from_json(v)?),
            _ => None,
        }))
    }
}

impl FromJson for Replies {
    fn from_json(v: &Value) -> Read<Replies> {
        const EXPECTED: &str = "\"\" or a Listing of replies";
        match &v.kind {
            Kind::Null => Ok(Replies(None)),
            Kind::Str(s) if s.is_empty() => Ok(Replies(None)),
            Kind::Str(s) => Err(read::Error::new(format!("invalid value: string {}, expected {EXPECTED}", crate::error::quoted(s)), v.pos)),
            Kind::Object(_) => Listing::from_json(v).map(|l| Replies(Some(l))),
            _ => Err(wrong(v, EXPECTED)),
        }
    }
}

/// A comments page: two Listings, the link's and the comments'.
struct Page(Listing, Listing);

impl FromJson for Page {
    fn from_json(v: &Value) -> Read<Page> {
        match v.as_array() {
            Some([links, comments]) => Ok(Page(Listing::from_json(links)?, Listing::from_json(comments)?)),
            Some(a) => Err(read::Error::new(format!("invalid length {}, expected a tuple of size 2", a.len()), v.pos)),
            None => Err(wrong(v, "a tuple of size 2")),
        }
    }
}

/// Whether a JSON value is a Reddit comments page: two Listings, a link (`t3`) first.
pub fn looks_like(v: &Value) -> bool {
    let Some([link, _comments]) = v.as_array() else { return false };
    let first = link.get("data").and_then(|d| d.get("children")).and_then(Value::as_array).and_then(|c| c.first());
    link.get("kind").and_then(Value::as_str) == Some("Listing") && first.and_then(|c| c.get("kind")).and_then(Value::as_str) == Some("t3")
}

/// The comments pages of `inputs` as threads, one a page.
pub fn import(inputs: &[&str]) -> Result<Vec<Thread>, String> {
    if inputs.is_empty() {
        return Err("nothing to import".into());
    }
    inputs.iter().enumerate().map(|(n, text)| one(text).map_err(|e| format!("input {}: {e}", n + 1))).collect()
}

/// A post in the walk: its id and where its replies count goes.
struct Placed {
    id: String,
    parent: Option<usize>,
    hidden: u64,
}

fn one(text: &str) -> Result<Thread, String> {
    let Page(links, comments) = read::from_str(text).map_err(|e| format!("not a Reddit comments listing: {e}"))?;
    let link = links
        .data
        .children
        .into_iter()
        .find_map(|t| match t {
            Thing::Link(l) => Some(l),
            _ => None,
        })
        .ok_or("not a Reddit comments listing: the first Listing holds no link (t3)")?;
    let page = link.permalink.as_deref().map(|p| format!("{SITE}{p}")).unwrap_or_else(|| format!("{SITE}/comments/{}/", link.id));
    let root_id = link.name.clone().unwrap_or_else(|| format!("t3_{}", link.id));
    let mut b = Builder::new("Reddit", Format::Markdown);
    let title = unescape(&link.title);
    b.head(Some(if title.trim().is_empty() { format!("Reddit post {}", link.id) } else { shorten(&title, 300) }), Some(page.clone()));

    let mut body = String::new();
    if let Some(u) = link.url.as_deref().filter(|u| link.is_self == Some(false) && !u.is_empty()) {
        body = format!("[{}]({})\n\n", markdown_text(&title), markdown_url(&unescape(u)));
    }
    body.push_str(&unescape(&link.selftext));
    let op = author(&mut b, link.author.as_deref(), link.author_flair_text.as_deref());
    b.post(op, PostIn {
        id: root_id.clone(),
        created: link.created_utc.and_then(rfc3339),
        edited: link.edited.0.and_then(rfc3339),
        body,
        format: Format::Markdown,
        url: Some(page.clone()),
        counts: Counts { replies: link.num_comments, points: link.score.filter(|_| !link.hide_score), ..Counts::default() },
        ..PostIn::default()
    });

    // Pre-order without recursion: the stack holds what is still to visit, the next on top,
    // each with the index (in `placed`) of the post whose Listing held it.
    let mut placed = vec![Placed { id: root_id, parent: None, hidden: 0 }];
    let mut posts: Vec<(usize, Rc<Author>, PostIn)> = Vec::new();
    let mut stubs = 0usize;
    let mut stack: Vec<(Thing, usize)> = comments.data.children.into_iter().rev().map(|t| (t, 0)).collect();
    while let Some((thing, parent)) = stack.pop() {
        let mut c = match thing {
            Thing::More(m) => {
                placed[parent].hidden += m.count;
                stubs += 1;
                continue;
            }
            Thing::Link(_) => return Err("a link (t3) among the comments".into()),
            Thing::Comment(c) => c,
        };
        let me = placed.len();
        let id = c.name.clone().unwrap_or_else(|| format!("t1_{}", c.id));
        if let Some(r) = c.replies.0.take() {
            stack.extend(r.data.children.into_iter().rev().map(|t| (t, me)));
        }
        let name = c.author.clone().unwrap_or_else(|| "[deleted]".to_owned());
        let deleted = match (name.as_str(), c.body.trim()) {
            ("[deleted]", "[deleted]") => Some(Deleted::Deleted),
            (_, "[removed]") => Some(Deleted::Removed),
            _ => None,
        };
        let by = author(&mut b, Some(&name), c.author_flair_text.as_deref());
        let url = match &c.permalink {
            Some(p) => format!("{SITE}{p}"),
            None => format!("{}{}/", if page.ends_with('/') { page.clone() } else { format!("{page}/") }, c.id),
        };
        placed.push(Placed { id: id.clone(), parent: Some(parent), hidden: 0 });
        posts.push((me, by, PostIn {
            id,
            created: c.created_utc.and_then(rfc3339),
            edited: c.edited.0.and_then(rfc3339),
            body: if deleted.is_some() { String::new() } else { unescape(&c.body) },
            format: Format::Markdown,
            reply_to: Some(c.parent_id.clone().unwrap_or_else(|| placed[parent].id.clone())),
            url: Some(url),
            counts: Counts { points: c.score.filter(|_| !c.score_hidden), ..Counts::default() },
            deleted,
        }));
    }
    // Every post after its parent: from the last, each adds itself and what stands under it to its parent.
    let mut under = vec![0u64; placed.len()];
    for i in (1..placed.len()).rev() {
        under[i] += placed[i].hidden;
        if let Some(p) = placed[i].parent {
            under[p] += 1 + under[i];
        }
    }
    for (me, author, mut p) in posts {
        p.counts.replies = Some(under[me]).filter(|&n| n > 0);
        b.post(author, p);
    }
    let hidden: u64 = placed.iter().map(|p| p.hidden).sum();
    let mut t = b.finish()?;
    // Any stub says the file is not all of it; "continue this thread" ones alone, not how much.
    t.more = (stubs > 0).then(|| model::More { posts: Some(hidden).filter(|&n| n > 0), url: Some(page) });
    t.forum = link.subreddit.filter(|s| !s.is_empty()).map(|s| Forum { url: Some(format!("{SITE}/r/{s}/")), name: format!("r/{s}") });
    Ok(t)
}

/// The author `name` ("[deleted]" when the account is gone: no handle, no profile).
fn author(b: &mut Builder, name: Option<&str>, flair: Option<&str>) -> Rc<Author> {
    let name = name.filter(|n| !n.is_empty()).unwrap_or("[deleted]");
    let gone = name == "[deleted]";
    b.author(name, || Author {
        name: name.to_owned(),
        handle: (!gone).then(|| format!("u/{name}")),
        url: (!gone).then(|| format!("{SITE}/user/{name}")),
        title: flair.map(unescape).filter(|f| !f.trim().is_empty()),
        ..Author::default()
    })
}

/// Reddit's text as written: `&lt;`, `&gt;` and `&amp;` (the only entities it adds) decoded, in one pass.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let (c, n) = if rest.starts_with("&lt;") {
            ('<', 4)
        } else if rest.starts_with("&gt;") {
            ('>', 4)
        } else if rest.starts_with("&amp;") {
            ('&', 5)
        } else {
            ('&', 1)
        };
        out.push(c);
        rest = &rest[n..];
    }
    out.push_str(rest);
    out
}

/// Text for a Markdown link's text: `\`, `[` and `]` escaped.
fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A URL for a Markdown link's destination: spaces, parentheses and angle brackets percent-encoded.
fn markdown_url(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c => out.push(c),
        }
    }
    out
}

/// Unix seconds as an RFC 3339 date-time in UTC (`2013-04-15T16:44:39Z`); none outside years 0 to 9999.
fn rfc3339(t: f64) -> Option<String> {
    if !t.is_finite() || t.abs() > 1e12 {
        return None;
    }
    let s = t.floor() as i64;
    let (days, secs) = (s.div_euclid(86_400), s.rem_euclid(86_400));
    // Days since 1970-01-01 → the proleptic Gregorian date (H. Hinnant's civil_from_days).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    if !(0..=9999).contains(&year) {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_become_rfc_3339() {
        assert_eq!(rfc3339(0.0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(rfc3339(1_366_044_279.0).as_deref(), Some("2013-04-15T16:44:39Z"));
        assert_eq!(rfc3339(951_782_400.5).as_deref(), Some("2000-02-29T00:00:00Z"));
        assert_eq!(rfc3339(-1.0).as_deref(), Some("1969-12-31T23:59:59Z"));
        assert_eq!(rfc3339(253_402_300_799.0).as_deref(), Some("9999-12-31T23:59:59Z"));
        assert_eq!(rfc3339(253_402_300_800.0), None);
        assert_eq!(rfc3339(f64::NAN), None);
    }

    #[test]
    fn reddit_entities_are_decoded_once() {
        assert_eq!(unescape("&gt; a &amp;lt; b &lt;i&gt; & &quot;"), "> a &lt; b <i> & &quot;");
        assert_eq!(markdown_text("a [b] \\"), "a \\[b\\] \\\\");
        assert_eq!(markdown_url("https://x.org/a (b)"), "https://x.org/a%20%28b%29");
    }
}
