//! The bodies of the fuzz targets (see `docs/fuzzing.md`).
//!
//! Each takes arbitrary bytes and panics only when an invariant is broken:
//! the widget must never panic, must write only its own tags, and must only
//! put URLs that pass the policy into `href` and `src`. `tests/fuzz_smoke.rs`
//! includes this file, so `cargo test` runs the same checks over the seeds
//! and pseudo-random inputs.

use thread_widget::config::{Images, Order};
use thread_widget::markup::{self, Format};
use thread_widget::url::{sanitize, sanitize_email, SafeUrl, ALLOWED_SCHEMES};
use thread_widget::view::body::{self, BodyContext};
use thread_widget::{i18n, render, Config};

/// Tags the widget writes (all chosen by its own code, never by input).
const TAGS: &[&str] = &[
    "section", "header", "footer", "nav", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "article", "a", "img",
    "time", "dl", "dt", "dd", "span", "ul", "ol", "li", "br", "strong", "em", "u", "s", "code", "pre", "figure",
    "figcaption", "blockquote", "cite", "details", "summary", "table", "thead", "tbody", "tr", "th", "td", "hr",
    "button",
];

/// Thread JSON → HTML, with the default config and with a paged, reordered one.
pub fn render_json(data: &[u8]) {
    let Ok(json) = std::str::from_utf8(data) else { return };
    let paged = Config {
        page_size: Some(3),
        page: 2,
        order: Order::Newest,
        images: Images::Link,
        quote_depth: 1,
        ..Config::default()
    };
    for config in [Config::default(), paged] {
        match thread_widget::render_to_string(json, &config) {
            Ok(html) => check_html(&html),
            // An error must say what is wrong.
            Err(e) => assert!(!e.to_string().is_empty(), "empty error message"),
        }
    }
}

/// A BBCode body → view nodes → HTML.
pub fn bbcode(data: &[u8]) {
    if let Ok(s) = std::str::from_utf8(data) {
        body_to_html(Format::Bbcode, s);
    }
}

/// A Markdown body → view nodes → HTML.
pub fn markdown(data: &[u8]) {
    if let Ok(s) = std::str::from_utf8(data) {
        body_to_html(Format::Markdown, s);
    }
}

/// The URL policy: idempotent, and never a scheme outside the allow-list.
pub fn url(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    for u in [sanitize(&s), sanitize_email(&s)].into_iter().flatten() {
        assert_eq!(sanitize(u.as_str()).as_ref(), Some(&u), "sanitize is not idempotent on {s:?}");
        check_url(&u);
        let _ = u.is_mailto();
    }
}

fn body_to_html(format: Format, source: &str) {
    let thread_url = sanitize("https://forum.example/threads/1");
    let on_page = |id: &str| id == "1" || id == "2";
    for (images, quote_depth) in [(Images::Show, 3), (Images::Link, 0)] {
        let ctx = BodyContext {
            catalog: i18n::catalog("en"),
            on_page: &on_page,
            thread_url: thread_url.as_ref(),
            quote_depth,
            images,
        };
        let blocks = markup::parse(format, source);
        let html = render::html::to_string(&body::render(&ctx, &blocks));
        check_html(&html);
    }
}

fn check_url(u: &SafeUrl) {
    let s = u.as_str();
    if let Some(colon) = s.find(':') {
        let scheme = &s[..colon];
        if !scheme.contains(['/', '?', '#']) {
            assert!(
                ALLOWED_SCHEMES.iter().any(|a| scheme.eq_ignore_ascii_case(a)),
                "the policy let the scheme {scheme:?} through in {s:?}"
            );
        }
    }
    assert!(!s.chars().any(|c| c.is_control()), "control character in {s:?}");
}

/// The renderer escapes `<` in text and attributes, so every `<` in its
/// output opens one of its own tags, written as `<tag name="value"…>`.
fn check_html(html: &str) {
    for piece in html.split('<').skip(1) {
        let Some((tag, _)) = piece.split_once('>') else { panic!("unclosed tag in {html:?}") };
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        // Even segments hold the tag and attribute names, odd ones the values.
        let segments: Vec<&str> = tag.split('"').collect();
        assert!(segments.len() % 2 == 1, "unbalanced quotes in <{tag}>");
        let name = segments[0].split(' ').next().unwrap_or("");
        assert!(TAGS.contains(&name), "tag <{name}> in {html:?}");
        for (i, segment) in segments.iter().enumerate() {
            if i % 2 == 0 {
                for attr in segment.split(' ').skip(usize::from(i == 0)) {
                    let attr = attr.trim_end_matches('=');
                    assert!(!attr.to_ascii_lowercase().starts_with("on"), "event handler {attr:?} in {html:?}");
                }
                continue;
            }
            assert!(!segment.contains(['<', '>', '\'']), "unescaped value {segment:?} in {html:?}");
            let attr = segments[i - 1].rsplit(' ').next().unwrap_or("").trim_end_matches('=');
            if attr == "href" || attr == "src" {
                let value = unescape(segment);
                let u = sanitize(&value).unwrap_or_else(|| panic!("{attr}={value:?} fails the policy in {html:?}"));
                assert_eq!(u.as_str(), value, "{attr} is not what the policy returns");
                check_url(&u);
            }
        }
    }
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}
