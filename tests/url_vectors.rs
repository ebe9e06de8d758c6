//! The URL policy against public test vectors.
//!
//! - google/safevalues: every URL its sanitizers block
//!   (`about:invalid#zClosurez`) is blocked by ours. We allow less than
//!   safevalues on purpose (only http, https, mailto and relative URLs, see
//!   `src/url.rs`); the differences are counted and sorted into categories.
//! - WPT `urltestdata.json`: every input a browser parses to the `javascript:`
//!   scheme is blocked, and every input we allow parses (against an http(s)
//!   base) to http, https or mailto.
//!
//! A missing corpus fails the tests: they must never pass by skipping.

use serde_json::Value;
use thread_widget::url::{sanitize, sanitize_email, ALLOWED_SCHEMES};

const BLOCKED: &str = "about:invalid#zClosurez";

fn corpus(name: &str) -> Value {
    let path = format!("{}/../shared/corpora/urls/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("URL corpus {path} is missing ({e}); these tests need ../shared/corpora (see its README.txt) and must not pass without it")
    });
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

struct Vector {
    set: String,
    input: String,
    expected: String,
}

/// Every `{input, expected}` pair, with the name of the list it is from.
fn safevalues() -> Vec<Vector> {
    fn walk(v: &Value, path: &str, out: &mut Vec<Vector>) {
        match v {
            Value::Object(m) if m.contains_key("input") => {
                let s = |k: &str| m[k].as_str().unwrap_or_else(|| panic!("{path}: `{k}` is not a string")).to_owned();
                out.push(Vector { set: path.to_owned(), input: s("input"), expected: s("expected") });
            }
            Value::Object(m) => m.iter().for_each(|(k, v)| walk(v, &format!("{path}/{k}"), out)),
            Value::Array(a) => a.iter().for_each(|v| walk(v, path, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&corpus("safevalues-url-sanitizer-test-vectors.json"), "", &mut out);
    assert!(out.len() >= 100, "safevalues: only {} vectors found", out.len());
    out
}

/// Why we block something safevalues allows (every difference must have one).
fn why_we_differ(input: &str) -> Option<&'static str> {
    let lower = input.trim().to_ascii_lowercase();
    let scheme = lower.split_once(':').map(|(s, _)| s).filter(|s| !s.contains(['/', '?', '#']));
    match scheme {
        _ if input.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) => {
            Some("control characters in the URL (we never print them)")
        }
        Some("ftp") => Some("ftp: (not a web page or image browsers still load)"),
        Some("data") => Some("data: (images and media inline in a post: refused, a post links out)"),
        Some("tel" | "sms" | "callto") => Some("tel:/sms:/callto: (phone schemes: not in our allow-list)"),
        Some(_) => Some("app and custom schemes (rtsp:, market:, itms:, wtai:, intent:, ssh:, …)"),
        None => None,
    }
}

#[test]
fn urls_blocked_by_safevalues_stay_blocked() {
    let vectors = safevalues();
    let mut blocked = 0;
    let mut failures = Vec::new();
    for v in vectors.iter().filter(|v| v.expected == BLOCKED) {
        blocked += 1;
        if let Some(u) = sanitize(&v.input) {
            failures.push(format!("{}: {:?} is blocked by safevalues but we allow it as {:?}", v.set, v.input, u.as_str()));
        }
    }
    println!("safevalues: {blocked} blocked vectors, {} of them allowed by us", failures.len());
    assert!(blocked >= 35, "only {blocked} blocked vectors: has the corpus changed?");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn urls_allowed_by_safevalues_are_allowed_or_refused_on_purpose() {
    let vectors = safevalues();
    let mut allowed = 0;
    let mut also_allowed = 0;
    let mut categories: Vec<(&str, Vec<String>)> = Vec::new();
    let mut unexplained = Vec::new();
    for v in vectors.iter().filter(|v| v.expected != BLOCKED) {
        allowed += 1;
        match sanitize(&v.input) {
            Some(u) => {
                also_allowed += 1;
                // What we keep is what safevalues keeps.
                assert_eq!(u.as_str(), v.expected, "{}: {:?}", v.set, v.input);
            }
            // safevalues keeps "" as "", we show nothing: no link at all.
            None if v.input.is_empty() => also_allowed += 1,
            None => match why_we_differ(&v.input) {
                Some(why) => match categories.iter_mut().find(|(c, _)| *c == why) {
                    Some((_, inputs)) => inputs.push(format!("{:?}", v.input)),
                    None => categories.push((why, vec![format!("{:?}", v.input)])),
                },
                None => unexplained.push(format!("{}: {:?}", v.set, v.input)),
            },
        }
    }
    println!("safevalues: {allowed} allowed vectors; we allow {also_allowed} of them too and block {}:", allowed - also_allowed);
    for (why, inputs) in &categories {
        println!("  {} × {why}: {}", inputs.len(), inputs.join(", "));
    }
    assert!(unexplained.is_empty(), "blocked without a reason (a relative or http(s) URL we should allow?):\n{}", unexplained.join("\n"));
    assert!(also_allowed >= 15, "we allow only {also_allowed} of safevalues' allowed vectors");
}

#[test]
fn javascript_scheme_with_tabs_is_blocked() {
    for v in safevalues().iter().filter(|v| v.input.contains('\t') && v.input.to_ascii_lowercase().replace('\t', "").contains("javascript:")) {
        assert!(sanitize(&v.input).is_none(), "{:?}", v.input);
    }
    for u in ["java\tscript:alert(1)", "\tjavascript:alert(1)", "j\ta\tv\ta\ts\tc\tr\ti\tp\tt\t:alert(1)", "javascript\t:alert(1)"] {
        assert!(sanitize(u).is_none(), "{u:?}");
    }
}

#[test]
fn javascript_scheme_after_leading_space_or_vertical_tab_is_blocked() {
    for u in [" javascript:evil(3);", "\u{b}javascript:evil(5);", "\u{c}javascript:x", "\u{0}javascript:x", "\u{1f}javascript:x", "   \n javascript:x"] {
        assert!(sanitize(u).is_none(), "{u:?}");
    }
}

#[test]
fn javascript_scheme_before_a_newline_and_good_url_is_blocked() {
    assert!(sanitize("javascript:evil(2);//\nhttp://good.com/").is_none());
    assert!(sanitize("javascript:evil();//\r\nhttp://good.com/").is_none());
}

#[test]
fn javascript_scheme_in_mixed_case_is_blocked() {
    for u in ["JaVasCriPT:evil(6);", "JAVASCRIPT:x", "jAvAsCrIpT:x"] {
        assert!(sanitize(u).is_none(), "{u:?}");
    }
}

#[test]
fn scheme_split_by_a_newline_is_blocked() {
    // safevalues: "path\n:" is a scheme once the newline is stripped.
    assert!(sanitize("path\n:").is_none());
    assert!(sanitize("java\nscript:x").is_none());
}

#[test]
fn nul_and_control_characters_in_a_url_are_blocked() {
    assert!(sanitize("http://www.f\u{0}\u{0}.com").is_none());
    assert!(sanitize("http://a.\u{7}example/").is_none());
}

// ---------------------------------------------------------------- WPT

struct WptCase<'a> {
    input: &'a str,
    base: Option<&'a str>,
    protocol: Option<&'a str>,
}

fn wpt(data: &Value) -> Vec<WptCase<'_>> {
    let cases: Vec<WptCase<'_>> = data
        .as_array()
        .expect("urltestdata.json is an array")
        .iter()
        .filter_map(|v| {
            let o = v.as_object()?; // comment strings
            Some(WptCase {
                input: o.get("input")?.as_str()?,
                base: o.get("base").and_then(Value::as_str),
                protocol: if o.get("failure").and_then(Value::as_bool) == Some(true) {
                    None
                } else {
                    o.get("protocol").and_then(Value::as_str)
                },
            })
        })
        .collect();
    assert!(cases.len() >= 800, "urltestdata.json: only {} cases", cases.len());
    cases
}

#[test]
fn urls_browsers_parse_as_javascript_are_blocked() {
    let data = corpus("wpt-urltestdata.json");
    let cases = wpt(&data);
    let js: Vec<&WptCase<'_>> = cases.iter().filter(|c| c.protocol == Some("javascript:")).collect();
    let mentions = cases.iter().filter(|c| c.input.to_ascii_lowercase().contains("javascript")).count();
    let mut allowed = Vec::new();
    for c in &js {
        if let Some(u) = sanitize(c.input) {
            allowed.push(format!("{:?} (base {:?}) → {:?}", c.input, c.base, u.as_str()));
        }
    }
    // Inputs that mention javascript but fail to parse are blocked as well.
    let failing_js = cases.iter().filter(|c| c.protocol.is_none() && c.input.to_ascii_lowercase().starts_with("javascript:")).collect::<Vec<_>>();
    for c in &failing_js {
        assert!(sanitize(c.input).is_none(), "{:?}", c.input);
    }
    println!(
        "wpt: {} cases, {mentions} mention javascript, {} parse to javascript: ({} blocked), {} fail to parse (blocked)",
        cases.len(),
        js.len(),
        js.len() - allowed.len(),
        failing_js.len()
    );
    assert!(js.len() >= 8, "only {} javascript: cases", js.len());
    assert!(allowed.is_empty(), "{}", allowed.join("\n"));
}

#[test]
fn urls_we_allow_parse_to_an_allowed_scheme_in_browsers() {
    // The widget lives on an http(s) page, so a relative URL resolves against
    // an http(s) base. For every WPT case with such a base (or none), if we
    // allow the input, the browser's parse must give an allowed scheme (or
    // fail to parse, which makes no link at all).
    let data = corpus("wpt-urltestdata.json");
    let cases = wpt(&data);
    let mut tried = 0;
    let mut allowed = 0;
    let mut bad = Vec::new();
    for c in &cases {
        let web_base = c.base.map_or(true, |b| b.starts_with("http://") || b.starts_with("https://"));
        if !web_base {
            continue;
        }
        tried += 1;
        let Some(u) = sanitize(c.input) else { continue };
        allowed += 1;
        if let Some(p) = c.protocol {
            let scheme = p.trim_end_matches(':');
            if !ALLOWED_SCHEMES.contains(&scheme) {
                bad.push(format!("{:?} (base {:?}) is allowed as {:?} but browsers read it as {p}", c.input, c.base, u.as_str()));
            }
        }
    }
    println!("wpt: {tried} cases with an http(s) base or none; we allow {allowed}; {} resolve to another scheme", bad.len());
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn sanitize_is_idempotent_on_every_vector() {
    let data = corpus("wpt-urltestdata.json");
    let inputs = safevalues().into_iter().map(|v| v.input).chain(wpt(&data).into_iter().map(|c| c.input.to_owned()));
    for input in inputs {
        if let Some(u) = sanitize(&input) {
            assert_eq!(sanitize(u.as_str()).as_ref(), Some(&u), "{input:?}");
        }
    }
}

#[test]
fn email_addresses_with_a_scheme_are_refused() {
    for a in ["javascript:alert(1)@x", "a@b.c?x=javascript:alert(1)", "a b@c", "\u{1}a@b", "mailto:a@b", ""] {
        assert!(sanitize_email(a).is_none(), "{a:?}");
    }
    assert_eq!(sanitize_email(" a@b.example ").unwrap().as_str(), "mailto:a@b.example");
}
