//! Other platforms' threads → [`Thread`]s (`thread-widget import`; SPEC
//! section 6). Each platform is one module: a pure function from the
//! platform's saved API responses (text) to threads, no I/O inside, read
//! field by field from the crate's own JSON tree ([`read`]). This module holds what they share: the sources,
//! detecting one from the text, and [`Builder`], which makes a valid thread
//! (authors once, posts numbered, checked by writing and reading it back).
//!
//! The platforms' APIs answer in JSON (Mastodon, Bluesky, Hacker News,
//! GitHub, Discourse, Reddit); the site exports are XML (Disqus,
//! WordPress), read by [`xml`], and hold many threads, with comments that
//! the site does not show ([`export`]).

pub mod address;
pub mod bluesky;
pub mod discourse;
#[cfg(feature = "import")]
pub mod disqus;
#[cfg(feature = "import")]
pub mod export;
pub mod github;
pub mod hackernews;
pub mod mastodon;
pub mod read;
pub mod reddit;
#[cfg(feature = "import")]
pub mod wordpress;
#[cfg(feature = "import")]
pub mod xml;

#[cfg(feature = "import")]
pub use export::Include;

/// What the exports keep besides what the site shows (no exports in this build).
#[cfg(not(feature = "import"))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Include {
    /// Comments waiting for moderation.
    pub pending: bool,
    /// Spam.
    pub spam: bool,
    /// Comments in the trash.
    pub trash: bool,
}

use std::rc::Rc;

use crate::digits::concat;
use crate::json::{Kind, Value};
use crate::markup::Format;
use crate::model::{parse_date_time, Author, Counts, Date, Deleted, Post, Thread};

/// Where a thread comes from (`--from`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A status and/or its `/api/v1/statuses/:id/context`, from any instance.
    Mastodon,
    /// An Algolia item tree (`hn.algolia.com/api/v1/items/:id`).
    HackerNews,
    /// An issue or pull request and/or its comments (REST).
    Github,
    /// `app.bsky.feed.getPostThread`.
    Bluesky,
    /// A `/comments/:id.json` listing pair.
    Reddit,
    /// `/t/:id.json` and/or `/t/:id/posts.json`.
    Discourse,
    /// The XML export of a Disqus site.
    Disqus,
    /// A WordPress WXR export.
    Wordpress,
}

impl Source {
    /// Every source, as `--from` names them.
    pub const ALL: [Source; 8] = [Source::Mastodon, Source::Bluesky, Source::HackerNews, Source::Github, Source::Discourse, Source::Reddit, Source::Disqus, Source::Wordpress];

    /// The `--from` name.
    pub fn name(self) -> &'static str {
        match self {
            Source::Mastodon => "mastodon",
            Source::HackerNews => "hackernews",
            Source::Github => "github",
            Source::Bluesky => "bluesky",
            Source::Reddit => "reddit",
            Source::Discourse => "discourse",
            Source::Disqus => "disqus",
            Source::Wordpress => "wordpress",
        }
    }

    /// The source a `--from` name names.
    pub fn from_name(name: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.name() == name.trim().to_ascii_lowercase())
    }
}

/// The source a saved response looks like, from its content.
pub fn detect(text: &str) -> Option<Source> {
    #[cfg(feature = "import")]
    if disqus::looks_like(text) {
        return Some(Source::Disqus);
    }
    #[cfg(feature = "import")]
    if wordpress::looks_like(text) {
        return Some(Source::Wordpress);
    }
    let v = crate::json::parse(text).ok()?;
    if mastodon::looks_like(&v) {
        return Some(Source::Mastodon);
    }
    if hackernews::looks_like(&v) {
        return Some(Source::HackerNews);
    }
    if github::looks_like(&v) {
        return Some(Source::Github);
    }
    if bluesky::looks_like(&v) {
        return Some(Source::Bluesky);
    }
    if reddit::looks_like(&v) {
        return Some(Source::Reddit);
    }
    if discourse::looks_like(&v) {
        return Some(Source::Discourse);
    }
    None
}

/// A thread as an import gives it: the thread, its id (the file's name)
/// and the keys a site finds it by in `index.json` (its page's address, an
/// identifier).
#[derive(Debug)]
pub struct Imported {
    /// The thread.
    pub thread: Thread,
    /// Its id on the platform: the first post's, or the export's thread id.
    pub id: String,
    /// Its address first, then any identifier the site knows it by.
    pub keys: Vec<String>,
}

impl Imported {
    /// A thread read from an API response: its id is its first post's, its key its address.
    fn of(thread: Thread) -> Imported {
        let id = thread.posts.first().map_or_else(String::new, |p| p.id.clone());
        let keys = thread.url.iter().cloned().collect();
        Imported { thread, id, keys }
    }
}

/// Reads the saved responses `inputs` (one file's text each: a status and
/// its context may come as two) of `source` (detected from the first when
/// `None`) into threads. Errors name the input and what was expected.
pub fn import(source: Option<Source>, inputs: &[&str]) -> Result<Vec<Thread>, String> {
    import_all(source, inputs, Include::default()).map(|v| v.into_iter().map(|i| i.thread).collect())
}

/// [`import`], with what the exports keep besides what the site shows, and
/// each thread's id and keys.
pub fn import_all(source: Option<Source>, inputs: &[&str], include: Include) -> Result<Vec<Imported>, String> {
    let first = inputs.first().ok_or("nothing to import")?;
    // An API's error object (saved instead of the response): say so, and whose it looks like.
    // (The Bluesky and Discourse readers say it in their own words.)
    if !matches!(source, Some(Source::Bluesky | Source::Discourse | Source::Disqus | Source::Wordpress)) {
        for (n, text) in inputs.iter().enumerate() {
            if let Some(e) = error_response(text) {
                return Err(read::input_error(n, ": ", &e));
            }
        }
    }
    let source = match source {
        Some(s) => s,
        None => detect(first).ok_or_else(|| {
            let names: Vec<&str> = Source::ALL.iter().map(|s| s.name()).collect();
            format!("cannot tell which platform this comes from: say it with --from ({})", names.join(", "))
        })?,
    };
    let one = |what: &str| -> Result<&str, String> {
        match inputs {
            [one] => Ok(one),
            _ => Err(format!("{what} is one input")),
        }
    };
    let threads = match source {
        Source::Mastodon => mastodon::import(inputs).map(|t| vec![t]),
        Source::HackerNews => hackernews::import(one("a Hacker News item tree")?).map(|t| vec![t]),
        Source::Github => github::import(inputs),
        Source::Bluesky => bluesky::import(inputs),
        Source::Reddit => reddit::import(inputs),
        Source::Discourse => discourse::import(inputs),
        #[cfg(feature = "import")]
        Source::Disqus => return disqus::import(one("a Disqus export")?, include),
        #[cfg(feature = "import")]
        Source::Wordpress => return wordpress::import(one("a WordPress export")?, include),
        #[cfg(not(feature = "import"))]
        Source::Disqus | Source::Wordpress => {
            let _ = include;
            Err("this build reads no XML exports (the command line's does)".to_owned())
        }
    }?;
    Ok(threads.into_iter().map(Imported::of).collect())
}

/// What an API's error object says, and whose shape it has, when `text` is
/// one (a small JSON object with an error message and no data):
/// GitHub's `{"message", "documentation_url"}`, Discourse's `{"errors":
/// [...], "error_type"}`, Bluesky's `{"error", "message"}`, Reddit's
/// `{"message", "error": 404}`, Mastodon's `{"error"}`.
pub fn error_response(text: &str) -> Option<String> {
    let (whose, what) = error_parts(text)?;
    Some(concat(&["an error response (", whose, " shape), not a thread: ", &what]))
}

/// [`error_response`]'s parts: whose shape (`"GitHub's"`) and what it says.
pub fn error_parts(text: &str) -> Option<(&'static str, String)> {
    if !text.trim_start().starts_with('{') || text.len() > 4096 {
        return None;
    }
    let v = crate::json::parse(text).ok()?;
    let Kind::Object(o) = &v.kind else { return None };
    let str_of = |k: &str| v.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    Some(if let (Some(m), Some(_)) = (str_of("message"), str_of("documentation_url")) {
        ("GitHub's", m.to_owned())
    } else if let Some(errors) = v.get("errors").and_then(Value::as_array) {
        let list: Vec<&str> = errors.iter().filter_map(Value::as_str).collect();
        let mut s = list.join("; ");
        if let Some(t) = str_of("error_type") {
            s.push_str(" (");
            s.push_str(t);
            s.push(')');
        }
        ("Discourse's", s)
    } else if let (Some(e), Some(m)) = (str_of("error"), str_of("message")) {
        ("Bluesky's", concat(&[e, ": ", m]))
    } else if let (Some(Kind::Int(code @ 0..)), Some(m)) = (v.get("error").map(|e| &e.kind), str_of("message")) {
        ("Reddit's", concat(&[m, " (", &crate::digits::int(*code), ")"]))
    } else if let (Some(e), true) = (str_of("error"), o.len() <= 2) {
        let mut s = e.to_owned();
        if let Some(d) = str_of("error_description") {
            s.push_str(": ");
            s.push_str(d);
        }
        ("Mastodon's", s)
    } else {
        return None;
    })
}

/// A post as an importer gives it to [`Builder::post`].
#[derive(Debug, Default)]
pub struct PostIn {
    /// The platform's id.
    pub id: String,
    /// An RFC 3339 date-time (left out when it is not one).
    pub created: Option<String>,
    /// Likewise.
    pub edited: Option<String>,
    /// The body, in `format`.
    pub body: String,
    /// The body's format.
    pub format: Format,
    /// The id of the post it answers.
    pub reply_to: Option<String>,
    /// The post on its home site.
    pub url: Option<String>,
    /// The counts the platform shows.
    pub counts: Counts,
    /// Deleted or removed.
    pub deleted: Option<Deleted>,
}

/// Builds one thread: authors shared by the platform's key, posts in order.
pub struct Builder {
    thread: Thread,
    authors: Vec<(String, Rc<Author>)>,
}

impl Builder {
    /// A thread from `platform` ("Mastodon"), with the given default format.
    pub fn new(platform: &str, format: Format) -> Builder {
        Builder {
            thread: Thread { version: 1, title: None, url: None, forum: None, format, posts: Vec::new(), browsing: None, permissions: None, page: None, platform: Some(platform.to_owned()), more: None },
            authors: Vec::new(),
        }
    }

    /// Sets the title and the thread's address.
    pub fn head(&mut self, title: Option<String>, url: Option<String>) {
        self.thread.title = title.filter(|t| !t.trim().is_empty());
        self.thread.url = url;
    }

    /// The author with the platform's `key`, made by `make` the first time.
    pub fn author(&mut self, key: &str, make: impl FnOnce() -> Author) -> Rc<Author> {
        if let Some((_, a)) = self.authors.iter().find(|(k, _)| k == key) {
            return a.clone();
        }
        let a = Rc::new(make());
        self.authors.push((key.to_owned(), a.clone()));
        a
    }

    /// Whether a post with this id is in already.
    pub fn has(&self, id: &str) -> bool {
        self.thread.posts.iter().any(|p| p.id == id)
    }

    /// Adds a post by `author`.
    pub fn post(&mut self, author: Rc<Author>, p: PostIn) {
        let number = self.thread.posts.len() as u64 + 1;
        self.thread.posts.push(Post {
            id: p.id,
            number,
            author,
            created: p.created.as_deref().and_then(parse_date_time),
            edited: p.edited.as_deref().and_then(parse_date_time),
            format: p.format,
            body: p.body,
            reply_to: p.reply_to,
            url: p.url,
            deleted: p.deleted,
            counts: p.counts,
        });
    }

    /// The thread. Natively (the CLI's `import`, every test) it is written
    /// as thread JSON and read back as `check` reads it, and must come back
    /// the same: a reader that builds what thread JSON cannot say, or says
    /// differently, is a bug found here. The browser's live build, whose
    /// readers are these same ones, takes the thread as built: the round
    /// trip (the thread JSON writer, and the parse and checks of thread
    /// files, which it has no other use for) cost it 12 KB gzip of wasm
    /// (docs/benchmarks.md, "The live build").
    pub fn finish(self) -> Result<Thread, String> {
        #[cfg(target_arch = "wasm32")]
        return Ok(self.thread);
        #[cfg(not(target_arch = "wasm32"))]
        {
            let text = crate::write::thread_json(&self.thread);
            let back = Thread::from_json(&text).map_err(|e| format!("the imported thread is not valid thread JSON (a bug): {e}"))?;
            if back != self.thread {
                return Err("the imported thread is not the same when written as thread JSON and read back (a bug)".into());
            }
            Ok(back)
        }
    }
}

/// The day of an RFC 3339 date-time, for an author's `joined`.
pub fn day_of(text: &str) -> Option<Date> {
    parse_date_time(text).map(|d| Date { year: d.year, month: d.month, day: Some(d.day) })
}

/// The text of an HTML fragment (tags dropped, entities decoded, blocks
/// apart, whitespace collapsed), cut to `max` characters with "…": a title
/// from a post.
pub fn plain_text(html: &str, max: usize) -> String {
    let body = crate::markup::parse(Format::Html, html);
    let mut out = String::new();
    crate::markup::text_of(&body, &mut out);
    shorten(&out, max)
}

/// Text with its whitespace collapsed, cut to `max` characters at a word with "…".
pub fn shorten(text: &str, max: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let text = words.join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a).trim_end_matches([',', '.', ':', ';']);
    concat(&[cut, "…"])
}

/// Text into HTML text and attribute values.
pub fn escape(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}
