//! The `html` fuzz target's body (`fuzz/src/html.rs`) under `cargo test`:
//! over its seeds (`fuzz/seeds/html/`), hostile nesting, and pseudo-random
//! mutations of them (xorshift with a fixed seed: every run tries the same
//! inputs), as `tests/fuzz_smoke.rs` does for the other targets.
#![cfg(feature = "html")]

#[path = "../fuzz/src/html.rs"]
mod target;

use std::path::PathBuf;

const MUTATIONS: usize = 4000;

fn seeds() -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/html");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("seed directory {} is missing: {e}", dir.display()))
        .map(|e| e.expect("read seed directory").path())
        .collect();
    files.sort();
    let seeds: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).expect("read seed")).collect();
    assert!(seeds.len() >= 5, "too few seeds in {}", dir.display());
    seeds
}

#[path = "support/xorshift.rs"]
mod xorshift;
use xorshift::XorShift;

const TOKENS: &[&str] = &[
    "<p>", "</p>", "<br>", "</br>", "<b>", "</b>", "<i>", "</i>", "<a href=\"/x\">", "<a href=", "</a>", "<img src=", " alt=",
    "<ul>", "<li>", "</ul>", "<ol start=\"", "<blockquote>", "</blockquote>", "<table>", "<tr>", "<td>", "<th>", "</table>",
    "<h2>", "</h2>", "<hr>", "<div>", "</div>", "<span class=\"ellipsis\">", "<span class=\"invisible\">", "</span>",
    "<pre>", "</pre>", "<code>", "</code>", "<script>", "</script>", "<style>", "<template>", "</template>", "<svg>",
    "</svg>", "<math>", "<textarea>", "<plaintext>", "<xmp>", "<title>", "<!--", "-->", "<![CDATA[", "]]>", "<!", "<?",
    "</", "<", ">", "/>", "\"", "'", "=", " ", "\n", "\r\n", "\0", "&", "&amp;", "&not", "&notin;", "&#", "&#x", ";",
    "<aside class=\"quote\" data-username=\"a\" data-post=\"1\">", "<div class=\"title\">", "</aside>",
    "<aside class=\"onebox\" data-onebox-src=\"https://a.example/\">", "<a class=\"lightbox\" href=\"/i\">",
    "<div class=\"meta\">", " hidden", "javascript:", "https://a.example/", "\u{e9}", "\u{1f600}", "\u{202e}",
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

#[test]
fn html_never_panics_on_seeds_and_mutations() {
    let seeds = seeds();
    for s in &seeds {
        target::html(s);
    }
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15 ^ 4);
    for _ in 0..MUTATIONS {
        let pick = rng.below(seeds.len());
        let input = mutate(&mut rng, &seeds[pick]);
        if std::panic::catch_unwind(|| target::html(&input)).is_err() {
            panic!(
                "fuzz target html panicked on {:?}\n(save it as tests/regressions/html-<short-name>.txt and add a test to tests/html_fuzz_regressions.rs)",
                String::from_utf8_lossy(&input)
            );
        }
    }
}

#[test]
fn deeply_nested_html_does_not_overflow_the_stack() {
    for open in ["<div>", "<blockquote>", "<ul><li>", "<ol><li><p>", "<table><tr><td>", "<dl><dd>", "<center>", "<span>",
        "<b><i><u><s>", "<a href=\"/x\"><code>", "<aside class=\"quote\" data-username=\"a\"><blockquote>", "<svg><g>", "<h1><h2>"] {
        target::html(open.repeat(10_000).as_bytes());
        let close: String = open.split('<').filter(|s| !s.is_empty()).map(|s| format!("</{}", s.split([' ', '>']).next().unwrap_or(""))).map(|s| s + ">").collect();
        target::html(format!("{}x{}", open.repeat(5_000), close.repeat(5_000)).as_bytes());
    }
}
