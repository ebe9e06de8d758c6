//! `data-refresh`: the thread file (or the newest page file joined) read
//! again every N seconds; new posts appear with the reader's place kept, and
//! a failure keeps the last version. Its [`read_file`] (fetch, unchanged
//! check, parse) reads "Load more"'s page files too.

#[cfg(not(plain))]
use std::rc::Rc;

#[cfg(not(plain))]
use wasm_bindgen::prelude::*;

// A thread file read again (not in the plain build).
#[cfg(feature = "files-full")]
use super::fetch::{fetch_text, resolve};
#[cfg(feature = "files-full")]
use super::parse::{hash_text, parse_sliced, sliced};
use super::Shared;
// The refresh itself (not in the plain build, which moves the widget).
#[cfg(not(plain))]
use {
    super::{
        dispatch, error_detail, let_go, ready,
        replies::reveal,
        scroll::{places, settle},
        warn,
    },
    crate::{error::Errors, model::Thread},
};

/// What reading a thread file gave ([`read_file`]).
#[cfg(feature = "files-full")]
pub(super) enum Read {
    /// The thread, the hash of its text and the tasks its parse took.
    Thread(Thread, u64, u32),
    /// The reason, with the parse errors when it was parsed.
    Failed(String, Option<Errors>),
    /// The text was unchanged, another parse is in progress or took over,
    /// or the widget was destroyed: nothing to show or say.
    Nothing,
}

/// Reads and parses a thread file (in slices when long) for a refresh or
/// "Load more": nothing when its text hashes to `unchanged`.
#[cfg(feature = "files-full")]
pub(super) async fn read_file(shared: &Shared, url: &str, unchanged: Option<u64>) -> Read {
    let text = match fetch_text(shared, url).await {
        Ok(t) => t,
        // Destroyed meanwhile (which aborts the fetch): nothing to say.
        Err(_) if shared.borrow().destroyed => return Read::Nothing,
        Err(e) => return Read::Failed(e, None),
    };
    let hash = hash_text(&text).await;
    let my = {
        let mut inner = shared.borrow_mut();
        // Unchanged, or a load (a page file) or a refresh is being parsed.
        if inner.destroyed || unchanged == Some(hash) || inner.parsing.is_some() {
            return Read::Nothing;
        }
        inner.parse_gen = inner.parse_gen.wrapping_add(1);
        inner.parse_gen
    };
    let (parsed, chunks) = if let Some(job) = sliced(&text, true) {
        shared.borrow_mut().parsing = Some(my);
        let r = parse_sliced(shared, job, my, false).await;
        let mut inner = shared.borrow_mut();
        if inner.parsing == Some(my) {
            inner.parsing = None;
        }
        match r {
            Some(p) => (p.result, p.chunks),
            None => return Read::Nothing,
        }
    } else {
        (Thread::from_json(&text), 1)
    };
    match parsed {
        Ok(t) => Read::Thread(t, hash, chunks),
        Err(errors) => Read::Failed(crate::digits::concat(&[url, ": ", &errors.text()]), Some(errors)),
    }
}

/// Re-reads `src`; new posts appear without moving the reader; a failure keeps the last render.
#[cfg(not(plain))]
async fn refresh(shared: Shared) {
    // A container removed from the page stops refreshing and is let go, so
    // neither it nor its widget outlives the page that dropped it.
    if !shared.borrow().element.is_connected() {
        shared.borrow_mut().stop();
        let_go(&shared);
        return;
    }
    // A platform's conversation is read again from its API.
    #[cfg(feature = "live")]
    {
        let live = shared.borrow().config.src.as_deref().and_then(super::platform::live_of);
        if let Some(live) = live {
            if shared.borrow().destroyed || shared.borrow().parsing.is_some() {
                return;
            }
            match super::platform::read(&shared, &live).await {
                Ok((_, hash)) if shared.borrow().last_hash == Some(hash) => {}
                Ok((thread, hash)) => apply(&shared, thread, None, hash, 1),
                Err(_) if shared.borrow().destroyed => {}
                Err(e) => refresh_failed(&shared, &e, None),
            }
            return;
        }
    }
    #[cfg(feature = "files-full")]
    refresh_file(&shared).await;
}

/// Re-reads the thread file (or the newest page file joined).
#[cfg(feature = "files-full")]
async fn refresh_file(shared: &Shared) {
    let url = {
        let inner = shared.borrow();
        if inner.destroyed {
            return;
        }
        match (&inner.newest_file().0, inner.config.src.as_deref()) {
            (Some(b), _) => b.clone(),
            (None, Some(s)) if !s.starts_with('#') => resolve(s, None),
            _ => return,
        }
    };
    let unchanged = shared.borrow().newest_file().1;
    let (thread, hash, chunks) = match read_file(shared, &url, unchanged).await {
        Read::Thread(t, hash, chunks) => (t, hash, chunks),
        Read::Failed(e, errors) => return refresh_failed(shared, &e, errors.as_ref()),
        Read::Nothing => return,
    };
    apply(shared, thread, Some(url), hash, chunks);
}

/// A refresh that failed: the last version stays; the reason goes to the console and the error event.
#[cfg(not(plain))]
fn refresh_failed(shared: &Shared, e: &str, errors: Option<&Errors>) {
    let reason = crate::digits::concat(&["refresh failed, keeping the last version: ", e]);
    warn(&reason);
    let element = shared.borrow().element.clone();
    dispatch(&element, "thread-widget:error", &error_detail(&reason, errors));
}

/// Shows a refreshed thread (read from `url`, or from a platform: `None`)
/// with the reader's place kept.
#[cfg(not(plain))]
pub(super) fn apply(shared: &Shared, thread: Thread, url: Option<String>, hash: u64, chunks: u32) {
    let mut inner = shared.borrow_mut();
    // Keep the reader's place: the first post whose top is on screen stays where it is.
    // Nested, a top-level article holds its replies: the reader's place is
    // the first reply that starts on screen (or the one they are inside).
    let nested = inner.config.nested();
    let anchor = places(&super::io::anchor(&inner.element, nested)).pop();
    match url {
        #[cfg(feature = "files-full")]
        Some(url) if !inner.files.is_empty() => {
            // Joined files: the newest one read again replaces its posts.
            inner.replace_newest_file(thread, url, hash);
        }
        _ => {
            inner.thread = Some(thread);
            inner.last_hash = Some(hash);
        }
    }
    inner.parse_chunks = chunks;
    if inner.render().is_err() {
        return;
    }
    drop(inner);
    // Nested, the reader may have been past the budget: build the replies that hold their place.
    if let Some((id, _)) = &anchor {
        reveal(shared, id);
    }
    let mut inner = shared.borrow_mut();
    if let Some((id, before)) = anchor {
        // Put back at once, and kept there while the page settles.
        if let Some(el) = inner.post_element(&id) {
            settle(&el, before);
        }
    }
    drop(inner);
    ready(shared);
}

pub(super) fn start_refresh(shared: &Shared) {
    let Some(seconds) = shared.borrow().config.refresh else { return };
    let remote = matches!(shared.borrow().config.src.as_deref(), Some(s) if !s.starts_with('#'));
    if !remote {
        return;
    }
    // The plain build refreshes nothing: the widget moves to a build that does.
    #[cfg(plain)]
    {
        let _ = seconds;
        shared.borrow().needs_more("data-refresh");
    }
    #[cfg(not(plain))]
    {
        let weak = Rc::downgrade(shared);
        let tick = Closure::<dyn FnMut()>::new(move || {
            if let Some(shared) = weak.upgrade() {
                wasm_bindgen_futures::spawn_local(refresh(shared));
            }
        });
        // The closure lives in the widget and is dropped with the timer by `destroy`.
        let stop = super::io::every(tick.as_ref(), seconds.saturating_mul(1000));
        shared.borrow_mut().interval = Some((stop, tick));
    }
}
