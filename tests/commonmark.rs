//! Markdown conformance: every example of the CommonMark spec, and the GFM
//! table, strikethrough and autolink examples, parsed by our Markdown parser,
//! rendered by our HTML renderer and compared with the spec's HTML.
//!
//! Both sides are parsed with an HTML5 parser and normalised, so our own
//! wrappers (`<pre class="tw-code">`, `<div class="tw-table">`, headings as
//! `<p class="tw-heading-N">`, quotes as `<figure>`, extra image and link
//! attributes) and whitespace between blocks do not count. Each example is
//! then a pass, an intended difference (a documented product decision), or a
//! failure. `docs/conformance.md` explains the numbers this test prints.

#![cfg(feature = "markdown")]

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use scraper::{ElementRef, Html, Node};
use thread_widget::config::Images;
use thread_widget::view::body::BodyContext;

/// Passing examples measured when this test was written: a lower count is a
/// regression. Raise them when conformance improves.
const COMMONMARK_PASS_AT_LEAST: usize = 478;
const GFM_PASS_AT_LEAST: usize = 13;

/// The GFM sections checked (the rest of that file repeats CommonMark).
const GFM_SECTIONS: [&str; 3] = ["Tables (extension)", "Strikethrough (extension)", "Autolinks (extension)"];

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Outcome {
    Pass,
    /// Tight list items are paragraphs in our body tree.
    TightList,
    /// Bare URLs and e-mail addresses are links (GFM), not in CommonMark.
    Autolink,
    /// `www.` autolinks go to `https://`, not GitHub's `http://`.
    WwwHttps,
    /// Link and image titles are not kept.
    Title,
    /// Raw HTML is shown as text.
    RawHtml,
    /// A destination refused by the URL policy is shown as text.
    UrlPolicy,
    Fail,
    Panic,
}

impl Outcome {
    fn label(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::TightList => "intended difference: tight list items are paragraphs",
            Outcome::Autolink => "intended difference: bare URLs become links (GFM autolinks)",
            Outcome::WwwHttps => "intended difference: www. autolinks use https://",
            Outcome::Title => "intended difference: link and image titles are dropped",
            Outcome::RawHtml => "intended difference: raw HTML shown as text",
            Outcome::UrlPolicy => "intended difference: URL policy",
            Outcome::Fail => "fail",
            Outcome::Panic => "panic",
        }
    }

    fn intended(self) -> bool {
        matches!(self, Outcome::TightList | Outcome::Autolink | Outcome::WwwHttps | Outcome::Title | Outcome::RawHtml | Outcome::UrlPolicy)
    }
}

struct Example {
    number: u64,
    section: String,
    markdown: String,
    html: String,
}

fn load(file: &str, sections: Option<&[&str]>) -> Vec<Example> {
    let path = format!("{}/../shared/corpora/markdown/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the Markdown corpus {path} is missing or unreadable ({e}): conformance cannot be checked"));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"));
    let list = json.as_array().unwrap_or_else(|| panic!("{path}: expected an array of examples"));
    let field = |v: &serde_json::Value, k: &str| -> String {
        v.get(k).and_then(|s| s.as_str()).unwrap_or_else(|| panic!("{path}: example without \"{k}\"")).to_owned()
    };
    list.iter()
        .map(|v| Example {
            number: v.get("example").and_then(|n| n.as_u64()).unwrap_or(0),
            section: field(v, "section"),
            markdown: field(v, "markdown"),
            html: field(v, "html"),
        })
        .filter(|e| sections.map_or(true, |s| s.contains(&e.section.as_str())))
        .collect()
}

fn render(markdown: &str) -> String {
    let body = thread_widget::markup::markdown::parse(markdown);
    let ctx = BodyContext {
        catalog: thread_widget::i18n::catalog("en"),
        on_page: &|_| false,
        thread_url: None,
        quote_depth: 1000,
        images: Images::Show,
    };
    let nodes = thread_widget::view::body::render(&ctx, &body);
    thread_widget::render::html::to_string(&nodes)
}

// ---------------------------------------------------------------------------
// Normalisation.

#[derive(Clone, PartialEq, Debug)]
enum N {
    E { tag: String, attrs: Vec<(String, String)>, kids: Vec<N> },
    T(String),
    Comment(String),
}

#[derive(Clone, Copy, Default)]
struct Lenience {
    /// Drop `title` attributes.
    titles: bool,
    /// Unwrap the one `<p>` directly inside an `<li>`.
    tight: bool,
    /// Unwrap `<a>` whose text is its address (GFM autolinks of bare URLs).
    autolinks: bool,
    /// Read `http://www.` as `https://www.` (our `www.` links use https).
    www_https: bool,
}

const INLINE: [&str; 14] = ["a", "em", "strong", "code", "img", "del", "s", "span", "br", "u", "cite", "figcaption", "input", "kbd"];

fn tree(el: ElementRef<'_>) -> Vec<N> {
    let mut out = Vec::new();
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push(N::T(t.to_string())),
            Node::Comment(c) => out.push(N::Comment(c.to_string())),
            Node::Element(e) => {
                let kids = ElementRef::wrap(child).map(tree).unwrap_or_default();
                let attrs = e.attrs().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
                out.push(N::E { tag: e.name().to_owned(), attrs, kids });
            }
            _ => {}
        }
    }
    out
}

/// What cmark's `href` escaping leaves alone; everything else is %-encoded,
/// so `foo\bar` and `foo%5Cbar` compare equal (a browser encodes the same).
fn encode_url(url: &str) -> String {
    let mut out = String::new();
    for b in url.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'();/?:@&=+$,%#".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn normalise(nodes: Vec<N>, len: Lenience) -> Vec<N> {
    let mut out = Vec::new();
    for n in nodes {
        match n {
            N::E { mut tag, mut attrs, kids } => {
                let classes: Vec<String> = attrs
                    .iter()
                    .find(|(k, _)| k == "class")
                    .map(|(_, v)| v.split_whitespace().map(str::to_owned).collect())
                    .unwrap_or_default();
                let has = |c: &str| classes.iter().any(|x| x == c);
                // Our wrappers.
                if tag == "div" && has("tw-table") {
                    out.extend(normalise(kids, len));
                    continue;
                }
                if tag == "figure" && has("tw-quote") {
                    let inner: Vec<N> = kids
                        .into_iter()
                        .filter(|k| !matches!(k, N::E { tag, .. } if tag == "figcaption"))
                        .collect();
                    out.extend(normalise(inner, len));
                    continue;
                }
                if tag == "p" {
                    if let Some(level) = classes.iter().find_map(|c| c.strip_prefix("tw-heading-")) {
                        tag = format!("h{level}");
                    }
                }
                if tag == "s" {
                    tag = "del".into();
                }
                if let Some(a) = classes.iter().find_map(|c| c.strip_prefix("tw-align-")) {
                    attrs.push(("align".into(), a.to_owned()));
                }
                let kept: Vec<&str> = classes.iter().map(String::as_str).filter(|c| !c.starts_with("tw-")).collect();
                attrs.retain(|(k, _)| k != "class");
                if !kept.is_empty() {
                    attrs.push(("class".into(), kept.join(" ")));
                }
                let ours_only = |k: &str| match tag.as_str() {
                    "img" => ["loading", "decoding", "referrerpolicy"].contains(&k),
                    "a" => k == "rel",
                    // Scrollable code blocks and tables are keyboard-reachable.
                    "pre" | "div" => k == "tabindex",
                    _ => false,
                };
                attrs.retain(|(k, _)| !(ours_only(k) || (len.titles && k == "title")));
                for (k, v) in attrs.iter_mut() {
                    if k == "href" || k == "src" {
                        *v = encode_url(v);
                        if len.www_https && v.starts_with("http://www.") {
                            *v = format!("https://{}", &v[7..]);
                        }
                    }
                }
                attrs.sort();
                let kids = normalise(kids, len);
                let paragraphs = kids.iter().filter(|k| matches!(k, N::E { tag, .. } if tag == "p")).count();
                if len.tight && tag == "li" && paragraphs == 1 {
                    let mut flat = Vec::new();
                    for k in kids {
                        match k {
                            N::E { tag, kids, .. } if tag == "p" => flat.extend(kids),
                            other => flat.push(other),
                        }
                    }
                    out.push(N::E { tag, attrs, kids: flat });
                } else if len.autolinks && tag == "a" && is_autolink(&attrs, &kids) {
                    out.extend(kids);
                } else {
                    out.push(N::E { tag, attrs, kids });
                }
            }
            other => out.push(other),
        }
    }
    out
}

fn is_autolink(attrs: &[(String, String)], kids: &[N]) -> bool {
    let href = attrs.iter().find(|(k, _)| k == "href").map(|(_, v)| v.as_str());
    match (href, kids) {
        (Some(href), [N::T(text)]) => {
            let text = encode_url(text);
            [String::new(), "mailto:".into(), "http://".into()].iter().any(|p| href == format!("{p}{text}"))
        }
        _ => false,
    }
}

fn is_block(n: &N) -> bool {
    matches!(n, N::E { tag, .. } if !INLINE.contains(&tag.as_str()))
}

/// Collapses whitespace outside `<pre>`, and drops it next to block
/// boundaries and after `<br>`, where HTML does not show it.
fn whitespace(nodes: Vec<N>, in_pre: bool, block_parent: bool) -> Vec<N> {
    let mut v: Vec<N> = nodes
        .into_iter()
        .map(|n| match n {
            N::E { tag, attrs, kids } => {
                let pre = in_pre || tag == "pre";
                let block = !INLINE.contains(&tag.as_str());
                N::E { kids: whitespace(kids, pre, block), tag, attrs }
            }
            N::T(t) if !in_pre => {
                let mut s = String::new();
                let mut space = false;
                for c in t.chars() {
                    if c.is_ascii_whitespace() {
                        space = true;
                    } else {
                        if space {
                            s.push(' ');
                        }
                        space = false;
                        s.push(c);
                    }
                }
                if space {
                    s.push(' ');
                }
                N::T(s)
            }
            other => other,
        })
        .collect();
    if in_pre {
        return v;
    }
    let count = v.len();
    for i in 0..count {
        let before_block = i + 1 < count && (is_block(&v[i + 1]) || matches!(&v[i + 1], N::E { tag, .. } if tag == "br"));
        let after_block = i > 0 && (is_block(&v[i - 1]) || matches!(&v[i - 1], N::E { tag, .. } if tag == "br"));
        if let N::T(t) = &mut v[i] {
            if (i == 0 && block_parent) || after_block {
                *t = t.trim_start().to_owned();
            }
            if (i + 1 == count && block_parent) || before_block {
                *t = t.trim_end().to_owned();
            }
        }
    }
    v.retain(|n| !matches!(n, N::T(t) if t.is_empty()));
    v
}

fn serialise(nodes: &[N], out: &mut String) {
    for n in nodes {
        match n {
            N::T(t) => out.push_str(&t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")),
            N::Comment(c) => {
                out.push_str("<!--");
                out.push_str(c);
                out.push_str("-->");
            }
            N::E { tag, attrs, kids } => {
                out.push('<');
                out.push_str(tag);
                for (k, v) in attrs {
                    out.push_str(&format!(" {k}=\"{}\"", v.replace('&', "&amp;").replace('"', "&quot;")));
                }
                out.push('>');
                serialise(kids, out);
                out.push_str("</");
                out.push_str(tag);
                out.push('>');
            }
        }
    }
}

fn canonical(html: &str, len: Lenience) -> String {
    let doc = Html::parse_fragment(html);
    let nodes = whitespace(normalise(tree(doc.root_element()), len), false, true);
    let mut out = String::new();
    serialise(&nodes, &mut out);
    out
}

// ---------------------------------------------------------------------------
// Classification.

/// Whether pulldown-cmark (with our options) sees raw HTML in the example.
fn has_raw_html(markdown: &str) -> bool {
    use pulldown_cmark::{Event, Options, Parser};
    Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
        .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
}

/// Whether the expected HTML links to something the URL policy refuses.
fn has_refused_url(html: &str) -> bool {
    let doc = Html::parse_fragment(html);
    let sel = scraper::Selector::parse("a[href], img[src]").expect("selector");
    let refused = doc.select(&sel).any(|e| {
        let v = e.value();
        let url = v.attr("href").or_else(|| v.attr("src")).unwrap_or("");
        thread_widget::url::sanitize(url).is_none()
    });
    refused
}

fn classify(ex: &Example) -> (Outcome, String) {
    let ours = match catch_unwind(AssertUnwindSafe(|| render(&ex.markdown))) {
        Ok(html) => html,
        Err(_) => return (Outcome::Panic, String::new()),
    };
    let strict = Lenience::default();
    if canonical(&ours, strict) == canonical(&ex.html, strict) {
        return (Outcome::Pass, ours);
    }
    let steps = [
        (Outcome::Title, Lenience { titles: true, ..strict }),
        (Outcome::TightList, Lenience { tight: true, ..strict }),
        (Outcome::TightList, Lenience { titles: true, tight: true, ..strict }),
    ];
    for (outcome, len) in steps {
        if canonical(&ours, len) == canonical(&ex.html, len) {
            return (outcome, ours);
        }
    }
    if has_raw_html(&ex.markdown) {
        return (Outcome::RawHtml, ours);
    }
    if has_refused_url(&ex.html) {
        return (Outcome::UrlPolicy, ours);
    }
    let len = Lenience { autolinks: true, ..strict };
    if canonical(&ours, len) == canonical(&ex.html, len) {
        return (Outcome::Autolink, ours);
    }
    let len = Lenience { www_https: true, ..strict };
    if canonical(&ours, len) == canonical(&ex.html, len) {
        return (Outcome::WwwHttps, ours);
    }
    (Outcome::Fail, ours)
}

#[derive(Default)]
struct Tally {
    examples: usize,
    pass: usize,
    intended: usize,
    fail: usize,
    panics: usize,
}

fn run(name: &str, examples: &[Example]) -> (Tally, BTreeMap<Outcome, Vec<u64>>) {
    let mut by_section: Vec<(String, Tally)> = Vec::new();
    let mut by_outcome: BTreeMap<Outcome, Vec<u64>> = BTreeMap::new();
    let mut total = Tally::default();
    let verbose = std::env::var_os("CONFORMANCE_VERBOSE").is_some();
    for ex in examples {
        let (outcome, ours) = classify(ex);
        if verbose && outcome != Outcome::Pass {
            let len = Lenience { titles: true, tight: true, ..Lenience::default() };
            println!(
                "--- {name} example {} ({}) {}\nmarkdown: {:?}\nexpected: {}\nours:     {}\n",
                ex.number,
                ex.section,
                outcome.label(),
                ex.markdown,
                canonical(&ex.html, len),
                canonical(&ours, len)
            );
        }
        by_outcome.entry(outcome).or_default().push(ex.number);
        if by_section.last().map_or(true, |(s, _)| *s != ex.section) {
            by_section.push((ex.section.clone(), Tally::default()));
        }
        for t in [&mut by_section.last_mut().expect("section").1, &mut total] {
            t.examples += 1;
            match outcome {
                Outcome::Pass => t.pass += 1,
                o if o.intended() => t.intended += 1,
                Outcome::Panic => t.panics += 1,
                _ => t.fail += 1,
            }
        }
    }
    println!("\n## {name}\n\n| Section | Examples | Pass | Intended | Fail |\n|---|---:|---:|---:|---:|");
    for (section, t) in &by_section {
        println!("| {section} | {} | {} | {} | {} |", t.examples, t.pass, t.intended, t.fail + t.panics);
    }
    println!("| **Total** | **{}** | **{}** | **{}** | **{}** |\n", total.examples, total.pass, total.intended, total.fail + total.panics);
    for (outcome, numbers) in &by_outcome {
        if *outcome != Outcome::Pass {
            let list: Vec<String> = numbers.iter().map(u64::to_string).collect();
            println!("- {} ({}): {}", outcome.label(), numbers.len(), list.join(", "));
        }
    }
    (total, by_outcome)
}

#[test]
fn commonmark_spec_examples() {
    let examples = load("commonmark-spec.json", None);
    assert!(examples.len() > 600, "expected the whole CommonMark spec, found {} examples", examples.len());
    let (total, outcomes) = run("CommonMark", &examples);
    assert_eq!(total.panics, 0, "examples that panicked: {:?}", outcomes.get(&Outcome::Panic));
    assert!(
        total.pass >= COMMONMARK_PASS_AT_LEAST,
        "CommonMark regression: {} examples pass, {} did; failing now: {:?}",
        total.pass,
        COMMONMARK_PASS_AT_LEAST,
        outcomes.get(&Outcome::Fail)
    );
}

#[test]
fn gfm_extension_examples() {
    let examples = load("gfm-spec.json", Some(&GFM_SECTIONS));
    assert!(examples.len() >= 20, "expected the GFM extension examples, found {}", examples.len());
    let (total, outcomes) = run("GFM extensions", &examples);
    assert_eq!(total.panics, 0, "examples that panicked: {:?}", outcomes.get(&Outcome::Panic));
    assert!(
        total.pass >= GFM_PASS_AT_LEAST,
        "GFM regression: {} examples pass, {} did; failing now: {:?}",
        total.pass,
        GFM_PASS_AT_LEAST,
        outcomes.get(&Outcome::Fail)
    );
}

#[test]
fn normalisation_sees_through_our_wrappers() {
    let len = Lenience::default();
    assert_eq!(
        canonical("<pre class=\"tw-code\"><code class=\"language-rs\">x\n</code></pre><p class=\"tw-heading tw-heading-2\">T</p>", len),
        canonical("<pre><code class=\"language-rs\">x\n</code></pre>\n<h2>T</h2>\n", len)
    );
    assert_eq!(
        canonical("<figure class=\"tw-quote\"><figcaption class=\"tw-quote-by\">Quote</figcaption><blockquote><p>a<br>b</p></blockquote></figure>", len),
        canonical("<blockquote>\n<p>a<br />\nb</p>\n</blockquote>\n", len)
    );
    assert_ne!(canonical("<p>a b</p>", len), canonical("<p>ab</p>", len));
    assert_ne!(canonical("<pre><code>a  b</code></pre>", len), canonical("<pre><code>a b</code></pre>", len));
}
