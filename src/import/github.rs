//! GitHub (REST): an issue or pull request (`GET /repos/:o/:r/issues/:n`)
//! and/or its comments (`GET /repos/:o/:r/issues/:n/comments`, an array),
//! in any number of inputs. Comments go to the thread of their
//! `issue_url`: one thread an issue, the issue itself first when it is
//! given. Bodies are GitHub's Markdown (`body`), or its HTML when the
//! response has `body_html` (the `full+json` media type). GitHub's
//! comments do not answer one another: in either layout they follow the
//! issue in order, each answering it.
//!
//! Fields: `user.login` → name and `@login` handle, `avatar_url`,
//! `html_url` (or `github.com/login`), `author_association` → user title
//! ("Member"); `created_at`, a comment's `updated_at` when later → edited, `html_url`
//! (or the issue's page with `#issuecomment-ID`), `reactions.total_count`
//! → likes; the issue's `comments` → replies, and when the inputs hold
//! fewer of its comments (GitHub pages them, 30 by default and 100 at
//! most), the thread's `more`: how many are not there, and the issue's page.

use super::read::{self, FromJson, Obj, Read};
use super::{Builder, PostIn};
use crate::digits::{concat, count};
use crate::json::{Kind, Value};
use crate::markup::Format;
use crate::model::{Author, Counts, More, Thread};

struct User {
    login: String,
    avatar_url: Option<String>,
    html_url: Option<String>,
}

struct Reactions {
    total_count: Option<u64>,
}

struct Comment {
    id: u64,
    issue_url: String,
    html_url: Option<String>,
    body: Option<String>,
    body_html: Option<String>,
    user: Option<User>,
    created_at: Option<String>,
    updated_at: Option<String>,
    author_association: Option<String>,
    reactions: Option<Reactions>,
}

struct Issue {
    id: u64,
    url: String,
    html_url: Option<String>,
    title: Option<String>,
    body: Option<String>,
    body_html: Option<String>,
    user: Option<User>,
    created_at: Option<String>,
    author_association: Option<String>,
    reactions: Option<Reactions>,
    comments: Option<u64>,
}

impl FromJson for User {
    fn from_json(v: &Value) -> Read<User> {
        let o = Obj::new(v, "struct User")?;
        Ok(User { login: o.req("login")?, avatar_url: o.opt("avatar_url")?, html_url: o.opt("html_url")? })
    }
}

impl FromJson for Reactions {
    fn from_json(v: &Value) -> Read<Reactions> {
        Ok(Reactions { total_count: Obj::new(v, "struct Reactions")?.opt("total_count")? })
    }
}

impl FromJson for Comment {
    fn from_json(v: &Value) -> Read<Comment> {
        let o = Obj::new(v, "struct Comment")?;
        Ok(Comment {
            id: o.req("id")?,
            issue_url: o.req("issue_url")?,
            html_url: o.opt("html_url")?,
            body: o.opt("body")?,
            body_html: o.opt("body_html")?,
            user: o.opt("user")?,
            created_at: o.opt("created_at")?,
            updated_at: o.opt("updated_at")?,
            author_association: o.opt("author_association")?,
            reactions: o.opt("reactions")?,
        })
    }
}

impl FromJson for Issue {
    fn from_json(v: &Value) -> Read<Issue> {
        let o = Obj::new(v, "struct Issue")?;
        Ok(Issue {
            id: o.req("id")?,
            url: o.req("url")?,
            html_url: o.opt("html_url")?,
            title: o.opt("title")?,
            body: o.opt("body")?,
            body_html: o.opt("body_html")?,
            user: o.opt("user")?,
            created_at: o.opt("created_at")?,
            author_association: o.opt("author_association")?,
            reactions: o.opt("reactions")?,
            comments: o.opt("comments")?,
        })
    }
}

/// Whether a JSON value is an issue, or an array of issue comments.
pub(super) fn looks_like(v: &Value) -> bool {
    let comment = |c: &Value| c.get("issue_url").is_some() && c.get("user").is_some();
    match &v.kind {
        Kind::Array(a) => a.first().is_some_and(comment),
        _ => v.get("number").is_some() && v.get("user").is_some() && v.get("url").and_then(Value::as_str).is_some_and(|u| u.contains("/issues/")),
    }
}

/// The issues and comments of `inputs` as threads, one an issue.
pub fn import(inputs: &[&str]) -> Result<Vec<Thread>, String> {
    let (mut issues, mut comments) = (Vec::new(), Vec::new());
    for (n, text) in inputs.iter().enumerate() {
        let v = read::parse(text).map_err(|e| read::input_error(n, ": not JSON: ", &e))?;
        if let Kind::Array(_) = v.kind {
            let c: Vec<Comment> = read::from_value(&v, text).map_err(|e| read::input_error(n, ": not an array of GitHub issue comments: ", &e))?;
            comments.extend(c);
        } else {
            let i: Issue = read::from_value(&v, text).map_err(|e| read::input_error(n, ": not a GitHub issue or comments: ", &e))?;
            issues.push(i);
        }
    }
    // The threads in the order their issue or first comment came.
    let mut keys: Vec<String> = issues.iter().map(|i| i.url.clone()).collect();
    for c in &comments {
        if !keys.contains(&c.issue_url) {
            keys.push(c.issue_url.clone());
        }
    }
    if keys.is_empty() {
        return Err("no issue and no comments".into());
    }
    let mut threads = Vec::new();
    for key in keys {
        let issue = issues.iter().find(|i| i.url == key);
        let page = issue.and_then(|i| i.html_url.clone()).unwrap_or_else(|| web_page(&key));
        let mut b = Builder::new("GitHub", Format::Markdown);
        let number = key.rsplit('/').next().unwrap_or("").to_owned();
        let title = issue.and_then(|i| i.title.clone()).unwrap_or_else(|| concat(&["Issue #", &number]));
        b.head(Some(title), Some(page.clone()));
        let root_id = issue.map(|i| count(i.id));
        if let Some(i) = issue {
            let author = author(&mut b, i.user.as_ref(), i.author_association.as_deref());
            let (body, format) = body(i.body_html.as_deref(), i.body.as_deref());
            b.post(author, PostIn {
                id: count(i.id),
                // An issue's updated_at moves with every comment and label: not an edit.
                created: i.created_at.clone(),
                body,
                format,
                url: Some(page.clone()),
                counts: Counts { replies: i.comments, likes: likes(&i.reactions), ..Counts::default() },
                ..PostIn::default()
            });
        }
        let mut read = 0u64;
        for c in comments.iter().filter(|c| c.issue_url == key) {
            if b.has(&count(c.id)) {
                continue;
            }
            read += 1;
            let author = author(&mut b, c.user.as_ref(), c.author_association.as_deref());
            let (body, format) = body(c.body_html.as_deref(), c.body.as_deref());
            b.post(author, PostIn {
                id: count(c.id),
                created: c.created_at.clone(),
                edited: later(c.created_at.as_deref(), c.updated_at.as_deref()),
                body,
                format,
                reply_to: root_id.clone(),
                url: Some(c.html_url.clone().unwrap_or_else(|| concat(&[&page, "#issuecomment-", &count(c.id)]))),
                counts: Counts { likes: likes(&c.reactions), ..Counts::default() },
                ..PostIn::default()
            });
        }
        let mut t = b.finish()?;
        // The issue counts its comments: those the inputs do not hold are on its page.
        let missing = issue.and_then(|i| i.comments).map_or(0, |n| n.saturating_sub(read));
        t.more = (missing > 0).then_some(More { posts: Some(missing), url: Some(page) });
        threads.push(t);
    }
    Ok(threads)
}

/// `https://api.github.com/repos/o/r/issues/n` → `https://github.com/o/r/issues/n`.
fn web_page(api: &str) -> String {
    match api.split_once("api.github.com/repos/") {
        Some((_, rest)) => concat(&["https://github.com/", rest]),
        None => api.to_owned(),
    }
}

fn author(b: &mut Builder, user: Option<&User>, association: Option<&str>) -> std::rc::Rc<Author> {
    let Some(u) = user else { return b.author("\u{0}ghost", || Author { name: "ghost".into(), ..Author::default() }) };
    // GitHub shows these beside a name; NONE says nothing.
    let title = match association {
        Some("OWNER") => Some("Owner"),
        Some("MEMBER") => Some("Member"),
        Some("COLLABORATOR") => Some("Collaborator"),
        Some("CONTRIBUTOR") => Some("Contributor"),
        _ => None,
    };
    b.author(&u.login, || Author {
        name: u.login.clone(),
        handle: Some(concat(&["@", &u.login])),
        title: title.map(str::to_owned),
        avatar: u.avatar_url.clone(),
        url: Some(u.html_url.clone().unwrap_or_else(|| concat(&["https://github.com/", &u.login]))),
        ..Author::default()
    })
}

/// The body as GitHub rendered it when the response has it, else its Markdown.
fn body(html: Option<&str>, markdown: Option<&str>) -> (String, Format) {
    match (html, markdown) {
        (Some(h), _) => (h.to_owned(), Format::Html),
        (None, m) => (m.unwrap_or("").replace("\r\n", "\n"), Format::Markdown),
    }
}

fn likes(r: &Option<Reactions>) -> Option<u64> {
    r.as_ref().and_then(|r| r.total_count).filter(|&n| n > 0)
}

/// `updated` when it is not `created` (GitHub sets both at once).
fn later(created: Option<&str>, updated: Option<&str>) -> Option<String> {
    updated.filter(|u| Some(*u) != created).map(str::to_owned)
}
