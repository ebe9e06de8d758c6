//! `thread_widget::import::bluesky`, on the real recorded getPostThread
//! response in ../shared/corpora/threads, and on hand-made changes to it.

use scraper::{ElementRef, Html, Selector};
use serde_json::{json, Value};
use thread_widget::config::{Config, Layout};
use thread_widget::import::bluesky;
use thread_widget::model::{Deleted, Thread};

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/threads/bluesky-hagoromo-postthread-3k7wb2lcpso2x.json");
const ROOT: &str = "at://did:plc:l4fsx4ujos7uw7n4ijq2ulgs/app.bsky.feed.post/3k7wb2lcpso2x";

fn text() -> String {
    std::fs::read_to_string(FILE).unwrap_or_else(|e| panic!("{FILE}: {e}"))
}

fn raw() -> Value {
    serde_json::from_str(&text()).unwrap()
}

/// The crate's own JSON tree of a value (what `looks_like` reads).
fn tree(v: &Value) -> thread_widget::json::Value {
    thread_widget::json::parse(&v.to_string()).unwrap()
}

fn one(v: &Value) -> Thread {
    let mut ts = bluesky::import(&[&serde_json::to_string(v).unwrap()]).unwrap();
    assert_eq!(ts.len(), 1);
    ts.remove(0)
}

/// The thread's nodes in pre-order, as the raw JSON has them.
fn preorder(node: &Value, out: &mut Vec<Value>) {
    out.push(node.clone());
    for r in node["replies"].as_array().into_iter().flatten() {
        preorder(r, out);
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The id of the nearest article that holds this one.
fn parent_article(el: ElementRef) -> Option<String> {
    el.ancestors().filter_map(ElementRef::wrap).find(|a| a.value().name() == "article").and_then(|a| a.value().id().map(str::to_owned))
}

/// Renders nested and checks that each reply's article stands inside the article of the post it answers.
fn nests(t: &Thread) {
    let written = thread_widget::write::thread_json(t);
    let html = thread_widget::render_to_string(&written, &Config { lang: "en".into(), layout: Layout::Nested, ..Config::default() }).unwrap();
    let doc = Html::parse_fragment(&html);
    assert_eq!(doc.select(&sel("article.tw-post")).count(), t.posts.len());
    for a in doc.select(&sel("article.tw-post")) {
        let id = a.value().id().unwrap().strip_prefix("post-").unwrap();
        let p = t.posts.iter().find(|p| p.id == id).unwrap();
        let inside = parent_article(a);
        match p.reply_to.as_deref().filter(|r| t.posts.iter().any(|q| q.id == *r)) {
            Some(r) => assert_eq!(inside, Some(format!("post-{r}")), "{id}"),
            None => assert_eq!(inside, None, "{id}"),
        }
    }
}

#[test]
fn the_recorded_thread_arrives_every_post_once_with_its_fields() {
    let v = raw();
    let mut nodes = Vec::new();
    preorder(&v["thread"], &mut nodes);
    assert_eq!(nodes.len(), 6);
    let ts = bluesky::import(&[&text()]).unwrap();
    assert_eq!(ts.len(), 1);
    let t = &ts[0];
    assert_eq!(&Thread::from_json(&thread_widget::write::thread_json(t)).unwrap(), t);
    assert_eq!(t.platform.as_deref(), Some("Bluesky"));
    assert_eq!(t.title.as_deref(), Some("test"));
    assert_eq!(t.url.as_deref(), Some("https://bsky.app/profile/ioriayane.bsky.social/post/3k7wb2lcpso2x"));
    assert_eq!(t.posts.len(), nodes.len());
    for (i, (p, n)) in t.posts.iter().zip(&nodes).enumerate() {
        let post = &n["post"];
        let uri = post["uri"].as_str().unwrap();
        assert_eq!(p.id, uri);
        assert_eq!(p.number, i as u64 + 1);
        assert_eq!(t.posts.iter().filter(|q| q.id == uri).count(), 1);
        assert_eq!(p.reply_to.as_deref(), post["record"]["reply"]["parent"]["uri"].as_str(), "{uri}");
        let handle = post["author"]["handle"].as_str().unwrap();
        let rkey = uri.rsplit('/').next().unwrap();
        assert_eq!(p.url, Some(format!("https://bsky.app/profile/{handle}/post/{rkey}")));
        assert_eq!(p.created.as_ref().unwrap().text, post["record"]["createdAt"].as_str().unwrap());
        assert_eq!(p.body, format!("<p>{}</p>", post["record"]["text"].as_str().unwrap()), "the texts are plain words");
        assert_eq!((p.counts.replies, p.counts.reposts, p.counts.likes, p.counts.points), (post["replyCount"].as_u64(), post["repostCount"].as_u64(), post["likeCount"].as_u64(), None));
        assert_eq!(p.deleted, None);
        assert_eq!(p.edited, None);
        let a = &p.author;
        assert_eq!(a.name, post["author"]["displayName"].as_str().unwrap_or(handle));
        assert_eq!(a.handle, Some(format!("@{handle}")));
        assert_eq!(a.avatar.as_deref(), post["author"]["avatar"].as_str());
        assert_eq!(a.url, Some(format!("https://bsky.app/profile/{handle}")));
    }
    assert_eq!(t.posts[0].reply_to, None);
    // One author a DID: the two posts of ioriayane2 share one author.
    assert!(std::rc::Rc::ptr_eq(&t.posts[1].author, &t.posts[3].author));
    assert_eq!(t.posts[5].author.name, "IoriAYANE");
    nests(t);
}

#[test]
fn it_is_told_apart_from_the_other_platforms_files() {
    assert!(bluesky::looks_like(&tree(&raw())));
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/threads");
    let mut others = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".json") && !name.starts_with("bluesky") {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            assert!(!bluesky::looks_like(&tree(&v)), "{name}");
            // Importing one is a precise error naming the input.
            let e = bluesky::import(&[&v.to_string()]).unwrap_err();
            assert!(e.starts_with("input 1: not a Bluesky post thread (app.bsky.feed.getPostThread): "), "{name}: {e}");
            others += 1;
        }
    }
    assert!(others >= 6, "{others}");
    assert!(!bluesky::looks_like(&tree(&json!({"thread": {"title": "x"}}))));
    assert!(!bluesky::looks_like(&tree(&json!([1, 2]))));
}

/// The real root post with its text and facets replaced.
fn with_facets(text: &str, facets: Value) -> Thread {
    let mut v = raw();
    v["thread"]["replies"] = json!([]);
    v["thread"]["post"]["record"]["text"] = text.into();
    v["thread"]["post"]["record"]["facets"] = facets;
    one(&v)
}

fn facet(start: i64, end: i64, feature: Value) -> Value {
    json!({"index": {"byteStart": start, "byteEnd": end}, "features": [feature]})
}

fn link(uri: &str) -> Value {
    json!({"$type": "app.bsky.richtext.facet#link", "uri": uri})
}

#[test]
fn facets_become_links_by_their_utf8_byte_ranges() {
    // "héllo " is 7 bytes: é is two.
    let text = "héllo @alice.test see example.org/a?b=1&c=2 #日本 <b>!";
    let at = |s: &str| text.find(s).unwrap() as i64;
    let t = with_facets(text, json!([
        facet(at("example"), at(" #"), link("https://example.org/a?b=1&c=2")),
        facet(at("@alice"), at(" see"), json!({"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:abc123"})),
        facet(at("#日本"), at(" <b>"), json!({"$type": "app.bsky.richtext.facet#tag", "tag": "日本"})),
    ]));
    assert_eq!(t.posts[0].body, "<p>héllo <a href=\"https://bsky.app/profile/did:plc:abc123\">@alice.test</a> see \
        <a href=\"https://example.org/a?b=1&amp;c=2\">example.org/a?b=1&amp;c=2</a> \
        <a href=\"https://bsky.app/hashtag/%E6%97%A5%E6%9C%AC\">#日本</a> &lt;b&gt;!</p>");
    assert_eq!(t.title.as_deref(), Some(text), "the title is the text, not HTML");
    nests(&t);
}

#[test]
fn bad_facet_ranges_leave_the_text_as_text() {
    let text = "aé b c"; // a=0, é=1..3, ' '=3, b=4, ' '=5, c=6, len 7
    let cases = [
        (facet(4, 8, link("https://x.test/")), "out of the text"),
        (facet(-1, 1, link("https://x.test/")), "negative"),
        (facet(2, 4, link("https://x.test/")), "starts inside é"),
        (facet(0, 2, link("https://x.test/")), "ends inside é"),
        (facet(4, 4, link("https://x.test/")), "empty"),
        (facet(5, 4, link("https://x.test/")), "backwards"),
        (facet(0, 1, link("javascript:alert(1)")), "not http(s)"),
        (facet(0, 1, json!({"$type": "app.bsky.richtext.facet#mention", "did": "javascript:alert(1)"})), "not a DID"),
        (facet(0, 1, json!({"$type": "app.bsky.richtext.facet#unknown", "uri": "https://x.test/"})), "unknown feature"),
        (json!({"features": [link("https://x.test/")]}), "no index"),
        (json!({"index": {"byteStart": 0, "byteEnd": 1}, "features": []}), "no feature"),
    ];
    for (f, why) in cases {
        assert_eq!(with_facets(text, json!([f])).posts[0].body, "<p>aé b c</p>", "{why}");
    }
    // Overlaps: the first by its start wins, the one that overlaps it is left out; touching ones are both kept.
    let t = with_facets(text, json!([facet(4, 7, link("https://two.test/")), facet(0, 5, link("https://one.test/")), facet(5, 6, link("https://three.test/"))]));
    assert_eq!(t.posts[0].body, "<p><a href=\"https://one.test/\">aé b</a><a href=\"https://three.test/\"> </a>c</p>");
    // A facet over the whole text.
    let t = with_facets(text, json!([facet(0, 7, link("https://all.test/\"><script>"))]));
    assert_eq!(t.posts[0].body, "<p><a href=\"https://all.test/&quot;&gt;&lt;script&gt;\">aé b c</a></p>");
}

#[test]
fn line_breaks_and_blank_lines_become_br_and_paragraphs() {
    let t = with_facets("\n\none\ntwo\n\n\nthree\n  \nfour\r\n  five\n\n", json!([]));
    assert_eq!(t.posts[0].body, "<p>one<br>two</p><p>three</p><p>four<br>  five</p>");
    // A link across a line break keeps it as <br>; a link right after a blank line starts the paragraph.
    let text = "a\n\nlink\nhere b";
    let t = with_facets(text, json!([facet(3, 12, link("https://x.test/"))]));
    assert_eq!(t.posts[0].body, "<p>a</p><p><a href=\"https://x.test/\">link<br>here</a> b</p>");
    // An image-only post: no text, an empty body.
    let t = with_facets("", json!([]));
    assert_eq!((t.posts[0].body.as_str(), t.title.as_deref()), ("", None));
}

#[test]
fn ancestors_lead_and_posts_that_are_gone_keep_their_place_only_when_answered() {
    let mut v = raw();
    let main = v["thread"].clone();
    // The recorded root answers a parent, which answers a deleted root.
    let gone_root = "at://did:plc:zzz/app.bsky.feed.post/3aaa";
    let parent_uri = "at://did:plc:ppp/app.bsky.feed.post/3bbb";
    let mut parent_post = main["post"].clone();
    parent_post["uri"] = parent_uri.into();
    parent_post["author"] = json!({"did": "did:plc:ppp", "handle": "handle.invalid", "displayName": "  ", "createdAt": "2023-05-01T10:00:00.000Z"});
    parent_post["record"] = json!({"$type": "app.bsky.feed.post", "text": "the parent", "reply": {"root": {"uri": gone_root, "cid": "x"}, "parent": {"uri": gone_root, "cid": "x"}}, "createdAt": "2023-09-01T00:00:00Z"});
    parent_post["quoteCount"] = 3.into();
    parent_post["repostCount"] = 2.into();
    v["thread"]["parent"] = json!({"$type": "app.bsky.feed.defs#threadViewPost", "post": parent_post,
        "parent": {"$type": "app.bsky.feed.defs#notFoundPost", "uri": gone_root, "notFound": true}});
    v["thread"]["post"]["record"]["reply"] = json!({"root": {"uri": gone_root, "cid": "x"}, "parent": {"uri": parent_uri, "cid": "x"}});
    // Among the replies: a not-found post with nothing under it (left out), a blocked one that is answered (kept),
    // and an unknown kind of node (left out).
    let blocked = "at://did:plc:bbb/app.bsky.feed.post/3ccc";
    let mut answer = main["replies"][0]["post"].clone();
    answer["uri"] = "at://did:plc:mqxsuw5b5rhpwo4lw6iwlid5/app.bsky.feed.post/3ddd".into();
    answer["record"]["reply"]["parent"]["uri"] = blocked.into();
    answer["record"]["text"] = "under a blocked post".into();
    v["thread"]["replies"].as_array_mut().unwrap().extend([
        json!({"$type": "app.bsky.feed.defs#notFoundPost", "uri": "at://did:plc:nnn/app.bsky.feed.post/3eee", "notFound": true}),
        json!({"$type": "app.bsky.feed.defs#blockedPost", "uri": blocked, "blocked": true, "author": {"did": "did:plc:bbb"},
            "replies": [{"$type": "app.bsky.feed.defs#threadViewPost", "post": answer, "replies": []}]}),
        json!({"$type": "app.bsky.feed.defs#somethingNew", "uri": "at://x/y/z"}),
    ]);
    let t = one(&v);
    let ids: Vec<&str> = t.posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), 2 + 6 + 2);
    assert_eq!(&ids[..3], [gone_root, parent_uri, ROOT]);
    assert_eq!(&ids[8..], [blocked, "at://did:plc:mqxsuw5b5rhpwo4lw6iwlid5/app.bsky.feed.post/3ddd"]);
    let p0 = &t.posts[0];
    assert_eq!((p0.deleted, p0.author.name.as_str(), p0.reply_to.as_deref(), p0.body.as_str()), (Some(Deleted::Deleted), "[deleted]", None, ""));
    assert_eq!(p0.url.as_deref(), Some("https://bsky.app/profile/did:plc:zzz/post/3aaa"));
    // The root is gone: the title comes from the first post with text, the address is the root's, under its DID.
    assert_eq!(t.title.as_deref(), Some("the parent"));
    assert_eq!(t.url.as_deref(), Some("https://bsky.app/profile/did:plc:zzz/post/3aaa"));
    let p1 = &t.posts[1];
    assert_eq!(p1.reply_to.as_deref(), Some(gone_root));
    assert_eq!((p1.author.name.as_str(), p1.author.handle.as_deref()), ("handle.invalid", Some("@handle.invalid")));
    assert_eq!(p1.author.url.as_deref(), Some("https://bsky.app/profile/did:plc:ppp"));
    assert_eq!(p1.url.as_deref(), Some("https://bsky.app/profile/did:plc:ppp/post/3bbb"));
    assert_eq!(p1.author.joined.map(|d| d.machine()).as_deref(), Some("2023-05-01"));
    assert_eq!(p1.counts.reposts, Some(5), "reposts and quotes");
    assert_eq!(t.posts[2].reply_to.as_deref(), Some(parent_uri));
    let b = &t.posts[8];
    assert_eq!((b.deleted, b.author.name.as_str(), b.reply_to.as_deref()), (Some(Deleted::Deleted), "[blocked]", Some(ROOT)));
    assert_eq!(t.posts[9].reply_to.as_deref(), Some(blocked));
    assert_eq!(&Thread::from_json(&thread_widget::write::thread_json(&t)).unwrap(), &t);
    nests(&t);
}

#[test]
fn replies_counted_but_cut_from_the_file_are_counted_in_more() {
    use thread_widget::model::More;
    // The recorded thread holds every reply its posts count.
    let v = raw();
    let mut nodes = Vec::new();
    preorder(&v["thread"], &mut nodes);
    assert!(nodes.iter().all(|n| n["post"]["replyCount"].as_u64() == Some(n["replies"].as_array().map_or(0, |r| r.len() as u64))));
    assert_eq!(one(&v).more, None);
    // Cut by depth: the deepest reply counts 4 replies the file does not have, and the first reply 3 more than its 2.
    let mut v = raw();
    v["thread"]["replies"][0]["replies"][0]["replies"][0]["post"]["replyCount"] = 4.into();
    v["thread"]["replies"][0]["post"]["replyCount"] = 5.into();
    let t = one(&v);
    assert_eq!(t.more, Some(More { posts: Some(4 + 3), url: Some("https://bsky.app/profile/ioriayane.bsky.social/post/3k7wb2lcpso2x".into()) }));
    assert_eq!(t.more.as_ref().unwrap().url, t.url, "the root post's address");
    assert_eq!(&Thread::from_json(&thread_widget::write::thread_json(&t)).unwrap(), &t);
    let html = thread_widget::render_to_string(&thread_widget::write::thread_json(&t), &Config { lang: "en".into(), ..Config::default() }).unwrap();
    assert!(html.contains(r#"<p class="tw-elsewhere">7 more posts of this conversation are not shown here. <a href="https://bsky.app/profile/ioriayane.bsky.social/post/3k7wb2lcpso2x" rel="nofollow ugc noopener noreferrer">View on Bluesky</a></p>"#), "{html}");
    // A parent shown as an ancestor counts its other replies too; a gone reply it holds is held.
    let mut v = raw();
    let mut parent = v["thread"]["post"].clone();
    parent["uri"] = "at://did:plc:ppp/app.bsky.feed.post/3bbb".into();
    parent["replyCount"] = 3.into();
    v["thread"]["parent"] = json!({"$type": "app.bsky.feed.defs#threadViewPost", "post": parent});
    v["thread"]["post"]["record"]["reply"] = json!({"root": {"uri": "at://did:plc:ppp/app.bsky.feed.post/3bbb", "cid": "x"}, "parent": {"uri": "at://did:plc:ppp/app.bsky.feed.post/3bbb", "cid": "x"}});
    v["thread"]["post"]["replyCount"] = 2.into();
    let blocked = json!({"$type": "app.bsky.feed.defs#blockedPost", "uri": "at://did:plc:bbb/app.bsky.feed.post/3ccc", "blocked": true,
        "replies": [{"$type": "app.bsky.feed.defs#threadViewPost", "post": raw()["thread"]["replies"][0]["replies"][0]["replies"][0]["post"], "replies": []}]});
    v["thread"]["replies"].as_array_mut().unwrap().push(blocked);
    let t = one(&v);
    assert_eq!(t.more.as_ref().map(|m| (m.posts, m.url.clone())), Some((Some(2), Some("https://bsky.app/profile/ioriayane.bsky.social/post/3bbb".into()))));
}

#[test]
fn a_missing_created_at_falls_back_to_indexed_at_and_each_input_is_a_thread() {
    let mut v = raw();
    v["thread"]["post"]["record"].as_object_mut().unwrap().remove("createdAt");
    v["thread"]["post"]["indexedAt"] = "2023-09-21T17:23:44.000Z".into();
    let s = serde_json::to_string(&v).unwrap();
    let ts = bluesky::import(&[&s, &text()]).unwrap();
    assert_eq!(ts.len(), 2);
    assert_eq!(ts[0].posts[0].created.as_ref().unwrap().text, "2023-09-21T17:23:44.000Z");
    assert_eq!(ts[1].posts[0].created.as_ref().unwrap().text, "2023-09-21T17:23:43.878Z");
}

#[test]
fn bad_input_is_a_precise_error_naming_the_input() {
    let good = text();
    let err = |inputs: &[&str]| bluesky::import(inputs).unwrap_err();
    assert_eq!(err(&[]), "nothing to import");
    assert!(err(&[&good, "{\"thread\": "]).starts_with("input 2: not JSON: unexpected end of input: expected a value at line 1 column 12"), "{}", err(&[&good, "{\"thread\": "]));
    assert_eq!(err(&[r#"{"error": "NotFound", "message": "Post not found: at://did:plc:x/app.bsky.feed.post/y"}"#]),
        "input 1: a Bluesky error, not a thread: NotFound: Post not found: at://did:plc:x/app.bsky.feed.post/y");
    assert_eq!(err(&[r#"{"error": "InternalServerError"}"#]), "input 1: a Bluesky error, not a thread: InternalServerError");
    assert_eq!(err(&[r#"{"thread": {"$type": "app.bsky.feed.defs#notFoundPost", "uri": "at://a/b/c", "notFound": true}}"#]), "input 1: the post is not found: at://a/b/c");
    assert_eq!(err(&[r#"{"thread": {"$type": "app.bsky.feed.defs#blockedPost", "uri": "at://a/b/c", "blocked": true}}"#]), "input 1: the post is blocked: at://a/b/c");
    let mut v = raw();
    v["thread"]["replies"][0]["post"].as_object_mut().unwrap().remove("uri");
    let e = err(&[&v.to_string()]);
    assert!(e.starts_with("input 1: not a Bluesky post thread (app.bsky.feed.getPostThread): missing field `uri` at line "), "{e}");
    let mut v = raw();
    v["thread"]["post"]["likeCount"] = "many".into();
    let e = err(&[&v.to_string()]);
    assert!(e.starts_with("input 1: not a Bluesky post thread (app.bsky.feed.getPostThread): invalid type: string \"many\""), "{e}");
    // A reply chain deeper than 128 levels of JSON is an error, never a crash.
    let mut deep = raw()["thread"]["replies"][0]["replies"][0]["replies"][0].clone();
    for _ in 0..100 {
        let mut up = raw()["thread"]["replies"][0].clone();
        up["replies"] = json!([deep]);
        deep = up;
    }
    let mut v = raw();
    v["thread"]["replies"] = json!([deep]);
    let e = err(&[&serde_json::to_string(&v).unwrap()]);
    assert!(e.starts_with("input 1: not JSON: nested deeper than 128 levels at line 1 column "), "{e}");
}
