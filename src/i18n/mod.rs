//! The widget's own words: one catalog per language, with plural rules.
//!
//! Adding a language is one file (`xx.rs`, a `Catalog` constant named
//! `CATALOG`) and one line (`xx,`) in the `catalogs!` list below, which
//! declares the module and adds it to [`CATALOGS`]. Dates and numbers are
//! formatted by a [`Formatter`]: the native one here follows the catalog's
//! patterns; in the browser the widget uses `Intl` instead (`src/intl.rs`).
//! See `docs/i18n.md`.


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

/// CLDR rule shared by en, de: "one" for exactly 1, "other" otherwise.
pub(crate) fn plural_one_other(n: u64) -> Plural {
    if n == 1 { Plural::One } else { Plural::Other }
}

/// CLDR rule shared by ja, zh, th: no plural forms.
pub(crate) fn plural_none(_: u64) -> Plural {
    Plural::Other
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
pub struct Catalog {
    /// BCP 47 language subtag, e.g. `en`.
    pub lang: &'static str,
    pub dir: Dir,
    /// CLDR plural rule for cardinal numbers.
    pub plural: fn(u64) -> Plural,
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
    pub reply: &'static str,
    pub load_error: &'static str,
}

/// Declares each language's module (`src/i18n/{lang}.rs`, a `CATALOG`
/// constant) and lists it in [`CATALOGS`].
macro_rules! catalogs {
    ($($lang:ident),* $(,)?) => {
        $(mod $lang;)*
        /// Every catalog the widget ships, English first (the fallback).
        pub static CATALOGS: &[&Catalog] = &[$(&$lang::CATALOG),*];
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

/// The catalog for a BCP 47 tag, by its primary language subtag (case-insensitive;
/// `_` is accepted for `-`): `pt-BR` and `pt-PT` get `pt`, every `zh-*` (`zh-CN`,
/// `zh-Hans`, `zh-TW`) gets `zh`, `de-CH` gets `de`. Anything else gets English.
pub fn catalog(tag: &str) -> &'static Catalog {
    let primary = tag.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    CATALOGS.iter().copied().find(|c| c.lang == primary).unwrap_or(CATALOGS[0])
}

impl Catalog {
    /// Picks the plural form for `n`.
    pub fn plural(&self, forms: &Plurals, n: u64) -> &'static str {
        let i = match (self.plural)(n) {
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
        let digits = n.to_string();
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
        fill(self.0.month_year, &[("month", m), ("year", &(year + self.0.year_offset).to_string())])
    }

    fn date(&self, year: i32, month: u8, day: u8) -> String {
        let m = self.0.months[usize::from(month.clamp(1, 12) - 1)];
        fill(self.0.date, &[("month", m), ("day", &day.to_string()), ("year", &(year + self.0.year_offset).to_string())])
    }

    fn date_time(&self, dt: &crate::model::DateTime) -> String {
        let date = self.date(dt.year, dt.month, dt.day);
        let time = format!("{:02}:{:02}", dt.hour, dt.minute);
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
    fn fill_keeps_unknown_placeholders() {
        assert_eq!(fill("a {x} {y} {", &[("x", "1")]), "a 1 {y} {");
    }
}
