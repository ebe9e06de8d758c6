//! A synthetic thread for the benchmarks: the Rust twin of
//! `www/bench/generate-thread.mjs`.
//!
//! [`thread_json`] writes, byte for byte, what
//! `node www/bench/generate-thread.mjs --posts N --seed S --out FILE` writes:
//! the same xorshift32 draws in the same order, the same word lists, the same
//! layout (one user and one post per line). `scripts/bench-native.sh`
//! compares the two when node is available; change both files together.
//!
//! A thread holds 50 authors in `users`, posts in three formats (thread
//! default bbcode, per-post `format` for markdown and text), quotes of
//! earlier posts (`[quote=Name;id]`, sometimes nested; Markdown `>` and
//! Discourse quotes), `reply_to`, links, bare URLs, lists, bold/italic, code,
//! text that needs escaping and a little non-ASCII text, creation dates and
//! some edits.

use std::fmt::Write;

const WORDS: &str = "the a to of and in that is it for on was with he as you at be this have from or one had by \
but not what all were when we there can an your which their said if do will each about how up out \
them then she many some so these would other into has more her two like him see time could no make \
than first been its who now people my made over did down only way find use may water long little very \
after words called just where most know thread post forum visa bank rent beer market rain season \
bangkok island border government price baht condo embassy airport ferry motorbike insurance \
hospital school noodles weather election policy report minister news agency reuters meeting \
military trade tourism traffic monsoon temple festival coffee restaurant landlord neighbour";

const SPECIAL: &[&str] = &["R&D", "x < y", "a > b", "\"quoted\"", "it's", "café", "Zürich", "naïve", "ราคา", "100%", "5 €", "AT&T"];
const ADJECTIVES: &[&str] = &["grumpy", "happy", "lazy", "misty", "panama", "silver", "old", "quiet", "lucky", "salty"];
const NOUNS: &[&str] = &["john", "kit", "hat", "fisher", "expat"];
const TITLES: &[&str] = &["Thailand Expat", "Member", "Senior Member", "Newbie", "Moderator"];
const LOCATIONS: &[&str] = &["Chiang Mai", "Bangkok", "Pattaya", "Isaan", "Phuket", "Way, Way South of the border"];
const AVATARS: &[&str] = &["misskit", "harrybarracuda", "panama-hat", "grumpy-john"];
const PATHS: &[&str] = &["news", "articles", "world/asia", "business", "travel", "opinion"];
const LANGS: &[&str] = &["", "rust", "js", "sql"];
const ENDS: &[&str] = &[".", ".", ".", "?", "!"];
const SNIPPETS: &[&str] = &[
    "fn main() {\n    println!(\"hello\");\n}",
    "if (a < b && c) {\n  return x;\n}",
    "SELECT name, posts FROM users WHERE posts > 1000;",
    "<div class=\"x\">not markup</div>",
];

/// xorshift32, as in the Node generator.
struct Rng(u32);

impl Rng {
    fn new(seed: u32) -> Rng {
        Rng(if seed == 0 { 0x9e37_79b9 } else { seed })
    }
    fn next(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u32) as usize
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Fmt {
    Text,
    Bbcode,
    Markdown,
}

#[derive(Clone, Copy)]
struct Time {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
}

const START: Time = Time { year: 2021, month: 6, day: 23, hour: 9, minute: 15 };

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn add_minutes(t: Time, minutes: usize) -> Time {
    let Time { mut year, mut month, mut day, mut hour, mut minute } = t;
    minute += minutes as u32;
    hour += minute / 60;
    minute %= 60;
    day += hour / 24;
    hour %= 24;
    while day > days_in_month(year, month) {
        day -= days_in_month(year, month);
        month += 1;
        if month > 12 {
            month = 1;
            year += 1;
        }
    }
    Time { year, month, day, hour, minute }
}

fn date_time(t: Time) -> String {
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:00+07:00", t.year, t.month, t.day, t.hour, t.minute)
}

struct Gen {
    rng: Rng,
    words: Vec<&'static str>,
}

impl Gen {
    fn words(&mut self, n: usize, fmt: Fmt) -> Vec<String> {
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let w = if self.rng.chance(3) { self.rng.pick(SPECIAL) } else { self.rng.pick(&self.words) };
            let mut w = w.to_owned();
            if i > 0 && fmt != Fmt::Text {
                let r = self.rng.below(100);
                let bb = fmt == Fmt::Bbcode;
                if r < 4 {
                    w = if bb { format!("[b]{w}[/b]") } else { format!("**{w}**") };
                } else if r < 7 {
                    w = if bb { format!("[i]{w}[/i]") } else { format!("*{w}*") };
                } else if r < 8 && fmt == Fmt::Markdown {
                    w = format!("`{w}`");
                } else if r < 8 {
                    w = format!("[u]{w}[/u]");
                }
            }
            out.push(w);
        }
        out
    }

    fn sentence(&mut self, fmt: Fmt) -> String {
        let n = 5 + self.rng.below(12);
        let s = capitalize(&self.words(n, fmt).join(" "));
        s + self.rng.pick(ENDS)
    }

    fn link(&mut self, fmt: Fmt) -> String {
        let path = self.rng.pick(PATHS);
        let url = format!("https://example.org/{path}/{}", self.rng.below(100_000));
        let style = self.rng.below(3);
        match (fmt, style) {
            (Fmt::Bbcode, 0) => {
                let n = 2 + self.rng.below(3);
                format!("[url={url}]{}[/url]", self.words(n, Fmt::Text).join(" "))
            }
            (Fmt::Bbcode, 1) => format!("[URL]{url}[/URL]"),
            (Fmt::Markdown, 0) => {
                let n = 2 + self.rng.below(3);
                format!("[{}]({url})", self.words(n, Fmt::Text).join(" "))
            }
            _ => url,
        }
    }

    fn paragraph(&mut self, fmt: Fmt, first: Option<&str>) -> String {
        let mut p = first.unwrap_or("").to_owned();
        let n = 1 + self.rng.below(4);
        for _ in 0..n {
            let sep = if p.is_empty() {
                ""
            } else if fmt == Fmt::Text && self.rng.chance(20) {
                "\n"
            } else {
                " "
            };
            p.push_str(sep);
            let s = self.sentence(fmt);
            p.push_str(&s);
        }
        if self.rng.chance(20) {
            p.push(' ');
            let l = self.link(fmt);
            p.push_str(&l);
        }
        p
    }

    fn list(&mut self, fmt: Fmt) -> String {
        let ordered = self.rng.chance(30);
        let n = 2 + self.rng.below(4);
        let mut items = Vec::new();
        for _ in 0..n {
            let k = 3 + self.rng.below(5);
            items.push(capitalize(&self.words(k, fmt).join(" ")));
        }
        if fmt == Fmt::Bbcode {
            let body: Vec<String> = items.iter().map(|it| format!("[*]{it}")).collect();
            return format!("[list{}]\n{}\n[/list]", if ordered { "=1" } else { "" }, body.join("\n"));
        }
        let lines: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(i, it)| if ordered { format!("{}. {it}", i + 1) } else { format!("- {it}") })
            .collect();
        lines.join("\n")
    }

    fn code(&mut self, fmt: Fmt) -> String {
        let snippet = self.rng.pick(SNIPPETS);
        match fmt {
            Fmt::Bbcode => format!("[code]{snippet}[/code]"),
            Fmt::Markdown => format!("```{}\n{snippet}\n```", self.rng.pick(LANGS)),
            Fmt::Text => snippet.to_owned(),
        }
    }
}

fn capitalize(s: &str) -> String {
    match s.as_bytes().first() {
        Some(b) if b.is_ascii_lowercase() => {
            let mut out = s.to_owned();
            out[..1].make_ascii_uppercase();
            out
        }
        _ => s.to_owned(),
    }
}

/// Writes a JSON string as `JSON.stringify` does.
fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A compact JSON object, written member by member.
struct Obj<'o> {
    out: &'o mut String,
    first: bool,
}

impl<'o> Obj<'o> {
    fn new(out: &'o mut String) -> Obj<'o> {
        out.push('{');
        Obj { out, first: true }
    }
    fn key(&mut self, k: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        string(self.out, k);
        self.out.push(':');
        self.out
    }
    fn str(&mut self, k: &str, v: &str) -> &mut Self {
        string(self.key(k), v);
        self
    }
    fn raw(&mut self, k: &str, v: &str) -> &mut Self {
        self.key(k).push_str(v);
        self
    }
    fn num(&mut self, k: &str, v: usize) -> &mut Self {
        let _ = write!(self.key(k), "{v}");
        self
    }
    fn end(&mut self) {
        self.out.push('}');
    }
}

/// The thread with `posts` posts for `seed`, as JSON text (see the module docs).
pub fn thread_json(posts: usize, seed: u32) -> String {
    let mut g = Gen { rng: Rng::new(seed), words: WORDS.split(' ').collect() };
    let mut out = String::with_capacity(600 * posts + 20_000);

    // Users: (key, name, JSON).
    let mut users: Vec<(String, String, String)> = Vec::new();
    for i in 0..50 {
        let adj = ADJECTIVES[i % 10];
        let noun = NOUNS[i / 10];
        let key = format!("{adj}-{noun}");
        let name = if i % 3 == 0 { format!("{adj} {noun}") } else { format!("{adj}{noun}") };
        let mut u = String::new();
        let mut o = Obj::new(&mut u);
        o.str("name", &name);
        o.str("title", g.rng.pick(TITLES));
        if i % 5 == 0 {
            o.str("avatar", &format!("threads/avatars/{}.svg", AVATARS[(i / 5) % 4]));
        }
        o.str("url", &format!("https://forum.example/members/{key}"));
        let year = 2003 + g.rng.below(18);
        let month = 1 + g.rng.below(12);
        o.str("joined", &format!("{year}-{month:02}"));
        if g.rng.chance(30) {
            o.raw("last_online", "null");
        } else {
            let m = g.rng.below(900_000);
            o.str("last_online", &date_time(add_minutes(START, m)));
        }
        if g.rng.chance(40) {
            o.str("location", g.rng.pick(LOCATIONS));
        }
        o.num("posts", g.rng.below(100_000));
        o.end();
        users.push((key, name, u));
    }

    let mut post_lines: Vec<String> = Vec::with_capacity(posts);
    let mut excerpts: Vec<String> = Vec::with_capacity(posts);
    let mut authors: Vec<usize> = Vec::with_capacity(posts);
    let mut t = START;
    for i in 1..=posts {
        let r = g.rng.below(10);
        let fmt = if r < 5 {
            Fmt::Bbcode
        } else if r < 8 {
            Fmt::Markdown
        } else {
            Fmt::Text
        };
        let author = g.rng.below(50);
        t = add_minutes(t, 1 + g.rng.below(180));
        let edited = if g.rng.chance(10) { Some(add_minutes(t, 1 + g.rng.below(60))) } else { None };

        let mut blocks: Vec<String> = Vec::new();
        let mut reply_to = None;
        if i > 1 && g.rng.chance(if fmt == Fmt::Text { 15 } else { 30 }) {
            let q = i - 1 - g.rng.below((i - 1).min(20));
            reply_to = Some(q);
            let name = &users[authors[q - 1]].1;
            let ex = &excerpts[q - 1];
            match fmt {
                Fmt::Bbcode => {
                    let mut inner = ex.clone();
                    if q > 1 && g.rng.chance(20) {
                        let q2 = q - 1 - g.rng.below((q - 1).min(20));
                        inner = format!("[quote={};{q2}]{}[/quote]\n{ex}", users[authors[q2 - 1]].1, excerpts[q2 - 1]);
                    }
                    blocks.push(format!("[quote={name};{q}]{inner}[/quote]"));
                }
                Fmt::Markdown => {
                    blocks.push(if g.rng.chance(50) {
                        format!("> {name} wrote:\n>\n> {ex}")
                    } else {
                        format!("[quote=\"{name}, post:{q}, topic:1\"]\n{ex}\n[/quote]")
                    });
                }
                Fmt::Text => {}
            }
        }
        let first = g.sentence(Fmt::Text);
        let paragraphs = 1 + g.rng.below(3);
        for p in 0..paragraphs {
            let para = g.paragraph(fmt, if p == 0 { Some(&first) } else { None });
            blocks.push(para);
        }
        excerpts.push(first);
        authors.push(author);
        if g.rng.chance(12) {
            let l = g.list(fmt);
            blocks.push(l);
        }
        if g.rng.chance(6) {
            let c = g.code(fmt);
            blocks.push(c);
        }
        if g.rng.chance(25) {
            let p = g.paragraph(fmt, None);
            blocks.push(p);
        }

        let mut line = String::new();
        let mut o = Obj::new(&mut line);
        o.num("id", i).num("number", i).str("author", &users[author].0).str("created", &date_time(t));
        if let Some(e) = edited {
            o.str("edited", &date_time(e));
        }
        match fmt {
            Fmt::Markdown => {
                o.str("format", "markdown");
            }
            Fmt::Text => {
                o.str("format", "text");
            }
            Fmt::Bbcode => {}
        }
        if let Some(q) = reply_to {
            o.num("reply_to", q);
        }
        o.str("body", &blocks.join("\n\n"));
        o.end();
        post_lines.push(line);
    }

    let members = g.rng.below(20);
    let guests = g.rng.below(200);
    let first_name = g.rng.below(50);
    let mut browsing = String::new();
    let _ = write!(browsing, "{{\"members\":{members},\"guests\":{guests},\"names\":[");
    for i in 0..members.min(5) {
        if i > 0 {
            browsing.push(',');
        }
        string(&mut browsing, &users[(first_name + 7 * i) % 50].1);
    }
    browsing.push_str("]}");

    out.push_str("{\n  \"version\": 1,\n  \"title\": ");
    string(&mut out, &format!("Benchmark thread: {posts} posts"));
    out.push_str(",\n  \"url\": ");
    string(&mut out, &format!("https://forum.example/threads/bench-{posts}"));
    out.push_str(",\n  \"forum\": {\"name\":\"Benchmarks\",\"url\":\"https://forum.example/forums/benchmarks\"},\n");
    out.push_str("  \"format\": \"bbcode\",\n  \"users\": {\n");
    for (n, (key, _, json)) in users.iter().enumerate() {
        if n > 0 {
            out.push_str(",\n");
        }
        out.push_str("    ");
        string(&mut out, key);
        out.push_str(": ");
        out.push_str(json);
    }
    out.push_str("\n  },\n  \"posts\": [\n");
    for (n, line) in post_lines.iter().enumerate() {
        if n > 0 {
            out.push_str(",\n");
        }
        out.push_str("    ");
        out.push_str(line);
    }
    out.push_str("\n  ],\n  \"browsing\": ");
    out.push_str(&browsing);
    out.push_str(",\n  \"permissions\": {\"new_threads\":false,\"replies\":true,\"attachments\":false,\"edit_posts\":true}\n}\n");
    out
}
