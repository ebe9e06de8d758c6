//! Mastodon (any instance): a status (`GET /api/v1/statuses/:id`) and/or
//! its context (`GET /api/v1/statuses/:id/context`: `ancestors` and
//! `descendants`), in any number of inputs. Posts are the statuses, once
//! each, ancestors first, then the status, then its descendants (the API's
//! order: each reply after what it answers); bodies are Mastodon's `content`
//! HTML, a content warning (`spoiler_text`) before it in bold. A reply to a
//! status not in the inputs keeps its `reply_to` (the widget links it to
//! the thread's address).
//!
//! Fields: account `display_name` (or `username`) → name, `@acct` with the
//! instance → handle, `avatar`, `url`, `created_at` → joined,
//! `statuses_count` → posts; status `url` (or `uri`), `created_at`,
//! `edited_at`, `in_reply_to_id` → reply_to, `replies_count`,
//! `reblogs_count` → reposts, `favourites_count` → likes.
//!
//! A context is cut short (an anonymous request gets 60 descendants at
//! most): when a status is given on its own and its `replies_count` is more
//! than the replies to it that the inputs hold, the thread's `more` says how
//! many are not there, with the status's address to read them.

use super::read::{self, FromJson, Obj, Read};
use super::{day_of, escape, plain_text, shorten, Builder, PostIn};
use crate::digits::concat;
use crate::json::Value;
use crate::markup::Format;
use crate::model::{Author, Counts, More, Thread};

struct Account {
    id: String,
    username: String,
    acct: String,
    display_name: String,
    url: Option<String>,
    avatar: Option<String>,
    created_at: Option<String>,
    statuses_count: Option<u64>,
}

struct Status {
    id: String,
    created_at: String,
    edited_at: Option<String>,
    in_reply_to_id: Option<String>,
    url: Option<String>,
    uri: Option<String>,
    content: String,
    spoiler_text: String,
    replies_count: Option<u64>,
    reblogs_count: Option<u64>,
    favourites_count: Option<u64>,
    account: Account,
}

struct Context {
    ancestors: Vec<Status>,
    descendants: Vec<Status>,
}

impl FromJson for Account {
    fn from_json(v: &Value) -> Read<Account> {
        let o = Obj::new(v, "struct Account")?;
        Ok(Account {
            id: o.req("id")?,
            username: o.req("username")?,
            acct: o.req("acct")?,
            display_name: o.opt("display_name")?,
            url: o.opt("url")?,
            avatar: o.opt("avatar")?,
            created_at: o.opt("created_at")?,
            statuses_count: o.opt("statuses_count")?,
        })
    }
}

impl FromJson for Status {
    fn from_json(v: &Value) -> Read<Status> {
        let o = Obj::new(v, "struct Status")?;
        Ok(Status {
            id: o.req("id")?,
            created_at: o.req("created_at")?,
            edited_at: o.opt("edited_at")?,
            in_reply_to_id: o.opt("in_reply_to_id")?,
            url: o.opt("url")?,
            uri: o.opt("uri")?,
            content: o.opt("content")?,
            spoiler_text: o.opt("spoiler_text")?,
            replies_count: o.opt("replies_count")?,
            reblogs_count: o.opt("reblogs_count")?,
            favourites_count: o.opt("favourites_count")?,
            account: o.req("account")?,
        })
    }
}

impl FromJson for Context {
    fn from_json(v: &Value) -> Read<Context> {
        let o = Obj::new(v, "struct Context")?;
        Ok(Context { ancestors: o.req("ancestors")?, descendants: o.req("descendants")? })
    }
}

/// Whether a JSON value is a status or a context.
pub(super) fn looks_like(v: &Value) -> bool {
    let status = |v: &Value| v.get("account").is_some() && v.get("content").is_some() && v.get("visibility").is_some();
    (v.get("ancestors").is_some() && v.get("descendants").is_some()) || status(v)
}

/// The statuses of `inputs` (each a status or a context) as one thread.
pub fn import(inputs: &[&str]) -> Result<Thread, String> {
    let (mut before, mut main, mut after) = (Vec::new(), Vec::new(), Vec::new());
    // Whether a context is as full as Mastodon lets a visitor see (it may have been cut).
    let mut full = false;
    for (n, text) in inputs.iter().enumerate() {
        let v = read::parse(text).map_err(|e| read::input_error(n, ": not JSON: ", &e))?;
        if v.get("descendants").is_some() {
            let c: Context = read::from_value(&v, text).map_err(|e| read::input_error(n, ": not a Mastodon context: ", &e))?;
            full |= c.descendants.len() >= VISITOR_DESCENDANTS;
            before.extend(c.ancestors);
            after.extend(c.descendants);
        } else {
            let s: Status = read::from_value(&v, text).map_err(|e| read::input_error(n, ": not a Mastodon status or context: ", &e))?;
            main.push(s);
        }
    }
    // The replies each status given on its own counts and the inputs do not hold.
    let mut replies: Vec<(&str, &str)> = before.iter().chain(&main).chain(&after).filter_map(|s| Some((s.in_reply_to_id.as_deref()?, s.id.as_str()))).collect();
    crate::sort::sort(&mut replies);
    replies.dedup();
    let given = main.iter().enumerate().filter(|&(i, s)| main[..i].iter().all(|m| m.id != s.id)).map(|(_, s)| s);
    let missing: u64 = given.map(|s| s.replies_count.unwrap_or(0).saturating_sub(replies.iter().filter(|(to, _)| *to == s.id).count() as u64)).sum();
    let url = main.iter().find_map(|s| s.url.clone().or_else(|| s.uri.clone()));
    let more = if missing > 0 {
        Some(More { posts: Some(missing), url })
    } else {
        // A full context: how much was cut, Mastodon does not say.
        full.then_some(More { posts: None, url })
    };
    let statuses: Vec<Status> = before.into_iter().chain(main).chain(after).collect();
    let first = statuses.first().ok_or("no statuses: the context has no ancestors or descendants")?;
    let mut b = Builder::new("Mastodon", Format::Html);
    // The conversation's first status names it, and is its address.
    // (A content warning is plain text; the content is HTML.)
    let title = if first.spoiler_text.trim().is_empty() { plain_text(&first.content, 80) } else { shorten(&first.spoiler_text, 80) };
    b.head(Some(title), first.url.clone().or_else(|| first.uri.clone()));
    for s in statuses {
        if b.has(&s.id) {
            continue;
        }
        let a = &s.account;
        let author = b.author(&a.id, || Author {
            name: if a.display_name.trim().is_empty() { a.username.clone() } else { a.display_name.clone() },
            handle: Some(handle(a)),
            avatar: a.avatar.clone(),
            url: a.url.clone(),
            joined: a.created_at.as_deref().and_then(day_of),
            posts: a.statuses_count,
            ..Author::default()
        });
        let mut body = String::new();
        if !s.spoiler_text.trim().is_empty() {
            body.push_str("<p><strong>");
            escape(&mut body, &s.spoiler_text);
            body.push_str("</strong></p>");
        }
        body.push_str(&s.content);
        b.post(author, PostIn {
            id: s.id,
            created: Some(s.created_at),
            edited: s.edited_at,
            body,
            format: Format::Html,
            reply_to: s.in_reply_to_id,
            url: s.url.or(s.uri),
            counts: Counts { replies: s.replies_count, reposts: s.reblogs_count, likes: s.favourites_count, points: None },
            deleted: None,
        });
    }
    let mut t = b.finish()?;
    t.more = more;
    Ok(t)
}

/// The descendants Mastodon gives a request without a token at most
/// (`DESCENDANTS_LIMIT`, 20 levels deep; mastodon/mastodon,
/// app/controllers/api/v1/statuses_controller.rb): a context that full may
/// have been cut, and the thread says so (`more`, with no count).
pub const VISITOR_DESCENDANTS: usize = 60;

/// `@user@instance`: `acct` has the instance for remote accounts; a local
/// one's comes from its profile address.
fn handle(a: &Account) -> String {
    if a.acct.contains('@') {
        return concat(&["@", &a.acct]);
    }
    let host = a.url.as_deref().and_then(|u| u.split("://").nth(1)).and_then(|r| r.split('/').next()).filter(|h| !h.is_empty());
    match host {
        Some(h) => concat(&["@", &a.acct, "@", h]),
        None => concat(&["@", &a.acct]),
    }
}
