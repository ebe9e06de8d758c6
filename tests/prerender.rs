//! The markup hash (`data-tw-hash`, src/render/hash.rs) that `thread-widget
//! render` and `renderToString` write on their `section.tw-thread`, and by
//! which the browser widget adopts prerendered markup (src/widget/adopt.rs):
//! the hash of the markup written without it, so it follows every input
//! that changes the markup and none that does not. That the CLI and
//! `renderToString` write the same for the same file is tested in
//! tests/e2e/adopt.mjs (the wasm in Node), and in tests/browser.rs.

use std::io::Write;
use std::process::{Command, Stdio};

use thread_widget::config::{Images, Layout, Order};
use thread_widget::render::hash::{markup_hash, ATTR};
use thread_widget::{prerender_thread, render_thread, Config, Thread};

const SEED: &str = include_str!("../www/threads/seed.json");

fn en() -> Config {
    Config { lang: "en".into(), ..Config::default() }
}

/// The value of `data-tw-hash` in prerendered markup.
fn hash_of(html: &str) -> &str {
    let at = html.find(&format!("{ATTR}=\"")).expect("the markup has its hash") + ATTR.len() + 2;
    &html[at..at + 19]
}

fn prerender(json: &str, config: &Config) -> String {
    prerender_thread(&Thread::from_json(json).unwrap(), config)
}

#[test]
fn the_section_carries_the_hash_of_the_markup_written_without_it() {
    let thread = Thread::from_json(SEED).unwrap();
    let plain = render_thread(&thread, &en());
    let marked = prerender_thread(&thread, &en());
    let value = hash_of(&marked);
    assert!(value.starts_with("v1-") && value[3..].bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)), "{value}");
    assert_eq!(value, markup_hash(&plain));
    assert_eq!(marked, plain.replacen("<section", &format!("<section {ATTR}=\"{value}\""), 1), "only the attribute is added, on the section");
    assert_eq!(marked.matches(ATTR).count(), 1);
}

#[test]
fn the_same_thread_in_other_json_text_has_the_same_hash() {
    // The same thread in the text the library writes (its own indent and key order).
    let again = thread_widget::write::thread_json(&Thread::from_json(SEED).unwrap());
    assert_ne!(again, SEED);
    assert_eq!(hash_of(&prerender(&again, &en())), hash_of(&prerender(SEED, &en())));
}

#[test]
fn every_input_that_shapes_the_markup_changes_the_hash() {
    let base = prerender(SEED, &en());
    let h = hash_of(&base).to_owned();
    let edited = SEED.replacen("\"body\": \"", "\"body\": \"Edited. ", 1);
    assert_ne!(edited, SEED);
    let cases: Vec<(&str, String)> = vec![
        ("a body edited", prerender(&edited, &en())),
        ("German", prerender(SEED, &Config { lang: "de".into(), ..en() })),
        ("nested", prerender(SEED, &Config { layout: Layout::Nested, ..en() })),
        ("newest first", prerender(SEED, &Config { order: Order::Newest, ..en() })),
        ("2 per page", prerender(SEED, &Config { page_size: Some(2), ..en() })),
        ("page 2 of 2 per page", prerender(SEED, &Config { page_size: Some(2), page: 2, ..en() })),
        ("quote depth 0", prerender(SEED, &Config { quote_depth: 0, ..en() })),
        ("heading level 3", prerender(SEED, &Config { heading_level: 3, ..en() })),
    ];
    let mut seen = vec![h.clone()];
    for (what, html) in &cases {
        let v = hash_of(html).to_owned();
        assert!(!seen.contains(&v), "{what}: the hash did not change ({v})");
        seen.push(v);
    }
    // Images linked: a thread with one.
    let image = r#"{"posts": [{"id": 1, "author": {"name": "a"}, "format": "bbcode", "body": "[img]https://example.org/a.png[/img]"}]}"#;
    assert_ne!(hash_of(&prerender(image, &en())), hash_of(&prerender(image, &Config { images: Images::Link, ..en() })));
    // Options that do not shape the markup leave it alone (the seed has no image).
    assert_eq!(hash_of(&prerender(SEED, &Config { images: Images::Link, ..en() })), h);
    let same = Config { theme: thread_widget::config::Theme::Dark, refresh: Some(60), timeout_ms: 1000, ..en() };
    assert_eq!(hash_of(&prerender(SEED, &same)), h);
}

fn cli(args: &[&str], stdin: Option<&str>) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_thread-widget"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(s) = stdin {
        input.write_all(s.as_bytes()).unwrap();
    }
    drop(input);
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn the_cli_writes_the_library_s_prerendered_markup_and_hash() {
    let (code, html) = cli(&["render", "www/threads/seed.json"], None);
    assert_eq!(code, 0);
    assert_eq!(html.trim_end(), prerender(SEED, &en()));
    let (code, html) = cli(&["render", "-", "--page-size", "2", "--layout", "nested", "--lang", "de"], Some(SEED));
    assert_eq!(code, 0);
    assert_eq!(html.trim_end(), prerender(SEED, &Config { lang: "de".into(), page_size: Some(2), layout: Layout::Nested, ..Config::default() }));
}

#[test]
fn render_hash_prints_the_value_a_site_compares_with_its_page() {
    let (code, out) = cli(&["render", "www/threads/seed.json", "--hash"], None);
    assert_eq!(code, 0);
    assert_eq!(out, format!("{}\n", hash_of(&prerender(SEED, &en()))));
    let (code, out) = cli(&["render", "-", "--hash", "--page-size=2"], Some(SEED));
    assert_eq!(code, 0);
    assert_eq!(out.trim_end(), hash_of(&prerender(SEED, &Config { page_size: Some(2), ..en() })));
    let (code, _) = cli(&["render", "www/threads/seed.json", "--hash", "--standalone"], None);
    assert_eq!(code, 2, "one or the other");
}

#[test]
fn a_standalone_page_is_prerendered_markup_too() {
    let (code, page) = cli(&["render", "www/threads/seed.json", "--standalone"], None);
    assert_eq!(code, 0);
    assert!(page.contains(&prerender(SEED, &en())));
}

#[test]
fn nested_markup_under_the_widget_s_reply_budget_is_the_renderers_markup() {
    // The browser widget builds with a reply budget (config::REPLY_BUDGET) and the renderers
    // without: a conversation under it must come out the same, or its markup is never adopted.
    let conversation = include_str!("../www/threads/conversation.json");
    let thread = Thread::from_json(conversation).unwrap();
    let nested = Config { layout: Layout::Nested, ..en() };
    let budget = Config { reply_budget: Some(thread_widget::config::REPLY_BUDGET), ..nested.clone() };
    assert_eq!(render_thread(&thread, &budget), render_thread(&thread, &nested));
}
