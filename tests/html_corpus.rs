//! Every HTML body of the real platform responses in
//! `../shared/corpora/threads` reads into a tree whose text is what a browser
//! shows for it, and keeps its links.
//!
//! "What a browser shows" is html5ever's tree (through scraper, as a
//! fragment) read by [`shown`]: its text, without what a browser does not
//! show (`script`, `style`, `template`, `noscript`, `iframe`, `title`,
//! `svg`/`math`, `[hidden]`) and with the platform constructs that the
//! platforms' own CSS hides or adds (Discourse's quote title and lightbox
//! meta, Mastodon's `invisible` and `ellipsis` spans), with a space at every
//! block element's edges and whitespace collapsed; images count as their alt
//! text. The reader's tree is read the same way by [`tree_text`].
//!
//! Sources: Mastodon `content`, Discourse `cooked`, Hacker News (Algolia)
//! `text`/`comment_text`/`story_text` at any depth, Reddit `body_html` and
//! `selftext_html` (entity-escaped inside the JSON: unescaped first, as
//! Reddit's API clients do), Disqus `<message>` CDATA. The GitHub file has
//! Markdown bodies only (no `body_html`).
#![cfg(feature = "html")]

use std::collections::BTreeSet;

use scraper::{Html, Node};
use serde_json::Value;
mod common;
use common::collapse;
use thread_widget::markup::{html, Block};
use thread_widget::url::sanitize;

fn corpus(name: &str) -> String {
    let path = format!("{}/../shared/corpora/threads/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("corpus {path} is missing ({e}); these tests need ../shared/corpora and must not pass without it"))
}

fn json(name: &str) -> Value {
    serde_json::from_str(&corpus(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every string under one of `keys`, at any depth.
fn strings(v: &Value, keys: &[&str], out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                match v {
                    Value::String(s) if keys.contains(&k.as_str()) && !s.is_empty() => out.push(s.clone()),
                    _ => strings(v, keys, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| strings(v, keys, out)),
        _ => {}
    }
}

/// What Reddit's API escapes in `body_html`.
fn reddit_unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

fn bodies() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let add = |source: &str, list: Vec<String>, min: usize, out: &mut Vec<(String, String)>| {
        assert!(list.len() >= min, "{source}: only {} HTML bodies", list.len());
        for (i, b) in list.into_iter().enumerate() {
            out.push((format!("{source}[{i}]"), b));
        }
    };
    let mut v = Vec::new();
    strings(&json("mastodon-social-context-109294719267373593.json"), &["content"], &mut v);
    add("mastodon", v, 50, &mut out);
    for f in ["discourse-criticalfallibilism-t2108-posts-pn41.json", "discourse-criticalfallibilism-t2144-posts.json"] {
        let mut v = Vec::new();
        strings(&json(f), &["cooked"], &mut v);
        add(f, v, 20, &mut out);
    }
    let mut v = Vec::new();
    strings(&json("hn-algolia-fixtures-node-hacker-news-api.json"), &["text", "comment_text", "story_text"], &mut v);
    add("hn", v, 10, &mut out);
    let mut v = Vec::new();
    strings(&json("reddit-r-self-1cebxh-thread.json"), &["body_html", "selftext_html"], &mut v);
    add("reddit", v.iter().map(|s| reddit_unescape(s)).collect(), 50, &mut out);
    let xml = corpus("disqus-yesilmavihayat-export-2023.xml");
    let v: Vec<String> = xml.split("<message><![CDATA[").skip(1).filter_map(|m| m.split("]]></message>").next()).map(str::to_owned).collect();
    add("disqus", v, 40, &mut out);
    out
}

// ------------------------------------------------------------ the browser's side

const BLOCKS: &[&str] = &[
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "dd", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "main", "menu", "nav", "ol", "ul", "li",
    "p", "pre", "search", "section", "summary", "table", "caption", "tbody", "thead", "tfoot", "tr", "td", "th", "h1",
    "h2", "h3", "h4", "h5", "h6", "hr", "br", "textarea", "xmp", "plaintext", "listing",
];

const UNSHOWN: &[&str] = &["script", "style", "template", "noscript", "iframe", "noembed", "noframes", "title", "svg", "math"];

fn has_class(e: &scraper::node::Element, c: &str) -> bool {
    e.attr("class").is_some_and(|v| v.split_ascii_whitespace().any(|x| x == c))
}

/// The text html5ever's tree shows, and the links a reader can follow.
fn shown(html: &str) -> (String, BTreeSet<String>) {
    let doc = Html::parse_fragment(html);
    let mut text = String::new();
    let mut links = BTreeSet::new();
    // (node, entered); an explicit stack, as deep trees must not recurse.
    let mut stack = vec![(doc.tree.root(), false)];
    let mut in_pre = 0usize;
    let mut in_lightbox = 0usize;
    while let Some((node, entered)) = stack.pop() {
        match node.value() {
            Node::Text(t) if !entered => text.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if entered {
                    if BLOCKS.contains(&name) {
                        text.push(' ');
                    }
                    if name == "pre" {
                        in_pre -= 1;
                    }
                    if name == "a" && has_class(e, "lightbox") {
                        in_lightbox -= 1;
                    }
                    if name == "span" && has_class(e, "ellipsis") {
                        text.push('\u{2026}');
                    }
                    continue;
                }
                let parent_quote = node
                    .parent()
                    .and_then(|p| p.value().as_element().map(|p| p.name() == "aside" && has_class(p, "quote")))
                    .unwrap_or(false);
                let skip = UNSHOWN.contains(&name)
                    || e.attr("hidden").is_some()
                    || (name == "span" && has_class(e, "invisible"))
                    || (name == "div" && has_class(e, "title") && parent_quote)
                    || (name == "div" && has_class(e, "meta") && in_lightbox > 0);
                if skip {
                    continue;
                }
                assert!(!(name == "aside" && has_class(e, "onebox")), "a onebox in the corpus: teach `shown` its title");
                if BLOCKS.contains(&name) {
                    text.push(' ');
                }
                if name == "img" {
                    text.push_str(e.attr("alt").unwrap_or(""));
                }
                if name == "pre" {
                    in_pre += 1;
                }
                if name == "a" {
                    if has_class(e, "lightbox") {
                        in_lightbox += 1;
                    }
                    let has_content = node.descendants().any(|d| match d.value() {
                        Node::Text(t) => !t.trim().is_empty(),
                        Node::Element(e) => e.name() == "img",
                        _ => false,
                    });
                    if let (Some(u), 0, true) = (e.attr("href").and_then(sanitize), in_pre, has_content) {
                        links.insert(u.as_str().to_owned());
                    }
                }
                stack.push((node, true));
                let children: Vec<_> = node.children().collect();
                for c in children.into_iter().rev() {
                    stack.push((c, false));
                }
            }
            _ => {
                if !entered {
                    let children: Vec<_> = node.children().collect();
                    for c in children.into_iter().rev() {
                        stack.push((c, false));
                    }
                }
            }
        }
    }
    (collapse(&text), links)
}


// ------------------------------------------------------------ the reader's side

fn tree_text(body: &[Block]) -> (String, BTreeSet<String>) {
    let (text, links) = common::tree_text(body);
    (text, links.into_iter().collect())
}

// ------------------------------------------------------------ tests

#[test]
fn every_real_html_body_reads_as_a_browser_shows_it() {
    let bodies = bodies();
    let mut failures = Vec::new();
    let mut link_count = 0;
    let mut chars = 0;
    for (origin, html_src) in &bodies {
        let (want, want_links) = shown(html_src);
        let body = html::parse(html_src);
        let (got, got_links) = tree_text(&body);
        chars += want.chars().count();
        if got != want {
            let at = got.chars().zip(want.chars()).take_while(|(a, b)| a == b).count();
            let ctx = |s: &str| s.chars().skip(at.saturating_sub(40)).take(100).collect::<String>();
            failures.push(format!("{origin}: text differs at char {at}:\n  reader:  {:?}\n  browser: {:?}", ctx(&got), ctx(&want)));
        }
        let missing: Vec<_> = want_links.difference(&got_links).collect();
        if !missing.is_empty() {
            failures.push(format!("{origin}: links lost: {missing:?}"));
        }
        link_count += want_links.len();
    }
    println!("{} HTML bodies, {chars} characters of shown text, {link_count} links, {} failures", bodies.len(), failures.len());
    // Not vacuous: the corpora hold a few hundred KB of text and links.
    assert!(chars > 150_000 && link_count > 150, "{chars} characters, {link_count} links");
    assert!(failures.is_empty(), "{} of {} bodies differ:\n{}", failures.len(), bodies.len(), failures.join("\n"));
}

#[test]
fn discourse_quotes_in_the_corpus_become_quotes_with_author_and_post() {
    fn named(blocks: &[Block]) -> usize {
        blocks
            .iter()
            .map(|b| match b {
                Block::Quote(q) => usize::from(q.name.is_some() && q.post.is_some() && !q.body.is_empty()) + named(&q.body),
                Block::List { items, .. } => items.iter().map(|i| named(i)).sum(),
                _ => 0,
            })
            .sum()
    }
    let mut v = Vec::new();
    strings(&json("discourse-criticalfallibilism-t2108-posts-pn41.json"), &["cooked"], &mut v);
    strings(&json("discourse-criticalfallibilism-t2144-posts.json"), &["cooked"], &mut v);
    let asides: usize = v.iter().map(|c| c.matches("<aside class=\"quote").count()).sum();
    let quotes: usize = v.iter().map(|c| named(&html::parse(c))).sum();
    assert!(asides >= 17, "{asides} Discourse quotes in the corpus");
    assert_eq!(quotes, asides, "every aside.quote is a quote with its author and post");
}

#[test]
fn mastodon_ellipsis_links_in_the_corpus_end_with_an_ellipsis() {
    let mut v = Vec::new();
    strings(&json("mastodon-social-context-109294719267373593.json"), &["content"], &mut v);
    let with = v.iter().filter(|c| c.contains("class=\"ellipsis\"")).count();
    assert!(with > 0);
    let shown = v.iter().filter(|c| c.contains("class=\"ellipsis\"")).filter(|c| tree_text(&html::parse(c)).0.contains('\u{2026}')).count();
    assert_eq!(shown, with);
}
