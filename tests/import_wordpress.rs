//! `thread-widget import` of a WordPress WXR export: the real export that
//! WordPress 6.1 wrote in tests/data (see its README), read here with plain
//! string search to have something independent to compare with.

use std::process::Command;
use thread_widget::config::{Config, Layout};
use thread_widget::import::{self, wordpress::autop, Include, Source};
use thread_widget::model::{Deleted, Post, Thread};

fn path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/wordpress-wxr-6.1.xml")
}

fn export() -> String {
    std::fs::read_to_string(path()).unwrap()
}

/// Every `<tag>…</tag>` value in `text` (CDATA unwrapped, split sections joined).
fn values(text: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    text.split(&open).skip(1).map(|s| s[..s.find(&close).unwrap()].replace("]]><![CDATA[", "").replace("<![CDATA[", "").replace("]]>", "")).collect()
}

fn post<'a>(t: &'a Thread, id: &str) -> &'a Post {
    t.posts.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no post {id}"))
}

#[test]
fn every_published_post_with_comments_is_a_thread_with_its_approved_comments_in_place() {
    let text = export();
    assert_eq!(import::detect(&text), Some(Source::Wordpress));
    let all = import::import_all(None, &[&text], Include::default()).unwrap();
    let heads: Vec<(&str, Option<&str>, Option<&str>, usize, &[String])> = all.iter().map(|i| (i.id.as_str(), i.thread.title.as_deref(), i.thread.url.as_deref(), i.thread.posts.len(), &i.keys[..])).collect();
    assert_eq!(
        heads,
        [
            ("4", Some("About"), Some("https://blog.example.org/about/"), 1, &["https://blog.example.org/about/".to_owned(), "4".to_owned()][..]),
            ("5", Some("Hello, comments"), Some("https://blog.example.org/2024/03/hello-comments/"), 16, &["https://blog.example.org/2024/03/hello-comments/".to_owned(), "5".to_owned()][..]),
            ("6", Some("Second post"), Some("https://blog.example.org/2024/04/second-post/"), 2, &["https://blog.example.org/2024/04/second-post/".to_owned(), "6".to_owned()][..]),
        ],
        "the draft with a comment and the post with none make no thread"
    );
    let t = &all[1].thread;
    assert_eq!(t.platform.as_deref(), Some("WordPress"));
    let written = thread_widget::write::thread_json(t);
    assert_eq!(&Thread::from_json(&written).unwrap(), t);

    // Each comment of post 5 in the export: id, parent, date, approved.
    let item = &text[text.find("<wp:post_id>5</wp:post_id>").unwrap()..];
    let item = &item[..item.find("</item>").unwrap()];
    let comments: Vec<&str> = item.split("<wp:comment>").skip(1).collect();
    assert_eq!(comments.len(), 16);
    for c in &comments {
        let id = &values(c, "wp:comment_id")[0];
        let p = post(t, id);
        let parent = &values(c, "wp:comment_parent")[0];
        assert_eq!(p.reply_to.as_deref(), (parent != "0").then_some(parent.as_str()), "comment {id}");
        assert_eq!(p.created.as_ref().unwrap().text, values(c, "wp:comment_date_gmt")[0].replace(' ', "T") + "Z");
        assert_eq!(p.url.as_deref(), Some(format!("https://blog.example.org/2024/03/hello-comments/#comment-{id}").as_str()));
        let approved = values(c, "wp:comment_approved")[0].clone();
        match approved.as_str() {
            "1" => assert!(p.deleted.is_none() && !p.body.is_empty() && p.author.name != "[deleted]", "comment {id}"),
            // Pending and trashed comments are left out; these two stay, empty, because approved replies answer them.
            "0" => assert_eq!((p.deleted, p.body.as_str(), p.author.name.as_str()), (Some(Deleted::Removed), "", "[deleted]")),
            "trash" => assert_eq!((p.deleted, p.body.as_str(), p.author.name.as_str()), (Some(Deleted::Deleted), "", "[deleted]")),
            other => panic!("comment_approved {other}"),
        }
    }
    // In the order they were written.
    let dates: Vec<&str> = t.posts.iter().map(|p| p.created.as_ref().unwrap().text.as_str()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");

    // Nothing private comes along: no e-mail or IP address of the export is in the thread.
    for secret in values(&text, "wp:comment_author_email").into_iter().chain(values(&text, "wp:comment_author_IP")).filter(|s| !s.is_empty()) {
        assert!(!written.contains(&secret), "{secret} is in the thread");
    }
    assert!(!written.contains('\r'), "CRLF from the comment form is read as LF");

    // Authors: names as WordPress shows them, websites, the post author marked.
    assert_eq!(post(t, "16").author.name, "Another Blog » Links for March", "a pingback's name has its entities decoded");
    assert_eq!(post(t, "9").author.url.as_deref(), Some("https://juergen.example.org/?lang=de&ref=comments"));
    assert_eq!(post(t, "3").author.title.as_deref(), Some("Post author"));
    assert_eq!(post(t, "2").author.title, None);
    assert_eq!(post(t, "18").author.name, "佐藤 健二");
}

#[test]
fn comments_read_as_wordpress_shows_them_nested_as_it_threads_them() {
    let t = &import::import(None, &[&export()]).unwrap()[1];
    let html = thread_widget::render_to_string(&thread_widget::write::thread_json(t), &Config { layout: Layout::Nested, ..Config::default() }).unwrap();
    let doc = scraper::Html::parse_fragment(&html);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let text_of = |s: &str| doc.select(&sel(s)).next().unwrap_or_else(|| panic!("no {s}")).text().collect::<String>();
    // Five levels, each under the one it answers; a reply to a left-out comment under its empty place.
    assert_eq!(doc.select(&sel("#post-2 #post-3 #post-4 #post-5 #post-6")).count(), 1);
    assert_eq!(doc.select(&sel("#post-11 #post-12")).count(), 1);
    assert_eq!(doc.select(&sel("#post-14 #post-15")).count(), 1);
    // Plain text: blank lines are paragraphs, a newline a line break.
    // (The first body in #post-7 is its own: its reply, #post-8, is inside it, after it.)
    let body7 = doc.select(&sel("#post-7 .tw-body")).next().unwrap();
    assert_eq!(body7.select(&sel(":scope > p")).count(), 4, "{}", body7.html());
    assert_eq!(body7.select(&sel(":scope > p br")).count(), 1);
    // HTML: the quote, emphasis, code and link keep their meaning; the stripped script's text stays text.
    assert_eq!(doc.select(&sel("#post-6 .tw-body blockquote")).count(), 1);
    assert_eq!(text_of("#post-6 .tw-body a[href=\"https://wordpress.example.org/support/discussion-settings/\"]"), "the discussion settings");
    assert!(text_of("#post-6 .tw-body").contains("alert(1)"));
    assert_eq!(doc.select(&sel("script")).count(), 0);
    // A `]]>` split over two CDATA sections is whole again.
    assert!(text_of("#post-10 .tw-body code").contains("if (a[b[0]]>0) { … }"));
    assert!(text_of("#post-16 .tw-body").contains("[…] Hello, comments is a nice test"));

    // Asked for, pending and trashed comments come with their text and authors.
    let all = &import::import_all(None, &[&export()], Include { pending: true, trash: true, spam: true }).unwrap()[1].thread;
    for id in ["11", "14"] {
        assert!(post(all, id).deleted.is_none() && !post(all, id).body.is_empty() && post(all, id).author.name != "[deleted]");
    }
    assert!(post(all, "11").body.contains("Is this thing on?"));
}

#[test]
fn wpautop_makes_paragraphs_and_line_breaks_but_not_in_pre_or_blocks() {
    assert_eq!(autop("a\nb\n\nc"), "<p>a<br>\nb</p>\n<p>c</p>\n");
    assert_eq!(autop("x\r\n\r\n<pre>1\n\n2</pre>\n\ny"), "<p>x</p>\n<pre>1\n\n2</pre><p>y</p>\n");
    assert_eq!(autop("<blockquote>q</blockquote>\n\n<em>e</em>"), "<blockquote>q</blockquote>\n<p><em>e</em></p>\n");
    assert_eq!(autop("<PRE>unclosed\n\nstill pre"), "<PRE>unclosed\n\nstill pre");
    assert_eq!(autop("é\n\n<p>ü</p>"), "<p>é</p>\n<p>ü</p>\n");
}

#[test]
fn the_cli_writes_a_file_a_post_and_the_index_and_a_broken_export_is_a_precise_error() {
    let bin = env!("CARGO_BIN_EXE_thread-widget");
    let dir = std::env::temp_dir().join(format!("tw-wordpress-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(bin).arg("import").arg(path()).arg("--out").arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["index.json", "wordpress-4.json", "wordpress-5.json", "wordpress-6.json"]);
    let index: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).unwrap()).unwrap();
    assert_eq!(index["https://blog.example.org/2024/03/hello-comments/"], "wordpress-5.json");
    assert_eq!(index["5"], "wordpress-5.json");
    for n in &names[1..] {
        let check = Command::new(bin).arg("check").arg(dir.join(n)).output().unwrap();
        assert!(check.status.success(), "{n}: {}", String::from_utf8_lossy(&check.stderr));
    }
    let _ = std::fs::remove_dir_all(&dir);
    // Without --out, three threads are an error that says what to do.
    let out = Command::new(bin).arg("import").arg(path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).ends_with("this holds 3 threads: write them with --out DIR\n"));

    let text = export();
    let cut = &text[..text.find("</channel>").unwrap()];
    assert_eq!(import::import(None, &[cut]).unwrap_err(), "not a WordPress export (WXR): the XML ends inside <channel> (opened at line 28): the file is cut short");
    let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>A feed</title><item><title>x</title></item></channel></rss>";
    assert_eq!(import::detect(feed), None);
    let e = import::import(Some(Source::Wordpress), &[feed]).unwrap_err();
    assert_eq!(e, "not a WordPress export (WXR): an RSS feed with no wp:wxr_version and no wp:post_id (a plain feed holds no comments)");
    let e = import::import(Some(Source::Wordpress), &[&text.replacen("<wp:comment_id>2</wp:comment_id>", "", 1)]).unwrap_err();
    assert!(e.starts_with("WordPress export: the <wp:comment> at line ") && e.ends_with(" has no wp:comment_id"), "{e}");
}
