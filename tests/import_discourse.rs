//! Discourse (`/t/:id.json`, `/t/:id/posts.json`) → threads, on the real
//! `posts.json` responses in ../shared/corpora/threads.

use thread_widget::config::{Config, Layout};
use thread_widget::import::discourse;
use thread_widget::model::{Deleted, Thread};

const T2144: &str = "discourse-criticalfallibilism-t2144-posts.json";
const T2108: &str = "discourse-criticalfallibilism-t2108-posts-pn41.json";
const SITE: &str = "https://discuss.criticalfallibilism.com";

fn corpus(name: &str) -> String {
    let p = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/threads")).join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

fn sel(s: &str) -> scraper::Selector {
    scraper::Selector::parse(s).unwrap()
}

fn render(t: &Thread) -> scraper::Html {
    let html = thread_widget::render_to_string(&thread_widget::write::thread_json(t), &Config { layout: Layout::Nested, lang: "en".into(), ..Config::default() }).unwrap();
    scraper::Html::parse_fragment(&html)
}

/// Every post of `raw` once, in post_number order, with the fields taken from the raw JSON.
fn check_posts(t: &Thread, raw: &serde_json::Value) {
    let mut posts: Vec<&serde_json::Value> = raw["post_stream"]["posts"].as_array().unwrap().iter().collect();
    posts.sort_by_key(|p| p["post_number"].as_u64().unwrap());
    assert_eq!(t.posts.len(), posts.len());
    let topic = raw["id"].as_u64().unwrap();
    for (p, r) in t.posts.iter().zip(&posts) {
        let n = r["post_number"].as_u64().unwrap();
        assert_eq!((p.id.as_str(), p.number), (n.to_string().as_str(), n));
        assert_eq!(p.body, r["cooked"].as_str().unwrap(), "quotes of this topic only: cooked as it is");
        assert_eq!(p.format, thread_widget::markup::Format::Html);
        assert_eq!(p.reply_to, r["reply_to_post_number"].as_u64().map(|n| n.to_string()));
        assert_eq!(p.created.as_ref().unwrap().text, r["created_at"].as_str().unwrap());
        let edited = r["version"].as_u64().unwrap() > 1;
        assert_eq!(p.edited.as_ref().map(|d| d.text.as_str()), edited.then(|| r["updated_at"].as_str().unwrap()), "#{n}");
        let slug = r["topic_slug"].as_str().unwrap();
        assert_eq!(p.url.as_deref(), Some(format!("{SITE}/t/{slug}/{topic}/{n}").as_str()));
        let likes = r["actions_summary"].as_array().unwrap().iter().find(|a| a["id"] == 2).and_then(|a| a["count"].as_u64());
        assert_eq!(p.counts.likes, likes.filter(|&c| c > 0));
        assert_eq!(p.counts.replies, r["reply_count"].as_u64().filter(|&c| c > 0));
        assert_eq!(p.deleted, None);
        let user = r["username"].as_str().unwrap();
        let name = r["name"].as_str().filter(|n| !n.is_empty()).unwrap_or(user);
        assert_eq!(p.author.name, name);
        assert_eq!(p.author.handle.as_deref(), Some(format!("@{user}").as_str()));
        assert_eq!(p.author.url.as_deref(), Some(format!("{SITE}/u/{user}").as_str()));
        let avatar = format!("{SITE}{}", r["avatar_template"].as_str().unwrap().replace("{size}", "96"));
        assert_eq!(p.author.avatar.as_deref(), Some(avatar.as_str()));
        assert_eq!(p.author.title, r["user_title"].as_str().filter(|t| !t.is_empty()).map(str::to_owned));
    }
    // Authors once each.
    let users: std::collections::BTreeSet<&str> = posts.iter().map(|p| p["username"].as_str().unwrap()).collect();
    for u in users {
        let mut of = t.posts.iter().filter(|p| p.author.handle.as_deref() == Some(&format!("@{u}")));
        let first = of.next().unwrap();
        assert!(of.all(|p| std::rc::Rc::ptr_eq(&p.author, &first.author)), "{u} is one author");
    }
}

/// Nested: each reply to a post of the file stands inside its parent's article.
fn check_nesting(t: &Thread) {
    let doc = render(t);
    assert_eq!(doc.select(&sel("article.tw-post")).count(), t.posts.len());
    let mut nested = 0;
    for p in &t.posts {
        let Some(parent) = p.reply_to.as_deref().filter(|r| t.posts.iter().any(|q| q.id == *r)) else { continue };
        let outer = doc.select(&sel(&format!("article#post-{parent}"))).next().unwrap();
        assert!(outer.select(&sel(&format!("article#post-{}", p.id))).next().is_some(), "#{} stands in #{parent}", p.id);
        nested += 1;
    }
    assert!(nested > 5, "{nested}");
}

#[test]
fn a_topics_posts_become_one_thread_with_every_post_once() {
    let text = corpus(T2144);
    let raw = json(&text);
    assert!(discourse::looks_like(&thread_widget::json::parse(&text).unwrap()));
    let threads = discourse::import(&[&text]).unwrap();
    assert_eq!(threads.len(), 1);
    let t = &threads[0];
    assert_eq!(&Thread::from_json(&thread_widget::write::thread_json(t)).unwrap(), t);
    assert_eq!(t.platform.as_deref(), Some("Discourse"));
    assert_eq!(t.url.as_deref(), Some(format!("{SITE}/t/kpop-demon-hunters/2144").as_str()));
    // posts.json has no title: post 1's text names the thread.
    let first = &raw["post_stream"]["posts"][0];
    assert_eq!(first["post_number"], 1);
    assert_eq!(t.title.as_deref(), Some(thread_widget::import::plain_text(first["cooked"].as_str().unwrap(), 80).as_str()));
    check_posts(t, &raw);
    check_nesting(t);
}

#[test]
fn posts_out_of_order_and_without_post_1_are_sorted_and_named_by_the_slug() {
    let text = corpus(T2108);
    let raw = json(&text);
    let t = &discourse::import(&[&text]).unwrap()[0];
    assert_eq!(&Thread::from_json(&thread_widget::write::thread_json(t)).unwrap(), t);
    check_posts(t, &raw);
    assert_eq!(t.posts.first().map(|p| p.number), Some(21));
    assert_eq!(t.title.as_deref(), Some("Comments on the boyfriends introduction to feminism"));
    check_nesting(t);
    // A reply to a post that is not in the file keeps its number (linked to the thread).
    let outside = t.posts.iter().find(|p| p.reply_to.as_deref() == Some("14")).unwrap();
    assert!(t.posts.iter().all(|p| p.id != "14"), "{}", outside.id);
}

#[test]
fn a_quote_in_cooked_is_a_quote_that_jumps_to_its_post_on_the_page() {
    let text = corpus(T2144);
    let t = &discourse::import(&[&text]).unwrap()[0];
    // #8 quotes #4 (Apricus), which is on the page.
    let p8 = t.posts.iter().find(|p| p.id == "8").unwrap();
    assert!(p8.body.contains(r#"data-username="Apricus" data-post="4""#));
    let doc = render(t);
    let article = doc.select(&sel("article#post-8")).next().unwrap();
    let quote = article.select(&sel("figure.tw-quote")).next().expect("a quote");
    assert!(quote.select(&sel("cite")).any(|c| c.text().collect::<String>() == "Apricus"));
    let link = quote.select(&sel("a[data-post]")).next().expect("a link to the post");
    assert_eq!((link.value().attr("data-post"), link.value().attr("href")), (Some("4"), Some("#post-4")));
    assert!(doc.select(&sel("article#post-4")).next().is_some());
    // Every quote of a post on the page links to it.
    for a in doc.select(&sel("a[data-post]")) {
        let id = a.value().attr("data-post").unwrap();
        assert!(t.posts.iter().any(|p| p.id == id), "{id}");
    }
}

#[test]
fn a_topic_and_more_posts_merge_each_post_once_and_topics_stay_apart() {
    let text = corpus(T2144);
    let raw = json(&text);
    let posts = raw["post_stream"]["posts"].as_array().unwrap();
    // A /t/:id.json with the first 5 posts, a title, and an absolute url; then the posts.json (overlapping).
    let topic = serde_json::json!({"id": 2144, "title": "KPop Demon Hunters", "slug": "kpop-demon-hunters", "posts_count": 30,
        "post_stream": {"posts": posts[..5], "stream": (1..=30).collect::<Vec<u64>>()}});
    let t = &discourse::import(&[&topic.to_string(), &text]).unwrap()[0];
    assert_eq!(t.title.as_deref(), Some("KPop Demon Hunters"));
    check_posts(t, &raw);
    // Two topics: two threads, in the order they came.
    let other = corpus(T2108);
    let threads = discourse::import(&[&other, &text, &topic.to_string()]).unwrap();
    assert_eq!(threads.iter().map(|t| (t.posts.len(), t.url.clone().unwrap())).collect::<Vec<_>>(),
        [(20, format!("{SITE}/t/comments-on-the-boyfriends-introduction-to-feminism/2108")), (posts.len(), format!("{SITE}/t/kpop-demon-hunters/2144"))]);
    assert_eq!(threads[1].title.as_deref(), Some("KPop Demon Hunters"));
}

#[test]
fn a_topic_counting_more_posts_than_the_inputs_hold_says_so() {
    use thread_widget::model::More;
    let text = corpus(T2144);
    let raw = json(&text);
    let posts = raw["post_stream"]["posts"].as_array().unwrap();
    assert_eq!(posts.len(), 20);
    let page = format!("{SITE}/t/kpop-demon-hunters/2144");
    // A posts.json alone names no count: nothing more.
    assert_eq!(discourse::import(&[&text]).unwrap()[0].more, None);
    assert_eq!(discourse::import(&[&corpus(T2108)]).unwrap()[0].more, None);
    // The topic's stream lists 30 posts (a small action among them, read but not shown); the inputs hold 20 of them.
    let mut small = posts[0].clone();
    small["post_number"] = 7.into();
    small["post_type"] = 3.into();
    small["cooked"] = "".into();
    let topic = |count: serde_json::Value, stream: serde_json::Value| serde_json::json!({"id": 2144, "title": "KPop Demon Hunters", "slug": "kpop-demon-hunters",
        "posts_count": count, "post_stream": {"posts": posts[..5], "stream": stream}}).to_string();
    let t = &discourse::import(&[&topic(31.into(), (1..=30).collect::<Vec<u64>>().into()), &text]).unwrap()[0];
    assert_eq!(t.more, Some(More { posts: Some(10), url: Some(page.clone()) }), "the stream, not posts_count");
    assert_eq!(&Thread::from_json(&thread_widget::write::thread_json(t)).unwrap(), t);
    let with_small = serde_json::json!({"post_stream": {"posts": [small]}}).to_string();
    let t = &discourse::import(&[&topic(31.into(), (1..=30).collect::<Vec<u64>>().into()), &with_small, &text]).unwrap()[0];
    assert_eq!((t.posts.len(), t.more.as_ref().and_then(|m| m.posts)), (20, Some(9)), "the small action was read");
    // Without a stream, posts_count; all of them there, nothing more.
    let t = &discourse::import(&[&topic(26.into(), serde_json::json!([])), &text]).unwrap()[0];
    assert_eq!(t.more, Some(More { posts: Some(6), url: Some(page.clone()) }));
    assert_eq!(discourse::import(&[&topic(20.into(), serde_json::Value::Null), &text]).unwrap()[0].more, None);
    let doc = render(&discourse::import(&[&topic(26.into(), serde_json::json!([])), &text]).unwrap()[0]);
    let p = doc.select(&sel("p.tw-elsewhere")).next().expect("p.tw-elsewhere");
    assert_eq!(p.text().collect::<String>(), "6 more posts of this conversation are not shown here. View on Discourse");
    assert_eq!(p.select(&sel("a")).next().unwrap().value().attr("href"), Some(page.as_str()));
}

#[test]
fn edits_deletions_likes_hidden_posts_and_quotes_of_other_topics() {
    let base = serde_json::json!({"post_number": 1, "topic_id": 7, "topic_slug": "t", "username": "ann", "name": "", "cooked": "<p>hello</p>",
        "created_at": "2024-01-01T00:00:00.000Z", "updated_at": "2024-01-02T00:00:00.000Z", "version": 2, "like_count": 3,
        "avatar_template": "https://cdn.example/user_avatar/forum.example.org/ann/{size}/1.png", "user_title": "Leader"});
    let mut posts = Vec::new();
    for (n, extra) in [
        serde_json::json!({}),
        serde_json::json!({"deleted_at": "2024-02-01T00:00:00.000Z", "version": 1}),
        serde_json::json!({"user_deleted": true}),
        serde_json::json!({"hidden": true, "username": "bob", "avatar_template": "/letter_avatar_proxy/v4/letter/b/1/{size}.png"}),
        serde_json::json!({"reply_to_post_number": 1, "cooked": "<aside class=\"quote\" data-username=\"ann\" data-post=\"1\" data-topic=\"9\"><blockquote><p>x</p></blockquote></aside><aside class=\"quote\" data-username=\"ann\" data-post=\"1\" data-topic=\"7\"><blockquote><p>y</p></blockquote></aside>"}),
        serde_json::json!({"post_type": 3, "cooked": "", "action_code": "closed.enabled"}),
    ]
    .into_iter()
    .enumerate()
    {
        let mut p = base.clone();
        p["post_number"] = (n as u64 + 1).into();
        for (k, v) in extra.as_object().unwrap() {
            p[k] = v.clone();
        }
        posts.push(p);
    }
    let text = serde_json::json!({"post_stream": {"posts": posts}}).to_string();
    let t = &discourse::import(&[&text]).unwrap()[0];
    assert_eq!(&Thread::from_json(&thread_widget::write::thread_json(t)).unwrap(), t);
    assert_eq!(t.posts.len(), 5, "the small action is not a post");
    let p = &t.posts[0];
    assert_eq!(p.edited.as_ref().unwrap().text, "2024-01-02T00:00:00.000Z");
    assert_eq!(p.counts.likes, Some(3));
    // The host from the avatar template's /user_avatar/HOST/, never the CDN's.
    assert_eq!(t.url.as_deref(), Some("https://forum.example.org/t/t/7"));
    assert_eq!(p.url.as_deref(), Some("https://forum.example.org/t/t/7/1"));
    assert_eq!(p.author.avatar.as_deref(), Some("https://cdn.example/user_avatar/forum.example.org/ann/96/1.png"));
    assert_eq!((p.author.name.as_str(), p.author.url.as_deref(), p.author.title.as_deref()), ("ann", Some("https://forum.example.org/u/ann"), Some("Leader")));
    assert_eq!((t.posts[1].deleted, t.posts[1].edited.is_none()), (Some(Deleted::Deleted), true));
    assert_eq!(t.posts[2].deleted, Some(Deleted::Deleted));
    assert_eq!(t.posts[3].deleted, Some(Deleted::Removed));
    assert_eq!(t.posts[3].author.avatar.as_deref(), Some("https://forum.example.org/letter_avatar_proxy/v4/letter/b/1/96.png"));
    // A quote of topic 9 is not taken for this topic's #1; the quote of topic 7 is.
    assert_eq!(t.posts[4].body, "<aside class=\"quote\" data-username=\"ann\" data-topic=\"9\"><blockquote><p>x</p></blockquote></aside><aside class=\"quote\" data-username=\"ann\" data-post=\"1\" data-topic=\"7\"><blockquote><p>y</p></blockquote></aside>");
    // No host anywhere: no addresses, and no relative avatar that would point at the blog.
    let bare = serde_json::json!({"post_stream": {"posts": [{"post_number": 1, "username": "x", "cooked": "<p>Hi &amp; bye</p>", "avatar_template": "/letter_avatar_proxy/{size}.png"}]}});
    let t = &discourse::import(&[&bare.to_string()]).unwrap()[0];
    assert_eq!((t.url.as_deref(), t.posts[0].url.as_deref(), t.posts[0].author.avatar.as_deref()), (None, None, None));
    assert_eq!(t.title.as_deref(), Some("Hi & bye"));
}

#[test]
fn only_discourse_responses_look_like_discourse() {
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/threads"));
    let mut seen = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().and_then(|x| x.to_str()) != Some("json") {
            continue;
        }
        let v = thread_widget::json::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        assert_eq!(discourse::looks_like(&v), name.starts_with("discourse-"), "{name}");
        seen += 1;
    }
    assert!(seen >= 6, "{seen}");
}

#[test]
fn bad_input_is_a_precise_error_naming_the_input() {
    let good = corpus(T2144);
    let mastodon = corpus("mastodon-social-context-109294719267373593.json");
    let e = discourse::import(&[&good, &mastodon]).unwrap_err();
    assert_eq!(e, "input 2: not a Discourse topic or posts: missing field `post_stream` at line 1 column 1");
    let e = discourse::import(&[&good[..good.len() / 2]]).unwrap_err();
    assert!(e.starts_with("input 1: not JSON: unexpected end of input: "), "{e}");
    let e = discourse::import(&[r#"{"errors": ["The requested URL or resource could not be found."], "error_type": "not_found"}"#]).unwrap_err();
    assert_eq!(e, "input 1: Discourse refused: The requested URL or resource could not be found. (not_found)");
    let e = discourse::import(&[r#"{"post_stream": {"posts": [{"username": "x", "cooked": ""}]}}"#]).unwrap_err();
    assert!(e.starts_with("input 1: not a Discourse topic or posts: missing field `post_number`"), "{e}");
    let e = discourse::import(&[r#"{"post_stream": {"posts": [{"post_number": "1", "username": "x"}]}}"#]).unwrap_err();
    assert!(e.starts_with("input 1: not a Discourse topic or posts: invalid type: string \"1\", expected u64"), "{e}");
    assert_eq!(discourse::import(&[r#"{"post_stream": {"posts": []}}"#]).unwrap_err(), "no posts: the inputs' post_stream.posts are empty");
    assert_eq!(discourse::import(&[]).unwrap_err(), "no posts: the inputs' post_stream.posts are empty");
}
