//! A [`Thread`] → thread JSON v1 text: the inverse of `Thread::from_json`
//! (what `thread-widget import` writes). Authors are written once, in
//! `users`, and referenced by key from their posts; a post's format is
//! written when it differs from the thread's. Reading the text back gives
//! the same thread (tested on every fixture and every import).

use std::rc::Rc;

use crate::json::string;
use crate::markup::Format;
use crate::model::{Author, Deleted, Thread};

/// The thread as pretty JSON text (two-space indent).
pub fn thread_json(t: &Thread) -> String {
    let mut w = W { out: String::with_capacity(256 + t.posts.iter().map(|p| p.body.len() + 160).sum::<usize>()), open: Vec::new() };
    w.begin(None, '{');
    w.num("version", t.version.max(1));
    w.opt_str("title", t.title.as_deref());
    w.opt_str("url", t.url.as_deref());
    w.opt_str("platform", t.platform.as_deref());
    if let Some(m) = &t.more {
        w.begin(Some("more"), '{');
        w.opt_num("posts", m.posts.map(|n| n as i64));
        w.opt_str("url", m.url.as_deref());
        w.end();
    }
    if let Some(f) = &t.forum {
        w.begin(Some("forum"), '{');
        w.str("name", &f.name);
        w.opt_str("url", f.url.as_deref());
        w.end();
    }
    w.str("format", format_name(t.format));

    // Authors by identity (the model shares one Rc per `users` entry) or
    // equal fields, keyed by name ("name (2)" for a second author of that name).
    let mut authors: Vec<(Rc<Author>, String)> = Vec::new();
    let mut keys: Vec<usize> = Vec::with_capacity(t.posts.len());
    for p in &t.posts {
        let at = match authors.iter().position(|(a, _)| Rc::ptr_eq(a, &p.author) || **a == *p.author) {
            Some(i) => i,
            None => {
                let mut key = p.author.name.clone();
                let mut n = 1;
                while authors.iter().any(|(_, k)| *k == key) {
                    n += 1;
                    key = format!("{} ({n})", p.author.name);
                }
                authors.push((p.author.clone(), key));
                authors.len() - 1
            }
        };
        keys.push(at);
    }
    w.begin(Some("users"), '{');
    for (a, key) in &authors {
        w.begin(Some(key), '{');
        author(&mut w, a);
        w.end();
    }
    w.end();

    w.begin(Some("posts"), '[');
    for (p, &k) in t.posts.iter().zip(&keys) {
        w.begin(None, '{');
        w.str("id", &p.id);
        w.num("number", p.number as i64);
        w.str("author", &authors[k].1);
        w.opt_str("created", p.created.as_ref().map(|d| d.text.as_str()));
        w.opt_str("edited", p.edited.as_ref().map(|d| d.text.as_str()));
        if p.format != t.format {
            w.str("format", format_name(p.format));
        }
        w.opt_str("reply_to", p.reply_to.as_deref());
        w.opt_str("url", p.url.as_deref());
        w.opt_num("replies", p.counts.replies.map(|n| n as i64));
        w.opt_num("reposts", p.counts.reposts.map(|n| n as i64));
        w.opt_num("likes", p.counts.likes.map(|n| n as i64));
        w.opt_num("points", p.counts.points);
        match p.deleted {
            Some(Deleted::Deleted) => w.raw("deleted", "true"),
            Some(Deleted::Removed) => w.str("deleted", "removed"),
            None => {}
        }
        w.str("body", &p.body);
        w.end();
    }
    w.end();

    if let Some(b) = &t.browsing {
        w.begin(Some("browsing"), '{');
        w.num("members", b.members as i64);
        w.num("guests", b.guests as i64);
        if !b.names.is_empty() {
            w.begin(Some("names"), '[');
            for n in &b.names {
                w.item_str(n);
            }
            w.end();
        }
        w.end();
    }
    if let Some(p) = &t.permissions {
        w.begin(Some("permissions"), '{');
        for (k, v) in [("new_threads", p.new_threads), ("replies", p.replies), ("attachments", p.attachments), ("edit_posts", p.edit_posts)] {
            if let Some(v) = v {
                w.raw(k, if v { "true" } else { "false" });
            }
        }
        w.end();
    }
    if let Some(p) = &t.page {
        w.begin(Some("page"), '{');
        w.num("first", p.first as i64);
        w.num("last", p.last as i64);
        w.num("total", p.total as i64);
        w.opt_str("next", p.next.as_deref());
        w.opt_str("prev", p.prev.as_deref());
        w.end();
    }
    w.end();
    w.out.push('\n');
    w.out
}

fn author(w: &mut W, a: &Author) {
    w.str("name", &a.name);
    w.opt_str("handle", a.handle.as_deref());
    w.opt_str("title", a.title.as_deref());
    w.opt_str("avatar", a.avatar.as_deref());
    w.opt_str("url", a.url.as_deref());
    w.opt_str("joined", a.joined.map(|d| d.machine()).as_deref());
    w.opt_str("last_online", a.last_online.as_ref().map(|d| d.text.as_str()));
    w.opt_str("location", a.location.as_deref());
    w.opt_num("posts", a.posts.map(|n| n as i64));
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Text => "text",
        Format::Bbcode => "bbcode",
        Format::Markdown => "markdown",
        Format::Html => "html",
    }
}

/// Pretty JSON out: the text so far, and for each object or array open,
/// whether it has a member yet and how it closes.
struct W {
    out: String,
    open: Vec<(bool, char)>,
}

impl W {
    /// A comma after the member before, a new line and the indent.
    fn sep(&mut self) {
        if let Some((any, _)) = self.open.last_mut() {
            if *any {
                self.out.push(',');
            }
            *any = true;
            self.out.push('\n');
            for _ in 0..self.open.len() {
                self.out.push_str("  ");
            }
        }
    }

    fn key(&mut self, k: &str) {
        self.sep();
        string(&mut self.out, k);
        self.out.push_str(": ");
    }

    /// Opens an object (`{`) or array (`[`): a member with `key`, or an array item.
    fn begin(&mut self, key: Option<&str>, open: char) {
        match key {
            Some(k) => self.key(k),
            None => self.sep(),
        }
        self.out.push(open);
        self.open.push((false, if open == '{' { '}' } else { ']' }));
    }

    fn end(&mut self) {
        let Some((any, close)) = self.open.pop() else { return };
        if any {
            self.out.push('\n');
            for _ in 0..self.open.len() {
                self.out.push_str("  ");
            }
        }
        self.out.push(close);
    }

    fn raw(&mut self, k: &str, v: &str) {
        self.key(k);
        self.out.push_str(v);
    }

    fn str(&mut self, k: &str, v: &str) {
        self.key(k);
        string(&mut self.out, v);
    }

    fn opt_str(&mut self, k: &str, v: Option<&str>) {
        if let Some(v) = v {
            self.str(k, v);
        }
    }

    fn num(&mut self, k: &str, v: i64) {
        self.raw(k, &v.to_string());
    }

    fn opt_num(&mut self, k: &str, v: Option<i64>) {
        if let Some(v) = v {
            self.num(k, v);
        }
    }

    fn item_str(&mut self, v: &str) {
        self.sep();
        string(&mut self.out, v);
    }
}

/// `thread` as page files of at most `size` posts each, in order: the first
/// is `{name}.json`, the others `{name}-2.json` and on, each linked to its
/// neighbours by `page.next` and `page.prev` (file names, which the widget
/// resolves against the file's own address). A thread of `size` posts or
/// fewer is one file with no `page`.
pub fn pages(thread: &Thread, size: usize, name: &str) -> Vec<(String, Thread)> {
    let size = size.max(1);
    let file = |k: usize| if k == 1 { format!("{name}.json") } else { format!("{name}-{k}.json") };
    if thread.posts.len() <= size {
        return vec![(file(1), thread.clone())];
    }
    let count = thread.posts.len().div_ceil(size);
    let total = thread.posts.len() as u64;
    thread
        .posts
        .chunks(size)
        .enumerate()
        .map(|(i, posts)| {
            let k = i + 1;
            let page = crate::model::Page {
                first: posts[0].number,
                last: posts[posts.len() - 1].number,
                total,
                next: (k < count).then(|| file(k + 1)),
                prev: (k > 1).then(|| file(k - 1)),
            };
            let t = Thread {
                version: thread.version,
                title: thread.title.clone(),
                url: thread.url.clone(),
                forum: thread.forum.clone(),
                format: thread.format,
                posts: posts.to_vec(),
                browsing: thread.browsing.clone(),
                permissions: thread.permissions.clone(),
                page: Some(page),
                platform: thread.platform.clone(),
                // The conversation beyond the whole thread: the same in every page file.
                more: thread.more.clone(),
            };
            (file(k), t)
        })
        .collect()
}
