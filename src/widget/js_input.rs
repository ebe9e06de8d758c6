//! What JS hands the widget: options (a JS object, camelCase names) and
//! threads (an object or JSON text), the large ones turned into text in
//! slices.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use super::{resolve_lang, warn};
use crate::config::{Config, Warning, OPTIONS};
// Threads handed over from JS.
#[cfg(feature = "files")]
use crate::{error::Errors, model::Thread};
#[cfg(feature = "files-full")]
use super::{parse::yield_now, slices::SLICE_MS};

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
            String::from(if b { "true" } else { "false" })
        } else {
            String::from("[object]")
        };
        warnings.extend(config.set(name, &text));
    }
    for w in &warnings {
        warn(&w.text());
    }
    config
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

#[cfg(all(feature = "files", not(plain)))]
/// Reads a thread handed over from JS: an object, or JSON text.
pub fn thread_from_js(value: &JsValue) -> Result<Thread, Errors> {
    let (text, object) = text_from_js(value)?;
    thread_from_text(&text, object)
}

#[cfg(all(feature = "files", not(plain)))]
/// A thread handed over from JS as JSON text, and whether it was an object.
/// An object goes through JSON.stringify and our parser: one validation path
/// and no serde in the wasm (see docs/benchmarks.md, "Bytes"). `undefined`
/// and functions stringify to nothing: they are reported as `null`.
pub fn text_from_js(value: &JsValue) -> Result<(String, bool), Errors> {
    let (js, object) = js_text(value)?;
    Ok((js.as_string().unwrap_or_else(|| "null".into()), object))
}

#[cfg(all(feature = "files", not(plain)))]
/// [`text_from_js`], the text still in JS (`undefined` when an object
/// stringifies to nothing).
pub(super) fn js_text(value: &JsValue) -> Result<(JsValue, bool), Errors> {
    if value.is_string() {
        return Ok((value.clone(), false));
    }
    Ok((stringify(value)?.into(), true))
}

#[cfg(all(feature = "files", not(plain)))]
/// `JSON.stringify`; its exception (a cycle, a BigInt) as the thread's error.
fn stringify(value: &JsValue) -> Result<js_sys::JsString, Errors> {
    js_sys::JSON::stringify(value).map_err(|e| {
        let why = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default();
        crate::error::Error::new(crate::ErrorKind::Type, "", crate::digits::concat(&["invalid thread: ", &why])).into()
    })
}

#[cfg(feature = "files-full")]
/// Threads handed over as JS objects with more posts than this are turned
/// into JSON text a slice of posts at a time ([`stringify_in_slices`]).
const STRINGIFY_POSTS: u32 = 1_000;

#[cfg(feature = "files-full")]
/// A plain object with more than [`STRINGIFY_POSTS`] posts (and no `toJSON`
/// of its own): a shallow copy of it without `posts`, and its posts.
pub(super) fn many_posts(value: &JsValue) -> Option<(js_sys::Object, js_sys::Array)> {
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

#[cfg(feature = "files-full")]
/// The JSON text of a thread object (`head` and its `posts`), the posts a
/// slice at a time, each slice's time about [`SLICE_MS`]: `JSON.stringify`
/// of 10,000 posts in one go is a task of about 50 ms here. The same text
/// as `JSON.stringify` of the whole, but for the order of keys: `posts` last
/// (an object's errors have no positions; their paths are the same).
pub(super) async fn stringify_in_slices(head: &js_sys::Object, posts: &js_sys::Array) -> Result<String, Errors> {
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

#[cfg(feature = "files-full")]
/// Copies a long JS string into the wasm a megabyte or so at a time, one
/// task each: in one piece, its encoding to UTF-8 is itself a long task
/// (about 50 ms for 5.9 MB here). No surrogate pair is cut in two.
pub(super) async fn copy_in_slices(js: &js_sys::JsString) -> String {
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

#[cfg(feature = "files")]
/// Errors in the text of a JS object: positions would point into text the
/// caller never saw.
pub(super) fn object_errors(mut errors: Errors) -> Errors {
    for e in &mut errors.0 {
        e.line = None;
        e.column = None;
        if let Some(rest) = e.message.strip_prefix("invalid JSON: ") {
            e.message = crate::digits::concat(&["invalid thread: ", rest]);
        }
    }
    errors
}

#[cfg(feature = "files")]
/// [`thread_from_js`] once the text is there, in one go.
pub(super) fn thread_from_text(text: &str, object: bool) -> Result<Thread, Errors> {
    Thread::from_text(text, !object).map_err(|e| if object { object_errors(e) } else { e })
}
