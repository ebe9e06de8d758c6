//! The `html` body format (`src/markup/html.rs`): each construct of the
//! tree's vocabulary, the platform constructs, entities, malformed HTML and
//! hostile nesting.
#![cfg(feature = "html")]

use thread_widget::markup::{html::parse, Align, Block, Inline, Quote, MAX_DEPTH};

fn t(s: &str) -> Inline {
    Inline::Text(s.into())
}

fn p(content: Vec<Inline>) -> Block {
    Block::Paragraph(content)
}

fn para(s: &str) -> Block {
    p(vec![t(s)])
}

fn url(u: &str) -> thread_widget::url::SafeUrl {
    thread_widget::url::sanitize(u).unwrap()
}

fn link(u: &str, content: Vec<Inline>) -> Inline {
    Inline::Link { url: url(u), content }
}

/// The text a reader sees, blocks apart by a space, whitespace collapsed.
fn text_of(body: &[Block]) -> String {
    fn inl(c: &[Inline], out: &mut String) {
        for i in c {
            match i {
                Inline::Text(s) | Inline::Code(s) => out.push_str(s),
                Inline::LineBreak => out.push(' '),
                Inline::Image { alt, .. } => out.push_str(alt),
                Inline::Strong(c) | Inline::Emphasis(c) | Inline::Underline(c) | Inline::Strike(c) => inl(c, out),
                Inline::Link { content, .. } | Inline::Color { content, .. } | Inline::Size { content, .. } => inl(content, out),
            }
        }
    }
    fn blocks(b: &[Block], out: &mut String) {
        for b in b {
            out.push(' ');
            match b {
                Block::Paragraph(c) | Block::Heading { content: c, .. } => inl(c, out),
                Block::Quote(q) => blocks(&q.body, out),
                Block::Code { text, .. } => out.push_str(text),
                Block::List { items, .. } => items.iter().for_each(|i| blocks(i, out)),
                Block::Table { head, rows, .. } => {
                    for row in std::iter::once(head).chain(rows) {
                        for c in row {
                            out.push(' ');
                            inl(c, out);
                        }
                    }
                }
                Block::Aligned { blocks: b, .. } | Block::Indent(b) => blocks(b, out),
                Block::Rule | Block::Truncated => {}
            }
            out.push(' ');
        }
    }
    let mut out = String::new();
    blocks(body, &mut out);
    out.split(|c: char| c.is_ascii_whitespace()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

// ------------------------------------------------------------ vocabulary

#[test]
fn paragraphs_and_line_breaks() {
    assert_eq!(parse("<p>a<br>b</p><p>c</p>"), vec![p(vec![t("a"), Inline::LineBreak, t("b")]), para("c")]);
    assert_eq!(parse(""), vec![]);
    assert_eq!(parse("<p></p>\n<p> </p>"), vec![]);
}

#[test]
fn emphasis_of_every_kind() {
    assert_eq!(
        parse("<em>a</em><i>b</i><strong>c</strong><b>d</b><s>e</s><del>f</del><u>g</u><code>h</code>"),
        vec![p(vec![
            Inline::Emphasis(vec![t("a")]),
            Inline::Emphasis(vec![t("b")]),
            Inline::Strong(vec![t("c")]),
            Inline::Strong(vec![t("d")]),
            Inline::Strike(vec![t("e")]),
            Inline::Strike(vec![t("f")]),
            Inline::Underline(vec![t("g")]),
            Inline::Code("h".into()),
        ])]
    );
}

#[test]
fn code_keeps_text_only_but_links_stay() {
    assert_eq!(parse("<code>a<b>b</b></code>"), vec![p(vec![Inline::Code("ab".into())])]);
    assert_eq!(
        parse("<code>x <a href=\"https://a.example/\">y</a></code>"),
        vec![p(vec![Inline::Code("x ".into()), link("https://a.example/", vec![Inline::Code("y".into())])])]
    );
}

#[test]
fn links_go_through_the_url_policy() {
    assert_eq!(parse("<a href=\"https://a.example/x\">x</a>"), vec![p(vec![link("https://a.example/x", vec![t("x")])])]);
    assert_eq!(parse("<a href=\"/rel\">r</a>"), vec![p(vec![link("/rel", vec![t("r")])])]);
    for bad in ["javascript:alert(1)", "JaVaScRiPt:x", "java&#x09;script:x", "&#106;avascript:x", "data:text/html,x", "vbscript:x", " javascript:x"] {
        assert_eq!(parse(&format!("<a href=\"{bad}\">click</a>")), vec![para("click")], "{bad}");
    }
    assert_eq!(parse("<a>no href</a>"), vec![para("no href")]);
}

#[test]
fn entity_decoded_href_is_what_the_policy_sees() {
    // `&#106;` decodes to `j` before the policy runs: a browser would follow it.
    assert_eq!(parse("<a href=\"&#106;avascript:alert(1)\">x</a>"), vec![para("x")]);
    assert_eq!(parse("<a href=\"https://a.example/?a=1&amp;b=2\">x</a>"), vec![p(vec![link("https://a.example/?a=1&b=2", vec![t("x")])])]);
}

#[test]
fn images_keep_src_and_alt() {
    assert_eq!(
        parse("<img src=\"https://a.example/i.png\" alt=\"an image\">"),
        vec![p(vec![Inline::Image { url: url("https://a.example/i.png"), alt: "an image".into() }])]
    );
    assert_eq!(parse("<p>see <img src=\"javascript:alert(1)\" alt=\"alt\"></p>"), vec![para("see alt")]);
    assert_eq!(parse("<img src=x onerror=alert(1)>"), vec![p(vec![Inline::Image { url: url("x"), alt: String::new() }])]);
}

#[test]
fn pre_and_code_blocks() {
    assert_eq!(parse("<pre><code>fn x() {\n  1\n}\n</code></pre>"), vec![Block::Code { lang: None, text: "fn x() {\n  1\n}\n".into() }]);
    assert_eq!(parse("<pre>\nfirst newline dropped</pre>"), vec![Block::Code { lang: None, text: "first newline dropped".into() }]);
    assert_eq!(
        parse("<pre><code class=\"lang-ruby\">x &lt; 1</code></pre>"),
        vec![Block::Code { lang: Some("ruby".into()), text: "x < 1".into() }]
    );
    assert_eq!(parse("<pre>a<br>b</pre>"), vec![Block::Code { lang: None, text: "a\nb".into() }]);
}

#[test]
fn lists_with_start() {
    assert_eq!(
        parse("<ul><li>a</li><li>b<ol start=\"3\"><li>c</ol></ul>"),
        vec![Block::List {
            ordered: false,
            start: None,
            items: vec![
                vec![para("a")],
                vec![para("b"), Block::List { ordered: true, start: Some(3), items: vec![vec![para("c")]] }],
            ],
        }]
    );
    assert_eq!(parse("<ol start=1><li>x</ol>"), vec![Block::List { ordered: true, start: None, items: vec![vec![para("x")]] }]);
}

#[test]
fn list_items_close_each_other() {
    assert_eq!(
        parse("<ul><li>a<li>b<li>c</ul>"),
        vec![Block::List { ordered: false, start: None, items: vec![vec![para("a")], vec![para("b")], vec![para("c")]] }]
    );
}

#[test]
fn blockquotes_are_quotes() {
    assert_eq!(
        parse("<blockquote><p>q</p></blockquote><p>a</p>"),
        vec![Block::Quote(Quote { name: None, post: None, body: vec![para("q")] }), para("a")]
    );
}

#[test]
fn tables_with_head_and_rows() {
    assert_eq!(
        parse("<table><thead><tr><th>h1</th><th>h2</th></tr></thead><tbody><tr><td>a</td><td><b>b</b></td></tr></tbody></table>"),
        vec![Block::Table {
            align: vec![Align::None, Align::None],
            head: vec![vec![t("h1")], vec![t("h2")]],
            rows: vec![vec![vec![t("a")], vec![Inline::Strong(vec![t("b")])]]],
        }]
    );
    // Implied tbody and tr; no header row.
    assert_eq!(
        parse("<table><td>a<td>b<tr><td>c</table>"),
        vec![Block::Table { align: vec![Align::None; 2], head: vec![], rows: vec![vec![vec![t("a")], vec![t("b")]], vec![vec![t("c")]]] }]
    );
}

#[test]
fn text_in_a_table_but_no_cell_comes_before_it() {
    let body = parse("<table>lost<tr><td>cell</td></tr></table>");
    assert_eq!(body[0], para("lost"));
    assert!(matches!(body[1], Block::Table { .. }));
}

#[test]
fn blocks_in_cells_become_line_breaks() {
    assert_eq!(
        parse("<table><tr><td><p>a</p><p>b</p></td></tr></table>"),
        vec![Block::Table { align: vec![Align::None], head: vec![], rows: vec![vec![vec![t("a"), Inline::LineBreak, t("b")]]] }]
    );
}

#[test]
fn headings_and_rules() {
    assert_eq!(
        parse("<h1>One</h1><h3>Three</h3><hr><h6>Six"),
        vec![
            Block::Heading { level: 1, content: vec![t("One")] },
            Block::Heading { level: 3, content: vec![t("Three")] },
            Block::Rule,
            Block::Heading { level: 6, content: vec![t("Six")] },
        ]
    );
    // A heading opened in a heading closes it.
    assert_eq!(parse("<h1>a<h2>b"), vec![Block::Heading { level: 1, content: vec![t("a")] }, Block::Heading { level: 2, content: vec![t("b")] }]);
}

#[test]
fn other_elements_keep_their_text() {
    assert_eq!(parse("<div><span style=\"color:red\">a</span> <small>b</small> <sup>c</sup></div>"), vec![para("a b c")]);
    assert_eq!(parse("<details><summary>More</summary><p>hidden? no</p></details>"), vec![para("More"), para("hidden? no")]);
    assert_eq!(parse("<dl><dt>term</dt><dd>def</dd></dl>"), vec![para("term"), Block::Indent(vec![para("def")])]);
    assert_eq!(parse("<center>mid</center>"), vec![Block::Aligned { align: Align::Center, blocks: vec![para("mid")] }]);
}

#[test]
fn unseen_content_is_dropped() {
    assert_eq!(parse("a<script>alert('<b>x</b>')</script>b"), vec![para("ab")]);
    assert_eq!(parse("a<style>p { color: red }</style>b"), vec![para("ab")]);
    assert_eq!(parse("a<template><p>t</p></template>b"), vec![para("ab")]);
    assert_eq!(parse("a<iframe><p>i</p></iframe>b"), vec![para("ab")]);
    assert_eq!(parse("a<noscript><p>n</p></noscript>b"), vec![para("ab")]);
    assert_eq!(parse("a<title>t</title>b"), vec![para("ab")]);
    assert_eq!(parse("a<svg><text>s</text></svg>b"), vec![para("ab")]);
    assert_eq!(parse("a<math><mi>x</mi></math>b"), vec![para("ab")]);
    assert_eq!(parse("a<div hidden>h</div>b"), vec![para("a"), para("b")]);
    assert_eq!(parse("a<!-- <p>comment</p> -->b"), vec![para("ab")]);
    assert_eq!(parse("<!DOCTYPE html><?php x ?>a"), vec![para("a")]);
}

#[test]
fn script_content_is_raw_text() {
    // `</p>` inside a script ends nothing; the script ends at `</script>`.
    assert_eq!(parse("<p>a<script>x</p><p>y</script>b</p>"), vec![para("ab")]);
    assert_eq!(parse("a<script>never closed <p>x"), vec![para("a")]);
}

#[test]
fn foreign_content_is_left_by_html_tags() {
    assert_eq!(parse("<svg><p>shown</p></svg>"), vec![para("shown")]);
    assert_eq!(parse("<svg><style><img src=x alt=shown></style></svg>"), vec![p(vec![Inline::Image { url: url("x"), alt: "shown".into() }])]);
}

#[test]
fn xmp_textarea_and_plaintext_show_their_text() {
    assert_eq!(parse("<xmp><b>x</b></xmp>"), vec![Block::Code { lang: None, text: "<b>x</b>".into() }]);
    assert_eq!(parse("<textarea>a &amp; <b></textarea>"), vec![Block::Code { lang: None, text: "a & <b>".into() }]);
    assert_eq!(parse("<plaintext></plaintext><b>"), vec![Block::Code { lang: None, text: "</plaintext><b>".into() }]);
}

// ------------------------------------------------------------ entities

#[test]
fn named_entities() {
    assert_eq!(text_of(&parse("&amp; &lt; &gt; &quot; &apos; &nbsp; &copy; &eacute; &hellip; &mdash; &rarr; &euro;")), "& < > \" ' \u{a0} © é … — → €");
    // The whole table, including two-character values and long names.
    assert_eq!(text_of(&parse("&CounterClockwiseContourIntegral; &fjlig; &NotEqualTilde; &bne;")), "∳ fj ≂̸ =⃥");
    assert_eq!(text_of(&parse("&nosuch; & &; &#;")), "&nosuch; & &; &#;");
}

#[test]
fn legacy_entities_without_semicolon() {
    assert_eq!(text_of(&parse("&amp &copy2023 &notit; &notin; &lt3")), "& ©2023 ¬it; ∉ <3");
    // In an attribute, a legacy name followed by `=` or a letter stays as written.
    assert_eq!(
        parse("<a href=\"/x?a=1&copy=2&amp=3&ampx\">x</a>"),
        vec![p(vec![link("/x?a=1&copy=2&amp=3&ampx", vec![t("x")])])]
    );
    assert_eq!(parse("<a href=\"/x?&amp;y=1&lt;\">x</a>"), vec![p(vec![link("/x?&y=1<", vec![t("x")])])]);
}

#[test]
fn numeric_entities_with_the_html5_replacements() {
    assert_eq!(text_of(&parse("&#65;&#x42;&#X43;&#0067")), "ABCC");
    assert_eq!(text_of(&parse("[&#0;][&#xD800;][&#x110000;][&#99999999999999;]")), "[\u{FFFD}][\u{FFFD}][\u{FFFD}][\u{FFFD}]");
    // 0x80 to 0x9F are windows-1252.
    assert_eq!(text_of(&parse("&#x80;&#150;&#x9F;&#x81;")), "€–Ÿ\u{81}");
    assert_eq!(text_of(&parse("&#x27;&#x2F;&#128512;")), "'/😀");
}

// ------------------------------------------------------------ malformed

#[test]
fn implicit_end_of_paragraph() {
    assert_eq!(parse("<p>a<p>b<div>c</div>d"), vec![para("a"), para("b"), para("c"), para("d")]);
    assert_eq!(parse("<p>a<ul><li>b</ul>"), vec![para("a"), Block::List { ordered: false, start: None, items: vec![vec![para("b")]] }]);
}

#[test]
fn unclosed_tags_close_at_the_end() {
    assert_eq!(
        parse("<blockquote><p><b>a"),
        vec![Block::Quote(Quote { name: None, post: None, body: vec![p(vec![Inline::Strong(vec![t("a")])])] })]
    );
    assert_eq!(parse("<a href=\"/x\">a"), vec![p(vec![link("/x", vec![t("a")])])]);
    // A tag cut by the end of the input is dropped, as browsers do.
    assert_eq!(parse("a<b"), vec![para("a")]);
    assert_eq!(parse("a<a href=\"/x"), vec![para("a")]);
    assert_eq!(parse("a < b"), vec![para("a < b")]);
}

#[test]
fn stray_end_tags_are_ignored() {
    assert_eq!(parse("a</b></i></div></span></blockquote>b"), vec![para("ab")]);
    // A stray `</p>` is an empty paragraph; `</br>` a line break.
    assert_eq!(parse("a</p>b</br>c"), vec![para("a"), p(vec![t("b"), Inline::LineBreak, t("c")])]);
}

#[test]
fn misnested_inline_tags_read_as_in_a_browser() {
    // <b>1<i>2</b>3</i> → <b>1<i>2</i></b><i>3</i>
    assert_eq!(
        parse("<b>1<i>2</b>3</i>"),
        vec![p(vec![Inline::Strong(vec![t("1"), Inline::Emphasis(vec![t("2")])]), Inline::Emphasis(vec![t("3")])])]
    );
    // Formatting goes on in the next paragraph.
    assert_eq!(
        parse("<p><b>a</p><p>b</b></p>"),
        vec![p(vec![Inline::Strong(vec![t("a")])]), p(vec![Inline::Strong(vec![t("b")])])]
    );
    // A link in a link closes the first.
    assert_eq!(
        parse("<a href=\"/1\">a<a href=\"/2\">b</a>c</a>"),
        vec![p(vec![link("/1", vec![t("a")]), link("/2", vec![t("b")]), t("c")])]
    );
}

#[test]
fn unquoted_duplicate_and_odd_attributes() {
    assert_eq!(parse("<a href=/x href=/y>x</a>"), vec![p(vec![link("/x", vec![t("x")])])]);
    assert_eq!(parse("<img alt=a src='/i.png'/>"), vec![p(vec![Inline::Image { url: url("/i.png"), alt: "a".into() }])]);
    assert_eq!(parse("<a\nhref\n=\n\"/x\"\n>x</a >"), vec![p(vec![link("/x", vec![t("x")])])]);
    assert_eq!(parse("<A HREF=\"/x\">X</A>"), vec![p(vec![link("/x", vec![t("X")])])]);
}

#[test]
fn crlf_and_nul() {
    assert_eq!(parse("<pre>a\r\nb\rc</pre>"), vec![Block::Code { lang: None, text: "a\nb\nc".into() }]);
    assert_eq!(parse("a\0b"), vec![para("ab")]);
}

// ------------------------------------------------------------ nesting

fn depth(body: &[Block]) -> usize {
    body.iter()
        .map(|b| match b {
            Block::Quote(q) => 1 + depth(&q.body),
            Block::List { items, .. } => 1 + items.iter().map(|i| depth(i)).max().unwrap_or(0),
            Block::Aligned { blocks, .. } | Block::Indent(blocks) => 1 + depth(blocks),
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

fn count_truncated(body: &[Block]) -> usize {
    body.iter()
        .map(|b| match b {
            Block::Truncated => 1,
            Block::Quote(q) => count_truncated(&q.body),
            Block::List { items, .. } => items.iter().map(|i| count_truncated(i)).sum(),
            Block::Aligned { blocks, .. } | Block::Indent(blocks) => count_truncated(blocks),
            _ => 0,
        })
        .sum()
}

#[test]
fn ten_thousand_nested_blockquotes_are_cut() {
    let n = 10_000;
    let src = format!("{}deep{}after", "<blockquote>".repeat(n), "</blockquote>".repeat(n));
    let body = parse(&src);
    assert_eq!(depth(&body), MAX_DEPTH);
    assert_eq!(count_truncated(&body), 1);
    assert_eq!(body.last(), Some(&para("after")));
    // Unclosed, too.
    let body = parse(&"<blockquote>".repeat(n));
    assert!(depth(&body) <= MAX_DEPTH);
}

#[test]
fn ten_thousand_nested_divs_do_not_overflow() {
    let n = 10_000;
    let body = parse(&format!("{}deep{}after", "<div>".repeat(n), "</div>".repeat(n)));
    assert_eq!(body, vec![para("deep"), para("after")]);
    let body = parse(&format!("{}x", "<div><span>".repeat(n)));
    assert_eq!(body, vec![para("x")]);
}

#[test]
fn deep_lists_and_inline_spans_are_bounded() {
    let n = 10_000;
    let body = parse(&format!("{}x", "<ul><li>".repeat(n)));
    assert!(depth(&body) <= MAX_DEPTH);
    assert_eq!(count_truncated(&body), 1);
    fn inline_depth(c: &[Inline]) -> usize {
        c.iter()
            .map(|i| match i {
                Inline::Strong(c) | Inline::Emphasis(c) | Inline::Underline(c) | Inline::Strike(c) => 1 + inline_depth(c),
                Inline::Link { content, .. } => 1 + inline_depth(content),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }
    let body = parse(&format!("{}x", "<b><i><u><s><em><strong>".repeat(n)));
    let Block::Paragraph(c) = &body[0] else { panic!("{body:?}") };
    assert!(inline_depth(c) <= MAX_DEPTH, "{}", inline_depth(c));
    assert_eq!(text_of(&body), "x");
    // Many stray and unknown tags stay linear.
    let started = std::time::Instant::now();
    parse(&format!("{}{}", "<x-a>".repeat(n), "</x-b></blockquote></li>".repeat(n)));
    parse(&format!("{}{}", "<table>".repeat(n), "<td>".repeat(n)));
    assert!(started.elapsed().as_secs() < 20);
}

// ------------------------------------------------------------ platforms

#[test]
fn discourse_quote_is_a_quote_with_author_and_post() {
    let src = r#"<aside class="quote no-group" data-username="anonymous105" data-post="31" data-topic="2108">
<div class="title">
<div class="quote-controls"></div>
<img alt="" width="24" height="24" src="https://d.example/letter/a/48.png" class="avatar"> anonymous105:</div>
<blockquote>
<p>Especially if you use that guideline.</p>
</blockquote>
</aside>
<p>Reply.</p>"#;
    assert_eq!(
        parse(src),
        vec![
            Block::Quote(Quote { name: Some("anonymous105".into()), post: Some("31".into()), body: vec![para("Especially if you use that guideline.")] }),
            para("Reply."),
        ]
    );
}

#[test]
fn discourse_quotes_nest_and_odd_posts_are_dropped() {
    let src = r#"<aside class="quote" data-username="a" data-post="1"><div class="title">a:</div><blockquote><aside class="quote" data-username="b" data-post="x&quot; onclick"><div class="title">b:</div><blockquote><p>inner</p></blockquote></aside><p>outer</p></blockquote></aside>"#;
    assert_eq!(
        parse(src),
        vec![Block::Quote(Quote {
            name: Some("a".into()),
            post: Some("1".into()),
            body: vec![Block::Quote(Quote { name: Some("b".into()), post: None, body: vec![para("inner")] }), para("outer")],
        })]
    );
}

#[test]
fn discourse_lightbox_is_a_link_around_its_image() {
    let src = r##"<p><div class="lightbox-wrapper"><a class="lightbox" href="https://d.example/original.jpeg" data-download-href="https://d.example/x" title="image"><img src="https://d.example/optimized.jpeg" alt="image" width="690" height="365"><div class="meta"><svg class="fa d-icon d-icon-far-image svg-icon" aria-hidden="true"><use href="#far-image"></use></svg><span class="filename">image</span><span class="informations">1920×1016 139 KB</span><svg class="fa d-icon"><use href="#discourse-expand"></use></svg></div></a></div></p>"##;
    assert_eq!(
        parse(src),
        vec![p(vec![link("https://d.example/original.jpeg", vec![Inline::Image { url: url("https://d.example/optimized.jpeg"), alt: "image".into() }])])]
    );
}

#[test]
fn discourse_onebox_is_a_link_with_its_title() {
    let src = r#"<aside class="onebox allowlistedgeneric" data-onebox-src="https://news.example/a">
  <header class="source"><img src="https://news.example/favicon.ico" class="site-icon" width="32" height="32"><a href="https://news.example/a" target="_blank" rel="noopener">news.example</a></header>
  <article class="onebox-body"><img src="https://news.example/thumb.jpg" class="thumbnail"><h3><a href="https://news.example/a" target="_blank">The &amp; Title</a></h3><p>A long description.</p></article>
  <div class="onebox-metadata"></div><div style="clear: both"></div>
</aside><p>after</p>"#;
    assert_eq!(parse(src), vec![p(vec![link("https://news.example/a", vec![t("The & Title")])]), para("after")]);
    // Without a title, the site name.
    let src = r#"<aside class="onebox" data-onebox-src="https://x.example/"><header class="source"><a href="https://x.example/">x.example</a></header></aside>"#;
    assert_eq!(parse(src), vec![p(vec![link("https://x.example/", vec![t("x.example")])])]);
    // A refused source keeps the title as text.
    let src = r#"<aside class="onebox" data-onebox-src="javascript:alert(1)"><h3>T</h3></aside>"#;
    assert_eq!(parse(src), vec![para("T")]);
}

#[test]
fn mastodon_mentions_hashtags_and_shortened_links() {
    let src = r#"<p><span class="h-card" translate="no"><a href="https://mastodon.social/@Gargron" class="u-url mention">@<span>Gargron</span></a></span> <a href="https://mastodon.social/tags/Rust" class="mention hashtag" rel="tag">#<span>Rust</span></a> <a href="https://example.com/a/very/long/path" target="_blank" rel="nofollow noopener noreferrer" translate="no"><span class="invisible">https://</span><span class="ellipsis">example.com/a/very/lo</span><span class="invisible">ng/path</span></a></p>"#;
    assert_eq!(
        parse(src),
        vec![p(vec![
            link("https://mastodon.social/@Gargron", vec![t("@Gargron")]),
            t(" "),
            link("https://mastodon.social/tags/Rust", vec![t("#Rust")]),
            t(" "),
            link("https://example.com/a/very/long/path", vec![t("example.com/a/very/lo\u{2026}")]),
        ])]
    );
}

#[test]
fn hacker_news_text_before_the_first_p_is_a_paragraph() {
    let src = "It&#x27;s first.<p>Second, with <i>italics</i> and <a href=\"https:&#x2F;&#x2F;news.ycombinator.com&#x2F;item?id=1\" rel=\"nofollow\">a link</a>.<p><pre><code>  code\n    indented\n</code></pre>";
    assert_eq!(
        parse(src),
        vec![
            para("It's first."),
            p(vec![t("Second, with "), Inline::Emphasis(vec![t("italics")]), t(" and "), link("https://news.ycombinator.com/item?id=1", vec![t("a link")]), t(".")]),
            Block::Code { lang: None, text: "  code\n    indented\n".into() },
        ]
    );
}

#[test]
fn reddit_md_div_and_comments() {
    let src = "<!-- SC_OFF --><div class=\"md\"><p>Hello <strong>world</strong></p>\n\n<blockquote>\n<p>q</p>\n</blockquote>\n</div><!-- SC_ON -->";
    assert_eq!(
        parse(src),
        vec![p(vec![t("Hello "), Inline::Strong(vec![t("world")])]), Block::Quote(Quote { name: None, post: None, body: vec![para("q")] })]
    );
}
