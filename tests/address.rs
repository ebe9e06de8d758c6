//! Public addresses → the platform conversation they name (src/import/address.rs).
#![cfg(feature = "readers")]

use thread_widget::import::address::{discourse_rest, link_next, recognize, Live};

#[test]
fn a_reader_copied_address_names_its_platform_and_conversation() {
    let m = |o: &str, id: &str| Some(Live::Mastodon { origin: o.into(), id: id.into() });
    assert_eq!(recognize("https://mastodon.social/@austinkocher/109294767623508949"), m("https://mastodon.social", "109294767623508949"));
    assert_eq!(recognize("https://Fosstodon.ORG/@someone@mastodon.social/112233#replies"), m("https://fosstodon.org", "112233"));
    assert_eq!(recognize("https://hachyderm.io/users/kris/statuses/111"), m("https://hachyderm.io", "111"));
    assert_eq!(recognize("https://bsky.app/profile/hagoromo.bsky.social/post/3k7wb2lcpso2x"), Some(Live::Bluesky { actor: "hagoromo.bsky.social".into(), rkey: "3k7wb2lcpso2x".into() }));
    assert_eq!(recognize("https://bsky.app/profile/did:plc:l4fsx4ujos7uw7n4ijq2ulgs/post/3k7wb2lcpso2x"), Some(Live::Bluesky { actor: "did:plc:l4fsx4ujos7uw7n4ijq2ulgs".into(), rkey: "3k7wb2lcpso2x".into() }));
    let g = |n| Some(Live::Github { owner: "PyGithub".into(), repo: "PyGithub".into(), number: n });
    assert_eq!(recognize("https://github.com/PyGithub/PyGithub/issues/180"), g(180));
    assert_eq!(recognize("https://github.com/PyGithub/PyGithub/pull/2#issuecomment-1"), g(2));
    assert_eq!(recognize("https://github.com/PyGithub/PyGithub/pull/2/files"), g(2));
    assert_eq!(recognize("https://news.ycombinator.com/item?id=17"), Some(Live::HackerNews { id: 17 }));
    assert_eq!(recognize("https://news.ycombinator.com/item?foo=1&id=8863"), Some(Live::HackerNews { id: 8863 }));
    let d = |id, post| Some(Live::Discourse { origin: "https://discuss.criticalfallibilism.com".into(), id, post });
    assert_eq!(recognize("https://discuss.criticalfallibilism.com/t/2144"), d(2144, None));
    assert_eq!(recognize("https://discuss.criticalfallibilism.com/t/2144/8"), d(2144, Some(8)));
    assert_eq!(recognize("https://discuss.criticalfallibilism.com/t/some-topic/2144"), d(2144, None));
    assert_eq!(recognize("https://discuss.criticalfallibilism.com/t/some-topic/2144/41?u=x"), d(2144, Some(41)));
}

#[test]
fn a_file_or_anything_else_is_no_platform() {
    for url in [
        "/threads/1234.json", "threads/seed.json", "https://example.org/threads/1234.json", "https://example.org/t/5.json",
        "https://mastodon.social/@user", "https://mastodon.social/@user/notanumber", "https://github.com/o/r", "https://github.com/o/r/issues/x",
        "https://news.ycombinator.com/item?id=abc", "https://news.ycombinator.com/news", "https://bsky.app/profile/x", "javascript:alert(1)//@a/1",
        "ftp://mastodon.social/@a/1", "https://user@host/@a/1", "https://example.org/t/", "https://example.org/t/slug/not-a-number",
        "", "https://", "mailto:a@b",
    ] {
        assert_eq!(recognize(url), None, "{url}");
    }
}

#[test]
fn each_platform_s_first_requests_and_what_data_api_replaces() {
    let r = |url: &str, base: Option<&str>| {
        let live = recognize(url).unwrap();
        live.first_requests(base.map_or_else(|| live.api_base(), str::to_owned).as_str())
    };
    assert_eq!(r("https://mastodon.social/@a/109", None), ["https://mastodon.social/api/v1/statuses/109", "https://mastodon.social/api/v1/statuses/109/context"]);
    assert_eq!(r("https://mastodon.social/@a/109", Some("http://127.0.0.1:9/_fail/429/")), ["http://127.0.0.1:9/_fail/429/api/v1/statuses/109", "http://127.0.0.1:9/_fail/429/api/v1/statuses/109/context"]);
    assert_eq!(
        r("https://bsky.app/profile/a.bsky.social/post/3k", None),
        ["https://public.api.bsky.app/xrpc/app.bsky.feed.getPostThread?uri=at%3A%2F%2Fa.bsky.social%2Fapp.bsky.feed.post%2F3k&depth=100&parentHeight=100"]
    );
    assert_eq!(r("https://github.com/o/r/issues/5", None), ["https://api.github.com/repos/o/r/issues/5", "https://api.github.com/repos/o/r/issues/5/comments?per_page=100"]);
    assert_eq!(r("https://github.com/o/r/pull/5", Some("https://ghe.example.com/api/v3")), ["https://ghe.example.com/api/v3/repos/o/r/issues/5", "https://ghe.example.com/api/v3/repos/o/r/issues/5/comments?per_page=100"]);
    assert_eq!(r("https://news.ycombinator.com/item?id=17", None), ["https://hn.algolia.com/api/v1/items/17"]);
    assert_eq!(r("https://forum.example/t/x/12/3", None), ["https://forum.example/t/12.json"]);
}

#[test]
fn github_s_link_header_and_discourse_s_stream_give_the_next_requests() {
    let link = r#"<https://api.github.com/repositories/3544490/issues/180/comments?per_page=100&page=2>; rel="next", <https://api.github.com/repositories/3544490/issues/180/comments?per_page=100&page=4>; rel="last""#;
    assert_eq!(link_next(link).as_deref(), Some("https://api.github.com/repositories/3544490/issues/180/comments?per_page=100&page=2"));
    assert_eq!(link_next(r#"<https://x/?page=1>; rel="prev", <https://x/?page=1>; rel="first""#), None);
    assert_eq!(link_next(""), None);
    let stream: Vec<u64> = (1..=130).collect();
    let have: Vec<u64> = (1..=20).collect();
    let rest = discourse_rest("https://f.example/", 7, &stream, &have);
    assert_eq!(rest.len(), 3, "110 posts in chunks of 50");
    assert!(rest[0].starts_with("https://f.example/t/7/posts.json?post_ids%5B%5D=21&post_ids%5B%5D=22&"));
    assert!(rest[2].ends_with("post_ids%5B%5D=130"));
    let long: Vec<u64> = (1..=5000).collect();
    assert_eq!(discourse_rest("https://f.example", 7, &long, &have).iter().map(|u| u.matches("post_ids").count()).sum::<usize>(), 980, "at most 1,000 posts in all");
}

#[test]
fn the_shared_list_of_addresses_is_read_as_the_entry_reads_it() {
    // tests/data/addresses.json: the same list holds js/index.js's isLive (tests/e2e/live.mjs).
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/addresses.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    for url in v["live"].as_array().unwrap() {
        assert!(recognize(url.as_str().unwrap()).is_some(), "{url} should be read live");
    }
    for url in v["not"].as_array().unwrap() {
        assert_eq!(recognize(url.as_str().unwrap()), None, "{url} is no platform's address");
    }
}
