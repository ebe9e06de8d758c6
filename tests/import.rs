//! `thread-widget import`, on real saved responses in ../shared/corpora/threads.

use std::process::Command;
use thread_widget::config::{Config, Layout};
use thread_widget::import::{self, Source};
use thread_widget::model::Thread;

fn corpus(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/threads").join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

const MASTODON: &str = "mastodon-social-context-109294719267373593.json";
const ROOT: &str = "109294719267373593";

#[test]
fn a_mastodon_context_becomes_a_valid_thread_with_every_status_once() {
    let text = corpus(MASTODON);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let descendants = v["descendants"].as_array().unwrap();
    assert_eq!(import::detect(&text), Some(Source::Mastodon));
    let threads = import::import(None, &[&text]).unwrap();
    assert_eq!(threads.len(), 1);
    let t = &threads[0];
    // check passes on what is written.
    let written = thread_widget::write::thread_json(t);
    assert_eq!(&Thread::from_json(&written).unwrap(), t);
    assert_eq!(t.platform.as_deref(), Some("Mastodon"));
    assert_eq!(t.posts.len(), descendants.len());
    for (p, s) in t.posts.iter().zip(descendants) {
        assert_eq!(p.id, s["id"].as_str().unwrap());
        assert_eq!(p.body, s["content"].as_str().unwrap(), "no content warnings in this file");
        assert_eq!(p.url.as_deref(), s["url"].as_str());
        assert_eq!(p.created.as_ref().unwrap().text, s["created_at"].as_str().unwrap());
        assert_eq!((p.counts.replies, p.counts.reposts, p.counts.likes), (s["replies_count"].as_u64(), s["reblogs_count"].as_u64(), s["favourites_count"].as_u64()));
        let acct = s["account"]["acct"].as_str().unwrap();
        let handle = p.author.handle.as_deref().unwrap();
        assert!(handle == format!("@{acct}") || handle == format!("@{acct}@mastodon.social"), "{handle} for {acct}");
        assert_eq!(p.author.posts, s["account"]["statuses_count"].as_u64());
        // Each reply answers a post of the file, or the status the context is of.
        let r = p.reply_to.as_deref().unwrap();
        assert!(r == ROOT || t.posts.iter().any(|q| q.id == r), "{} answers {r}", p.id);
    }
    // Nested, every reply to a status of the file stands under it; replies to the status itself at the top.
    let html = thread_widget::render_to_string(&written, &Config { lang: "en".into(), layout: Layout::Nested, ..Config::default() }).unwrap();
    let doc = scraper::Html::parse_fragment(&html);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    assert_eq!(doc.select(&sel("article.tw-post")).count(), t.posts.len());
    let top = doc.select(&sel(".tw-posts > article")).count();
    assert_eq!(top, t.posts.iter().filter(|p| p.reply_to.as_deref() == Some(ROOT)).count());
}

#[test]
fn a_status_and_its_context_as_two_inputs_are_one_thread_the_status_first() {
    let text = corpus(MASTODON);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let status = serde_json::to_string(&v["descendants"][0]).unwrap();
    let t = &import::import(Some(Source::Mastodon), &[&status, &text]).unwrap()[0];
    assert_eq!(t.posts.len(), v["descendants"].as_array().unwrap().len(), "the status is in the context too: once");
    assert_eq!(t.posts[0].id, v["descendants"][0]["id"].as_str().unwrap());
    assert_eq!(t.url.as_deref(), v["descendants"][0]["url"].as_str());
    // A content warning comes first, in bold.
    let mut cw = v["descendants"][0].clone();
    cw["spoiler_text"] = "Spoilers <b>ahead</b> & more".into();
    let t = &import::import(None, &[&serde_json::to_string(&cw).unwrap()]).unwrap()[0];
    assert!(t.posts[0].body.starts_with("<p><strong>Spoilers &lt;b&gt;ahead&lt;/b&gt; &amp; more</strong></p><p>"), "{}", t.posts[0].body);
    assert_eq!(t.title.as_deref(), Some("Spoilers <b>ahead</b> & more"));
}

#[test]
fn a_status_counting_more_replies_than_the_context_holds_says_so() {
    use thread_widget::model::More;
    let text = corpus(MASTODON);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let d = v["descendants"].as_array().unwrap();
    let direct = |id: &str| d.iter().filter(|s| s["in_reply_to_id"] == id).count() as u64;
    // The real file: its second status counts 2 replies, and the context holds 1 of them.
    let s1 = &d[1];
    assert_eq!((s1["replies_count"].as_u64(), direct(s1["id"].as_str().unwrap())), (Some(2), 1));
    let t = &import::import(None, &[&s1.to_string(), &text]).unwrap()[0];
    assert_eq!(t.more, Some(More { posts: Some(1), url: s1["url"].as_str().map(str::to_owned) }));
    assert_eq!(&Thread::from_json(&thread_widget::write::thread_json(t)).unwrap(), t);
    // A status whose replies are all there: nothing more; a context alone names no status to count.
    let s0 = &d[0];
    assert_eq!(s0["replies_count"].as_u64(), Some(direct(s0["id"].as_str().unwrap())));
    assert_eq!(import::import(None, &[&s0.to_string(), &text]).unwrap()[0].more, None);
    assert_eq!(import::import(None, &[&text]).unwrap()[0].more, None);
    // The status of the context, cut at 60 descendants: 43 replies to it in the file, 90 counted.
    let mut root = s0.clone();
    root["id"] = ROOT.into();
    root["in_reply_to_id"] = serde_json::Value::Null;
    root["url"] = "https://mastodon.social/@austinkocher/109294719267373593".into();
    root["replies_count"] = 90.into();
    assert_eq!(direct(ROOT), 43);
    let t = &import::import(None, &[&root.to_string(), &text]).unwrap()[0];
    assert_eq!(t.more, Some(More { posts: Some(90 - 43), url: Some("https://mastodon.social/@austinkocher/109294719267373593".into()) }));
    // Given twice, counted once; without a url, its uri.
    root.as_object_mut().unwrap().remove("url");
    root["uri"] = "https://mastodon.social/users/austinkocher/statuses/109294719267373593".into();
    let t = &import::import(None, &[&root.to_string(), &root.to_string(), &text]).unwrap()[0];
    assert_eq!(t.more, Some(More { posts: Some(47), url: Some("https://mastodon.social/users/austinkocher/statuses/109294719267373593".into()) }));
    let html = thread_widget::render_to_string(&thread_widget::write::thread_json(t), &Config { lang: "en".into(), ..Config::default() }).unwrap();
    assert!(html.contains(r#"<p class="tw-elsewhere">47 more posts of this conversation are not shown here. <a href="https://mastodon.social/users/austinkocher/statuses/109294719267373593" rel="nofollow ugc noopener noreferrer">View on Mastodon</a></p>"#), "{html}");
}

#[test]
fn what_is_not_a_known_source_is_a_precise_error() {
    let seed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/threads/seed.json")).unwrap();
    assert_eq!(import::detect(&seed), None);
    assert_eq!(import::import(None, &[&seed]).unwrap_err(), "cannot tell which platform this comes from: say it with --from (mastodon, bluesky, hackernews, github, discourse, reddit, disqus, wordpress)");
    let e = import::import(Some(Source::Mastodon), &[&seed]).unwrap_err();
    assert!(e.starts_with("input 1: not a Mastodon status or context: missing field `id`"), "{e}");
    let e = import::import(Some(Source::Mastodon), &["{\"ancestors\": [], \"descendants\": []}"]).unwrap_err();
    assert_eq!(e, "no statuses: the context has no ancestors or descendants");
}

#[test]
fn the_cli_prints_the_thread_or_writes_files_and_an_index_and_never_half_a_result() {
    let bin = env!("CARGO_BIN_EXE_thread-widget");
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/threads").join(MASTODON);
    let out = Command::new(bin).arg("import").arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text, thread_widget::write::thread_json(&import::import(None, &[&corpus(MASTODON)]).unwrap()[0]));

    let dir = std::env::temp_dir().join(format!("tw-import-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(bin).arg("import").arg(&file).arg("--from=mastodon").arg("--out").arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let index: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).unwrap()).unwrap();
    let (url, name) = index.as_object().unwrap().iter().next().unwrap();
    assert_eq!(url, "https://mastodon.social/@austinkocher/109294767623508949");
    assert_eq!(std::fs::read_to_string(dir.join(name.as_str().unwrap())).unwrap(), text);
    let mut names: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["index.json", "mastodon-109294767623508949.json"]);
    let _ = std::fs::remove_dir_all(&dir);

    // A bad source name: exit 2; a file that is not a thread: exit 1; nothing written either way.
    let out = Command::new(bin).arg("import").arg(&file).arg("--from").arg("myspace").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("thread-widget: --from \"myspace\": expected mastodon, bluesky, hackernews, github, discourse, reddit, disqus, wordpress"));
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/www/threads/seed.json");
    let out = Command::new(bin).arg("import").arg(seed).arg("--out").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty() && !dir.exists());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot tell which platform this comes from"));
}

/// The recorded response of `path` in the Hacker News fixtures (a list of {url, reply}).
fn hn(path: &str) -> String {
    let all: serde_json::Value = serde_json::from_str(&corpus("hn-algolia-fixtures-node-hacker-news-api.json")).unwrap();
    let hit = all.as_array().unwrap().iter().find(|e| e["url"] == path).unwrap_or_else(|| panic!("{path}"));
    serde_json::to_string(&hit["reply"]).unwrap()
}

#[test]
fn a_hacker_news_item_tree_becomes_a_thread_in_the_order_hn_shows_it() {
    let text = hn("/api/v1/items/17");
    assert_eq!(import::detect(&text), Some(Source::HackerNews));
    let t = &import::import(None, &[&text]).unwrap()[0];
    assert_eq!(&Thread::from_json(&thread_widget::write::thread_json(t)).unwrap(), t);
    assert_eq!((t.platform.as_deref(), t.url.as_deref()), (Some("Hacker News"), Some("https://news.ycombinator.com/item?id=17")));
    assert_eq!(t.title.as_deref(), Some("Is there anywhere to eat on Sandhill Road?"));
    let shown: Vec<(&str, &str, Option<&str>, Option<i64>)> =
        t.posts.iter().map(|p| (p.id.as_str(), p.author.name.as_str(), p.reply_to.as_deref(), p.counts.points)).collect();
    assert_eq!(shown, [("17", "pg", Some("15"), Some(5)), ("1079", "dmon", Some("17"), Some(4)), ("454426", "Arrington", Some("17"), Some(1))]);
    assert_eq!(t.posts[1].body, "<p>sure</p>");
    assert_eq!(t.posts[0].author.url.as_deref(), Some("https://news.ycombinator.com/user?id=pg"));
    assert_eq!(t.posts[2].url.as_deref(), Some("https://news.ycombinator.com/item?id=454426"));
}

#[test]
fn a_story_with_a_deep_deleted_branch_keeps_every_place() {
    // A story (link first), a deleted comment that still has a reply, and a chain 300 deep (no recursion in the walk).
    let mut deep = serde_json::json!({"id": 1000, "created_at": "2024-01-01T00:00:00.000Z", "author": "z", "text": "<p>deepest</p>", "points": null, "parent_id": 999, "children": []});
    for id in (700..1000).rev() {
        deep = serde_json::json!({"id": id, "created_at": "2024-01-01T00:00:00.000Z", "author": "z", "text": "<p>x</p>", "points": null, "parent_id": if id == 700 { 2 } else { id - 1 }, "children": [deep]});
    }
    let story = serde_json::json!({"id": 1, "created_at": "2024-01-01T00:00:00.000Z", "author": "a", "title": "A \"story\" & more", "url": "https://example.org/?a=1&b=2",
        "text": null, "points": 120, "parent_id": null, "story_id": 1, "created_at_i": 1, "children": [
            {"id": 2, "created_at": "2024-01-01T00:00:00.000Z", "author": null, "text": null, "points": null, "parent_id": 1, "children": [deep]}]});
    let text = serde_json::to_string(&story).unwrap();
    // JSON is read to 128 levels: a chain this deep is a clear error, with where, never a crash.
    match import::import(Some(Source::HackerNews), &[&text]) {
        Err(e) => assert!(e.starts_with("not a Hacker News item (Algolia items/:id): nested deeper than 128 levels at line 1 column "), "{e}"),
        Ok(_) => panic!("a 300-deep tree read past the 128 levels"),
    }
    let shallow: serde_json::Value = {
        let mut s = story.clone();
        s["children"][0]["children"] = serde_json::json!([{"id": 3, "created_at": "2024-01-01T00:00:00.000Z", "author": "b", "text": "<p>still here</p>", "points": null, "parent_id": 2, "children": []}]);
        s
    };
    let t = &import::import(None, &[&serde_json::to_string(&shallow).unwrap()]).unwrap()[0];
    assert_eq!(t.title.as_deref(), Some("A \"story\" & more"));
    assert_eq!(t.posts[0].body, "<p><a href=\"https://example.org/?a=1&amp;b=2\">A &quot;story&quot; &amp; more</a></p>");
    assert_eq!((t.posts[1].deleted, t.posts[1].author.name.as_str()), (Some(thread_widget::model::Deleted::Deleted), "[deleted]"));
    assert_eq!(t.posts[2].reply_to.as_deref(), Some("2"));
}

#[test]
fn github_comments_become_one_thread_an_issue_and_an_issue_leads_its_comments() {
    let text = corpus("github-pygithub-issues-comments-180.json");
    let all: serde_json::Value = serde_json::from_str(&text).unwrap();
    let all = all.as_array().unwrap();
    assert_eq!(import::detect(&text), Some(Source::Github));
    let threads = import::import(None, &[&text]).unwrap();
    let mut issues: Vec<&str> = Vec::new();
    for c in all {
        let u = c["issue_url"].as_str().unwrap();
        if !issues.contains(&u) {
            issues.push(u);
        }
    }
    assert_eq!(threads.len(), issues.len());
    // The recording holds some pages twice (180 comments, 78 different): each comment once.
    let unique: std::collections::BTreeSet<u64> = all.iter().map(|c| c["id"].as_u64().unwrap()).collect();
    assert_eq!(threads.iter().map(|t| t.posts.len()).sum::<usize>(), unique.len());
    let of = |u: &str| all.iter().filter(|c| c["issue_url"] == u).map(|c| c["id"].as_u64().unwrap()).collect::<std::collections::BTreeSet<_>>().len();
    let big = threads.iter().find(|t| t.url.as_deref() == Some("https://github.com/PyGithub/PyGithub/issues/5387373")).unwrap();
    assert_eq!(big.posts.len(), of("https://api.github.com/repos/PyGithub/PyGithub/issues/5387373"));
    assert!(big.posts.len() > 5);
    for t in &threads {
        assert_eq!(&Thread::from_json(&thread_widget::write::thread_json(t)).unwrap(), t);
        for p in &t.posts {
            let c = all.iter().find(|c| c["id"].as_u64().unwrap().to_string() == p.id).unwrap();
            assert_eq!(p.body, c["body"].as_str().unwrap().replace("\r\n", "\n"));
            assert_eq!(p.format, thread_widget::markup::Format::Markdown);
            assert_eq!(p.author.handle.as_deref(), Some(format!("@{}", c["user"]["login"].as_str().unwrap()).as_str()));
            assert_eq!(p.url.as_deref(), Some(format!("{}#issuecomment-{}", t.url.as_deref().unwrap(), p.id).as_str()));
            assert!(p.reply_to.is_none(), "no issue given: the comments stand side by side");
        }
    }
    // With the issue first: it leads, its comments answer it, its title names the thread.
    let first = all[0].clone();
    let issue = serde_json::json!({"id": 1, "number": 7, "url": first["issue_url"], "html_url": "https://github.com/PyGithub/PyGithub/issues/7",
        "title": "Crash on <import>", "body": "It **crashes**.\r\n", "user": first["user"], "created_at": "2012-04-16T20:00:00Z",
        "updated_at": "2012-05-01T00:00:00Z", "author_association": "OWNER", "comments": 3, "reactions": {"total_count": 2}});
    let threads = import::import(None, &[&issue.to_string(), &text]).unwrap();
    let t = &threads[0];
    assert_eq!(t.title.as_deref(), Some("Crash on <import>"));
    assert_eq!((t.posts[0].id.as_str(), t.posts[0].body.as_str(), t.posts[0].edited.is_none()), ("1", "It **crashes**.\n", true));
    assert_eq!((t.posts[0].counts.replies, t.posts[0].counts.likes, t.posts[0].author.title.as_deref()), (Some(3), Some(2), Some("Owner")));
    assert!(t.posts[1..].iter().all(|p| p.reply_to.as_deref() == Some("1")));
    assert_eq!(t.posts[1].url.as_deref(), Some(format!("https://github.com/PyGithub/PyGithub/issues/7#issuecomment-{}", t.posts[1].id).as_str()));
}

#[test]
fn an_issue_counting_more_comments_than_the_inputs_hold_says_so() {
    use thread_widget::model::More;
    let text = corpus("github-pygithub-issues-comments-180.json");
    let all: serde_json::Value = serde_json::from_str(&text).unwrap();
    let all = all.as_array().unwrap();
    let api = "https://api.github.com/repos/PyGithub/PyGithub/issues/5387373";
    // The recording holds some comments twice: counted once.
    let held = all.iter().filter(|c| c["issue_url"] == api).map(|c| c["id"].as_u64().unwrap()).collect::<std::collections::BTreeSet<_>>().len() as u64;
    assert!(held > 5 && (all.iter().filter(|c| c["issue_url"] == api).count() as u64) > held);
    let issue = |comments: u64| serde_json::json!({"id": 1, "number": 5387373, "url": api, "html_url": "https://github.com/PyGithub/PyGithub/issues/5387373",
        "title": "t", "body": "b", "user": all[0]["user"], "created_at": "2012-04-16T20:00:00Z", "comments": comments}).to_string();
    let of = |comments: u64| import::import(None, &[&issue(comments), &text]).unwrap().into_iter().find(|t| t.posts[0].id == "1").unwrap();
    let t = of(held + 25);
    assert_eq!(t.more, Some(More { posts: Some(25), url: Some("https://github.com/PyGithub/PyGithub/issues/5387373".into()) }));
    assert_eq!(t.posts[0].counts.replies, Some(held + 25));
    assert_eq!(&Thread::from_json(&thread_widget::write::thread_json(&t)).unwrap(), &t);
    // All of them there (or fewer counted): nothing more. Without the issue, no count to go by.
    assert_eq!(of(held).more, None);
    assert_eq!(of(held - 1).more, None);
    assert!(import::import(None, &[&text]).unwrap().iter().all(|t| t.more.is_none()));
    // The issue alone, its comments on its page.
    let t = &import::import(None, &[&issue(3)]).unwrap()[0];
    assert_eq!((t.posts.len(), t.more.as_ref().and_then(|m| m.posts)), (1, Some(3)));
}

#[test]
fn the_cli_writes_every_issue_of_a_comments_array_with_its_index() {
    let bin = env!("CARGO_BIN_EXE_thread-widget");
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/threads/github-pygithub-issues-comments-180.json");
    // Many threads: not to standard output.
    let out = Command::new(bin).arg("import").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("threads: write them with --out DIR"));
    let dir = std::env::temp_dir().join(format!("tw-import-gh-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(bin).arg("import").arg(&file).arg("--out").arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let index: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).unwrap()).unwrap();
    let index = index.as_object().unwrap();
    let files = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(files, index.len() + 1);
    for (url, name) in index {
        assert!(url.starts_with("https://github.com/PyGithub/PyGithub/issues/"), "{url}");
        let t = Thread::from_json(&std::fs::read_to_string(dir.join(name.as_str().unwrap())).unwrap()).unwrap();
        assert_eq!(t.url.as_deref(), Some(url.as_str()));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_api_error_saved_instead_of_a_response_says_so_and_whose_it_looks_like() {
    // The platforms' error objects, as their APIs send them (GitHub's rate limit, Mastodon's 404, …).
    let cases = [
        (r#"{"message":"API rate limit exceeded for 203.0.113.5. (But here's the good news: Authenticated requests get a higher rate limit.)","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}"#,
         "input 1: an error response (GitHub's shape), not a thread: API rate limit exceeded for 203.0.113.5. (But here's the good news: Authenticated requests get a higher rate limit.)"),
        (r#"{"error": "Record not found"}"#, "input 1: an error response (Mastodon's shape), not a thread: Record not found"),
        (r#"{"error":"invalid_token","error_description":"The access token is invalid"}"#, "input 1: an error response (Mastodon's shape), not a thread: invalid_token: The access token is invalid"),
        (r#"{"message": "Not Found", "error": 404}"#, "input 1: an error response (Reddit's shape), not a thread: Not Found (404)"),
        (r#"{"errors":["You've performed this action too many times. Please wait 10 seconds before trying again."],"error_type":"rate_limit"}"#,
         "input 1: an error response (Discourse's shape), not a thread: You've performed this action too many times. Please wait 10 seconds before trying again. (rate_limit)"),
    ];
    for (text, want) in cases {
        assert_eq!(import::import(None, &[text]).unwrap_err(), want);
        for s in [Source::Mastodon, Source::Github, Source::HackerNews, Source::Reddit] {
            assert_eq!(import::import(Some(s), &[text]).unwrap_err(), want, "--from {}", s.name());
        }
    }
    // As the second input too; a real thread is not taken for an error.
    let ctx = corpus(MASTODON);
    assert_eq!(import::import(None, &[&ctx, r#"{"error": "Record not found"}"#]).unwrap_err(), "input 2: an error response (Mastodon's shape), not a thread: Record not found");
    assert!(import::error_response(&ctx).is_none());
}

#[test]
fn a_mastodon_context_as_full_as_a_visitor_gets_says_more_may_follow() {
    let text = corpus(MASTODON);
    let t = &import::import(None, &[&text]).unwrap()[0];
    assert_eq!(t.more, None, "59 descendants: nothing cut");
    // One more descendant (a copy of the last with a new id): 60, Mastodon's limit for visitors.
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let d = v["descendants"].as_array_mut().unwrap();
    assert_eq!(d.len() + 1, thread_widget::import::mastodon::VISITOR_DESCENDANTS);
    let mut extra = d.last().unwrap().clone();
    extra["id"] = serde_json::json!("999999999999999999");
    d.push(extra);
    let t = &import::import(None, &[&v.to_string()]).unwrap()[0];
    assert_eq!(t.more, Some(thread_widget::model::More { posts: None, url: None }), "no status given: no address for the rest");
}
