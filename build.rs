//! `cfg(plain)`: the crate built with feature `files` and without
//! `files-full`, as the plain wasm build is (`thread_widget_plain*`, for a
//! script tag's widget whose thread needs no more: `Cargo.toml`). One name
//! for the code that build leaves out or replaces, instead of the feature
//! pair at every place.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(plain)");
    let on = |f: &str| std::env::var_os(format!("CARGO_FEATURE_{f}")).is_some();
    if on("FILES") && !on("FILES_FULL") {
        println!("cargo::rustc-cfg=plain");
    }
    println!("cargo::rerun-if-changed=build.rs");
}
