//! What threads from other platforms bring (SPEC section 1, the optional
//! fields of schema version 1): a post's own address, its counts, its
//! deleted state, an author's handle, the platform's name for the reply
//! link, and what the file does not hold of the conversation (`more`).
//!
//! Each function builds one small piece from the catalog, the formatter and
//! a post or an author, independent of where it stands: the forum layout
//! puts them in the author card and the post (`super::Builder`), a compact
//! header can put them anywhere. Each returns `None` when its field is absent,
//! so a thread without these fields renders as before.

use crate::digits::concat;
use crate::i18n::{fill, Catalog, Dir, Formatter};
use crate::model::{Author, Counts, Deleted, Post, Thread};
use crate::url::sanitize;

use super::body::LINK_REL;
use super::node::{Element, Node};

/// The author's handle as given (`@name@instance`, `@user.bsky.social`,
/// `u/name`): `span.tw-handle`, in its own direction and never translated.
pub(crate) fn handle(a: &Author) -> Option<Element> {
    let h = a.handle.as_deref().filter(|h| !h.trim().is_empty())?;
    Some(Element::classed("span", "tw-handle").attr_static("dir", "auto").attr_static("translate", "no").text(h))
}

/// The post on its home site ("View on Mastodon", or "View original" when
/// the thread names no platform): `a.tw-post-link`, through the URL policy.
pub(crate) fn post_link(cat: &Catalog, p: &Post, platform: Option<&str>) -> Option<Element> {
    let url = sanitize(p.url.as_deref()?)?;
    Some(Element::classed("a", "tw-post-link").url("href", &url).attr_static("rel", LINK_REL).text(&view_text(cat, platform)))
}

/// "View on Mastodon", or "View original" when the thread names no platform.
fn view_text(cat: &Catalog, platform: Option<&str>) -> String {
    match platform.filter(|s| !s.trim().is_empty()) {
        Some(name) => fill(cat.view_on, &[("platform", name)]),
        None => cat.view_original.to_owned(),
    }
}

/// The conversation is larger than the file (the thread's `more`): "1,660
/// more posts of this conversation are not shown here." (or "More of this
/// conversation is not shown here." when the count is unknown or 0), then
/// a link to all of it on its platform: `more.url`, else the thread's
/// `url`, through the URL policy; no link when neither passes. `p.tw-elsewhere`.
pub(crate) fn elsewhere(cat: &Catalog, fmt: &dyn Formatter, t: &Thread) -> Option<Element> {
    let more = t.more.as_ref()?;
    let text = match more.posts.filter(|&n| n > 0) {
        Some(n) => fill(cat.plural(&cat.not_shown, n), &[("n", &fmt.number(n))]),
        None => cat.not_shown_some.to_owned(),
    };
    let mut p = Element::classed("p", "tw-elsewhere").text(&text);
    if let Some(url) = more.url.as_deref().and_then(sanitize).or_else(|| t.url.as_deref().and_then(sanitize)) {
        p.push(Node::text_static(" "));
        p.push(Element::new("a").url("href", &url).attr_static("rel", LINK_REL).text(&view_text(cat, t.platform.as_deref())));
    }
    Some(p)
}

/// "This post was deleted." (or removed by a moderator), shown instead of
/// the body of a deleted post: `p.tw-deleted`.
pub(crate) fn deleted(cat: &Catalog, p: &Post) -> Option<Node> {
    let text = match p.deleted? {
        Deleted::Deleted => cat.deleted,
        Deleted::Removed => cat.removed,
    };
    Some(Element::classed("p", "tw-deleted").text_static(text).into())
}

/// The counts the platform shows ("5 replies", "18 reposts", "23 likes",
/// "-3 points"), each a list item whose whole text is what is read, grouped
/// by the formatter and in the plural form of the count: `ul.tw-counts`.
/// Replies, reposts and likes are left out at zero, as the platforms do;
/// points are a score and are shown whatever they are.
pub(crate) fn counts(cat: &Catalog, fmt: &dyn Formatter, c: &Counts) -> Option<Element> {
    let mut ul = Element::classed("ul", "tw-counts");
    for (class, forms, n) in [("tw-count-replies", &cat.replies, c.replies), ("tw-count-reposts", &cat.count_reposts, c.reposts), ("tw-count-likes", &cat.count_likes, c.likes)] {
        if let Some(n) = n.filter(|&n| n > 0) {
            ul.push(Element::classed("li", class).text(&fill(cat.plural(forms, n), &[("n", &fmt.number(n))])));
        }
    }
    if let Some(points) = c.points {
        // CLDR picks the plural form of a negative number by its absolute value.
        let n = points.unsigned_abs();
        let mut shown = fmt.number(n);
        if points < 0 {
            // Isolated left to right in a right-to-left language, so the minus stays before the digits.
            shown = if cat.dir == Dir::Rtl { concat(&["\u{2066}-", &shown, "\u{2069}"]) } else { concat(&["-", &shown]) };
        }
        ul.push(Element::classed("li", "tw-count-points").text(&fill(cat.plural(&cat.count_points, n), &[("n", &shown)])));
    }
    (!ul.children.is_empty()).then_some(ul)
}

/// The text of the thread's reply link: "Reply on Mastodon" when the
/// thread names its platform, else the catalog's "Reply on the forum".
pub(crate) fn reply_text(cat: &Catalog, platform: Option<&str>) -> String {
    match platform.filter(|s| !s.trim().is_empty()) {
        Some(name) => fill(cat.reply_on, &[("platform", name)]),
        None => cat.reply.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{catalog, CatalogFormatter};
    use crate::model::Thread;
    use crate::render::html;

    #[cfg_attr(not(feature = "catalogs"), allow(dead_code))]
    fn h(n: impl Into<Node>) -> String {
        html::to_string(&[n.into()])
    }

    fn post(json: &str) -> Post {
        let text = format!(r#"{{"posts": [{{"id": 1, "author": {{"name": "a"}}, "body": "x", {json}}}]}}"#);
        Thread::from_json(&text).unwrap().posts.remove(0)
    }

    fn counts_in(lang: &str, json: &str) -> Vec<String> {
        let cat = catalog(lang);
        let Some(ul) = counts(cat, &CatalogFormatter(cat), &post(json).counts) else { return Vec::new() };
        ul.children
            .iter()
            .map(|li| match li {
                Node::Element(e) => match &e.children[..] {
                    [Node::Text(t)] => t.to_string(),
                    other => panic!("{other:?}"),
                },
                Node::Text(t) => panic!("{t}"),
            })
            .collect()
    }

    #[test]
    fn counts_are_grouped_and_plural_in_english() {
        assert_eq!(counts_in("en", r#""replies": 1, "reposts": 18, "likes": 48807, "points": 1"#), ["1 reply", "18 reposts", "48,807 likes", "1 point"]);
        assert_eq!(counts_in("en", r#""likes": 1, "reposts": 1, "points": -1"#), ["1 repost", "1 like", "-1 point"]);
        assert_eq!(counts_in("en", r#""points": 0, "likes": 0, "replies": 0"#), ["0 points"], "zero likes and replies are left out");
        assert!(counts_in("en", r#""likes": null"#).is_empty());
    }

    // Other languages than English are built in with the `catalogs` feature only.
    #[cfg(feature = "catalogs")]
    #[test]
    fn counts_in_russian_and_arabic_take_every_plural_form() {
        let ru = |n: i64| counts_in("ru", &format!(r#""likes": {}, "points": {n}"#, n.unsigned_abs()));
        assert_eq!(ru(1), ["1 лайк", "1 балл"]);
        assert_eq!(ru(3), ["3 лайка", "3 балла"]);
        assert_eq!(ru(11), ["11 лайков", "11 баллов"]);
        assert_eq!(ru(21), ["21 лайк", "21 балл"]);
        assert_eq!(ru(1234), ["1\u{a0}234 лайка", "1\u{a0}234 балла"]);
        assert_eq!(counts_in("ru", r#""points": -5, "replies": 22"#), ["22 ответа", "-5 баллов"]);
        let ar = |n: u64| counts_in("ar", &format!(r#""likes": {n}, "points": {n}"#));
        assert_eq!(ar(1), ["إعجاب واحد", "1 نقطة"]);
        assert_eq!(ar(2), ["إعجابان", "2 نقطتان"]);
        assert_eq!(ar(7), ["7 إعجابات", "7 نقاط"]);
        assert_eq!(ar(15), ["15 إعجابًا", "15 نقطة"]);
        assert_eq!(ar(100), ["100 إعجاب", "100 نقطة"]);
        assert_eq!(counts_in("ar", r#""points": -3"#), ["\u{2066}-3\u{2069} نقاط"], "the minus stays before the digits");
        assert_eq!(counts_in("ja", r#""reposts": 2, "likes": 3"#), ["リポスト 2 件", "いいね 3 件"]);
    }

    #[cfg(feature = "catalogs")]
    #[test]
    fn handle_link_deleted_and_reply_text() {
        let en = catalog("en");
        let a = Author { name: "Ann".into(), handle: Some("@ann@mastodon.social".into()), ..Author::default() };
        assert_eq!(h(handle(&a).unwrap()), r#"<span class="tw-handle" dir="auto" translate="no">@ann@mastodon.social</span>"#);
        assert!(handle(&Author { handle: Some(" ".into()), ..Author::default() }).is_none());
        assert!(handle(&Author::default()).is_none());

        let p = post(r#""url": "https://mastodon.social/@ann/1""#);
        let link = |platform| post_link(en, &p, platform).map(h);
        assert_eq!(link(Some("Mastodon")).unwrap(), r#"<a class="tw-post-link" href="https://mastodon.social/@ann/1" rel="nofollow ugc noopener noreferrer">View on Mastodon</a>"#);
        assert!(link(None).unwrap().ends_with(">View original</a>"));
        assert!(post_link(en, &post(r#""url": "javascript:alert(1)""#), None).is_none(), "the URL policy");
        assert!(post_link(en, &post("\"number\": 2"), None).is_none());

        assert_eq!(h(deleted(en, &post(r#""deleted": true"#)).unwrap()), r#"<p class="tw-deleted">This post was deleted.</p>"#);
        assert_eq!(h(deleted(catalog("ru"), &post(r#""deleted": "removed""#)).unwrap()), r#"<p class="tw-deleted">Это сообщение удалено модератором.</p>"#);
        assert!(deleted(en, &post(r#""deleted": false"#)).is_none());

        assert_eq!(reply_text(en, Some("Hacker News")), "Reply on Hacker News");
        assert_eq!(reply_text(en, None), "Reply on the forum");
        assert_eq!(reply_text(en, Some("")), "Reply on the forum");
        assert_eq!(reply_text(catalog("ar"), Some("Mastodon")), "الرد عبر Mastodon");
    }

    fn elsewhere_in(lang: &str, head: &str) -> Option<String> {
        let cat = catalog(lang);
        let t = Thread::from_json(&format!(r#"{{"posts": [], {head}}}"#)).unwrap();
        elsewhere(cat, &CatalogFormatter(cat), &t).map(h)
    }

    #[test]
    fn elsewhere_counts_and_links_to_the_whole_conversation() {
        let en = |head: &str| elsewhere_in("en", head).unwrap();
        assert_eq!(en(r#""platform": "Reddit", "more": {"posts": 1660, "url": "https://www.reddit.com/r/self/comments/1cebxh/"}"#),
            r#"<p class="tw-elsewhere">1,660 more posts of this conversation are not shown here. <a href="https://www.reddit.com/r/self/comments/1cebxh/" rel="nofollow ugc noopener noreferrer">View on Reddit</a></p>"#);
        assert_eq!(en(r#""more": {"posts": 1}, "url": "https://forum.example/t/1""#),
            r#"<p class="tw-elsewhere">1 more post of this conversation is not shown here. <a href="https://forum.example/t/1" rel="nofollow ugc noopener noreferrer">View original</a></p>"#,
            "no more.url: the thread's; no platform: View original");
        assert_eq!(en(r#""more": {"posts": 0}"#), r#"<p class="tw-elsewhere">More of this conversation is not shown here.</p>"#, "0 is not a count to show; no address, no link");
        assert_eq!(en(r#""more": {}, "platform": "Bluesky", "url": "https://bsky.app/profile/a/post/b""#),
            r#"<p class="tw-elsewhere">More of this conversation is not shown here. <a href="https://bsky.app/profile/a/post/b" rel="nofollow ugc noopener noreferrer">View on Bluesky</a></p>"#);
        // The URL policy: a refused more.url leaves the thread's; neither, no link.
        assert!(en(r#""more": {"url": "javascript:alert(1)"}, "url": "https://x.example/t""#).contains(r#"href="https://x.example/t""#));
        assert!(!en(r#""more": {"url": "javascript:alert(1)"}"#).contains("<a"));
        assert_eq!(elsewhere_in("en", r#""url": "https://x.example/t""#), None, "no more, nothing");
    }

    #[cfg(feature = "catalogs")]
    #[test]
    fn elsewhere_takes_each_languages_plural_forms() {
        let text = |lang: &str, n: u64| {
            let html = elsewhere_in(lang, &format!(r#""more": {{"posts": {n}}}"#)).unwrap();
            html.trim_start_matches(r#"<p class="tw-elsewhere">"#).trim_end_matches("</p>").to_owned()
        };
        assert_eq!(text("ru", 1), "Ещё 1 сообщение этого обсуждения здесь не показано.");
        assert_eq!(text("ru", 3), "Ещё 3 сообщения этого обсуждения здесь не показаны.");
        assert_eq!(text("ru", 1660), "Ещё 1\u{a0}660 сообщений этого обсуждения здесь не показано.");
        assert_eq!(text("ar", 1), "مشاركة أخرى من هذا النقاش غير معروضة هنا.");
        assert_eq!(text("ar", 2), "مشاركتان أخريان من هذا النقاش غير معروضتين هنا.");
        assert_eq!(text("ar", 7), "7 مشاركات أخرى من هذا النقاش غير معروضة هنا.");
        assert_eq!(text("ar", 60), "60 مشاركة أخرى من هذا النقاش غير معروضة هنا.");
        assert_eq!(text("fr", 1), "1 autre message de cette conversation n’est pas affiché ici.");
        assert_eq!(text("de", 2), "2 weitere Beiträge dieser Diskussion werden hier nicht angezeigt.");
        assert_eq!(text("ja", 0), "この会話の一部は、ここには表示されていません。");
    }
}
