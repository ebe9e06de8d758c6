use std::time::Instant;
use thread_widget::*;
fn main() {
    let text = std::fs::read_to_string("/tmp/t10k.json").unwrap();
    let th = Thread::from_json(&text).unwrap();
    for f in [markup::Format::Text, markup::Format::Bbcode, markup::Format::Markdown] {
        let posts: Vec<_> = th.posts.iter().filter(|p| p.format == f).collect();
        let bytes: usize = posts.iter().map(|p| p.body.len()).sum();
        let t = Instant::now();
        for _ in 0..3 { for p in &posts { std::hint::black_box(markup::parse(p.format, &p.body)); } }
        let d = t.elapsed() / 3;
        println!("{f:?}: {} posts {} bytes {:?} => {:.1} MB/s", posts.len(), bytes, d, bytes as f64 / d.as_secs_f64() / 1e6);
    }
}
