//! What the site exports (Disqus, WordPress) share: every comment comes with
//! a status, and only what the site shows is kept unless the user asks for
//! more (`--include pending,spam,trash`). A comment left out that has a
//! kept reply below it keeps its place, with no author and no text, so the
//! reply stays under it: as deleted (trash) or removed (pending, spam).

use std::collections::HashMap;

use super::{Builder, PostIn};
use crate::model::{Author, Deleted};

/// A comment's status in the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Shown on the site.
    Shown,
    /// Deleted, shown as such where it has replies (Disqus' `isDeleted`).
    Deleted,
    /// Waiting for moderation (WordPress' `comment_approved` 0).
    Pending,
    /// Marked as spam.
    Spam,
    /// In the trash.
    Trash,
}

/// What is kept besides what the site shows (`--include`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Include {
    /// Comments waiting for moderation.
    pub pending: bool,
    /// Spam.
    pub spam: bool,
    /// Comments in the trash.
    pub trash: bool,
}

impl Include {
    /// `--include`'s value: a comma-separated list of pending, spam, trash.
    pub fn parse(list: &str) -> Result<Include, String> {
        let mut inc = Include::default();
        for word in list.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            match word.to_ascii_lowercase().as_str() {
                "pending" | "unapproved" => inc.pending = true,
                "spam" => inc.spam = true,
                "trash" => inc.trash = true,
                _ => return Err(format!("--include {}: expected pending, spam or trash (comma-separated)", crate::error::quoted(word))),
            }
        }
        Ok(inc)
    }

    fn keeps(self, s: Status) -> bool {
        match s {
            Status::Shown | Status::Deleted => true,
            Status::Pending => self.pending,
            Status::Spam => self.spam,
            Status::Trash => self.trash,
        }
    }
}

/// One comment of an export, ready for the builder.
pub struct Comment {
    /// Its status.
    pub status: Status,
    /// The author's key for [`Builder::author`] and the author.
    pub author: (String, Author),
    /// The post; `reply_to` is its parent's id.
    pub post: PostIn,
}

/// Adds `comments` (in the order to show) to `b`: the kept ones, and in
/// place of a left-out one that has a kept reply, a post with no author and
/// no text. A deleted comment keeps its place and loses its text.
pub fn add(b: &mut Builder, comments: Vec<Comment>, include: Include) {
    let index: HashMap<String, usize> = comments.iter().enumerate().map(|(i, c)| (c.post.id.clone(), i)).collect();
    // Which comments stand: the kept ones, and every ancestor of one.
    let mut stands: Vec<bool> = comments.iter().map(|c| include.keeps(c.status)).collect();
    for i in 0..comments.len() {
        if !include.keeps(comments[i].status) {
            continue;
        }
        // Up the parents until one already stands; at most every comment once (a cycle ends too).
        let mut at = i;
        for _ in 0..comments.len() {
            let Some(&p) = comments[at].post.reply_to.as_deref().and_then(|r| index.get(r)) else { break };
            if stands[p] {
                break;
            }
            stands[p] = true;
            at = p;
        }
    }
    let kept: Vec<bool> = comments.iter().map(|c| include.keeps(c.status)).collect();
    for ((c, stands), kept) in comments.into_iter().zip(stands).zip(kept) {
        if !stands {
            continue;
        }
        let Comment { status, author: (key, author), mut post } = c;
        // A parent the export does not hold: the comment stands at the top.
        if post.reply_to.as_deref().is_some_and(|r| !index.contains_key(r)) {
            post.reply_to = None;
        }
        let placeholder = !kept || status == Status::Deleted;
        let author = if placeholder {
            b.author("\u{0}deleted", || Author { name: "[deleted]".into(), ..Author::default() })
        } else {
            b.author(&key, || author)
        };
        if placeholder {
            post.body.clear();
            post.edited = None;
            post.deleted = Some(if matches!(status, Status::Deleted | Status::Trash) { Deleted::Deleted } else { Deleted::Removed });
        }
        b.post(author, post);
    }
}
