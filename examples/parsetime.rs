// Times the one-shot parse, the scan alone and the sliced parse of a thread file (native).
use std::time::Instant;
use thread_widget::model::{Progress, Sliced};
use thread_widget::Thread;
fn main() {
    let file = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    for _ in 0..3 {
        let t0 = Instant::now();
        let a = Thread::from_json(&text).unwrap();
        let one = t0.elapsed();
        let t0 = Instant::now();
        let mut s = Sliced::new(&text).unwrap();
        let mut scan = None;
        let b = loop {
            if let Progress::Done(r) = s.step(&mut || false) {
                break r.unwrap();
            }
            if scan.is_none() && s.preview().is_some() {
                scan = Some(t0.elapsed());
            }
        };
        let sliced = t0.elapsed();
        assert_eq!(a, b);
        println!("one-shot {:?}  scan+head {:?}  sliced total {:?}  ({} posts)", one, scan.unwrap(), sliced, a.posts.len());
    }
}
