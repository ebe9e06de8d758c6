//! The wasm builds' named character references: the common ones built in
//! (common.rs, 1.8 KB), the whole WHATWG table (table.rs, 24 KB, 10.7 KB
//! gzip of wasm) added when a body names another: the entry loads
//! pkg/entities.txt when [`wanted`] says so after a render, hands it to
//! [`add`] and renders again (docs/benchmarks.md, "The live build" and
//! "Issue 16"). Native builds have the whole table built in.

use std::cell::Cell;

thread_local! {
    /// The whole table, once added (kept for the page's life, as the built-in one is).
    static FULL: Cell<Option<&'static str>> = const { Cell::new(None) };
    /// A body named a reference the built-in table lacks, before the whole one was added.
    static MISSED: Cell<bool> = const { Cell::new(false) };
}

/// The table to look names up in: the whole one once added, else the built-in one.
pub(super) fn table() -> &'static str {
    FULL.with(Cell::get).unwrap_or(super::common::TABLE)
}

/// A name with its `;` that the table in use lacks: with only the built-in
/// one, the whole table may have it (the text shows the name as written
/// until then, as it does for names no table has).
pub(super) fn missed() {
    if FULL.with(Cell::get).is_none() {
        MISSED.with(|m| m.set(true));
    }
}

/// Whether a body named a reference that only the whole table may have.
pub fn wanted() -> bool {
    MISSED.with(Cell::get)
}

/// Adds the whole table from the text of pkg/entities.txt (table.rs's
/// records, NUL-separated, sorted). False, and nothing added, when the text
/// is not that table.
pub fn add(text: String) -> bool {
    if FULL.with(Cell::get).is_some() {
        return true;
    }
    // Its first and last records, and no fewer than the built-in table's.
    if !text.starts_with("AElig~Æ\0") || !text.ends_with("zwnj=\u{200c}\0") || text.len() < super::common::TABLE.len() {
        return false;
    }
    FULL.with(|f| f.set(Some(Box::leak(text.into_boxed_str()))));
    MISSED.with(|m| m.set(false));
    true
}
