//! `write::thread_json`: every thread read, written and read again is the same thread.

use thread_widget::model::Thread;
use thread_widget::write::thread_json;

fn json_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

#[test]
fn every_valid_fixture_reads_back_the_same_after_writing() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for d in ["www/threads", "tests/fixtures", "tests/snapshots"] {
        if root.join(d).is_dir() {
            json_files(&root.join(d), &mut files);
        }
    }
    let mut tried = 0;
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else { continue };
        let Ok(t) = Thread::from_json(&text) else { continue };
        let written = thread_json(&t);
        let back = Thread::from_json(&written).unwrap_or_else(|e| panic!("{}: {e}\n{written}", f.display()));
        assert_eq!(back, t, "{}", f.display());
        // Written twice, the same text.
        assert_eq!(thread_json(&back), written, "{}", f.display());
        tried += 1;
    }
    assert!(tried >= 5, "only {tried} fixtures");
}

#[test]
fn every_field_survives_and_authors_are_written_once() {
    let json = r#"{"version": 1, "title": "T \"q\"", "url": "https://x.example/t", "platform": "Mastodon", "forum": {"name": "F", "url": "/f"},
      "format": "html",
      "users": {"a": {"name": "Ann", "handle": "@ann@x.example", "title": "Tt", "avatar": "a.png", "url": "https://x.example/@ann",
                      "joined": "2009-12", "last_online": "2023-10-21T08:08:00+07:00", "location": "Chiang Mai\n", "posts": 48807}},
      "posts": [
        {"id": 1, "author": "a", "created": "2021-06-23T09:15:00+07:00", "edited": "2021-06-23T10:15:00Z", "body": "<p>x</p>", "url": "https://x.example/1",
         "replies": 3, "reposts": 4, "likes": 5, "points": -2},
        {"id": "b", "author": "a", "format": "markdown", "reply_to": 1, "body": "*y*", "deleted": "removed"},
        {"id": 3, "author": {"name": "Ann"}, "body": "", "deleted": true}],
      "browsing": {"members": 1, "guests": 2, "names": ["z"]},
      "permissions": {"new_threads": false, "replies": true},
      "page": {"first": 1, "last": 3, "total": 9, "next": "p2.json"},
      "more": {"posts": 1660, "url": "https://x.example/t?all=1&page=2"}}"#;
    let t = Thread::from_json(json).unwrap();
    let written = thread_json(&t);
    assert_eq!(Thread::from_json(&written).unwrap(), t);
    let v: serde_json::Value = serde_json::from_str(&written).unwrap();
    // Two authors named Ann (one with more fields): two keys.
    assert_eq!(v["users"].as_object().unwrap().len(), 2, "{written}");
    assert_eq!(v["posts"][2]["author"], "Ann (2)");
    assert_eq!(v["posts"][1]["format"], "markdown");
    assert!(v["posts"][0].get("format").is_none());
    assert_eq!(v["more"], serde_json::json!({"posts": 1660, "url": "https://x.example/t?all=1&page=2"}));
}

#[test]
fn more_is_written_with_the_members_it_has_and_kept_in_every_page_file() {
    use thread_widget::model::More;
    let mut t = Thread::from_json(r#"{"url": "https://x.example/t", "posts": [
        {"id": 1, "author": {"name": "a"}, "body": "x"}, {"id": 2, "author": {"name": "a"}, "body": "y"}, {"id": 3, "author": {"name": "a"}, "body": "z"}]}"#).unwrap();
    for more in [None, Some(More::default()), Some(More { posts: Some(0), url: None }), Some(More { posts: None, url: Some("https://x.example/t/all".into()) }), Some(More { posts: Some(u64::from(u32::MAX) + 7), url: Some("/t\"\u{0}".into()) })] {
        t.more = more.clone();
        let written = thread_json(&t);
        assert_eq!(Thread::from_json(&written).unwrap(), t, "{written}");
        let v: serde_json::Value = serde_json::from_str(&written).unwrap();
        match &more {
            None => assert!(v.get("more").is_none()),
            Some(m) => {
                assert_eq!(v["more"].get("posts").and_then(|p| p.as_u64()), m.posts);
                assert_eq!(v["more"].get("url").and_then(|u| u.as_str()), m.url.as_deref());
            }
        }
        // The conversation beyond the whole thread: every page file says it.
        for (name, page) in thread_widget::write::pages(&t, 2, "x") {
            assert_eq!(page.more, more, "{name}");
            assert_eq!(Thread::from_json(&thread_json(&page)).unwrap(), page);
        }
    }
}
