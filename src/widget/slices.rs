//! Rendering the thread into the container: a short page at once; a long
//! one's first screen at once and the rest built in slices of about 20 ms,
//! one task each ([`Pending`]), then `thread-widget:ready`.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::Element;

use super::io::post_task;

use super::{ready, warn, Inner, Shared};
use crate::config::Config;
use crate::i18n;
use crate::model::Thread;
use crate::render::dom;
use crate::view;

/// Threads and pages up to this many posts render all at once.
const FIRST_POSTS: usize = 20;

/// Posts built before `render` returns when a page is longer: a screenful
/// and more, and the first task stays short (docs/benchmarks.md, "Goals").
pub(super) const FIRST_SCREEN: usize = 10;

/// How many of a page of `len` posts the first task builds.
pub(super) fn first_posts(len: usize) -> usize {
    if len <= FIRST_POSTS {
        len
    } else {
        FIRST_SCREEN
    }
}

/// What building one slice of the rest may take (milliseconds), leaving room
/// under a 50 ms long task for what the browser does after it.
pub(super) const SLICE_MS: f64 = 20.0;

/// Built posts join the page when they are a quarter of the posts already
/// in it, or [`JOIN_MAX`] of them: see [`Pending`].
const JOIN_SHARE: usize = 4;
const JOIN_MAX: usize = 100;

/// The posts of the current page that are not in the DOM yet. A long page is
/// shown as `view::thread_head` (the first [`FIRST_SCREEN`] posts) and the rest is
/// built in slices of about [`SLICE_MS`], one task each, so the page stays
/// responsive. Built posts wait in a detached fragment and join the page's
/// `div.tw-posts` when they are a quarter of the posts in it, or 100. Each
/// join makes the browser style the new posts and lay out the list again,
/// which costs with the length of the list even though the stylesheet's
/// `content-visibility: auto` skips the layout of posts off screen. On
/// 10,000 posts (docs/benchmarks.md, "Long pages in slices"): joining every
/// slice took 8× the `innerHTML` floor; by doubling 2.7×, with tasks of
/// 230 ms (the largest joins); at a quarter 2.9× (tasks of 60–76 ms), capped
/// at 500 posts 2.7× (55–63 ms), at 250 4.8× (58 ms), at 100 4.9× and no
/// task over 50 ms: kept. The final DOM is the one `view::thread` describes.
/// A new render or `destroy` cancels it; a jump to a post not yet shown
/// joins everything built up to that post.
pub(super) struct Pending {
    list: Element,
    /// The thread's sorted ids, sorted once for all slices.
    pub(super) index: view::PostIndex,
    pub(super) config: Config,
    pub(super) fmt: crate::intl::IntlFormatter,
    /// Built posts waiting to join `list`, and how many; posts in `list`.
    staged: Option<web_sys::DocumentFragment>,
    staged_posts: usize,
    pub(super) shown: usize,
    /// Index (in the page) of the next post to build, and the page's length.
    pub(super) next: usize,
    pub(super) end: usize,
    /// Posts per slice, adapted to the measured cost.
    batch: usize,
    chunks: u32,
    /// Send `thread-widget:ready` when the last slice is in.
    pub(super) ready: bool,
    /// False once this is dropped: the task already posted for the next
    /// slice then does nothing.
    live: Rc<Cell<bool>>,
}

impl Pending {
    /// The rest of a page whose first `shown` posts are in `list`, up to `end`.
    pub(super) fn new(list: Element, index: view::PostIndex, config: Config, fmt: crate::intl::IntlFormatter, shown: usize, end: usize) -> Pending {
        Pending {
            list,
            index,
            config,
            fmt,
            staged: None,
            staged_posts: 0,
            shown,
            next: shown,
            end,
            batch: 10,
            chunks: 1,
            ready: false,
            live: Rc::new(Cell::new(true)),
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        self.live.set(false);
    }
}

impl Inner {
    /// Renders the current thread into the container: at once when the page
    /// is short, else its first posts now and the rest in slices ([`Pending`]).
    pub(super) fn render(&mut self) -> Result<(), JsValue> {
        self.render_after(None)
    }

    /// [`Inner::render`]; with `shown`, the frame and first posts are in the
    /// DOM already (a sliced parse showed them from its preview, for the same
    /// config) and only the rest is scheduled, with that index of the thread.
    pub(super) fn render_after(&mut self, shown: Option<view::PostIndex>) -> Result<(), JsValue> {
        let head_shown = shown.is_some();
        self.pending = None;
        self.chunks = 1;
        let Some(thread) = &self.thread else { return Ok(()) };
        // A sliced parse asked before showing its preview.
        self.handed_over = !head_shown && self.markdown_elsewhere(thread);
        if self.handed_over {
            return Ok(());
        }
        let config = self.effective_config();
        // Numbers and dates through Intl, in the reader's tag (pt-BR, en-GB); words from the catalog.
        let fmt = crate::intl::IntlFormatter::new(&config.lang, i18n::catalog(&config.lang));
        let w = view::window(thread, &config);
        let first = first_posts(w.end - w.start);
        if !head_shown {
            let tree = view::thread_head(thread, &config, &fmt, first);
            self.put(&[tree])?;
        }
        if w.end - w.start <= FIRST_POSTS {
            return Ok(());
        }
        let list = self.element.query_selector(":scope > .tw-thread > .tw-posts")?.ok_or("no post list")?;
        // The sliced parse sorted the ids already.
        let index = shown.unwrap_or_else(|| view::PostIndex::new(thread));
        self.pending = Some(Pending::new(list, index, config, fmt, first, w.end - w.start));
        self.schedule();
        Ok(())
    }

    /// In a build without a format's reader (the core build: no `markdown`,
    /// no `html`), a thread with such bodies (`Format::elsewhere`) first asks
    /// the page: `thread-widget:markdown` (the name it always had; it covers
    /// HTML bodies too), cancelable, not bubbling, detail the URL of the file
    /// (or null). The npm module (`js/index.js`) cancels it when it mounts
    /// the second build (Markdown and HTML) in this element instead: nothing
    /// is rendered here. Unanswered, the bodies are shown as plain text.
    /// Listeners must not call into the widget.
    pub(super) fn markdown_elsewhere(&self, thread: &Thread) -> bool {
        if !thread.posts.iter().any(|p| p.format.elsewhere()) {
            return false;
        }
        let detail = self.base.as_deref().map_or(JsValue::NULL, JsValue::from_str);
        let taken = !super::io::emit(&self.element, "thread-widget:markdown", &detail, false);
        if !taken {
            warn("Markdown or HTML bodies are shown as plain text until the build that reads them is loaded (`await init({ markdown: true })` loads it first)");
        }
        taken
    }

    /// In the plain build (`files` without `files-full`), a widget that needs
    /// what that build leaves out (`what`: `data-refresh`, page files, the
    /// nested layout: [`crate::config::PLAIN`]) asks
    /// the page to move it, as [`Inner::markdown_elsewhere`] does and with
    /// the same event: the npm module mounts it again with the build that
    /// reads Markdown and HTML, which has everything. The entry gives the
    /// plain build no such thread (js/index.js, `look`): this is for what
    /// its look could not see. Unanswered, the console says what is missing.
    #[cfg(plain)]
    pub(super) fn needs_more(&self, what: &str) -> bool {
        let detail = self.base.as_deref().map_or(JsValue::NULL, JsValue::from_str);
        let taken = !super::io::emit(&self.element, "thread-widget:markdown", &detail, false);
        if !taken {
            warn(&crate::digits::concat(&[what, " needs a build with them (thread_widget_core.js): this one (thread_widget_plain.js) has none"]));
        }
        taken
    }

    /// Appends the next slice in a task of its own.
    pub(super) fn schedule(&self) {
        let Some(p) = self.pending.as_ref() else { return };
        let (me, live) = (self.me.clone(), p.live.clone());
        // Called once, then freed; a cancelled render's task finds `live` false.
        // `scheduler.postTask` where the browser has it (no 4 ms clamp after
        // five nested timeouts, which cost a 1,000-post page about 90 ms of
        // idle; the browser still renders between tasks), else `setTimeout(f, 0)`.
        post_task(&Closure::once_into_js(move || {
            if live.get() {
                if let Some(shared) = me.upgrade() {
                    append_slice(&shared);
                }
            }
        }));
    }

    /// Appends pending posts until `until` (an index in the page) is in, or
    /// the slice's time is up; true when the page is complete.
    pub(super) fn append(&mut self, until: Option<usize>) -> bool {
        let (Some(p), Some(thread)) = (self.pending.as_mut(), self.thread.as_ref()) else { return true };
        let Some(doc) = self.element.owner_document() else { return true };
        let start = js_sys::Date::now();
        while p.next < p.end {
            let n = match until {
                Some(i) => (i + 1).saturating_sub(p.next),
                None => p.batch,
            };
            let to = (p.next + n.max(1)).min(p.end);
            let t0 = js_sys::Date::now();
            let nodes = view::posts(thread, &p.config, &p.fmt, &p.index, p.next..to);
            let Ok(frag) = dom::fragment(&doc, &nodes) else { return true };
            match &p.staged {
                Some(staged) => {
                    let _ = staged.append_child(&frag);
                }
                None => p.staged = Some(frag),
            }
            p.staged_posts += to - p.next;
            let per_post = (js_sys::Date::now() - t0).max(0.05) / (to - p.next) as f64;
            p.batch = ((SLICE_MS / 2.0 / per_post) as usize).clamp(1, 500);
            p.next = to;
            if p.next >= p.end || until.is_some() || js_sys::Date::now() - start + per_post * p.batch as f64 > SLICE_MS {
                break;
            }
        }
        if p.staged_posts * JOIN_SHARE >= p.shown || p.staged_posts >= JOIN_MAX || p.next >= p.end || until.is_some() {
            if let Some(staged) = p.staged.take() {
                let _ = p.list.append_child(&staged);
            }
            p.shown += p.staged_posts;
            p.staged_posts = 0;
        }
        p.chunks += 1;
        p.next >= p.end
    }

    /// Makes sure the post at `index` in the page is in the DOM (the timer
    /// still runs, appends the rest and sends ready).
    pub(super) fn show_through(&mut self, index: usize) {
        if self.pending.as_ref().is_some_and(|p| index >= p.shown) {
            self.append(Some(index));
        }
    }

    /// The page is complete: forget the pending state; true when ready is due.
    fn finish(&mut self) -> bool {
        let Some(p) = self.pending.take() else { return false };
        self.chunks = p.chunks;
        p.ready
    }
}

/// The timer's task: one slice, then the next timer or, at the end, ready.
fn append_slice(shared: &Shared) {
    let due = {
        // A listener of ours may hold the widget (it cannot, between tasks, but never panic).
        let Ok(mut inner) = shared.try_borrow_mut() else { return };
        if inner.append(None) {
            inner.finish()
        } else {
            inner.schedule();
            false
        }
    };
    if due {
        ready(shared);
    }
}
