//! Native benchmarks: thread JSON → HTML, against serde_json as the floor.
//!
//! Two inputs: the seed thread (`www/threads/seed.json`, a few KB) and a
//! generated 10,000-post thread (`support/generate.rs`, ~6 MB). For each:
//!
//! - `serde_json_value`: `serde_json::from_str::<serde_json::Value>`, the floor;
//! - `parse`: `Thread::from_json` (our JSON parser + validation);
//! - `render`: `render_thread` of an already parsed thread (view + bodies + HTML);
//! - `parse_render`: `render_to_string`, what the CLI and the widget do.
//!
//! Throughput is input bytes per second. `scripts/bench-native.sh` runs this
//! and turns Criterion's medians into the table in `docs/benchmarks.md`.
//!
//! `THREAD_BENCH_DUMP=FILE cargo bench --bench render` writes the generated
//! thread to FILE and exits (used to check the Node twin's output).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, Criterion, SamplingMode, Throughput};
use thread_widget::{render_thread, render_to_string, Config, Thread};

#[path = "support/generate.rs"]
mod generate;

/// Posts in the generated thread.
const POSTS: usize = 10_000;
/// Seed of the generated thread (the Node generator's default).
const SEED: u32 = 1;

fn bench_input(c: &mut Criterion, name: &str, text: &str, large: bool) {
    let config = Config::default();
    let thread = match Thread::from_json(text) {
        Ok(t) => t,
        Err(e) => panic!("{name}: the benchmark input does not validate: {e}"),
    };
    let html = render_thread(&thread, &config);
    eprintln!("{name}: {} bytes of JSON, {} posts → {} bytes of HTML", text.len(), thread.posts.len(), html.len());

    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Bytes(text.len() as u64));
    if large {
        // Tens of milliseconds per iteration: one iteration per sample.
        g.sampling_mode(SamplingMode::Flat).sample_size(20);
    }
    g.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(text)).map(|v| black_box(v).is_object()))
    });
    g.bench_function("parse", |b| b.iter(|| Thread::from_json(black_box(text)).map(|t| t.posts.len())));
    g.bench_function("render", |b| b.iter(|| render_thread(black_box(&thread), &config).len()));
    g.bench_function("parse_render", |b| b.iter(|| render_to_string(black_box(text), &config).map(|h| h.len())));
    g.finish();
}

fn benches(c: &mut Criterion) {
    let seed_path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/threads/seed.json");
    let seed = std::fs::read_to_string(seed_path).unwrap_or_else(|e| panic!("{seed_path}: {e}"));
    bench_input(c, "seed", &seed, false);

    let generated = generate::thread_json(POSTS, SEED);
    bench_input(c, "generated_10k", &generated, true);
}

fn config() -> Criterion {
    Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = render;
    config = config();
    targets = benches
}

fn main() {
    if let Ok(path) = std::env::var("THREAD_BENCH_DUMP") {
        let posts = std::env::var("THREAD_BENCH_POSTS").ok().and_then(|p| p.parse().ok()).unwrap_or(POSTS);
        let seed = std::env::var("THREAD_BENCH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(SEED);
        let text = generate::thread_json(posts, seed);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
        return;
    }
    render();
    Criterion::default().configure_from_args().final_summary();
}
