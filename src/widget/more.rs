//! "Load more": the next page of the file (`data-page-size`), or the next
//! page file read and joined to the thread ([`FileSpan`]), the reader's place
//! kept and at most [`MORE_KEEP`] posts shown.

use wasm_bindgen::prelude::*;

use super::scroll::{focus_in_place, settle};
use super::slices::{Pending, FIRST_SCREEN};
use super::{ready, Inner, Shared};
use crate::i18n;
use crate::render::dom;
use crate::view;
// "Load more" across page files: the next file read and joined (not in the plain build).
#[cfg(feature = "files-full")]
use {
    super::{
        dispatch, error_detail,
        fetch::resolve,
        refresh::{read_file, Read},
        resolve_lang,
        scroll::{keep_place, reading_place},
        warn,
    },
    crate::{
        model::{Page, Thread},
        view::node::Element as VElement,
    },
};

#[cfg(feature = "files-full")]
/// One page file of a thread that "Load more" joined from several.
pub(super) struct FileSpan {
    /// Where it came from (for `data-refresh`), and the hash of its text.
    url: Option<String>,
    hash: Option<u64>,
    /// How many of the thread's posts are its own.
    posts: usize,
    /// Its `page`, with `next` and `prev` resolved against `url`.
    page: Option<Page>,
}

#[cfg(feature = "files-full")]
/// What is left of a nested "Load more" ([`Inner::rejoin`]) once the widget
/// is free: the reader's place put back, and focus moved.
pub(super) struct Rejoined {
    place: Vec<(String, f64)>,
    focus: Option<String>,
}

#[cfg(feature = "files-full")]
/// Puts the reader's place back after a nested "Load more" and moves focus
/// as the flat layout does: to the first new post ([`Inner::rejoin`] chose
/// it) if it is built and not in folded replies, else to the new button.
fn rejoined(shared: &Shared, r: Rejoined) {
    keep_place(shared, r.place);
    let mut inner = shared.borrow_mut();
    let first = r.focus.and_then(|id| inner.post_element(&id)).filter(|el| el.closest(".tw-replies[hidden]").ok().flatten().is_none());
    let first = first.or_else(|| inner.element.query_selector(".tw-more button").ok().flatten());
    if let Some(first) = first {
        focus_in_place(&first);
    }
}

/// "Load more" keeps at most this many posts shown: past it, the oldest
/// page (with `data-page-size`) or page file is dropped from the top, with
/// the reader's place kept. A reader who keeps loading a 100,000-post thread
/// keeps a bounded DOM and model (docs/benchmarks.md, "Very large threads").
const MORE_KEEP: usize = 2_000;

impl Inner {
    #[cfg(feature = "files-full")]
    /// The file "Load more" joins new posts from, and the one that holds the
    /// newest posts loaded: the last of [`Inner::files`] (a thread that is
    /// one file: `base`). `data-refresh` re-reads it.
    pub(super) fn newest_file(&self) -> (Option<String>, Option<u64>) {
        match self.files.last() {
            Some(f) => (f.url.clone(), f.hash),
            None => (self.base.clone(), self.last_hash),
        }
    }

    #[cfg(feature = "files-full")]
    /// `data-refresh` of joined files: the newest one's posts are replaced
    /// by those of `file`, its new version.
    pub(super) fn replace_newest_file(&mut self, mut file: Thread, url: String, hash: u64) {
        // It is the last in the model's order, whichever order is shown.
        let (Some(thread), Some(old)) = (self.thread.as_mut(), self.files.pop()) else { return };
        let n = thread.posts.len();
        thread.posts.truncate(n.saturating_sub(old.posts));
        new_posts(thread, &mut file);
        let page = file.page.take().map(|p| resolved(p, Some(&url)));
        self.files.push(FileSpan { url: Some(url), hash: Some(hash), posts: file.posts.len(), page });
        thread.posts.append(&mut file.posts);
        thread.page = joined_page(&self.files);
    }

    #[cfg(feature = "files-full")]
    /// Forgets joined files: the thread shown is one file again.
    pub(super) fn one_file(&mut self) {
        self.files.clear();
        self.config.span = 1;
    }

    /// "Load more" within the file (`data-page-size`): the next page joins
    /// the ones shown; past [`MORE_KEEP`] posts the first shown page goes.
    fn more_page(&mut self) -> Result<(), JsValue> {
        let Some(thread) = &self.thread else { return Ok(()) };
        let Some(size) = self.config.page_size.filter(|&s| s > 0) else { return Ok(()) };
        let old = view::window(thread, &self.config);
        if old.end >= view::units(thread, &self.config) {
            return Ok(());
        }
        let mut drop = 0;
        let mut config = self.config.clone();
        config.span = old.last - old.page + 2;
        // The page the reader was on stays, with the new one.
        while config.span > 2 && config.span.saturating_mul(size) > MORE_KEEP {
            config.page += 1;
            config.span -= 1;
            drop += size;
        }
        self.grow(old.end - old.start, drop, Box::new(|inner| inner.config = config))
    }

    #[cfg(feature = "files-full")]
    /// "Load more" across page files: `file` (read from `url`) joins the
    /// thread after the posts shown, and past [`MORE_KEEP`] posts the files
    /// shown first go (the one the reader was in stays). Nested, the joined
    /// thread is rendered anew: what is left to do once the widget is free.
    fn more_file(&mut self, mut file: Thread, url: String, hash: Option<u64>) -> Result<Option<Rejoined>, JsValue> {
        let Some(thread) = &self.thread else { return Ok(None) };
        let before = thread.posts.len();
        let newest_first = self.config.order == crate::config::Order::Newest;
        if self.files.is_empty() {
            let page = thread.page.clone().map(|p| resolved(p, self.base.as_deref()));
            self.files.push(FileSpan { url: self.base.clone(), hash: self.last_hash, posts: before, page });
        }
        new_posts(thread, &mut file);
        let added = file.posts.len();
        let page = file.page.take().map(|p| resolved(p, Some(&url)));
        let span = FileSpan { url: Some(url), hash, posts: file.posts.len(), page };
        // Files in the model's order: newest first, "Load more" reads older files (`page.prev`).
        let mut files = std::mem::take(&mut self.files);
        if newest_first { files.insert(0, span) } else { files.push(span) }
        // Shown first: the oldest file, or newest first the newest.
        let mut drop_files = 0;
        let mut kept: usize = files.iter().map(|f| f.posts).sum();
        // The file the reader was in stays, with the new one.
        while files.len() - drop_files > 2 && kept > MORE_KEEP {
            let top = if newest_first { &files[files.len() - 1 - drop_files] } else { &files[drop_files] };
            kept -= top.posts;
            drop_files += 1;
        }
        let drop: usize = if newest_first { files.iter().rev().take(drop_files).map(|f| f.posts).sum() } else { files.iter().take(drop_files).map(|f| f.posts).sum() };
        let change = Box::new(move |inner: &mut Inner| {
            let Some(thread) = inner.thread.as_mut() else { return };
            if newest_first {
                files.truncate(files.len() - drop_files);
                thread.posts.truncate(thread.posts.len() - drop);
                file.posts.append(&mut thread.posts);
                thread.posts = file.posts;
            } else {
                files = files.split_off(drop_files);
                thread.posts = thread.posts.split_off(drop);
                thread.posts.append(&mut file.posts);
            }
            thread.page = joined_page(&files);
            inner.files = files;
        });
        if self.config.nested() {
            // In the model's order the new posts are the first (newest first) or the last.
            let kept = before.saturating_sub(drop);
            let new = if newest_first { 0..added } else { kept..kept + added };
            return self.rejoin(new, change).map(Some);
        }
        self.grow(before, drop, change).map(|()| None)
    }

    #[cfg(feature = "files-full")]
    /// Nested, the list's articles are top-level posts, and a reply in the
    /// new file may belong under any post shown (and an orphan shown at the
    /// top level under a post of the new file): the joined thread is
    /// rendered anew. `new`: the new posts' places in the model after `change`.
    fn rejoin(&mut self, new: std::ops::Range<usize>, change: Box<dyn FnOnce(&mut Inner)>) -> Result<Rejoined, JsValue> {
        let place = reading_place(&self.element);
        change(self);
        self.render()?;
        // The first new top-level post, where the reader reads on (it follows
        // every post shown before); with none, the first new reply in the order shown.
        let focus = self.thread.as_ref().and_then(|thread| {
            let tree = view::replies(thread, self.config.order);
            let top = (0..tree.units()).filter_map(|u| tree.root(u)).find(|i| new.contains(i));
            let first = top.or_else(|| tree.preorder().map(|(i, _)| i).find(|i| new.contains(i)));
            first.and_then(|i| thread.posts.get(i)).map(|p| p.id.clone())
        });
        Ok(Rejoined { place, focus })
    }

    /// Shows more posts after the `before` posts shown (counted from the
    /// top of the list): `change` changes the thread or the page window,
    /// `drop` of the shown posts leave from the top. The new posts are
    /// appended as a long page's are (the first screen now, the rest in
    /// slices), the header and pagers say the new range, the reader's place
    /// is kept, and focus moves to the first new post.
    #[inline(never)]
    fn grow(&mut self, before: usize, drop: usize, change: Box<dyn FnOnce(&mut Inner)>) -> Result<(), JsValue> {
        // The posts shown are all in the DOM (a page still being appended
        // joins the rest now): the new ones follow the last.
        if before > 0 {
            self.show_through(before - 1);
        }
        let Some(list) = self.element.query_selector(":scope > .tw-thread > .tw-posts")? else {
            // A file with no posts has no list: the joined thread is rendered anew.
            change(self);
            return self.render();
        };
        let anchor = list.last_element_child();
        let top = anchor.as_ref().map(|a| a.get_bounding_client_rect().top());
        change(self);
        let config = self.effective_config();
        let Some(thread) = &self.thread else { return Ok(()) };
        let w = view::window(thread, &config);
        let end = w.end - w.start;
        let index = view::PostIndex::new(thread);
        let fmt = crate::intl::IntlFormatter::new(&config.lang, i18n::catalog(&config.lang));
        // The header, the pagers and the button say the new range; the list stays.
        let frame = view::thread_head_indexed(thread, &config, &fmt, 0, &index);
        let doc = self.element.owner_document().ok_or("no document")?;
        let frag = dom::fragment(&doc, &[frame])?;
        let section = frag.first_element_child().ok_or("no frame")?;
        if let (Some(old), Some(empty)) = (list.parent_element(), section.query_selector(":scope > .tw-posts")?) {
            empty.replace_with_with_node_1(&list)?;
            old.replace_with_with_node_1(&section)?;
        }
        for _ in 0..drop {
            match list.first_element_child() {
                Some(el) => el.remove(),
                None => break,
            }
        }
        let first_new = before - drop;
        let scheduled = match self.pending.as_mut() {
            Some(p) => {
                p.shown -= drop.min(p.shown);
                p.next -= drop.min(p.next);
                p.end = end;
                p.index = index;
                p.config = config;
                p.fmt = fmt;
                true
            }
            None => {
                self.pending = Some(Pending::new(list.clone(), index, config, fmt, first_new, end));
                false
            }
        };
        if let Some(p) = self.pending.as_mut() {
            p.ready = true;
        }
        // The first screen of the new posts at once.
        if first_new < end {
            self.append(Some((first_new + FIRST_SCREEN).min(end) - 1));
        }
        if let (Some(anchor), Some(top)) = (anchor.clone(), top) {
            // Put back at once, and kept there while the page settles.
            if anchor.is_connected() {
                settle(&anchor, top);
            }
        }
        // Focus on the first new post; with none (every post of the file was
        // shown already), on the new button, so that it is not lost.
        let first = anchor.as_ref().and_then(|a| a.next_element_sibling());
        let first = first.or_else(|| self.element.query_selector(".tw-more button").ok().flatten());
        if let Some(first) = first {
            focus_in_place(&first);
        }
        if !scheduled {
            self.schedule();
        }
        Ok(())
    }
}

#[cfg(feature = "files-full")]
/// Leaves out of `file` the posts `thread` has already: a post in two files
/// (a file that grew since the one before it was read) is shown once.
fn new_posts(thread: &Thread, file: &mut Thread) {
    let index = view::PostIndex::new(thread);
    file.posts.retain(|p| !index.contains(thread, &p.id));
}

#[cfg(feature = "files-full")]
/// A page file's `page` with its `next` and `prev` resolved against the
/// file's own URL (joined files come from different places).
fn resolved(mut page: Page, base: Option<&str>) -> Page {
    for u in [&mut page.next, &mut page.prev].into_iter().flatten() {
        *u = resolve(u, base);
    }
    page
}

#[cfg(feature = "files-full")]
/// The `page` of joined files: from the first's first post to the last's
/// last, linking to the files before and after them.
fn joined_page(files: &[FileSpan]) -> Option<Page> {
    let (first, last) = (files.first()?, files.last()?);
    let total = files.iter().filter_map(|f| f.page.as_ref().map(|p| p.total)).max().unwrap_or(0);
    let start = first.page.as_ref().map_or(1, |p| p.first);
    let posts: usize = files.iter().map(|f| f.posts).sum();
    Some(Page {
        first: start,
        last: last.page.as_ref().map_or(start + posts as u64 - 1, |p| p.last),
        total,
        next: last.page.as_ref().and_then(|p| p.next.clone()),
        prev: first.page.as_ref().and_then(|p| p.prev.clone()),
    })
}

/// The "Load more posts" button: the next page of the file, or the next
/// page file read, parsed (in slices when long) and joined. A file that
/// cannot be read or parsed leaves the thread as it is: a short message by
/// the button, the reason in the console and in `thread-widget:error`.
pub(super) fn load_more(shared: &Shared) {
    {
        let mut inner = shared.borrow_mut();
        if inner.more_busy || inner.destroyed || inner.handed_over || inner.thread.is_none() {
            return;
        }
        // Within a file (or a platform's conversation) when it is paged; else the next file.
        if inner.config.page_size.is_some() {
            if inner.more_page().is_ok() {
                drop(inner);
                ready(shared);
            }
            return;
        }
    }
    // The plain build joins no page files: the widget moves to a build that does.
    #[cfg(plain)]
    shared.borrow().needs_more("page files (page.next, page.prev)");
    #[cfg(feature = "files-full")]
    load_next_file(shared);
}

/// "Load more" of a thread file with `page.next` (or `prev`): the next page
/// file read and joined, once the pending posts are in.
#[cfg(feature = "files-full")]
fn load_next_file(shared: &Shared) {
    let url = {
        let mut inner = shared.borrow_mut();
        let Some(thread) = &inner.thread else { return };
        let Some(next) = view::more_file(thread, &inner.config) else { return };
        // Joined files' links are resolved already; a single file's against its own URL.
        let url = resolve(next.as_str(), inner.base.as_deref());
        inner.more_busy = true;
        url
    };
    fn busy(shared: &Shared, on: bool) {
        let inner = shared.borrow();
        if let Ok(Some(b)) = inner.element.query_selector(".tw-more button") {
            let _ = if on { b.set_attribute("aria-busy", "true") } else { b.remove_attribute("aria-busy") };
        }
        if let Ok(Some(e)) = inner.element.query_selector(".tw-more .tw-error") {
            e.remove();
        }
    }
    busy(shared, true);
    let shared = shared.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let result = read_file(&shared, &url, None).await;
        shared.borrow_mut().more_busy = false;
        if shared.borrow().destroyed {
            return;
        }
        match result {
            // Another parse in progress or taking over: it shows what it read.
            Read::Nothing => busy(&shared, false),
            Read::Thread(file, hash, _) => {
                let mut inner = shared.borrow_mut();
                if file.posts.iter().any(|p| p.format.elsewhere()) {
                    // The Markdown and HTML build takes over from this file, as for *Later posts*.
                    inner.one_file();
                    inner.thread = Some(file);
                    inner.base = Some(url);
                    inner.last_hash = Some(hash);
                    let _ = inner.render();
                } else {
                    match inner.more_file(file, url, Some(hash)) {
                        Err(_) => {
                            drop(inner);
                            busy(&shared, false);
                            return;
                        }
                        Ok(Some(rest)) => {
                            drop(inner);
                            rejoined(&shared, rest);
                            ready(&shared);
                            return;
                        }
                        Ok(None) => {}
                    }
                }
                drop(inner);
                ready(&shared);
            }
            Read::Failed(reason, errors) => {
                busy(&shared, false);
                let reason = crate::digits::concat(&["load more failed, keeping the posts shown: ", &reason]);
                warn(&reason);
                let element = {
                    let inner = shared.borrow();
                    let cat = i18n::catalog(&resolve_lang(&inner.element, &inner.config));
                    if let (Ok(Some(more)), Some(doc)) = (inner.element.query_selector(".tw-more"), inner.element.owner_document()) {
                        let msg = VElement::new("span").class("tw-error").attr("role", "alert").text(cat.load_more_error);
                        if let Ok(frag) = dom::fragment(&doc, &[VElement::new("br").into(), msg.into()]) {
                            let _ = more.append_child(&frag);
                        }
                    }
                    inner.element.clone()
                };
                dispatch(&element, "thread-widget:error", &error_detail(&reason, errors.as_ref()));
            }
        }
    });
}
