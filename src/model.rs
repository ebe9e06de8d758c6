//! Thread JSON, schema version 1: the model and its validation.
//!
//! [`Thread::from_json`] parses text and reports every problem it finds, each
//! with its JSON path and its line and column; [`Thread::from_value`] does the
//! same for a value that came without text (a JS object), without positions.

use std::rc::Rc;

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
        match self.day {
            Some(d) => format!("{:04}-{:02}-{:02}", self.year, self.month, d),
            None => format!("{:04}-{:02}", self.year, self.month),
        }
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
        (false, true) => format!("{parent}.{key}"),
        (_, false) => format!("{parent}[{}]", quoted(key)),
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
        self.push(ErrorKind::Type, path, v.pos, format!("expected {what}, found {}", v.describe()));
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
            self.push(ErrorKind::Missing, path, obj.pos, format!("missing required field `{key}`"));
        }
        v
    }

    /// An optional member; `null` counts as absent.
    fn optional<'v>(&self, obj: &'v Value, key: &str) -> Option<&'v Value> {
        obj.get(key).filter(|v| v.kind != Kind::Null)
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

    fn opt_string(&mut self, parent: &str, obj: &Value, key: &str) -> Option<String> {
        let v = self.optional(obj, key)?;
        self.string(&key_path(parent, key), v)
    }

    fn count(&mut self, path: &str, v: &Value) -> Option<u64> {
        match v.kind {
            Kind::Int(i) if i >= 0 => Some(i as u64),
            Kind::Int(_) => {
                self.push(ErrorKind::Value, path, v.pos, format!("expected an integer ≥ 0, found {}", v.describe()));
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
        self.count(&key_path(parent, key), v)
    }

    fn req_count(&mut self, parent: &str, obj: &Value, key: &str) -> Option<u64> {
        let v = self.required(parent, obj, key)?;
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

    fn id(&mut self, path: &str, v: &Value) -> Option<String> {
        match &v.kind {
            Kind::Int(i) => Some(i.to_string()),
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
            self.push(ErrorKind::Value, path, v.pos, format!("expected \"text\", \"bbcode\" or \"markdown\", found {}", v.describe()));
        }
        f
    }

    fn date_time(&mut self, parent: &str, obj: &Value, key: &str) -> Option<DateTime> {
        let v = self.optional(obj, key)?;
        let path = key_path(parent, key);
        let s = self.string(&path, v)?;
        let dt = parse_date_time(&s);
        if dt.is_none() {
            self.push(ErrorKind::Value, &path, v.pos, format!("expected an RFC 3339 date-time like \"2021-06-23T09:15:00+07:00\", found {}", v.describe()));
        }
        dt
    }

    fn author(&mut self, path: &str, v: &Value) -> Option<Author> {
        self.object(path, v)?;
        let name_v = self.required(path, v, "name");
        let name = name_v.and_then(|n| self.string(&key_path(path, "name"), n));
        let joined = match self.optional(v, "joined") {
            Some(j) => {
                let p = key_path(path, "joined");
                let s = self.string(&p, j);
                let d = s.as_deref().and_then(parse_date);
                if s.is_some() && d.is_none() {
                    self.push(ErrorKind::Value, &p, j.pos, format!("expected a date like \"2009-12\", \"2009-12-01\" or an RFC 3339 date-time, found {}", j.describe()));
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
        };
        Some(author)
    }
}

impl Thread {
    /// Parses and validates thread JSON text. On failure, every problem found,
    /// each with its path, line and column.
    pub fn from_json(text: &str) -> Result<Thread, Errors> {
        let value = json::parse(text)?;
        Thread::validate(&value, Some(text))
    }

    /// Validates a JSON value that did not come from text (no positions).
    pub fn from_value(value: &Value) -> Result<Thread, Errors> {
        Thread::validate(value, None)
    }

    fn validate(root: &Value, text: Option<&str>) -> Result<Thread, Errors> {
        let mut c = Check { text, errors: Vec::new() };
        if c.object("", root).is_none() {
            let e = c.errors.pop().map(|mut e| {
                e.message = format!("a thread must be a JSON object, found {}", root.describe());
                e
            });
            return Err(Errors(e.into_iter().collect()));
        }
        let version = match root.get("version") {
            None => VERSION,
            Some(v) => match v.kind {
                Kind::Int(n) if n > VERSION => {
                    c.push(ErrorKind::Version, "version", v.pos, format!("this thread uses schema version {n}, but this widget reads version {VERSION} at most: update thread-widget"));
                    // Fields of a newer schema cannot be read with confidence.
                    return Err(Errors(c.errors));
                }
                Kind::Int(n) if n >= 1 => n,
                _ => {
                    c.push(ErrorKind::Value, "version", v.pos, format!("expected a schema version (1), found {}", v.describe()));
                    VERSION
                }
            },
        };
        let format = match c.optional(root, "format") {
            Some(v) => c.format("format", v).unwrap_or_default(),
            None => Format::Text,
        };
        let forum = c.optional(root, "forum").and_then(|f| {
            c.object("forum", f)?;
            let name = c.required("forum", f, "name").and_then(|n| c.string("forum.name", n))?;
            Some(Forum { name, url: c.opt_string("forum", f, "url") })
        });

        // Sorted by key (stably, so the last of a repeated key wins), searched
        // by bisection: no hash map in the wasm.
        let mut authors: Vec<Rc<Author>> = Vec::new();
        let mut users: Vec<(&str, usize)> = Vec::new();
        if let Some(u) = c.optional(root, "users") {
            if let Some(members) = c.object("users", u) {
                for (key, v) in members {
                    let p = key_path("users", key);
                    if let Some(a) = c.author(&p, v) {
                        users.push((key.as_str(), authors.len()));
                        authors.push(Rc::new(a));
                    }
                }
            }
        }
        // One sort instantiation for every sorted index (each costs ~3 KB of wasm).
        users.sort_unstable();

        let page = c.optional(root, "page").and_then(|p| {
            c.object("page", p)?;
            let first = c.req_count("page", p, "first");
            let last = c.req_count("page", p, "last");
            let total = c.req_count("page", p, "total");
            let next = c.opt_string("page", p, "next");
            let prev = c.opt_string("page", p, "prev");
            Some(Page { first: first?, last: last?, total: total?, next, prev })
        });

        let mut posts = Vec::new();
        match c.required("", root, "posts") {
            Some(Value { kind: Kind::Array(items), .. }) => {
                let first_number = page.as_ref().map_or(1, |p| p.first.max(1));
                // Repeated ids, found up front by sorting: first_of[i] is the
                // first post that has post i's id.
                let ints: Vec<String> = items.iter().map(|pv| match pv.get("id").map(|v| &v.kind) {
                    Some(Kind::Int(n)) => n.to_string(),
                    _ => String::new(),
                }).collect();
                let mut keyed: Vec<(&str, usize)> = items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, pv)| match &pv.get("id")?.kind {
                        Kind::Int(_) => Some((ints[i].as_str(), i)),
                        Kind::Str(s) if !s.is_empty() => Some((s.as_str(), i)),
                        _ => None,
                    })
                    .collect();
                keyed.sort_unstable();
                let mut first_of: Vec<Option<usize>> = vec![None; items.len()];
                for w in keyed.windows(2) {
                    if w[0].0 == w[1].0 {
                        first_of[w[1].1] = Some(first_of[w[0].1].unwrap_or(w[0].1));
                    }
                }
                for (i, pv) in items.iter().enumerate() {
                    let path = format!("posts[{i}]");
                    if c.object(&path, pv).is_none() {
                        continue;
                    }
                    let id = c.required(&path, pv, "id").and_then(|v| {
                        let id = c.id(&format!("{path}.id"), v)?;
                        if let Some(prev) = first_of[i] {
                            c.push(ErrorKind::DuplicateId, &format!("{path}.id"), v.pos, format!("duplicate post id {}: posts[{prev}] has it too", quoted(&id)));
                            return None;
                        }
                        Some(id)
                    });
                    let author = c.required(&path, pv, "author").and_then(|av| {
                        let ap = format!("{path}.author");
                        match &av.kind {
                            Kind::Str(key) => {
                                // The last of a repeated key wins: it sorts last.
                                let at = users.partition_point(|(k, _)| *k <= key.as_str());
                                let found = at.checked_sub(1).map(|j| users[j]).filter(|(k, _)| *k == key).map(|(_, a)| authors[a].clone());
                                if found.is_none() {
                                    c.push(ErrorKind::UnknownAuthor, &ap, av.pos, format!("no user {} in `users`", quoted(key)));
                                }
                                found
                            }
                            Kind::Object(_) => c.author(&ap, av).map(Rc::new),
                            _ => {
                                c.expected(&ap, av, "an author object or a key of `users`");
                                None
                            }
                        }
                    });
                    let number = c.opt_count(&path, pv, "number");
                    let created = c.date_time(&path, pv, "created");
                    let edited = c.date_time(&path, pv, "edited");
                    let post_format = match c.optional(pv, "format") {
                        Some(v) => c.format(&format!("{path}.format"), v),
                        None => Some(format),
                    };
                    let body = c.required(&path, pv, "body").and_then(|b| c.string(&format!("{path}.body"), b));
                    let reply_to = c.optional(pv, "reply_to").and_then(|r| c.id(&format!("{path}.reply_to"), r));
                    if let (Some(id), Some(author), Some(body)) = (id, author, body) {
                        posts.push(Post {
                            id,
                            number: number.unwrap_or(first_number + i as u64),
                            author,
                            created,
                            edited,
                            format: post_format.unwrap_or(format),
                            body,
                            reply_to,
                        });
                    }
                }
            }
            Some(other) => c.expected("posts", other, "an array of posts"),
            None => {}
        }

        let browsing = c.optional(root, "browsing").and_then(|b| {
            c.object("browsing", b)?;
            let members = c.req_count("browsing", b, "members");
            let guests = c.req_count("browsing", b, "guests");
            let mut names = Vec::new();
            if let Some(n) = c.optional(b, "names") {
                match &n.kind {
                    Kind::Array(items) => {
                        for (i, item) in items.iter().enumerate() {
                            if let Some(s) = c.string(&format!("browsing.names[{i}]"), item) {
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

        let thread = Thread {
            version,
            title: c.opt_string("", root, "title"),
            url: c.opt_string("", root, "url"),
            forum,
            format,
            posts,
            browsing,
            permissions,
            page,
        };
        if c.errors.is_empty() {
            Ok(thread)
        } else {
            // Report in document order.
            c.errors.sort_by_key(|e| (e.line, e.column));
            Err(Errors(c.errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let t = Thread::from_json(r#"{"posts": [{"id": "a", "author": {"name": "n"}, "body": "", "likes": 3}], "page": {"first": 21, "last": 21, "total": 40}, "x": 1}"#).unwrap();
        assert_eq!(t.posts[0].number, 21);
    }
}
