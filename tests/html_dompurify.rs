//! DOMPurify's own test cases, read by our `html` reader, against DOMPurify's
//! expected output: how many keep the same text and the same links.
//!
//! `../shared/corpora/xss/dompurify-expect.json` is DOMPurify's
//! `test/fixtures/expect.mjs`: each case a `payload` and the `expected`
//! sanitized HTML (a string, or a list of strings when browsers differ; a
//! case matches when any of them does). For each case:
//!
//! - **DOMPurify's side**: the expected HTML parsed by html5ever (through
//!   scraper, as a fragment, as a browser parses it), read by [`shown`]: the
//!   text a browser shows (no `script`, `style`, `template`, `noscript`,
//!   `iframe`, `noembed`, `noframes`, `title`, `[hidden]`; SVG and MathML
//!   text is shown, except SVG's `title`, `desc` and `metadata`), images as
//!   their alt text, a space at block edges, whitespace collapsed; and the
//!   `href` of every `<a>`, in order, as the URL parser reads it (leading and
//!   trailing spaces and controls, tabs and newlines removed).
//! - **Ours**: `markup::html::parse(payload)`, its tree read the same way
//!   (text of every inline, code and alt; the URL of every `Link`).
//!
//! The figures are printed (`cargo test --test html_dompurify -- --nocapture`)
//! and recorded in docs/conformance-html.md; the floors below are what was
//! measured, so a regression fails. Each differing case is printed with
//! `TW_DOMPURIFY_VERBOSE=1`.
#![cfg(feature = "html")]

use scraper::{Html, Node};
use serde_json::Value;
mod common;
use common::{collapse, tree_text};
use thread_widget::markup::html;
use thread_widget::url::sanitize;

/// Measured 2026-12-03 (see docs/conformance-html.md): cases whose text,
/// links, and both, are the same as DOMPurify's expected output.
const SAME_TEXT_FLOOR: usize = 211;
const SAME_LINKS_FLOOR: usize = 220;
const SAME_CLICKABLE_FLOOR: usize = 223;
const SAME_BOTH_FLOOR: usize = 208;

fn cases() -> Vec<(String, String, Vec<String>)> {
    let path = format!("{}/../shared/corpora/xss/dompurify-expect.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("corpus {path} is missing ({e}); this test needs ../shared/corpora and must not pass without it"));
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let list = v.as_array().expect("dompurify-expect.json: an array");
    list.iter()
        .enumerate()
        .map(|(i, c)| {
            let title = c["title"].as_str().unwrap_or("(untitled)").to_owned();
            let payload = c["payload"].as_str().unwrap_or_else(|| panic!("case {i}: no payload")).to_owned();
            let expected = match &c["expected"] {
                Value::String(s) => vec![s.clone()],
                Value::Array(a) => a.iter().map(|s| s.as_str().expect("expected: strings").to_owned()).collect(),
                other => panic!("case {i}: expected is {other}"),
            };
            (format!("#{i} {title}"), payload, expected)
        })
        .collect()
}

// ------------------------------------------------------------ DOMPurify's side

const BLOCKS: &[&str] = &[
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "dd", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "main", "menu", "nav", "ol", "ul", "li",
    "p", "pre", "search", "section", "summary", "table", "caption", "tbody", "thead", "tfoot", "tr", "td", "th", "h1",
    "h2", "h3", "h4", "h5", "h6", "hr", "br", "textarea", "xmp", "plaintext", "listing", "option", "select",
];

const UNSHOWN: &[&str] = &["script", "style", "template", "noscript", "iframe", "noembed", "noframes", "title", "desc", "metadata"];

/// The text a browser shows for `html`, the `href` of every `<a>`, and of
/// those with something to click (text or an image inside).
fn shown(html: &str) -> (String, Vec<String>, Vec<String>) {
    let doc = Html::parse_fragment(html);
    let mut text = String::new();
    let mut links = Vec::new();
    let mut clickable = Vec::new();
    let mut stack = vec![(doc.tree.root(), false)];
    while let Some((node, entered)) = stack.pop() {
        match node.value() {
            Node::Text(t) if !entered => text.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if entered {
                    if BLOCKS.contains(&name) {
                        text.push(' ');
                    }
                    continue;
                }
                if UNSHOWN.contains(&name) || e.attr("hidden").is_some() {
                    continue;
                }
                if BLOCKS.contains(&name) {
                    text.push(' ');
                }
                if name == "img" {
                    text.push_str(e.attr("alt").unwrap_or(""));
                }
                if name == "a" {
                    if let Some(h) = e.attr("href") {
                        links.push(url_parser_view(h));
                        let content = node.descendants().any(|d| match d.value() {
                            Node::Text(t) => !t.trim().is_empty(),
                            Node::Element(e) => e.name() == "img",
                            _ => false,
                        });
                        if content {
                            clickable.push(url_parser_view(h));
                        }
                    }
                }
                stack.push((node, true));
                let children: Vec<_> = node.children().collect();
                for c in children.into_iter().rev() {
                    stack.push((c, false));
                }
            }
            _ if !entered => {
                let children: Vec<_> = node.children().collect();
                for c in children.into_iter().rev() {
                    stack.push((c, false));
                }
            }
            _ => {}
        }
    }
    (collapse(&text), links, clickable)
}

/// An `href` as the URL parser reads it (what our policy's `SafeUrl` holds for a URL it keeps).
fn url_parser_view(h: &str) -> String {
    h.trim_matches(|c: char| c <= ' ').chars().filter(|&c| c != '\t' && c != '\n' && c != '\r').collect()
}

// ------------------------------------------------------------ ours

// ------------------------------------------------------------ the comparison

#[test]
fn dompurify_cases_keep_the_same_text_and_links() {
    let cases = cases();
    assert!(cases.len() >= 200, "{} DOMPurify cases", cases.len());
    let verbose = std::env::var_os("TW_DOMPURIFY_VERBOSE").is_some();
    let (mut same_text, mut same_links, mut same_clickable, mut same_both, mut same_both_clickable) = (0, 0, 0, 0, 0);
    // Links that differ only because our URL policy refuses what DOMPurify keeps.
    let mut policy_only = 0;
    let mut with_links = 0;
    let mut with_text = 0;
    for (name, payload, expected) in &cases {
        let (text, links) = tree_text(&html::parse(payload));
        let theirs: Vec<_> = expected.iter().map(|e| shown(e)).collect();
        let t = theirs.iter().any(|(x, _, _)| *x == text);
        let l = theirs.iter().any(|(_, y, _)| *y == links);
        let c = theirs.iter().any(|(_, _, z)| *z == links);
        let both = theirs.iter().any(|(x, y, _)| *x == text && *y == links);
        let both_clickable = theirs.iter().any(|(x, _, z)| *x == text && *z == links);
        with_text += usize::from(theirs.iter().any(|(x, _, _)| !x.is_empty()));
        with_links += usize::from(theirs.iter().any(|(_, y, _)| !y.is_empty()));
        same_text += usize::from(t);
        same_links += usize::from(l);
        same_clickable += usize::from(c);
        same_both += usize::from(both);
        same_both_clickable += usize::from(both_clickable);
        if !l && theirs.iter().any(|(_, y, _)| y.iter().filter(|u| sanitize(u).is_some()).cloned().collect::<Vec<_>>() == links) {
            policy_only += 1;
        }
        if verbose && !both {
            println!("--- {name}\n  payload:   {payload:?}\n  ours:      {text:?} {links:?}");
            for (x, y, _) in &theirs {
                println!("  DOMPurify: {x:?} {y:?}");
            }
        }
    }
    let n = cases.len();
    println!(
        "DOMPurify expect.json: {n} cases ({with_text} with text, {with_links} with links in DOMPurify's output): \
         same text {same_text}; same links {same_links} ({policy_only} more differ only where our URL policy refuses \
         a link DOMPurify keeps), {same_clickable} counting only links with something to click; same text and links \
         {same_both} ({same_both_clickable} counting only links with something to click)"
    );
    assert!(same_text >= SAME_TEXT_FLOOR, "same text: {same_text} < {SAME_TEXT_FLOOR}");
    assert!(same_links >= SAME_LINKS_FLOOR, "same links: {same_links} < {SAME_LINKS_FLOOR}");
    assert!(same_clickable >= SAME_CLICKABLE_FLOOR, "same links with something to click: {same_clickable} < {SAME_CLICKABLE_FLOOR}");
    assert!(same_both >= SAME_BOTH_FLOOR, "same text and links: {same_both} < {SAME_BOTH_FLOOR}");
}
