//! Browser tests through wasm-bindgen-test, run by `make test-wasm` in three
//! engines: headless Chromium (`CHROMEDRIVER=/usr/bin/chromedriver`),
//! headless Firefox ESR (`GECKODRIVER=~/.cargo/bin/geckodriver`) and WebKitGTK
//! (`SAFARIDRIVER=/usr/bin/WebKitWebDriver`, under `xvfb-run -a`), each with
//! only its own variable set, e.g.
//! `GECKODRIVER=$(which geckodriver) cargo test --target wasm32-unknown-unknown --no-default-features --features markdown,html,bbcode --test browser`
//! (the features of the second build, which reads every body format).
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use thread_widget::i18n::{catalog, CatalogFormatter};
use thread_widget::{render::dom, render::html, view, Config, Thread};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = include_str!("../www/threads/seed.json");

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh container in the page.
fn test_container() -> web_sys::Element {
    let doc = document();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

/// The DOM a browser parses from our HTML string.
fn parsed(html: &str) -> web_sys::DocumentFragment {
    let t: web_sys::HtmlTemplateElement = document().create_element("template").unwrap().dyn_into().unwrap();
    t.set_inner_html(html);
    t.content()
}

/// Both ways of building the DOM (from the HTML where the page allows it,
/// node by node otherwise) give what the browser parses from our HTML.
fn assert_dom_equals_html(thread: &Thread, config: &Config) {
    let fmt = CatalogFormatter(catalog(&config.lang));
    let tree = view::thread(thread, config, &fmt);
    let text = html::to_string(std::slice::from_ref(&tree));
    let from_html = parsed(&text);
    let by_nodes = dom::fragment_by_nodes(&document(), std::slice::from_ref(&tree)).unwrap();
    assert!(by_nodes.is_equal_node(Some(&from_html)), "DOM built node by node differs from the parsed HTML");
    let built = dom::fragment(&document(), &[tree]).unwrap();
    assert!(built.is_equal_node(Some(&from_html)), "DOM built by dom::fragment differs from the parsed HTML");
}

/// A mixed thread: every body format and construct, quotes of posts on and off the page.
fn generated(n: usize) -> String {
    let mut posts = Vec::new();
    for i in 1..=n {
        let (format, body) = match i % 4 {
            0 => ("bbcode", format!("[quote=user{};{}]quoted [b]bold[/b] [url=https://e.example/{i}]link[/url][/quote]\n[list][*]one[*]two <tag> & \"q\"[/list][color=red]red[/color] [size=5]big[/size] [img]https://e.example/{i}.png[/img]", i % 50, i.saturating_sub(1).max(1))),
            1 => ("markdown", format!("# Heading {i}\n\n> quoted *em* **strong**\n\n- a\n- b\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n```rust\nfn x() {{}}\n```\n\nhttps://auto.example/{i} and `code` ~~gone~~ <b>raw</b>")),
            2 => ("text", format!("Plain text {i}\nwith a line break & <angle brackets>\n\nand https://bare.example/{i}.")),
            _ => ("html", format!(
                "Hacker News style {i}<p>a <a href=\"https://h.example/{i}\" rel=\"nofollow\">link</a> &amp; <b>bold</b><p><span class=\"h-card\"><a href=\"https://m.example/@a\" class=\"u-url mention\">@<span>a</span></a></span> \
                 <a href=\"https://m.example/long/{i}\"><span class=\"invisible\">https://</span><span class=\"ellipsis\">m.example/lo</span><span class=\"invisible\">ng/{i}</span></a></p>\
                 <aside class=\"quote no-group\" data-username=\"user{}\" data-post=\"{}\"><div class=\"title\"><img src=\"/a.png\" alt=\"\"> user:</div><blockquote><p>quoted <em>em</em></p></blockquote></aside>\
                 <ul><li>one<li>two</ul><table><tr><th>a<th>b<tr><td>1<td>2</table><pre><code class=\"language-rust\">fn x() {{}}</code></pre><img src=\"https://h.example/{i}.png\" alt=\"pic\">",
                i % 50,
                i.saturating_sub(1).max(1)
            )),
        };
        posts.push(format!(
            r#"{{"id": {i}, "author": "user{}", "format": "{format}", "body": {}, "created": "2024-01-02T03:04:05Z", "reply_to": {}}}"#,
            i % 50,
            serde_json::to_string(&body).unwrap(),
            i.saturating_sub(1).max(1)
        ));
    }
    let users: Vec<String> = (0..50)
        .map(|u| format!(r#""user{u}": {{"name": "User {u} <&>", "title": "Member", "avatar": "/a/{u}.png", "joined": "2010-0{}", "posts": {}}}"#, u % 9 + 1, u * 1000))
        .collect();
    format!(
        r#"{{"version": 1, "title": "Generated", "url": "https://forum.example/t/1", "users": {{{}}}, "posts": [{}], "browsing": {{"members": 2, "guests": 3, "names": ["a", "b"]}}, "permissions": {{"new_threads": true, "replies": false}}}}"#,
        users.join(","),
        posts.join(",")
    )
}

#[wasm_bindgen_test]
fn dom_equals_html_for_the_seed() {
    let t = Thread::from_json(SEED).unwrap();
    assert_dom_equals_html(&t, &Config { lang: "en".into(), ..Config::default() });
}

#[wasm_bindgen_test]
fn dom_equals_html_for_a_large_generated_thread() {
    let t = Thread::from_json(&generated(600)).unwrap();
    for config in [
        Config { lang: "en".into(), ..Config::default() },
        Config { lang: "en".into(), page_size: Some(20), page: 3, quote_depth: 0, images: thread_widget::config::Images::Link, ..Config::default() },
    ] {
        assert_dom_equals_html(&t, &config);
    }
}

/// Every payload of three XSS corpora (`../shared/corpora/xss/`) as a post
/// body in each format (as an html body, also in a link, an image, a
/// Discourse quote and a blockquote), as an author's name and title, and as a link and an
/// image URL: the DOM built node by node is still the parsed HTML (the
/// parser's repairs, such as a `<p>` in a `<p>` or a stray `<td>`, cannot
/// apply to escaped text), and so is the DOM parsed from it.
#[wasm_bindgen_test]
fn dom_equals_html_for_the_xss_corpora() {
    let corpus = [
        include_str!("../../shared/corpora/xss/payloadbox-xss-payload-list.txt"),
        include_str!("../../shared/corpora/xss/pat-XSS_Polyglots.txt"),
        include_str!("../../shared/corpora/xss/pat-RSNAKE_XSS.txt"),
    ];
    let payloads: Vec<&str> = corpus.iter().flat_map(|c| c.lines()).filter(|l| !l.trim().is_empty()).collect();
    for chunk in payloads.chunks(400) {
        let mut posts = Vec::new();
        let mut users = Vec::new();
        for (i, p) in chunk.iter().enumerate() {
            let q = serde_json::to_string(p).unwrap();
            let (format, body) = match i % 4 {
                0 => ("bbcode", serde_json::to_string(&format!("{p}\n[quote={p}]{p}[/quote][url={p}]{p}[/url][img]{p}[/img][b]{p}[/b]")).unwrap()),
                1 => ("markdown", serde_json::to_string(&format!("{p}\n\n> {p}\n\n- {p}\n\n[x]({p}) ![y]({p}) `{p}`")).unwrap()),
                2 => ("text", q.clone()),
                // Read as HTML (with the html feature): the payload's own markup, then in each construct.
                _ => ("html", serde_json::to_string(&format!(
                    "{p}<blockquote>{p}</blockquote><a href=\"{p}\">{p}</a><img src=\"{p}\" alt=\"{p}\">\
                     <aside class=\"quote\" data-username=\"{p}\" data-post=\"{p}\"><blockquote>{p}</blockquote></aside>"
                )).unwrap()),
            };
            users.push(format!(r#""u{i}": {{"name": {q}, "title": {q}, "avatar": {q}, "location": {q}}}"#));
            posts.push(format!(r#"{{"id": {}, "author": "u{i}", "format": "{format}", "body": {body}, "created": "2024-01-02T03:04:05Z"}}"#, i + 1));
        }
        let json = format!(r#"{{"version": 1, "title": "XSS", "users": {{{}}}, "posts": [{}]}}"#, users.join(","), posts.join(","));
        let t = Thread::from_json(&json).unwrap();
        assert_dom_equals_html(&t, &Config { lang: "en".into(), ..Config::default() });
    }
}

fn js_message(e: JsValue) -> String {
    js_sys::Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string()).unwrap_or_default()
}

fn js_error_message(e: JsError) -> String {
    js_message(JsValue::from(e))
}

#[wasm_bindgen_test]
fn render_from_a_js_object_equals_the_text_path() {
    let obj = js_sys::JSON::parse(SEED).unwrap();
    let el = test_container();
    let _w = thread_widget::render(el.clone(), obj.clone(), JsValue::UNDEFINED).unwrap();
    assert_eq!(el.query_selector_all("article.tw-post").unwrap().length(), 5);
    // renderToString writes the CLI's markup, its hash included.
    let expect = thread_widget::prerender_thread(&thread_widget::Thread::from_json(SEED).unwrap(), &Config { lang: "en".into(), ..Config::default() });
    let s = thread_widget::render_to_string_js(obj, JsValue::UNDEFINED).unwrap();
    assert_eq!(s, expect);
}

#[wasm_bindgen_test]
fn render_adopts_prerendered_markup_and_replaces_any_other() {
    let en = JsValue::from_str("en");
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &JsValue::from_str("lang"), &en).unwrap();
    let markup = thread_widget::render_to_string_js(JsValue::from_str(SEED), options.clone().into()).unwrap();
    // renderToString's markup, then the same thread rendered on it: the very section stays.
    let el = test_container();
    el.set_inner_html(&markup);
    let section = el.first_element_child().unwrap();
    let _w = thread_widget::render(el.clone(), JsValue::from_str(SEED), options.clone().into()).unwrap();
    assert!(el.first_element_child().unwrap() == section, "adopted: the same section");
    assert!(el.class_list().contains("tw-root"));
    // Another thread on that markup: replaced.
    let el = test_container();
    el.set_inner_html(&markup);
    let section = el.first_element_child().unwrap();
    let other = r#"{"posts": [{"id": 1, "author": {"name": "a"}, "body": "another thread"}]}"#;
    let _w = thread_widget::render(el.clone(), JsValue::from_str(other), options.into()).unwrap();
    assert!(el.first_element_child().unwrap() != section, "stale: replaced");
    assert_eq!(el.query_selector_all("article.tw-post").unwrap().length(), 1);
    assert!(el.text_content().unwrap().contains("another thread"));
}

#[wasm_bindgen_test]
fn render_with_bad_data_throws_the_precise_reason() {
    let el = test_container();
    let bad = js_sys::JSON::parse(r#"{"posts": [{"id": 1, "author": {"name": "a", "posts": "48,807"}, "body": "x"}]}"#).unwrap();
    let e = thread_widget::render(el.clone(), bad, JsValue::UNDEFINED).err().expect("bad data must throw");
    assert_eq!(js_error_message(e), "posts[0].author.posts: expected an integer, found the string \"48,807\"");
    let e = thread_widget::render(el, JsValue::from_str("{\"posts\": [}"), JsValue::UNDEFINED).err().expect("bad JSON must throw");
    assert_eq!(js_error_message(e), "invalid JSON: expected a value (object, array, string, number, true, false or null) at line 1 column 12");
    let e = thread_widget::render_to_string_js(JsValue::from_f64(3.0), JsValue::UNDEFINED).err().expect("a number is no thread");
    assert!(js_error_message(e).contains("a thread must be a JSON object"));
}

/// A JS object is turned into JSON text by the engine's `JSON.stringify`
/// before our parser reads it, so two limits meet here. Our parser refuses
/// more than 128 levels of nesting, in every engine (1,000 levels below). The
/// engines' `JSON.stringify` has a depth limit of its own (measured: Firefox
/// 153 ESR throws `InternalError: too much recursion` from about 4,700
/// levels, WebKitGTK 2.50 `RangeError: Maximum call stack size exceeded.`
/// from about 45,600, Chromium 156 none below 200,000): where it refuses the
/// object first (5,000 levels in Firefox), its exception is the thread's
/// error, as for a cycle. Either way an error, never a stack overflow or a panic.
#[wasm_bindgen_test]
fn deeply_nested_js_objects_are_refused_not_overflowed() {
    let nested = |levels: usize| js_sys::JSON::parse(&format!("{{\"posts\": {}{}}}", "[".repeat(levels), "]".repeat(levels))).unwrap();
    let refusal = |obj: JsValue| js_error_message(thread_widget::render_to_string_js(obj, JsValue::UNDEFINED).err().expect("too deep"));

    let obj = nested(1000);
    assert!(js_sys::JSON::stringify(&obj).is_ok(), "every engine stringifies 1,000 levels");
    let msg = refusal(obj);
    assert!(msg.contains("nested deeper than 128 levels"), "{msg}");

    let obj = nested(5000);
    let engine = js_sys::JSON::stringify(&obj);
    let msg = refusal(obj);
    match engine {
        // Chromium, WebKitGTK: our parser refuses the text.
        Ok(_) => assert!(msg.contains("nested deeper than 128 levels"), "{msg}"),
        // Firefox: JSON.stringify throws "too much recursion".
        Err(e) => assert_eq!(msg, format!("invalid thread: {}", js_message(e))),
    }
}

#[wasm_bindgen_test]
fn options_from_a_js_object_with_bad_values_fall_back_to_defaults() {
    let opts = js_sys::JSON::parse(r#"{"pageSize": "lots", "order": "newest", "quoteDepth": 0, "images": "link"}"#).unwrap();
    let el = test_container();
    let _w = thread_widget::render(el.clone(), JsValue::from_str(SEED), opts).unwrap();
    // pageSize was bad: all posts on one page; order newest: post 5 first.
    let posts = el.query_selector_all("article.tw-post").unwrap();
    assert_eq!(posts.length(), 5);
    assert_eq!(posts.item(0).unwrap().dyn_into::<web_sys::Element>().unwrap().id(), "post-5");
    // quoteDepth 0: the quote in post 5 is collapsed.
    assert!(el.query_selector("#post-5 details.tw-quote-more > summary").unwrap().is_some());
}

#[wasm_bindgen_test]
fn handle_updates_sets_options_and_destroys() {
    let el = test_container();
    let w = thread_widget::render(el.clone(), JsValue::from_str(SEED), JsValue::UNDEFINED).unwrap();
    w.set_options(js_sys::JSON::parse(r#"{"pageSize": 2}"#).unwrap()).unwrap();
    assert_eq!(el.query_selector_all("article.tw-post").unwrap().length(), 2);
    assert!(el.text_content().unwrap().contains("Results 1 to 2 of 5"));
    let next: web_sys::HtmlElement = el.query_selector(".tw-page-next").unwrap().unwrap().dyn_into().unwrap();
    next.click();
    assert!(el.text_content().unwrap().contains("Results 3 to 4 of 5"));
    w.update(JsValue::from_str(r#"{"posts": []}"#)).unwrap();
    assert!(el.text_content().unwrap().contains("There are no posts yet."));
    assert!(w.update(JsValue::from_str(r#"{"posts": 5}"#)).is_err());
    w.destroy();
    assert_eq!(el.child_element_count(), 0);
    assert!(w.update(JsValue::from_str(SEED)).is_err());
}

fn listen(el: &web_sys::Element, name: &str) -> Rc<RefCell<Vec<JsValue>>> {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let s = seen.clone();
    let cb = Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| s.borrow_mut().push(e.detail()));
    el.add_event_listener_with_callback(name, cb.as_ref().unchecked_ref()).unwrap();
    cb.forget(); // test only: the listener lives as long as the test page
    seen
}

#[wasm_bindgen_test]
async fn mount_reads_inline_json_and_fires_ready() {
    let el = test_container();
    let script = document().create_element("script").unwrap();
    script.set_attribute("type", "application/json").unwrap();
    script.set_text_content(Some(SEED));
    el.append_child(&script).unwrap();
    let ready = listen(&el, "thread-widget:ready");
    let _w = thread_widget::mount(el.clone(), JsValue::UNDEFINED, JsValue::UNDEFINED, None).await.unwrap();
    assert_eq!(el.query_selector_all("article.tw-post").unwrap().length(), 5);
    let detail = ready.borrow()[0].clone();
    assert_eq!(js_sys::Reflect::get(&detail, &"posts".into()).unwrap().as_f64(), Some(5.0));
}

#[wasm_bindgen_test]
async fn mount_with_a_schema_error_shows_a_message_and_fires_the_reason() {
    let el = test_container();
    let script = document().create_element("script").unwrap();
    script.set_attribute("type", "application/json").unwrap();
    script.set_text_content(Some("{\n  \"version\": 1,\n  \"posts\": [{\"id\": 1, \"author\": \"ghost\", \"body\": \"x\"}]\n}"));
    el.append_child(&script).unwrap();
    let errors = listen(&el, "thread-widget:error");
    let e = thread_widget::mount(el.clone(), JsValue::UNDEFINED, JsValue::UNDEFINED, None).await.err().expect("must reject");
    let msg = js_error_message(e);
    assert_eq!(msg, "posts[0].author: no user \"ghost\" in `users` at line 3 column 33");
    assert!(el.query_selector(".tw-error").unwrap().is_some());
    let detail = errors.borrow()[0].clone();
    assert_eq!(js_sys::Reflect::get(&detail, &"message".into()).unwrap().as_string().unwrap(), msg);
}

#[wasm_bindgen_test]
async fn mount_with_a_missing_file_says_http_404() {
    let el = test_container();
    let opts = js_sys::JSON::parse(r#"{"src": "/no/such/thread.json"}"#).unwrap();
    let e = thread_widget::mount(el.clone(), opts, JsValue::UNDEFINED, None).await.err().expect("must reject");
    let msg = js_error_message(e);
    assert!(msg.contains("/no/such/thread.json: HTTP 404"), "{msg}");
    assert!(el.query_selector(".tw-error").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn mount_by_script_id() {
    let doc = document();
    let script = doc.create_element("script").unwrap();
    script.set_attribute("type", "application/json").unwrap();
    script.set_attribute("id", "seed-by-id").unwrap();
    script.set_text_content(Some(SEED));
    doc.body().unwrap().append_child(&script).unwrap();
    let el = test_container();
    let _w = thread_widget::mount(el.clone(), js_sys::JSON::parse(r##"{"src": "#seed-by-id"}"##).unwrap(), JsValue::UNDEFINED, None).await.unwrap();
    assert_eq!(el.query_selector_all("article.tw-post").unwrap().length(), 5);
}

#[wasm_bindgen_test]
fn quote_link_jumps_to_the_post_and_focuses_it() {
    let el = test_container();
    let _w = thread_widget::render(el.clone(), JsValue::from_str(SEED), js_sys::JSON::parse(r#"{"pageSize": 2}"#).unwrap()).unwrap();
    // Post 5 is on page 3; its quote of post 4 lives on page 2.
    for _ in 0..2 {
        let next: web_sys::HtmlElement = el.query_selector(".tw-page-next").unwrap().unwrap().dyn_into().unwrap();
        next.click();
    }
    let link: web_sys::HtmlElement = el.query_selector("#post-5 a.tw-quote-link").unwrap().unwrap().dyn_into().unwrap();
    link.click();
    let active = document().active_element().unwrap();
    assert_eq!(active.id(), "post-4");
    assert!(active.class_list().contains("tw-highlight"));
}

/// This build reads html bodies (the second build's features): an html
/// thread is not handed over, and it renders into the tree, not as text, the
/// same DOM as renderToString's HTML parsed.
#[cfg(feature = "html")]
#[wasm_bindgen_test]
fn html_bodies_render_as_html_in_this_build() {
    use thread_widget::markup::Format;
    assert!(!Format::Html.elsewhere() && !Format::Markdown.elsewhere() && !Format::Bbcode.elsewhere());
    let json = r#"{"format": "html", "url": "https://forum.example/t/1", "posts": [
        {"id": 4, "author": {"name": "Grumpy John"}, "body": "<p>A leopard cannot change it&#x27;s spots.</p>"},
        {"id": 5, "author": {"name": "b"}, "body": "<aside class=\"quote no-group\" data-username=\"Grumpy John\" data-post=\"4\"><div class=\"title\">Grumpy John:</div><blockquote><p>A leopard</p></blockquote></aside><p>Yes, <a href=\"https://e.example/\">but</a><p>HN &amp; more"}
    ]}"#;
    let el = test_container();
    let _w = thread_widget::render(el.clone(), JsValue::from_str(json), JsValue::UNDEFINED).unwrap();
    let q = |sel: &str| el.query_selector(sel).unwrap().unwrap_or_else(|| panic!("no {sel}"));
    assert_eq!(el.query_selector_all("#post-5 .tw-body > p").unwrap().length(), 2);
    assert_eq!(q("#post-5 .tw-quote-link").get_attribute("href").as_deref(), Some("#post-4"));
    assert!(q("#post-5 .tw-quote-by").text_content().unwrap().contains("Grumpy John"));
    assert_eq!(q("#post-5 .tw-body > p a").get_attribute("href").as_deref(), Some("https://e.example/"));
    assert!(q("#post-4 .tw-body").text_content().unwrap().contains("it's spots"));
    assert!(!el.text_content().unwrap().contains("<p>"));
    // The same DOM as renderToString's HTML, parsed.
    let out = thread_widget::render_to_string_js(JsValue::from_str(json), JsValue::UNDEFINED).unwrap();
    let built = document().create_document_fragment();
    let children = el.child_nodes();
    for i in 0..children.length() {
        built.append_child(&children.item(i).unwrap().clone_node_with_deep(true).unwrap()).unwrap();
    }
    // The widget's own DOM has no markup hash: only the renderers write it.
    let parsed = parsed(&out);
    parsed.query_selector("[data-tw-hash]").unwrap().expect("renderToString marks its markup").remove_attribute("data-tw-hash").unwrap();
    assert!(built.is_equal_node(Some(&parsed)), "the widget's DOM differs from renderToString's HTML:\n{out}");
}
