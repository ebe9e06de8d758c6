//! The seed thread's HTML, reviewed by hand. A change here must be read, not
//! blessed: regenerate with `UPDATE_SNAPSHOTS=1 cargo test --test snapshot`
//! and review the diff before committing it.

use thread_widget::{render_to_string, Config};

fn check(name: &str, json: &str, config: &Config) {
    let html = render_to_string(json, config).expect("fixture is valid");
    let path = format!("{}/tests/snapshots/{name}.html", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, format!("{html}\n")).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("missing snapshot {path}: run with UPDATE_SNAPSHOTS=1 and review it"));
    if want.trim_end() != html {
        let (a, b) = (want.trim_end(), html.as_str());
        let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
        let from = at.saturating_sub(80);
        panic!(
            "{name}: HTML differs from the snapshot at byte {at}\n snapshot: …{}…\n now:      …{}…",
            &a[from..(at + 120).min(a.len())],
            &b[from..(at + 120).min(b.len())]
        );
    }
}

#[test]
fn seed_thread_html_matches_the_reviewed_snapshot() {
    let seed = include_str!("../www/threads/seed.json");
    check("seed", seed, &Config { lang: "en".into(), ..Config::default() });
}

#[test]
fn seed_thread_paged_newest_first_matches_the_reviewed_snapshot() {
    let seed = include_str!("../www/threads/seed.json");
    let config = Config { lang: "en".into(), page_size: Some(2), page: 2, order: thread_widget::config::Order::Newest, ..Config::default() };
    check("seed-paged-newest", seed, &config);
}

/// A conversation from another platform, with every field SPEC section 1
/// adds for such threads: the platform's name, handles, each post's own
/// address, its counts, and a deleted and a removed post in their places;
/// and the conversation larger than the file (`more`), linked to its `url`.
const PLATFORM: &str = r#"{
  "version": 1,
  "title": "Mastodon 4.3 is out",
  "url": "https://mastodon.example/@ann/110",
  "platform": "Mastodon",
  "more": { "posts": 57 },
  "format": "html",
  "users": {
    "ann": { "name": "Ann Example", "handle": "@ann@mastodon.example", "avatar": "avatars/ann.png", "url": "https://mastodon.example/@ann" },
    "bo": { "name": "بو", "handle": "@bo@social.example" }
  },
  "posts": [
    { "id": "110", "author": "ann", "created": "2024-10-08T14:02:00Z", "url": "https://mastodon.example/@ann/110",
      "body": "<p>Mastodon 4.3 is out!</p>", "replies": 3, "reposts": 1234, "likes": 48807 },
    { "id": "111", "author": "bo", "reply_to": "110", "created": "2024-10-08T14:10:00Z", "url": "https://social.example/@bo/111",
      "body": "<p>Congratulations!</p>", "likes": 1, "reposts": 0, "points": -2 },
    { "id": "112", "author": { "name": "[deleted]" }, "reply_to": "110", "deleted": true, "body": "" },
    { "id": "113", "author": { "name": "spam" }, "reply_to": "110", "deleted": "removed", "url": "javascript:alert(1)" }
  ]
}"#;

#[test]
fn a_thread_from_another_platform_matches_the_reviewed_snapshot() {
    check("platform", PLATFORM, &Config { lang: "en".into(), ..Config::default() });
}

#[test]
fn a_thread_from_another_platform_in_arabic_matches_the_reviewed_snapshot() {
    check("platform-ar", PLATFORM, &Config { lang: "ar".into(), ..Config::default() });
}
