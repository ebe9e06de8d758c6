//! Fetching a thread file's text: the URL resolved, the body read into the
//! wasm chunk by chunk, within the load's time limit ([`Deadline`]), and
//! every failure said precisely. The plain build (`cfg(plain)`) makes no
//! request: it reads the text the entry's look read, with the same messages.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
#[cfg(feature = "files")]
use {
    super::Shared,
    crate::digits::{concat, push_count},
};
// The response read here, within a time limit (not in the plain build: the entry read it).
#[cfg(not(plain))]
use {
    super::{parse::yield_now, slices::SLICE_MS},
    std::{cell::Cell, rc::Rc},
    web_sys::{AbortController, Response},
};
#[cfg(all(feature = "files", not(plain)))]
use {
    crate::digits::push_seconds,
    web_sys::{Request, RequestInit},
};

/// Resolves a URL against a base (the page's address when there is none).
pub(super) fn resolve(url: &str, base: Option<&str>) -> String {
    let base = base.map_or_else(super::io::page_base, |b| resolve(b, None));
    web_sys::Url::new_with_base(url, &base).map(|u| u.href()).unwrap_or_else(|_| url.to_owned())
}

/// Reads a response's body as UTF-8 text straight into the wasm, chunk by
/// chunk, each in a task of its own. `Response.text()` then a `String`
/// would decode the whole file into a JS string in one task and encode it
/// again into the wasm in another (about 100 and 50 ms for 5.9 MB here, and
/// a 118 MB string in the JS heap for a 59 MB file). The same text as
/// `text()`: a leading byte order mark is dropped, invalid UTF-8 becomes U+FFFD.
#[cfg(not(plain))]
pub(super) async fn read_body(resp: &Response) -> Result<String, JsValue> {
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
#[cfg(not(plain))]
pub(super) struct Deadline {
    passed: Rc<Cell<bool>>,
    timer: Option<i32>,
    _fire: Closure<dyn FnMut()>,
}

#[cfg(not(plain))]
impl Deadline {
    /// Whether the time limit passed (and aborted the load): the platforms' requests ask.
    #[cfg(feature = "live")]
    pub(super) fn passed(&self) -> bool {
        self.passed.get()
    }

    pub(super) fn new(window: &web_sys::Window, controller: &AbortController, ms: u32) -> Deadline {
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

#[cfg(not(plain))]
impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(id), Some(w)) = (self.timer, web_sys::window()) {
            w.clear_timeout_with_handle(id);
        }
    }
}

/// Why a request failed (its promise rejected with `e`), unless its time limit passed.
#[cfg(feature = "files")]
fn failed(url: &str, e: &JsValue) -> String {
    let name = js_sys::Reflect::get(e, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
    match name.as_str() {
        "AbortError" => concat(&[url, ": loading was cancelled"]),
        _ => concat(&[url, ": network error (the server could not be reached, or it refused the request)"]),
    }
}

/// A response that is not OK: its status and status text.
#[cfg(feature = "files")]
fn http_error(url: &str, status: u16, status_text: &str) -> String {
    let mut s = concat(&[url, ": HTTP "]);
    push_count(&mut s, u64::from(status));
    if !status_text.is_empty() {
        s.push(' ');
        s.push_str(status_text);
    }
    s
}

/// The text read, unless it is an HTML page (a server's error or login page, a wrong path).
#[cfg(feature = "files")]
fn thread_text(url: &str, text: String, content_type: &str) -> Result<String, String> {
    if crate::find::contains(content_type, "text/html") || text.trim_start().starts_with('<') {
        return Err(concat(&[url, ": expected thread JSON but the server sent an HTML page (Content-Type: ", content_type, ")"]));
    }
    Ok(text)
}

/// The plain build's thread file: the entry read it whole for its look
/// (js/index.js, `look`: it chooses the plain build only then) and hands
/// `[promise of [status, status text, Content-Type, the text or null when
/// the body could not be read], …]`, with the messages of the other
/// builds' `fetch_text` below. Nothing handed: the entry could not make a
/// request of the URL. The look ran within the time limit, so there is none here.
#[cfg(plain)]
pub(super) async fn fetch_text(shared: &Shared, url: &str) -> Result<String, String> {
    let handed = std::mem::replace(&mut shared.borrow_mut().handed, JsValue::UNDEFINED);
    if handed.is_undefined() {
        return Err(concat(&[url, ": not a valid URL"]));
    }
    let got: js_sys::Array = match JsFuture::from(js_sys::Promise::from(handed.unchecked_into::<js_sys::Array>().get(0))).await {
        Ok(v) => v.unchecked_into(),
        Err(e) => return Err(failed(url, &e)),
    };
    let status = got.get(0).as_f64().unwrap_or(0.0) as u16;
    if !(200..300).contains(&status) {
        return Err(http_error(url, status, &got.get(1).as_string().unwrap_or_default()));
    }
    let text = got.get(3).as_string().ok_or_else(|| concat(&[url, ": the response could not be read"]))?;
    thread_text(url, text, &got.get(2).as_string().unwrap_or_default())
}

#[cfg(all(feature = "files", not(plain)))]
/// Fetches a thread file's text; the error is the precise reason.
pub(super) async fn fetch_text(shared: &Shared, url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    // The entry's own request for this URL, when it made it to choose the
    // build (js/index.js, look): [the promise of the response, its
    // controller, the milliseconds since it began], which the time limit counts.
    let handed = std::mem::replace(&mut shared.borrow_mut().handed, JsValue::UNDEFINED);
    let handed = (!handed.is_undefined()).then(|| handed.unchecked_into::<js_sys::Array>());
    let (signal, deadline, timeout_ms) = {
        let mut inner = shared.borrow_mut();
        let (controller, spent) = match &handed {
            Some(h) => (h.get(1).unchecked_into(), h.get(2).as_f64().unwrap_or(0.0) as u32),
            None => (AbortController::new().map_err(|_| "AbortController unavailable")?, 0),
        };
        let deadline = Deadline::new(&window, &controller, inner.config.timeout_ms.saturating_sub(spent));
        let signal = controller.signal();
        inner.abort = Some(controller);
        (signal, deadline, inner.config.timeout_ms)
    };
    // The request, kept until its answer is read: WebKit (2.50) lets go of
    // the abort of fetch(request) once that Request is collected, and the
    // time limit would then never stop a request that hangs.
    let mut request = None;
    let fetched = match handed {
        Some(h) => h.get(0).unchecked_into(),
        None => {
            // A dictionary with no prototype: fetch reads `method`, `body`, `headers`,
            // `mode`… through the prototype chain, and a page that polluted
            // `Object.prototype.body` would otherwise break (or steer) every load.
            let no_prototype: js_sys::Object = JsValue::NULL.unchecked_into();
            let init: RequestInit = js_sys::Object::create(&no_prototype).unchecked_into();
            init.set_signal(Some(&signal));
            let r = Request::new_with_str_and_init(url, &init).map_err(|_| concat(&[url, ": not a valid URL"]))?;
            window.fetch_with_request(request.insert(r))
        }
    };
    let too_late = || {
        let mut s = concat(&[url, ": no answer within "]);
        push_seconds(&mut s, timeout_ms);
        s.push_str(" seconds");
        s
    };
    let resp = match JsFuture::from(fetched).await {
        Ok(r) => r,
        Err(_) if deadline.passed.get() => return Err(too_late()),
        Err(e) => return Err(failed(url, &e)),
    };
    let resp: Response = resp.dyn_into().map_err(|_| "fetch did not return a Response")?;
    if !resp.ok() {
        return Err(http_error(url, resp.status(), &resp.status_text()));
    }
    let text = read_body(&resp).await.map_err(|_| if deadline.passed.get() { too_late() } else { concat(&[url, ": the response could not be read"]) })?;
    drop(request);
    let content_type = resp.headers().get("content-type").ok().flatten().unwrap_or_default();
    thread_text(url, text, &content_type)
}
