//! `thread-widget import` of a Disqus XML export: the real export in
//! ../shared/corpora/threads, and variants of it made by editing its text
//! (replies, spam, more threads, a cut-off file), since it has none of those.

use std::process::Command;
use thread_widget::config::{Config, Layout};
use thread_widget::import::{self, Include, Source};
use thread_widget::model::{Deleted, Thread};

const FILE: &str = "disqus-yesilmavihayat-export-2023.xml";

fn path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/threads").join(FILE)
}

fn export() -> String {
    std::fs::read_to_string(path()).unwrap()
}

/// The posts of the export as (dsq:id, message, createdAt, isDeleted), in the file's order, read with plain string search.
fn posts_of(text: &str) -> Vec<(String, String, String, bool)> {
    let between = |s: &str, a: &str, b: &str| -> String {
        let i = s.find(a).unwrap() + a.len();
        s[i..i + s[i..].find(b).unwrap()].to_owned()
    };
    text.split("<post dsq:id=\"")
        .skip(1)
        .map(|p| (p[..p.find('"').unwrap()].to_owned(), between(p, "<message><![CDATA[", "]]></message>"), between(p, "<createdAt>", "</createdAt>"), between(p, "<isDeleted>", "</isDeleted>") == "true"))
        .collect()
}

#[test]
fn the_real_export_is_one_thread_every_post_in_order_deleted_ones_in_place() {
    let text = export();
    assert_eq!(import::detect(&text), Some(Source::Disqus));
    let all = import::import_all(None, &[&text], Include::default()).unwrap();
    assert_eq!(all.len(), 1);
    let t = &all[0].thread;
    assert_eq!(all[0].id, "9796275722");
    assert_eq!(all[0].keys, ["https://yesilmavihayat.com/yorumlar", "yorumlar"]);
    assert_eq!(t.title.as_deref(), Some("Yeşil Mavi Hayat"));
    assert_eq!(t.url.as_deref(), Some("https://yesilmavihayat.com/yorumlar"));
    assert_eq!(t.platform.as_deref(), Some("Disqus"));
    let written = thread_widget::write::thread_json(t);
    assert_eq!(&Thread::from_json(&written).unwrap(), t, "check reads back what is written");

    let mut posts = posts_of(&text);
    assert_eq!(posts.len(), 51);
    posts.sort_by(|a, b| a.2.cmp(&b.2));
    assert_eq!(t.posts.len(), posts.len());
    for (p, (id, message, created, deleted)) in t.posts.iter().zip(&posts) {
        assert_eq!(&p.id, id);
        assert_eq!(p.created.as_ref().unwrap().text, *created);
        assert_eq!(p.url.as_deref(), Some(format!("https://yesilmavihayat.com/yorumlar#comment-{id}").as_str()));
        assert_eq!(p.reply_to, None, "every post of this export is top level");
        if *deleted {
            assert_eq!((p.deleted, p.body.as_str(), p.author.name.as_str()), (Some(Deleted::Deleted), "", "[deleted]"));
        } else {
            assert_eq!((p.deleted, &p.body), (None, message));
        }
    }
    assert_eq!(t.posts.iter().filter(|p| p.deleted.is_some()).count(), 2);
    // The one commenter with an account (two posts) has the profile and avatar Disqus serves; the anonymous guests have none.
    let with_profile: Vec<(&str, Option<&str>, Option<&str>)> = t.posts.iter().filter(|p| p.author.url.is_some() || p.author.avatar.is_some()).map(|p| (p.author.name.as_str(), p.author.url.as_deref(), p.author.avatar.as_deref())).collect();
    let canan = ("Canan Cili", Some("https://disqus.com/by/canancili/"), Some("https://disqus.com/api/users/avatars/canancili.jpg"));
    assert_eq!(with_profile, [canan, canan]);
    // It renders, nested, every post once; the Turkish text as written.
    let html = thread_widget::render_to_string(&written, &Config { lang: "tr".into(), layout: Layout::Nested, ..Config::default() }).unwrap();
    assert_eq!(html.matches("<article class=\"tw-post").count(), 51);
    assert!(html.contains("Hepinize tüm desteğiniz ve gönderdiğiniz fotoğraflar için çok teşekkür ederim🙏"));
}

/// The export with `edit` applied to the post `id`'s text just before its `</post>`.
fn with_in_post(text: &str, id: &str, add: &str) -> String {
    let at = text.find(&format!("<post dsq:id=\"{id}\">")).unwrap();
    let end = at + text[at..].find("</post>").unwrap();
    format!("{}{add}{}", &text[..end], &text[end..])
}

#[test]
fn replies_stand_under_their_parent_and_spam_is_left_out_unless_asked() {
    let text = export();
    let ids: Vec<String> = posts_of(&text).into_iter().map(|p| p.0).collect();
    // Post 3 answers post 2, post 4 answers post 3; post 3 is spam; post 5 is spam with no reply.
    let mut t = with_in_post(&text, &ids[3], &format!("<parent dsq:id=\"{}\" />\n", ids[2]));
    t = with_in_post(&t, &ids[2], &format!("<parent dsq:id=\"{}\" />\n", ids[1]));
    t = t.replacen(&format!("<post dsq:id=\"{}\">", ids[2]), &format!("<post dsq:id=\"{}\">\n<isSpam>true</isSpam>", ids[2]), 1);
    t = t.replacen(&format!("<post dsq:id=\"{}\">", ids[5]), &format!("<post dsq:id=\"{}\">\n<isSpam>true</isSpam>", ids[5]), 1);
    let shown = &import::import_all(None, &[&t], Include::default()).unwrap()[0].thread;
    let get = |th: &Thread, id: &str| th.posts.iter().find(|p| p.id == id).cloned();
    assert!(get(shown, &ids[5]).is_none(), "spam with no reply is left out");
    let spam = get(shown, &ids[2]).expect("spam with a kept reply keeps its place");
    assert_eq!((spam.deleted, spam.body.as_str(), spam.author.name.as_str()), (Some(Deleted::Removed), "", "[deleted]"));
    assert_eq!(spam.reply_to.as_deref(), Some(ids[1].as_str()));
    assert_eq!(get(shown, &ids[3]).unwrap().reply_to.as_deref(), Some(ids[2].as_str()));
    assert_eq!(shown.posts.len(), 50);
    // Nested: post 4 is inside the removed post 3, inside post 2.
    let html = thread_widget::render_to_string(&thread_widget::write::thread_json(shown), &Config { layout: Layout::Nested, ..Config::default() }).unwrap();
    let doc = scraper::Html::parse_fragment(&html);
    let sel = scraper::Selector::parse(&format!("#post-{} #post-{} #post-{}", ids[1], ids[2], ids[3])).unwrap();
    assert_eq!(doc.select(&sel).count(), 1, "{html}");

    let all = &import::import_all(None, &[&t], Include { spam: true, ..Include::default() }).unwrap()[0].thread;
    assert_eq!(all.posts.len(), 51);
    let spam = get(all, &ids[2]).unwrap();
    assert_eq!(spam.deleted, None);
    assert!(!spam.body.is_empty() && spam.author.name != "[deleted]");
}

#[test]
fn an_export_of_several_threads_is_a_thread_each_and_a_post_of_an_unknown_thread_gets_its_own() {
    let text = export();
    let ids: Vec<String> = posts_of(&text).into_iter().map(|p| p.0).collect();
    // A second thread (no posts: no file) and a third with two posts moved to it.
    let second = "<thread dsq:id=\"111\">\n<id>empty</id>\n<link>https://yesilmavihayat.com/empty</link>\n<title>Empty</title>\n</thread>\n<thread dsq:id=\"222\">\n<id />\n<link>https://yesilmavihayat.com/a-b?x=1&amp;y=2</link>\n<title>A &amp; B &#x1F600;</title>\n</thread>\n";
    let mut t = text.replacen("<post ", &format!("{second}<post "), 1);
    for id in &ids[..2] {
        let at = t.find(&format!("<post dsq:id=\"{id}\">")).unwrap();
        let th = at + t[at..].find("<thread dsq:id=\"9796275722\" />").unwrap();
        t.replace_range(th..th + "<thread dsq:id=\"9796275722\" />".len(), "<thread dsq:id=\"222\" />");
    }
    let th = t.find(&format!("<post dsq:id=\"{}\">", ids[2])).unwrap();
    let th = th + t[th..].find("<thread dsq:id=\"9796275722\" />").unwrap();
    t.replace_range(th..th + "<thread dsq:id=\"9796275722\" />".len(), "<thread dsq:id=\"333\" />");
    let all = import::import_all(Some(Source::Disqus), &[&t], Include::default()).unwrap();
    let summary: Vec<(&str, usize, Option<&str>, Option<&str>)> = all.iter().map(|i| (i.id.as_str(), i.thread.posts.len(), i.thread.title.as_deref(), i.thread.url.as_deref())).collect();
    assert_eq!(summary, [("9796275722", 48, Some("Yeşil Mavi Hayat"), Some("https://yesilmavihayat.com/yorumlar")), ("222", 2, Some("A & B 😀"), Some("https://yesilmavihayat.com/a-b?x=1&y=2")), ("333", 1, None, None)]);
    assert_eq!(all[1].keys, ["https://yesilmavihayat.com/a-b?x=1&y=2"], "an empty <id /> is no key");
}

/// `text` cut short at about `n` bytes (on a character's boundary).
fn cut_at(text: &str, mut n: usize) -> &str {
    while !text.is_char_boundary(n) {
        n -= 1;
    }
    &text[..n]
}

#[test]
fn a_broken_export_is_a_precise_error() {
    let text = export();
    let cut = cut_at(&text, text.len() / 2);
    let e = import::import(None, &[cut]).unwrap_err();
    assert!(e.starts_with("not a Disqus export: not well-formed XML at line 404: ") && e.ends_with("the file is cut short"), "{e}");
    let cut = &text[..text.find("</disqus>").unwrap()];
    let e = import::import(None, &[cut]).unwrap_err();
    assert_eq!(e, "not a Disqus export: the XML ends inside <disqus> (opened at line 2): the file is cut short");
    let e = import::import(Some(Source::Disqus), &["{\"error\": \"Record not found\"}"]).unwrap_err();
    assert_eq!(e, "not a Disqus export: not well-formed XML at line 1: text outside the root element");
    let e = import::import(Some(Source::Disqus), &["<rss><channel/></rss>"]).unwrap_err();
    assert_eq!(e, "not a Disqus export: the root element is <rss>, expected <disqus>");
    let bad = text.replacen("<title>Yeşil Mavi Hayat</title>", "<title>Yeşil &nbsp; Hayat</title>", 1);
    let e = import::import(None, &[&bad]).unwrap_err();
    assert!(e.starts_with("not a Disqus export: not well-formed XML at line 13: the entity &nbsp; is not one of XML's five"), "{e}");
    let bad = text.replacen("</message>", "</mesage>", 1);
    let e = import::import(None, &[&bad]).unwrap_err();
    assert!(e.starts_with("not a Disqus export: not well-formed XML at line 26: ill-formed document: expected `</message>`, but `</mesage>` was found"), "{e}");
    // 100,000 nested elements: an error at the limit, no overflow.
    let deep = format!("<disqus>{}{}</disqus>", "<a>".repeat(100_000), "</a>".repeat(100_000));
    let e = import::import(None, &[&deep]).unwrap_err();
    assert_eq!(e, "not a Disqus export: not well-formed XML at line 1: elements nested deeper than 64 levels (an export is a few levels deep)");
    let e = import::import(None, &["<disqus><post><message>x</message></post></disqus>"]).unwrap_err();
    assert_eq!(e, "Disqus export: the <post> at line 1 names no <thread dsq:id>");
}

#[test]
fn the_cli_writes_a_file_a_thread_page_files_and_the_index_or_nothing() {
    let bin = env!("CARGO_BIN_EXE_thread-widget");
    let dir = std::env::temp_dir().join(format!("tw-disqus-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(bin).arg("import").arg(path()).args(["--out"]).arg(&dir).args(["--page-size", "20"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["disqus-9796275722-2.json", "disqus-9796275722-3.json", "disqus-9796275722.json", "index.json"]);
    let index: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).unwrap()).unwrap();
    assert_eq!(index, serde_json::json!({"https://yesilmavihayat.com/yorumlar": "disqus-9796275722.json", "yorumlar": "disqus-9796275722.json"}));
    // The pages: 20, 20, 11 posts, linked both ways, each valid; together the whole thread.
    let whole = &import::import(None, &[&export()]).unwrap()[0];
    let mut file = Some("disqus-9796275722.json".to_owned());
    let (mut joined, mut prev) = (Vec::new(), None::<String>);
    while let Some(name) = file {
        let t = Thread::from_json(&std::fs::read_to_string(dir.join(&name)).unwrap()).unwrap();
        let page = t.page.clone().unwrap();
        assert_eq!((page.first, page.last, page.total), (joined.len() as u64 + 1, (joined.len() + t.posts.len()) as u64, 51));
        assert_eq!(page.prev, prev);
        assert_eq!(t.title, whole.title);
        joined.extend(t.posts);
        prev = Some(name);
        file = page.next;
    }
    assert_eq!(joined, whole.posts);
    let _ = std::fs::remove_dir_all(&dir);

    // Page files need --out (exit 2); a cut-off export writes nothing (exit 1).
    let out = Command::new(bin).arg("import").arg(path()).args(["--page-size", "20"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("thread-widget: --page-size writes page files: it needs --out DIR"));
    let out = Command::new(bin).arg("import").arg(path()).args(["--out"]).arg(&dir).args(["--page-size", "0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(bin).arg("import").arg(path()).args(["--out"]).arg(&dir).args(["--include", "spam,bogus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("thread-widget: --include \"bogus\": expected pending, spam or trash"));
    let cut = std::env::temp_dir().join(format!("tw-disqus-cut-{}.xml", std::process::id()));
    std::fs::write(&cut, cut_at(&export(), 20_000)).unwrap();
    let out = Command::new(bin).arg("import").arg(&cut).arg("--out").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.exists());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a Disqus export: not well-formed XML at line ") && err.contains("the file is cut short"), "{err}");
    let _ = std::fs::remove_file(&cut);
}
