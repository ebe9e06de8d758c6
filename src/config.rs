//! Options (data attributes, JS options, CLI flags) → one [`Config`] with defaults.
//!
//! Every option is parsed once, here. A bad value never fails: the default is
//! used and a [`Warning`] names the attribute and the value, which the widget
//! prints once in the console.

/// Whether post images are shown or only linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Images {
    /// Shown inline (lazily loaded).
    #[default]
    Show,
    /// Shown as links, so the page makes no third-party request.
    Link,
}

/// Order of posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Oldest first, as in the file.
    #[default]
    Oldest,
    /// Newest first.
    Newest,
}

/// How replies are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// Posts one after another, a reply saying "In reply to #4" (the forum
    /// page of the seed).
    #[default]
    Flat,
    /// Each reply under the post it answers, as nested `article`s: the way
    /// comment sections, Mastodon, Bluesky, Hacker News and Reddit show a
    /// conversation (src/view/nested.rs).
    Nested,
}

/// Colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follows `prefers-color-scheme`.
    #[default]
    Auto,
    /// Light colours.
    Light,
    /// Dark colours.
    Dark,
    /// No built-in stylesheet.
    None,
}

impl Theme {
    /// The attribute value (`auto`, `light`, `dark`, `none`).
    pub fn name(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::None => "none",
        }
    }
}

/// How post dates are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dates {
    /// The date and time ("Jun 15, 2023, 10:20").
    #[default]
    Absolute,
    /// Relative to now ("3 days ago"), the exact date in the tooltip; in
    /// the browser only (static HTML keeps absolute dates).
    Relative,
}

/// When the widget loads its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Loading {
    /// At once.
    #[default]
    Eager,
    /// When the container nears the viewport.
    Lazy,
}

/// Replies the browser widget builds at once under a top-level post of the
/// nested layout: a 10,000-reply conversation keeps a bounded DOM.
pub const REPLY_BUDGET: usize = 300;

/// Every option of the widget, parsed once.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Where the thread JSON comes from: a URL, or `#id` of a JSON script;
    /// or a post's public address on a platform (src/import/address.rs).
    pub src: Option<String>,
    /// The API host of `src`'s platform, in place of its own (`data-api`:
    /// GitHub Enterprise, another Bluesky AppView, a test server).
    pub api: Option<String>,
    /// BCP 47 language tag of the reader; empty means "decide from the page".
    pub lang: String,
    /// Colour theme.
    pub theme: Theme,
    /// Posts per page; `None` shows all posts on one page.
    pub page_size: Option<usize>,
    /// Which page is shown, from 1.
    pub page: usize,
    /// How many pages from `page` on are shown together (1; "Load more"
    /// adds one). Not an attribute: the widget's own state.
    pub span: usize,
    /// Post order (of the top-level posts and of each post's replies, nested).
    pub order: Order,
    /// Flat or nested replies.
    pub layout: Layout,
    /// Whether `layout` was given (a platform's conversation is nested unless it was).
    pub layout_given: bool,
    /// Ids of the posts whose replies the reader has hidden (nested layout),
    /// sorted. Not an attribute: the widget's own state, kept when it renders
    /// again (a page, a refresh).
    pub collapsed: Vec<String>,
    /// Replies built at once under each top-level post of the nested layout
    /// (the rest behind buttons); `None`: all (the CLI, `renderToString`).
    /// Not an attribute: the browser widget's, [`REPLY_BUDGET`].
    pub reply_budget: Option<usize>,
    /// Eager or lazy loading.
    pub loading: Loading,
    /// Seconds between re-reads of `src`.
    pub refresh: Option<u32>,
    /// Nested quotes shown before collapsing.
    pub quote_depth: usize,
    /// Images shown or linked.
    pub images: Images,
    /// Level of the thread's heading (2 by default: a page has its own `h1`).
    pub heading_level: u8,
    /// Milliseconds before a fetch of `src` is abandoned.
    pub timeout_ms: u32,
    /// Absolute or relative post dates.
    pub dates: Dates,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            src: None,
            api: None,
            lang: String::new(),
            theme: Theme::Auto,
            page_size: None,
            page: 1,
            span: 1,
            order: Order::Oldest,
            layout: Layout::Flat,
            layout_given: false,
            collapsed: Vec::new(),
            reply_budget: None,
            loading: Loading::Eager,
            refresh: None,
            quote_depth: 3,
            images: Images::Show,
            heading_level: 2,
            timeout_ms: 15_000,
            dates: Dates::Absolute,
        }
    }
}

/// A bad option value that was replaced by the default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The data attribute, e.g. `data-page-size`.
    pub attribute: String,
    /// The value given.
    pub value: String,
    /// What is allowed.
    pub expected: &'static str,
}

impl Warning {
    /// The warning as `Display` writes it, built without `core::fmt`.
    pub fn text(&self) -> String {
        crate::digits::concat(&[&self.attribute, "=", &crate::error::quoted(&self.value), " is not valid (", self.expected, "); using the default"])
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

/// The options, as `(camelCase name, data attribute)`.
pub const OPTIONS: [(&str, &str); 15] = [
    ("src", "data-src"),
    ("api", "data-api"),
    ("theme", "data-theme"),
    ("lang", "data-lang"),
    ("pageSize", "data-page-size"),
    ("page", "data-page"),
    ("order", "data-order"),
    ("layout", "data-layout"),
    ("loading", "data-loading"),
    ("refresh", "data-refresh"),
    ("quoteDepth", "data-quote-depth"),
    ("images", "data-images"),
    ("headingLevel", "data-heading-level"),
    ("timeout", "data-timeout"),
    ("dates", "data-dates"),
];

/// Sets an option's field; always fine (the arms of [`Config::set`] that take a keyword).
fn set<T>(field: &mut T, value: T) -> Result<(), &'static str> {
    *field = value;
    Ok(())
}

fn number<T: std::str::FromStr + PartialOrd>(v: &str, min: T, max: T) -> Option<T> {
    v.trim().parse::<T>().ok().filter(|n| *n >= min && *n <= max)
}

/// The plain wasm build (`files` without `files-full`: js/index.js gives it
/// a script tag's widget whose thread needs no more), which has no nested
/// layout either: the entry's look sends `data-layout="nested"` to the core.
pub const PLAIN: bool = cfg!(all(target_arch = "wasm32", plain));

impl Config {
    /// Whether posts are shown nested (`Layout::Nested`); never in the plain
    /// build ([`PLAIN`]), where the nested layout's code is then left out.
    pub fn nested(&self) -> bool {
        !PLAIN && self.layout == Layout::Nested
    }

    /// Sets one option from its camelCase name and text value. Unknown names
    /// are ignored (forward compatible); bad values keep the current value and
    /// return a warning.
    pub fn set(&mut self, name: &str, value: &str) -> Option<Warning> {
        let attribute = OPTIONS.iter().find(|o| o.0 == name).map_or(name, |o| o.1);
        let v = value.trim();
        let ok = match name {
            "src" => {
                self.src = if v.is_empty() { None } else { Some(v.to_owned()) };
                Ok(())
            }
            "api" => {
                self.api = if v.is_empty() { None } else { Some(v.to_owned()) };
                Ok(())
            }
            "lang" => {
                let valid = v.len() <= 35 && v.split('-').all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()));
                if valid || v.is_empty() {
                    self.lang = v.to_owned();
                    Ok(())
                } else {
                    Err("a BCP 47 language tag like en or pt-BR")
                }
            }
            "theme" => match v {
                "auto" => set(&mut self.theme, Theme::Auto),
                "light" => set(&mut self.theme, Theme::Light),
                "dark" => set(&mut self.theme, Theme::Dark),
                "none" => set(&mut self.theme, Theme::None),
                _ => Err("light, dark, auto or none"),
            },
            "pageSize" => {
                if v.is_empty() || v == "all" || v == "0" {
                    self.page_size = None;
                    Ok(())
                } else {
                    number::<usize>(v, 1, 100_000).map(|n| self.page_size = Some(n)).ok_or("a whole number of posts from 1 to 100000")
                }
            }
            "page" => number::<usize>(v, 1, usize::MAX).map(|n| self.page = n).ok_or("a page number from 1"),
            "order" => match v {
                "oldest" => set(&mut self.order, Order::Oldest),
                "newest" => set(&mut self.order, Order::Newest),
                _ => Err("oldest or newest"),
            },
            "layout" => {
                self.layout_given = true;
                match v {
                    "flat" => set(&mut self.layout, Layout::Flat),
                    "nested" => set(&mut self.layout, Layout::Nested),
                    _ => Err("flat or nested"),
                }
            }
            "loading" => match v {
                "eager" => set(&mut self.loading, Loading::Eager),
                "lazy" => set(&mut self.loading, Loading::Lazy),
                _ => Err("eager or lazy"),
            },
            "refresh" => {
                if v.is_empty() || v == "0" || v == "off" {
                    self.refresh = None;
                    Ok(())
                } else {
                    number::<u32>(v, 5, 86_400).map(|n| self.refresh = Some(n)).ok_or("seconds from 5 to 86400, or off")
                }
            }
            "quoteDepth" => number::<usize>(v, 0, 100).map(|n| self.quote_depth = n).ok_or("a number of nested quotes from 0 to 100"),
            "images" => match v {
                "show" => set(&mut self.images, Images::Show),
                "link" => set(&mut self.images, Images::Link),
                _ => Err("show or link"),
            },
            "headingLevel" => number::<u8>(v, 1, 6).map(|n| self.heading_level = n).ok_or("a heading level from 1 to 6"),
            "timeout" => number::<u32>(v, 100, 600_000).map(|n| self.timeout_ms = n).ok_or("milliseconds from 100 to 600000"),
            "dates" => match v {
                "absolute" => set(&mut self.dates, Dates::Absolute),
                "relative" => set(&mut self.dates, Dates::Relative),
                _ => Err("absolute or relative"),
            },
            _ => Ok(()),
        };
        ok.err().map(|expected| Warning { attribute: attribute.to_owned(), value: value.to_owned(), expected })
    }

    /// Builds a config from `(camelCase name, value)` pairs, with the warnings.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Config, Vec<Warning>) {
        let mut c = Config::default();
        let warnings = pairs.into_iter().filter_map(|(k, v)| c.set(k, v)).collect();
        (c, warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_live_in_one_place() {
        let (c, w) = Config::from_pairs([]);
        assert_eq!(c, Config::default());
        assert!(w.is_empty());
        assert_eq!(c.quote_depth, 3);
        assert_eq!(c.theme, Theme::Auto);
    }

    #[test]
    fn parses_every_option() {
        let (c, w) = Config::from_pairs([
            ("src", "/t.json"), ("theme", "dark"), ("lang", "pt-BR"), ("pageSize", "20"), ("order", "newest"),
            ("loading", "lazy"), ("refresh", "30"), ("layout", "nested"), ("quoteDepth", "1"), ("images", "link"), ("headingLevel", "3"),
        ]);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(c.src.as_deref(), Some("/t.json"));
        assert_eq!((c.theme, c.page_size, c.order, c.loading, c.refresh), (Theme::Dark, Some(20), Order::Newest, Loading::Lazy, Some(30)));
        assert_eq!((c.quote_depth, c.images, c.heading_level, c.lang.as_str()), (1, Images::Link, 3, "pt-BR"));
        assert_eq!(c.layout, Layout::Nested);
    }

    #[test]
    fn bad_values_warn_and_keep_the_default() {
        let (c, w) = Config::from_pairs([("pageSize", "lots"), ("theme", "purple"), ("refresh", "1"), ("quoteDepth", "-1"), ("lang", "<script>")]);
        assert_eq!(c, Config::default());
        assert_eq!(w.len(), 5);
        assert_eq!(w[0].to_string(), "data-page-size=\"lots\" is not valid (a whole number of posts from 1 to 100000); using the default");
    }

    #[test]
    fn unknown_options_are_ignored() {
        let (c, w) = Config::from_pairs([("sparkles", "yes")]);
        assert_eq!(c, Config::default());
        assert!(w.is_empty());
    }
}
