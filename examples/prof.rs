use std::time::Instant;
use thread_widget::*;
fn main() {
    let text = std::fs::read_to_string("/tmp/t2k.json").unwrap();
    for _ in 0..1 {
        let t0 = Instant::now();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let t1 = Instant::now();
        drop(v);
        let th = Thread::from_json(&text).unwrap();
        let t2 = Instant::now();
        let mut n = 0;
        for p in &th.posts { n += markup::parse(p.format, &p.body).len(); }
        let t3 = Instant::now();
        let cfg = Config { lang: "en".into(), ..Config::default() };
        let fmt = i18n::CatalogFormatter(i18n::catalog("en"));
        let tree = view::thread(&th, &cfg, &fmt);
        let t4 = Instant::now();
        let s = render::html::to_string(std::slice::from_ref(&tree));
        let t5 = Instant::now();
        drop(tree);
        let t6 = Instant::now();
        println!("serde {:?} parse {:?} markup {:?} ({n}) view(incl markup) {:?} html {:?} drop {:?} len {}", t1-t0, t2-t1, t3-t2, t4-t3, t5-t4, t6-t5, s.len());
    }
}
