//! The command line tool: `render` and `check`, their output and exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_thread-widget"));
    cmd.args(args).current_dir(env!("CARGO_MANIFEST_DIR")).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("runs");
    if let Some(text) = stdin {
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn render_prints_the_seed_and_exits_0() {
    let out = run(&["render", "www/threads/seed.json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = text(&out.stdout);
    assert!(html.starts_with("<section data-tw-hash=\"v1-"));
    assert_eq!(html.matches("<article class=\"tw-post\"").count(), 5);
    let want = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/seed.html")).unwrap();
    // The very markup of the library, marked with its hash (tests/prerender.rs).
    let hash = thread_widget::render::hash::markup_hash(want.trim_end());
    assert_eq!(html.trim_end(), want.trim_end().replacen("<section", &format!("<section data-tw-hash=\"{hash}\""), 1), "the CLI prints the very markup of the library");
    assert!(out.stderr.is_empty());
}

#[test]
fn render_reads_standard_input() {
    let out = run(&["render", "-"], Some(r#"{"posts": [{"id": 1, "author": {"name": "a"}, "body": "hi"}]}"#));
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("<p>hi</p>"));
}

#[test]
fn render_standalone_is_a_whole_page_with_the_stylesheet() {
    let out = run(&["render", "www/threads/seed.json", "--standalone", "--lang", "en"], None);
    assert_eq!(out.status.code(), Some(0));
    let page = text(&out.stdout);
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">"));
    assert!(page.contains("<title>Russia says to boost military ties with Myanmar as junta leader visits</title>"));
    assert!(page.contains("<style>") && page.contains(".tw-post"));
    assert!(page.trim_end().ends_with("</html>"));
}

#[test]
fn render_of_a_broken_file_prints_located_errors_and_exits_1() {
    let out = run(&["render", "tests/fixtures/broken/syntax.json"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(text(&out.stderr), "tests/fixtures/broken/syntax.json:3:14: invalid JSON: expected `,` or `}` after an object member\n");
}

#[test]
fn check_prints_every_error_as_file_line_col_path_message() {
    let out = run(&["check", "tests/fixtures/broken/schema.json"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        "tests/fixtures/broken/schema.json:4:25: posts[0].author: no user \"ghost\" in `users`\n\
         tests/fixtures/broken/schema.json:6:39: posts[1].author.posts: expected an integer, found the string \"48,807\"\n\
         tests/fixtures/broken/schema.json:7:12: posts[2].id: duplicate post id \"2\": posts[1] has it too\n\
         tests/fixtures/broken/schema.json:7:64: posts[2].created: expected an RFC 3339 date-time like \"2021-06-23T09:15:00+07:00\", found the string \"yesterday\"\n"
    );
}

#[test]
fn check_of_several_files_reports_each_and_exits_1_if_any_is_bad() {
    let out = run(&["check", "www/threads/seed.json", "tests/fixtures/broken/version.json", "tests/fixtures/broken/syntax.json"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("tests/fixtures/broken/version.json:1:13: version: this thread uses schema version 2"), "{err}");
    assert!(err.contains("tests/fixtures/broken/syntax.json:3:14: invalid JSON"), "{err}");
    assert!(!err.contains("seed.json"));
}

#[test]
fn check_of_valid_files_is_silent_and_exits_0() {
    let out = run(&["check", "www/threads/seed.json"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}

#[test]
fn check_of_a_missing_file_exits_1_with_the_reason() {
    let out = run(&["check", "no/such/file.json"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("no/such/file.json: cannot read:"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[], None).status.code(), Some(2));
    assert_eq!(run(&["render"], None).status.code(), Some(2));
    assert_eq!(run(&["render", "a", "--frobnicate"], None).status.code(), Some(2));
    assert_eq!(run(&["check"], None).status.code(), Some(2));
    assert_eq!(run(&["--help"], None).status.code(), Some(0));
}

#[test]
fn check_names_the_path_of_each_wrong_platform_field() {
    let thread = "{\"platform\": [\"Mastodon\"],\n\
                  \"posts\": [{\"id\": 1, \"author\": {\"name\": \"a\", \"handle\": 5}, \"body\": \"x\",\n\
                  \"url\": 3, \"likes\": -2, \"reposts\": \"18\", \"points\": 4.5, \"deleted\": \"gone\"},\n\
                  {\"id\": 2, \"author\": {\"name\": \"b\"}, \"deleted\": true}]}\n";
    let out = run(&["check", "-"], Some(thread));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "<stdin>:1:14: platform: expected a string, found an array\n\
         <stdin>:2:55: posts[0].author.handle: expected a string, found the number 5\n\
         <stdin>:3:8: posts[0].url: expected a string, found the number 3\n\
         <stdin>:3:20: posts[0].likes: expected an integer ≥ 0, found the number -2\n\
         <stdin>:3:35: posts[0].reposts: expected an integer, found the string \"18\"\n\
         <stdin>:3:51: posts[0].points: expected an integer, found the number 4.5\n\
         <stdin>:3:67: posts[0].deleted: expected true, false or \"removed\", found the string \"gone\"\n"
    );
}

#[test]
fn a_thread_from_another_platform_checks_and_renders() {
    let thread = r#"{"platform": "Hacker News", "url": "https://news.ycombinator.com/item?id=1",
        "posts": [{"id": 1, "author": {"name": "pg", "handle": "pg"}, "body": "<p>Hi</p>", "format": "html",
                   "url": "https://news.ycombinator.com/item?id=1", "points": 1081},
                  {"id": 2, "author": {"name": "[deleted]"}, "deleted": true, "reply_to": 1}]}"#;
    let out = run(&["check", "-"], Some(thread));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = run(&["render", "-"], Some(thread));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = text(&out.stdout);
    for want in [
        "<a class=\"tw-post-link\" href=\"https://news.ycombinator.com/item?id=1\" rel=\"nofollow ugc noopener noreferrer\">View on Hacker News</a>",
        "<ul class=\"tw-counts\"><li class=\"tw-count-points\">1,081 points</li></ul>",
        "<p class=\"tw-deleted\">This post was deleted.</p>",
        ">Reply on Hacker News</a>",
    ] {
        assert!(html.contains(want), "lacks {want}:\n{html}");
    }
}
