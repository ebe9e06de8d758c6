//! Options (data attributes, JS options, CLI flags) → one [`Config`] with defaults.

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

/// Every option of the widget, parsed once.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// BCP 47 language tag of the reader; empty means "decide from the page".
    pub lang: String,
    /// Posts per page; `None` shows all posts on one page.
    pub page_size: Option<usize>,
    /// Which page is shown, from 1.
    pub page: usize,
    /// Post order.
    pub order: Order,
    /// Nested quotes shown before collapsing.
    pub quote_depth: usize,
    /// Images shown or linked.
    pub images: Images,
    /// Level of the thread's heading (2 by default: a page has its own `h1`).
    pub heading_level: u8,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            lang: String::new(),
            page_size: None,
            page: 1,
            order: Order::Oldest,
            quote_depth: 3,
            images: Images::Show,
            heading_level: 2,
        }
    }
}
