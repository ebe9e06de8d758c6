//! Disqus: the XML export of a site (Moderation → Export: `<disqus>` with
//! its `<category>`s, `<thread>`s and `<post>`s, each post naming its
//! thread, and its parent when it answers one, by `dsq:id`). One thread a
//! Disqus thread that has posts, its comments in the order they were
//! written; the thread's `<title>` and `<link>` (the page the comments are
//! on) head it. The file name is the thread's `dsq:id`; a site finds it in
//! `index.json` by the page's address or by its `disqus_identifier` (the
//! thread's `<id>`).
//!
//! Bodies are Disqus' `<message>` HTML. Spam is left out unless asked
//! (`--include spam`); a deleted post keeps its place as deleted, with no
//! text and no author (as Disqus shows it), and so does a left-out post
//! that a kept one answers (src/import/export.rs). A post whose thread is
//! not in the export goes to a thread of that id, with no title or link.
//!
//! Fields: `author/name` → name; `author/username` (not for anonymous
//! guests) → the profile `disqus.com/by/USERNAME/` and its avatar;
//! `createdAt` → created; the post's address is the page's with Disqus'
//! `#comment-ID` anchor. Never read: e-mail addresses and IP addresses
//! (older exports have them), which must not be published.

use std::collections::HashMap;

use super::export::{self, Comment, Include, Status};
use super::xml::{self, Element};
use super::{Builder, Imported, PostIn};
use crate::markup::Format;
use crate::model::Author;

/// Whether `text` looks like a Disqus export (its root element is `<disqus`).
pub(super) fn looks_like(text: &str) -> bool {
    root_name(text) == Some("disqus")
}

/// The name of the first element of an XML text, prefix and all.
pub(super) fn root_name(text: &str) -> Option<&str> {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?").or_else(|| rest.strip_prefix("<!--")).or_else(|| rest.strip_prefix("<!")) {
            let end = if rest.starts_with("<!--") { r.find("-->")? + 3 } else { r.find('>')? + 1 };
            rest = &r[end..];
            continue;
        }
        let r = rest.strip_prefix('<')?;
        let end = r.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
        return Some(&r[..end]);
    }
}

/// The `dsq:id` of an element, or of its child `name` (`<thread dsq:id="…"/>`).
fn dsq_id<'a>(el: &'a Element, name: Option<&str>) -> Option<&'a str> {
    let el = match name {
        Some(n) => el.child(n)?,
        None => el,
    };
    el.attr("dsq:id").map(str::trim).filter(|s| !s.is_empty())
}

fn is_true(el: &Element, name: &str) -> bool {
    el.text_of(name).is_some_and(|t| t.eq_ignore_ascii_case("true"))
}

/// Every thread of the export that has posts.
pub fn import(text: &str, include: Include) -> Result<Vec<Imported>, String> {
    let root = xml::parse(text).map_err(|e| format!("not a Disqus export: {e}"))?;
    if root.name != "disqus" {
        return Err(format!("not a Disqus export: the root element is <{}>, expected <disqus>", root.name));
    }
    // The threads by dsq:id, in the export's order.
    let mut threads: Vec<(&str, &Element, Vec<&Element>)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for t in root.all("thread") {
        let id = dsq_id(t, None).ok_or_else(|| format!("Disqus export: the <thread> at line {} has no dsq:id", t.line))?;
        if !at.contains_key(id) {
            at.insert(id, threads.len());
            threads.push((id, t, Vec::new()));
        }
    }
    let orphan = Element::default();
    for p in root.all("post") {
        let thread = dsq_id(p, Some("thread")).ok_or_else(|| format!("Disqus export: the <post> at line {} names no <thread dsq:id>", p.line))?;
        dsq_id(p, None).ok_or_else(|| format!("Disqus export: the <post> at line {} has no dsq:id", p.line))?;
        let i = *at.entry(thread).or_insert_with(|| {
            threads.push((thread, &orphan, Vec::new()));
            threads.len() - 1
        });
        threads[i].2.push(p);
    }
    let mut out = Vec::new();
    for (id, t, mut posts) in threads {
        if posts.is_empty() {
            continue;
        }
        // The order they were written (RFC 3339 UTC text sorts as time), the export's for ties.
        posts.sort_by(|a, b| a.text_of("createdAt").cmp(&b.text_of("createdAt")));
        let link = t.text_of("link").map(str::to_owned);
        let mut b = Builder::new("Disqus", Format::Html);
        b.head(t.text_of("title").map(str::to_owned), link.clone());
        let comments = posts.iter().map(|p| comment(p, link.as_deref())).collect();
        export::add(&mut b, comments, include);
        let mut keys: Vec<String> = link.into_iter().collect();
        keys.extend(t.text_of("id").map(str::to_owned));
        out.push(Imported { thread: b.finish()?, id: id.to_owned(), keys });
    }
    Ok(out)
}

fn comment(p: &Element, page: Option<&str>) -> Comment {
    let id = dsq_id(p, None).unwrap_or_default().to_owned();
    let a = p.child("author");
    let name = a.and_then(|a| a.text_of("name")).unwrap_or("Guest").to_owned();
    let anonymous = a.is_some_and(|a| is_true(a, "isAnonymous"));
    let username = a.and_then(|a| a.text_of("username")).filter(|_| !anonymous).map(str::to_owned);
    let key = username.clone().map_or_else(|| format!("\u{0}guest:{name}"), |u| format!("user:{u}"));
    let author = Author {
        url: username.as_ref().map(|u| format!("https://disqus.com/by/{u}/")),
        avatar: username.as_ref().map(|u| format!("https://disqus.com/api/users/avatars/{u}.jpg")),
        name,
        ..Author::default()
    };
    let status = if is_true(p, "isSpam") {
        Status::Spam
    } else if is_true(p, "isDeleted") {
        Status::Deleted
    } else {
        Status::Shown
    };
    Comment {
        status,
        author: (key, author),
        post: PostIn {
            url: page.map(|u| format!("{}#comment-{id}", u.split('#').next().unwrap_or(u))),
            created: p.text_of("createdAt").map(str::to_owned),
            body: p.child("message").map(|m| m.text.trim().to_owned()).unwrap_or_default(),
            format: Format::Html,
            reply_to: dsq_id(p, Some("parent")).map(str::to_owned),
            id,
            ..PostIn::default()
        },
    }
}
