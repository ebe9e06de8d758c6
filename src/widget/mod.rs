//! The browser widget: loading, rendering into the DOM, and what a reader does
//! with it (pages, quote jumps, refresh). Compiled for wasm32 only.
//!
//! Nothing here panics on data and nothing throws into the host page except
//! through the promise or the `Error` a JS caller asked for: every failure is
//! shown in the widget, printed once in the console and sent as a
//! `thread-widget:error` event on the container.
//!
//! This file: the state of a mounted widget ([`Inner`], [`Shared`]), loading
//! it, `mount`, `render`, `update`, `setOptions`, `destroy`, and the events it
//! sends. The rest, one job a file:
//!
//! - `slices.rs`: rendering a page into the container, a long one in slices;
//! - `fetch.rs`: fetching a thread file's text, within its time limit;
//! - `parse.rs`: parsing thread text (a long one in slices) and showing it;
//! - `more.rs`: "Load more": the next page, or the next page file joined;
//! - `refresh.rs`: `data-refresh`, re-reading the file with the reader's place kept;
//! - `scroll.rs`: jumping to a post (quote links, `#post-N`) and keeping it in place;
//! - `listen.rs`: the clicks and the `hashchange` the widget answers;
//! - `js_input.rs`: options and threads handed over from JS;
//! - `replies.rs`: the nested layout's replies;
//! - `adopt.rs`: prerendered markup (`data-tw-hash`) taken over as it is, or
//!   replaced with the reader's place kept.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
#[cfg(feature = "files")]
use wasm_bindgen::JsCast;
use web_sys::{AbortController, Element};

#[cfg(not(plain))]
use crate::config::Loading;
use crate::config::Config;
use crate::digits::concat;
use crate::error::Errors;
use crate::i18n;
use crate::model::Thread;
use crate::render::dom;
use crate::view::{self, node::Element as VElement};

mod fetch;
mod io;
#[cfg(feature = "files")]
mod adopt;
mod js_input;
mod listen;
mod more;
mod parse;
#[cfg(feature = "live")]
mod platform;
mod refresh;
mod replies;
mod scroll;
mod slices;

#[cfg(feature = "files")]
use fetch::{fetch_text, resolve};
pub use js_input::{config_from_js, lang_for};
#[cfg(all(feature = "files", not(plain)))]
pub use js_input::thread_from_js;
#[cfg(feature = "files-full")]
use js_input::{copy_in_slices, js_text, many_posts, stringify_in_slices, thread_from_text};
use listen::listen;
#[cfg(feature = "files-full")]
use more::FileSpan;
#[cfg(feature = "files")]
use parse::show_text;
#[cfg(feature = "files-full")]
use parse::SLICED_PARSE_BYTES;
use refresh::start_refresh;
#[cfg(all(feature = "files", not(plain)))]
use scroll::jump_to_hash;
use slices::Pending;

/// A warning in the console (after `thread-widget: `).
fn warn(msg: &str) {
    io::say(false, msg);
}

/// An error in the console (after `thread-widget: `).
fn log_error(msg: &str) {
    io::say(true, msg);
}

/// The state of one mounted widget.
pub struct Inner {
    element: Element,
    config: Config,
    thread: Option<Thread>,
    /// URL the current thread file came from (page files resolve against it).
    base: Option<String>,
    /// Hash of the text the thread came from ([`text_hash`](parse::text_hash)), for
    /// `data-refresh`'s "unchanged" check: a 59 MB file is not kept twice.
    last_hash: Option<u64>,
    /// Every load, refresh or `update` takes a new number: a sliced parse
    /// ([`show_large`]) that finds another number when it resumes was
    /// superseded and stops.
    #[cfg(feature = "files")]
    parse_gen: u32,
    /// The number of the sliced parse in progress, if any.
    #[cfg(not(plain))]
    parsing: Option<u32>,
    /// Tasks the last parse took (1: at once); in the ready event.
    parse_chunks: u32,
    /// The clicks and `hashchange` it answers: the function that stops them, and the handler.
    listeners: Option<(js_sys::Function, Closure<dyn FnMut(web_sys::Event)>)>,
    observer: Option<(web_sys::IntersectionObserver, Closure<dyn FnMut()>)>,
    /// `data-refresh`: the function that stops its timer, and the timer's callback.
    interval: Option<(js_sys::Function, Closure<dyn FnMut()>)>,
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
    #[cfg(feature = "files-full")]
    files: Vec<FileSpan>,
    /// A "Load more" is reading its file.
    more_busy: bool,
    /// The entry's request for `src`, for the first load (see `fetch_text`).
    #[cfg(feature = "files")]
    handed: JsValue,
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

/// The reader's language: the option, else the nearest `lang` attribute, else the browser's.
fn resolve_lang(element: &Element, config: &Config) -> String {
    if !config.lang.is_empty() {
        return config.lang.clone();
    }
    io::page_lang(element)
}

fn dispatch(element: &Element, name: &str, detail: &JsValue) {
    io::emit(element, name, detail, true);
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
                #[cfg(feature = "files")]
                parse_gen: 0,
                #[cfg(not(plain))]
                parsing: None,
                parse_chunks: 1,
                listeners: None,
                observer: None,
                interval: None,
                abort: None,
                pending: None,
                chunks: 1,
                me: me.clone(),
                handed_over: false,
                destroyed: false,
                #[cfg(feature = "files-full")]
                files: Vec::new(),
                more_busy: false,
                #[cfg(feature = "files")]
                handed: JsValue::UNDEFINED,
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
        io::article(&self.element, id)
    }

    fn put(&self, nodes: &[view::node::Node]) -> Result<(), JsValue> {
        let doc = self.element.owner_document().ok_or_else(|| JsValue::from_str("no document"))?;
        let frag = dom::fragment(&doc, nodes)?;
        self.dress()?;
        self.element.replace_children_with_node_1(&frag);
        Ok(())
    }

    /// The container's own attributes: its theme, and `tw-root`.
    fn dress(&self) -> Result<(), JsValue> {
        self.element.set_attribute("data-tw-theme", self.config.theme.name())?;
        // The stylesheet applies under `.tw-root` only: data-theme="none" leaves the widget unstyled.
        let _ = self.element.class_list().toggle_with_force("tw-root", self.config.theme != crate::config::Theme::None);
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

    fn stop_refresh(&mut self) {
        if let Some((off, _)) = self.interval.take() {
            let _ = off.call0(&JsValue::NULL);
        }
    }

    fn stop(&mut self) {
        self.pending = None;
        if let Some((off, _)) = self.listeners.take() {
            let _ = off.call0(&JsValue::NULL);
        }
        if let Some((obs, _)) = self.observer.take() {
            obs.disconnect();
        }
        self.stop_refresh();
        if let Some(a) = self.abort.take() {
            a.abort();
        }
    }
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

/// Where the thread comes from.
enum Source {
    /// A thread file's address.
    #[cfg(feature = "files")]
    Url(String),
    /// The text of a `<script type="application/json">`.
    #[cfg(feature = "files")]
    Inline(String),
    /// A post's public address on a platform (the live build).
    #[cfg(feature = "live")]
    Live(crate::import::address::Live),
}

fn source(inner: &Inner) -> Result<Source, String> {
    match inner.config.src.as_deref() {
        #[cfg(feature = "files")]
        Some(id) if id.starts_with('#') => {
            let doc = inner.element.owner_document().ok_or("no document")?;
            let el = doc.get_element_by_id(&id[1..]).ok_or_else(|| concat(&["data-src=", &crate::error::quoted(id), ": no element with that id"]))?;
            let script = el
                .dyn_into::<web_sys::HtmlScriptElement>()
                .map_err(|_| concat(&["data-src=", &crate::error::quoted(id), ": the element is not a <script type=\"application/json\">"]))?;
            Ok(Source::Inline(script.text().unwrap_or_default()))
        }
        Some(url) => {
            #[cfg(feature = "live")]
            if let Some(live) = platform::live_of(url) {
                return Ok(Source::Live(live));
            }
            #[cfg(feature = "files")]
            return Ok(Source::Url(resolve(url, None)));
            // The entry gives the live build platform addresses only.
            #[cfg(not(feature = "files"))]
            Err(concat(&["data-src=", &crate::error::quoted(url), ": not a post's public address on a platform this build reads (thread JSON files are read by the core build: load thread_widget.js, not thread_widget_live.js)"]))
        }
        #[cfg(not(feature = "files"))]
        None => Err("no data-src: this build (thread_widget_live.js) reads a post's public address on a platform".into()),
        #[cfg(feature = "files")]
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
    let src = match src {
        Ok(s) => s,
        Err(e) => {
            fail(shared, &e, None);
            return Err(e);
        }
    };
    match src {
        #[cfg(feature = "live")]
        Source::Live(live) => platform::show(shared, &live).await,
        #[cfg(feature = "files")]
        Source::Inline(t) => show_text(shared, t, None, true).await,
        #[cfg(feature = "files")]
        Source::Url(u) => match fetch_text(shared, &u).await {
            // Destroyed meanwhile: its fetch was aborted.
            Ok(t) => show_text(shared, t, Some(u), true).await,
            Err(e) => {
                if !shared.borrow().destroyed {
                    fail(shared, &e, None);
                }
                Err(e)
            }
        },
    }
}

/// Mounts a widget that loads its own data (eager or lazy), from the
/// entry's request for its file when it hands one over (see `fetch_text`).
/// `connected`: whether the container was in the page when its mount began
/// (the entry's, which may have waited for the thread file's response and a
/// build before calling this one): a container removed while the entry
/// looked at its thread is out of the page already here, and must still be
/// let go below, not kept in `LIVE` with its refresh timer.
pub async fn mount(element: Element, config: Config, handed: JsValue, connected: bool) -> Result<Shared, String> {
    let shared: Shared = Inner::new(element, config);
    #[cfg(feature = "files")]
    {
        shared.borrow_mut().handed = handed;
    }
    #[cfg(not(feature = "files"))]
    let _ = handed;
    listen(&shared);
    keep_alive(&shared);
    // The plain build has no nested layout: the widget moves (see `needs_more`).
    #[cfg(plain)]
    if shared.borrow().config.layout == crate::config::Layout::Nested && shared.borrow().needs_more("data-layout=\"nested\"") {
        return Ok(shared);
    }
    // Without IntersectionObserver, a lazy widget loads at once. The plain
    // build's widgets are the loader's, which waits for a lazy one to near
    // the viewport itself (js/loader.js): it never observes.
    #[cfg(not(plain))]
    if shared.borrow().config.loading == Loading::Lazy && observe(&shared) {
        return Ok(shared);
    }
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
#[cfg(not(plain))]
fn observe(shared: &Shared) -> bool {
    let weak = Rc::downgrade(shared);
    // Called once, when the container nears the viewport (200 px).
    let cb = Closure::<dyn FnMut()>::new(move || {
        let Some(shared) = weak.upgrade() else { return };
        if let Some((_, cb)) = shared.borrow_mut().observer.take() {
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
    let Some(obs) = io::when_near(&shared.borrow().element, cb.as_ref()) else { return false };
    shared.borrow_mut().observer = Some((obs, cb));
    true
}

/// Renders a thread already in memory.
#[cfg(all(feature = "files", not(plain)))]
pub fn render(element: Element, thread: Thread, config: Config) -> Result<Shared, String> {
    let shared: Shared = Inner::new(element, config);
    shared.borrow_mut().thread = Some(thread);
    adopt::render_first(&shared, None).map_err(|_| "the widget could not be built".to_owned())?;
    ready(&shared);
    listen(&shared);
    keep_alive(&shared);
    jump_to_hash(&shared);
    Ok(shared)
}

/// `render(element, thread)`: a thread over [`SLICED_PARSE_BYTES`] of
/// JSON returns the widget at once and parses in slices as `mount` does
/// (first screen, then ready; errors shown in the widget and sent as
/// `thread-widget:error`, since `render` has returned). A smaller thread
/// is parsed and rendered in one go, as [`render`].
#[cfg(feature = "files-full")]
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
            Err(errors) => fail(&task, &errors.text(), Some(&errors)),
        }
    });
    Ok(shared)
}

/// Replaces the thread of a mounted widget.
#[cfg(all(feature = "files", not(plain)))]
pub fn update(shared: &Shared, thread: Thread) -> Result<(), String> {
    let mut inner = shared.borrow_mut();
    if inner.destroyed {
        return Err("this widget was destroyed".into());
    }
    // A sliced parse in progress (a load or a refresh) is superseded.
    inner.parse_gen = inner.parse_gen.wrapping_add(1);
    inner.parse_chunks = 1;
    #[cfg(feature = "files-full")]
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
        #[cfg(plain)]
        if inner.config.layout == crate::config::Layout::Nested && inner.config.layout != before.layout {
            inner.needs_more("data-layout=\"nested\"");
        }
        let _ = inner.render();
        (inner.config.src != before.src, inner.config.refresh != before.refresh)
    };
    if refresh_changed {
        shared.borrow_mut().stop_refresh();
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
    // Handed over to the Markdown build before anything was rendered here:
    // prerendered markup stays, styled, for that build to adopt (adopt.rs).
    #[cfg(feature = "files")]
    if inner.handed_over && inner.prerendered().is_some() {
        return;
    }
    inner.element.replace_children_with_node_0();
    let _ = inner.element.remove_attribute("data-tw-theme");
    let _ = inner.element.class_list().remove_1("tw-root");
}
