//! thread-widget: a discussion thread rendered anywhere from a JSON file.
#![deny(missing_docs)]

pub mod config;
pub mod i18n;
pub mod markup;
pub mod model;
pub mod render;
pub mod url;
pub mod view;
pub mod error;
pub mod json;

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

/// Parses thread JSON text and renders it to HTML.
pub fn render_to_string(json: &str, config: &Config) -> Result<String, Errors> {
    Ok(render_thread(&Thread::from_json(json)?, config))
}
