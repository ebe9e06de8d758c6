//! A post's public address, as a reader copies it from the address bar →
//! the platform and what its public API needs (SPEC section 6; issue 14):
//!
//! - Mastodon (any instance): `https://HOST/@user/ID`, `https://HOST/@user@other/ID`,
//!   `https://HOST/users/user/statuses/ID`;
//! - Bluesky: `https://bsky.app/profile/HANDLE-OR-DID/post/RKEY`;
//! - GitHub: `https://github.com/OWNER/REPO/issues/N` and `/pull/N`;
//! - Hacker News: `https://news.ycombinator.com/item?id=N`;
//! - Discourse (any forum): `https://HOST/t/SLUG/ID`, `/t/ID`, with a post number after.
//!
//! Pure: no I/O. The address of a thread JSON file (anything else, and any
//! path ending in `.json`) is no platform: the widget reads it as a file.
//! Each platform's API requests come from [`Live::api_base`] and the
//! functions below; `data-api` replaces the base (GitHub Enterprise, another
//! Bluesky AppView, a test server).

use crate::digits::{concat, count, push_count};

/// A conversation on a platform, from its public address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Live {
    /// A status on a Mastodon instance.
    Mastodon {
        /// The instance, `https://host`.
        origin: String,
        /// The status id.
        id: String,
    },
    /// A Bluesky post.
    Bluesky {
        /// Its author: a handle or a DID.
        actor: String,
        /// Its record key.
        rkey: String,
    },
    /// A GitHub issue or pull request.
    Github {
        /// The repository's owner.
        owner: String,
        /// The repository.
        repo: String,
        /// The issue or pull request number.
        number: u64,
    },
    /// A Hacker News item.
    HackerNews {
        /// The item id.
        id: u64,
    },
    /// A Discourse topic.
    Discourse {
        /// The forum, `https://host`.
        origin: String,
        /// The topic id.
        id: u64,
        /// The post number the address points at, if any.
        post: Option<u64>,
    },
}

/// Splits an absolute http(s) URL into (origin, path segments, query).
fn parts(url: &str) -> Option<(String, Vec<&str>, &str)> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return None;
    }
    let rest = rest.split('#').next().unwrap_or(rest);
    let (before_query, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (host, path) = before_query.split_once('/').unwrap_or((before_query, ""));
    if host.is_empty() || host.contains(['@', ' ', '\\']) {
        return None;
    }
    let segments = path.split('/').filter(|s| !s.is_empty()).collect();
    Some((concat(&[&scheme.to_ascii_lowercase(), "://", &host.to_ascii_lowercase()]), segments, query))
}

fn digits(s: &str) -> Option<&str> {
    (!s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
}

/// GitHub's and Bluesky's names: letters, digits and `-_.:` only.
fn name(s: &str) -> Option<&str> {
    (!s.is_empty() && s.len() <= 253 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))).then_some(s)
}

/// The platform conversation a public address names, if it names one.
pub fn recognize(url: &str) -> Option<Live> {
    let (origin, seg, query) = parts(url)?;
    if seg.last().is_some_and(|s| s.to_ascii_lowercase().ends_with(".json")) {
        return None;
    }
    let host = origin.split_once("://").map_or("", |(_, h)| h);
    match (host, seg.as_slice()) {
        ("bsky.app" | "www.bsky.app", ["profile", actor, "post", rkey, ..]) => Some(Live::Bluesky { actor: name(actor)?.to_owned(), rkey: name(rkey)?.to_owned() }),
        ("github.com" | "www.github.com", [owner, repo, "issues" | "pull", n, ..]) => {
            Some(Live::Github { owner: name(owner)?.to_owned(), repo: name(repo)?.to_owned(), number: digits(n)?.parse().ok()? })
        }
        ("news.ycombinator.com", ["item"]) => {
            let id = query.split('&').find_map(|kv| kv.strip_prefix("id="))?;
            Some(Live::HackerNews { id: digits(id)?.parse().ok()? })
        }
        (_, [user, id]) if user.starts_with('@') && user.len() > 1 => Some(Live::Mastodon { origin, id: digits(id)?.to_owned() }),
        (_, ["users", _, "statuses", id]) => Some(Live::Mastodon { origin, id: digits(id)?.to_owned() }),
        (_, ["t", rest @ ..]) => {
            // /t/ID, /t/ID/POST, /t/SLUG/ID, /t/SLUG/ID/POST (Discourse makes no all-digit slugs).
            let (id, post) = match rest {
                [id] => (digits(id)?, None),
                [a, b] if digits(a).is_some() => (*a, digits(b)),
                [_, id, more @ ..] => (digits(id)?, more.first().and_then(|p| digits(p))),
                [] => return None,
            };
            Some(Live::Discourse { origin, id: id.parse().ok()?, post: post.and_then(|p| p.parse().ok()) })
        }
        _ => None,
    }
}

impl Live {
    /// The platform's name, as `--from` and `data-platform` spell it.
    pub fn platform(&self) -> &'static str {
        match self {
            Live::Mastodon { .. } => "mastodon",
            Live::Bluesky { .. } => "bluesky",
            Live::Github { .. } => "github",
            Live::HackerNews { .. } => "hackernews",
            Live::Discourse { .. } => "discourse",
        }
    }

    /// Where its public API lives, unless `data-api` says otherwise.
    pub fn api_base(&self) -> String {
        match self {
            Live::Mastodon { origin, .. } | Live::Discourse { origin, .. } => origin.clone(),
            Live::Bluesky { .. } => "https://public.api.bsky.app".into(),
            Live::Github { .. } => "https://api.github.com".into(),
            Live::HackerNews { .. } => "https://hn.algolia.com".into(),
        }
    }

    /// The first requests, all made at once (`base` without a trailing `/`).
    pub fn first_requests(&self, base: &str) -> Vec<String> {
        let base = base.trim_end_matches('/');
        match self {
            Live::Mastodon { id, .. } => vec![concat(&[base, "/api/v1/statuses/", id]), concat(&[base, "/api/v1/statuses/", id, "/context"])],
            Live::Bluesky { actor, rkey } => {
                let uri = concat(&["at://", actor, "/app.bsky.feed.post/", rkey]);
                let depth = count(u64::from(BLUESKY_DEPTH));
                vec![concat(&[base, "/xrpc/app.bsky.feed.getPostThread?uri=", &encode(&uri), "&depth=", &depth, "&parentHeight=", &depth])]
            }
            Live::Github { owner, repo, number } => {
                let issue = concat(&[base, "/repos/", owner, "/", repo, "/issues/", &count(*number)]);
                let comments = concat(&[&issue, "/comments?per_page=", &count(u64::from(GITHUB_PER_PAGE))]);
                vec![issue, comments]
            }
            Live::HackerNews { id } => vec![concat(&[base, "/api/v1/items/", &count(*id)])],
            Live::Discourse { id, .. } => vec![concat(&[base, "/t/", &count(*id), ".json"])],
        }
    }
}

/// How deep a Bluesky thread is read, replies and parents (the AppView's own limit is 1,000).
pub const BLUESKY_DEPTH: u32 = 100;
/// Comments a GitHub page holds (its maximum).
pub const GITHUB_PER_PAGE: u32 = 100;
/// GitHub comment pages read at most (1,000 comments).
pub const GITHUB_MAX_PAGES: usize = 10;
/// Discourse posts read at most (the first 20 come with the topic).
pub const DISCOURSE_MAX_POSTS: usize = 1000;
/// Discourse posts asked for in one `posts.json` request.
pub const DISCOURSE_CHUNK: usize = 50;

/// The `rel="next"` URL of a `Link` header (GitHub's paging).
pub fn link_next(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        let url = url.trim().strip_prefix('<')?.strip_suffix('>')?;
        params.split(';').any(|p| p.trim() == "rel=\"next\"").then(|| url.to_owned())
    })
}

/// The `posts.json` requests for the posts of a Discourse topic's stream
/// that its first answer did not hold: `stream` every post id in order,
/// `have` those already read; at most [`DISCOURSE_MAX_POSTS`] in all.
pub fn discourse_rest(base: &str, topic: u64, stream: &[u64], have: &[u64]) -> Vec<String> {
    let base = base.trim_end_matches('/');
    let missing: Vec<u64> = stream.iter().take(DISCOURSE_MAX_POSTS).filter(|id| !have.contains(id)).copied().collect();
    missing
        .chunks(DISCOURSE_CHUNK)
        .map(|chunk| {
            let mut url = concat(&[base, "/t/", &count(topic), "/posts.json?"]);
            for (i, id) in chunk.iter().enumerate() {
                if i > 0 {
                    url.push('&');
                }
                url.push_str("post_ids%5B%5D=");
                push_count(&mut url, *id);
            }
            url
        })
        .collect()
}

/// Appends `b` percent-encoded: `%` and two upper-case hex digits.
pub(crate) fn push_percent(out: &mut String, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(char::from(HEX[usize::from(b >> 4)]));
    out.push(char::from(HEX[usize::from(b & 15)]));
}

/// Percent-encodes a query value (everything but unreserved characters).
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            push_percent(&mut out, b);
        }
    }
    out
}
