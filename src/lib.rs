//! thread-widget: a discussion thread rendered anywhere from a JSON file.
//!
//! ```
//! let json = r#"{"posts": [{"id": 1, "author": {"name": "misskit"}, "body": "Hello [b]world[/b]", "format": "bbcode"}]}"#;
//! let html = thread_widget::render_to_string(json, &thread_widget::Config::default()).unwrap();
//! assert!(html.contains("<strong>world</strong>"));
//! ```
//!
//! Data flows one way: [`json`] text → [`model::Thread`] → [`view`] tree →
//! [`render::html`] (string, CLI) or `render::dom` (browser). Post bodies are
//! parsed by [`markup`] into one safe tree; [`url`] is the one URL policy.
#![deny(missing_docs)]

#[cfg(target_arch = "wasm32")]
mod allocator;
pub mod config;
mod digits;
mod find;
pub mod error;
pub mod i18n;
#[cfg(target_arch = "wasm32")]
mod intl;
pub mod json;
pub mod markup;
pub mod model;
pub mod render;
mod sort;
pub mod url;
pub mod view;
pub mod write;
#[cfg(feature = "readers")]
pub mod import;
#[cfg(target_arch = "wasm32")]
mod widget;

pub use config::Config;
pub use error::{Error, ErrorKind, Errors};
pub use model::Thread;

/// Renders a parsed thread to the widget's HTML, formatting dates and
/// numbers with the catalog of `config.lang`.
pub fn render_thread(thread: &Thread, config: &Config) -> String {
    let fmt = i18n::CatalogFormatter(i18n::catalog(&config.lang));
    let tree = view::thread(thread, config, &fmt);
    render::html::to_string(&[tree])
}

/// [`render_thread`] with the markup hash ([`render::hash`]) on its
/// `section.tw-thread`: what `thread-widget render` and `renderToString`
/// write, markup the browser widget adopts as it is when it would build the
/// same (src/widget/adopt.rs).
pub fn prerender_thread(thread: &Thread, config: &Config) -> String {
    let mut html = render_thread(thread, config);
    render::hash::stamp(&mut html);
    html
}

/// Parses thread JSON text and renders it to HTML.
pub fn render_to_string(json: &str, config: &Config) -> Result<String, Errors> {
    Ok(render_thread(&Thread::from_json(json)?, config))
}

#[cfg(target_arch = "wasm32")]
pub use wasm_api::*;

/// The JS API (SPEC section 3). Errors become JS `Error`s here and nowhere else.
#[cfg(target_arch = "wasm32")]
mod wasm_api {
    #[wasm_bindgen(typescript_custom_section)]
    const TYPES: &'static str = r#"
/** Options: the data attributes, camelCased (SPEC section 3). A bad value warns once and uses the default. */
export interface Options {
  /**
   * URL of a thread JSON, or `#id` of a `<script type="application/json">`, or a post's public address on Mastodon,
   * Bluesky, GitHub, Hacker News or a Discourse forum (read live from its API; `mount` only).
   */
  src?: string;
  /** The API host of `src`'s platform in place of its own (GitHub Enterprise, another Bluesky AppView, a test server). */
  api?: string;
  theme?: "light" | "dark" | "auto" | "none";
  /** BCP 47 tag; default: the page's `lang`, then the browser's. */
  lang?: string;
  /** Posts per page, with a pager; default: all on one page. */
  pageSize?: number | string;
  page?: number | string;
  order?: "oldest" | "newest";
  /** `flat` (default): posts in order, "In reply to #4"; `nested`: each reply under the post it answers. */
  layout?: "flat" | "nested";
  loading?: "eager" | "lazy";
  /** Seconds between re-reads of `src` (5 to 86400). */
  refresh?: number | string;
  quoteDepth?: number | string;
  images?: "show" | "link";
  dates?: "absolute" | "relative";
  headingLevel?: number | string;
  /** Milliseconds before loading `src` gives up. */
  timeout?: number | string;
}

/** A post author (thread JSON v1). */
export interface Author {
  name: string;
  title?: string | null;
  avatar?: string | null;
  url?: string | null;
  /** `YYYY-MM`, `YYYY-MM-DD` or an RFC 3339 date-time. */
  joined?: string | null;
  last_online?: string | null;
  location?: string | null;
  posts?: number | null;
  /** As the platform writes it: `@name@instance`, `@user.bsky.social`, `u/name`. */
  handle?: string | null;
}

export type Format = "text" | "bbcode" | "markdown" | "html";

/** One post (thread JSON v1). */
export interface Post {
  id: string | number;
  number?: number | null;
  /** An author object, or a key of `users`. */
  author: Author | string;
  created?: string | null;
  edited?: string | null;
  format?: Format | null;
  /** May be left out when `deleted`. */
  body?: string;
  reply_to?: string | number | null;
  /** The post on its home site. */
  url?: string | null;
  /** The counts the platform shows (`points` may be negative). */
  replies?: number | null;
  reposts?: number | null;
  likes?: number | null;
  points?: number | null;
  deleted?: boolean | "removed" | null;
}

/** A thread, schema version 1 (SPEC section 1). Unknown fields are ignored. */
export interface Thread {
  version?: number;
  title?: string | null;
  url?: string | null;
  forum?: { name: string; url?: string | null } | null;
  /** The platform's name, for "Reply on Mastodon". */
  platform?: string | null;
  format?: Format | null;
  users?: Record<string, Author> | null;
  posts: Post[];
  browsing?: { members: number; guests: number; names?: string[] | null } | null;
  permissions?: { new_threads?: boolean; replies?: boolean; attachments?: boolean; edit_posts?: boolean } | null;
  page?: { first: number; last: number; total: number; next?: string | null; prev?: string | null } | null;
  /** The conversation is larger than the file: `posts` it does not hold (when known), `url` to read all of it (else `url` above). */
  more?: { posts?: number | null; url?: string | null } | null;
}
"#;

    use wasm_bindgen::prelude::*;

    use crate::widget;

    /// What a `JsError` says, without `core::fmt` (src/digits.rs).
    trait Message {
        fn message(self) -> String;
    }

    impl Message for String {
        fn message(self) -> String {
            self
        }
    }

    impl Message for &str {
        fn message(self) -> String {
            self.to_owned()
        }
    }

    impl Message for crate::Errors {
        fn message(self) -> String {
            self.text()
        }
    }

    fn js_error(message: impl Message) -> JsError {
        JsError::new(&message.message())
    }

    /// A mounted widget: `update(thread)`, `setOptions(options)`, `destroy()`.
    #[wasm_bindgen]
    pub struct Widget(widget::Shared);

    #[wasm_bindgen]
    impl Widget {
        /// Replaces the thread (a JS object or JSON text). Not in the live
        /// build (no `files`): the entry renders the thread with another build.
        /// Nor in the plain build, whose widgets (the loader's `show`) have no handle.
        #[cfg(all(feature = "files", not(plain)))]
        pub fn update(&self, #[wasm_bindgen(unchecked_param_type = "Thread | string")] thread: JsValue) -> Result<(), JsError> {
            let t = widget::thread_from_js(&thread).map_err(js_error)?;
            widget::update(&self.0, t).map_err(js_error)
        }

        /// Changes options (the data attributes, camelCased).
        #[wasm_bindgen(js_name = setOptions)]
        pub fn set_options(&self, #[wasm_bindgen(unchecked_param_type = "Options")] options: JsValue) -> Result<(), JsError> {
            widget::set_options(&self.0, &options).map_err(js_error)
        }

        /// Removes the widget and everything it holds.
        pub fn destroy(&self) {
            widget::destroy(&self.0)
        }
    }

    /// Loads a thread from `options.src` (or the container's inline JSON) and
    /// renders it into `element`. Rejects with the precise reason on failure,
    /// after showing a short message in the widget.
    /// The entry, which fetched `src` itself to choose the build, hands over
    /// its request as `[promise of the Response, its AbortController,
    /// milliseconds spent]` (`undefined`: none; the builds without thread
    /// files ignore it), and `connected`: whether `element` was in the page
    /// when its mount began, before the entry's look and the build's loading
    /// (`undefined`: when this call begins). A container in the page then and
    /// gone once the thread has loaded is let go (see `widget::mount`).
    #[wasm_bindgen]
    pub async fn mount(
        element: web_sys::Element,
        #[wasm_bindgen(unchecked_param_type = "Options | undefined")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "[Promise<Response>, AbortController, number]")] handed: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "boolean")] connected: Option<bool>,
    ) -> Result<Widget, JsError> {
        let config = widget::config_from_js(crate::Config::default(), &options);
        let connected = connected.unwrap_or_else(|| element.is_connected());
        widget::mount(element, config, handed, connected).await.map(Widget).map_err(js_error)
    }

    /// Renders a thread already in memory (a JS object, or JSON text). A
    /// thread over 256 KB of JSON is parsed in slices after `render` returns:
    /// its errors are shown in the widget and sent as `thread-widget:error`.
    /// Not in the plain build: `render` comes after `init()`, which loads the core.
    #[cfg(all(feature = "files", not(plain)))]
    #[wasm_bindgen]
    pub fn render(
        element: web_sys::Element,
        #[wasm_bindgen(unchecked_param_type = "Thread | string")] thread: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
    ) -> Result<Widget, JsError> {
        let config = widget::config_from_js(crate::Config::default(), &options);
        // Over 256 KB of JSON: returns at once, the thread is parsed in slices.
        widget::render_js(element, &thread, config).map(Widget).map_err(js_error)
    }

    /// For the entry (`thread_widget.js`): the language whose catalog file
    /// (`i18n/{lang}.json`) a widget in `element` with `options` needs, or
    /// `renderToString` with `options` when `element` is null; `undefined`
    /// when that catalog is built in (English) or loaded, or there is none.
    #[wasm_bindgen(js_name = catalogFor)]
    pub fn catalog_for(
        element: Option<web_sys::Element>,
        #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
    ) -> Option<String> {
        crate::i18n::missing(&widget::lang_for(element.as_ref(), &options)).map(String::from)
    }

    /// For the entry (the builds that read Markdown or HTML): whether a body
    /// named a character reference that only the whole table (`entities.txt`) may have.
    #[cfg(any(feature = "markdown", feature = "html"))]
    #[wasm_bindgen(js_name = entitiesWanted)]
    pub fn entities_wanted() -> bool {
        crate::markup::entities::later::wanted()
    }

    /// For the entry (the builds that read Markdown or HTML): adds the whole
    /// table of character references from the text of `entities.txt`; false when it is not that.
    #[cfg(any(feature = "markdown", feature = "html"))]
    #[wasm_bindgen(js_name = addEntities)]
    pub fn add_entities(text: String) -> bool {
        crate::markup::entities::later::add(text)
    }

    /// For the entry: loads a catalog from the text of its JSON file and
    /// returns its language; throws with what is wrong with the file.
    #[wasm_bindgen(js_name = addCatalog)]
    pub fn add_catalog(json: &str) -> Result<String, JsError> {
        crate::i18n::load(json).map(|c| c.lang.to_owned()).map_err(js_error)
    }

    /// The widget's markup for a thread, as an HTML string, with its markup
    /// hash (`data-tw-hash`): a widget mounted on it later adopts it. Not in
    /// the plain build, as `render`.
    #[cfg(all(feature = "files", not(plain)))]
    #[wasm_bindgen(js_name = renderToString)]
    pub fn render_to_string_js(
        #[wasm_bindgen(unchecked_param_type = "Thread | string")] thread: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
    ) -> Result<String, JsError> {
        let mut config = widget::config_from_js(crate::Config::default(), &options);
        if config.lang.is_empty() {
            config.lang = "en".into();
        }
        let t = widget::thread_from_js(&thread).map_err(js_error)?;
        // The core build cannot render Markdown or HTML, and a string cannot be re-rendered later.
        if t.posts.iter().any(|p| p.format.elsewhere()) {
            return Err(js_error("this thread has Markdown or HTML bodies: load the build that reads them first (`await init({ markdown: true })` or `await init({ html: true })`)"));
        }
        Ok(crate::prerender_thread(&t, &config))
    }
}
