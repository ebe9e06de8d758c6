//! The fuzz targets' bodies (`fuzz/src/lib.rs`) under `cargo test`: over the
//! seeds in `fuzz/seeds/`, `www/threads/seed.json`, hostile nesting, and a few
//! thousand pseudo-random mutations of them (a tiny xorshift generator with a
//! fixed seed, so every run tries the same inputs). The real fuzzing is
//! `cargo fuzz` (see `docs/fuzzing.md`); this keeps the same paths exercised.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod targets;

use std::path::PathBuf;

type Target = fn(&[u8]);

const MUTATIONS_PER_TARGET: usize = 3000;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The committed seeds of one target; missing seeds fail the test.
fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = root().join("fuzz/seeds").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("seed directory {} is missing: {e}", dir.display()))
        .map(|e| e.expect("read seed directory").path())
        .collect();
    files.sort();
    let seeds: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).expect("read seed")).collect();
    assert!(!seeds.is_empty(), "no seeds in {}", dir.display());
    seeds
}

/// Marsaglia's xorshift64: enough randomness for mutations, no dependency.
#[path = "support/xorshift.rs"]
mod xorshift;
use xorshift::XorShift;

/// Pieces that mean something to one of the parsers.
const TOKENS: &[&str] = &[
    "[b]", "[/b]", "[i]", "[/i]", "[u]", "[s]", "[url]", "[url=", "[/url]", "[img]", "[/img]", "[quote]", "[quote=",
    "[/quote]", ";", "[code]", "[/code]", "[noparse]", "[/noparse]", "[list]", "[list=1]", "[*]", "[/list]",
    "[color=", "[/color]", "[size=", "[/size]", "[email]", "[/email]", "[center]", "[indent]", "]", "[", "\"", "=",
    "\n", "\n\n", "\r\n", "\t", " ", "*", "**", "_", "~~", "`", "```", "~~~", "> ", "- ", "1. ", "# ", "|", "|:-|",
    "---", "[x](", ")", "![", "](", "<", ">", "<https://a.example>", "&", "&amp;", "&#106;", "\\", "http://",
    "https://a.example/", "www.", "javascript:", "mailto:", "data:", "@", "#", "?", ":", "/", "\u{0}", "\u{1}",
    "\u{e9}", "\u{200b}", "\u{1f600}", "\u{202e}", "\u{fffd}", "post:", "{", "}", "\"body\":", "null", "0", "-1",
    "1e400", "18446744073709551616",
];

fn mutate(rng: &mut XorShift, seed: &[u8]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(v.len() + 1);
        match rng.below(6) {
            0 | 1 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                v.splice(at..at, t.iter().copied());
            }
            2 if !v.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(v.len());
                v.drain(at.min(end)..end);
            }
            3 if at < v.len() => v[at] = rng.next() as u8,
            4 if !v.is_empty() => {
                // Repeat a slice: builds nesting and long runs.
                let start = rng.below(v.len());
                let end = (start + 1 + rng.below(32)).min(v.len());
                let piece = v[start..end].repeat(1 + rng.below(20));
                v.splice(at..at, piece);
            }
            _ => v.insert(at, rng.next() as u8),
        }
    }
    v
}

/// Runs a target over its seeds and `n` mutations of them; returns the count.
fn smoke(name: &str, target: Target, seeds: &[Vec<u8>], n: usize) -> usize {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15 ^ name.len() as u64);
    for s in seeds {
        target(s);
    }
    for _ in 0..n {
        let pick = rng.below(seeds.len());
        let input = mutate(&mut rng, &seeds[pick]);
        let caught = std::panic::catch_unwind(|| target(&input));
        if caught.is_err() {
            panic!(
                "fuzz target {name} panicked on {:?}\n(save it as tests/regressions/{name}-<short-name>.txt and add a test to tests/fuzz_regressions.rs)",
                String::from_utf8_lossy(&input)
            );
        }
    }
    println!("{name}: {} seeds + {n} mutations", seeds.len());
    seeds.len() + n
}

#[test]
fn render_json_never_panics_on_seeds_and_mutations() {
    let mut inputs = seeds("render_json");
    inputs.push(std::fs::read(root().join("www/threads/seed.json")).expect("www/threads/seed.json is missing"));
    // Mutating the JSON text mostly breaks its syntax; mutating the bodies
    // inside a valid thread reaches the renderer.
    let mut bodies = seeds("bbcode");
    bodies.extend(seeds("markdown"));
    let mut rng = XorShift(7);
    for i in 0..200 {
        let body = mutate(&mut rng, &bodies[i % bodies.len()]);
        let format = ["text", "bbcode", "markdown"][i % 3];
        let thread = serde_json::json!({
            "title": String::from_utf8_lossy(&mutate(&mut rng, b"Title")),
            "url": "https://forum.example/threads/1",
            "format": format,
            "posts": (1..=5).map(|n| serde_json::json!({
                "id": n, "author": { "name": format!("a{n}") }, "reply_to": n - 1,
                "body": String::from_utf8_lossy(&body),
            })).collect::<Vec<_>>(),
        });
        inputs.push(thread.to_string().into_bytes());
    }
    smoke("render_json", targets::render_json, &inputs, MUTATIONS_PER_TARGET / 3);
}

#[test]
fn bbcode_never_panics_on_seeds_and_mutations() {
    smoke("bbcode", targets::bbcode, &seeds("bbcode"), MUTATIONS_PER_TARGET);
}

#[test]
fn markdown_never_panics_on_seeds_and_mutations() {
    smoke("markdown", targets::markdown, &seeds("markdown"), MUTATIONS_PER_TARGET);
}

#[test]
fn url_policy_is_idempotent_on_seeds_and_mutations() {
    // Link targets written in the body seeds are URL seeds as well.
    let mut inputs = seeds("url");
    for body in seeds("bbcode").iter().chain(&seeds("markdown")) {
        let text = String::from_utf8_lossy(body);
        inputs.extend(text.split(['[', ']', '(', ')', '<', '>', ' ', '\n']).filter(|s| s.contains([':', '/', '.'])).map(|s| s.as_bytes().to_vec()));
    }
    smoke("url", targets::url, &inputs, MUTATIONS_PER_TARGET * 3);
}

// Hostile nesting: the parsers must cut it (markup::MAX_DEPTH), not recurse
// until the stack overflows.

#[test]
fn deeply_nested_bbcode_quotes_do_not_overflow_the_stack() {
    targets::bbcode("[quote=a;1]".repeat(20_000).as_bytes());
    targets::bbcode(format!("{}x{}", "[quote]".repeat(5_000), "[/quote]".repeat(5_000)).as_bytes());
}

#[test]
fn deeply_nested_bbcode_inline_tags_do_not_overflow_the_stack() {
    targets::bbcode("[b][i][u][s][color=red][size=7][url=https://a.example/]".repeat(3_000).as_bytes());
    targets::bbcode("[list][*]".repeat(5_000).as_bytes());
    targets::bbcode("[indent][center]".repeat(5_000).as_bytes());
}

#[test]
fn deeply_nested_markdown_does_not_overflow_the_stack() {
    targets::markdown("> ".repeat(20_000).as_bytes());
    targets::markdown("- ".repeat(10_000).as_bytes());
    targets::markdown(format!("{}x{}", "*".repeat(10_000), "*".repeat(10_000)).as_bytes());
    targets::markdown(format!("{}x{}", "[".repeat(10_000), "](/u)".repeat(10_000)).as_bytes());
    targets::markdown("[quote=\"a, post:1\"]\n".repeat(5_000).as_bytes());
}

#[test]
fn deeply_nested_json_does_not_overflow_the_stack() {
    targets::render_json("[".repeat(100_000).as_bytes());
    targets::render_json(format!("{{\"posts\":{}", "{\"a\":".repeat(100_000)).as_bytes());
    targets::render_json(format!("{{\"posts\":[],\"x\":{}1{}}}", "[".repeat(50_000), "]".repeat(50_000)).as_bytes());
}
