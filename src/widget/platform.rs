//! Live threads (feature `live`; issue 14): a post's public address in
//! `data-src` → its platform's public API, read from the reader's browser
//! → a [`Thread`] by the same pure readers `thread-widget import` uses
//! (src/import/). The first requests go out together; GitHub's comment
//! pages (its `Link` header) and a Discourse topic's posts beyond the first
//! 20 (its `post_stream.stream`) follow, up to the bounds in
//! src/import/address.rs. Requests use the browser's HTTP cache as the
//! platform's headers allow (no `cache: no-store`), so a reload within
//! GitHub's `max-age` makes no request. Every refusal is said precisely:
//! rate limits (429, GitHub's 403 with when it resets), sign-in required
//! (401/403), not found (404/410), CORS refused, invalid answers, timeout.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Request, RequestInit, Response};

use super::fetch::{read_body, resolve, Deadline};
use super::parse::text_hash;
use super::refresh::apply;
use super::scroll::jump_to_hash;
use super::{dispatch, error_detail, fail, ready, warn, Shared};
use crate::config::Layout;
use crate::digits::{concat, push_count, push_seconds};
use crate::import::address::{self, Live};
#[cfg(feature = "live-bluesky")]
use crate::import::bluesky;
#[cfg(feature = "live-github")]
use crate::import::github;
#[cfg(feature = "live-hackernews")]
use crate::import::hackernews;
#[cfg(feature = "live-mastodon")]
use crate::import::mastodon;
#[cfg(feature = "live-discourse")]
use crate::{
    import::discourse,
    json::{Kind, Value},
};
use crate::model::Thread;

/// The platform's name, as the widget says it.
pub(super) fn display(live: &Live) -> &'static str {
    match live {
        Live::Mastodon { .. } => "Mastodon",
        Live::Bluesky { .. } => "Bluesky",
        Live::Github { .. } => "GitHub",
        Live::HackerNews { .. } => "Hacker News",
        Live::Discourse { .. } => "Discourse",
    }
}

/// The conversation `src` names, when it is a platform's public address.
pub(super) fn live_of(src: &str) -> Option<Live> {
    address::recognize(src)
}

/// One answer: its text and, for GitHub, the next page's address.
struct Answer {
    text: String,
    #[cfg(feature = "live-github")]
    next: Option<String>,
}

/// One request of a load: started at once, awaited later. The Request is
/// kept until its answer is read: WebKit (2.50) lets go of the abort of
/// fetch(request) once that Request is collected, and the time limit would
/// then never stop a request that hangs.
struct Started {
    url: String,
    promise: js_sys::Promise,
    request: Request,
}

/// What every request of one load shares: its signal, deadline and time limit.
struct Load<'a> {
    live: &'a Live,
    window: web_sys::Window,
    signal: AbortSignal,
    deadline: Deadline,
    timeout_ms: u32,
}

impl Load<'_> {
    fn start(&self, url: &str) -> Result<Started, String> {
        // A dictionary with no prototype, as for thread files (src/widget/fetch.rs).
        let no_prototype: js_sys::Object = JsValue::NULL.unchecked_into();
        let init: RequestInit = js_sys::Object::create(&no_prototype).unchecked_into();
        init.set_signal(Some(&self.signal));
        if let Live::Github { .. } = self.live {
            // Bodies as GitHub renders them (`body_html`): no Markdown reader needed.
            // A CORS-safelisted value: no preflight.
            if let Ok(h) = web_sys::Headers::new() {
                let _ = h.set("Accept", "application/vnd.github.full+json");
                init.set_headers(&h);
            }
        }
        let request = Request::new_with_str_and_init(url, &init).map_err(|_| concat(&[url, ": not a valid URL"]))?;
        // Awaited in turn: one that fails while an earlier one is awaited is not "unhandled".
        Ok(Started { url: url.to_owned(), promise: super::io::handled(&self.window.fetch_with_request(&request)), request })
    }

    /// Every answer of requests started together, or the first refusal;
    /// each is awaited all the same (a request left unawaited would reject
    /// unhandled when the load is aborted).
    async fn all(&self, started: Vec<Started>) -> Result<Vec<Answer>, String> {
        let mut results = Vec::new();
        for s in started {
            results.push(self.finish(s).await);
        }
        results.into_iter().collect()
    }

    async fn finish(&self, s: Started) -> Result<Answer, String> {
        let Started { url, promise, request } = s;
        let name = display(self.live);
        let resp = match JsFuture::from(promise).await {
            Ok(r) => r,
            Err(_) if self.deadline.passed() => return Err(too_late(&url, self.timeout_ms)),
            Err(e) => {
                let aborted = js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string()).is_some_and(|n| n == "AbortError");
                return Err(if aborted {
                    concat(&[&url, ": loading was cancelled"])
                } else if let Live::Discourse { .. } = self.live {
                    concat(&[&url, ": the forum could not be reached, or it does not let other sites read its topics (CORS). Its admins can allow this site (Discourse's \"cors origins\" setting); or save the topic with `thread-widget import` and show the file"])
                } else {
                    concat(&[&url, ": ", name, " could not be reached, or it refused to be read from this page (a network error, or CORS)"])
                });
            }
        };
        let resp: Response = resp.dyn_into().map_err(|_| "fetch did not return a Response")?;
        let text = read_body(&resp).await.map_err(|_| if self.deadline.passed() { too_late(&url, self.timeout_ms) } else { concat(&[&url, ": the response could not be read"]) })?;
        drop(request);
        if !resp.ok() {
            return Err(refused(self.live, &url, &resp, &text));
        }
        let content_type = resp.headers().get("content-type").ok().flatten().unwrap_or_default();
        if content_type.contains("text/html") || text.trim_start().starts_with('<') {
            return Err(concat(&[&url, ": ", name, " sent an HTML page, not its API's JSON (Content-Type: ", &content_type, "): a sign-in or challenge page?"]));
        }
        Ok(Answer {
            text,
            #[cfg(feature = "live-github")]
            next: resp.headers().get("link").ok().flatten().and_then(|l| address::link_next(&l)),
        })
    }
}

/// A load's time limit, said as for thread files.
fn too_late(url: &str, timeout_ms: u32) -> String {
    let mut s = concat(&[url, ": no answer within "]);
    push_seconds(&mut s, timeout_ms);
    s.push_str(" seconds");
    s
}

/// The precise reason for a refusal: the status, what the platform said,
/// and for rate limits when to try again.
fn refused(live: &Live, url: &str, resp: &Response, body: &str) -> String {
    let name = display(live);
    let status = resp.status();
    let header = |n: &str| resp.headers().get(n).ok().flatten().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let said = crate::import::error_parts(body).map(|(_, what)| concat(&[": ", &what])).unwrap_or_default();
    let mut s = concat(&[url, ": ", name]);
    // "(HTTP {status}{said})" and what follows it.
    let http = |s: &mut String, what: &str, tail: &str| {
        s.push_str(what);
        s.push_str(" (HTTP ");
        push_count(s, u64::from(status));
        s.push_str(&said);
        s.push_str(tail);
    };
    match status {
        403 if header("x-ratelimit-remaining").as_deref() == Some("0") => {
            let limit = header("x-ratelimit-limit").unwrap_or_else(|| "60".into());
            s.push_str("'s rate limit for this address is used up (HTTP 403: ");
            s.push_str(&limit);
            s.push_str(" requests an hour without a token");
            if let Some(reset) = header("x-ratelimit-reset").and_then(|r| r.parse::<u64>().ok()) {
                let reset = reset as f64;
                let minutes = ((reset * 1000.0 - js_sys::Date::now()) / 60_000.0).ceil().max(1.0) as u64;
                s.push_str("; it resets in ");
                push_count(&mut s, minutes);
                s.push_str(if minutes == 1 { " minute" } else { " minutes" });
            }
            s.push_str("). `thread-widget import` saves the conversation as a file, which needs no API");
        }
        429 => {
            s.push_str(" is limiting requests (HTTP 429 Too Many Requests");
            s.push_str(&said);
            s.push(')');
            if let Some(wait) = header("retry-after") {
                s.push_str("; it asks to wait ");
                s.push_str(&wait);
                s.push_str(" seconds");
            }
        }
        401 | 403 => http(&mut s, " requires signing in to read this", "): the post is not public, or the server shows nothing to visitors"),
        404 | 410 => http(&mut s, " has no such post", "): it may have been deleted or made private"),
        _ => {
            let text = resp.status_text();
            s.push_str(" answered HTTP ");
            push_count(&mut s, u64::from(status));
            if !text.is_empty() {
                s.push(' ');
                s.push_str(&text);
            }
            s.push_str(&said);
        }
    }
    s
}

/// The ids of a Discourse topic's `post_stream`: every post's, and those it holds.
#[cfg(feature = "live-discourse")]
fn discourse_stream(text: &str) -> (Vec<u64>, Vec<u64>) {
    let Ok(topic) = crate::json::parse(text) else { return Default::default() };
    let ids = |v: Option<&Value>, id: fn(&Value) -> Option<&Value>| -> Vec<u64> {
        let items = v.and_then(Value::as_array).unwrap_or_default();
        items.iter().filter_map(|v| match id(v)?.kind {
            Kind::Int(n) => u64::try_from(n).ok(),
            _ => None,
        }).collect()
    };
    let stream = topic.get("post_stream");
    (ids(stream.and_then(|s| s.get("stream")), |v| Some(v)), ids(stream.and_then(|s| s.get("posts")), |p| p.get("id")))
}

/// A conversation being read: the requests' shared state and the answers so far.
struct Reading<'a> {
    load: Load<'a>,
    #[cfg(feature = "live-discourse")]
    base: String,
    first: Vec<String>,
    answers: Vec<Answer>,
}

/// The first requests of `live`, all at once (`data-api`, else its own API).
async fn begin<'a>(shared: &Shared, live: &'a Live) -> Result<Reading<'a>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let (load, base) = {
        let mut inner = shared.borrow_mut();
        let controller = web_sys::AbortController::new().map_err(|_| "AbortController unavailable")?;
        let deadline = Deadline::new(&window, &controller, inner.config.timeout_ms);
        let signal = controller.signal();
        inner.abort = Some(controller);
        let base = match inner.config.api.as_deref() {
            Some(api) => resolve(api, None),
            None => live.api_base(),
        };
        (Load { live, window, signal, deadline, timeout_ms: inner.config.timeout_ms }, base)
    };
    let first = live.first_requests(&base);
    let started = first.iter().map(|u| load.start(u)).collect::<Result<Vec<_>, _>>()?;
    let answers = load.all(started).await?;
    Ok(Reading {
        load,
        #[cfg(feature = "live-discourse")]
        base,
        first,
        answers,
    })
}

/// The rest of what the first answers name, up to the bounds of
/// src/import/address.rs: GitHub's comment pages after the first (each
/// names the next), a Discourse topic's posts beyond those it came with.
/// Whether there was any.
async fn rest(r: &mut Reading<'_>) -> Result<bool, String> {
    let before = r.answers.len();
    match r.load.live {
        #[cfg(feature = "live-github")]
        Live::Github { .. } => {
            let mut next = r.answers.last().and_then(|a| a.next.clone());
            let mut pages = 1;
            while let Some(url) = next.take() {
                if pages >= address::GITHUB_MAX_PAGES {
                    break;
                }
                let a = r.load.finish(r.load.start(&url)?).await?;
                next = a.next.clone();
                r.answers.push(a);
                pages += 1;
            }
        }
        #[cfg(feature = "live-discourse")]
        Live::Discourse { id, .. } => {
            let (stream, have) = discourse_stream(&r.answers[0].text);
            let more = address::discourse_rest(&r.base, *id, &stream, &have);
            let started = more.iter().map(|u| r.load.start(u)).collect::<Result<Vec<_>, _>>()?;
            let got = r.load.all(started).await?;
            r.answers.extend(got);
        }
        _ => {}
    }
    Ok(r.answers.len() > before)
}

/// The thread of the answers so far, and their hash (a refresh with the
/// same hash changes nothing).
fn thread_of(r: &Reading<'_>) -> Result<(Thread, u64), String> {
    let texts: Vec<&str> = r.answers.iter().map(|a| a.text.as_str()).collect();
    let hash = texts.iter().fold(0u64, |h, t| h.rotate_left(5) ^ text_hash(t));
    let thread = match r.load.live {
        #[cfg(feature = "live-mastodon")]
        Live::Mastodon { .. } => mastodon::import(&texts),
        #[cfg(feature = "live-bluesky")]
        Live::Bluesky { .. } => bluesky::import(&texts).and_then(first_one),
        #[cfg(feature = "live-github")]
        Live::Github { .. } => github::import(&texts).and_then(first_one),
        #[cfg(feature = "live-hackernews")]
        Live::HackerNews { .. } => hackernews::import(texts[0]),
        #[cfg(feature = "live-discourse")]
        Live::Discourse { .. } => discourse::import(&texts).and_then(first_one),
        // A build for some platforms only (the entry gives it those only).
        #[allow(unreachable_patterns)]
        live => Err(concat(&["this build does not read ", display(live), ": thread_widget_live.js does"])),
    }
    .map_err(|e| concat(&[&r.first[0], ": ", &e]))?;
    Ok((thread, hash))
}

/// The thread of an answer that holds several (the readers' for files).
#[cfg(any(feature = "live-bluesky", feature = "live-github", feature = "live-discourse"))]
fn first_one(threads: Vec<Thread>) -> Result<Thread, String> {
    threads.into_iter().next().ok_or_else(|| "no thread in the answer".to_owned())
}

/// Reads the whole conversation of `live` (a refresh).
pub(super) async fn read(shared: &Shared, live: &Live) -> Result<(Thread, u64), String> {
    let mut r = begin(shared, live).await?;
    rest(&mut r).await?;
    thread_of(&r)
}

/// Loads the conversation of `live` and renders it, nested unless
/// `data-layout` says otherwise; on failure the widget shows its message and
/// the reason is returned.
pub(super) async fn show(shared: &Shared, live: &Live) -> Result<(), String> {
    {
        let mut inner = shared.borrow_mut();
        if !inner.config.layout_given {
            inner.config.layout = Layout::Nested;
        }
    }
    // The first answers make the first screen; the rest (GitHub's pages, a
    // Discourse topic's posts) then joins it with the reader's place kept.
    let first = match begin(shared, live).await {
        Ok(r) => thread_of(&r).map(|t| (r, t)),
        Err(e) => Err(e),
    };
    if shared.borrow().destroyed {
        return Ok(());
    }
    let (mut reading, (thread, hash)) = match first {
        Err(e) => {
            fail(shared, &e, None);
            return Err(e);
        }
        Ok(x) => x,
    };
    {
        let mut inner = shared.borrow_mut();
        #[cfg(feature = "files")]
        inner.files.clear();
        inner.thread = Some(thread);
        inner.base = None;
        inner.last_hash = Some(hash);
        inner.parse_chunks = 1;
        inner.render_after(None).map_err(|_| "the widget could not be built".to_owned())?;
    }
    let more = rest(&mut reading).await.and_then(|more| if more { thread_of(&reading).map(Some) } else { Ok(None) });
    if shared.borrow().destroyed {
        return Ok(());
    }
    match more {
        Ok(Some((thread, hash))) => apply(shared, thread, None, hash, 1),
        Ok(None) => ready(shared),
        Err(e) => {
            // The first screen stays; the reason is said.
            ready(shared);
            let reason = concat(&["the rest of the conversation could not be read, showing what was: ", &e]);
            warn(&reason);
            let element = shared.borrow().element.clone();
            dispatch(&element, "thread-widget:error", &error_detail(&reason, None));
        }
    }
    jump_to_hash(shared);
    Ok(())
}
