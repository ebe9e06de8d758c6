//! Thread JSON, schema version 1: the model and its validation.
//!
//! [`Thread::from_json`] parses text and reports every problem it finds, each
//! with its JSON path and its line and column; [`Thread::from_value`] does the
//! same for a value that came without text, without positions. Text is read
//! by one parser and validator, [`Sliced`], in slices (long threads in the
//! browser) or in one go (`from_json`, [`Thread::from_text`]).

use std::rc::Rc;

use crate::digits::{concat, int, push_count, push_padded};
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

/// A calendar date, possibly without a day (`2009-12`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, when given.
    pub day: Option<u8>,
}

/// An RFC 3339 date-time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTime {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, 0–60.
    pub second: u8,
    /// Offset from UTC in minutes.
    pub offset_minutes: i16,
    /// The text as given, for `<time datetime>`.
    pub text: String,
}

impl Date {
    /// The value for `<time datetime>`: `2009-12` or `2009-12-01`.
    pub fn machine(&self) -> String {
        let mut s = String::with_capacity(10);
        push_padded(&mut s, self.year.into(), 4);
        s.push('-');
        push_padded(&mut s, self.month.into(), 2);
        if let Some(d) = self.day {
            s.push('-');
            push_padded(&mut s, d.into(), 2);
        }
        s
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    s.iter().try_fold(0u32, |acc, &b| acc.checked_mul(10)?.checked_add(u32::from(b - b'0')))
}

fn parse_ymd(s: &[u8]) -> Option<(i32, u8, Option<u8>)> {
    // YYYY-MM or YYYY-MM-DD
    if s.len() != 7 && s.len() != 10 {
        return None;
    }
    if s[4] != b'-' {
        return None;
    }
    let y = digits(&s[..4])? as i32;
    let m = digits(&s[5..7])? as u8;
    if !(1..=12).contains(&m) {
        return None;
    }
    if s.len() == 7 {
        return Some((y, m, None));
    }
    if s[7] != b'-' {
        return None;
    }
    let d = digits(&s[8..10])? as u8;
    if d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some((y, m, Some(d)))
}

/// Parses an RFC 3339 date-time (`2021-06-23T09:15:00+07:00`, `…Z`, fractions allowed).
pub fn parse_date_time(text: &str) -> Option<DateTime> {
    let s = text.as_bytes();
    if s.len() < 20 {
        return None;
    }
    let (year, month, day) = parse_ymd(&s[..10])?;
    let day = day?;
    if !matches!(s[10], b'T' | b't' | b' ') || s[13] != b':' || s[16] != b':' {
        return None;
    }
    let hour = digits(&s[11..13])? as u8;
    let minute = digits(&s[14..16])? as u8;
    let second = digits(&s[17..19])? as u8;
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut i = 19;
    if s[i] == b'.' {
        i += 1;
        let start = i;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    let offset_minutes = match s.get(i)? {
        b'Z' | b'z' if i + 1 == s.len() => 0,
        b'+' | b'-' if i + 6 == s.len() && s[i + 3] == b':' => {
            let h = digits(&s[i + 1..i + 3])? as i16;
            let m = digits(&s[i + 4..i + 6])? as i16;
            if h > 23 || m > 59 {
                return None;
            }
            let v = h * 60 + m;
            if s[i] == b'-' { -v } else { v }
        }
        _ => return None,
    };
    Some(DateTime { year, month, day, hour, minute, second, offset_minutes, text: text.to_owned() })
}

/// Parses a join date: `YYYY-MM`, `YYYY-MM-DD` or an RFC 3339 date-time.
pub fn parse_date(text: &str) -> Option<Date> {
    if let Some((year, month, day)) = parse_ymd(text.as_bytes()) {
        return Some(Date { year, month, day });
    }
    parse_date_time(text).map(|dt| Date { year: dt.year, month: dt.month, day: Some(dt.day) })
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
    keyed.sort_unstable();
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
        order.sort_unstable();
        let order: Vec<usize> = order.into_iter().map(|(_, j)| j).collect();
        let mut slots: Vec<Option<(String, usize)>> = users.into_iter().map(Some).collect();
        let users: Vec<(String, usize)> = order.into_iter().filter_map(|j| slots.get_mut(j)?.take()).collect();

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
    order.sort_unstable();
    let mut slots: Vec<Option<Error>> = errors.into_iter().map(Some).collect();
    order.into_iter().filter_map(|(_, i)| slots.get_mut(i)?.take()).collect()
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

/// A thread parsed and validated in slices ([`Sliced::step`]), for text too
/// long for one task: the same thread and the same errors (paths, lines,
/// columns, order) as [`Thread::from_json`].
///
/// First a [`json::ThreadScan`] reads the top-level members and finds where
/// each post starts, with its `id`, `number` and `format`; then the head is
/// validated and [`Sliced::preview`] offers the thread with every post a
/// placeholder (its id, number and format, no body): enough for the frame,
/// the pager's totals and the quote links. The posts asked for with
/// [`Sliced::first`] are validated next, then every other post in order.
pub struct Sliced<'t> {
    text: &'t str,
    scan: Option<json::ThreadScan>,
    check: Check<'t>,
    root: Value,
    spans: Vec<json::PostSpan>,
    first_of: Vec<Option<usize>>,
    head: Option<Head>,
    /// The thread being built: placeholders replaced by validated posts.
    thread: Option<Thread>,
    /// Validated first, then the rest from `next`.
    priority: std::ops::Range<usize>,
    priority_done: bool,
    /// Errors of the posts validated first, added when the others reach
    /// them: without positions to sort by (`positions: false`), errors are
    /// reported in the order they were found, which must be the file's.
    held: Vec<Error>,
    /// The scan reached the end (the head is validated in the next step).
    scanned: bool,
    /// Posts with an id, sorted by (id, position).
    id_order: Vec<usize>,
    next: usize,
    steps: u32,
}

/// A step of a [`Sliced`] parse.
#[derive(Debug)]
// One value per step, returned and matched at once, never stored: boxing the
// thread would cost an allocation for nothing.
#[allow(clippy::large_enum_variant)]
pub enum Progress {
    /// More to do: call [`Sliced::step`] again (after yielding).
    Working,
    /// The thread, or every problem found.
    Done(Result<Thread, Errors>),
}

impl<'t> Sliced<'t> {
    /// A sliced parse of `text`, or `None` when its value is not a JSON
    /// object (use [`Thread::from_json`], which says what it is).
    pub fn new(text: &'t str) -> Option<Sliced<'t>> {
        Sliced::with_positions(text, true)
    }

    /// [`Sliced::new`]; with `positions` false, schema errors have no line
    /// and column, as [`Thread::from_value`]'s (text the caller never saw,
    /// such as a JS object's `JSON.stringify`).
    pub fn with_positions(text: &'t str, positions: bool) -> Option<Sliced<'t>> {
        let scan = json::ThreadScan::new(text)?;
        Some(Sliced {
            text,
            scan: Some(scan),
            check: Check { text: positions.then_some(text), errors: Vec::new() },
            root: Value { kind: Kind::Null, pos: 0 },
            spans: Vec::new(),
            first_of: Vec::new(),
            head: None,
            thread: None,
            priority: 0..0,
            priority_done: false,
            held: Vec::new(),
            scanned: false,
            id_order: Vec::new(),
            next: 0,
            steps: 0,
        })
    }

    /// Steps taken so far.
    pub fn steps(&self) -> u32 {
        self.steps
    }

    /// The thread with placeholder posts once the head is validated (after
    /// the step that scanned the last byte), while no error has been found.
    /// The posts asked for with [`Sliced::first`] are real once
    /// [`Sliced::first_done`] says so.
    pub fn preview(&self) -> Option<&Thread> {
        self.thread.as_ref().filter(|_| self.check.errors.is_empty() && self.held.is_empty())
    }

    /// The posts that have an id, as positions sorted by (id, position): the
    /// order of the view's post index, known since the scan.
    pub fn id_order(&self) -> &[usize] {
        &self.id_order
    }

    /// Validates the posts `range` (indexes in the file) before the others.
    pub fn first(&mut self, range: std::ops::Range<usize>) {
        let n = self.spans.len();
        self.priority = range.start.min(n)..range.end.min(n);
        self.priority_done = false;
    }

    /// The posts asked for with [`Sliced::first`] are validated.
    pub fn first_done(&self) -> bool {
        self.priority_done
    }

    /// Works until `should_yield` says so (asked after every post or few
    /// posts). The step that finishes the scan returns right after the head
    /// is validated, so that [`Sliced::first`] can be called, and the step
    /// that validates those posts returns right after them.
    pub fn step(&mut self, should_yield: &mut dyn FnMut() -> bool) -> Progress {
        self.steps += 1;
        if let Some(scan) = self.scan.as_mut() {
            if !self.scanned {
                match scan.step(self.text, should_yield) {
                    Err(e) => return Progress::Done(Err(e.into())),
                    Ok(false) => return Progress::Working,
                    // The head (and the placeholders) in a step of their own.
                    Ok(true) => {
                        self.scanned = true;
                        return Progress::Working;
                    }
                }
            }
            let (root, spans) = self.scan.take().map(json::ThreadScan::finish).unwrap_or((Value { kind: Kind::Null, pos: 0 }, Vec::new()));
            self.root = root;
            let Some(head) = self.check.head(&self.root) else {
                return Progress::Done(Err(Errors(std::mem::take(&mut self.check.errors))));
            };
            // Posts are only read from the scan when `posts` is an array.
            match self.check.required("", &self.root, "posts") {
                Some(Value { kind: Kind::Array(_), .. }) => {
                    let keys: Vec<Option<String>> = spans.iter().map(|s| id_key(s.id())).collect();
                    (self.first_of, self.id_order) = first_of(&keys);
                    let placeholder = Rc::new(Author::default());
                    let posts = spans
                        .iter()
                        .zip(keys)
                        .enumerate()
                        .map(|(i, (s, id))| Post {
                            id: id.unwrap_or_default(),
                            number: match s.number().map(|v| &v.kind) {
                                Some(Kind::Int(n)) if *n >= 0 => *n as u64,
                                _ => head.first_number + i as u64,
                            },
                            author: placeholder.clone(),
                            created: None,
                            edited: None,
                            format: match s.format().map(|v| &v.kind) {
                                Some(Kind::Str(f)) => Format::from_name(f).unwrap_or(head.format),
                                _ => head.format,
                            },
                            body: String::new(),
                            reply_to: None,
                            url: None,
                            deleted: None,
                            counts: Counts::default(),
                        })
                        .collect();
                    self.spans = spans;
                    self.thread = Some(self.shell(&head, posts));
                }
                Some(other) => {
                    self.check.expected("posts", other, "an array of posts");
                    self.thread = Some(self.shell(&head, Vec::new()));
                }
                None => self.thread = Some(self.shell(&head, Vec::new())),
            }
            self.head = Some(head);
            return Progress::Working;
        }
        let (Some(head), Some(thread)) = (self.head.as_ref(), self.thread.as_mut()) else {
            return Progress::Done(Err(Errors(std::mem::take(&mut self.check.errors))));
        };
        if !self.priority_done {
            let found = self.check.errors.len();
            for i in self.priority.clone() {
                validate_span(&mut self.check, self.text, head, &mut self.spans, &self.first_of, thread, i);
            }
            self.held = self.check.errors.split_off(found);
            self.priority_done = true;
            // Back to the caller at once: it can show these posts.
            return Progress::Working;
        }
        let mut count = 0u32;
        while self.next < self.spans.len() {
            let i = self.next;
            self.next += 1;
            if self.priority.contains(&i) {
                if i == self.priority.start {
                    self.check.errors.append(&mut self.held);
                }
                continue;
            }
            validate_span(&mut self.check, self.text, head, &mut self.spans, &self.first_of, thread, i);
            count += 1;
            if count % 4 == 0 && should_yield() {
                return Progress::Working;
            }
        }
        // A priority range at the very end (newest first) was not reached above.
        self.check.errors.append(&mut self.held);
        let (Some(head), Some(mut thread)) = (self.head.take(), self.thread.take()) else { return Progress::Working };
        let posts = std::mem::take(&mut thread.posts);
        let check = std::mem::replace(&mut self.check, Check { text: None, errors: Vec::new() });
        Progress::Done(check.finish(&self.root, head, posts))
    }

    /// The thread as far as the head goes (title and the rest come at the end).
    fn shell(&self, head: &Head, posts: Vec<Post>) -> Thread {
        // The preview must render as the final thread: the members after
        // `posts` are parsed already, so read them with a throw-away check.
        let c = Check { text: None, errors: Vec::new() };
        let head2 = Head { version: head.version, format: head.format, forum: head.forum.clone(), authors: Vec::new(), users: Vec::new(), page: head.page.clone(), first_number: head.first_number };
        let mut t = c.finish(&self.root, head2, Vec::new()).unwrap_or_else(|_| Thread { version: head.version, title: None, url: None, forum: head.forum.clone(), format: head.format, posts: Vec::new(), browsing: None, permissions: None, page: head.page.clone(), platform: None, more: None });
        t.posts = posts;
        t
    }
}

fn validate_span(c: &mut Check<'_>, text: &str, head: &Head, spans: &mut [json::PostSpan], first_of: &[Option<usize>], thread: &mut Thread, i: usize) {
    let pv = match spans[i].value.take() {
        Some(v) => v,
        // The scan checked the syntax of every post: this parse cannot fail.
        None => match json::parse_at(text, spans[i].pos, 2) {
            Ok(v) => v,
            Err(_) => return,
        },
    };
    if let Some(p) = c.post(head, i, &pv, first_of[i]) {
        thread.posts[i] = p;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `text` with [`Sliced`], yielding after every post (or never),
    /// and asking for `first` first.
    fn sliced(text: &str, always: bool, first: std::ops::Range<usize>) -> Result<Thread, Errors> {
        let Some(mut s) = Sliced::new(text) else { return Thread::from_json(text) };
        let mut asked = false;
        loop {
            if let Progress::Done(r) = s.step(&mut || always) {
                return r;
            }
            if !asked && s.preview().is_some() {
                s.first(first.clone());
                asked = true;
            }
        }
    }

    /// What the parse in one piece gave before it became the sliced parse
    /// run to its end: the whole tree, then [`Thread::validate`] walking it.
    /// The reference that [`Thread::from_json`] and [`Sliced`] are held to.
    fn tree(text: &str) -> Result<Thread, Errors> {
        let v = json::parse(text)?;
        Thread::validate(&v, Some(text))
    }

    /// `from_json`, and `from_text` without positions, give the tree's results.
    fn one_parse_is_the_tree(text: &str) {
        assert_eq!(Thread::from_json(text), tree(text), "{text}");
        if let Ok(v) = json::parse(text) {
            assert_eq!(Thread::from_text(text, false), Thread::from_value(&v), "{text} without positions");
        }
    }

    fn same(text: &str) {
        one_parse_is_the_tree(text);
        let want = tree(text);
        for always in [true, false] {
            for first in [0..0, 0..2, 1..3, 5..100] {
                assert_eq!(sliced(text, always, first.clone()), want, "{text} (yield always: {always}, first {first:?})");
            }
        }
        // Without positions (a JS object's text): the errors of `from_value`, in its order.
        if let (Ok(v), Some(_)) = (json::parse(text), Sliced::new(text)) {
            let want = Thread::from_value(&v);
            for first in [0..0, 1..3, 2..100] {
                let mut s = Sliced::with_positions(text, false).unwrap();
                let mut asked = false;
                let got = loop {
                    if let Progress::Done(r) = s.step(&mut || true) {
                        break r;
                    }
                    if !asked && s.thread.is_some() {
                        s.first(first.clone());
                        asked = true;
                    }
                };
                assert_eq!(got, want, "{text} without positions, first {first:?}");
            }
        }
    }

    #[test]
    fn sliced_parse_is_the_one_shot_parse() {
        let seed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/threads/seed.json")).unwrap();
        same(&seed);
        let ok = r#"{"title": "t", "users": {"a": {"name": "A"}, "a": {"name": "B"}}, "x": [1, {"y": "\u0041"}], "posts": [
            {"id": 1, "author": "a", "body": "one", "number": 7, "format": "bbcode"},
            {"id": "two", "author": {"name": "n"}, "body": "two", "reply_to": 1, "id": "2"},
            {"id": 3, "author": "a", "body": "three"}
        ], "browsing": {"members": 1, "guests": 2}, "page": {"first": 4, "last": 6, "total": 9}, "more": {"posts": 12, "url": "https://x.example/t/1"}}"#;
        same(ok);
        let t = sliced(ok, true, 1..2).unwrap();
        assert_eq!(t.more, Some(More { posts: Some(12), url: Some("https://x.example/t/1".into()) }));
        // The preview (the head, before the posts are validated) has it too.
        let mut s = Sliced::new(ok).unwrap();
        while s.preview().is_none() {
            assert!(matches!(s.step(&mut || true), Progress::Working));
        }
        assert_eq!(s.preview().unwrap().more, t.more);
        assert_eq!(t.posts[1].id, "2");
        assert_eq!(t.posts[0].author.name, "B");
        assert_eq!(t.posts.iter().map(|p| p.number).collect::<Vec<_>>(), vec![7, 5, 6]);
    }

    #[test]
    fn sliced_parse_reports_the_same_errors() {
        for text in [
            // Syntax errors, inside posts, between posts and around them.
            "{\"posts\": [{\"id\": 1, \"author\": {\"name\": \"a\"}, \"body\": \"x\"}, {\"id\" 2}]}",
            "{\"posts\": [{\"id\": 1}, {\"body\": \"a\nb\"}]}",
            "{\"posts\": [{\"id\": 1} {\"id\": 2}]}",
            "{\"posts\": [{\"id\": 1}, tru]}",
            "{\"posts\": [{\"id\": 1}, ]}",
            "{\"posts\": [{\"id\": 1, \"x\": [1, 2.5e, 3]}]}",
            "{\"posts\": [{\"id\": 1, \"x\": \"\\q\"}]}",
            "{\"posts\": [{\"id\": 1}], \"unknown\": [1 2]}",
            "{\"posts\": [{\"id\": 1}]} x",
            "{\"posts\": [{\"id\": 1}]",
            "{\"posts\": [{\"id\": 1}], }",
            "{\"posts\": [{\"id\": 1}] \"a\": 1}",
            "{\"a\" 1}",
            "{,}",
            // Nesting, in a post and in a skipped member.
            &format!("{{\"posts\": [{{\"id\": 1, \"deep\": {}}}]}}", "[".repeat(200)),
            &format!("{{\"other\": {}}}", "[".repeat(200)),
            // Schema errors, early and late.
            r#"{"version": 2, "posts": [{"id": 1}]}"#,
            r#"{"version": "x", "format": "html", "posts": [{"id": 1, "author": "nobody", "body": "a"}, {"id": 1, "author": {"name": "x"}, "body": "b", "created": "yesterday"}, {"author": {"name": "y"}, "body": 3}, 4, {"id": "", "author": {"name": "a"}, "body": ""}, {"id": "4", "author": {"name": "a"}, "body": "", "number": -1, "format": 5}, {"id": 4, "author": {"name": "a", "posts": "48,807"}, "body": ""}], "users": {"u": 3}, "browsing": {"members": "x"}, "title": 5}"#,
            r#"{"posts": 5, "title": "t"}"#,
            r#"{"posts": [{"id": 1, "author": {"name": "a"}, "body": ""}], "posts": {"a": 1}}"#,
            r#"{"posts": {"a": 1}, "posts": [{"id": 1, "author": {"name": "a"}, "body": ""}, {"id": 1, "author": {"name": "a"}, "body": ""}]}"#,
            r#"{"title": "no posts"}"#,
            "\u{feff} {\"posts\": []}",
            "{}",
            "[1, 2]",
            "",
        ] {
            same(text);
        }
    }

    /// Broken threads, many of them: other sites' thread JSON (the corpora
    /// beside the crate, `../shared/corpora/threads/`) as it is, its arrays
    /// of objects as `posts` (foreign posts: missing, unknown and mistyped
    /// fields, repeated ids) and its objects as `users`, compact and pretty;
    /// and every input cut short and with a byte changed, at spread-out
    /// places (syntax errors everywhere). The one parse must give what the
    /// tree gives: the same thread or the same errors, in the same order.
    #[test]
    fn one_parse_reports_what_the_tree_reports_on_broken_threads() {
        fn arrays<'v>(v: &'v serde_json::Value, out: &mut Vec<&'v serde_json::Value>, objects: &mut Vec<&'v serde_json::Value>) {
            match v {
                serde_json::Value::Array(items) => {
                    if items.iter().any(serde_json::Value::is_object) {
                        out.push(v);
                    }
                    items.iter().for_each(|i| arrays(i, out, objects));
                }
                serde_json::Value::Object(m) => {
                    objects.push(v);
                    m.values().for_each(|i| arrays(i, out, objects));
                }
                _ => {}
            }
        }
        fn mangled(text: &str, places: usize) -> Vec<String> {
            let mut out = Vec::new();
            let cuts: Vec<usize> = (1..=places).map(|k| k * text.len() / (places + 1)).filter(|&i| text.is_char_boundary(i)).collect();
            for &i in &cuts {
                out.push(text[..i].to_owned());
                for b in ["}", "\"", ",", "x", "[", "\n", "-", "\u{1}"] {
                    let end = text[i..].chars().next().map_or(i, |c| i + c.len_utf8());
                    out.push(format!("{}{b}{}", &text[..i], &text[end..]));
                }
            }
            out
        }
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/threads/");
        let files = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("the thread corpora are missing: cannot read {dir} ({e}); they live in ../shared/corpora beside the crate"));
        let mut inputs: Vec<String> = Vec::new();
        let mut corpora = 0;
        for f in files {
            let path = f.unwrap().path();
            // The JSON responses; the corpora also hold exports in XML (Disqus).
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            let (mut found, mut objects) = (Vec::new(), Vec::new());
            arrays(&v, &mut found, &mut objects);
            found.sort_by_key(|a| std::cmp::Reverse(a.as_array().map_or(0, Vec::len)));
            for (k, a) in found.iter().take(4).enumerate() {
                let users = objects.get(k * 7 % objects.len().max(1)).copied().cloned().unwrap_or_default();
                let doc = serde_json::json!({ "title": "t", "users": users, "posts": a });
                inputs.push(serde_json::to_string(&serde_json::json!({ "posts": a })).unwrap());
                inputs.push(serde_json::to_string_pretty(&doc).unwrap());
            }
            inputs.extend(mangled(&text, 6));
            inputs.push(text);
            corpora += 1;
        }
        assert!(corpora >= 6, "only {corpora} files in {dir}");
        for name in ["www/threads/seed.json", "www/threads/features.json", "tests/fixtures/broken/schema.json", "tests/fixtures/broken/syntax.json", "tests/fixtures/broken/version.json", "fuzz/seeds/render_json/many-posts.json", "fuzz/seeds/render_json/small-1.json", "fuzz/seeds/render_json/small-3.json"] {
            let text = std::fs::read_to_string(format!("{}/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
            inputs.extend(mangled(&text, 40));
            inputs.push(text);
        }
        let (mut syntax, mut schema) = (0, 0);
        for text in &inputs {
            one_parse_is_the_tree(text);
            for e in Thread::from_json(text).err().map_or(Vec::new(), |e| e.0) {
                *if e.kind == ErrorKind::Syntax { &mut syntax } else { &mut schema } += 1;
            }
        }
        // Broken in every way: syntax errors, and many schema errors.
        assert!(syntax > 2_000 && schema > 2_000, "{syntax} syntax and {schema} schema errors in {} inputs", inputs.len());
    }

    #[test]
    fn errors_are_sorted_by_line_and_column_keeping_the_order_found() {
        let mut errors = Vec::new();
        let mut x = 7usize;
        for i in 0..500 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345) % 1_000_003;
            // Small, large and huge positions, ties, and none.
            let at = |n: usize| (n % 9 != 0).then_some([n % 23, (n % 23) << 20, usize::MAX - n % 23][n % 3]);
            errors.push(Error { kind: ErrorKind::Type, path: format!("e{i}"), message: String::new(), line: at(x), column: at(x / 23) });
        }
        let mut want = errors.clone();
        want.sort_by_key(|e| (e.line, e.column));
        assert_ne!(errors, want);
        assert_eq!(in_document_order(errors), want);
    }

    #[test]
    fn wrong_type_names_path_line_and_column() {
        let text = "{\"posts\": [\n {\"id\": 1, \"body\": \"x\",\n  \"author\": {\"name\": \"a\", \"posts\": \"48,807\"}}]}";
        let e = Thread::from_json(text).unwrap_err();
        assert_eq!(e.to_string(), "posts[0].author.posts: expected an integer, found the string \"48,807\" at line 3 column 36");
    }

    #[test]
    fn reports_every_problem_not_just_the_first() {
        let text = r#"{"users": {}, "posts": [
            {"id": 1, "author": "nobody", "body": "a"},
            {"id": 1, "author": {"name": "x"}, "body": "b", "created": "yesterday"},
            {"author": {"name": "y"}, "body": 3}
        ]}"#;
        let e = Thread::from_json(text).unwrap_err();
        let kinds: Vec<_> = e.0.iter().map(|e| (e.kind, e.path.as_str())).collect();
        assert_eq!(kinds, vec![
            (ErrorKind::UnknownAuthor, "posts[0].author"),
            (ErrorKind::DuplicateId, "posts[1].id"),
            (ErrorKind::Value, "posts[1].created"),
            (ErrorKind::Missing, "posts[2]"),
            (ErrorKind::Type, "posts[2].body"),
        ]);
    }

    #[test]
    fn future_version_is_a_clear_error() {
        let e = Thread::from_json(r#"{"version": 2, "posts": []}"#).unwrap_err();
        assert_eq!(e.0[0].kind, ErrorKind::Version);
        assert!(e.to_string().starts_with("version: this thread uses schema version 2"));
    }

    #[test]
    fn posts_are_required_and_may_be_empty() {
        assert_eq!(Thread::from_json("{}").unwrap_err().0[0].message, "missing required field `posts`");
        assert!(Thread::from_json(r#"{"posts": []}"#).unwrap().posts.is_empty());
    }

    #[test]
    fn dates() {
        assert!(parse_date_time("2021-06-23T09:15:00+07:00").is_some());
        assert!(parse_date_time("2021-06-23T09:15:00.123Z").is_some());
        assert!(parse_date_time("2021-02-29T09:15:00Z").is_none());
        assert!(parse_date_time("2021-06-23 09:15").is_none());
        assert_eq!(parse_date("2009-12"), Some(Date { year: 2009, month: 12, day: None }));
        assert_eq!(parse_date("2009-13"), None);
    }

    #[test]
    fn integer_and_string_ids_share_anchors() {
        let e = Thread::from_json(r#"{"posts": [{"id": 4, "author": {"name": "a"}, "body": ""}, {"id": "4", "author": {"name": "a"}, "body": ""}]}"#).unwrap_err();
        assert_eq!(e.0[0].kind, ErrorKind::DuplicateId);
    }

    #[test]
    fn unknown_fields_are_ignored_and_numbers_default_to_position() {
        let t = Thread::from_json(r#"{"posts": [{"id": "a", "author": {"name": "n"}, "body": "", "reactions": 3}], "page": {"first": 21, "last": 21, "total": 40}, "x": 1}"#).unwrap();
        assert_eq!(t.posts[0].number, 21);
    }

    /// The fields threads from other platforms bring (SPEC section 1).
    const PLATFORM: &str = r#"{"platform": "Mastodon", "users": {"ann": {"name": "Ann", "handle": "@ann@mastodon.social"}}, "posts": [
        {"id": 1, "author": "ann", "body": "<p>hi</p>", "format": "html", "url": "https://mastodon.social/@ann/1",
         "replies": 2, "reposts": 18, "likes": 23, "points": -4, "deleted": false},
        {"id": 2, "author": {"name": "[deleted]", "handle": null}, "deleted": true, "reply_to": 1, "likes": null},
        {"id": 3, "author": {"name": "mod"}, "body": "", "deleted": "removed", "reply_to": 1}
    ], "title": "t"}"#;

    #[test]
    fn the_fields_of_other_platforms_are_read() {
        let t = Thread::from_json(PLATFORM).unwrap();
        assert_eq!(t.platform.as_deref(), Some("Mastodon"));
        let p = &t.posts[0];
        assert_eq!(p.author.handle.as_deref(), Some("@ann@mastodon.social"));
        assert_eq!(p.url.as_deref(), Some("https://mastodon.social/@ann/1"));
        assert_eq!(p.counts, Counts { replies: Some(2), reposts: Some(18), likes: Some(23), points: Some(-4) });
        assert_eq!(p.deleted, None, "false is not deleted");
        assert_eq!((t.posts[1].deleted, t.posts[1].body.as_str(), t.posts[1].counts), (Some(Deleted::Deleted), "", Counts::default()), "a deleted post may leave its body out");
        assert_eq!(t.posts[1].author.handle, None);
        assert_eq!(t.posts[2].deleted, Some(Deleted::Removed));
        // Absent, they are absent: every file valid before reads as before.
        let seed = Thread::from_json(include_str!("../www/threads/seed.json")).unwrap();
        assert_eq!(seed.platform, None);
        assert!(seed.posts.iter().all(|p| p.url.is_none() && p.deleted.is_none() && p.counts == Counts::default() && p.author.handle.is_none()));
        same(PLATFORM);
    }

    #[test]
    fn the_fields_of_other_platforms_are_checked_with_paths() {
        let text = r#"{"platform": 5, "users": {"u": {"name": "U", "handle": ["@u"]}}, "posts": [
            {"id": 1, "author": "u", "body": "", "likes": -1, "reposts": "18", "replies": 2.5, "points": "1,081"},
            {"id": 2, "author": {"name": "a", "handle": 7}, "body": "", "url": {"href": "x"}, "deleted": "yes", "points": 1.5},
            {"id": 3, "author": {"name": "a"}, "deleted": false},
            {"id": 4, "author": {"name": "a"}, "deleted": 1}
        ]}"#;
        let e = Thread::from_json(text).unwrap_err();
        let got: Vec<String> = e.0.iter().map(|e| format!("{}: {}", e.path, e.message)).collect();
        assert_eq!(got, [
            "platform: expected a string, found the number 5",
            "users.u.handle: expected a string, found an array",
            "posts[0].likes: expected an integer ≥ 0, found the number -1",
            "posts[0].reposts: expected an integer, found the string \"18\"",
            "posts[0].replies: expected an integer, found the number 2.5",
            "posts[0].points: expected an integer, found the string \"1,081\"",
            "posts[1].author.handle: expected a string, found the number 7",
            "posts[1].url: expected a string, found an object",
            "posts[1].deleted: expected true, false or \"removed\", found the string \"yes\"",
            "posts[1].points: expected an integer, found the number 1.5",
            "posts[2]: missing required field `body`",
            "posts[3]: missing required field `body`",
            "posts[3].deleted: expected true, false or \"removed\", found the number 1",
        ]);
        assert_eq!((e.0[2].line, e.0[2].column), (Some(2), Some(59)), "at the -1");
        same(text);
    }

    #[test]
    fn more_says_what_the_file_does_not_hold() {
        let read = |more: &str| Thread::from_json(&format!(r#"{{"posts": [], {more}}}"#));
        assert_eq!(read(r#""more": {"posts": 1660, "url": "https://www.reddit.com/r/self/comments/1cebxh/"}"#).unwrap().more,
            Some(More { posts: Some(1660), url: Some("https://www.reddit.com/r/self/comments/1cebxh/".into()) }));
        // Both members are optional; `null` is absent, and so is an empty `more`'s content.
        assert_eq!(read(r#""more": {}"#).unwrap().more, Some(More::default()));
        assert_eq!(read(r#""more": {"posts": 0, "url": null}"#).unwrap().more, Some(More { posts: Some(0), url: None }));
        assert_eq!(read(r#""more": null"#).unwrap().more, None);
        assert_eq!(read(r#""title": "t""#).unwrap().more, None, "absent: every file valid before reads as before");
        let text = "{\"posts\": [],\n \"more\": {\"posts\": -3,\n  \"url\": [\"x\"]}, \"title\": \"t\"}";
        let e = Thread::from_json(text).unwrap_err();
        assert_eq!(e.to_string().lines().collect::<Vec<_>>(), [
            "more.posts: expected an integer ≥ 0, found the number -3 at line 2 column 20",
            "more.url: expected a string, found an array at line 3 column 10",
        ]);
        for (more, want) in [
            ("5", "more: expected an object, found the number 5"),
            ("[]", "more: expected an object, found an array"),
            (r#"{"posts": "12"}"#, "more.posts: expected an integer, found the string \"12\""),
            (r#"{"posts": 1.5}"#, "more.posts: expected an integer, found the number 1.5"),
            (r#"{"url": 7}"#, "more.url: expected a string, found the number 7"),
        ] {
            let e = read(&format!(r#""more": {more}"#)).unwrap_err();
            assert_eq!(e.0.iter().map(|e| format!("{}: {}", e.path, e.message)).collect::<Vec<_>>(), [want], "{more}");
            assert_eq!((e.0[0].line, e.0[0].column.is_some()), (Some(1), true), "{more}");
        }
        same(text);
        same(r#"{"more": {"posts": 3}, "posts": [{"id": 1, "author": {"name": "a"}, "body": ""}], "more": {"url": "https://x.example/"}}"#);
    }
}
