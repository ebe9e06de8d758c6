// Scratch: instruction-count ratio of full parse+render vs serde_json::Value (run under callgrind).
use thread_widget::*;
fn main() {
    let file = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    match std::env::args().nth(2).as_deref() {
        Some("serde") => { let v: serde_json::Value = serde_json::from_str(&text).unwrap(); std::hint::black_box(&v); }
        Some("parse") => { let t = Thread::from_json(&text).unwrap(); std::hint::black_box(&t); }
        Some("none") => { std::hint::black_box(&text); }
        _ => { let s = render_to_string(&text, &Config { lang: "en".into(), ..Config::default() }).unwrap(); std::hint::black_box(&s); }
    }
}
