//! `data-layout="nested"` (and `render --layout nested`): each reply under the
//! post it answers, read back from the markup with an HTML parser.

use scraper::{ElementRef, Html, Selector};
use std::process::Command;
use thread_widget::config::{Config, Layout, Order};

fn conversation() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/threads/conversation.json")).unwrap()
}

fn nested(order: Order) -> Config {
    Config { lang: "en".into(), layout: Layout::Nested, order, ..Config::default() }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The id of the nearest `article` that holds this one, if any.
fn parent_article(el: ElementRef) -> Option<String> {
    el.ancestors().filter_map(ElementRef::wrap).find(|a| a.value().name() == "article").map(|a| a.value().id().unwrap_or("").to_owned())
}

/// Every post's article, with the article it stands in.
fn placed(html: &str) -> Vec<(String, Option<String>, usize)> {
    let doc = Html::parse_fragment(html);
    doc.select(&sel("article.tw-post"))
        .map(|a| (a.value().id().unwrap().to_owned(), parent_article(a), a.value().attr("data-depth").unwrap().parse().unwrap()))
        .collect()
}

#[test]
fn every_reply_stands_under_the_post_it_answers_down_to_the_depth_limit() {
    let json = conversation();
    let thread: serde_json::Value = serde_json::from_str(&json).unwrap();
    let html = thread_widget::render_to_string(&json, &nested(Order::Oldest)).unwrap();
    let shown = placed(&html);
    assert_eq!(shown.len(), thread["posts"].as_array().unwrap().len(), "every post once");
    let reply_to = |id: &str| {
        thread["posts"].as_array().unwrap().iter().find(|p| format!("post-{}", p["id"]) == id).and_then(|p| p.get("reply_to")).map(|r| format!("post-{r}"))
    };
    let depth = |id: &str| shown.iter().find(|s| s.0 == id).map(|s| s.2);
    let mut flattened = 0;
    for (id, parent, d) in &shown {
        match (reply_to(id), parent) {
            // Post 21 answers a post not in the file: top level, with its "In reply to".
            (Some(r), None) => assert_eq!((id.as_str(), r.as_str(), *d), ("post-21", "post-99", 0)),
            (None, None) => assert_eq!(*d, 0),
            (Some(r), Some(p)) if &r == p => assert_eq!(Some(*d), depth(p).map(|d| d + 1), "{id}"),
            // Deeper than the limit: beside its parent, in the depth-5 ancestor's replies.
            (Some(_), Some(p)) => {
                flattened += 1;
                assert_eq!((*d, depth(p)), (thread_widget::view::nested::MAX_DEPTH, Some(thread_widget::view::nested::MAX_DEPTH - 1)), "{id}");
            }
            (None, Some(p)) => panic!("{id} answers nothing but stands in {p}"),
        }
    }
    // 7 → 8 → … → 16 is ten deep: 13, 14, 15 and 16 stand beside 12, each saying whom it answers.
    assert_eq!(flattened, 4);
    let doc = Html::parse_fragment(&html);
    let post16 = doc.select(&sel("#post-16")).next().unwrap();
    let reply = post16.select(&sel(".tw-reply-to a")).next().expect("a flattened reply says whom it answers");
    let number15 = thread["posts"].as_array().unwrap().iter().find(|p| p["id"] == 15).unwrap()["number"].to_string();
    assert_eq!((reply.value().attr("href"), reply.text().collect::<String>()), (Some("#post-15"), format!("#{number15}")));
    // Posts in their place say nothing of it.
    assert!(doc.select(&sel("#post-2 > header .tw-reply-to")).next().is_none());
    // Well-formed: no element has an attribute twice.
    for tag in html.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("")) {
        assert!(tag.matches(" class=\"").count() <= 1, "a repeated class attribute: <{tag}>");
    }
    // The DOM is no deeper than the limit, whatever the file says.
    let max_nesting = shown.iter().map(|s| s.2).max().unwrap();
    assert_eq!(max_nesting, thread_widget::view::nested::MAX_DEPTH);
}

#[test]
fn a_post_with_replies_has_a_button_that_names_how_many_and_controls_them() {
    let html = thread_widget::render_to_string(&conversation(), &nested(Order::Oldest)).unwrap();
    let doc = Html::parse_fragment(&html);
    let post1 = doc.select(&sel("#post-1")).next().unwrap();
    let button = post1.select(&sel(":scope > button.tw-toggle")).next().expect("a toggle");
    assert_eq!(button.value().attr("aria-expanded"), Some("true"));
    assert_eq!(button.value().attr("aria-controls"), Some("post-1-replies"));
    // 2..6, 7..16, 17, 18: every reply at any depth.
    assert_eq!(button.text().collect::<String>(), "17 replies");
    let replies = post1.select(&sel(":scope > div.tw-replies")).next().unwrap();
    assert_eq!(replies.value().id(), Some("post-1-replies"));
    let children: Vec<&str> = replies.children().filter_map(ElementRef::wrap).filter_map(|e| e.value().id()).collect();
    assert_eq!(children, ["post-2", "post-7", "post-17"]);
    // One reply: singular; a post without replies has no button.
    let b18 = doc.select(&sel("#post-17 > button.tw-toggle")).next().unwrap();
    assert_eq!(b18.text().collect::<String>(), "1 reply");
    assert!(doc.select(&sel("#post-18 > button")).next().is_none());
    // Plurals in Russian: 17 → ответов, 1 → ответ.
    let ru = thread_widget::render_to_string(&conversation(), &Config { lang: "ru".into(), ..nested(Order::Oldest) }).unwrap();
    assert!(ru.contains(">17 ответов</button>") && ru.contains(">1 ответ</button>"), "{ru}");
}

#[test]
fn newest_first_orders_top_level_posts_and_each_posts_replies() {
    let html = thread_widget::render_to_string(&conversation(), &nested(Order::Newest)).unwrap();
    let doc = Html::parse_fragment(&html);
    let top: Vec<&str> = doc.select(&sel(".tw-posts > article")).filter_map(|e| e.value().id()).collect();
    assert_eq!(top, ["post-21", "post-19", "post-1"]);
    let under1: Vec<&str> = doc.select(&sel("#post-1-replies > article")).filter_map(|e| e.value().id()).collect();
    assert_eq!(under1, ["post-17", "post-7", "post-2"]);
}

#[test]
fn pages_count_top_level_posts_with_all_their_replies() {
    let json = conversation();
    let config = Config { page_size: Some(1), page: 2, ..nested(Order::Oldest) };
    let html = thread_widget::render_to_string(&json, &config).unwrap();
    let doc = Html::parse_fragment(&html);
    let ids: Vec<&str> = doc.select(&sel("article.tw-post")).filter_map(|e| e.value().id()).collect();
    // Page 2 is post 19 and its reply; the range counts posts: 1..18 are page 1.
    assert_eq!(ids, ["post-19", "post-20"]);
    let results = doc.select(&sel(".tw-results")).next().unwrap().text().collect::<String>();
    assert_eq!(results, "Results 19 to 20 of 21");
    let pager = doc.select(&sel("nav.tw-pager")).next().unwrap();
    let pages = pager.select(&sel("button[data-page]")).filter(|b| b.value().attr("aria-label").is_some()).count();
    assert_eq!(pages, 3);
}

#[test]
fn reply_cycles_and_self_replies_are_shown_once_and_never_loop() {
    let json = r#"{"posts": [
        {"id": "a", "author": {"name": "x"}, "body": "a", "reply_to": "c"},
        {"id": "b", "author": {"name": "x"}, "body": "b", "reply_to": "a"},
        {"id": "c", "author": {"name": "x"}, "body": "c", "reply_to": "b"},
        {"id": "d", "author": {"name": "x"}, "body": "d", "reply_to": "d"}]}"#;
    let html = thread_widget::render_to_string(json, &nested(Order::Oldest)).unwrap();
    let shown = placed(&html);
    let flat: Vec<String> = shown.iter().map(|(id, p, d)| format!("{id}<{}:{d}", p.as_deref().unwrap_or("-"))).collect();
    assert_eq!(flat, ["post-a<-:0", "post-b<post-a:1", "post-c<post-b:2", "post-d<-:0"]);
    // The cut post says whom it answers, linked on the page.
    let doc = Html::parse_fragment(&html);
    assert!(doc.select(&sel("#post-a > header .tw-reply-to a[href='#post-c']")).next().is_some(), "{html}");
}

#[test]
fn the_flat_layout_is_unchanged_by_default() {
    let json = conversation();
    let flat = thread_widget::render_to_string(&json, &Config { lang: "en".into(), ..Config::default() }).unwrap();
    let doc = Html::parse_fragment(&flat);
    assert_eq!(doc.select(&sel("article article")).count(), 0);
    assert_eq!(doc.select(&sel(".tw-posts > article.tw-post")).count(), 21);
}

#[test]
fn the_cli_takes_the_widgets_markup_options() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/www/threads/conversation.json");
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_thread-widget")).arg("render").arg(file).args(args).output().unwrap();
    let out = run(&["--layout", "nested", "--order=newest", "--page-size", "2", "--quote-depth", "1", "--heading-level", "3", "--images", "link"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = String::from_utf8(out.stdout).unwrap();
    // The library's prerendered markup (with its hash: tests/prerender.rs).
    let same = thread_widget::prerender_thread(&thread_widget::Thread::from_json(&conversation()).unwrap(), &Config {
        page_size: Some(2),
        quote_depth: 1,
        heading_level: 3,
        images: thread_widget::config::Images::Link,
        ..nested(Order::Newest)
    });
    assert_eq!(html.trim_end(), same);
    assert!(html.contains("<h3 class=\"tw-title\""));
    // A bad value is an error that names the flag and what it takes, and writes nothing.
    let out = run(&["--layout", "sideways"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("thread-widget: --layout \"sideways\": expected flat or nested"), "{err}");
    let out = run(&["--page-size"]);
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("thread-widget: --page-size needs a value"));
}

#[test]
fn the_compact_header_carries_the_platform_fields() {
    let json = r#"{"platform": "Mastodon", "posts": [
        {"id": "1", "author": {"name": "Ann", "handle": "@ann@mastodon.example"}, "body": "Hello", "url": "https://mastodon.example/@ann/1", "replies": 7, "likes": 3},
        {"id": "2", "author": {"name": "Bo"}, "body": "", "deleted": true, "reply_to": "1"}]}"#;
    let html = thread_widget::render_to_string(json, &nested(Order::Oldest)).unwrap();
    let doc = Html::parse_fragment(&html);
    let head = doc.select(&sel("#post-1 > header")).next().unwrap();
    assert_eq!(head.select(&sel(".tw-who .tw-handle")).next().unwrap().text().collect::<String>(), "@ann@mastodon.example");
    let link = head.select(&sel(".tw-post-meta a.tw-post-link")).next().unwrap();
    assert_eq!((link.value().attr("href"), link.text().collect::<String>().as_str()), (Some("https://mastodon.example/@ann/1"), "View on Mastodon"));
    // The platform's likes are shown; its count of replies is the button's job.
    let counts: Vec<String> = doc.select(&sel("#post-1 > ul.tw-counts li")).map(|li| li.text().collect()).collect();
    assert_eq!(counts, ["3 likes"]);
    assert_eq!(doc.select(&sel("#post-1 > button.tw-toggle")).next().unwrap().text().collect::<String>(), "1 reply");
    // A deleted reply keeps its place, saying so.
    assert_eq!(doc.select(&sel("#post-1-replies > #post-2 .tw-deleted")).next().unwrap().text().collect::<String>(), "This post was deleted.");
}

/// A conversation of `n` replies: post i answers post (i - 1) / `fan` (post 0 the top).
fn big(n: usize, fan: usize) -> String {
    let posts: Vec<String> = (0..=n)
        .map(|i| match i {
            0 => r#"{"id": 0, "author": {"name": "a"}, "body": "top"}"#.to_owned(),
            _ => format!(r#"{{"id": {i}, "author": {{"name": "a"}}, "body": "r{i}", "reply_to": {}}}"#, (i - 1) / fan),
        })
        .collect();
    format!(r#"{{"posts": [{}]}}"#, posts.join(","))
}

#[test]
fn a_budget_bounds_the_articles_of_a_10000_reply_conversation_and_buttons_build_the_rest() {
    use thread_widget::i18n::{catalog, CatalogFormatter};
    use thread_widget::view::{self, nested};
    for fan in [1, 3, 10_000] {
        let json = big(10_000, fan);
        let t = thread_widget::model::Thread::from_json(&json).unwrap();
        let config = Config { reply_budget: Some(300), ..nested(Order::Oldest) };
        let html = thread_widget::render_to_string(&json, &config).unwrap();
        let doc = Html::parse_fragment(&html);
        let articles = doc.select(&sel("article")).count();
        assert_eq!(articles, 301, "fan {fan}: the top post and 300 replies");
        // Every reply not built is counted by a "Show N more replies" or behind a folded, empty replies div.
        let mut behind = 0;
        for b in doc.select(&sel("button.tw-more-replies")) {
            let text = b.text().collect::<String>();
            behind += text.trim_start_matches("Show ").split(' ').next().unwrap().replace(',', "").parse::<usize>().unwrap();
        }
        for d in doc.select(&sel("div.tw-replies[data-unloaded]")) {
            assert!(d.value().attr("hidden").is_some() && d.children().next().is_none());
            let owner = d.value().id().unwrap().trim_end_matches("-replies");
            let button = doc.select(&Selector::parse(&format!("#{owner} > button.tw-toggle")).unwrap()).next().unwrap();
            assert_eq!(button.value().attr("aria-expanded"), Some("false"));
            behind += button.value().attr("data-replies").unwrap().parse::<usize>().unwrap();
        }
        assert_eq!(behind, 10_000 - 300, "fan {fan}");
        // The CLI and renderToString build everything.
        let all = thread_widget::render_to_string(&json, &nested(Order::Oldest)).unwrap();
        assert_eq!(Html::parse_fragment(&all).select(&sel("article")).count(), 10_001);

        // What a "Show more" button builds continues where it stopped, with the same budget.
        let fmt = CatalogFormatter(catalog("en"));
        let index = view::PostIndex::new(&t);
        let more = doc.select(&sel("button.tw-more-replies")).next().unwrap();
        let (of, from) = (more.value().attr("data-of").unwrap(), more.value().attr("data-from").unwrap().parse().unwrap());
        let next = nested::replies_of(&t, &config, &fmt, &index, of, from);
        let out = thread_widget::render::html::to_string(&next);
        let built = Html::parse_fragment(&out);
        let promised: usize = more.text().collect::<String>().trim_start_matches("Show ").split(' ').next().unwrap().replace(',', "").parse().unwrap();
        assert_eq!(built.select(&sel("article")).count(), 300.min(promised), "fan {fan}");
        // And the holders of the last reply: the top post, then each replies div on the way.
        let path = nested::holders(&t, &config, "10000");
        assert_eq!(path.first().map(String::as_str), Some("0"));
        assert_eq!(path.last().map(String::as_str), Some("10000"));
        assert!(path.len() <= nested::MAX_DEPTH + 1, "{path:?}");
    }
}
