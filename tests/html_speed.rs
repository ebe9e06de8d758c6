//! The `html` reader's speed over the real HTML bodies of
//! `../shared/corpora/threads`, against html5ever (through scraper) parsing
//! the same fragments. Ignored by default: a debug build says nothing about
//! speed. Run it optimised (docs/benchmarks.md, "The html reader"):
//!
//! ```sh
//! cargo test --release --test html_speed -- --ignored --nocapture
//! ```
#![cfg(feature = "html")]

use std::time::Instant;

use serde_json::Value;
use thread_widget::markup::html;

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

fn bodies() -> Vec<String> {
    let dir = format!("{}/../shared/corpora/threads", env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for (file, keys) in [
        ("mastodon-social-context-109294719267373593.json", &["content"][..]),
        ("discourse-criticalfallibilism-t2108-posts-pn41.json", &["cooked"][..]),
        ("discourse-criticalfallibilism-t2144-posts.json", &["cooked"][..]),
        ("hn-algolia-fixtures-node-hacker-news-api.json", &["text", "comment_text", "story_text"][..]),
        ("reddit-r-self-1cebxh-thread.json", &["body_html", "selftext_html"][..]),
    ] {
        let text = std::fs::read_to_string(format!("{dir}/{file}")).expect("corpus file");
        let v: Value = serde_json::from_str(&text).expect("JSON");
        let mut found = Vec::new();
        strings(&v, keys, &mut found);
        if file.starts_with("reddit") {
            found = found
                .iter()
                .map(|s| s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&"))
                .collect();
        }
        out.extend(found);
    }
    out
}

fn time(label: &str, bodies: &[String], rounds: usize, mut f: impl FnMut(&str) -> usize) {
    let bytes: usize = bodies.iter().map(String::len).sum();
    let mut best = f64::MAX;
    let mut sink = 0;
    for _ in 0..5 {
        let started = Instant::now();
        for _ in 0..rounds {
            for b in bodies {
                sink += f(b);
            }
        }
        best = best.min(started.elapsed().as_secs_f64());
    }
    let per_round = best / rounds as f64;
    println!(
        "{label}: {} bodies, {:.0} KB: {:.2} ms per pass, {:.1} MB/s, {:.1} µs per body (best of 5 × {rounds}; {sink})",
        bodies.len(),
        bytes as f64 / 1024.0,
        per_round * 1e3,
        bytes as f64 / per_round / 1e6,
        per_round * 1e6 / bodies.len() as f64
    );
}

#[test]
#[ignore = "a measurement: run with --release -- --ignored --nocapture"]
fn html_reader_speed() {
    let bodies = bodies();
    time("markup::html::parse", &bodies, 20, |b| html::parse(b).len());
    time("html5ever (scraper) parse_fragment", &bodies, 5, |b| scraper::Html::parse_fragment(b).tree.values().count());
    // One long body: every body joined.
    let long = vec![bodies.join("\n")];
    time("markup::html::parse, all bodies as one", &long, 20, |b| html::parse(b).len());
}
