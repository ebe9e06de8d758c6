//! Hostile input in every string of a thread must come out as text.
//!
//! Every payload of `../shared/corpora/xss/xss-core-combined.jsonl` and of
//! DOMPurify's `expect.json` (plus a few written for our own formats) is put
//! into every string field of a thread and into every body construct. The
//! output is parsed the way a browser parses it (html5ever, through scraper)
//! and audited:
//!
//! - only the widget's own elements and attributes, no `on*` attribute, no
//!   comment, nothing outside the HTML namespace;
//! - every `href`/`src` passes the URL policy again and has no scheme other
//!   than http, https or mailto;
//! - every class is `tw-*` or `language-*`;
//! - the parsed tree is exactly the view tree the widget built (so no payload
//!   changed the structure), and serialising and re-parsing it gives the same
//!   tree again (no mutation XSS);
//! - where a field is shown as text, the payload's characters are in the text.
//!
//! A missing corpus fails the tests: they must never pass by skipping.

use std::cell::Cell;
use std::collections::HashSet;

use scraper::{ElementRef, Html, Node as Dom};
use serde_json::{json, Value};
use thread_widget::config::{Images, Layout};
use thread_widget::view::node::Node;
use thread_widget::{i18n, render, url, view, Config, Thread};

// ---------------------------------------------------------------- payloads

fn corpus(name: &str) -> String {
    let path = format!("{}/../shared/corpora/xss/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("XSS corpus {path} is missing ({e}); these tests need ../shared/corpora (see its README.txt) and must not pass without it")
    })
}

/// Payloads written for our own formats: BBCode and Markdown breakouts and
/// URL tricks that the general corpora (written for HTML sanitizers) lack.
const OWN_PAYLOADS: &[&str] = &[
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\u{1}javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "%6Aavascript:alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "\" onmouseover=\"alert(1)",
    "' onmouseover='alert(1)",
    "x\" onerror=\"alert(1)\" y=\"",
    "]javascript:alert(1)[/url]",
    "javascript:alert(1)]x[/url][url=javascript:alert(1)",
    "[url=javascript:alert(1)]x[/url]",
    "[img]javascript:alert(1)[/img]",
    "[quote=\"><script>alert(1)</script>]x[/quote]",
    "[color=red;background:url(javascript:alert(1))]x[/color]",
    "[size=7\" style=\"x]x[/size]",
    "[url=http://a.example/\" onmouseover=\"alert(1)]x[/url]",
    "[x](javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x]: javascript:alert(1)\n\n[x]",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<script>alert(1)</script>",
    "```\n</code></pre><script>alert(1)</script>\n```",
    "`</code><script>alert(1)</script>`",
    "</p><img src=x onerror=alert(1)>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "\r\n<script>alert(1)</script>\0",
    "\u{0}<script>",
    "post-1\" autofocus onfocus=\"alert(1)",
    "#post-1\" onclick=\"alert(1)",
    "http://a.example/?<script>",
    "//evil.example/%0aalert(1)",
];

struct Payload {
    origin: String,
    text: String,
}

fn payloads() -> Vec<Payload> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut add = |origin: String, text: String, out: &mut Vec<Payload>| {
        if seen.insert(text.clone()) {
            out.push(Payload { origin, text });
        }
    };
    let core = corpus("xss-core-combined.jsonl");
    for (i, line) in core.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("xss-core-combined.jsonl line {}: {e}", i + 1));
        let p = v["payload"].as_str().unwrap_or_else(|| panic!("xss-core-combined.jsonl line {}: no string `payload`", i + 1));
        add(format!("xss-core:{}:{}", v["source"].as_str().unwrap_or("?"), v["id"]), p.to_owned(), &mut out);
    }
    let core_n = out.len();
    let dp: Value = serde_json::from_str(&corpus("dompurify-expect.json")).expect("dompurify-expect.json is JSON");
    let dp = dp.as_array().expect("dompurify-expect.json is an array");
    for (i, case) in dp.iter().enumerate() {
        let p = case["payload"].as_str().unwrap_or_else(|| panic!("dompurify-expect.json[{i}]: no string `payload`"));
        add(format!("dompurify:{i}"), p.to_owned(), &mut out);
    }
    // Deduplicated, the corpora still hold several hundred payloads each.
    assert!(core_n >= 300, "xss-core-combined.jsonl: only {core_n} payloads");
    assert!(out.len() - core_n >= 150, "dompurify-expect.json: only {} new payloads", out.len() - core_n);
    for (i, p) in OWN_PAYLOADS.iter().enumerate() {
        add(format!("own:{i}"), (*p).to_owned(), &mut out);
    }
    out
}

// ---------------------------------------------------------------- threads

/// A thread that uses every field at once (for the targeted tests).
fn full_thread() -> Value {
    json!({
        "version": 1,
        "title": "A thread",
        "url": "https://forum.example/threads/1",
        "forum": { "name": "A forum", "url": "https://forum.example/forums/1" },
        "format": "text",
        "users": { "u1": author() },
        "posts": [
            { "id": 1, "number": 1, "author": author(),
              "created": "2021-06-23T09:15:00+07:00", "edited": "2021-06-23T10:00:00+07:00",
              "body": "Hello" },
            { "id": 2, "number": 2, "author": "u1", "reply_to": 1, "format": "bbcode",
              "body": "[quote=Inline Author;1]Hello[/quote]\nQuite." }
        ],
        "browsing": { "members": 1, "guests": 2, "names": ["User One"] },
        "permissions": { "new_threads": false, "replies": true, "attachments": false, "edit_posts": false },
        "page": { "first": 1, "last": 2, "total": 10, "next": "page-2.json", "prev": "page-0.json" },
        "more": { "posts": 1660, "url": "https://forum.example/threads/1?all" }
    })
}

/// An author card with every field.
fn author() -> Value {
    json!({ "name": "Author", "title": "Expat", "avatar": "avatars/a.png",
            "url": "https://forum.example/members/a", "location": "Chiang Mai",
            "joined": "2009-12", "last_online": "2023-10-21T08:08:00+07:00", "posts": 48807 })
}

fn author_with(field: &str, payload: &str) -> Value {
    let mut a = author();
    a[field] = json!(payload);
    a
}

/// The lean thread each placement starts from: it adds only the part under
/// attack, since html5ever is slow in debug builds and the audit parses every
/// page twice. Post 2 replies to post 1, so reply links are on the page.
fn base_thread() -> Value {
    json!({
        "url": "https://forum.example/threads/1",
        "posts": [
            { "id": 1, "author": { "name": "A" }, "body": "Hello" },
            { "id": 2, "author": { "name": "B" }, "reply_to": 1, "body": "Quite." }
        ]
    })
}

/// Where a payload goes.
struct Placement {
    name: &'static str,
    /// Puts the payload into the thread.
    apply: fn(&mut Value, &str),
    /// The widget shows this field as text, so the payload must be readable.
    shown_as_text: bool,
    /// Links are shown instead of images.
    images_as_links: bool,
}

const fn place(name: &'static str, apply: fn(&mut Value, &str)) -> Placement {
    Placement { name, apply, shown_as_text: false, images_as_links: false }
}

const fn text_field(name: &'static str, apply: fn(&mut Value, &str)) -> Placement {
    Placement { name, apply, shown_as_text: true, images_as_links: false }
}

/// Makes post 2's author the `users` entry `key`.
fn users(t: &mut Value, key: &str, author: Value) {
    t["users"] = json!({ key: author });
    t["posts"][1]["author"] = json!(key);
}

fn body(t: &mut Value, format: &str, text: String) {
    t["posts"][0]["format"] = json!(format);
    t["posts"][0]["body"] = json!(text);
}

// ---------------------------------------------------------------- audit

const ELEMENTS: &[&str] = &[
    "section", "header", "footer", "nav", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "article", "a", "img",
    "time", "dl", "dt", "dd", "span", "ul", "ol", "li", "br", "strong", "em", "u", "s", "code", "pre", "figure",
    "figcaption", "blockquote", "cite", "details", "summary", "table", "thead", "tbody", "tr", "th", "td", "hr",
    "button",
];

const ATTRIBUTES: &[&str] = &[
    "class", "id", "lang", "dir", "href", "src", "alt", "width", "height", "loading", "decoding", "referrerpolicy",
    "rel", "datetime", "aria-label", "aria-current", "aria-hidden", "data-post", "data-page", "type", "disabled",
    "start",
    // Added by the widget after the first list was written: code blocks and
    // tables are focusable so keyboard users can scroll them (value "0"
    // only, checked below), and relative dates carry the exact one in `title`.
    "tabindex", "title",
    // The nested layout (src/view/nested.rs): an article's depth, a post's
    // button for its replies and the replies div it controls (folded:
    // `hidden`, not built yet: `data-unloaded`), "Show N more replies"
    // (`data-of` a post id, `data-from` a number); a handle is never translated.
    "data-depth", "aria-expanded", "aria-controls", "data-replies", "hidden", "data-unloaded", "data-of", "data-from",
    "translate",
];

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// One step of a depth-first walk: the shape both trees are compared by.
#[derive(Debug, Clone, PartialEq)]
enum Ev {
    Open(String, Vec<(String, String)>),
    Text(String),
    Close,
}

fn push_text(out: &mut Vec<Ev>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Ev::Text(t)) = out.last_mut() {
        t.push_str(s);
    } else {
        out.push(Ev::Text(s.to_owned()));
    }
}

fn view_events(nodes: &[Node], out: &mut Vec<Ev>) {
    for n in nodes {
        match n {
            Node::Text(t) => push_text(out, t),
            Node::Element(e) => {
                let mut attrs: Vec<(String, String)> = e.attrs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
                attrs.sort();
                out.push(Ev::Open(e.tag.to_owned(), attrs));
                view_events(&e.children, out);
                out.push(Ev::Close);
            }
        }
    }
}

fn dom_events(node: ElementRef<'_>, out: &mut Vec<Ev>) {
    for child in node.children() {
        match child.value() {
            Dom::Text(t) => push_text(out, t),
            Dom::Element(e) => {
                let mut attrs: Vec<(String, String)> = e.attrs().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
                attrs.sort();
                out.push(Ev::Open(e.name().to_owned(), attrs));
                if let Some(el) = ElementRef::wrap(child) {
                    dom_events(el, out);
                }
                out.push(Ev::Close);
            }
            // Audited separately; keep them visible in the shape too.
            other => out.push(Ev::Text(format!("<<{other:?}>>"))),
        }
    }
}

/// The part of a URL before the first `:`, if that colon comes before any
/// `/`, `?` or `#` (the way a browser reads a scheme).
fn scheme_of(u: &str) -> Option<String> {
    let colon = u.find(':')?;
    let head = &u[..colon];
    (!head.contains(['/', '?', '#'])).then(|| head.to_ascii_lowercase())
}

/// Attribute names written in the raw output, outside quoted values: our
/// renderer writes every value between `"` with `"` escaped, so the parts
/// between quotes at even positions are names.
fn raw_event_handlers(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        for (i, outside) in tag.split('"').enumerate() {
            if i % 2 == 1 {
                continue;
            }
            let lower = outside.to_ascii_lowercase();
            for (at, _) in lower.match_indices(" on") {
                let rest = &lower[at + 3..];
                let name_end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(rest.len());
                if rest[name_end..].trim_start().starts_with('=') {
                    found.push(format!("on{}=", &rest[..name_end]));
                }
            }
        }
    }
    found
}

/// Everything wrong with one rendering, as readable lines (empty: safe).
fn audit(html: &str, expected: &[Ev]) -> Vec<String> {
    audit_and_text(html, expected).0
}

/// [`audit`], and the text a reader sees.
fn audit_and_text(html: &str, expected: &[Ev]) -> (Vec<String>, String) {
    let mut problems = Vec::new();
    if html.to_ascii_lowercase().contains("<script") {
        problems.push("the raw output contains `<script`".to_owned());
    }
    for h in raw_event_handlers(html) {
        problems.push(format!("the raw output has an event handler attribute `{h}` inside a tag"));
    }
    let doc = Html::parse_fragment(html);
    let root = doc.root_element();
    for node in root.descendants().skip(1) {
        match node.value() {
            Dom::Text(_) => {}
            Dom::Element(e) => {
                let tag = e.name();
                if !ELEMENTS.contains(&tag) || &*e.name.ns != HTML_NS {
                    problems.push(format!("element <{tag}> (namespace {}) is not allowed", &*e.name.ns));
                }
                for (name, value) in e.attrs.iter() {
                    let n = &*name.local;
                    if !ATTRIBUTES.contains(&n) || !name.ns.is_empty() || name.prefix.is_some() {
                        problems.push(format!("<{tag}> has the attribute `{n}` (ns {:?}), which is not allowed", &*name.ns));
                    }
                    if n.to_ascii_lowercase().starts_with("on") {
                        problems.push(format!("<{tag}> has the event handler `{n}`"));
                    }
                    let value: &str = value;
                    if n == "href" || n == "src" {
                        match url::sanitize(value) {
                            None => problems.push(format!("<{tag} {n}={value:?}> does not pass the URL policy")),
                            Some(u) if u.as_str() != value => {
                                problems.push(format!("<{tag} {n}={value:?}> is not what the policy returns for it ({:?})", u.as_str()))
                            }
                            Some(_) => {}
                        }
                        if let Some(s) = scheme_of(value) {
                            if !["http", "https", "mailto"].contains(&s.as_str()) {
                                problems.push(format!("<{tag} {n}={value:?}> has the scheme `{s}`"));
                            }
                        }
                    }
                    if n == "tabindex" && value != "0" {
                        problems.push(format!("<{tag} tabindex={value:?}>: only 0 is written by the widget"));
                    }
                    if n == "class" {
                        for c in value.split_ascii_whitespace() {
                            if !(c.starts_with("tw-") || c.starts_with("language-")) {
                                problems.push(format!("<{tag}> has the class `{c}`"));
                            }
                        }
                    }
                }
            }
            other => problems.push(format!("the output parses to a {other:?} node")),
        }
    }
    let mut parsed = Vec::new();
    dom_events(root, &mut parsed);
    if parsed != expected {
        let at = parsed.iter().zip(expected).position(|(a, b)| a != b).unwrap_or(parsed.len().min(expected.len()));
        problems.push(format!(
            "the browser's tree differs from the widget's view tree at step {at}: parsed {:?}, built {:?}",
            parsed.get(at),
            expected.get(at)
        ));
    }
    // Mutation XSS: what a browser would serialise (innerHTML) must parse back
    // to the same tree.
    let again = Html::parse_fragment(&root.inner_html());
    let mut reparsed = Vec::new();
    dom_events(again.root_element(), &mut reparsed);
    if reparsed != parsed {
        problems.push("serialising the parsed tree and parsing it again changes it (mutation XSS)".to_owned());
    }
    let text = parsed.iter().filter_map(|e| if let Ev::Text(t) = e { Some(t.as_str()) } else { None }).collect();
    (problems, text)
}

fn squash(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n").replace('\0', "\u{FFFD}").chars().filter(|c| !c.is_whitespace()).collect()
}

// ---------------------------------------------------------------- runner

#[derive(Default)]
struct Tally {
    tried: Cell<usize>,
    rejected: Cell<usize>,
    escapes: std::cell::RefCell<Vec<String>>,
}

fn render_one(t: &Value, images_as_links: bool, layout: Layout) -> Result<(String, Vec<Ev>), String> {
    let json = serde_json::to_string(t).expect("serialise thread");
    let config = Config { images: if images_as_links { Images::Link } else { Images::Show }, layout, ..Config::default() };
    let html = thread_widget::render_to_string(&json, &config).map_err(|e| e.to_string())?;
    let thread = Thread::from_json(&json).map_err(|e| e.to_string())?;
    let fmt = i18n::CatalogFormatter(i18n::catalog(&config.lang));
    let tree = view::thread(&thread, &config, &fmt);
    let mut expected = Vec::new();
    view_events(std::slice::from_ref(&tree), &mut expected);
    assert_eq!(html, render::html::to_string(&[tree]), "render_to_string must write the view tree");
    Ok((html, expected))
}

/// Tries every payload in every placement; returns the number tried.
fn attack(family: &str, placements: &[Placement]) -> usize {
    let started = std::time::Instant::now();
    let payloads = payloads();
    let tally = Tally::default();
    let mut formats = HashSet::new();
    for pl in placements {
        formats.insert(pl.name.split(' ').next().unwrap_or(pl.name));
        for (k, p) in payloads.iter().enumerate() {
            let mut t = base_thread();
            (pl.apply)(&mut t, &p.text);
            tally.tried.set(tally.tried.get() + 1);
            // Every other payload in the nested layout (post 2 answers post 1: its article, button and replies div).
            let layout = if k % 2 == 1 { Layout::Nested } else { Layout::Flat };
            let (html, expected) = match render_one(&t, pl.images_as_links, layout) {
                Ok(r) => r,
                // A payload the model refuses never reaches the page.
                Err(_) => {
                    tally.rejected.set(tally.rejected.get() + 1);
                    continue;
                }
            };
            let (mut problems, text) = audit_and_text(&html, &expected);
            // The nested layout's compact header leaves the author's location out (src/view/nested.rs).
            let shown = pl.shown_as_text && !(layout == Layout::Nested && pl.name.contains("location"));
            if shown && !squash(&text).contains(&squash(&p.text)) {
                problems.push("the payload is not readable in the text of the page".to_owned());
            }
            if !problems.is_empty() {
                tally.escapes.borrow_mut().push(format!(
                    "[{family} / {}] payload {} {:?}:\n    {}\n    output: {}",
                    pl.name,
                    p.origin,
                    p.text,
                    problems.join("\n    "),
                    html
                ));
            }
        }
    }
    let escapes = tally.escapes.into_inner();
    println!(
        "{family}: {} payloads x {} placements = {} renders tried ({} refused by the model), {} escapes ({:.1?})",
        payloads.len(),
        placements.len(),
        tally.tried.get(),
        tally.rejected.get(),
        escapes.len(),
        started.elapsed()
    );
    assert!(
        escapes.is_empty(),
        "{} of {} renders let a payload escape; the first ones:\n{}",
        escapes.len(),
        tally.tried.get(),
        escapes.iter().take(8).cloned().collect::<Vec<_>>().join("\n\n")
    );
    tally.tried.get()
}

// ---------------------------------------------------------------- thread fields

#[test]
fn xss_payloads_in_thread_title_and_url_render_as_text() {
    attack("thread title/url", &[
        text_field("title", |t, p| t["title"] = json!(p)),
        place("url", |t, p| t["url"] = json!(p)),
    ]);
}

#[test]
fn xss_payloads_in_forum_breadcrumb_render_as_text() {
    attack("forum", &[
        text_field("forum.name", |t, p| t["forum"] = json!({ "name": p, "url": "https://forum.example/f" })),
        place("forum.url", |t, p| t["forum"] = json!({ "name": "A forum", "url": p })),
    ]);
}

#[test]
fn xss_payloads_in_author_fields_render_as_text() {
    attack("inline author", &[
        text_field("author.name", |t, p| t["posts"][0]["author"] = author_with("name", p)),
        text_field("author.title", |t, p| t["posts"][0]["author"] = author_with("title", p)),
        place("author.avatar", |t, p| t["posts"][0]["author"] = author_with("avatar", p)),
        place("author.url", |t, p| t["posts"][0]["author"] = author_with("url", p)),
        text_field("author.location", |t, p| t["posts"][0]["author"] = author_with("location", p)),
    ]);
}

#[test]
fn xss_payloads_in_users_keys_and_fields_render_as_text() {
    attack("users", &[
        place("users key", |t, p| users(t, p, author())),
        text_field("users.name", |t, p| users(t, "u1", author_with("name", p))),
        text_field("users.title", |t, p| users(t, "u1", author_with("title", p))),
        place("users.avatar", |t, p| users(t, "u1", author_with("avatar", p))),
        place("users.url", |t, p| users(t, "u1", author_with("url", p))),
        text_field("users.location", |t, p| users(t, "u1", author_with("location", p))),
    ]);
}

#[test]
fn xss_payloads_in_post_ids_and_reply_to_stay_in_attributes() {
    attack("post ids", &[
        // The id lands in `id="post-…"`, in `href="#post-…"` and in `data-post`.
        place("posts.id", |t, p| {
            t["posts"][0]["id"] = json!(p);
            t["posts"][1]["reply_to"] = json!(p);
        }),
        place("posts.reply_to (not on the page)", |t, p| t["posts"][1]["reply_to"] = json!(p)),
    ]);
}

#[test]
fn xss_payloads_in_browsing_names_render_as_text() {
    attack("browsing", &[text_field("browsing.names", |t, p| {
        t["browsing"] = json!({ "members": 3, "guests": 2, "names": ["Before", p, "After"] })
    })]);
}

#[test]
fn xss_payloads_in_page_file_links_are_refused() {
    attack("page", &[
        place("page.next", |t, p| t["page"] = json!({ "first": 1, "last": 2, "total": 10, "next": p, "prev": "page-0.json" })),
        place("page.prev", |t, p| t["page"] = json!({ "first": 3, "last": 4, "total": 10, "next": "page-3.json", "prev": p })),
    ]);
}

#[test]
fn xss_payloads_in_more_and_platform_are_refused_or_text() {
    attack("more", &[
        place("more.url", |t, p| t["more"] = json!({ "posts": 3, "url": p })),
        // Without the thread's address to fall back on.
        place("more.url alone", |t, p| {
            t["more"] = json!({ "url": p });
            t.as_object_mut().unwrap().remove("url");
        }),
        // The platform names the links: "Reply on …", "View on …".
        text_field("platform", |t, p| {
            t["platform"] = json!(p);
            t["more"] = json!({ "posts": 1 });
        }),
    ]);
}

// ---------------------------------------------------------------- bodies

#[test]
fn xss_payloads_in_raw_bodies_render_as_text() {
    attack("raw body", &[
        // Text bodies keep every character (links and line breaks aside).
        text_field("text body", |t, p| body(t, "text", p.to_owned())),
        place("bbcode body", |t, p| body(t, "bbcode", p.to_owned())),
        place("markdown body", |t, p| body(t, "markdown", p.to_owned())),
        // The thread-wide format, used when a post names none.
        place("bbcode thread format", |t, p| {
            t["format"] = json!("bbcode");
            t["posts"][0]["body"] = json!(p);
        }),
    ]);
}

#[test]
fn xss_payloads_in_bbcode_url_tags_are_refused() {
    attack("bbcode links", &[
        place("bbcode [url=P]", |t, p| body(t, "bbcode", format!("[url={p}]x[/url]"))),
        place("bbcode [URL=\"P\"]", |t, p| body(t, "bbcode", format!("[URL=\"{p}\"]x[/URL]"))),
        place("bbcode [url]P", |t, p| body(t, "bbcode", format!("[url]{p}[/url]"))),
        place("bbcode [email]P", |t, p| body(t, "bbcode", format!("[email]{p}[/email]"))),
    ]);
}

#[test]
fn xss_payloads_in_bbcode_img_tags_are_refused() {
    attack("bbcode images", &[
        place("bbcode [img]P", |t, p| body(t, "bbcode", format!("[img]{p}[/img]"))),
        Placement { images_as_links: true, ..place("bbcode [img]P (images as links)", |t, p| body(t, "bbcode", format!("[img]{p}[/img]"))) },
    ]);
}

#[test]
fn xss_payloads_in_bbcode_quote_names_render_as_text() {
    attack("bbcode quotes", &[
        place("bbcode [quote=P]", |t, p| body(t, "bbcode", format!("[quote={p}]x[/quote]"))),
        place("bbcode [quote=a;P]", |t, p| body(t, "bbcode", format!("[quote=a;{p}]x[/quote]"))),
        // The quoted post is on the page: its id goes into `href` and `data-post`.
        place("bbcode [quote=a;P] on the page", |t, p| {
            body(t, "bbcode", format!("[quote=a;{p}]x[/quote]"));
            t["posts"][1]["id"] = json!(p);
        }),
    ]);
}

#[test]
fn xss_payloads_in_bbcode_color_and_size_become_classes() {
    attack("bbcode color/size", &[
        place("bbcode [color=P]", |t, p| body(t, "bbcode", format!("[color={p}]x[/color]"))),
        place("bbcode [size=P]", |t, p| body(t, "bbcode", format!("[size={p}]x[/size]"))),
    ]);
}

#[test]
fn javascript_urls_in_markdown_links_are_text() {
    attack("markdown links", &[
        place("markdown [x](P)", |t, p| body(t, "markdown", format!("[x]({p})"))),
        place("markdown [x](<P>)", |t, p| body(t, "markdown", format!("[x](<{p}>)"))),
        place("markdown reference [x]: P", |t, p| body(t, "markdown", format!("[x]\n\n[x]: {p}"))),
        place("markdown autolink <P>", |t, p| body(t, "markdown", format!("<{p}>"))),
    ]);
}

#[test]
fn xss_payloads_in_markdown_images_are_refused() {
    attack("markdown images", &[
        place("markdown ![x](P)", |t, p| body(t, "markdown", format!("![x]({p})"))),
        place("markdown ![P](x.png)", |t, p| body(t, "markdown", format!("![{p}](x.png)"))),
        Placement { images_as_links: true, ..place("markdown ![x](P) (images as links)", |t, p| body(t, "markdown", format!("![x]({p})"))) },
    ]);
}

#[test]
fn xss_payloads_in_discourse_quotes_render_as_text() {
    attack("markdown quotes", &[
        place("markdown [quote=\"P, post:1\"]", |t, p| body(t, "markdown", format!("[quote=\"{p}, post:1\"]\nx\n[/quote]"))),
        place("markdown [quote=\"a, post:P\"]", |t, p| body(t, "markdown", format!("[quote=\"a, post:{p}\"]\nx\n[/quote]"))),
    ]);
}

#[test]
fn xss_payloads_in_code_blocks_render_as_text() {
    attack("code", &[
        place("markdown fenced code", |t, p| body(t, "markdown", format!("```\n{p}\n```"))),
        place("markdown fence info string", |t, p| body(t, "markdown", format!("```{p}\nx\n```"))),
        place("markdown inline code", |t, p| body(t, "markdown", format!("`` {p} ``"))),
        place("bbcode [code]", |t, p| body(t, "bbcode", format!("[code]{p}[/code]"))),
        place("bbcode [noparse]", |t, p| body(t, "bbcode", format!("[noparse]{p}[/noparse]"))),
    ]);
}

#[cfg(feature = "html")]
#[test]
fn xss_payloads_in_html_bodies_and_their_constructs_stay_in_the_tree() {
    attack("html", &[
        place("html body", |t, p| body(t, "html", p.to_owned())),
        place("html thread format", |t, p| {
            t["format"] = json!("html");
            t["posts"][0]["body"] = json!(p);
        }),
        place("html <a href=\"P\">", |t, p| body(t, "html", format!("<a href=\"{p}\">x</a>"))),
        place("html <a href=P>", |t, p| body(t, "html", format!("<p><a href={p}>x</a></p>"))),
        place("html <img src=\"P\">", |t, p| body(t, "html", format!("<img src=\"{p}\" alt=\"a\">"))),
        place("html <img alt=\"P\">", |t, p| body(t, "html", format!("<img src=\"/i.png\" alt=\"{p}\">"))),
        Placement { images_as_links: true, ..place("html <img src=\"P\"> (images as links)", |t, p| body(t, "html", format!("<img src=\"{p}\" alt=\"a\">"))) },
        place("html Discourse quote author", |t, p| {
            body(t, "html", format!("<aside class=\"quote\" data-username=\"{p}\" data-post=\"1\"><div class=\"title\">x</div><blockquote><p>q</p></blockquote></aside>"))
        }),
        place("html Discourse quote post", |t, p| {
            body(t, "html", format!("<aside class=\"quote\" data-username=\"a\" data-post=\"{p}\"><blockquote>{p}</blockquote></aside>"))
        }),
        place("html Discourse quote content", |t, p| {
            body(t, "html", format!("<aside class=\"quote\" data-username=\"a\" data-post=\"2\"><blockquote>{p}</blockquote></aside>"))
        }),
        place("html Discourse onebox", |t, p| {
            body(t, "html", format!("<aside class=\"onebox\" data-onebox-src=\"{p}\"><h3><a href=\"{p}\">{p}</a></h3></aside>"))
        }),
        place("html Mastodon link", |t, p| {
            body(t, "html", format!("<p><a href=\"https://a.example/\"><span class=\"invisible\">{p}</span><span class=\"ellipsis\">{p}</span></a></p>"))
        }),
        place("html pre/code", |t, p| body(t, "html", format!("<pre><code class=\"language-{p}\">{p}</code></pre>"))),
    ]);
}

#[cfg(feature = "html")]
#[test]
fn javascript_urls_in_html_links_and_images_are_refused() {
    for u in BAD_URLS {
        assert_shown_as_text("<a href>", "html", &format!("<a href=\"{u}\">click me</a>"), "click me");
        assert_shown_as_text("<img src>", "html", &format!("<img src=\"{u}\" alt=\"alt text\">"), "alt text");
    }
}

// ---------------------------------------------------------------- targeted

/// URLs that must never become a link or image, in the forms browsers accept.
const BAD_URLS: &[&str] = &[
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\u{1}javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,alert(1)",
    "&#106;avascript:alert(1)",
];

fn links_and_images(html: &str) -> Vec<String> {
    let doc = Html::parse_fragment(html);
    doc.root_element()
        .descendent_elements()
        .flat_map(|e| e.value().attrs().filter(|(n, _)| *n == "href" || *n == "src").map(|(_, v)| v.to_owned()).collect::<Vec<_>>())
        .collect()
}

fn assert_shown_as_text(construct: &str, format: &str, source: &str, must_show: &str) {
    let mut t = base_thread();
    body(&mut t, format, source.to_owned());
    let (html, expected) = render_one(&t, false, Layout::Flat).unwrap_or_else(|e| panic!("{construct}: {e}"));
    let (problems, text) = audit_and_text(&html, &expected);
    assert!(problems.is_empty(), "{construct} with {source:?}: {problems:?}\n{html}");
    for u in links_and_images(&html) {
        let flat: String = u.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
        assert!(
            !flat.contains("javascript:") && !flat.contains("vbscript:") && !flat.starts_with("data:"),
            "{construct} with {source:?} became a link or image to {u:?}\n{html}"
        );
    }
    assert!(
        squash(&text).contains(&squash(must_show)),
        "{construct} with {source:?}: {must_show:?} should be shown as text\n{html}"
    );
}

#[test]
fn javascript_urls_in_bbcode_url_tags_are_text() {
    for u in BAD_URLS {
        assert_shown_as_text("[url=…]", "bbcode", &format!("[url={u}]click me[/url]"), "click me");
        assert_shown_as_text("[url]…[/url]", "bbcode", &format!("[url]{u}[/url]"), u);
    }
}

#[test]
fn javascript_urls_in_bbcode_img_tags_are_text() {
    for u in BAD_URLS {
        assert_shown_as_text("[img]", "bbcode", &format!("[img]{u}[/img]"), u);
    }
}

#[test]
fn javascript_urls_in_markdown_links_and_images_are_refused() {
    for u in BAD_URLS.iter().filter(|u| !u.contains(['\n', ' ', '\t'])) {
        assert_shown_as_text("[x](…)", "markdown", &format!("[click me]({u})"), "click me");
        assert_shown_as_text("![x](…)", "markdown", &format!("![alt text]({u})"), "");
        assert_shown_as_text("<…>", "markdown", &format!("<{u}>"), "");
    }
}

#[test]
fn javascript_urls_in_author_and_thread_links_are_dropped() {
    for u in BAD_URLS {
        let mut t = full_thread();
        t["url"] = json!(u);
        t["forum"]["url"] = json!(u);
        t["posts"][0]["author"]["url"] = json!(u);
        t["posts"][0]["author"]["avatar"] = json!(u);
        t["users"]["u1"]["url"] = json!(u);
        t["users"]["u1"]["avatar"] = json!(u);
        t["page"]["next"] = json!(u);
        t["page"]["prev"] = json!(u);
        t["more"]["url"] = json!(u);
        let (html, expected) = render_one(&t, false, Layout::Flat).unwrap_or_else(|e| panic!("{u:?}: {e}"));
        assert_eq!(audit(&html, &expected), Vec::<String>::new(), "{u:?}");
        for link in links_and_images(&html) {
            assert!(url::sanitize(&link).is_some() && scheme_of(&link).map_or(true, |s| s == "http" || s == "https" || s == "mailto"), "{u:?} → {link:?}");
            assert!(!link.to_ascii_lowercase().contains("script"), "{u:?} → {link:?}");
        }
    }
}

#[test]
fn the_audit_catches_what_it_is_meant_to_catch() {
    // The checks above are only worth something if they can fail.
    let bad = [
        "<p onclick=\"x\">a</p>",
        "<script>alert(1)</script>",
        "<a href=\"javascript:alert(1)\">a</a>",
        "<p class=\"evil\">a</p>",
        "<svg><p>a</p></svg>",
        "<p>a<!-- c --></p>",
        "<p style=\"x\">a</p>",
        "<iframe></iframe>",
    ];
    for html in bad {
        let mut expected = Vec::new();
        dom_events(Html::parse_fragment(html).root_element(), &mut expected);
        assert!(!audit(html, &expected).is_empty(), "the audit let {html:?} through");
    }
    // A structure change is caught even when every element is allowed.
    let built = [Ev::Open("p".into(), vec![]), Ev::Text("a".into()), Ev::Close];
    assert!(!audit("<p>a</p><p>b</p>", &built).is_empty());
    assert_eq!(raw_event_handlers("<p title=\"x onclick=y\">"), Vec::<String>::new());
    assert_eq!(raw_event_handlers("<p  onclick =y>"), vec!["onclick=".to_owned()]);
}

#[test]
fn safe_links_and_images_still_work_so_the_audit_is_not_vacuous() {
    // If every link were dropped, the tests above would pass trivially.
    for (format, source, tag, attr, want) in [
        ("bbcode", "[url=https://a.example/x]x[/url]", "a", "href", "https://a.example/x"),
        ("bbcode", "[img]https://a.example/i.png[/img]", "img", "src", "https://a.example/i.png"),
        ("bbcode", "[email]a@b.example[/email]", "a", "href", "mailto:a@b.example"),
        ("markdown", "[x](https://a.example/x)", "a", "href", "https://a.example/x"),
        ("markdown", "![x](/i.png)", "img", "src", "/i.png"),
        ("markdown", "<https://a.example/x>", "a", "href", "https://a.example/x"),
        ("text", "see https://a.example/x", "a", "href", "https://a.example/x"),
        #[cfg(feature = "html")]
        ("html", "<a href=\"https://a.example/x\">x</a>", "a", "href", "https://a.example/x"),
        #[cfg(feature = "html")]
        ("html", "<img src=\"/i.png\" alt=\"x\">", "img", "src", "/i.png"),
    ] {
        let mut t = base_thread();
        body(&mut t, format, source.to_owned());
        let (html, expected) = render_one(&t, false, Layout::Flat).unwrap();
        assert_eq!(audit(&html, &expected), Vec::<String>::new());
        let doc = Html::parse_fragment(&html);
        let found = doc.root_element().descendent_elements().any(|e| e.value().name() == tag && e.value().attr(attr) == Some(want));
        assert!(found, "{format} {source:?} should give <{tag} {attr}={want:?}>:\n{html}");
    }
}
