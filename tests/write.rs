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
      "page": {"first": 1, "last": 3, "total": 9, "next": "p2.json"}}"#;
    let t = Thread::from_json(json).unwrap();
    let written = thread_json(&t);
    assert_eq!(Thread::from_json(&written).unwrap(), t);
    let v: serde_json::Value = serde_json::from_str(&written).unwrap();
    // Two authors named Ann (one with more fields): two keys.
    assert_eq!(v["users"].as_object().unwrap().len(), 2, "{written}");
    assert_eq!(v["posts"][2]["author"], "Ann (2)");
    assert_eq!(v["posts"][1]["format"], "markdown");
    assert!(v["posts"][0].get("format").is_none());
}
