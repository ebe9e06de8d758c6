//! Runs the public BBCode test suites in `../shared/corpora/bbcode/` through
//! the parser and the HTML renderer.
//!
//! Every case must render safely: no panic, only allowed elements and
//! attributes, only URLs that pass the policy, and HTML that a browser's
//! parser (html5ever) reads back into the same tree. Quotes must keep the
//! author and post id that the suite expects.
//!
//! How often the result has the same structure as the suite's expected HTML
//! is reported (see `docs/conformance-bbcode.md`), not required: the suites
//! are other dialects. A floor catches regressions.
//!
//! Run with `--nocapture` to see the counts and the differing cases.

use std::panic::{catch_unwind, AssertUnwindSafe};

use scraper::{ElementRef, Html, Node as HtmlNode};
use serde_json::Value;
use thread_widget::config::Images;
use thread_widget::markup::{bbcode, Block, Body};
use thread_widget::view::body::{render, BodyContext};
use thread_widget::view::node::Node;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/bbcode/");

const ALLOWED_ELEMENTS: [&str; 28] = [
    "p",
    "br",
    "strong",
    "em",
    "u",
    "s",
    "code",
    "pre",
    "a",
    "img",
    "figure",
    "figcaption",
    "blockquote",
    "cite",
    "ul",
    "ol",
    "li",
    "div",
    "span",
    "details",
    "summary",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
];

// `tabindex` (always "0") makes scrollable code blocks and tables keyboard-reachable.
const ALLOWED_ATTRIBUTES: [&str; 11] = [
    "tabindex",
    "href",
    "src",
    "alt",
    "class",
    "rel",
    "start",
    "loading",
    "decoding",
    "referrerpolicy",
    "data-post",
];

/// Structure matches required per suite: the measured count minus a little.
const FLOORS: [(&str, usize); 3] = [("misago", 67), ("nbbc", 94), ("phpbb", 14)];

struct Case {
    id: String,
    input: String,
    expected_html: String,
}

struct Suite {
    name: &'static str,
    cases: Vec<Case>,
    /// Entries that are not test cases (a malformed record in the source).
    malformed: usize,
}

fn load(file: &str) -> Vec<Value> {
    let path = format!("{DIR}{file}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("the BBCode corpus is missing: cannot read {path} ({e}). It lives in ../shared/corpora/bbcode/ beside the crate.")
    });
    match serde_json::from_str(&text) {
        Ok(Value::Array(cases)) => cases,
        _ => panic!("{path} is not a JSON array of cases"),
    }
}

fn suite(name: &'static str, file: &str, id: &str, input: &str, html: &str) -> Suite {
    let mut cases = Vec::new();
    let mut malformed = 0;
    for v in load(file) {
        match (v[input].as_str(), v[html].as_str()) {
            (Some(i), Some(h)) => cases.push(Case {
                id: v[id].as_str().unwrap_or("?").to_owned(),
                input: i.to_owned(),
                expected_html: h.to_owned(),
            }),
            _ => malformed += 1,
        }
    }
    assert!(!cases.is_empty(), "{file} has no cases");
    Suite { name, cases, malformed }
}

fn suites() -> Vec<Suite> {
    vec![
        suite(
            "misago",
            "misago-bbcode-parser-cases.json",
            "name",
            "input",
            "expected_html",
        ),
        suite("nbbc", "nbbc-conformance-tests.json", "descr", "bbcode", "html"),
        suite(
            "phpbb",
            "phpbb-tickets-bbcode-regressions.json",
            "ticket",
            "input_bbcode",
            "expected_html",
        ),
    ]
}

fn to_html(body: &Body) -> (String, Vec<Node>) {
    let ctx = BodyContext {
        catalog: thread_widget::i18n::catalog("en"),
        on_page: &|_| false,
        thread_url: None,
        quote_depth: 3,
        images: Images::Show,
    };
    let nodes = render(&ctx, body);
    (thread_widget::render::html::to_string(&nodes), nodes)
}

fn our_tags(nodes: &[Node], out: &mut Vec<String>) {
    for n in nodes {
        if let Node::Element(e) = n {
            out.push(e.tag.to_owned());
            our_tags(&e.children, out);
        }
    }
}

fn parsed_tags(el: ElementRef<'_>, out: &mut Vec<String>) {
    for child in el.child_elements() {
        out.push(child.value().name().to_owned());
        parsed_tags(child, out);
    }
}

/// Checks one rendered case; returns what is wrong with it.
fn safety_problems(html: &str, nodes: &[Node]) -> Vec<String> {
    let mut problems = Vec::new();
    let doc = Html::parse_fragment(html);
    for el in doc.root_element().descendent_elements().skip(1) {
        let name = el.value().name();
        if !ALLOWED_ELEMENTS.contains(&name) {
            problems.push(format!("element <{name}>"));
        }
        for (attr, value) in el.value().attrs() {
            if !ALLOWED_ATTRIBUTES.contains(&attr) {
                problems.push(format!("attribute {attr} on <{name}>"));
            }
            if (attr == "href" || attr == "src") && thread_widget::url::sanitize(value).is_none() {
                problems.push(format!("{attr}={value:?} fails the URL policy"));
            }
        }
    }
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    our_tags(nodes, &mut ours);
    parsed_tags(doc.root_element(), &mut theirs);
    if ours != theirs {
        problems.push(format!(
            "html5ever reads a different tree: {} elements written, {} read",
            ours.len(),
            theirs.len()
        ));
    }
    problems
}

// --- Quotes ------------------------------------------------------------------------

/// (name, post) of every quote in a body, in document order.
fn our_quotes(body: &[Block], out: &mut Vec<(Option<String>, Option<String>)>) {
    for b in body {
        match b {
            Block::Quote(q) => {
                out.push((q.name.clone(), q.post.clone()));
                our_quotes(&q.body, out);
            }
            Block::List { items, .. } => items.iter().for_each(|i| our_quotes(i, out)),
            Block::Aligned { blocks, .. } | Block::Indent(blocks) => our_quotes(blocks, out),
            _ => {}
        }
    }
}

/// The quote authors (and post ids) that a suite's expected HTML shows.
fn expected_quotes(suite: &str, html: &str) -> Vec<(String, Option<String>)> {
    let doc = Html::parse_fragment(html);
    let mut out = Vec::new();
    for el in doc.root_element().descendent_elements() {
        let v = el.value();
        match (suite, v.name()) {
            ("misago", "misago-quote") => {
                if let Some(user) = v.attr("user") {
                    out.push((user.to_owned(), v.attr("post").map(str::to_owned)));
                } else if let Some(info) = v.attr("info") {
                    out.push((info.to_owned(), None));
                }
            }
            ("phpbb", "cite") => {
                let text: String = el.text().collect();
                if let Some(name) = text.strip_suffix(" wrote:") {
                    out.push((name.trim().to_owned(), None));
                }
            }
            ("nbbc", "div") if v.classes().any(|c| c == "bbcode_quote_head") => {
                let text: String = el.text().collect();
                if let Some(name) = text.strip_suffix(" wrote:") {
                    out.push((name.trim().to_owned(), None));
                }
            }
            _ => {}
        }
    }
    out
}

// --- Structure ----------------------------------------------------------------------

/// The structural tag an element stands for, or `None`; `Err` for a subtree
/// that is a header the renderer writes itself ("X wrote:", "Code:").
fn structural(el: ElementRef<'_>) -> Result<Option<&'static str>, ()> {
    let v = el.value();
    let class = |c: &str| v.classes().any(|x| x == c);
    let parent = el.parent().and_then(ElementRef::wrap).map(|p| p.value().name());
    Ok(match v.name() {
        "figcaption" | "summary" | "cite" => return Err(()),
        "div" if class("bbcode_quote_head") || class("bbcode_code_head") => return Err(()),
        "p" if el
            .parent()
            .and_then(ElementRef::wrap)
            .is_some_and(|p| p.value().classes().any(|c| c == "codebox")) =>
        {
            return Err(())
        }
        "b" | "strong" => Some("strong"),
        "i" | "em" => Some("em"),
        "blockquote" | "misago-quote" | "quote" => Some("blockquote"),
        "div" if class("bbcode_quote") => Some("blockquote"),
        "ul" => Some("ul"),
        "ol" => Some("ol"),
        "li" => Some("li"),
        "a" => Some("a"),
        "img" => Some("img"),
        "pre" | "misago-code" => Some("code"),
        "div" if class("bbcode_code") => Some("code"),
        "code" if parent != Some("pre") => Some("code"),
        _ => None,
    })
}

fn structure(el: ElementRef<'_>, tags: &mut Vec<&'static str>, text: &mut String) {
    for child in el.children() {
        match child.value() {
            HtmlNode::Text(t) => text.extend(t.chars().filter(|c| !c.is_whitespace())),
            HtmlNode::Element(_) => {
                let Some(child) = ElementRef::wrap(child) else { continue };
                match structural(child) {
                    Err(()) => {}
                    Ok(tag) => {
                        tags.extend(tag);
                        structure(child, tags, text);
                    }
                }
            }
            _ => {}
        }
    }
}

fn same_structure(ours: &str, expected: &str) -> bool {
    let summary = |html: &str| {
        let doc = Html::parse_fragment(html);
        let (mut tags, mut text) = (Vec::new(), String::new());
        structure(doc.root_element(), &mut tags, &mut text);
        (tags, text)
    };
    summary(ours) == summary(expected)
}

#[test]
fn bbcode_corpora_render_safely_and_keep_their_structure() {
    let mut failures = Vec::new();
    let mut report = Vec::new();
    for s in suites() {
        let (mut safe, mut matches) = (0, 0);
        let mut differing = Vec::new();
        for case in &s.cases {
            let label = format!("{} {:?}", s.name, case.id);
            let Ok(body) = catch_unwind(AssertUnwindSafe(|| bbcode::parse(&case.input))) else {
                failures.push(format!("{label}: the parser panicked"));
                continue;
            };
            let Ok((html, nodes)) = catch_unwind(AssertUnwindSafe(|| to_html(&body))) else {
                failures.push(format!("{label}: the renderer panicked"));
                continue;
            };
            let problems = safety_problems(&html, &nodes);
            if problems.is_empty() {
                safe += 1;
            } else {
                failures.push(format!("{label}: {}\n    {html}", problems.join("; ")));
            }
            // Quotes keep who and which post: checked where every quote is
            // closed (an unclosed one is text by design) and the case uses no
            // backslash escapes (a Misago extension vBulletin does not have).
            let lower = case.input.to_ascii_lowercase();
            if !lower.contains('\\') && lower.matches("[quote").count() <= lower.matches("[/quote").count() {
                let mut ours = Vec::new();
                our_quotes(&body, &mut ours);
                for (name, post) in expected_quotes(s.name, &case.expected_html) {
                    let found = ours
                        .iter()
                        .any(|(n, p)| n.as_deref() == Some(&name) && (post.is_none() || *p == post));
                    if !found {
                        failures.push(format!("{label}: quote of {name:?} (post {post:?}) lost: {ours:?}"));
                    }
                }
            }
            if same_structure(&html, &case.expected_html) {
                matches += 1;
            } else {
                differing.push(format!(
                    "  {:?}\n    input:    {:?}\n    ours:     {html}\n    expected: {}",
                    case.id, case.input, case.expected_html
                ));
            }
        }
        report.push(format!(
            "{}: {} cases ({} malformed entries skipped), {} rendered safely, {} match the expected structure",
            s.name,
            s.cases.len(),
            s.malformed,
            safe,
            matches
        ));
        println!(
            "--- {}: cases whose structure differs\n{}",
            s.name,
            differing.join("\n")
        );
        let floor = FLOORS.iter().find(|f| f.0 == s.name).map_or(0, |f| f.1);
        if matches < floor {
            failures.push(format!(
                "{}: structure matches fell to {matches}, below the floor of {floor}",
                s.name
            ));
        }
    }
    println!("{}", report.join("\n"));
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
