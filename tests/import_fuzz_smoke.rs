//! The `import` fuzz target's body (`fuzz/src/import.rs`) under `cargo
//! test`: over the real responses and exports of ../shared/corpora/threads
//! and tests/data, and pseudo-random mutations of them (cuts, byte flips,
//! JSON and XML tokens; xorshift with a fixed seed: every run tries the same
//! inputs), as `tests/fuzz_smoke.rs` does for the other targets.
#![cfg(feature = "import")]

#[path = "../fuzz/src/import.rs"]
mod target;

use std::path::{Path, PathBuf};

const MUTATIONS: usize = 300;

fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in [root.join("../shared/corpora/threads"), root.join("tests/data")] {
        for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let p = e.unwrap().path();
            if matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "xml")) {
                files.push(p);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 8, "too few seeds: {files:?}");
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

#[path = "support/xorshift.rs"]
mod xorshift;
use xorshift::XorShift;

const TOKENS: &[&str] = &[
    "{", "}", "[", "]", ",", ":", "\"", "null", "true", "false", "0", "-1", "1e999", "\"\"", "\"id\":", "\"parent_id\":",
    "\"in_reply_to_id\":", "\"reply_to_post_number\":", "\"replies\":", "\"children\":", "\"kind\":\"more\"", "\"$type\":",
    "\"uri\":\"at://x/y/z\"", "\"created_at\":\"2024-01-01T00:00:00Z\"", "\\u0000", "\\ud800", "<", ">", "</", "/>",
    "<post dsq:id=\"1\">", "</post>", "<parent dsq:id=\"1\"/>", "<thread dsq:id=\"1\"/>", "<wp:comment>", "</wp:comment>",
    "<wp:comment_parent>1</wp:comment_parent>", "<wp:comment_approved>spam</wp:comment_approved>", "<![CDATA[", "]]>",
    "&amp;", "&nbsp;", "&#0;", "&#x110000;", "<!--", "-->", "<?xml version=\"1.1\"?>", "\u{e9}", "\u{1f600}", "\u{feff}",
];

fn mutate(rng: &mut XorShift, seed: &[u8]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(v.len() + 1);
        match rng.below(6) {
            0 | 1 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                v.splice(at..at, t.iter().copied());
            }
            2 if !v.is_empty() => {
                let end = (at + 1 + rng.below(64)).min(v.len());
                v.drain(at.min(end)..end);
            }
            3 if at < v.len() => v[at] = rng.next() as u8,
            4 => v.truncate(at),
            _ => v.insert(at, rng.next() as u8),
        }
    }
    v
}

#[test]
fn the_readers_never_panic_and_make_only_valid_threads() {
    let seeds = seeds();
    for s in &seeds {
        target::import(s);
    }
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15 ^ 13);
    for _ in 0..MUTATIONS {
        let pick = rng.below(seeds.len());
        let input = mutate(&mut rng, &seeds[pick]);
        if std::panic::catch_unwind(|| target::import(&input)).is_err() {
            let path = std::env::temp_dir().join("tw-import-fuzz-crash.bin");
            std::fs::write(&path, &input).unwrap();
            panic!("fuzz target import panicked on a mutation of seed {pick}, saved as {}", path.display());
        }
    }
}
