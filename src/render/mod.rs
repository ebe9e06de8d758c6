//! Renderers of the view tree: [`html`] everywhere, [`dom`] in the browser.

#[cfg(target_arch = "wasm32")]
pub mod dom;
pub mod hash;
pub mod html;
