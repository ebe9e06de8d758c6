//! The HTML named character references (`&hellip;`, `&amp;`, …): one table
//! for both readers that expand them, the HTML reader (`super::html`) and
//! pulldown-cmark for Markdown, which is handed [`markdown`] as its lookup
//! (`vendor/pulldown-cmark`: its own table of 2,125 pointer pairs cost the
//! Markdown build 21.2 KB gzip; docs/benchmarks.md, "Issue 16"). Native
//! builds (the CLI) have the whole WHATWG table built in (table.rs); the
//! wasm builds have the common names (common.rs) and add the rest, the same
//! table as pkg/entities.txt, when a body names one (later.rs: the entry
//! loads it after that render and the widget renders again).

#[cfg(target_arch = "wasm32")]
mod common;
#[cfg(target_arch = "wasm32")]
pub mod later;
#[cfg(not(target_arch = "wasm32"))]
mod table;

/// The records in use: `name=value\0` or, for a legacy name that may go
/// without its `;`, `name~value\0`, sorted by the bytes of the name.
fn records() -> &'static str {
    #[cfg(not(target_arch = "wasm32"))]
    return table::TABLE;
    #[cfg(target_arch = "wasm32")]
    return later::table();
}

/// Looks a name (without `&` and `;`) up: its value, and whether it may go
/// without its `;`.
pub fn named(name: &[u8]) -> Option<(&'static str, bool)> {
    let t = records();
    let tb = t.as_bytes();
    let (mut lo, mut hi) = (0usize, t.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        // The record that holds `mid` starts after the previous NUL.
        let start = tb[lo..mid].iter().rposition(|&c| c == 0).map_or(lo, |k| lo + k + 1);
        let end = tb[start..].iter().position(|&c| c == 0).map_or(t.len(), |k| start + k);
        let rec = &t[start..end];
        let sep = rec.find(['=', '~']).unwrap_or(rec.len());
        match rec.as_bytes()[..sep].cmp(name) {
            std::cmp::Ordering::Equal => return Some((&rec[(sep + 1).min(rec.len())..], rec.as_bytes().get(sep) == Some(&b'~'))),
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    None
}

/// A name followed by its `;` that the table in use lacks: in the wasm
/// builds, before the whole table is added, it may have it.
pub fn missed() {
    #[cfg(target_arch = "wasm32")]
    later::missed();
}

/// pulldown-cmark's lookup: a name that was followed by its `;`.
#[cfg(feature = "markdown")]
pub fn markdown(name: &[u8]) -> Option<&'static str> {
    let found = named(name).map(|(value, _)| value);
    if found.is_none() {
        missed();
    }
    found
}
