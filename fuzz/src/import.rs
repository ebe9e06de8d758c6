//! The body of the `import` fuzz target (see `docs/fuzzing.md`): any bytes,
//! read by detection and by every platform's reader → threads (the real
//! responses and exports are seeds as they are). Kept beside `lib.rs`; `fuzz_targets/import.rs` and
//! `tests/import_fuzz_smoke.rs` include it.
//!
//! It panics only when an invariant breaks: no reader panics; an error says
//! something; every thread a reader makes is valid thread JSON (written and
//! read back, the same thread, also as each reader built it: no error says
//! "(a bug)"), renders flat and nested, and splits into
//! page files that hold the same posts.

use thread_widget::config::{Config, Layout};
use thread_widget::import::{self, Include, Source};
use thread_widget::model::Thread;

/// The bytes as one input, detected and of each source; an export's
/// comments of every status kept when the length is odd, none when even.
pub fn import(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let include = if data.len() % 2 == 1 { Include { pending: true, spam: true, trash: true } } else { Include::default() };
    for source in std::iter::once(None).chain(Source::ALL.map(Some)) {
        one(source, text, include);
    }
}

fn one(source: Option<Source>, text: &str, include: Include) {
    match import::import_all(source, &[text], include) {
        Err(e) => {
            assert!(!e.trim().is_empty(), "an empty error");
            // Builder::finish's round trip: a thread written and read back
            // unchanged (what lets the live wasm skip it) fails as "(a bug)".
            assert!(!e.contains("(a bug)"), "{e}");
        }
        Ok(threads) => {
            for t in threads {
                let json = thread_widget::write::thread_json(&t.thread);
                let back = Thread::from_json(&json).unwrap_or_else(|e| panic!("an imported thread is not valid thread JSON: {e}\n{json}"));
                assert_eq!(back, t.thread, "written and read back, the thread changed");
                for layout in [Layout::Flat, Layout::Nested] {
                    thread_widget::render_to_string(&json, &Config { layout, ..Config::default() }).unwrap_or_else(|e| panic!("an imported thread does not render: {e}"));
                }
                let pages = thread_widget::write::pages(&t.thread, 3, "t");
                let joined: Vec<_> = pages.iter().flat_map(|(_, p)| p.posts.iter().cloned()).collect();
                assert_eq!(joined, t.thread.posts, "page files do not hold the thread's posts");
                for (_, p) in &pages {
                    Thread::from_json(&thread_widget::write::thread_json(p)).unwrap_or_else(|e| panic!("a page file is not valid thread JSON: {e}"));
                }
            }
        }
    }
}
