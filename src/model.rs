//! Thread JSON, schema version 1: the model and its validation.
//!
//! [`Thread::from_json`] parses text and reports every problem it finds, each
//! with its JSON path and its line and column; [`Thread::from_value`] does the
//! same for a value that came without text, without positions. Text is read
//! by one parser and validator, [`Sliced`], in slices (long threads in the
//! browser) or in one go (`from_json`, [`Thread::from_text`]).
//!
//! Here: the model's types and the validation (`Check`, with its paths and
//! positions); `date.rs` the dates; `sliced.rs` the sliced parse; `tests.rs`
//! the unit tests.

use std::rc::Rc;

use crate::digits::{concat, int, push_count};
use crate::error::{line_column, quoted, Error, ErrorKind, Errors};
use crate::json::{self, Kind, Value, NO_POS};
use crate::markup::Format;

/// The highest schema version this widget reads.
pub const VERSION: i64 = 1;

/// A thread (or one page file of a longer thread).
#[derive(Debug, Clone, PartialEq)]
pub struct Thread {
    /// Schema version (1).
    pub version: i64,
    /// The thread's title.
    pub title: Option<String>,
    /// The thread on its home site.
    pub url: Option<String>,
    /// The forum it belongs to (breadcrumb).
    pub forum: Option<Forum>,
    /// Default body format.
    pub format: Format,
    /// The posts, in file order.
    pub posts: Vec<Post>,
    /// Who is reading the thread.
    pub browsing: Option<Browsing>,
    /// What the reader may do.
    pub permissions: Option<Permissions>,
    /// Where this file sits in a longer thread.
    pub page: Option<Page>,
    /// The platform or site the thread lives on ("Mastodon"), for "Reply on Mastodon".
    pub platform: Option<String>,
    /// The conversation is larger than what the file holds (the platform cut it).
    pub more: Option<More>,
}

/// What the file does not hold of a conversation that its platform cut
/// short (a context limit, a depth, paging bounds, Reddit's `more` stubs):
/// the widget says so, with a link to all of it on the platform.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct More {
    /// How many posts of the conversation the file does not hold, when known.
    pub posts: Option<u64>,
    /// Where to read all of it (else the thread's `url`).
    pub url: Option<String>,
}

/// The forum a thread belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Forum {
    /// Its name.
    pub name: String,
    /// Its address.
    pub url: Option<String>,
}

/// The author of a post, as shown on the author card.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Author {
    /// Display name.
    pub name: String,
    /// User title ("Thailand Expat").
    pub title: Option<String>,
    /// Avatar image URL.
    pub avatar: Option<String>,
    /// Profile URL.
    pub url: Option<String>,
    /// When they joined.
    pub joined: Option<Date>,
    /// When they were last online.
    pub last_online: Option<DateTime>,
    /// Where they are.
    pub location: Option<String>,
    /// How many posts they have written.
    pub posts: Option<u64>,
    /// Their handle on the platform, shown as given ("@name@instance", "@user.bsky.social", "u/name").
    pub handle: Option<String>,
}

/// One post.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// Unique id (integers are kept as their decimal text).
    pub id: String,
    /// The number shown on the post ("#4").
    pub number: u64,
    /// Who wrote it (shared between posts that name the same `users` key).
    pub author: Rc<Author>,
    /// When it was written.
    pub created: Option<DateTime>,
    /// When it was last edited.
    pub edited: Option<DateTime>,
    /// Its body format.
    pub format: Format,
    /// Its body, in that format.
    pub body: String,
    /// The post it answers.
    pub reply_to: Option<String>,
    /// The post's own address on its home site.
    pub url: Option<String>,
    /// Whether it was deleted (its place is kept, its body not shown).
    pub deleted: Option<Deleted>,
    /// The counts its platform shows (replies, reposts, likes, points).
    pub counts: Counts,
}

/// How a post left its thread: it keeps its place, with a note instead of its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deleted {
    /// Deleted (`"deleted": true`): by its author, or no longer there.
    Deleted,
    /// Removed by moderators (`"deleted": "removed"`).
    Removed,
}

/// The counts a platform shows under a post; absent ones are not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Replies the platform counts (may be more than the file holds).
    pub replies: Option<u64>,
    /// Reposts (Mastodon's boosts, Bluesky's reposts).
    pub reposts: Option<u64>,
    /// Likes (favourites, reactions).
    pub likes: Option<u64>,
    /// Points of a vote score (Hacker News, Reddit); may be negative.
    pub points: Option<i64>,
}

/// The "users browsing this thread" footer.
#[derive(Debug, Clone, PartialEq)]
pub struct Browsing {
    /// Signed-in readers.
    pub members: u64,
    /// Anonymous readers.
    pub guests: u64,
    /// Names of the members, when given.
    pub names: Vec<String>,
}

/// The "posting permissions" list; absent entries are left out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Permissions {
    /// May post new threads.
    pub new_threads: Option<bool>,
    /// May post replies.
    pub replies: Option<bool>,
    /// May post attachments.
    pub attachments: Option<bool>,
    /// May edit their posts.
    pub edit_posts: Option<bool>,
}

/// Where this file sits in a thread split into page files.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Number of the first post in this file.
    pub first: u64,
    /// Number of the last post in this file.
    pub last: u64,
    /// Posts in the whole thread.
    pub total: u64,
    /// URL of the next page file.
    pub next: Option<String>,
    /// URL of the previous page file.
    pub prev: Option<String>,
}

/// Collects errors while walking a document.
struct Check<'t> {
    text: Option<&'t str>,
    errors: Vec<Error>,
}

/// A JSON path under construction: `posts[3].author`.
fn key_path(parent: &str, key: &str) -> String {
    let plain = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') && !key.as_bytes()[0].is_ascii_digit();
    match (parent.is_empty(), plain) {
        (true, true) => key.to_owned(),
        (false, true) => concat(&[parent, ".", key]),
        (_, false) => concat(&[parent, "[", &quoted(key), "]"]),
    }
}

impl Check<'_> {
    fn push(&mut self, kind: ErrorKind, path: &str, pos: usize, message: String) {
        let (line, column) = match self.text {
            Some(t) if pos != NO_POS => {
                let (l, c) = line_column(t, pos);
                (Some(l), Some(c))
            }
            _ => (None, None),
        };
        self.errors.push(Error { kind, path: path.to_owned(), message, line, column });
    }

    fn expected(&mut self, path: &str, v: &Value, what: &str) {
        self.push(ErrorKind::Type, path, v.pos, concat(&["expected ", what, ", found ", &v.describe()]));
    }

    fn object<'v>(&mut self, path: &str, v: &'v Value) -> Option<&'v [(String, Value)]> {
        match &v.kind {
            Kind::Object(m) => Some(m),
            _ => {
                self.expected(path, v, "an object");
                None
            }
        }
    }

    /// A required member; reports it missing.
    fn required<'v>(&mut self, path: &str, obj: &'v Value, key: &str) -> Option<&'v Value> {
        let v = obj.get(key);
        if v.is_none() {
            self.push(ErrorKind::Missing, path, obj.pos, concat(&["missing required field `", key, "`"]));
        }
        v
    }

    /// An optional member; `null` counts as absent.
    fn optional<'v>(&self, obj: &'v Value, key: &str) -> Option<&'v Value> {
        obj.get(key).filter(|v| !matches!(v.kind, Kind::Null))
    }

    fn string(&mut self, path: &str, v: &Value) -> Option<String> {
        match &v.kind {
            Kind::Str(s) => Some(s.clone()),
            _ => {
                self.expected(path, v, "a string");
                None
            }
        }
    }

    // The `opt_`/`req_` helpers and the post checks build a path only when
    // they report an error: most values are fine, and formatting every
    // path was about a tenth of a valid thread's parse.

    fn opt_string(&mut self, parent: &str, obj: &Value, key: &str) -> Option<String> {
        let v = self.optional(obj, key)?;
        if let Kind::Str(s) = &v.kind {
            return Some(s.clone());
        }
        self.string(&key_path(parent, key), v)
    }

    fn count(&mut self, path: &str, v: &Value) -> Option<u64> {
        match v.kind {
            Kind::Int(i) if i >= 0 => Some(i as u64),
            Kind::Int(_) => {
                self.push(ErrorKind::Value, path, v.pos, concat(&["expected an integer ≥ 0, found ", &v.describe()]));
                None
            }
            _ => {
                self.expected(path, v, "an integer");
                None
            }
        }
    }

    fn opt_count(&mut self, parent: &str, obj: &Value, key: &str) -> Option<u64> {
        let v = self.optional(obj, key)?;
        if let Kind::Int(i @ 0..) = v.kind {
            return Some(i as u64);
        }
        self.count(&key_path(parent, key), v)
    }

    fn req_count(&mut self, parent: &str, obj: &Value, key: &str) -> Option<u64> {
        let v = self.required(parent, obj, key)?;
        if let Kind::Int(i @ 0..) = v.kind {
            return Some(i as u64);
        }
        self.count(&key_path(parent, key), v)
    }

    fn opt_bool(&mut self, parent: &str, obj: &Value, key: &str) -> Option<bool> {
        let v = self.optional(obj, key)?;
        match v.kind {
            Kind::Bool(b) => Some(b),
            _ => {
                self.expected(&key_path(parent, key), v, "true or false");
                None
            }
        }
    }

    /// An optional integer of either sign (points).
    fn opt_int(&mut self, parent: &str, obj: &Value, key: &str) -> Option<i64> {
        let v = self.optional(obj, key)?;
        match v.kind {
            Kind::Int(i) => Some(i),
            _ => {
                self.expected(&key_path(parent, key), v, "an integer");
                None
            }
        }
    }

    /// A post's `deleted`: `true`, `false` or `"removed"`.
    fn deleted(&mut self, parent: &str, obj: &Value) -> Option<Deleted> {
        let v = self.optional(obj, "deleted")?;
        match &v.kind {
            Kind::Bool(true) => Some(Deleted::Deleted),
            Kind::Bool(false) => None,
            Kind::Str(s) if s == "removed" => Some(Deleted::Removed),
            _ => {
                self.expected(&key_path(parent, "deleted"), v, "true, false or \"removed\"");
                None
            }
        }
    }

    fn id(&mut self, path: &str, v: &Value) -> Option<String> {
        match &v.kind {
            Kind::Int(i) => Some(int(*i)),
            Kind::Str(s) if !s.is_empty() => Some(s.clone()),
            Kind::Str(_) => {
                self.push(ErrorKind::Value, path, v.pos, "a post id cannot be empty".into());
                None
            }
            _ => {
                self.expected(path, v, "a post id (a string or an integer)");
                None
            }
        }
    }

    fn format(&mut self, path: &str, v: &Value) -> Option<Format> {
        let s = self.string(path, v)?;
        let f = Format::from_name(&s);
        if f.is_none() {
            self.push(ErrorKind::Value, path, v.pos, concat(&["expected \"text\", \"bbcode\", \"markdown\" or \"html\", found ", &v.describe()]));
        }
        f
    }

    fn date_time(&mut self, parent: &str, obj: &Value, key: &str) -> Option<DateTime> {
        let v = self.optional(obj, key)?;
        if let Some(dt) = match &v.kind {
            Kind::Str(s) => parse_date_time(s),
            _ => None,
        } {
            return Some(dt);
        }
        let path = key_path(parent, key);
        let s = self.string(&path, v)?;
        let dt = parse_date_time(&s);
        if dt.is_none() {
            self.push(ErrorKind::Value, &path, v.pos, concat(&["expected an RFC 3339 date-time like \"2021-06-23T09:15:00+07:00\", found ", &v.describe()]));
        }
        dt
    }

    fn author(&mut self, path: &str, v: &Value) -> Option<Author> {
        self.object(path, v)?;
        let name_v = self.required(path, v, "name");
        let name = name_v.and_then(|n| match &n.kind {
            Kind::Str(s) => Some(s.clone()),
            _ => self.string(&key_path(path, "name"), n),
        });
        let joined = match self.optional(v, "joined") {
            Some(Value { kind: Kind::Str(s), .. }) if parse_date(s).is_some() => parse_date(s),
            Some(j) => {
                let p = key_path(path, "joined");
                let s = self.string(&p, j);
                let d = s.as_deref().and_then(parse_date);
                if s.is_some() && d.is_none() {
                    self.push(ErrorKind::Value, &p, j.pos, concat(&["expected a date like \"2009-12\", \"2009-12-01\" or an RFC 3339 date-time, found ", &j.describe()]));
                }
                d
            }
            None => None,
        };
        let author = Author {
            name: name.unwrap_or_default(),
            title: self.opt_string(path, v, "title"),
            avatar: self.opt_string(path, v, "avatar"),
            url: self.opt_string(path, v, "url"),
            joined,
            last_online: self.date_time(path, v, "last_online"),
            location: self.opt_string(path, v, "location"),
            posts: self.opt_count(path, v, "posts"),
            handle: self.opt_string(path, v, "handle"),
        };
        Some(author)
    }
}

/// What the top-level members other than `posts` say, as posts need it.
struct Head {
    version: i64,
    format: Format,
    forum: Option<Forum>,
    /// Authors of `users`, and their keys sorted (stably, so the last of a
    /// repeated key wins), searched by bisection: no hash map in the wasm.
    authors: Vec<Rc<Author>>,
    users: Vec<(String, usize)>,
    page: Option<Page>,
    first_number: u64,
}

/// The key a post's `id` is indexed by (`4` and `"4"` are the same anchor),
/// when it is a usable id.
fn id_key(v: Option<&Value>) -> Option<String> {
    match &v?.kind {
        Kind::Int(n) => Some(int(*n)),
        Kind::Str(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// Repeated ids, found up front by sorting: `first_of[i]` is the first post
/// that has post i's id. Also the posts with an id, sorted by (id, position).
fn first_of(keys: &[Option<String>]) -> (Vec<Option<usize>>, Vec<usize>) {
    let mut keyed: Vec<(&str, usize)> = keys.iter().enumerate().filter_map(|(i, k)| Some((k.as_deref()?, i))).collect();
    crate::sort::sort(&mut keyed);
    let mut first_of: Vec<Option<usize>> = vec![None; keys.len()];
    for w in keyed.windows(2) {
        if w[0].0 == w[1].0 {
            first_of[w[1].1] = Some(first_of[w[0].1].unwrap_or(w[0].1));
        }
    }
    (first_of, keyed.into_iter().map(|(_, i)| i).collect())
}

impl Check<'_> {
    /// The members before posts; `None` when nothing more can be read (a
    /// schema version from the future).
    fn head(&mut self, root: &Value) -> Option<Head> {
        let version = match root.get("version") {
            None => VERSION,
            Some(v) => match v.kind {
                Kind::Int(n) if n > VERSION => {
                    self.push(ErrorKind::Version, "version", v.pos, concat(&["this thread uses schema version ", &int(n), ", but this widget reads version ", &int(VERSION), " at most: update thread-widget"]));
                    // Fields of a newer schema cannot be read with confidence.
                    return None;
                }
                Kind::Int(n) if n >= 1 => n,
                _ => {
                    self.push(ErrorKind::Value, "version", v.pos, concat(&["expected a schema version (1), found ", &v.describe()]));
                    VERSION
                }
            },
        };
        let format = match self.optional(root, "format") {
            Some(v) => self.format("format", v).unwrap_or_default(),
            None => Format::Text,
        };
        let forum = self.optional(root, "forum").and_then(|f| {
            self.object("forum", f)?;
            let name = self.required("forum", f, "name").and_then(|n| self.string("forum.name", n))?;
            Some(Forum { name, url: self.opt_string("forum", f, "url") })
        });

        let mut authors: Vec<Rc<Author>> = Vec::new();
        let mut users: Vec<(String, usize)> = Vec::new();
        if let Some(u) = self.optional(root, "users") {
            if let Some(members) = self.object("users", u) {
                for (key, v) in members {
                    let p = key_path("users", key);
                    if let Some(a) = self.author(&p, v) {
                        users.push((key.clone(), authors.len()));
                        authors.push(Rc::new(a));
                    }
                }
            }
        }
        // Sorted through the (&str, usize) sort that the other indexes use
        // (each instantiation of a sort costs ~3 KB of wasm); the index breaks
        // ties, so the last of a repeated key still sorts last.
        let mut order: Vec<(&str, usize)> = users.iter().enumerate().map(|(j, (k, _))| (k.as_str(), j)).collect();
        crate::sort::sort(&mut order);
        let order: Vec<usize> = order.into_iter().map(|(_, j)| j).collect();
        let users = crate::sort::in_order(users, order);

        let page = self.optional(root, "page").and_then(|p| {
            self.object("page", p)?;
            let first = self.req_count("page", p, "first");
            let last = self.req_count("page", p, "last");
            let total = self.req_count("page", p, "total");
            let next = self.opt_string("page", p, "next");
            let prev = self.opt_string("page", p, "prev");
            Some(Page { first: first?, last: last?, total: total?, next, prev })
        });
        let first_number = page.as_ref().map_or(1, |p| p.first.max(1));
        Some(Head { version, format, forum, authors, users, page, first_number })
    }

    /// Validates `posts[i]`; `dup` is the first post with the same id, if another.
    fn post(&mut self, head: &Head, i: usize, pv: &Value, dup: Option<usize>) -> Option<Post> {
        let mut path = String::with_capacity(12);
        path.push_str("posts[");
        push_count(&mut path, i as u64);
        path.push(']');
        self.object(&path, pv)?;
        let id = self.required(&path, pv, "id").and_then(|v| {
            let id = match (&v.kind, dup) {
                (Kind::Int(n), None) => return Some(int(*n)),
                (Kind::Str(s), None) if !s.is_empty() => return Some(s.clone()),
                _ => self.id(&concat(&[&path, ".id"]), v)?,
            };
            if let Some(prev) = dup {
                let mut message = concat(&["duplicate post id ", &quoted(&id), ": posts["]);
                push_count(&mut message, prev as u64);
                message.push_str("] has it too");
                self.push(ErrorKind::DuplicateId, &concat(&[&path, ".id"]), v.pos, message);
                return None;
            }
            Some(id)
        });
        let author = self.required(&path, pv, "author").and_then(|av| {
            let ap = || concat(&[&path, ".author"]);
            match &av.kind {
                Kind::Str(key) => {
                    // The last of a repeated key wins: it sorts last.
                    let users = &head.users;
                    let at = users.partition_point(|(k, _)| k.as_str() <= key.as_str());
                    let found = at.checked_sub(1).map(|j| &users[j]).filter(|(k, _)| k == key).map(|(_, a)| head.authors[*a].clone());
                    if found.is_none() {
                        self.push(ErrorKind::UnknownAuthor, &ap(), av.pos, concat(&["no user ", &quoted(key), " in `users`"]));
                    }
                    found
                }
                Kind::Object(_) => self.author(&ap(), av).map(Rc::new),
                _ => {
                    self.expected(&ap(), av, "an author object or a key of `users`");
                    None
                }
            }
        });
        let number = self.opt_count(&path, pv, "number");
        let created = self.date_time(&path, pv, "created");
        let edited = self.date_time(&path, pv, "edited");
        let post_format = match self.optional(pv, "format") {
            Some(Value { kind: Kind::Str(f), .. }) if Format::from_name(f).is_some() => Format::from_name(f),
            Some(v) => self.format(&concat(&[&path, ".format"]), v),
            None => Some(head.format),
        };
        let deleted = self.deleted(&path, pv);
        // A deleted post may leave its body out.
        let body = match (deleted, pv.get("body")) {
            (Some(_), None) => Some(String::new()),
            _ => self.required(&path, pv, "body").and_then(|b| match &b.kind {
                Kind::Str(s) => Some(s.clone()),
                _ => self.string(&concat(&[&path, ".body"]), b),
            }),
        };
        let reply_to = self.optional(pv, "reply_to").and_then(|r| match &r.kind {
            Kind::Int(n) => Some(int(*n)),
            Kind::Str(s) if !s.is_empty() => Some(s.clone()),
            _ => self.id(&concat(&[&path, ".reply_to"]), r),
        });
        let url = self.opt_string(&path, pv, "url");
        let counts = Counts {
            replies: self.opt_count(&path, pv, "replies"),
            reposts: self.opt_count(&path, pv, "reposts"),
            likes: self.opt_count(&path, pv, "likes"),
            points: self.opt_int(&path, pv, "points"),
        };
        let (id, author, body) = (id?, author?, body?);
        Some(Post {
            id,
            number: number.unwrap_or(head.first_number + i as u64),
            author,
            created,
            edited,
            format: post_format.unwrap_or(head.format),
            body,
            reply_to,
            url,
            deleted,
            counts,
        })
    }

    /// The members after posts, and the thread; every error, in document order.
    fn finish(mut self, root: &Value, head: Head, posts: Vec<Post>) -> Result<Thread, Errors> {
        let c = &mut self;
        let browsing = c.optional(root, "browsing").and_then(|b| {
            c.object("browsing", b)?;
            let members = c.req_count("browsing", b, "members");
            let guests = c.req_count("browsing", b, "guests");
            let mut names = Vec::new();
            if let Some(n) = c.optional(b, "names") {
                match &n.kind {
                    Kind::Array(items) => {
                        for (i, item) in items.iter().enumerate() {
                            let mut path = String::from("browsing.names[");
                            push_count(&mut path, i as u64);
                            path.push(']');
                            if let Some(s) = c.string(&path, item) {
                                names.push(s);
                            }
                        }
                    }
                    _ => c.expected("browsing.names", n, "an array of names"),
                }
            }
            Some(Browsing { members: members?, guests: guests?, names })
        });

        let permissions = c.optional(root, "permissions").and_then(|p| {
            c.object("permissions", p)?;
            Some(Permissions {
                new_threads: c.opt_bool("permissions", p, "new_threads"),
                replies: c.opt_bool("permissions", p, "replies"),
                attachments: c.opt_bool("permissions", p, "attachments"),
                edit_posts: c.opt_bool("permissions", p, "edit_posts"),
            })
        });

        let title = c.opt_string("", root, "title");
        let url = c.opt_string("", root, "url");
        let platform = c.opt_string("", root, "platform");
        let more = c.optional(root, "more").and_then(|m| {
            c.object("more", m)?;
            Some(More { posts: c.opt_count("more", m, "posts"), url: c.opt_string("more", m, "url") })
        });
        let thread = Thread {
            version: head.version,
            title,
            url,
            forum: head.forum,
            format: head.format,
            posts,
            browsing,
            permissions,
            page: head.page,
            platform,
            more,
        };
        if c.errors.is_empty() {
            Ok(thread)
        } else {
            // Report in document order.
            Err(Errors(in_document_order(std::mem::take(&mut c.errors))))
        }
    }
}

/// `errors` sorted by (line, column), equal ones in the order found; through
/// the `(&str, usize)` sort that the indexes use, with the position as fixed-
/// width hexadecimal text: a stable sort of `Error`s was 3.6 KB of wasm.
fn in_document_order(errors: Vec<Error>) -> Vec<Error> {
    fn hex(key: &mut String, n: Option<usize>) {
        // No position sorts first, as `None` does.
        key.push(if n.is_some() { '1' } else { '0' });
        let n = n.unwrap_or(0);
        for shift in (0..usize::BITS / 4).rev() {
            key.push(char::from(b"0123456789abcdef"[(n >> (shift * 4)) & 15]));
        }
    }
    let keys: Vec<String> = errors
        .iter()
        .map(|e| {
            let mut k = String::new();
            hex(&mut k, e.line);
            hex(&mut k, e.column);
            k
        })
        .collect();
    let mut order: Vec<(&str, usize)> = keys.iter().map(String::as_str).zip(0..).collect();
    crate::sort::sort(&mut order);
    crate::sort::in_order(errors, order.into_iter().map(|(_, i)| i))
}

impl Thread {
    /// Parses and validates thread JSON text. On failure, every problem found,
    /// each with its path, line and column.
    ///
    /// This is the [`Sliced`] parse run to its end in one go: the wasm then
    /// carries one parser and validator, not two.
    pub fn from_json(text: &str) -> Result<Thread, Errors> {
        Thread::from_text(text, true)
    }

    /// [`Thread::from_json`]; with `positions` false, schema errors have no
    /// line and column, as [`Thread::from_value`]'s (for text the caller never
    /// saw, such as a JS object's `JSON.stringify`). Syntax errors keep theirs.
    pub fn from_text(text: &str, positions: bool) -> Result<Thread, Errors> {
        // The plain wasm build never parses in slices (its texts are at most
        // 256 KB): the tree, then [`Thread::validate`] walking it, the
        // reference the sliced parse is held to (model/tests.rs), without
        // the sliced parse's code (docs/benchmarks.md, "The plain build").
        if crate::config::PLAIN {
            return Thread::validate(&json::parse(text)?, positions.then_some(text));
        }
        let Some(mut job) = Sliced::with_positions(text, positions) else {
            return Err(not_an_object(text, positions));
        };
        if let Some(scan) = job.scan.as_mut() {
            scan.keep_posts();
        }
        loop {
            if let Progress::Done(r) = job.step(&mut || false) {
                return r;
            }
        }
    }

    /// Validates a JSON value that did not come from text (no positions).
    ///
    /// It walks the value's tree, as the parse in one piece did before
    /// [`Sliced`]; the wasm never calls it (a JS object is validated from its
    /// text with [`Thread::from_text`]), and the tests hold the sliced parse
    /// to its results.
    pub fn from_value(value: &Value) -> Result<Thread, Errors> {
        Thread::validate(value, None)
    }

    fn validate(root: &Value, text: Option<&str>) -> Result<Thread, Errors> {
        let mut c = Check { text, errors: Vec::new() };
        if !matches!(root.kind, Kind::Object(_)) {
            c.not_an_object(root);
            return Err(Errors(c.errors));
        }
        let Some(head) = c.head(root) else { return Err(Errors(c.errors)) };
        let mut posts = Vec::new();
        match c.required("", root, "posts") {
            Some(Value { kind: Kind::Array(items), .. }) => {
                let keys: Vec<Option<String>> = items.iter().map(|pv| id_key(pv.get("id"))).collect();
                let (first_of, _) = first_of(&keys);
                drop(keys);
                for (i, pv) in items.iter().enumerate() {
                    if let Some(p) = c.post(&head, i, pv, first_of[i]) {
                        posts.push(p);
                    }
                }
            }
            Some(other) => c.expected("posts", other, "an array of posts"),
            None => {}
        }
        c.finish(root, head, posts)
    }
}

/// The errors of a text whose value is not a JSON object (no [`Sliced`]
/// parse): its syntax error, or what it is instead.
fn not_an_object(text: &str, positions: bool) -> Errors {
    match json::parse(text) {
        Err(e) => e.into(),
        Ok(v) => {
            let mut c = Check { text: positions.then_some(text), errors: Vec::new() };
            c.not_an_object(&v);
            Errors(c.errors)
        }
    }
}

impl Check<'_> {
    fn not_an_object(&mut self, root: &Value) {
        self.push(ErrorKind::Type, "", root.pos, concat(&["a thread must be a JSON object, found ", &root.describe()]));
    }
}

mod date;
mod sliced;
#[cfg(test)]
mod tests;

pub use date::{parse_date, parse_date_time, Date, DateTime};
pub use sliced::{Progress, Sliced};
