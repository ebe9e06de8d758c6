//! The browser widget: loading, rendering into the DOM, and what a reader does
//! with it (pages, quote jumps, refresh). Compiled for wasm32 only.
//!
//! Nothing here panics on data and nothing throws into the host page except
//! through the promise or the `Error` a JS caller asked for: every failure is
//! shown in the widget, printed once in the console and sent as a
//! `thread-widget:error` event on the container.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, CustomEvent, CustomEventInit, Element, Request, RequestInit, Response};

use crate::config::{Config, Layout, Loading, Warning, OPTIONS};
use crate::error::Errors;
use crate::i18n;
use crate::model::{Page, Progress, Sliced, Thread};
use crate::render::dom;
use crate::view::{self, node::Element as VElement};

mod replies;
use replies::{build_replies, open_around, reveal, show_replies};

/// Prefix of every console line.
const PREFIX: &str = "thread-widget: ";

fn warn(msg: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!("{PREFIX}{msg}")));
}

fn log_error(msg: &str) {
    web_sys::console::error_1(&JsValue::from_str(&format!("{PREFIX}{msg}")));
}

/// The state of one mounted widget.
pub struct Inner {
    element: Element,
    config: Config,
    thread: Option<Thread>,
    /// URL the current thread file came from (page files resolve against it).
    base: Option<String>,
    /// Hash of the text the thread came from ([`text_hash`]), for
    /// `data-refresh`'s "unchanged" check: a 59 MB file is not kept twice.
    last_hash: Option<u64>,
    /// Every load, refresh or `update` takes a new number: a sliced parse
    /// ([`show_large`]) that finds another number when it resumes was
    /// superseded and stops.
    parse_gen: u32,
    /// The number of the sliced parse in progress, if any.
    parsing: Option<u32>,
    /// Tasks the last parse took (1: at once); in the ready event.
    parse_chunks: u32,
    listeners: Vec<EventListener>,
    observer: Option<(web_sys::IntersectionObserver, Closure<dyn FnMut(js_sys::Array)>)>,
    interval: Option<(i32, Closure<dyn FnMut()>)>,
    abort: Option<AbortController>,
    /// The rest of a long page, appended slice by slice (see [`Pending`]).
    pending: Option<Pending>,
    /// Slices the last complete render took (1: all at once); in the ready event.
    chunks: u32,
    /// This widget, for the timers that append slices.
    me: Weak<RefCell<Inner>>,
    /// The last render was left to the Markdown build (see `markdown_elsewhere`).
    handed_over: bool,
    destroyed: bool,
    /// The page files "Load more" joined into `thread`, in the model's order
    /// (empty: `thread` is one file, from `base`).
    files: Vec<FileSpan>,
    /// A "Load more" is reading its file.
    more_busy: bool,
}

/// One page file of a thread that "Load more" joined from several.
struct FileSpan {
    /// Where it came from (for `data-refresh`), and the hash of its text.
    url: Option<String>,
    hash: Option<u64>,
    /// How many of the thread's posts are its own.
    posts: usize,
    /// Its `page`, with `next` and `prev` resolved against `url`.
    page: Option<Page>,
}

/// "Load more" keeps at most this many posts shown: past it, the oldest
/// page (with `data-page-size`) or page file is dropped from the top, with
/// the reader's place kept. A reader who keeps loading a 100,000-post thread
/// keeps a bounded DOM and model (docs/benchmarks.md, "Very large threads").
const MORE_KEEP: usize = 2_000;

/// Threads and pages up to this many posts render all at once.
const FIRST_POSTS: usize = 20;

/// Posts built before `render` returns when a page is longer: a screenful
/// and more, and the first task stays short (docs/benchmarks.md, "Goals").
const FIRST_SCREEN: usize = 10;

/// How many of a page of `len` posts the first task builds.
fn first_posts(len: usize) -> usize {
    if len <= FIRST_POSTS {
        len
    } else {
        FIRST_SCREEN
    }
}

/// What building one slice of the rest may take (milliseconds), leaving room
/// under a 50 ms long task for what the browser does after it.
const SLICE_MS: f64 = 20.0;

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
struct Pending {
    list: Element,
    /// The thread's sorted ids, sorted once for all slices.
    index: view::PostIndex,
    config: Config,
    fmt: crate::intl::IntlFormatter,
    /// Built posts waiting to join `list`, and how many; posts in `list`.
    staged: Option<web_sys::DocumentFragment>,
    staged_posts: usize,
    shown: usize,
    /// Index (in the page) of the next post to build, and the page's length.
    next: usize,
    end: usize,
    /// Posts per slice, adapted to the measured cost.
    batch: usize,
    chunks: u32,
    /// Send `thread-widget:ready` when the last slice is in.
    ready: bool,
    /// False once this is dropped: the task already posted for the next
    /// slice then does nothing.
    live: Rc<Cell<bool>>,
}

impl Pending {
    /// The rest of a page whose first `shown` posts are in `list`, up to `end`.
    fn new(list: Element, index: view::PostIndex, config: Config, fmt: crate::intl::IntlFormatter, shown: usize, end: usize) -> Pending {
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

/// A widget, shared between its handle and its event listeners.
pub type Shared = Rc<RefCell<Inner>>;

thread_local! {
    /// Mounted widgets live until `destroy()`, as the DOM that shows them does:
    /// a handle that the page drops (the loader keeps none) must not take the
    /// widget's listeners and timers with it when the GC collects the handle.
    static LIVE: RefCell<Vec<Shared>> = const { RefCell::new(Vec::new()) };
}

fn keep_alive(shared: &Shared) {
    let element = shared.borrow().element.clone();
    LIVE.with(|l| {
        let mut live = l.borrow_mut();
        // A widget mounted into an element replaces the one that element held
        // (its handle then says "destroyed"), so no two answer the same clicks.
        live.retain(|s| {
            let Ok(mut old) = s.try_borrow_mut() else { return true };
            if old.element != element {
                return true;
            }
            old.destroyed = true;
            old.stop();
            false
        });
        live.push(shared.clone());
    });
}

fn let_go(shared: &Shared) {
    LIVE.with(|l| l.borrow_mut().retain(|s| !Rc::ptr_eq(s, shared)));
}

/// Reads options from a JS object (camelCase names); strings, numbers and
/// booleans are accepted. Warnings are printed once here.
pub fn config_from_js(base: Config, options: &JsValue) -> Config {
    let mut config = base;
    if options.is_undefined() || options.is_null() {
        return config;
    }
    if !options.is_object() {
        return config;
    }
    // Own properties only: a host page that polluted `Object.prototype` (say
    // with `src` or `refresh`) must not configure every widget through
    // `el.dataset` or an options object. Not `dyn_ref`: `Object.create(null)`
    // and other realms' objects fail `instanceof Object`.
    let own: &js_sys::Object = options.unchecked_ref();
    let mut warnings: Vec<Warning> = Vec::new();
    for (name, _) in OPTIONS {
        let key = JsValue::from_str(name);
        if !js_sys::Reflect::get_own_property_descriptor(own, &key).is_ok_and(|d| !d.is_undefined()) {
            continue;
        }
        let Ok(v) = js_sys::Reflect::get(options, &key) else { continue };
        if v.is_undefined() || v.is_null() {
            continue;
        }
        let text = if let Some(s) = v.as_string() {
            s
        } else if v.as_f64().is_some() {
            // JS writes the number (`20`, `2.5`): no float printing in the wasm.
            v.unchecked_ref::<js_sys::Number>().to_string_with_radix(10).map(String::from).unwrap_or_default()
        } else if let Some(b) = v.as_bool() {
            b.to_string()
        } else {
            String::from("[object]")
        };
        warnings.extend(config.set(name, &text));
    }
    for w in &warnings {
        warn(&w.to_string());
    }
    config
}

/// The reader's language: the option, else the nearest `lang` attribute, else the browser's.
fn resolve_lang(element: &Element, config: &Config) -> String {
    if !config.lang.is_empty() {
        return config.lang.clone();
    }
    if let Ok(Some(el)) = element.closest("[lang]") {
        if let Some(l) = el.get_attribute("lang").filter(|l| !l.is_empty()) {
            return l;
        }
    }
    web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_else(|| "en".into())
}

/// The language a widget in `element` with these options is shown in (as
/// [`resolve_lang`]); with no element, `renderToString`'s: the option, else
/// English. Reads only the `lang` option, and says nothing about bad values
/// (the widget's own reading of the options warns once).
pub fn lang_for(element: Option<&Element>, options: &JsValue) -> String {
    let mut config = Config::default();
    if options.is_object() {
        let key = JsValue::from_str("lang");
        // Own properties only, as in `config_from_js`.
        if js_sys::Reflect::get_own_property_descriptor(options.unchecked_ref::<js_sys::Object>(), &key).is_ok_and(|d| !d.is_undefined()) {
            if let Some(tag) = js_sys::Reflect::get(options, &key).ok().and_then(|v| v.as_string()) {
                let _ = config.set("lang", &tag);
            }
        }
    }
    match element {
        Some(el) => resolve_lang(el, &config),
        None if config.lang.is_empty() => "en".into(),
        None => config.lang,
    }
}

fn dispatch(element: &Element, name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_detail(detail);
    if let Ok(ev) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = element.dispatch_event(&ev);
    }
}

fn set(obj: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), value);
}

/// Builds the detail of a `thread-widget:error` event.
fn error_detail(message: &str, errors: Option<&Errors>) -> JsValue {
    let detail = js_sys::Object::new();
    set(&detail, "message", &JsValue::from_str(message));
    if let Some(errors) = errors {
        let list = js_sys::Array::new();
        for e in &errors.0 {
            let o = js_sys::Object::new();
            set(&o, "path", &JsValue::from_str(&e.path));
            set(&o, "message", &JsValue::from_str(&e.message));
            if let (Some(l), Some(c)) = (e.line, e.column) {
                set(&o, "line", &JsValue::from_f64(l as f64));
                set(&o, "column", &JsValue::from_f64(c as f64));
            }
            list.push(&o);
        }
        set(&detail, "errors", &list);
    }
    detail.into()
}

impl Inner {
    fn new(element: Element, config: Config) -> Shared {
        Rc::new_cyclic(|me| {
            RefCell::new(Inner {
                element,
                config,
                thread: None,
                base: None,
                last_hash: None,
                parse_gen: 0,
                parsing: None,
                parse_chunks: 1,
                listeners: Vec::new(),
                observer: None,
                interval: None,
                abort: None,
                pending: None,
                chunks: 1,
                me: me.clone(),
                handed_over: false,
                destroyed: false,
                files: Vec::new(),
                more_busy: false,
            })
        })
    }

    fn effective_config(&self) -> Config {
        let mut c = self.config.clone();
        c.lang = resolve_lang(&self.element, &self.config);
        // Nested, a conversation of any size keeps a bounded DOM (the rest behind buttons).
        c.reply_budget = Some(crate::config::REPLY_BUDGET);
        c
    }

    /// The `article` of a post if it is in the DOM now (nothing is built).
    fn article(&self, id: &str) -> Option<Element> {
        let want = format!("post-{id}");
        let list = self.element.query_selector_all("article.tw-post").ok()?;
        (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).find(|el| el.id() == want)
    }

    /// Renders the current thread into the container: at once when the page
    /// is short, else its first posts now and the rest in slices ([`Pending`]).
    fn render(&mut self) -> Result<(), JsValue> {
        self.render_after(None)
    }

    /// [`Inner::render`]; with `shown`, the frame and first posts are in the
    /// DOM already (a sliced parse showed them from its preview, for the same
    /// config) and only the rest is scheduled, with that index of the thread.
    fn render_after(&mut self, shown: Option<view::PostIndex>) -> Result<(), JsValue> {
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
    fn markdown_elsewhere(&self, thread: &Thread) -> bool {
        if !thread.posts.iter().any(|p| p.format.elsewhere()) {
            return false;
        }
        let init = CustomEventInit::new();
        init.set_cancelable(true);
        init.set_detail(&self.base.as_deref().map_or(JsValue::NULL, JsValue::from_str));
        let taken = CustomEvent::new_with_event_init_dict("thread-widget:markdown", &init).is_ok_and(|ev| !self.element.dispatch_event(&ev).unwrap_or(true));
        if !taken {
            warn("Markdown or HTML bodies are shown as plain text until the build that reads them is loaded (`await init({ markdown: true })` loads it first)");
        }
        taken
    }

    /// Appends the next slice in a task of its own.
    fn schedule(&self) {
        let Some(p) = self.pending.as_ref() else { return };
        let (me, live) = (self.me.clone(), p.live.clone());
        // Called once, then freed; a cancelled render's task finds `live` false.
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
    fn append(&mut self, until: Option<usize>) -> bool {
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
    fn show_through(&mut self, index: usize) {
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

    fn put(&self, nodes: &[view::node::Node]) -> Result<(), JsValue> {
        let doc = self.element.owner_document().ok_or_else(|| JsValue::from_str("no document"))?;
        let frag = dom::fragment(&doc, nodes)?;
        self.element.set_attribute("data-tw-theme", self.config.theme.name())?;
        // The stylesheet applies under `.tw-root` only: data-theme="none" leaves the widget unstyled.
        let _ = self.element.class_list().toggle_with_force("tw-root", self.config.theme != crate::config::Theme::None);
        self.element.replace_children_with_node_1(&frag);
        Ok(())
    }

    /// Shows a short message in the widget and prints the reason in the console.
    fn show_error(&mut self, reason: &str) {
        self.pending = None;
        log_error(reason);
        let cat = i18n::catalog(&resolve_lang(&self.element, &self.config));
        let msg = VElement::new("div").class("tw-error").attr("role", "alert").child(VElement::new("p").text(cat.load_error));
        let _ = self.put(&[msg.into()]);
    }

    fn stop(&mut self) {
        self.pending = None;
        self.listeners.clear();
        if let Some((obs, _)) = self.observer.take() {
            obs.disconnect();
        }
        if let Some((id, _)) = self.interval.take() {
            if let Some(w) = web_sys::window() {
                w.clear_interval_with_handle(id);
            }
        }
        if let Some(a) = self.abort.take() {
            a.abort();
        }
    }

    /// The `article` of a post in this widget, if it is on the page shown
    /// (appending the page's posts up to it first, if they are pending).
    fn post_element(&mut self, id: &str) -> Option<Element> {
        if self.pending.is_some() {
            let index = self.thread.as_ref().and_then(|t| {
                let i = view::place(t, &self.config, id)?;
                let w = view::window(t, &self.config);
                (w.start..w.end).contains(&i).then(|| i - w.start)
            });
            if let Some(i) = index {
                self.show_through(i);
            }
        }
        self.article(id)
    }

    /// Makes sure the page that holds a post is the one shown; true when it had to change.
    fn show_page_of(&mut self, id: &str) -> bool {
        let Some(thread) = &self.thread else { return false };
        let Some(size) = self.config.page_size.filter(|&s| s > 0) else { return false };
        let Some(index) = view::place(thread, &self.config, id) else { return false };
        let page = index / size + 1;
        let w = view::window(thread, &self.config);
        if !(w.page..=w.last).contains(&page) {
            self.config.page = page;
            self.config.span = 1;
            let _ = self.render();
            return true;
        }
        false
    }
}

impl Inner {
    /// The file "Load more" joins new posts from, and the one that holds the
    /// newest posts loaded: the last of [`Inner::files`] (a thread that is
    /// one file: `base`). `data-refresh` re-reads it.
    fn newest_file(&self) -> (Option<String>, Option<u64>) {
        match self.files.last() {
            Some(f) => (f.url.clone(), f.hash),
            None => (self.base.clone(), self.last_hash),
        }
    }

    /// `data-refresh` of joined files: the newest one's posts are replaced
    /// by those of `file`, its new version.
    fn replace_newest_file(&mut self, mut file: Thread, url: String, hash: u64) {
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

    /// Forgets joined files: the thread shown is one file again.
    fn one_file(&mut self) {
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

    /// "Load more" across page files: `file` (read from `url`) joins the
    /// thread after the posts shown, and past [`MORE_KEEP`] posts the files
    /// shown first go (the one the reader was in stays).
    fn more_file(&mut self, mut file: Thread, url: String, hash: Option<u64>) -> Result<(), JsValue> {
        let Some(thread) = &self.thread else { return Ok(()) };
        // Nested, the list's articles are top-level posts, and a reply in the
        // new file may belong under any of them: the joined thread is rendered anew.
        let before = if self.config.layout == Layout::Nested { 0 } else { thread.posts.len() };
        let newest_first = self.config.order == crate::config::Order::Newest;
        if self.files.is_empty() {
            let page = thread.page.clone().map(|p| resolved(p, self.base.as_deref()));
            self.files.push(FileSpan { url: self.base.clone(), hash: self.last_hash, posts: before, page });
        }
        new_posts(thread, &mut file);
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
        self.grow(before, drop, Box::new(move |inner: &mut Inner| {
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
        }))
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
            if anchor.is_connected() {
                let off = anchor.get_bounding_client_rect().top() - top;
                if let (true, Some(w)) = (off.abs() >= 1.0, web_sys::window()) {
                    w.scroll_by_with_x_and_y(0.0, off);
                }
                settle(anchor, top);
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

/// Leaves out of `file` the posts `thread` has already: a post in two files
/// (a file that grew since the one before it was read) is shown once.
fn new_posts(thread: &Thread, file: &mut Thread) {
    let index = view::PostIndex::new(thread);
    file.posts.retain(|p| !index.contains(thread, &p.id));
}

/// A page file's `page` with its `next` and `prev` resolved against the
/// file's own URL (joined files come from different places).
fn resolved(mut page: Page, base: Option<&str>) -> Page {
    for u in [&mut page.next, &mut page.prev].into_iter().flatten() {
        *u = resolve(u, base);
    }
    page
}

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
fn load_more(shared: &Shared) {
    let url = {
        let mut inner = shared.borrow_mut();
        if inner.more_busy || inner.destroyed || inner.handed_over {
            return;
        }
        let Some(thread) = &inner.thread else { return };
        // Within a file when it is paged; else the next file, once the pending posts are in.
        if inner.config.page_size.is_some() {
            if inner.more_page().is_ok() {
                drop(inner);
                ready(shared);
            }
            return;
        }
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
                } else if inner.more_file(file, url, Some(hash)).is_err() {
                    drop(inner);
                    busy(&shared, false);
                    return;
                }
                drop(inner);
                ready(&shared);
            }
            Read::Failed(reason, errors) => {
                busy(&shared, false);
                let reason = format!("load more failed, keeping the posts shown: {reason}");
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

impl Drop for Inner {
    fn drop(&mut self) {
        self.stop();
    }
}

// Events are sent with no borrow of the widget held: listeners may call the
// handle (`update`, `setOptions`, `destroy`) synchronously.

/// Shows a short message; the reason goes to the console and the event.
fn fail(shared: &Shared, reason: &str, errors: Option<&Errors>) {
    let element = {
        let mut inner = shared.borrow_mut();
        inner.show_error(reason);
        inner.element.clone()
    };
    dispatch(&element, "thread-widget:error", &error_detail(reason, errors));
}

/// Sends `thread-widget:ready`, or has the last slice send it when the page
/// is still being appended: ready means every post of the page is in the DOM.
fn ready(shared: &Shared) {
    let (element, n, chunks, parse_chunks) = {
        let mut inner = shared.borrow_mut();
        if inner.handed_over {
            return;
        }
        if let Some(p) = inner.pending.as_mut() {
            p.ready = true;
            return;
        }
        (inner.element.clone(), inner.thread.as_ref().map_or(0, |t| t.posts.len()), inner.chunks, inner.parse_chunks)
    };
    let detail = js_sys::Object::new();
    set(&detail, "posts", &JsValue::from_f64(n as f64));
    set(&detail, "chunks", &JsValue::from_f64(chunks as f64));
    set(&detail, "parseChunks", &JsValue::from_f64(parse_chunks as f64));
    dispatch(&element, "thread-widget:ready", &detail.into());
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

/// An element's `scroll-margin-top` in pixels (0 when unknown).
fn scroll_margin_top(el: &Element) -> f64 {
    let Some(w) = web_sys::window() else { return 0.0 };
    let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &JsValue::from_str(k)).ok();
    get(&w, "getComputedStyle")
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&w, el).ok())
        .and_then(|style| get(&style, "scrollMarginTop"))
        .and_then(|v| v.as_string())
        // JS's parseFloat ("16px" → 16): Rust's float parsing would cost 12 KB of tables.
        .map(|v| js_sys::parse_float(&v))
        .filter(|v| v.is_finite())
        .unwrap_or(0.0)
}

/// Keeps `el` at `top` (px from the viewport's top) while the page settles.
/// Posts off screen are `content-visibility: auto`: until the browser has
/// rendered the ones near the screen their heights are estimates, so a post
/// scrolled to (a quote jump, `#post-4`, the reader's place kept over a
/// refresh) would move when the posts above it get their real heights. A
/// `ResizeObserver` on the post list runs after each layout and before the
/// paint, so the post is put back before anyone sees it move. It stops when
/// the reader scrolls, clicks or types, after two seconds, or when the next
/// post is settled (one at a time, page-wide).
fn settle(el: Element, top: f64) {
    struct Settling {
        observer: web_sys::ResizeObserver,
        stopped: Rc<Cell<bool>>,
        _callback: Closure<dyn FnMut(JsValue, web_sys::ResizeObserver)>,
        _listeners: Vec<EventListener>,
    }
    impl Drop for Settling {
        fn drop(&mut self) {
            self.stopped.set(true);
            self.observer.disconnect();
        }
    }
    thread_local! {
        static SETTLING: RefCell<Option<Settling>> = const { RefCell::new(None) };
    }
    let Some(w) = web_sys::window() else { return };
    let put_back = {
        let (el, w) = (el.clone(), w.clone());
        move || {
            let off = el.get_bounding_client_rect().top() - top;
            if off.abs() >= 1.0 {
                w.scroll_by_with_x_and_y(0.0, off);
            }
        }
    };
    // Dropping the last one (here, never inside its own callback) disconnects it.
    SETTLING.with(|s| s.borrow_mut().take());
    put_back();
    let Some(list) = el.parent_element() else { return };
    let done = Rc::new(Cell::new(false));
    let stopped = Rc::new(Cell::new(false));
    let until = js_sys::Date::now() + 2000.0;
    let callback = {
        let (done, stopped, w) = (done.clone(), stopped.clone(), w.clone());
        Closure::<dyn FnMut(JsValue, web_sys::ResizeObserver)>::new(move |_entries, observer: web_sys::ResizeObserver| {
            if done.get() || js_sys::Date::now() >= until || !el.is_connected() {
                return;
            }
            put_back();
            // The scroll may give posts near the screen their real heights in
            // this same frame: a size change the observer could only report
            // with a "ResizeObserver loop" error on the page (Firefox does).
            // Unobserved until the next frame, it reports that size then,
            // still after layout and before paint.
            observer.unobserve(&el.parent_element().unwrap_or_else(|| el.clone()));
            let (again, stopped, el) = (observer.clone(), stopped.clone(), el.clone());
            let next = Closure::once_into_js(move || {
                if let (false, Some(list)) = (stopped.get(), el.parent_element()) {
                    again.observe(&list);
                }
            });
            let _ = w.request_animation_frame(next.unchecked_ref());
        })
    };
    let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) else { return };
    observer.observe(&list);
    let opts = EventListenerOptions::run_in_capture_phase();
    let listeners = ["wheel", "touchstart", "keydown", "mousedown"]
        .into_iter()
        .map(|name| {
            let done = done.clone();
            EventListener::new_with_options(&w, name, opts, move |_| done.set(true))
        })
        .collect();
    SETTLING.with(|s| *s.borrow_mut() = Some(Settling { observer, stopped, _callback: callback, _listeners: listeners }));
}

/// Runs `f` in a task of its own: `scheduler.postTask` where the browser has
/// it (no 4 ms clamp after five nested timeouts, which cost a 1,000-post page
/// about 90 ms of idle; the browser still renders between tasks), else
/// `setTimeout(f, 0)`.
fn post_task(f: &JsValue) {
    let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &JsValue::from_str(k)).ok().filter(|v| !v.is_undefined());
    let scheduler = get(&js_sys::global(), "scheduler");
    if let Some((s, post)) = scheduler.and_then(|s| get(&s, "postTask").map(|p| (s, p))) {
        if post.dyn_ref::<js_sys::Function>().is_some_and(|post| post.call1(&s, f).is_ok()) {
            return;
        }
    }
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), 0);
    }
}

/// Moves focus to an element without scrolling; a post (an `article`) is
/// made focusable by script only (`tabindex="-1"`).
fn focus_in_place(el: &Element) {
    let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() else { return };
    if h.tag_name() == "ARTICLE" {
        let _ = h.set_attribute("tabindex", "-1");
    }
    let fo = web_sys::FocusOptions::new();
    fo.set_prevent_scroll(true);
    let _ = h.focus_with_options(&fo);
}

/// Scrolls to a post, moves focus there and highlights it briefly.
fn jump(shared: &Shared, id: &str, focus: bool) -> bool {
    let el = {
        let mut inner = shared.borrow_mut();
        inner.show_page_of(id);
        inner.post_element(id)
    };
    // Nested, past the budget: build the replies that hold it first.
    let el = el.or_else(|| reveal(shared, id).then(|| shared.borrow().article(id)).flatten());
    let Some(el) = el else { return false };
    open_around(shared, &el);
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_block(web_sys::ScrollLogicalPosition::Start);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
    // Where scrollIntoView means it to be: its scroll margin from the top (the
    // page may not be long enough below it yet, while slices are pending).
    settle(el.clone(), scroll_margin_top(&el));
    if focus {
        focus_in_place(&el);
    }
    let _ = el.class_list().remove_1("tw-highlight");
    let _ = el.class_list().add_1("tw-highlight");
    if let Some(w) = web_sys::window() {
        let target = el.clone();
        let cb = Closure::once_into_js(move || {
            let _ = target.class_list().remove_1("tw-highlight");
        });
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), 2000);
    }
    true
}

/// Resolves a URL against a base (the page's address when there is none).
fn resolve(url: &str, base: Option<&str>) -> String {
    let doc_base = web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten());
    let base = base.map(|b| resolve(b, None)).or(doc_base);
    match base {
        Some(b) => web_sys::Url::new_with_base(url, &b).map(|u| u.href()).unwrap_or_else(|_| url.to_owned()),
        None => url.to_owned(),
    }
}

/// Reads a response's body as UTF-8 text straight into the wasm, chunk by
/// chunk, each in a task of its own. `Response.text()` then a `String`
/// would decode the whole file into a JS string in one task and encode it
/// again into the wasm in another (about 100 and 50 ms for 5.9 MB here, and
/// a 118 MB string in the JS heap for a 59 MB file). The same text as
/// `text()`: a leading byte order mark is dropped, invalid UTF-8 becomes U+FFFD.
async fn read_body(resp: &Response) -> Result<String, JsValue> {
    let Some(body) = resp.body() else { return Ok(String::new()) };
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    // Content-Length, when the server says it, sizes the buffer once (not beyond 1 GB).
    let hint = resp.headers().get("content-length").ok().flatten().and_then(|l| l.trim().parse::<usize>().ok()).unwrap_or(0);
    let mut bytes: Vec<u8> = Vec::with_capacity(hint.min(1 << 30));
    // Bytes checked as UTF-8 so far, chunk by chunk (a sequence may straddle two).
    let (mut valid, mut lossy) = (0usize, false);
    // Chunks already received resolve `read()` at once, in the same task:
    // yield once a slice's time is spent.
    let mut since = js_sys::Date::now();
    loop {
        if js_sys::Date::now() - since > SLICE_MS {
            yield_now().await;
            since = js_sys::Date::now();
        }
        let chunk = JsFuture::from(reader.read()).await?;
        if js_sys::Reflect::get(&chunk, &JsValue::from_str("done"))?.is_truthy() {
            break;
        }
        let Ok(part) = js_sys::Reflect::get(&chunk, &JsValue::from_str("value"))?.dyn_into::<js_sys::Uint8Array>() else { continue };
        let start = bytes.len();
        bytes.resize(start + part.length() as usize, 0);
        part.copy_to(&mut bytes[start..]);
        if !lossy {
            match std::str::from_utf8(&bytes[valid..]) {
                Ok(_) => valid = bytes.len(),
                Err(e) => {
                    valid += e.valid_up_to();
                    lossy = e.error_len().is_some();
                }
            }
        }
    }
    let mut text = if !lossy && valid == bytes.len() {
        // SAFETY: every byte was checked above, chunk by chunk, with `from_utf8`.
        unsafe { String::from_utf8_unchecked(bytes) }
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    };
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

/// A load's time limit: a timer that aborts the load's controller, and
/// whether it did. Not `AbortSignal.timeout` with `AbortSignal.any`: Safari
/// before 17.4 and Firefox ESR 115 lack `any`, and WebKitGTK rejects a fetch
/// stopped by a timeout signal as an AbortError, not a TimeoutError. One
/// timer is the same in every engine. Dropped, it clears the timer.
struct Deadline {
    passed: Rc<Cell<bool>>,
    timer: Option<i32>,
    _fire: Closure<dyn FnMut()>,
}

impl Deadline {
    fn new(window: &web_sys::Window, controller: &AbortController, ms: u32) -> Deadline {
        let passed = Rc::new(Cell::new(false));
        let fire = {
            let (passed, controller) = (passed.clone(), controller.clone());
            Closure::<dyn FnMut()>::new(move || {
                passed.set(true);
                controller.abort();
            })
        };
        let timer = window.set_timeout_with_callback_and_timeout_and_arguments_0(fire.as_ref().unchecked_ref(), ms.min(i32::MAX as u32) as i32).ok();
        Deadline { passed, timer, _fire: fire }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(id), Some(w)) = (self.timer, web_sys::window()) {
            w.clear_timeout_with_handle(id);
        }
    }
}

/// Fetches a thread file's text; the error is the precise reason.
async fn fetch_text(shared: &Shared, url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let (signal, deadline, timeout_ms) = {
        let mut inner = shared.borrow_mut();
        let controller = AbortController::new().map_err(|_| "AbortController unavailable")?;
        let deadline = Deadline::new(&window, &controller, inner.config.timeout_ms);
        let signal = controller.signal();
        inner.abort = Some(controller);
        (signal, deadline, inner.config.timeout_ms)
    };
    // A dictionary with no prototype: fetch reads `method`, `body`, `headers`,
    // `mode`… through the prototype chain, and a page that polluted
    // `Object.prototype.body` would otherwise break (or steer) every load.
    let no_prototype: js_sys::Object = JsValue::NULL.unchecked_into();
    let init: RequestInit = js_sys::Object::create(&no_prototype).unchecked_into();
    init.set_signal(Some(&signal));
    let request = Request::new_with_str_and_init(url, &init).map_err(|_| format!("{url}: not a valid URL"))?;
    let too_late = || {
        // Seconds with up to three decimals, in integers: no float printing in the wasm.
        let secs = format!("{}.{:03}", timeout_ms / 1000, timeout_ms % 1000);
        format!("{url}: no answer within {} seconds", secs.trim_end_matches('0').trim_end_matches('.'))
    };
    let resp = match JsFuture::from(window.fetch_with_request(&request)).await {
        Ok(r) => r,
        Err(_) if deadline.passed.get() => return Err(too_late()),
        Err(e) => {
            let name = js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
            return Err(match name.as_str() {
                "AbortError" => format!("{url}: loading was cancelled"),
                _ => format!("{url}: network error (the server could not be reached, or it refused the request)"),
            });
        }
    };
    let resp: Response = resp.dyn_into().map_err(|_| "fetch did not return a Response")?;
    if !resp.ok() {
        let status_text = resp.status_text();
        return Err(format!("{url}: HTTP {}{}{}", resp.status(), if status_text.is_empty() { "" } else { " " }, status_text));
    }
    let text = read_body(&resp).await.map_err(|_| if deadline.passed.get() { too_late() } else { format!("{url}: the response could not be read") })?;
    let content_type = resp.headers().get("content-type").ok().flatten().unwrap_or_default();
    if content_type.contains("text/html") || text.trim_start().starts_with('<') {
        return Err(format!("{url}: expected thread JSON but the server sent an HTML page (Content-Type: {content_type})"));
    }
    Ok(text)
}

/// Where the thread's JSON text comes from.
enum Source {
    Url(String),
    Inline(String),
}

fn source(inner: &Inner) -> Result<Source, String> {
    match inner.config.src.as_deref() {
        Some(id) if id.starts_with('#') => {
            let doc = inner.element.owner_document().ok_or("no document")?;
            let el = doc.get_element_by_id(&id[1..]).ok_or_else(|| format!("data-src={}: no element with that id", crate::error::quoted(id)))?;
            let script = el
                .dyn_into::<web_sys::HtmlScriptElement>()
                .map_err(|_| format!("data-src={}: the element is not a <script type=\"application/json\">", crate::error::quoted(id)))?;
            Ok(Source::Inline(script.text().unwrap_or_default()))
        }
        Some(url) => Ok(Source::Url(resolve(url, None))),
        None => {
            let script = inner
                .element
                .query_selector("script[type='application/json']")
                .ok()
                .flatten()
                .ok_or("no thread: give data-src, or put a <script type=\"application/json\"> with the thread inside the container")?;
            Ok(Source::Inline(script.text_content().unwrap_or_default()))
        }
    }
}

/// Loads (or reloads) the thread and renders it. On failure the widget shows
/// its message and the reason is returned.
pub async fn load(shared: &Shared) -> Result<(), String> {
    let src = source(&shared.borrow());
    let (text, base) = match src {
        Err(e) => {
            fail(shared, &e, None);
            return Err(e);
        }
        Ok(Source::Inline(t)) => (t, None),
        Ok(Source::Url(u)) => match fetch_text(shared, &u).await {
            Ok(t) => (t, Some(u)),
            Err(e) => {
                if !shared.borrow().destroyed {
                    fail(shared, &e, None);
                }
                return Err(e);
            }
        },
    };
    if shared.borrow().destroyed {
        return Ok(());
    }
    show_text(shared, text, base, true).await
}

/// Above this many bytes of JSON text, a thread is parsed in slices
/// ([`show_large`]); smaller ones in one go, as `renderToString` and the CLI do.
const SLICED_PARSE_BYTES: usize = 256 * 1024;

/// A 64-bit FNV-1a hash of the text, taken over 8-byte words (8 times fewer
/// multiplications than byte by byte: ~8 ms for 59 MB in the wasm), then the tail.
fn text_hash(text: &str) -> u64 {
    fnv_words(0xcbf2_9ce4_8422_2325 ^ text.len() as u64, text.as_bytes())
}

/// FNV-1a steps over `bytes` as 8-byte words, then over its last bytes.
fn fnv_words(mut h: u64, bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        h = (h ^ u64::from_le_bytes(b)).wrapping_mul(PRIME);
    }
    for &b in words.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(PRIME);
    }
    h
}

/// [`text_hash`] in slices of about [`SLICE_MS`] (59 MB take about 200 ms
/// here): pieces of 1 MB, a multiple of 8 bytes, so the words are the same.
async fn text_hash_sliced(text: &str) -> u64 {
    const PIECE: usize = 1 << 20;
    let mut h = 0xcbf2_9ce4_8422_2325 ^ text.len() as u64;
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
/// in a new task, posted as the slices of a long page are ([`post_task`]).
async fn yield_now() {
    let promise = js_sys::Promise::new(&mut |resolve, _| post_task(&resolve));
    let _ = JsFuture::from(promise).await;
}

/// The sliced parse of `text`, when it is long enough to need one.
fn sliced(text: &str, positions: bool) -> Option<Sliced<'_>> {
    if text.len() > SLICED_PARSE_BYTES {
        Sliced::with_positions(text, positions)
    } else {
        None
    }
}

/// Parses `text` in slices of about [`SLICE_MS`], yielding between them;
/// `None` when the parse was superseded (a new load, refresh or `update`)
/// or the widget destroyed. With `preview`, shows the thread's frame and
/// first screen as soon as their posts are validated, and returns the
/// config it was shown with.
/// What a sliced parse gives: the thread or its errors, the config its
/// preview was shown with, the tasks it took, and the posts sorted by id.
struct Parsed {
    result: Result<Thread, Errors>,
    shown: Option<Config>,
    chunks: u32,
    order: Vec<usize>,
}

async fn parse_sliced(shared: &Shared, mut job: Sliced<'_>, my: u32, preview: bool) -> Option<Parsed> {
    let mut asked = false;
    let mut shown: Option<Config> = None;
    // Nested, a post's replies may stand anywhere in the file: no first screen before the whole is read.
    let preview = preview && shared.borrow().config.layout != Layout::Nested;
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

/// Starts a parse: a new number, which supersedes any parse in progress.
fn next_parse(shared: &Shared) -> u32 {
    let mut inner = shared.borrow_mut();
    inner.parse_gen = inner.parse_gen.wrapping_add(1);
    inner.parse_gen
}

/// Parses thread text (in slices when long) and renders it; with
/// `positions` false the text is a JS object's and errors say no line.
async fn show_text(shared: &Shared, text: String, base: Option<String>, positions: bool) -> Result<(), String> {
    let my = next_parse(shared);
    let hash = if text.len() > SLICED_PARSE_BYTES { text_hash_sliced(&text).await } else { text_hash(&text) };
    if shared.borrow().destroyed || shared.borrow().parse_gen != my {
        return Ok(());
    }
    let (parsed, shown, chunks, order) = if let Some(job) = sliced(&text, positions) {
        let old_base = {
            let mut inner = shared.borrow_mut();
            inner.parsing = Some(my);
            // Markdown hand-over says where the file is.
            std::mem::replace(&mut inner.base, base.clone())
        };
        let r = parse_sliced(shared, job, my, true).await;
        let mut inner = shared.borrow_mut();
        if inner.parsing == Some(my) {
            inner.parsing = None;
        }
        match r {
            Some(Parsed { result: Err(e), .. }) => {
                inner.base = old_base;
                (Err(if positions { e } else { object_errors(e) }), None, 1, Vec::new())
            }
            Some(p) => (p.result, p.shown, p.chunks, p.order),
            // Superseded, destroyed or handed over to the Markdown build.
            None => return Ok(()),
        }
    } else {
        (thread_from_text(&text, !positions), None, 1, Vec::new())
    };
    drop(text);
    match parsed {
        Err(errors) => {
            let where_ = base.as_deref().map(|b| format!("{b}: ")).unwrap_or_default();
            let reason = format!("{where_}{errors}");
            fail(shared, &reason, Some(&errors));
            Err(reason)
        }
        Ok(thread) => {
            {
                let mut inner = shared.borrow_mut();
                // The preview's frame and first posts are the final ones when the config is the same.
                let same = shown.is_some_and(|c| c == inner.effective_config());
                let index = same.then(|| view::PostIndex::from_sorted(&thread, order));
                inner.files.clear();
                inner.thread = Some(thread);
                inner.base = base;
                inner.last_hash = Some(hash);
                inner.parse_chunks = chunks;
                inner.render_after(index).map_err(|_| "the widget could not be built".to_owned())?;
            }
            ready(shared);
            jump_to_hash(shared);
            Ok(())
        }
    }
}

/// Opening a page at `#post-4` scrolls to that post once it is rendered.
fn jump_to_hash(shared: &Shared) {
    let Some(hash) = web_sys::window().and_then(|w| w.location().hash().ok()) else { return };
    if let Some(id) = hash.strip_prefix("#post-") {
        let id = js_sys::decode_uri_component(id).ok().and_then(|s| s.as_string()).unwrap_or_else(|| id.to_owned());
        let known = shared.borrow().thread.as_ref().is_some_and(|t| t.posts.iter().any(|p| p.id == id));
        if known {
            jump(shared, &id, false);
        }
    }
}

/// What reading a thread file gave ([`read_file`]).
enum Read {
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
async fn read_file(shared: &Shared, url: &str, unchanged: Option<u64>) -> Read {
    let text = match fetch_text(shared, url).await {
        Ok(t) => t,
        // Destroyed meanwhile (which aborts the fetch): nothing to say.
        Err(_) if shared.borrow().destroyed => return Read::Nothing,
        Err(e) => return Read::Failed(e, None),
    };
    let hash = if text.len() > SLICED_PARSE_BYTES { text_hash_sliced(&text).await } else { text_hash(&text) };
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
        Err(errors) => Read::Failed(format!("{url}: {errors}"), Some(errors)),
    }
}

/// Re-reads `src`; new posts appear without moving the reader; a failure keeps the last render.
async fn refresh(shared: Shared) {
    // A container removed from the page stops refreshing and is let go, so
    // neither it nor its widget outlives the page that dropped it.
    if !shared.borrow().element.is_connected() {
        shared.borrow_mut().stop();
        let_go(&shared);
        return;
    }
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
    let (thread, hash, chunks) = match read_file(&shared, &url, unchanged).await {
        Read::Thread(t, hash, chunks) => (t, hash, chunks),
        Read::Failed(e, errors) => {
            let reason = format!("refresh failed, keeping the last version: {e}");
            warn(&reason);
            let element = shared.borrow().element.clone();
            dispatch(&element, "thread-widget:error", &error_detail(&reason, errors.as_ref()));
            return;
        }
        Read::Nothing => return,
    };
    let mut inner = shared.borrow_mut();
    // Keep the reader's place: the first post whose top is on screen stays where it is.
    // Nested, a top-level article holds its replies: the reader's place is
    // the first reply that starts on screen (or the one they are inside).
    let nested = inner.config.layout == Layout::Nested;
    let anchor = {
        let list = inner.element.query_selector_all("article.tw-post").ok();
        list.and_then(|l| {
            let mut seen = (0..l.length()).filter_map(|i| l.item(i)?.dyn_into::<Element>().ok()).filter(|el| el.get_bounding_client_rect().bottom() > 0.0);
            let first = seen.next()?;
            let el = if nested { std::iter::once(first.clone()).chain(seen).find(|el| el.get_bounding_client_rect().top() >= 0.0).unwrap_or(first) } else { first };
            Some((el.id(), el.get_bounding_client_rect().top()))
        })
    };
    if inner.files.is_empty() {
        inner.thread = Some(thread);
        inner.last_hash = Some(hash);
    } else {
        // Joined files: the newest one read again replaces its posts.
        inner.replace_newest_file(thread, url, hash);
    }
    inner.parse_chunks = chunks;
    if inner.render().is_err() {
        return;
    }
    drop(inner);
    // Nested, the reader may have been past the budget: build the replies that hold their place.
    if let Some((id, _)) = &anchor {
        reveal(&shared, id.trim_start_matches("post-"));
    }
    let mut inner = shared.borrow_mut();
    if let Some((id, before)) = anchor {
        if let Some(el) = inner.post_element(id.trim_start_matches("post-")) {
            let after = el.get_bounding_client_rect().top();
            if let Some(w) = web_sys::window() {
                w.scroll_by_with_x_and_y(0.0, after - before);
            }
            settle(el, before);
        }
    }
    drop(inner);
    ready(&shared);
}

/// Clicks on pager buttons, quote links and page-file links.
fn listen(shared: &Shared) {
    let weak: Weak<RefCell<Inner>> = Rc::downgrade(shared);
    let element = shared.borrow().element.clone();
    // Not passive (gloo's default): quote and page-file links cancel their navigation.
    let click = EventListener::new_with_options(&element, "click", EventListenerOptions::enable_prevent_default(), move |event| {
        let Some(shared) = weak.upgrade() else { return };
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        let Ok(Some(hit)) = target.closest("button[data-page], a[data-post], a.tw-next-file, a.tw-prev-file, .tw-more > button, button.tw-toggle, button.tw-more-replies") else { return };
        if hit.class_list().contains("tw-more-replies") {
            let (Some(of), Some(from)) = (hit.get_attribute("data-of"), hit.get_attribute("data-from").and_then(|f| f.parse().ok())) else { return };
            let (before, div) = (hit.previous_element_sibling(), hit.parent_element());
            build_replies(&shared, &of, from, &hit, true);
            // Focus moves to the first reply built, where the button was.
            let first = match before {
                Some(b) => b.next_element_sibling(),
                None => div.and_then(|d| d.first_element_child()),
            };
            if let Some(first) = first {
                focus_in_place(&first);
            }
            return;
        }
        if hit.class_list().contains("tw-toggle") {
            let open = hit.get_attribute("aria-expanded").as_deref() == Some("false");
            show_replies(&shared, &hit, open);
            return;
        }
        if hit.parent_element().is_some_and(|p| p.class_name() == "tw-more") {
            load_more(&shared);
            return;
        }
        if let Some(page) = hit.get_attribute("data-page").and_then(|p| p.parse::<usize>().ok()) {
            let mut inner = shared.borrow_mut();
            inner.config.page = page;
            inner.config.span = 1;
            let _ = inner.render();
            // Keep keyboard users in the pager they used: focus the same control again.
            let cls = hit.get_attribute("class");
            let selector = match cls.as_deref() {
                Some(c) if c.contains("tw-page-prev") => ".tw-pager .tw-page-prev".to_owned(),
                Some(c) if c.contains("tw-page-next") => ".tw-pager .tw-page-next".to_owned(),
                _ => format!(".tw-pager button[data-page='{page}']"),
            };
            if let Ok(Some(b)) = inner.element.query_selector(&selector) {
                if let Ok(b) = b.dyn_into::<web_sys::HtmlElement>() {
                    let _ = b.focus();
                }
            }
            if let Ok(Some(top)) = inner.element.query_selector(".tw-thread") {
                let opts = web_sys::ScrollIntoViewOptions::new();
                opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
                top.scroll_into_view_with_scroll_into_view_options(&opts);
            }
            return;
        }
        if let Some(id) = hit.get_attribute("data-post") {
            if jump(&shared, &id, true) {
                event.prevent_default();
            }
            return;
        }
        if let Some(href) = hit.get_attribute("href") {
            event.prevent_default();
            let base = shared.borrow().base.clone();
            let url = resolve(&href, base.as_deref());
            let shared = shared.clone();
            wasm_bindgen_futures::spawn_local(async move {
                // One fetch; a widget destroyed meanwhile (its fetch aborted) shows nothing.
                let result = fetch_text(&shared, &url).await;
                if shared.borrow().destroyed {
                    return;
                }
                match result {
                    Ok(text) => {
                        {
                            let mut inner = shared.borrow_mut();
                            inner.config.page = 1;
                            inner.config.span = 1;
                        }
                        if show_text(&shared, text, Some(url), true).await.is_ok() {
                            if let Ok(Some(top)) = shared.borrow().element.query_selector(".tw-thread") {
                                top.scroll_into_view();
                            }
                        }
                    }
                    Err(e) => fail(&shared, &e, None),
                }
            });
        }
    });
    shared.borrow_mut().listeners.push(click);
    // A #post-N link followed later (the address bar, a link of the page):
    // the same jump as on load, opening a hidden subtree or another page.
    if let Some(w) = web_sys::window() {
        let weak: Weak<RefCell<Inner>> = Rc::downgrade(shared);
        let hash = EventListener::new(&w, "hashchange", move |_| {
            if let Some(shared) = weak.upgrade() {
                jump_to_hash(&shared);
            }
        });
        shared.borrow_mut().listeners.push(hash);
    }
}

fn start_refresh(shared: &Shared) {
    let Some(seconds) = shared.borrow().config.refresh else { return };
    let remote = matches!(shared.borrow().config.src.as_deref(), Some(s) if !s.starts_with('#'));
    if !remote {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let weak = Rc::downgrade(shared);
    let tick = Closure::<dyn FnMut()>::new(move || {
        if let Some(shared) = weak.upgrade() {
            wasm_bindgen_futures::spawn_local(refresh(shared));
        }
    });
    if let Ok(id) = window.set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), (seconds * 1000) as i32) {
        // The closure lives in the widget and is dropped with the interval by `destroy`.
        shared.borrow_mut().interval = Some((id, tick));
    }
}

/// Mounts a widget that loads its own data (eager or lazy).
pub async fn mount(element: Element, config: Config) -> Result<Shared, String> {
    let shared: Shared = Inner::new(element, config);
    listen(&shared);
    keep_alive(&shared);
    // Without IntersectionObserver, a lazy widget loads at once.
    if shared.borrow().config.loading == Loading::Lazy && observe(&shared) {
        return Ok(shared);
    }
    let connected = shared.borrow().element.is_connected();
    if let Err(e) = load(&shared).await {
        let_go(&shared);
        return Err(e);
    }
    // The container was removed from the page while the thread loaded: keep
    // nothing alive for it (the handle, if the caller keeps one, still works).
    if connected && !shared.borrow().element.is_connected() {
        let_go(&shared);
        return Ok(shared);
    }
    start_refresh(&shared);
    Ok(shared)
}

/// Lazy loading: nothing is fetched until the container nears the viewport.
/// False when the browser has no `IntersectionObserver`.
fn observe(shared: &Shared) -> bool {
    let weak = Rc::downgrade(shared);
    let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let near = entries.iter().any(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().is_ok_and(|e| e.is_intersecting()));
        if !near {
            return;
        }
        let Some(shared) = weak.upgrade() else { return };
        if let Some((obs, cb)) = shared.borrow_mut().observer.take() {
            obs.disconnect();
            // This closure is running: free it after the callback returns.
            let keep = cb.into_js_value();
            wasm_bindgen_futures::spawn_local(async move { drop(keep) });
        }
        wasm_bindgen_futures::spawn_local(async move {
            if load(&shared).await.is_ok() {
                start_refresh(&shared);
            }
        });
    });
    let init = web_sys::IntersectionObserverInit::new();
    init.set_root_margin("200px");
    let Ok(obs) = web_sys::IntersectionObserver::new_with_options(cb.as_ref().unchecked_ref(), &init) else { return false };
    obs.observe(&shared.borrow().element);
    shared.borrow_mut().observer = Some((obs, cb));
    true
}

/// Renders a thread already in memory.
pub fn render(element: Element, thread: Thread, config: Config) -> Result<Shared, String> {
    let shared: Shared = Inner::new(element, config);
    {
        let mut inner = shared.borrow_mut();
        inner.thread = Some(thread);
        inner.render().map_err(|_| "the widget could not be built".to_owned())?;
    }
    ready(&shared);
    listen(&shared);
    keep_alive(&shared);
    jump_to_hash(&shared);
    Ok(shared)
}

/// Reads a thread handed over from JS: an object, or JSON text.
pub fn thread_from_js(value: &JsValue) -> Result<Thread, Errors> {
    let (text, object) = text_from_js(value)?;
    thread_from_text(&text, object)
}

/// A thread handed over from JS as JSON text, and whether it was an object.
/// An object goes through JSON.stringify and our parser: one validation path
/// and no serde in the wasm (see docs/benchmarks.md, "Bytes"). `undefined`
/// and functions stringify to nothing: they are reported as `null`.
pub fn text_from_js(value: &JsValue) -> Result<(String, bool), Errors> {
    let (js, object) = js_text(value)?;
    Ok((js.as_string().unwrap_or_else(|| "null".into()), object))
}

/// [`text_from_js`], the text still in JS (`undefined` when an object
/// stringifies to nothing).
fn js_text(value: &JsValue) -> Result<(JsValue, bool), Errors> {
    if value.is_string() {
        return Ok((value.clone(), false));
    }
    Ok((stringify(value)?.into(), true))
}

/// `JSON.stringify`; its exception (a cycle, a BigInt) as the thread's error.
fn stringify(value: &JsValue) -> Result<js_sys::JsString, Errors> {
    js_sys::JSON::stringify(value).map_err(|e| {
        let why = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default();
        crate::error::Error::new(crate::ErrorKind::Type, "", format!("invalid thread: {why}")).into()
    })
}

/// Threads handed over as JS objects with more posts than this are turned
/// into JSON text a slice of posts at a time ([`stringify_in_slices`]).
const STRINGIFY_POSTS: u32 = 1_000;

/// A plain object with more than [`STRINGIFY_POSTS`] posts (and no `toJSON`
/// of its own): a shallow copy of it without `posts`, and its posts.
fn many_posts(value: &JsValue) -> Option<(js_sys::Object, js_sys::Array)> {
    let object = value.dyn_ref::<js_sys::Object>().filter(|_| !value.is_function() && !js_sys::Array::is_array(value))?;
    if js_sys::Reflect::has(object, &JsValue::from_str("toJSON")).unwrap_or(true) {
        return None;
    }
    let posts = js_sys::Reflect::get(object, &JsValue::from_str("posts")).ok()?.dyn_into::<js_sys::Array>().ok()?;
    if posts.length() <= STRINGIFY_POSTS {
        return None;
    }
    let head = js_sys::Object::assign(&js_sys::Object::new(), object);
    js_sys::Reflect::delete_property(&head, &JsValue::from_str("posts")).ok()?;
    Some((head, posts))
}

/// The JSON text of a thread object (`head` and its `posts`), the posts a
/// slice at a time, each slice's time about [`SLICE_MS`]: `JSON.stringify`
/// of 10,000 posts in one go is a task of about 50 ms here. The same text
/// as `JSON.stringify` of the whole, but for the order of keys: `posts` last
/// (an object's errors have no positions; their paths are the same).
async fn stringify_in_slices(head: &js_sys::Object, posts: &js_sys::Array) -> Result<String, Errors> {
    let head = String::from(stringify(head)?);
    let n = posts.length();
    let mut text = String::with_capacity(head.len() + n as usize * 512);
    text.push_str(&head[..head.len() - 1]);
    text.push_str(if head.len() > 2 { ",\"posts\":[" } else { "\"posts\":[" });
    let (mut at, mut batch) = (0, 100);
    let mut since = js_sys::Date::now();
    while at < n {
        let end = at.saturating_add(batch).min(n);
        let t0 = js_sys::Date::now();
        let slice = String::from(stringify(&posts.slice(at, end))?);
        if at > 0 {
            text.push(',');
        }
        // "[…]": the posts between the brackets.
        text.push_str(&slice[1..slice.len() - 1]);
        let per_post = (js_sys::Date::now() - t0).max(0.01) / f64::from(end - at);
        batch = ((SLICE_MS / 2.0 / per_post) as u32).clamp(10, 5_000);
        at = end;
        if at < n && js_sys::Date::now() - since > SLICE_MS / 2.0 {
            yield_now().await;
            since = js_sys::Date::now();
        }
    }
    text.push_str("]}");
    Ok(text)
}

/// Copies a long JS string into the wasm a megabyte or so at a time, one
/// task each: in one piece, its encoding to UTF-8 is itself a long task
/// (about 50 ms for 5.9 MB here). No surrogate pair is cut in two.
async fn copy_in_slices(js: &js_sys::JsString) -> String {
    const UNITS: u32 = 1 << 20;
    let n = js.length();
    let mut out = String::with_capacity(n as usize);
    let mut at = 0;
    while at < n {
        let mut end = at.saturating_add(UNITS).min(n);
        if end < n && (0xD800..0xDC00).contains(&(js.char_code_at(end - 1) as u32)) {
            end -= 1;
        }
        out.push_str(&String::from(js.slice(at, end)));
        at = end;
        if at < n {
            yield_now().await;
        }
    }
    out
}

/// Errors in the text of a JS object: positions would point into text the
/// caller never saw.
fn object_errors(mut errors: Errors) -> Errors {
    for e in &mut errors.0 {
        e.line = None;
        e.column = None;
        if let Some(rest) = e.message.strip_prefix("invalid JSON: ") {
            e.message = format!("invalid thread: {rest}");
        }
    }
    errors
}

/// [`thread_from_js`] once the text is there, in one go.
fn thread_from_text(text: &str, object: bool) -> Result<Thread, Errors> {
    Thread::from_text(text, !object).map_err(|e| if object { object_errors(e) } else { e })
}

/// `render(element, thread)`: a thread over [`SLICED_PARSE_BYTES`] of
/// JSON returns the widget at once and parses in slices as `mount` does
/// (first screen, then ready; errors shown in the widget and sent as
/// `thread-widget:error`, since `render` has returned). A smaller thread
/// is parsed and rendered in one go, as [`render`].
pub fn render_js(element: Element, value: &JsValue, config: Config) -> Result<Shared, Errors> {
    // What is turned into the wasm's text after `render` returns.
    enum Later {
        Posts(js_sys::Object, js_sys::Array),
        Text(js_sys::JsString, bool),
    }
    let later = match many_posts(value) {
        Some((head, posts)) => Later::Posts(head, posts),
        None => {
            let (js, object) = js_text(value)?;
            // UTF-16 units: the UTF-8 text has at least as many bytes.
            match js.dyn_into::<js_sys::JsString>() {
                Ok(js) if js.length() as usize > SLICED_PARSE_BYTES => Later::Text(js, object),
                js => {
                    let text = js.ok().and_then(|j| j.as_string()).unwrap_or_else(|| "null".into());
                    let thread = thread_from_text(&text, object)?;
                    return render(element, thread, config).map_err(|e| crate::error::Error::new(crate::ErrorKind::Io, "", e).into());
                }
            }
        }
    };
    let shared: Shared = Inner::new(element, config);
    listen(&shared);
    keep_alive(&shared);
    let task = shared.clone();
    let gen = shared.borrow().parse_gen;
    wasm_bindgen_futures::spawn_local(async move {
        let (text, object) = match later {
            Later::Posts(head, posts) => (stringify_in_slices(&head, &posts).await, true),
            Later::Text(js, object) => (Ok(copy_in_slices(&js).await), object),
        };
        // Destroyed, or given another thread (`update`) meanwhile.
        if task.borrow().destroyed || task.borrow().parse_gen != gen {
            return;
        }
        match text {
            Ok(text) => {
                let _ = show_text(&task, text, None, !object).await;
            }
            Err(errors) => fail(&task, &errors.to_string(), Some(&errors)),
        }
    });
    Ok(shared)
}

/// Replaces the thread of a mounted widget.
pub fn update(shared: &Shared, thread: Thread) -> Result<(), String> {
    let mut inner = shared.borrow_mut();
    if inner.destroyed {
        return Err("this widget was destroyed".into());
    }
    // A sliced parse in progress (a load or a refresh) is superseded.
    inner.parse_gen = inner.parse_gen.wrapping_add(1);
    inner.parse_chunks = 1;
    inner.one_file();
    inner.thread = Some(thread);
    inner.render().map_err(|_| "the widget could not be built".to_owned())?;
    drop(inner);
    ready(shared);
    Ok(())
}

/// Changes options; a new `src` reloads.
pub fn set_options(shared: &Shared, options: &JsValue) -> Result<(), String> {
    let (reload, refresh_changed) = {
        let mut inner = shared.borrow_mut();
        if inner.destroyed {
            return Err("this widget was destroyed".into());
        }
        let before = inner.config.clone();
        inner.config = config_from_js(before.clone(), options);
        if inner.config.page_size != before.page_size || inner.config.order != before.order {
            inner.config.page = 1;
        }
        if inner.config.page != before.page || inner.config.page_size != before.page_size {
            inner.config.span = 1;
        }
        let _ = inner.render();
        (inner.config.src != before.src, inner.config.refresh != before.refresh)
    };
    if refresh_changed {
        if let Some((id, _)) = shared.borrow_mut().interval.take() {
            if let Some(w) = web_sys::window() {
                w.clear_interval_with_handle(id);
            }
        }
        start_refresh(shared);
    }
    if reload {
        let shared = shared.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let _ = load(&shared).await;
        });
    }
    Ok(())
}

/// Removes the widget: listeners, timers, observers and pending loads go with it.
pub fn destroy(shared: &Shared) {
    let mut inner = shared.borrow_mut();
    if inner.destroyed {
        return;
    }
    inner.destroyed = true;
    inner.stop();
    let_go(shared);
    inner.thread = None;
    inner.element.replace_children_with_node_0();
    let _ = inner.element.remove_attribute("data-tw-theme");
    let _ = inner.element.class_list().remove_1("tw-root");
}
