//! Unit tests of model.rs.

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
    let seed = Thread::from_json(include_str!("../../www/threads/seed.json")).unwrap();
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
