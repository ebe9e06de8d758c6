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
