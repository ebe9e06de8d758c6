//! The `thread-widget` command: renders thread JSON to static HTML and checks it.

use std::io::{Read, Write};
use std::process::ExitCode;

use thread_widget::{render, Config, Thread};

const USAGE: &str = "\
thread-widget: render a discussion thread's JSON to HTML, or check it

usage:
  thread-widget render FILE|- [--lang TAG] [--standalone | --hash] [OPTIONS]
      print the thread's HTML (the markup the widget builds) on standard output,
      its section marked with data-tw-hash (a widget loaded on it adopts it as
      it is when it would build the same); --standalone prints a whole page
      with the default stylesheet; --hash prints only data-tw-hash's value (a
      page whose markup has another is stale: render it again).
      The widget's options that change its markup, with the same values:
        --layout flat|nested   --order oldest|newest   --page-size N   --page N
        --quote-depth N        --heading-level 1-6     --images show|link
  thread-widget check FILE...
      print every schema error as FILE:LINE:COL: PATH: message on standard error;
      exit 1 when any file has one, 0 and silent when all are valid
  thread-widget import FILE... [--from SOURCE] [--out DIR [--page-size N]]
                               [--include pending,spam,trash]
      read another platform's saved API responses (a Mastodon status and/or its
      context, a Bluesky getPostThread, a Hacker News Algolia item tree, a
      GitHub issue and/or its comments, a Discourse topic and/or its posts, a
      Reddit comments listing) or a site's export (Disqus XML, WordPress WXR)
      and print the thread JSON; --from mastodon|bluesky|hackernews|github|
      discourse|reddit|disqus|wordpress says the source when the content does
      not; --out DIR writes DIR/SOURCE-ID.json for each thread (an export holds
      many) and DIR/index.json (each thread's address and identifier → its
      file) instead; --page-size N splits a thread into page files of N posts
      (SOURCE-ID-2.json and on, linked by page.next/prev); an export's pending,
      spam and trashed comments are left out unless --include names them
  thread-widget --help | --version
";

/// `render`'s options that change the markup: flag → the widget's option name.
fn markup_option(flag: &str) -> Option<&'static str> {
    let flag = flag.split_once('=').map_or(flag, |(f, _)| f);
    Some(match flag {
        "--layout" => "layout",
        "--order" => "order",
        "--page-size" => "pageSize",
        "--page" => "page",
        "--quote-depth" => "quoteDepth",
        "--heading-level" => "headingLevel",
        "--images" => "images",
        _ => return None,
    })
}

/// The default stylesheet, inlined by `--standalone`.
const CSS: &str = include_str!("../css/thread-widget.css");

fn read(file: &str) -> Result<String, String> {
    let mut text = String::new();
    let res = if file == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read(file).and_then(|bytes| {
            text = String::from_utf8(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to())))?;
            Ok(())
        })
    };
    res.map(|_| text).map_err(|e| format!("{file}: cannot read: {e}"))
}

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("thread-widget: {msg}\n\n{USAGE}");
    ExitCode::from(2)
}

fn check(files: &[String]) -> ExitCode {
    if files.is_empty() {
        return usage_error("check needs at least one FILE");
    }
    let mut failed = false;
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for file in files {
        let name = if file == "-" { "<stdin>" } else { file.as_str() };
        match read(file) {
            Err(e) => {
                failed = true;
                let _ = writeln!(err, "{e}");
            }
            Ok(text) => {
                if let Err(errors) = Thread::from_json(&text) {
                    failed = true;
                    for e in &errors.0 {
                        let _ = writeln!(err, "{}", e.located(name));
                    }
                }
            }
        }
    }
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn render_cmd(args: &[String]) -> ExitCode {
    let mut file = None;
    let mut config = Config { lang: "en".into(), ..Config::default() };
    let mut standalone = false;
    let mut hash_only = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--standalone" => standalone = true,
            "--hash" => hash_only = true,
            "--lang" => match it.next() {
                Some(tag) => config.lang = tag.clone(),
                None => return usage_error("--lang needs a language tag"),
            },
            s if s.starts_with("--lang=") => config.lang = s["--lang=".len()..].to_owned(),
            s if s.starts_with("--") && markup_option(s).is_some() => {
                let (flag, inline) = s.split_once('=').map_or((s, None), |(f, v)| (f, Some(v.to_owned())));
                let name = markup_option(flag).unwrap_or_default();
                let Some(value) = inline.or_else(|| it.next().cloned()) else { return usage_error(&format!("{flag} needs a value")) };
                // A bad value is an error here (the widget warns and uses the default).
                if let Some(w) = config.set(name, &value) {
                    return usage_error(&format!("{flag} {}: expected {}", thread_widget::error::quoted(&w.value), w.expected));
                }
            }
            s if s.starts_with('-') && s != "-" => return usage_error(&format!("unknown option {s}")),
            s => {
                if file.replace(s.to_owned()).is_some() {
                    return usage_error("render takes one FILE");
                }
            }
        }
    }
    let Some(file) = file else { return usage_error("render needs a FILE (or - for standard input)") };
    let name = if file == "-" { "<stdin>".to_owned() } else { file.clone() };
    let text = match read(&file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let thread = match Thread::from_json(&text) {
        Ok(t) => t,
        Err(errors) => {
            for e in &errors.0 {
                eprintln!("{}", e.located(&name));
            }
            return ExitCode::from(1);
        }
    };
    if standalone && hash_only {
        return usage_error("--standalone and --hash: give one");
    }
    let html = thread_widget::prerender_thread(&thread, &config);
    let mut out = String::new();
    if hash_only {
        // The value as written in the markup, not hashed again.
        let at = html.find(&format!("{}=\"", render::hash::ATTR)).map(|i| i + render::hash::ATTR.len() + 2);
        out.push_str(at.and_then(|i| html.get(i..i + 19)).unwrap_or_default());
        out.push('\n');
    } else if standalone {
        let cat = thread_widget::i18n::catalog(&config.lang);
        let dir = if cat.dir == thread_widget::i18n::Dir::Rtl { "rtl" } else { "ltr" };
        out.push_str("<!DOCTYPE html>\n<html lang=\"");
        render::html::escape_attr(&mut out, cat.lang);
        out.push_str("\" dir=\"");
        out.push_str(dir);
        out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
        render::html::escape_text(&mut out, thread.title.as_deref().unwrap_or("Thread"));
        out.push_str("</title>\n<style>\n");
        out.push_str(CSS);
        out.push_str("</style>\n</head>\n<body>\n<main class=\"thread-widget tw-root\" data-tw-theme=\"auto\">\n");
        out.push_str(&html);
        out.push_str("\n</main>\n</body>\n</html>\n");
    } else {
        out.push_str(&html);
        out.push('\n');
    }
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    if lock.write_all(out.as_bytes()).and_then(|_| lock.flush()).is_err() {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// `thread-widget import FILE... [--from SOURCE] [--out DIR] [--page-size N]
/// [--include LIST]`: the whole result or nothing (with --out, every file is
/// written aside, then renamed).
fn import_cmd(args: &[String]) -> ExitCode {
    use thread_widget::import::{self, Include, Source};
    let (mut files, mut from, mut out, mut page_size, mut include) = (Vec::new(), None, None, None, Include::default());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = a.split_once('=').map_or((a.as_str(), None), |(f, v)| (f, Some(v.to_owned())));
        match flag {
            "--from" | "--out" | "--page-size" | "--include" => {
                let Some(v) = inline.or_else(|| it.next().cloned()) else { return usage_error(&format!("{flag} needs a value")) };
                match flag {
                    "--out" => out = Some(v),
                    "--page-size" => match v.trim().parse::<usize>() {
                        Ok(n) if n > 0 => page_size = Some(n),
                        _ => return usage_error(&format!("--page-size {}: expected a whole number of posts, 1 or more", thread_widget::error::quoted(&v))),
                    },
                    "--include" => match Include::parse(&v) {
                        Ok(i) => include = i,
                        Err(e) => return usage_error(&e),
                    },
                    _ => match Source::from_name(&v) {
                        Some(s) => from = Some(s),
                        None => {
                            let names: Vec<&str> = Source::ALL.iter().map(|s| s.name()).collect();
                            return usage_error(&format!("--from {}: expected {}", thread_widget::error::quoted(&v), names.join(", ")));
                        }
                    },
                }
            }
            s if s.starts_with('-') && s != "-" => return usage_error(&format!("unknown option {s}")),
            _ => files.push(a.clone()),
        }
    }
    if files.is_empty() {
        return usage_error("import needs a FILE (or - for standard input)");
    }
    if page_size.is_some() && out.is_none() {
        return usage_error("--page-size writes page files: it needs --out DIR");
    }
    let mut texts = Vec::new();
    for f in &files {
        match read(f) {
            Ok(t) => texts.push(t),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(1);
            }
        }
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let threads = match import::import_all(from, &refs, include) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("thread-widget: {}: {e}", files.join(", "));
            return ExitCode::from(1);
        }
    };
    let Some(dir) = out else {
        if threads.len() != 1 {
            eprintln!("thread-widget: {}: this holds {} threads: write them with --out DIR", files.join(", "), threads.len());
            return ExitCode::from(1);
        }
        let text = thread_widget::write::thread_json(&threads[0].thread);
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        return if lock.write_all(text.as_bytes()).and_then(|_| lock.flush()).is_ok() { ExitCode::SUCCESS } else { ExitCode::from(1) };
    };
    if threads.is_empty() {
        eprintln!("thread-widget: {}: no thread with comments to write (nothing written)", files.join(", "));
        return ExitCode::from(1);
    }
    let platform = from.or_else(|| import::detect(&texts[0])).map_or("thread", |s| s.name());
    match write_threads(std::path::Path::new(&dir), platform, &threads, page_size.unwrap_or(usize::MAX)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("thread-widget: {dir}: {e}");
            ExitCode::from(1)
        }
    }
}

/// Writes each thread to `dir` as `PLATFORM-ID.json` (page files of at most
/// `page_size` posts: `PLATFORM-ID-2.json` and on) and `index.json`, every
/// key of a thread → its first file. All files are written aside first,
/// then renamed; on an error the ones written aside are removed.
fn write_threads(dir: &std::path::Path, platform: &str, threads: &[thread_widget::import::Imported], page_size: usize) -> std::io::Result<()> {
    let mut written: Vec<(std::path::PathBuf, std::path::PathBuf)> = Vec::new();
    let mut index = String::from("{");
    let mut keys = std::collections::HashSet::new();
    let result = (|| -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for (n, t) in threads.iter().enumerate() {
            let id: String = t.id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
            let id = if id.is_empty() { (n + 1).to_string() } else { id };
            let name = format!("{platform}-{id}");
            let pages = thread_widget::write::pages(&t.thread, page_size, &name);
            for (file, page) in &pages {
                let aside = dir.join(format!(".{file}.part"));
                std::fs::write(&aside, thread_widget::write::thread_json(page))?;
                written.push((aside, dir.join(file)));
            }
            let first = &pages[0].0;
            let own = [t.id.clone()];
            let keys_of = if t.keys.is_empty() { &own[..] } else { &t.keys[..] };
            for key in keys_of {
                // A key two threads share leads to the first of them.
                if keys.insert(key.clone()) {
                    index.push_str(if keys.len() > 1 { ",\n  " } else { "\n  " });
                    thread_widget::json::string(&mut index, key);
                    index.push_str(": ");
                    thread_widget::json::string(&mut index, first);
                }
            }
        }
        index.push_str("\n}\n");
        let aside = dir.join(".index.json.part");
        std::fs::write(&aside, &index)?;
        written.push((aside, dir.join("index.json")));
        for (aside, file) in &written {
            std::fs::rename(aside, file)?;
        }
        Ok(())
    })();
    if result.is_err() {
        for (aside, _) in &written {
            let _ = std::fs::remove_file(aside);
        }
    }
    result
}

/// `thread-widget catalogs DIR` (not in the usage: `scripts/build.sh` runs it):
/// writes `DIR/{lang}.json` for every catalog but English, the files the
/// browser loads on demand (the wasm builds have English only).
fn catalogs_cmd(args: &[String]) -> ExitCode {
    let [dir] = args else { return usage_error("catalogs needs one DIR") };
    let dir = std::path::Path::new(dir);
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("thread-widget: {}: {e}", dir.display());
        return ExitCode::from(1);
    }
    for c in thread_widget::i18n::CATALOGS.iter().filter(|c| c.lang != "en") {
        let path = dir.join(format!("{}.json", c.lang));
        if let Err(e) = std::fs::write(&path, c.to_json()) {
            eprintln!("thread-widget: {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("render") => render_cmd(&args[1..]),
        Some("check") => check(&args[1..]),
        Some("import") => import_cmd(&args[1..]),
        Some("catalogs") => catalogs_cmd(&args[1..]),
        Some("--help" | "-h" | "help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some("--version" | "-V") => {
            println!("thread-widget {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some(other) => usage_error(&format!("unknown command {other:?}")),
        None => usage_error("a command is needed"),
    }
}
