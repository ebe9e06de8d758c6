//! The widget's own words: one catalog per language, with plural rules.
//!
//! Adding a language is one file (`xx.rs`, a `Catalog` constant named
//! `CATALOG`) and one line (`xx,`) in the `catalogs!` list below, which
//! declares the module and adds it to [`CATALOGS`]. Dates and numbers are
//! formatted by a [`Formatter`]: the native one here follows the catalog's
//! patterns; in the browser the widget uses `Intl` instead (`src/intl.rs`).
//! See `docs/i18n.md`.


use crate::json::string as json_string;

/// Plural categories (CLDR).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    /// "zero"
    Zero,
    /// "one"
    One,
    /// "two"
    Two,
    /// "few"
    Few,
    /// "many"
    Many,
    /// "other"
    Other,
}

/// A CLDR cardinal plural rule for whole numbers (counts are never
/// fractions). Named in catalog files by [`PluralRule::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluralRule {
    /// en, de, es: 1 is one, everything else other (CLDR's `many` for
    /// Spanish applies to compact millions only).
    One,
    /// fr, pt: 0 and 1 are one (« 0 invité », « 1 invité »), then other
    /// (CLDR `pt`, not `pt-PT`; French `many` is for compact numbers only).
    ZeroOne,
    /// ja, zh, th: no plural forms, always other.
    None,
    /// ar: 0 zero, 1 one, 2 two, n % 100 in 3..=10 few, n % 100 in 11..=99
    /// many, everything else (100, 101, 102, …) other.
    Arabic,
    /// ru: n % 10 == 1 and n % 100 != 11 one (1, 21, 101); n % 10 in 2..=4
    /// and n % 100 not in 12..=14 few (2, 22, 104); else many (0, 5, 11,
    /// 12, 25, 111). `other` is for fractions, which counts never are.
    Russian,
}

impl PluralRule {
    /// Every rule, for catalog files.
    pub const ALL: [PluralRule; 5] = [PluralRule::One, PluralRule::ZeroOne, PluralRule::None, PluralRule::Arabic, PluralRule::Russian];

    /// The rule's name in a catalog file (`"plural": "one"`).
    pub fn name(self) -> &'static str {
        match self {
            PluralRule::One => "one",
            PluralRule::ZeroOne => "zero-one",
            PluralRule::None => "none",
            PluralRule::Arabic => "arabic",
            PluralRule::Russian => "russian",
        }
    }

    /// The plural category of `n`.
    pub fn category(self, n: u64) -> Plural {
        match self {
            PluralRule::One => if n == 1 { Plural::One } else { Plural::Other },
            PluralRule::ZeroOne => if n <= 1 { Plural::One } else { Plural::Other },
            PluralRule::None => Plural::Other,
            PluralRule::Arabic => match (n, n % 100) {
                (0, _) => Plural::Zero,
                (1, _) => Plural::One,
                (2, _) => Plural::Two,
                (_, 3..=10) => Plural::Few,
                (_, 11..=99) => Plural::Many,
                _ => Plural::Other,
            },
            PluralRule::Russian => {
                let (d, h) = (n % 10, n % 100);
                if d == 1 && h != 11 {
                    Plural::One
                } else if (2..=4).contains(&d) && !(12..=14).contains(&h) {
                    Plural::Few
                } else {
                    Plural::Many
                }
            }
        }
    }
}

/// A message with plural forms, indexed like [`Plural`]; an empty form falls
/// back to `other` (the last).
pub type Plurals = [&'static str; 6];

/// Writing direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

/// Everything the widget writes in one language.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Catalog {
    /// BCP 47 language subtag, e.g. `en`.
    pub lang: &'static str,
    pub dir: Dir,
    /// CLDR plural rule for cardinal numbers.
    pub plural: PluralRule,
    /// Digit group separator for the native number fallback.
    pub group_separator: &'static str,
    /// CLDR `minimumGroupingDigits`: 2 leaves four-digit numbers ungrouped
    /// (Spanish writes 1234 but 12.345).
    pub min_grouping: usize,
    /// Added to the Gregorian year in native dates: 543 for the Thai
    /// Buddhist era (as `Intl` does for `th`), else 0.
    pub year_offset: i32,
    /// Abbreviated month names as used in dates ("15 мая"), January first.
    pub months: [&'static str; 12],
    /// Stand-alone forms for [`Catalog::month_year`] where a language
    /// declines months ("май 2009 г."); `None` uses [`Catalog::months`].
    pub months_standalone: Option<[&'static str; 12]>,
    /// `{month}`, `{year}`.
    pub month_year: &'static str,
    /// `{month}`, `{day}`, `{year}`.
    pub date: &'static str,
    /// `{date}`, `{time}` (24-hour `HH:MM`).
    pub date_time: &'static str,

    pub results: &'static str,
    pub no_posts: &'static str,
    pub avatar_alt: &'static str,
    pub joined: &'static str,
    pub last_online: &'static str,
    pub location: &'static str,
    pub posts: &'static str,
    pub post_label: &'static str,
    pub in_reply_to: &'static str,
    pub edited: &'static str,
    pub quote: &'static str,
    pub quote_by: &'static str,
    pub view_post: &'static str,
    pub show_quote: &'static str,
    pub truncated: &'static str,
    pub image: &'static str,
    pub thread_info: &'static str,
    pub browsing_heading: &'static str,
    pub browsing_total: Plurals,
    pub browsing_members: Plurals,
    pub browsing_guests: Plurals,
    pub browsing_split: &'static str,
    /// `{sentence}` (browsing_total) and `{split}` (browsing_split) joined.
    pub browsing_line: &'static str,
    pub browsing_names: &'static str,
    pub permissions_heading: &'static str,
    /// Index 0: not allowed, 1: allowed.
    pub perm_new_threads: [&'static str; 2],
    pub perm_replies: [&'static str; 2],
    pub perm_attachments: [&'static str; 2],
    pub perm_edit_posts: [&'static str; 2],
    pub pages: &'static str,
    /// Label of the pager after the posts (landmarks need distinct names).
    pub pages_end: &'static str,
    pub page: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub previous_file: &'static str,
    pub next_file: &'static str,
    /// The button after the posts that appends the next page or page file.
    pub load_more: &'static str,
    /// Shown beside it when they could not be loaded.
    pub load_more_error: &'static str,
    pub reply: &'static str,
    pub load_error: &'static str,
    /// The button that hides and shows a post's replies in the nested layout ("3 replies").
    pub replies: Plurals,
    /// The nested layout's button for the replies past the widget's budget ("Show 57 more replies").
    pub more_replies: Plurals,
    /// The thread's reply link when the thread names its `platform`: `{platform}`.
    pub reply_on: &'static str,
    /// A post's link to itself on its home site: `{platform}`.
    pub view_on: &'static str,
    /// The same link when the thread names no platform.
    pub view_original: &'static str,
    /// Shown instead of the body of a post deleted (`"deleted": true`).
    pub deleted: &'static str,
    /// … and of one removed by moderators (`"deleted": "removed"`).
    pub removed: &'static str,
    /// A post's counts, `{n}` formatted (its reply count uses `replies`).
    pub count_reposts: Plurals,
    pub count_likes: Plurals,
    pub count_points: Plurals,
    /// The conversation is larger than the file (the thread's `more`): "{n} more posts of this conversation are not shown here."
    pub not_shown: Plurals,
    /// … when the thread does not say how many.
    pub not_shown_some: &'static str,
}

/// Declares each language's module (`src/i18n/{lang}.rs`, a `CATALOG`
/// constant), lists it in [`LANGS`] and, with the `catalogs` feature (the
/// native default), in [`CATALOGS`]. Without it (the wasm builds) only
/// English is built in; the others are files (`pkg/i18n/{lang}.json`,
/// written by `thread-widget catalog`) that the browser loads on demand
/// ([`load`]).
macro_rules! catalogs {
    ($first:ident, $($lang:ident),* $(,)?) => {
        mod $first;
        $(#[cfg(feature = "catalogs")] mod $lang;)*
        /// The catalogs built in, English first (the fallback): every
        /// language with the `catalogs` feature, else English alone.
        #[cfg(feature = "catalogs")]
        pub static CATALOGS: &[&Catalog] = &[&$first::CATALOG, $(&$lang::CATALOG),*];
        /// The catalogs built in: English alone (see [`LANGS`]).
        #[cfg(not(feature = "catalogs"))]
        pub static CATALOGS: &[&Catalog] = &[&$first::CATALOG];
        /// Every language the widget ships a catalog for, built in or as a file.
        pub static LANGS: &[&str] = &[stringify!($first), $(stringify!($lang)),*];
    };
}

// One line per language, English first.
catalogs! {
    en,
    de,
    fr,
    es,
    pt,
    th,
    ja,
    zh,
    ar,
    ru,
}

thread_local! {
    /// Catalogs loaded at run time ([`load`]); they live as long as the program.
    static LOADED: std::cell::RefCell<Vec<&'static Catalog>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The primary language subtag of a BCP 47 tag, lowercased (`_` taken as `-`).
fn primary(tag: &str) -> String {
    tag.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase()
}

/// The catalog of a language (primary subtag), built in or loaded.
fn find(lang: &str) -> Option<&'static Catalog> {
    CATALOGS.iter().copied().find(|c| c.lang == lang).or_else(|| LOADED.with(|l| l.borrow().iter().copied().find(|c| c.lang == lang)))
}

/// The catalog for a BCP 47 tag, by its primary language subtag (case-insensitive;
/// `_` is accepted for `-`): `pt-BR` and `pt-PT` get `pt`, every `zh-*` (`zh-CN`,
/// `zh-Hans`, `zh-TW`) gets `zh`, `de-CH` gets `de`. Anything else, and a
/// language whose catalog is not built in nor loaded yet, gets English.
pub fn catalog(tag: &str) -> &'static Catalog {
    find(&primary(tag)).unwrap_or(CATALOGS[0])
}

/// The language whose catalog file a tag needs before it can be shown in its
/// language: `Some("pt")` for `pt-BR` when Portuguese is neither built in nor
/// loaded; `None` when it is, or when the widget has no such catalog
/// (English then).
pub fn missing(tag: &str) -> Option<&'static str> {
    let lang = primary(tag);
    let shipped = LANGS.iter().copied().find(|l| *l == lang)?;
    if find(shipped).is_some() { None } else { Some(shipped) }
}

/// Loads a catalog from its JSON file ([`Catalog::to_json`]) and makes it
/// available to [`catalog`]; returns it. A language already built in or
/// loaded keeps the catalog it has. The error says what is wrong with the file.
pub fn load(json: &str) -> Result<&'static Catalog, String> {
    let v = crate::json::parse(json).map_err(|e| e.text())?;
    let lang = match v.get("lang").map(|l| &l.kind) {
        Some(crate::json::Kind::Str(l)) if (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase()) => l.as_str(),
        _ => return Err("\"lang\": expected a language subtag like \"de\"".into()),
    };
    if let Some(c) = find(lang) {
        return Ok(c);
    }
    let c: &'static Catalog = Box::leak(Box::new(from_value(&v)?));
    LOADED.with(|l| l.borrow_mut().push(c));
    Ok(c)
}

/// Calls `$m!(field)` for every field of a [`Catalog`] that is a message (a
/// string, an array of strings or `Option` of one), in declaration order.
macro_rules! messages {
    ($m:ident) => {
        $m! {months, months_standalone, month_year, date, date_time, results, no_posts, avatar_alt, joined, last_online,
            location, posts, post_label, in_reply_to, edited, quote, quote_by, view_post, show_quote, truncated, image,
            thread_info, browsing_heading, browsing_total, browsing_members, browsing_guests, browsing_split, browsing_line,
            browsing_names, permissions_heading, perm_new_threads, perm_replies, perm_attachments, perm_edit_posts, pages,
            pages_end, page, previous, next, previous_file, next_file, load_more, load_more_error, reply, load_error, replies, more_replies,
            reply_on, view_on, view_original, deleted, removed, count_reposts, count_likes, count_points, not_shown, not_shown_some}
    };
}

/// A message field seen as the strings it holds, so that [`from_value`]
/// fills every field in one loop (field by field, the reader was 9.7 KB of
/// wasm; this way it is under 2).
trait Slot {
    fn strings(&mut self) -> &mut [&'static str];
}

impl Slot for &'static str {
    fn strings(&mut self) -> &mut [&'static str] {
        std::slice::from_mut(self)
    }
}

impl<const N: usize> Slot for [&'static str; N] {
    fn strings(&mut self) -> &mut [&'static str] {
        self
    }
}

impl Slot for Option<[&'static str; 12]> {
    fn strings(&mut self) -> &mut [&'static str] {
        self.get_or_insert([""; 12])
    }
}

/// The message fields, by name, and the strings of each.
macro_rules! slots {
    ($($f:ident),*) => {
        const FIELDS: &[&str] = &[$(stringify!($f)),*];
        fn slot(c: &mut Catalog, i: usize) -> &mut [&'static str] {
            let mut k = 0;
            $(
                if i == k {
                    return c.$f.strings();
                }
                k += 1;
            )*
            let _ = k;
            &mut []
        }
    };
}
messages!(slots);

/// Reads a whole catalog; the error names the first field that is wrong.
fn from_value(v: &crate::json::Value) -> Result<Catalog, String> {
    use crate::json::Kind;
    fn bad(field: &str, what: &str) -> String {
        crate::digits::concat(&["\"", field, "\": expected ", what])
    }
    let text = |field: &str| match v.get(field).map(|x| &x.kind) {
        Some(Kind::Str(s)) => Ok(s.as_str()),
        _ => Err(bad(field, "a string")),
    };
    let int = |field: &str, range: std::ops::RangeInclusive<i64>| match v.get(field).map(|x| &x.kind) {
        Some(Kind::Int(i)) if range.contains(i) => Ok(*i),
        _ => Err(bad(field, "a whole number")),
    };
    let leak = |s: &str| -> &'static str { Box::leak(s.into()) };
    // English's catalog as the template: every field is then overwritten.
    let mut c = *CATALOGS[0];
    c.lang = leak(text("lang")?);
    c.dir = match text("dir")? {
        "ltr" => Dir::Ltr,
        "rtl" => Dir::Rtl,
        _ => return Err(bad("dir", "\"ltr\" or \"rtl\"")),
    };
    let rule = text("plural")?;
    c.plural = PluralRule::ALL.into_iter().find(|r| r.name() == rule).ok_or_else(|| bad("plural", "one of the rules one, zero-one, none, arabic, russian"))?;
    c.group_separator = leak(text("group_separator")?);
    c.min_grouping = int("min_grouping", 1..=4)? as usize;
    c.year_offset = int("year_offset", -10_000..=10_000)? as i32;
    for (i, &field) in FIELDS.iter().enumerate() {
        let value = v.get(field).map(|x| &x.kind);
        if field == "months_standalone" && matches!(value, Some(Kind::Null)) {
            c.months_standalone = None;
            continue;
        }
        let out = slot(&mut c, i);
        match value {
            Some(Kind::Str(s)) if out.len() == 1 => out[0] = leak(s),
            Some(Kind::Array(items)) if out.len() > 1 && items.len() == out.len() => {
                for (o, item) in out.iter_mut().zip(items) {
                    let Kind::Str(s) = &item.kind else { return Err(bad(field, "strings")) };
                    *o = leak(s);
                }
            }
            _ if out.len() == 1 => return Err(bad(field, "a string")),
            _ => return Err(crate::digits::concat(&["\"", field, "\": expected ", &crate::digits::int(out.len() as i64), " strings"])),
        }
    }
    for forms in c.plural_messages() {
        if forms[5].is_empty() {
            return Err("plural messages need their last form (other)".into());
        }
    }
    Ok(c)
}


/// A catalog field written as JSON.
trait ToJson {
    fn to_json(&self, out: &mut String);
}

impl ToJson for &str {
    fn to_json(&self, out: &mut String) {
        json_string(out, self);
    }
}

impl<const N: usize> ToJson for [&str; N] {
    fn to_json(&self, out: &mut String) {
        out.push('[');
        for (i, s) in self.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            json_string(out, s);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self, out: &mut String) {
        match self {
            Some(t) => t.to_json(out),
            None => out.push_str("null"),
        }
    }
}

impl Catalog {
    /// Reads a catalog file ([`Catalog::to_json`]) without making it
    /// available; [`load`] does both. Its strings are never freed.
    pub fn from_json(json: &str) -> Result<Catalog, String> {
        from_value(&crate::json::parse(json).map_err(|e| e.text())?)
    }

    /// The catalog as a JSON file, one field a line, in declaration order;
    /// [`load`] reads it back. `thread-widget catalog LANG` prints it, and
    /// `scripts/build.sh` writes `pkg/i18n/{lang}.json` with it.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\n");
        let mut field = |name: &str, write: &dyn Fn(&mut String)| {
            if out.len() > 2 {
                out.push_str(",\n");
            }
            out.push_str("  ");
            json_string(&mut out, name);
            out.push_str(": ");
            write(&mut out);
        };
        field("lang", &|o| json_string(o, self.lang));
        field("dir", &|o| json_string(o, if self.dir == Dir::Rtl { "rtl" } else { "ltr" }));
        field("plural", &|o| json_string(o, self.plural.name()));
        field("group_separator", &|o| json_string(o, self.group_separator));
        field("min_grouping", &|o| crate::digits::push_count(o, self.min_grouping as u64));
        field("year_offset", &|o| crate::digits::push_int(o, self.year_offset.into()));
        macro_rules! emit {
            ($($f:ident),*) => { $(field(stringify!($f), &|o| self.$f.to_json(o));)* };
        }
        messages!(emit);
        out.push_str("\n}\n");
        out
    }

    /// Every message with plural forms.
    pub fn plural_messages(&self) -> [&Plurals; 9] {
        [&self.browsing_total, &self.browsing_members, &self.browsing_guests, &self.replies, &self.more_replies, &self.count_reposts, &self.count_likes, &self.count_points, &self.not_shown]
    }

    /// Picks the plural form for `n`.
    pub fn plural(&self, forms: &Plurals, n: u64) -> &'static str {
        let i = match self.plural.category(n) {
            Plural::Zero => 0,
            Plural::One => 1,
            Plural::Two => 2,
            Plural::Few => 3,
            Plural::Many => 4,
            Plural::Other => 5,
        };
        if forms[i].is_empty() { forms[5] } else { forms[i] }
    }
}

/// Replaces `{name}` placeholders in a template.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let key = &after[..close];
                match args.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Formats numbers and dates for the reader.
pub trait Formatter {
    /// A count, with digit grouping (48,807).
    fn number(&self, n: u64) -> String;
    /// A month of a year ("Dec 2009").
    fn month_year(&self, year: i32, month: u8) -> String;
    /// A calendar date.
    fn date(&self, year: i32, month: u8, day: u8) -> String;
    /// An instant, given as its RFC 3339 text and its parts in its own offset.
    fn date_time(&self, dt: &crate::model::DateTime) -> String;
    /// The instant relative to now ("3 days ago"), for `data-dates="relative"`;
    /// `None` (the default) means the formatter shows absolute dates only.
    fn relative(&self, _dt: &crate::model::DateTime) -> Option<String> {
        None
    }
}

/// The formatter used natively (CLI) and as the browser's fallback: the
/// catalog's own patterns, in the date's own UTC offset, Latin digits.
/// Dates are always absolute here: static HTML cannot keep "3 days ago" true.
pub struct CatalogFormatter(pub &'static Catalog);

impl Formatter for CatalogFormatter {
    fn number(&self, n: u64) -> String {
        let mut digits = String::new();
        crate::digits::push_count(&mut digits, n);
        if digits.len() < 3 + self.0.min_grouping.max(1) {
            return digits;
        }
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push_str(self.0.group_separator);
            }
            out.push(ch);
        }
        out
    }

    fn month_year(&self, year: i32, month: u8) -> String {
        let i = usize::from(month.clamp(1, 12) - 1);
        let m = self.0.months_standalone.as_ref().map_or(self.0.months[i], |s| s[i]);
        fill(self.0.month_year, &[("month", m), ("year", &crate::digits::int(i64::from(year) + i64::from(self.0.year_offset)))])
    }

    fn date(&self, year: i32, month: u8, day: u8) -> String {
        let m = self.0.months[usize::from(month.clamp(1, 12) - 1)];
        let year = crate::digits::int(i64::from(year) + i64::from(self.0.year_offset));
        fill(self.0.date, &[("month", m), ("day", &crate::digits::int(day.into())), ("year", &year)])
    }

    fn date_time(&self, dt: &crate::model::DateTime) -> String {
        let date = self.date(dt.year, dt.month, dt.day);
        let mut time = String::with_capacity(5);
        crate::digits::push_padded(&mut time, dt.hour.into(), 2);
        time.push(':');
        crate::digits::push_padded(&mut time, dt.minute.into(), 2);
        fill(self.0.date_time, &[("date", &date), ("time", &time)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_digits() {
        let f = CatalogFormatter(catalog("en"));
        assert_eq!(f.number(48807), "48,807");
        assert_eq!(f.number(1234567), "1,234,567");
        assert_eq!(f.number(379), "379");
        assert_eq!(f.number(0), "0");
    }

    #[test]
    fn english_plurals() {
        let c = catalog("en-GB");
        assert_eq!(c.plural(&c.browsing_guests, 1), "{n} guest");
        assert_eq!(c.plural(&c.browsing_guests, 0), "{n} guests");
    }

    #[test]
    fn catalog_files_are_checked_and_loaded() {
        let en = CATALOGS[0].to_json();
        assert_eq!(&Catalog::from_json(&en).unwrap(), CATALOGS[0]);
        for (bad, why) in [
            ("[]", "\"lang\""),
            (&en.replace("\"rtl\"", "\"up\"").replace("\"ltr\"", "\"up\""), "\"dir\""),
            (&en.replace("\"one\"", "\"dual\""), "\"plural\""),
            (&en.replace("\"Quote\"", "7"), "\"quote\""),
            (&en.replace("\"Previous\"", "null"), "\"previous\""),
            (&en.replace("[\"You may not post replies\", ", "[").replace("\"min_grouping\": 1", "\"min_grouping\": 9"), "\"min_grouping\""),
            (&en.replace("[\"You may not post replies\", ", "["), "\"perm_replies\""),
            (&en.replace("\"{n} guests\"]", "\"\"]"), "other"),
            ("{\"lang\": \"de\",", "JSON"),
        ] {
            let err = Catalog::from_json(bad).unwrap_err();
            assert!(err.contains(why), "{why}: {err}");
        }
        // A language built in or loaded keeps its catalog.
        assert_eq!(load(&en).unwrap().lang, "en");
        assert!(std::ptr::eq(load(&en).unwrap(), CATALOGS[0]));
        assert_eq!(missing("en-GB"), None);
        assert_eq!(missing("it"), None, "no Italian catalog: English, nothing to load");
        let de = en.replace("\"lang\": \"en\"", "\"lang\": \"de\"").replace("Quote", "Zitat");
        if cfg!(feature = "catalogs") {
            assert_eq!(missing("de-AT"), None);
        } else {
            assert_eq!(missing("de-AT"), Some("de"));
            assert_eq!(catalog("de").lang, "en");
            assert_eq!(load(&de).unwrap().quote, "Zitat");
            assert_eq!((catalog("de-AT").lang, catalog("de").quote), ("de", "Zitat"));
            assert_eq!(missing("de"), None);
        }
    }

    #[test]
    fn fill_keeps_unknown_placeholders() {
        assert_eq!(fill("a {x} {y} {", &[("x", "1")]), "a 1 {y} {");
    }
}
