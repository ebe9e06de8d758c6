//! WordPress: a WXR export (Tools → Export: an RSS `<channel>` of
//! `<item>`s, each a post or page with its `<wp:comment>`s). One thread a
//! published post that has comments, headed by its title and permalink;
//! the comments in the order they were written, each under its
//! `wp:comment_parent`. The file name is the post's `wp:post_id`; a site
//! finds it in `index.json` by the permalink or by that id.
//!
//! What the site shows, and only that unless asked: approved comments
//! (`comment_approved` 1), pingbacks and trackbacks among them. Pending
//! (0), spam and trash are left out (`--include pending,spam,trash` keeps
//! them; WordPress' own export has no spam); a left-out comment that an approved one answers keeps its place
//! with no author and no text (src/import/export.rs). Left out always:
//! comments of posts that are not published or have a password, and
//! comment types that are not public (WordPress' editor notes, shop order
//! notes: anything but comment, pingback, trackback and webmention).
//!
//! Bodies: WordPress keeps a comment as the commenter typed it (with the
//! little HTML it allows) and shows it through `wpautop` (blank lines make
//! paragraphs, newlines line breaks) and `make_clickable` (bare addresses
//! become links). A comment with no markup and no entity is written as
//! `text`, which reads the same way; one with markup as `html`, its
//! paragraphs and line breaks made as `wpautop` makes them (not inside
//! `<pre>`).
//!
//! Fields: `comment_author` → name (its entities decoded, as WordPress
//! shows it), `comment_author_url` → profile link;
//! a comment by the post's author (its `comment_user_id` is the post
//! author's `wp:author_id`) has the user title "Post author", as themes
//! mark it; `comment_date_gmt` → created; the post's address with
//! WordPress' `#comment-ID` anchor. Never read: `comment_author_email`,
//! `comment_author_IP`, `commentmeta` (no avatars: Gravatar's are made
//! from the e-mail address).

use super::export::{self, Comment, Include, Status};
use super::xml::{self, Element};
use super::{plain_text, Builder, Imported, PostIn};
use crate::markup::Format;
use crate::model::Author;

/// Whether `text` looks like a WXR export: an RSS document with WordPress' namespace.
pub(super) fn looks_like(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(1 << 16)];
    let has = |s: &str| head.windows(s.len()).any(|w| w == s.as_bytes());
    super::disqus::root_name(text) == Some("rss") && (has("wordpress.org/export/") || has("<wp:wxr_version>"))
}

/// The comment types WordPress shows in a post's comments.
const PUBLIC_TYPES: [&str; 5] = ["", "comment", "pingback", "trackback", "webmention"];

/// Every published post of the export that has comments.
pub fn import(text: &str, include: Include) -> Result<Vec<Imported>, String> {
    let root = xml::parse(text).map_err(|e| format!("not a WordPress export (WXR): {e}"))?;
    let channel = match (root.name.as_str(), root.child("channel")) {
        ("rss", Some(c)) => c,
        _ => return Err(format!("not a WordPress export (WXR): expected <rss> with a <channel>, found <{}> at line {}", root.name, root.line)),
    };
    if channel.child("wp:wxr_version").is_none() && !channel.children.iter().any(|i| i.name == "item" && i.child("wp:post_id").is_some()) {
        return Err("not a WordPress export (WXR): an RSS feed with no wp:wxr_version and no wp:post_id (a plain feed holds no comments)".into());
    }
    // Author logins → ids, for "Post author".
    let authors: Vec<(&str, &str)> = channel.all("wp:author").filter_map(|a| Some((a.text_of("wp:author_login")?, a.text_of("wp:author_id")?))).collect();
    let mut out = Vec::new();
    for item in channel.all("item") {
        let id = item.text_of("wp:post_id").ok_or_else(|| format!("WordPress export: the <item> at line {} has no wp:post_id", item.line))?;
        let public = item.text_of("wp:status") == Some("publish") && item.text_of("wp:post_password").is_none();
        if !public {
            continue;
        }
        let mut comments: Vec<&Element> = item.all("wp:comment").filter(|c| PUBLIC_TYPES.contains(&c.text_of("wp:comment_type").unwrap_or(""))).collect();
        if comments.is_empty() {
            continue;
        }
        let link = item.text_of("link").map(str::to_owned);
        let post_author = item.text_of("dc:creator").and_then(|login| authors.iter().find(|(l, _)| *l == login)).map(|(_, id)| *id);
        comments.sort_by_key(|c| date(c).unwrap_or_default());
        let mut b = Builder::new("WordPress", Format::Html);
        b.head(item.text_of("title").map(|t| plain_text(t, 300)), link.clone());
        let list = comments.iter().map(|c| comment(c, link.as_deref(), post_author)).collect::<Result<Vec<_>, _>>()?;
        export::add(&mut b, list, include);
        let mut keys: Vec<String> = link.into_iter().collect();
        keys.push(id.to_owned());
        out.push(Imported { thread: b.finish()?, id: id.to_owned(), keys });
    }
    Ok(out)
}

/// A comment's date as RFC 3339 UTC, from `comment_date_gmt` (WordPress
/// writes zeros there for some pending comments: then none).
fn date(c: &Element) -> Option<String> {
    let gmt = c.text_of("wp:comment_date_gmt")?;
    let (day, time) = gmt.split_once(' ')?;
    (!day.starts_with("0000")).then(|| format!("{day}T{time}Z"))
}

fn comment(c: &Element, page: Option<&str>, post_author: Option<&str>) -> Result<Comment, String> {
    let id = c.text_of("wp:comment_id").ok_or_else(|| format!("WordPress export: the <wp:comment> at line {} has no wp:comment_id", c.line))?.to_owned();
    let status = match c.text_of("wp:comment_approved").unwrap_or("0") {
        "1" | "approve" | "approved" => Status::Shown,
        "spam" => Status::Spam,
        "trash" | "post-trashed" => Status::Trash,
        _ => Status::Pending,
    };
    // WordPress keeps names as HTML text (a pingback's is the linking page's title: `Blog &raquo; Post`).
    let name = c.text_of("wp:comment_author").map(|n| plain_text(n, 200)).filter(|n| !n.is_empty()).unwrap_or_else(|| "Anonymous".to_owned());
    let user = c.text_of("wp:comment_user_id").filter(|u| *u != "0");
    let key = match user {
        Some(u) => format!("user:{u}"),
        None => format!("\u{0}guest:{name}\u{0}{}", c.text_of("wp:comment_author_url").unwrap_or("")),
    };
    let author = Author {
        url: c.text_of("wp:comment_author_url").map(str::to_owned),
        title: (user.is_some() && user == post_author).then(|| "Post author".to_owned()),
        name,
        ..Author::default()
    };
    let raw = c.child("wp:comment_content").map_or("", |b| b.text.as_str());
    let (body, format) = if raw.contains(['<', '&']) { (autop(raw), Format::Html) } else { (raw.trim().to_owned(), Format::Text) };
    Ok(Comment {
        status,
        author: (key, author),
        post: PostIn {
            url: page.map(|u| format!("{}#comment-{id}", u.split('#').next().unwrap_or(u))),
            created: date(c),
            body,
            format,
            reply_to: c.text_of("wp:comment_parent").filter(|p| *p != "0").map(str::to_owned),
            id,
            ..PostIn::default()
        },
    })
}

/// Blocks that `wpautop` does not wrap in a paragraph.
const BLOCKS: [&str; 16] = ["<p", "<div", "<blockquote", "<ul", "<ol", "<li", "<pre", "<table", "<h1", "<h2", "<h3", "<h4", "<h5", "<h6", "<hr", "<dl"];

/// WordPress' `wpautop`, as much as comments need: text between blank lines
/// becomes a paragraph and a newline inside one a line break, except in
/// `<pre>` and around blocks.
pub fn autop(raw: &str) -> String {
    let text = raw.replace("\r\n", "\n");
    let mut out = String::new();
    // Split off <pre>…</pre> first: its text is kept as it is.
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let lower = rest.to_ascii_lowercase();
        let (before, pre, after) = match lower.find("<pre") {
            Some(s) => {
                let e = lower[s..].find("</pre>").map_or(rest.len(), |e| s + e + 6);
                (&rest[..s], &rest[s..e], &rest[e..])
            }
            None => (rest, "", ""),
        };
        paragraphs(before, &mut out);
        out.push_str(pre);
        rest = after;
    }
    out
}

fn paragraphs(text: &str, out: &mut String) {
    let mut para = String::new();
    let flush = |para: &mut String, out: &mut String| {
        let p = para.trim();
        if !p.is_empty() {
            let block = BLOCKS.iter().any(|b| p.get(..b.len()).is_some_and(|s| s.eq_ignore_ascii_case(b)));
            if block {
                out.push_str(p);
            } else {
                out.push_str("<p>");
                out.push_str(&p.replace('\n', "<br>\n"));
                out.push_str("</p>");
            }
            out.push('\n');
        }
        para.clear();
    };
    for line in text.split('\n') {
        if line.trim().is_empty() {
            flush(&mut para, out);
        } else {
            if !para.is_empty() {
                para.push('\n');
            }
            para.push_str(line);
        }
    }
    flush(&mut para, out);
}
