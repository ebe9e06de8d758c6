//! Parsing thread text and showing it: over [`SLICED_PARSE_BYTES`] in slices
//! of about 20 ms with the first screen shown early, and the hash of the text
//! (for `data-refresh`'s "unchanged").

#[cfg(not(plain))]
use wasm_bindgen_futures::JsFuture;

use crate::render::hash::{fnv_start, fnv_words};
// The thread files' parse.
#[cfg(feature = "files")]
use super::{
    adopt::render_first,
    fail,
    js_input::thread_from_text,
    ready,
    scroll::jump_to_hash,
    Shared,
};
#[cfg(feature = "files")]
use crate::{config::Config, error::Errors, model::Thread, view};
// The sliced parse (not in the plain build).
#[cfg(feature = "files-full")]
use {
    super::{
        js_input::object_errors,
        slices::{first_posts, SLICE_MS},
    },
    crate::{
        i18n,
        model::{Progress, Sliced},
    },
};

/// Above this many bytes of JSON text, a thread is parsed in slices
/// ([`show_large`]); smaller ones in one go, as `renderToString` and the CLI do.
/// The plain build (`cfg(plain)`) parses every text in one go: the entry
/// gives it no text over 256 KB (js/index.js, `look`), and one that came
/// anyway shows as well, only later.
#[cfg(feature = "files-full")]
pub(super) const SLICED_PARSE_BYTES: usize = 256 * 1024;

/// A 64-bit FNV-1a hash of the text, taken over 8-byte words (8 times fewer
/// multiplications than byte by byte: ~8 ms for 59 MB in the wasm), then the
/// tail: the markup hash's ([`crate::render::hash`]).
pub(super) fn text_hash(text: &str) -> u64 {
    fnv_words(fnv_start(text.len()), text.as_bytes())
}

/// [`text_hash`], in slices (below) when the text is over [`SLICED_PARSE_BYTES`].
#[cfg(feature = "files")]
pub(super) async fn hash_text(text: &str) -> u64 {
    #[cfg(feature = "files-full")]
    if text.len() > SLICED_PARSE_BYTES {
        return text_hash_sliced(text).await;
    }
    text_hash(text)
}

#[cfg(feature = "files-full")]
/// [`text_hash`] in slices of about [`SLICE_MS`] (59 MB take about 200 ms
/// here): pieces of 1 MB, a multiple of 8 bytes, so the words are the same.
pub(super) async fn text_hash_sliced(text: &str) -> u64 {
    const PIECE: usize = 1 << 20;
    let mut h = fnv_start(text.len());
    let mut since = js_sys::Date::now();
    for piece in text.as_bytes().chunks(PIECE) {
        if js_sys::Date::now() - since > SLICE_MS {
            yield_now().await;
            since = js_sys::Date::now();
        }
        h = fnv_words(h, piece);
    }
    h
}

/// Lets the browser run other tasks (input, paint, other widgets): resumes
/// in a new task, posted as the slices of a long page are (`io::post_task`).
#[cfg(not(plain))]
pub(super) async fn yield_now() {
    let _ = JsFuture::from(super::io::next_task()).await;
}

#[cfg(feature = "files-full")]
/// The sliced parse of `text`, when it is long enough to need one.
pub(super) fn sliced(text: &str, positions: bool) -> Option<Sliced<'_>> {
    if text.len() > SLICED_PARSE_BYTES {
        Sliced::with_positions(text, positions)
    } else {
        None
    }
}

/// What a sliced parse gives: the thread or its errors, the config its
/// preview was shown with, the tasks it took, and the posts sorted by id.
#[cfg(feature = "files-full")]
pub(super) struct Parsed {
    pub(super) result: Result<Thread, Errors>,
    shown: Option<Config>,
    pub(super) chunks: u32,
    order: Vec<usize>,
}

/// Parses `text` in slices of about [`SLICE_MS`], yielding between them;
/// `None` when the parse was superseded (a new load, refresh or `update`)
/// or the widget destroyed. With `preview`, shows the thread's frame and
/// first screen as soon as their posts are validated, and returns the
/// config it was shown with.
#[cfg(feature = "files-full")]
pub(super) async fn parse_sliced(shared: &Shared, mut job: Sliced<'_>, my: u32, preview: bool) -> Option<Parsed> {
    let mut asked = false;
    let mut shown: Option<Config> = None;
    // Nested, a post's replies may stand anywhere in the file: no first screen before the whole is read.
    let preview = preview && !shared.borrow().config.nested();
    // The text may have just been read or copied in this very task.
    yield_now().await;
    loop {
        let start = js_sys::Date::now();
        if let Progress::Done(result) = job.step(&mut || js_sys::Date::now() - start > SLICE_MS) {
            return Some(Parsed { result, shown, chunks: job.steps(), order: job.id_order().to_vec() });
        }
        if let (true, None, Some(thread)) = (preview, &shown, job.preview()) {
            let mut inner = shared.borrow_mut();
            let config = inner.effective_config();
            if !asked {
                // The posts of the first screen are validated first.
                let w = view::window(thread, &config);
                let (n, end) = (thread.posts.len(), w.start + first_posts(w.end - w.start));
                job.first(if config.order == crate::config::Order::Newest { n - end..n - w.start } else { w.start..end });
                asked = true;
            } else if job.first_done() {
                if inner.markdown_elsewhere(thread) {
                    // The Markdown build loads and shows it instead.
                    inner.handed_over = true;
                    inner.parsing = None;
                    return None;
                }
                let fmt = crate::intl::IntlFormatter::new(&config.lang, i18n::catalog(&config.lang));
                // The model sorted the ids already (repeated ids): no second sort.
                let index = view::PostIndex::from_sorted(thread, job.id_order().to_vec());
                let w = view::window(thread, &config);
                let tree = view::thread_head_indexed(thread, &config, &fmt, first_posts(w.end - w.start), &index);
                // The thread shown so far (a page file's previous one) is gone.
                inner.pending = None;
                inner.thread = None;
                if inner.put(&[tree]).is_ok() {
                    shown = Some(config);
                }
            }
        }
        yield_now().await;
        let inner = shared.borrow();
        if inner.destroyed || inner.parse_gen != my {
            return None;
        }
    }
}

#[cfg(feature = "files")]
/// Starts a parse: a new number, which supersedes any parse in progress.
fn next_parse(shared: &Shared) -> u32 {
    let mut inner = shared.borrow_mut();
    inner.parse_gen = inner.parse_gen.wrapping_add(1);
    inner.parse_gen
}

/// What a parse gave [`show_text`]: the thread or its errors, the config
/// its preview was shown with, the tasks it took, and the posts sorted by id.
#[cfg(feature = "files")]
type Shown = (Result<Thread, Errors>, Option<Config>, u32, Vec<usize>);

/// [`show_text`]'s sliced parse; `None` when superseded, destroyed or handed over.
#[cfg(feature = "files-full")]
async fn parse_long(shared: &Shared, job: Sliced<'_>, my: u32, base: &Option<String>, positions: bool) -> Option<Shown> {
    let old_base = {
        let mut inner = shared.borrow_mut();
        inner.parsing = Some(my);
        // Markdown hand-over says where the file is.
        std::mem::replace(&mut inner.base, base.clone())
    };
    // Prerendered markup stays until the whole thread is read (adopt.rs).
    let preview = shared.borrow().prerendered().is_none();
    let r = parse_sliced(shared, job, my, preview).await;
    let mut inner = shared.borrow_mut();
    if inner.parsing == Some(my) {
        inner.parsing = None;
    }
    match r? {
        Parsed { result: Err(e), .. } => {
            inner.base = old_base;
            Some((Err(if positions { e } else { object_errors(e) }), None, 1, Vec::new()))
        }
        p => Some((p.result, p.shown, p.chunks, p.order)),
    }
}

#[cfg(feature = "files")]
/// Parses thread text (in slices when long) and renders it; with
/// `positions` false the text is a JS object's and errors say no line.
pub(super) async fn show_text(shared: &Shared, text: String, base: Option<String>, positions: bool) -> Result<(), String> {
    let my = next_parse(shared);
    let hash = hash_text(&text).await;
    if shared.borrow().destroyed || shared.borrow().parse_gen != my {
        return Ok(());
    }
    // The plain build never parses in slices: not even the branch is there.
    #[cfg(feature = "files-full")]
    let long = match sliced(&text, positions) {
        Some(job) => match parse_long(shared, job, my, &base, positions).await {
            Some(r) => Some(r),
            // Superseded, destroyed or handed over to the Markdown build.
            None => return Ok(()),
        },
        None => None,
    };
    #[cfg(not(feature = "files-full"))]
    let long: Option<Shown> = None;
    let (parsed, shown, chunks, order) = long.unwrap_or_else(|| (thread_from_text(&text, !positions), None, 1, Vec::new()));
    drop(text);
    match parsed {
        Err(errors) => {
            let mut reason = String::new();
            if let Some(b) = base.as_deref() {
                reason.push_str(b);
                reason.push_str(": ");
            }
            reason.push_str(&errors.text());
            fail(shared, &reason, Some(&errors));
            Err(reason)
        }
        Ok(thread) => {
            let (index, first) = {
                let mut inner = shared.borrow_mut();
                // The preview's frame and first posts are the final ones when the config is the same.
                let same = shown.is_some_and(|c| c == inner.effective_config());
                let index = same.then(|| view::PostIndex::from_sorted(&thread, order));
                #[cfg(feature = "files-full")]
                inner.files.clear();
                // The widget's first thread (not a page file's link, nor a new `src`) may adopt prerendered markup.
                let first = inner.thread.is_none();
                inner.thread = Some(thread);
                inner.base = base;
                inner.last_hash = Some(hash);
                inner.parse_chunks = chunks;
                (index, first)
            };
            let built = if first { render_first(shared, index) } else { shared.borrow_mut().render_after(index) };
            built.map_err(|_| "the widget could not be built".to_owned())?;
            ready(shared);
            jump_to_hash(shared);
            Ok(())
        }
    }
}
