//! Reddit import, on the real comments page in ../shared/corpora/threads
//! (a 2013 `/comments/:id.json`: 199 comments up to 10 deep, 125 `more`
//! stubs, 22 comments by deleted accounts). The facts are taken from the
//! raw JSON, walked here without recursion.

use serde_json::Value;
use thread_widget::config::{Config, Layout};
use thread_widget::import::reddit;
use thread_widget::model::{Deleted, Thread};

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/threads/reddit-r-self-1cebxh-thread.json");

fn corpus() -> String {
    std::fs::read_to_string(FILE).unwrap_or_else(|e| panic!("{FILE}: {e}"))
}

/// A thing of the raw file in Reddit's order: its data, its parent's index (None: the link), its depth.
struct Raw<'a> {
    kind: &'a str,
    data: &'a Value,
    parent: Option<usize>,
    depth: usize,
}

/// The comments and stubs of the raw file, in pre-order (each, then its replies).
fn walk(v: &Value) -> Vec<Raw<'_>> {
    let mut out = Vec::new();
    let mut stack: Vec<(&Value, Option<usize>, usize)> = v[1]["data"]["children"].as_array().unwrap().iter().rev().map(|t| (t, None, 1)).collect();
    while let Some((t, parent, depth)) = stack.pop() {
        let me = out.len();
        out.push(Raw { kind: t["kind"].as_str().unwrap(), data: &t["data"], parent, depth });
        if let Some(r) = t["data"]["replies"]["data"]["children"].as_array() {
            stack.extend(r.iter().rev().map(|c| (c, Some(me), depth + 1)));
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Unix seconds of an RFC 3339 `…Z` date-time, computed apart from the importer.
fn unix(d: &thread_widget::model::DateTime) -> i64 {
    assert_eq!(d.offset_minutes, 0);
    let (y, m) = if d.month <= 2 { (d.year as i64 - 1, d.month as i64 + 9) } else { (d.year as i64, d.month as i64 - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d.day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + d.hour as i64 * 3600 + d.minute as i64 * 60 + d.second as i64
}

fn thread() -> Thread {
    let mut threads = reddit::import(&[&corpus()]).unwrap();
    assert_eq!(threads.len(), 1);
    threads.remove(0)
}

#[test]
fn only_a_reddit_comments_page_looks_like_one() {
    let dir = std::path::Path::new(FILE).parent().unwrap();
    let mut seen = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().and_then(|x| x.to_str()) != Some("json") {
            continue;
        }
        let v = thread_widget::json::parse(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let name = p.file_name().unwrap().to_str().unwrap();
        assert_eq!(reddit::looks_like(&v), name.starts_with("reddit-"), "{name}");
        seen += 1;
    }
    assert!(seen >= 7, "the other platforms' files are there: {seen}");
    let seed = thread_widget::json::parse(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/threads/seed.json")).unwrap()).unwrap();
    assert!(!reddit::looks_like(&seed));
    assert!(!reddit::looks_like(&thread_widget::json::parse("[]").unwrap()));
    assert!(!reddit::looks_like(&thread_widget::json::parse(r#"[{"kind": "Listing", "data": {"children": []}}, {}]"#).unwrap()));
}

#[test]
fn the_link_comes_first_then_every_comment_once_in_reddits_order() {
    let text = corpus();
    let v: Value = serde_json::from_str(&text).unwrap();
    let link = &v[0]["data"]["children"][0]["data"];
    let raw = walk(&v);
    let comments: Vec<&Raw> = raw.iter().filter(|r| r.kind == "t1").collect();
    assert_eq!(comments.len(), 199);
    assert_eq!(comments.iter().map(|c| c.depth).max(), Some(10));
    let t = thread();
    assert_eq!(&Thread::from_json(&thread_widget::write::thread_json(&t)).unwrap(), &t);
    assert_eq!(t.platform.as_deref(), Some("Reddit"));
    assert_eq!(t.format, thread_widget::markup::Format::Markdown);
    let page = format!("https://www.reddit.com{}", link["permalink"].as_str().unwrap());
    assert_eq!(t.url.as_deref(), Some(page.as_str()));
    assert_eq!(t.title.as_deref(), Some(unescape(link["title"].as_str().unwrap()).as_str()));
    let forum = t.forum.as_ref().unwrap();
    assert_eq!((forum.name.as_str(), forum.url.as_deref()), ("r/self", Some("https://www.reddit.com/r/self/")));

    // The link: a self post, its selftext the body; Reddit's counts.
    assert_eq!(t.posts.len(), 1 + comments.len());
    let root = &t.posts[0];
    assert_eq!(root.id, link["name"].as_str().unwrap());
    assert_eq!((root.number, root.reply_to.as_deref()), (1, None));
    assert_eq!(link["is_self"], true);
    assert_eq!(root.body, unescape(link["selftext"].as_str().unwrap()));
    assert_eq!(root.created.as_ref().unwrap().text, "2013-04-15T16:44:39Z");
    assert_eq!(unix(root.created.as_ref().unwrap()), link["created_utc"].as_f64().unwrap() as i64);
    assert_eq!(unix(root.edited.as_ref().unwrap()), link["edited"].as_f64().unwrap() as i64);
    assert_eq!((root.counts.replies, root.counts.points), (link["num_comments"].as_u64(), link["score"].as_i64()));
    assert_eq!(root.url.as_deref(), Some(page.as_str()));
    assert_eq!(root.author.handle.as_deref(), Some(format!("u/{}", link["author"].as_str().unwrap()).as_str()));

    let mut bodies_with_quotes = 0;
    for (p, c) in t.posts[1..].iter().zip(&comments) {
        let d = c.data;
        assert_eq!(p.id, d["name"].as_str().unwrap());
        assert!(p.id.starts_with("t1_"));
        assert_eq!(p.reply_to.as_deref(), d["parent_id"].as_str());
        let parent = match c.parent {
            Some(i) => raw[i].data["name"].as_str().unwrap(),
            None => link["name"].as_str().unwrap(),
        };
        assert_eq!(p.reply_to.as_deref(), Some(parent), "the parent_id is the post whose replies hold it");
        assert!(t.posts.iter().take_while(|q| q.id != p.id).any(|q| Some(q.id.as_str()) == p.reply_to.as_deref()), "{} answers a post before it", p.id);
        assert_eq!(p.format, thread_widget::markup::Format::Markdown);
        let body = d["body"].as_str().unwrap();
        if p.deleted.is_none() {
            assert_eq!(p.body, unescape(body));
            bodies_with_quotes += usize::from(p.body.starts_with('>') || p.body.contains("\n>"));
        } else {
            assert_eq!(p.body, "");
        }
        assert_eq!(unix(p.created.as_ref().unwrap()), d["created_utc"].as_f64().unwrap() as i64);
        match d["edited"].as_f64() {
            Some(e) => assert_eq!(unix(p.edited.as_ref().unwrap()), e as i64),
            None => assert!(p.edited.is_none()),
        }
        assert_eq!(p.counts.points, d["score"].as_i64());
        assert_eq!(p.url.as_deref(), Some(format!("{page}{}/", d["id"].as_str().unwrap()).as_str()), "the file's comments have no permalink");
        let name = d["author"].as_str().unwrap();
        assert_eq!(p.author.name, name);
        if name == "[deleted]" {
            assert_eq!((p.author.handle.as_deref(), p.author.url.as_deref()), (None, None));
        } else {
            assert_eq!(p.author.handle.as_deref(), Some(format!("u/{name}").as_str()));
            assert_eq!(p.author.url.as_deref(), Some(format!("https://www.reddit.com/user/{name}").as_str()));
        }
        assert_eq!(p.author.title.as_deref(), d["author_flair_text"].as_str().filter(|f| !f.is_empty()));
    }
    assert!(bodies_with_quotes > 0, "&gt; quotes are quotes again");
}

#[test]
fn deleted_accounts_and_deleted_or_removed_comments_keep_their_place() {
    let v: Value = serde_json::from_str(&corpus()).unwrap();
    let raw = walk(&v);
    let comments: Vec<&Raw> = raw.iter().filter(|r| r.kind == "t1").collect();
    let t = thread();
    let gone: Vec<usize> = comments.iter().enumerate().filter(|(_, c)| c.data["author"] == "[deleted]").map(|(i, _)| i + 1).collect();
    assert_eq!(gone.len(), 22);
    assert_eq!(t.posts.iter().enumerate().filter(|(_, p)| p.author.name == "[deleted]").map(|(i, _)| i).collect::<Vec<_>>(), gone);
    // One author for them all, shared.
    assert!(gone.windows(2).all(|w| std::rc::Rc::ptr_eq(&t.posts[w[0]].author, &t.posts[w[1]].author)));
    let state = |body: &str| match body {
        "[deleted]" => Some(Deleted::Deleted),
        "[removed]" => Some(Deleted::Removed),
        _ => None,
    };
    let mut by_kind = (0, 0);
    for &i in &gone {
        let expected = state(comments[i - 1].data["body"].as_str().unwrap());
        assert_eq!(t.posts[i].deleted, expected, "{}", t.posts[i].id);
        match expected {
            Some(Deleted::Deleted) => by_kind.0 += 1,
            Some(Deleted::Removed) => by_kind.1 += 1,
            None => assert!(!t.posts[i].body.is_empty(), "a deleted account's comment keeps its text"),
        }
    }
    assert_eq!(by_kind, (4, 1));
    assert_eq!(t.posts.iter().filter(|p| p.deleted.is_some()).count(), 5);
    // Their replies are still there, answering them.
    let answered = t.posts.iter().filter(|p| p.deleted.is_some()).filter(|d| t.posts.iter().any(|p| p.reply_to.as_deref() == Some(d.id.as_str()))).count();
    assert!(answered >= 3, "{answered}");
}

#[test]
fn more_stubs_are_counted_in_the_replies_of_what_they_stand_under() {
    let v: Value = serde_json::from_str(&corpus()).unwrap();
    let raw = walk(&v);
    let stubs: Vec<&Raw> = raw.iter().filter(|r| r.kind == "more").collect();
    assert_eq!(stubs.len(), 125);
    let hidden: u64 = stubs.iter().map(|s| s.data["count"].as_u64().unwrap()).sum();
    assert_eq!(hidden, 1660, "the comments the file does not hold");
    // A stub's parent_id is the post whose replies hold it.
    for s in &stubs {
        let parent = s.parent.map_or(v[0]["data"]["children"][0]["data"]["name"].as_str().unwrap(), |i| raw[i].data["name"].as_str().unwrap());
        assert_eq!(s.data["parent_id"].as_str(), Some(parent));
    }
    let t = thread();
    let post = |name: &str| t.posts.iter().find(|p| p.id == name).unwrap();
    // Each comment's replies: every comment beneath it in the file, and every stub's count beneath it.
    for (i, r) in raw.iter().enumerate().filter(|(_, r)| r.kind == "t1") {
        let beneath = |j: usize| {
            let mut k = raw[j].parent;
            while let Some(x) = k {
                if x == i {
                    return true;
                }
                k = raw[x].parent;
            }
            false
        };
        let expected: u64 = (i + 1..raw.len()).filter(|&j| beneath(j)).map(|j| if raw[j].kind == "more" { raw[j].data["count"].as_u64().unwrap() } else { 1 }).sum();
        assert_eq!(post(r.data["name"].as_str().unwrap()).counts.replies, Some(expected).filter(|&n| n > 0));
    }
    // All of it is accounted for: the top-level comments, what stands under them, and the top-level stubs.
    let top: u64 = t.posts.iter().filter(|p| p.reply_to.as_deref() == Some(t.posts[0].id.as_str())).map(|p| 1 + p.counts.replies.unwrap_or(0)).sum();
    let top_stubs: u64 = stubs.iter().filter(|s| s.parent.is_none()).map(|s| s.data["count"].as_u64().unwrap()).sum();
    assert_eq!(top + top_stubs, 199 + hidden);
    // The link says what Reddit counted for the whole thread.
    assert_eq!(t.posts[0].counts.replies, Some(1655));
    // The thread says what the file does not hold, and where to read all of it: the link's page.
    let more = t.more.as_ref().expect("more");
    assert_eq!((more.posts, more.url.as_deref()), (Some(hidden), t.url.as_deref()));
    assert_eq!(more.posts, Some(1660));
}

#[test]
fn the_widget_says_how_many_comments_are_behind_the_stubs_and_links_to_them() {
    let t = thread();
    let written = thread_widget::write::thread_json(&t);
    let v: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(v["more"], serde_json::json!({"posts": 1660, "url": t.url.as_deref().unwrap()}));
    for layout in [Layout::Flat, Layout::Nested] {
        let html = thread_widget::render_to_string(&written, &Config { layout, lang: "en".into(), ..Config::default() }).unwrap();
        let doc = scraper::Html::parse_fragment(&html);
        let sel = |s: &str| scraper::Selector::parse(s).unwrap();
        let p = doc.select(&sel("section.tw-thread > p.tw-elsewhere")).next().expect("p.tw-elsewhere");
        assert_eq!(p.text().collect::<String>(), "1,660 more posts of this conversation are not shown here. View on Reddit");
        let a = p.select(&sel("a")).next().unwrap();
        assert_eq!(a.value().attr("href"), t.url.as_deref());
        // Before the reply link.
        let next = p.next_siblings().find_map(scraper::ElementRef::wrap).unwrap();
        assert_eq!(next.value().attr("class"), Some("tw-reply"));
    }
}

#[test]
fn replies_nest_under_what_they_answer() {
    let t = thread();
    let written = thread_widget::write::thread_json(&t);
    let html = thread_widget::render_to_string(&written, &Config { layout: Layout::Nested, lang: "en".into(), ..Config::default() }).unwrap();
    let doc = scraper::Html::parse_fragment(&html);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    assert_eq!(doc.select(&sel("article.tw-post")).count(), t.posts.len());
    let parent_of = |id: &str| t.posts.iter().find(|p| p.id == id).and_then(|p| p.reply_to.clone());
    let root = t.posts[0].id.clone();
    // A depth-3 reply: its parent answers a comment that answers the link.
    let deep = t.posts.iter().find(|p| {
        let Some(a) = p.reply_to.as_deref() else { return false };
        let Some(b) = parent_of(a) else { return false };
        b != root && parent_of(&b).as_deref() == Some(root.as_str())
    });
    let deep = deep.expect("a reply three deep");
    let article = |id: &str| doc.select(&sel(&format!("article[id=\"post-{id}\"]"))).next().unwrap_or_else(|| panic!("post-{id}"));
    let parent = article(deep.reply_to.as_deref().unwrap());
    let grandparent = article(&parent_of(deep.reply_to.as_deref().unwrap()).unwrap());
    let inside = |inner: scraper::ElementRef, outer: scraper::ElementRef| inner.ancestors().any(|a| a.id() == outer.id());
    let me = article(&deep.id);
    assert!(inside(me, parent), "{} stands inside its parent's article", deep.id);
    assert!(inside(parent, grandparent));
    assert!(!inside(parent, me));
}

/// A one-comment page around `comments` (the second Listing's children).
fn page(link: Value, comments: Value) -> String {
    serde_json::json!([{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": link}]}}, {"kind": "Listing", "data": {"children": comments}}]).to_string()
}

fn comment(id: &str, parent: &str, replies: Value) -> Value {
    serde_json::json!({"kind": "t1", "data": {"id": id, "name": format!("t1_{id}"), "parent_id": parent, "author": "ann", "body": "hi &amp; bye",
        "created_utc": 1.0, "edited": false, "score": 2, "replies": replies}})
}

#[test]
fn a_link_post_starts_with_its_link_and_deep_chains_are_read_or_refused_clearly() {
    let link = serde_json::json!({"id": "abc", "name": "t3_abc", "title": "A [new] &amp; \"odd\" link", "selftext": "", "is_self": false,
        "url": "https://example.org/a (b)?x=1&amp;y=2", "permalink": "/r/test/comments/abc/a_link/", "subreddit": "test", "author": "bob",
        "author_flair_text": "Mod &amp; more", "created_utc": 1700000000.0, "edited": false, "score": 7, "hide_score": true, "num_comments": 3});
    // A chain 20 replies deep reads; 40 is past the 128 levels of JSON read: a clear error.
    let chain = |n: usize| {
        let mut c = comment(&format!("c{n}"), &format!("t1_c{}", n - 1), Value::String(String::new()));
        for i in (1..n).rev() {
            let parent = if i == 1 { "t3_abc".to_owned() } else { format!("t1_c{}", i - 1) };
            c = comment(&format!("c{i}"), &parent, serde_json::json!({"kind": "Listing", "data": {"children": [c]}}));
        }
        page(link.clone(), serde_json::json!([c, {"kind": "more", "data": {"count": 5, "children": ["x"], "parent_id": "t3_abc"}}]))
    };
    let t = &reddit::import(&[&chain(20)]).unwrap()[0];
    assert_eq!(t.title.as_deref(), Some("A [new] & \"odd\" link"));
    assert_eq!(t.posts[0].body, "[A \\[new\\] & \"odd\" link](https://example.org/a%20%28b%29?x=1&y=2)\n\n");
    assert_eq!((t.posts[0].counts.points, t.posts[0].counts.replies), (None, Some(3)), "a hidden score is left out");
    assert_eq!(t.posts[0].author.title.as_deref(), Some("Mod & more"));
    assert_eq!(t.posts[0].created.as_ref().unwrap().text, "2023-11-14T22:13:20Z");
    assert_eq!(t.posts.len(), 21);
    assert_eq!(t.posts[20].reply_to.as_deref(), Some("t1_c19"));
    assert_eq!(t.posts[1].counts.replies, Some(19));
    assert_eq!(t.posts[1].body, "hi & bye");
    assert_eq!(t.posts[5].url.as_deref(), Some("https://www.reddit.com/r/test/comments/abc/a_link/c5/"));
    let more = t.more.as_ref().unwrap();
    assert_eq!((more.posts, more.url.as_deref()), (Some(5), Some("https://www.reddit.com/r/test/comments/abc/a_link/")), "the stub's 5");
    assert_eq!(&Thread::from_json(&thread_widget::write::thread_json(t)).unwrap(), t);
    let e = reddit::import(&[&chain(40)]).unwrap_err();
    assert!(e.starts_with("input 1: not a Reddit comments listing: nested deeper than 128 levels at line 1 column "), "{e}");
}

#[test]
fn what_is_not_a_reddit_comments_page_is_a_precise_error() {
    let text = corpus();
    let other = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/threads/github-pygithub-issues-comments-180.json")).unwrap();
    let e = reddit::import(&[&text, &other]).unwrap_err();
    assert!(e.starts_with("input 2: not a Reddit comments listing: "), "{e}");
    let e = reddit::import(&[&text[..text.len() / 2]]).unwrap_err();
    assert!(e.starts_with("input 1: not a Reddit comments listing: unexpected end of input: "), "{e}");
    let e = reddit::import(&["{\"message\": \"Too Many Requests\", \"error\": 429}"]).unwrap_err();
    assert!(e.starts_with("input 1: not a Reddit comments listing: invalid type: map, expected a tuple of size 2"), "{e}");
    let e = reddit::import(&["[{\"kind\": \"Listing\", \"data\": {\"children\": []}}]"]).unwrap_err();
    assert!(e.starts_with("input 1: not a Reddit comments listing: invalid length 1"), "{e}");
    let link = serde_json::json!({"id": "abc", "title": "t"});
    let e = reddit::import(&[&page(link.clone(), serde_json::json!([comment("a", "t3_abc", Value::String("x".into()))]))]).unwrap_err();
    assert!(e.contains("expected \"\" or a Listing of replies"), "{e}");
    let e = reddit::import(&[&page(link.clone(), serde_json::json!([{"kind": "t1", "data": {"name": "t1_a"}}]))]).unwrap_err();
    assert!(e.starts_with("input 1: not a Reddit comments listing: missing field `id`"), "{e}");
    let empty = serde_json::json!([{"kind": "Listing", "data": {"children": []}}, {"kind": "Listing", "data": {"children": []}}]).to_string();
    assert_eq!(reddit::import(&[&empty]).unwrap_err(), "input 1: not a Reddit comments listing: the first Listing holds no link (t3)");
    assert_eq!(reddit::import(&[]).unwrap_err(), "nothing to import");
    // A link with no comments and no address: one post, the link's page made from its id.
    let t = &reddit::import(&[&page(link.clone(), serde_json::json!([]))]).unwrap()[0];
    assert_eq!((t.posts.len(), t.url.as_deref(), t.posts[0].id.as_str()), (1, Some("https://www.reddit.com/comments/abc/"), "t3_abc"));
    assert_eq!(t.more, None, "no stubs: the file is all of it");
    // Only a "continue this thread" stub (count 0): more, but not how much.
    let cont = serde_json::json!({"kind": "more", "data": {"count": 0, "children": [], "parent_id": "t1_a"}});
    let t = &reddit::import(&[&page(link, serde_json::json!([comment("a", "t3_abc", serde_json::json!({"kind": "Listing", "data": {"children": [cont]}}))]))]).unwrap()[0];
    assert_eq!(t.more, Some(thread_widget::model::More { posts: None, url: Some("https://www.reddit.com/comments/abc/".into()) }));
    assert_eq!(t.posts[1].counts.replies, None);
}
