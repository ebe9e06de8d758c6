//! The message catalogs: complete, with English's placeholders, correct CLDR
//! plural rules, native date and number fallbacks, and the seed thread
//! rendered by the CLI in Arabic (right to left) and Thai; the catalog files
//! the browser loads (`thread-widget catalogs DIR`) read back as the catalogs.
#![cfg(feature = "catalogs")]

use std::collections::BTreeSet;
use std::process::{Command, Stdio};

use thread_widget::i18n::{catalog, Catalog, CatalogFormatter, Dir, Formatter, Plural, Plurals, CATALOGS};
use thread_widget::model::Thread;
use thread_widget::Config;

/// The `{name}` placeholders of a message.
fn placeholders(s: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.insert(after[..close].to_owned());
        rest = &after[close + 1..];
    }
    out
}

/// Every single message of a catalog, by name.
fn messages(c: &Catalog) -> Vec<(&'static str, &'static str)> {
    macro_rules! list {
        ($($f:ident),* $(,)?) => { vec![$((stringify!($f), c.$f)),*] };
    }
    let mut v = list!(
        month_year, date, date_time, results, no_posts, avatar_alt, joined, last_online, location, posts, post_label,
        in_reply_to, edited, quote, quote_by, view_post, show_quote, truncated, image, thread_info, browsing_heading,
        browsing_split, browsing_line, browsing_names, permissions_heading, pages, pages_end, page, previous, next,
        previous_file, next_file, reply, load_error, reply_on, view_on, view_original, deleted, removed, not_shown_some,
    );
    for (name, pair) in [
        ("perm_new_threads", c.perm_new_threads),
        ("perm_replies", c.perm_replies),
        ("perm_attachments", c.perm_attachments),
        ("perm_edit_posts", c.perm_edit_posts),
    ] {
        v.push((name, pair[0]));
        v.push((name, pair[1]));
    }
    v
}

fn plural_messages(c: &Catalog) -> [(&'static str, &Plurals); 9] {
    [
        ("browsing_total", &c.browsing_total),
        ("browsing_members", &c.browsing_members),
        ("browsing_guests", &c.browsing_guests),
        ("replies", &c.replies),
        ("more_replies", &c.more_replies),
        ("count_reposts", &c.count_reposts),
        ("count_likes", &c.count_likes),
        ("count_points", &c.count_points),
        ("not_shown", &c.not_shown),
    ]
}

#[test]
fn the_test_lists_every_plural_message_of_the_catalog() {
    let c = catalog("en");
    let ours: Vec<&Plurals> = plural_messages(c).into_iter().map(|(_, f)| f).collect();
    assert_eq!(ours, c.plural_messages().to_vec());
}

fn category_index(p: Plural) -> usize {
    match p {
        Plural::Zero => 0,
        Plural::One => 1,
        Plural::Two => 2,
        Plural::Few => 3,
        Plural::Many => 4,
        Plural::Other => 5,
    }
}

#[test]
fn the_languages_the_issue_asks_for_are_shipped_once_each() {
    let langs: Vec<&str> = CATALOGS.iter().map(|c| c.lang).collect();
    assert_eq!(langs[0], "en", "English first: it is the fallback");
    for want in ["en", "de", "fr", "es", "pt", "th", "ja", "zh", "ar", "ru"] {
        assert_eq!(langs.iter().filter(|l| **l == want).count(), 1, "{want} in {langs:?}");
    }
    for c in CATALOGS {
        assert_eq!(c.dir, if c.lang == "ar" { Dir::Rtl } else { Dir::Ltr }, "{}", c.lang);
    }
}

#[test]
fn every_message_is_translated_with_the_placeholders_of_english() {
    let en = catalog("en");
    let english: Vec<_> = messages(en);
    for c in CATALOGS {
        let ours = messages(c);
        assert_eq!(ours.len(), english.len());
        for ((name, text), (_, en_text)) in ours.iter().zip(&english) {
            assert!(!text.trim().is_empty(), "{}.{name} is empty", c.lang);
            assert_eq!(placeholders(text), placeholders(en_text), "{}.{name} = {text:?} (English: {en_text:?})", c.lang);
        }
        for (name, forms) in plural_messages(c) {
            let want = placeholders(catalog("en").plural(forms_of(en, name), 2));
            assert!(!forms[5].is_empty(), "{}.{name}: `other` is the fallback and must be set", c.lang);
            for (i, form) in forms.iter().enumerate() {
                // One and two may be said in words ("ردّ واحد", the dual
                // "إعجابان"), except for points: a score may be negative,
                // and words would drop its sign.
                let in_words = (i == 1 || i == 2) && name != "count_points" && placeholders(form).is_empty();
                if !form.is_empty() && !in_words {
                    assert_eq!(placeholders(form), want, "{}.{name}[{i}] = {form:?}", c.lang);
                }
            }
            // Every category the language's rule yields has its own form (or
            // is `other`): Arabic needs all six, Russian one/few/many.
            for n in 0..=1000u64 {
                let i = category_index(c.plural.category(n));
                assert!(i == 5 || !forms[i].is_empty(), "{}.{name}: no form for category {i} (n = {n})", c.lang);
            }
        }
        for (i, m) in c.months.iter().enumerate() {
            assert!(!m.is_empty(), "{}.months[{i}]", c.lang);
        }
        if let Some(s) = c.months_standalone {
            assert!(s.iter().all(|m| !m.is_empty()), "{}.months_standalone", c.lang);
        }
        assert!(!c.group_separator.is_empty() && c.group_separator.chars().all(|ch| !ch.is_ascii_digit()), "{}", c.lang);
    }
}

fn forms_of<'a>(c: &'a Catalog, name: &str) -> &'a Plurals {
    plural_messages(c).into_iter().find(|(n, _)| *n == name).unwrap().1
}

#[test]
fn messages_differ_from_english_in_other_languages() {
    // A catalog copied from English and not translated would pass the test above.
    let en = messages(catalog("en"));
    for c in CATALOGS.iter().filter(|c| c.lang != "en") {
        let same: Vec<_> = messages(c)
            .into_iter()
            .zip(&en)
            .filter(|((name, t), (_, e))| t == e && !["month_year", "date", "date_time", "browsing_line", "browsing_split"].contains(name))
            .map(|((name, _), _)| name)
            .collect();
        // "Pages" / "Page {n}" are the same words in French.
        assert!(same.iter().all(|n| ["pages", "page", "image"].contains(n)), "{}: untranslated {same:?}", c.lang);
    }
}

fn rule(lang: &str, n: u64) -> Plural {
    catalog(lang).plural.category(n)
}

#[test]
fn russian_has_one_few_many() {
    use Plural::*;
    for (n, want) in [(0, Many), (1, One), (2, Few), (4, Few), (5, Many), (11, Many), (12, Many), (14, Many), (21, One), (22, Few), (25, Many), (101, One), (111, Many), (112, Many), (122, Few)] {
        assert_eq!(rule("ru", n), want, "ru {n}");
    }
    let c = catalog("ru");
    assert_eq!(c.plural(&c.browsing_guests, 1), "{n} гость");
    assert_eq!(c.plural(&c.browsing_guests, 3), "{n} гостя");
    assert_eq!(c.plural(&c.browsing_guests, 11), "{n} гостей");
    assert_eq!(c.plural(&c.browsing_members, 21), "{n} участник");
}

#[test]
fn arabic_has_all_six_categories() {
    use Plural::*;
    for (n, want) in [(0, Zero), (1, One), (2, Two), (3, Few), (10, Few), (11, Many), (99, Many), (100, Other), (101, Other), (102, Other), (103, Few), (111, Many), (1000, Other)] {
        assert_eq!(rule("ar", n), want, "ar {n}");
    }
    let c = catalog("ar");
    assert_eq!(c.plural(&c.browsing_members, 2), "{n} عضوان");
    assert_eq!(c.plural(&c.browsing_members, 5), "{n} أعضاء");
}

#[test]
fn french_portuguese_and_the_languages_without_plurals() {
    use Plural::*;
    assert_eq!([rule("fr", 0), rule("fr", 1), rule("fr", 2)], [One, One, Other]);
    assert_eq!([rule("pt", 0), rule("pt", 1), rule("pt", 2)], [One, One, Other]);
    assert_eq!([rule("de", 0), rule("de", 1), rule("de", 2)], [Other, One, Other]);
    assert_eq!([rule("es", 1), rule("en", 1), rule("en", 0)], [One, One, Other]);
    for lang in ["ja", "zh", "th"] {
        for n in [0, 1, 2, 5, 100] {
            assert_eq!(rule(lang, n), Other, "{lang} {n}");
        }
    }
    let fr = catalog("fr");
    assert_eq!(fr.plural(&fr.browsing_guests, 0), "{n} invité");
    assert_eq!(fr.plural(&fr.browsing_guests, 2), "{n} invités");
}

#[test]
fn tags_resolve_by_their_primary_subtag() {
    assert_eq!(catalog("pt-BR").lang, "pt");
    assert_eq!(catalog("pt-PT").lang, "pt");
    assert_eq!(catalog("pt_br").lang, "pt");
    for tag in ["zh", "zh-CN", "zh-Hans", "zh-Hans-CN", "zh-TW", "ZH-hk"] {
        assert_eq!(catalog(tag).lang, "zh", "{tag}");
    }
    assert_eq!(catalog("de-CH").lang, "de");
    assert_eq!(catalog("ar-EG").lang, "ar");
    assert_eq!(catalog("th-TH").lang, "th");
    assert_eq!(catalog("RU").lang, "ru");
    for tag in ["", "x", "tlh", "en-GB", "und", "-", "iw"] {
        assert_eq!(catalog(tag).lang, "en", "{tag:?}");
    }
}

#[test]
fn native_numbers_follow_each_locale() {
    let n = |lang: &str, v: u64| CatalogFormatter(catalog(lang)).number(v);
    assert_eq!(n("en", 48807), "48,807");
    assert_eq!(n("de", 48807), "48.807");
    assert_eq!(n("fr", 48807), "48\u{202F}807");
    assert_eq!(n("ru", 1_234_567), "1\u{a0}234\u{a0}567");
    assert_eq!(n("pt", 48807), "48.807");
    assert_eq!(n("es", 1234), "1234", "Spanish groups from five digits");
    assert_eq!(n("es", 48807), "48.807");
    assert_eq!(n("ar", 48807), "48,807", "Latin digits natively");
    assert_eq!(n("th", 97114), "97,114");
    assert_eq!(n("ja", 999), "999");
}

fn dt(text: &str) -> thread_widget::model::DateTime {
    let json = format!(r#"{{"posts":[{{"id":1,"author":{{"name":"a"}},"body":"x","created":"{text}"}}]}}"#);
    Thread::from_json(&json).unwrap().posts[0].created.clone().unwrap()
}

#[test]
fn native_dates_follow_each_locale() {
    let f = |lang: &str| CatalogFormatter(catalog(lang));
    assert_eq!(f("en").month_year(2009, 12), "Dec 2009");
    assert_eq!(f("de").month_year(2009, 12), "Dez. 2009");
    assert_eq!(f("fr").month_year(2009, 12), "déc. 2009");
    assert_eq!(f("pt").month_year(2009, 12), "dez. de 2009");
    assert_eq!(f("ja").month_year(2009, 12), "2009年12月");
    assert_eq!(f("zh").month_year(2009, 12), "2009年12月");
    assert_eq!(f("th").month_year(2009, 12), "ธ.ค. 2552", "Buddhist era, as Intl writes it");
    assert_eq!(f("ar").month_year(2009, 12), "ديسمبر 2009");
    assert_eq!(f("ru").month_year(2009, 5), "май 2009\u{a0}г.", "nominative alone");
    assert_eq!(f("ru").date(2023, 5, 15), "15 мая 2023\u{a0}г.", "genitive in a date");
    let t = dt("2023-10-21T08:08:00+07:00");
    assert_eq!(f("en").date_time(&t), "Oct 21, 2023, 08:08");
    assert_eq!(f("de").date_time(&t), "21. Okt. 2023, 08:08");
    assert_eq!(f("es").date_time(&t), "21 oct 2023, 08:08");
    assert_eq!(f("ja").date_time(&t), "2023年10月21日 08:08");
    assert_eq!(f("ar").date_time(&t), "21 أكتوبر 2023، 08:08");
    // Natively, dates are never relative: static HTML cannot stay "3 days ago".
    assert_eq!(f("en").relative(&t), None);
}

fn cli(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_thread-widget"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_seed_in_arabic_is_right_to_left_and_arabic() {
    let html = cli(&["render", "www/threads/seed.json", "--lang", "ar"]);
    // After the markup hash (tests/prerender.rs).
    assert!(html.starts_with("<section data-tw-hash=\"v1-") && html[44..].starts_with("class=\"tw-thread\" lang=\"ar\" dir=\"rtl\">"), "{}", &html[..200]);
    for want in [
        "النتائج 1 إلى 5 من 5",
        "تاريخ التسجيل",
        "المشاركات",
        "ديسمبر 2009",
        "48,807",
        "المشاركة الأصلية كتبت بواسطة <cite>Grumpy John</cite>",
        "عرض المشاركة",
        "يتصفح هذا الموضوع حاليًا 1 مستخدم. (0 عضو و 1 زائر)",
        "لا تستطيع إضافة مواضيع جديدة",
        "صلاحيات المشاركة",
        "الصورة الرمزية للعضو misskit",
    ] {
        assert!(html.contains(want), "Arabic seed lacks {want:?}");
    }
    for english in ["Join Date", "Results", "Originally posted by", "You may not", "browsing this thread", "'s avatar"] {
        assert!(!html.contains(english), "Arabic seed still says {english:?}");
    }
    // Post text may be either direction: it keeps dir="auto".
    assert!(html.contains("<div class=\"tw-body\" dir=\"auto\">"));
    let page = cli(&["render", "www/threads/seed.json", "--lang", "ar-EG", "--standalone"]);
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"));
}

#[test]
fn the_seed_in_thai() {
    let html = cli(&["render", "www/threads/seed.json", "--lang", "th"]);
    // After the markup hash (tests/prerender.rs).
    assert!(html.starts_with("<section data-tw-hash=\"v1-") && html[44..].starts_with("class=\"tw-thread\" lang=\"th\" dir=\"ltr\">"));
    for want in [
        "แสดงผล 1 ถึง 5 จากทั้งหมด 5",
        "วันที่สมัคร",
        "ธ.ค. 2552",
        "โพสต์",
        "ข้อความเดิมโดย <cite>Grumpy John</cite>",
        "ขณะนี้มีผู้ใช้ 1 คนกำลังดูกระทู้นี้ (สมาชิก 0 คน และบุคคลทั่วไป 1 คน)",
        "คุณไม่สามารถตั้งกระทู้ใหม่ได้",
        "ข้อมูลกระทู้",
    ] {
        assert!(html.contains(want), "Thai seed lacks {want:?}");
    }
    assert!(!html.contains("Join Date") && !html.contains("Results"));
}

#[test]
fn every_language_renders_the_seed_without_english_ui_words() {
    let seed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/threads/seed.json")).unwrap();
    let english = thread_widget::render_to_string(&seed, &Config { lang: "en".into(), ..Config::default() }).unwrap();
    assert!(english.contains("There is currently 1 user browsing this thread. (0 members and 1 guest)"));
    for c in CATALOGS.iter().filter(|c| c.lang != "en") {
        let html = thread_widget::render_to_string(&seed, &Config { lang: c.lang.into(), ..Config::default() }).unwrap();
        assert!(html.contains(&format!("lang=\"{}\"", c.lang)));
        for word in ["Join Date", "Originally posted by", "Posting permissions", "Thread information", "{"] {
            assert!(!html.contains(word), "{}: {word:?} left in the output", c.lang);
        }
        assert!(html.contains(c.joined) && html.contains(c.permissions_heading), "{}", c.lang);
    }
}

/// A thread with the fields other platforms bring (SPEC section 1).
const PLATFORM_THREAD: &str = r#"{"platform": "Mastodon", "url": "https://mastodon.social/@ann/1", "more": {"posts": 57},
  "posts": [
    {"id": 1, "author": {"name": "Ann", "handle": "@ann@mastodon.social"}, "body": "hello",
     "url": "https://mastodon.social/@ann/1", "replies": 3, "reposts": 21, "likes": 48807, "points": -2},
    {"id": 2, "author": {"name": "Bob"}, "body": "", "deleted": true, "reply_to": 1},
    {"id": 3, "author": {"name": "Cy"}, "deleted": "removed", "reply_to": 1}
  ]}"#;

#[test]
fn every_language_renders_the_fields_of_other_platforms() {
    let english = thread_widget::render_to_string(PLATFORM_THREAD, &Config { lang: "en".into(), ..Config::default() }).unwrap();
    for want in ["Reply on Mastodon", "View on Mastodon", "3 replies", "21 reposts", "48,807 likes", "-2 points", "This post was deleted.", "This post was removed by a moderator.", "@ann@mastodon.social", "57 more posts of this conversation are not shown here."] {
        assert!(english.contains(want), "English lacks {want:?}");
    }
    for c in CATALOGS.iter().filter(|c| c.lang != "en") {
        let html = thread_widget::render_to_string(PLATFORM_THREAD, &Config { lang: c.lang.into(), ..Config::default() }).unwrap();
        let f = CatalogFormatter(c);
        let count = |forms: &Plurals, n: u64| c.plural(forms, n).replace("{n}", &f.number(n));
        for want in [
            c.reply_on.replace("{platform}", "Mastodon"),
            c.view_on.replace("{platform}", "Mastodon"),
            count(&c.replies, 3),
            count(&c.count_reposts, 21),
            count(&c.count_likes, 48807),
            count(&c.not_shown, 57),
            c.deleted.to_owned(),
            c.removed.to_owned(),
        ] {
            assert!(html.contains(&want), "{}: lacks {want:?}", c.lang);
        }
        // The text, without the markup (class names are English).
        let text: String = html.split('<').map(|s| s.split_once('>').map_or(s, |(_, t)| t)).collect();
        for english in ["Reply on", "View on", "replies", "reposts", "likes", "points", "deleted", "removed", "not shown", "{"] {
            // French says "points" too.
            let own = c.count_points.iter().any(|f| f.contains(english));
            assert!(own || !text.contains(english), "{}: {english:?} left in the output", c.lang);
        }
    }
}

#[test]
fn counts_take_the_plural_forms_of_russian_and_arabic() {
    let ru = catalog("ru");
    assert_eq!(ru.plural(&ru.count_likes, 1), "{n} лайк");
    assert_eq!(ru.plural(&ru.count_likes, 3), "{n} лайка");
    assert_eq!(ru.plural(&ru.count_likes, 12), "{n} лайков");
    assert_eq!(ru.plural(&ru.count_reposts, 22), "{n} репоста");
    assert_eq!(ru.plural(&ru.count_points, 101), "{n} балл");
    let ar = catalog("ar");
    assert_eq!(ar.plural(&ar.count_likes, 1), "إعجاب واحد");
    assert_eq!(ar.plural(&ar.count_likes, 2), "إعجابان");
    assert_eq!(ar.plural(&ar.count_likes, 4), "{n} إعجابات");
    assert_eq!(ar.plural(&ar.count_likes, 40), "{n} إعجابًا");
    assert_eq!(ar.plural(&ar.count_points, 1), "{n} نقطة", "points keep the number (and its sign)");
    let html = thread_widget::render_to_string(PLATFORM_THREAD, &Config { lang: "ar".into(), ..Config::default() }).unwrap();
    assert!(html.contains("\u{2066}-2\u{2069} نقطتان"), "a negative score stays left to right in Arabic");
}

#[test]
fn the_dates_option() {
    use thread_widget::config::Dates;
    let (c, w) = Config::from_pairs([("dates", "relative")]);
    assert!(w.is_empty());
    assert_eq!(c.dates, Dates::Relative);
    assert_eq!(Config::default().dates, Dates::Absolute);
    let (c, w) = Config::from_pairs([("dates", "sometimes")]);
    assert_eq!(c.dates, Dates::Absolute);
    assert_eq!(w[0].to_string(), "data-dates=\"sometimes\" is not valid (absolute or relative); using the default");
    // The CLI's formatter has no relative dates: the markup stays absolute.
    let json = r#"{"posts":[{"id":1,"author":{"name":"a"},"body":"x","created":"2023-10-21T08:08:00+07:00"}]}"#;
    let html = thread_widget::render_to_string(json, &Config { lang: "en".into(), dates: Dates::Relative, ..Config::default() }).unwrap();
    assert!(html.contains("<time datetime=\"2023-10-21T08:08:00+07:00\" class=\"tw-created\">Oct 21, 2023, 08:08</time>"), "{html}");
}

#[test]
fn every_catalog_file_reads_back_as_the_built_in_catalog() {
    for c in CATALOGS {
        let json = c.to_json();
        // Valid JSON by an independent parser, with one member per field.
        let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{}: {e}", c.lang));
        assert_eq!(v.as_object().unwrap().len(), 63, "{}", c.lang);
        assert_eq!(v["lang"], c.lang);
        assert_eq!(&Catalog::from_json(&json).unwrap_or_else(|e| panic!("{}: {e}", c.lang)), *c, "{}", c.lang);
    }
}

#[test]
fn the_cli_writes_the_catalog_files_of_every_language_but_english() {
    let dir = std::env::temp_dir().join(format!("tw-catalogs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(env!("CARGO_BIN_EXE_thread-widget")).arg("catalogs").arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut files: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    files.sort();
    let mut want: Vec<String> = CATALOGS.iter().filter(|c| c.lang != "en").map(|c| format!("{}.json", c.lang)).collect();
    want.sort();
    assert_eq!(files, want);
    for c in CATALOGS.iter().filter(|c| c.lang != "en") {
        let text = std::fs::read_to_string(dir.join(format!("{}.json", c.lang))).unwrap();
        assert_eq!(&Catalog::from_json(&text).unwrap(), *c);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
