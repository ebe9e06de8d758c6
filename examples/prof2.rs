//! Scratch benchmark: body parsers on /tmp/t10k.json, median of N runs
//! (`cargo run --profile native --example prof2 -- [runs]`).
use std::time::Instant;
use thread_widget::*;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(9);
    let text = std::fs::read_to_string("/tmp/t10k.json").unwrap();
    let th = Thread::from_json(&text).unwrap();
    for f in [markup::Format::Text, markup::Format::Bbcode, markup::Format::Markdown] {
        let posts: Vec<_> = th.posts.iter().filter(|p| p.format == f).collect();
        let bytes: usize = posts.iter().map(|p| p.body.len()).sum();
        let rates = (0..runs)
            .map(|_| {
                let t = Instant::now();
                for p in &posts {
                    std::hint::black_box(markup::parse(p.format, &p.body));
                }
                bytes as f64 / t.elapsed().as_secs_f64() / 1e6
            })
            .collect();
        println!("{f:?}: {} posts {} bytes => median {:.1} MB/s", posts.len(), bytes, median(rates));
    }
    // The ceiling for Markdown: pulldown-cmark alone, same options, events drained.
    let posts: Vec<_> = th.posts.iter().filter(|p| p.format == markup::Format::Markdown).collect();
    let bytes: usize = posts.iter().map(|p| p.body.len()).sum();
    let opts = pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    let rates = (0..runs)
        .map(|_| {
            let t = Instant::now();
            for p in &posts {
                for e in pulldown_cmark::Parser::new_ext(&p.body, opts) {
                    std::hint::black_box(e);
                }
            }
            bytes as f64 / t.elapsed().as_secs_f64() / 1e6
        })
        .collect();
    println!("pulldown-cmark alone (events drained): median {:.1} MB/s", median(rates));
}
