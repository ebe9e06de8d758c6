//! The vBulletin BBCode parser: behaviour, URL policy, and hostile input.
//!
//! Security-relevant tests are named after the attack they stop.

use thread_widget::markup::bbcode::parse;
use thread_widget::markup::{Align, Block, Body, Color, Inline, Quote, MAX_DEPTH};
use thread_widget::url::sanitize;

fn t(s: &str) -> Inline {
    Inline::Text(s.to_owned())
}

fn p(inlines: Vec<Inline>) -> Block {
    Block::Paragraph(inlines)
}

fn link(url: &str, content: Vec<Inline>) -> Inline {
    Inline::Link {
        url: sanitize(url).expect("test URL passes the policy"),
        content,
    }
}

fn quote(name: Option<&str>, post: Option<&str>, body: Vec<Block>) -> Block {
    Block::Quote(Quote {
        name: name.map(Into::into),
        post: post.map(Into::into),
        body,
    })
}

/// The whole body as one paragraph of one text node.
fn literal(source: &str) -> Body {
    vec![p(vec![t(source)])]
}

/// The text of a body's paragraphs, links included.
fn text_of(body: &Body) -> String {
    fn inl(out: &mut String, i: &[Inline]) {
        for x in i {
            match x {
                Inline::Text(s) => out.push_str(s),
                Inline::Strong(c) | Inline::Emphasis(c) | Inline::Underline(c) | Inline::Strike(c) => inl(out, c),
                Inline::Link { content, .. } | Inline::Color { content, .. } | Inline::Size { content, .. } => {
                    inl(out, content)
                }
                _ => {}
            }
        }
    }
    let mut out = String::new();
    for b in body {
        if let Block::Paragraph(i) = b {
            inl(&mut out, i);
        }
    }
    out
}

/// Every link and image address in a body's paragraphs.
fn urls_of(body: &Body) -> Vec<String> {
    fn inl(out: &mut Vec<String>, i: &[Inline]) {
        for x in i {
            match x {
                Inline::Link { url, content } => {
                    out.push(url.as_str().to_owned());
                    inl(out, content);
                }
                Inline::Image { url, .. } => out.push(url.as_str().to_owned()),
                Inline::Strong(c) | Inline::Emphasis(c) | Inline::Underline(c) | Inline::Strike(c) => inl(out, c),
                Inline::Color { content, .. } | Inline::Size { content, .. } => inl(out, content),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for b in body {
        if let Block::Paragraph(i) = b {
            inl(&mut out, i);
        }
    }
    out
}

enum Node<'a> {
    Block(&'a Block),
    Inline(&'a Inline, bool),
}

/// Walks a body without recursion and returns its deepest nesting; also
/// checks that no link holds a link.
fn depth_and_links(body: &Body) -> usize {
    let mut stack: Vec<(Node<'_>, usize)> = body.iter().map(|b| (Node::Block(b), 1)).collect();
    let mut deepest = 0;
    while let Some((node, d)) = stack.pop() {
        deepest = deepest.max(d);
        match node {
            Node::Block(b) => match b {
                Block::Paragraph(c) | Block::Heading { content: c, .. } => {
                    stack.extend(c.iter().map(|i| (Node::Inline(i, false), d + 1)))
                }
                Block::Quote(q) => stack.extend(q.body.iter().map(|b| (Node::Block(b), d + 1))),
                Block::List { items, .. } => stack.extend(items.iter().flatten().map(|b| (Node::Block(b), d + 2))),
                Block::Aligned { blocks, .. } | Block::Indent(blocks) => {
                    stack.extend(blocks.iter().map(|b| (Node::Block(b), d + 1)))
                }
                _ => {}
            },
            Node::Inline(i, in_link) => {
                let (content, in_link) = match i {
                    Inline::Link { content, .. } => {
                        assert!(!in_link, "a link inside a link");
                        (content, true)
                    }
                    Inline::Strong(c) | Inline::Emphasis(c) | Inline::Underline(c) | Inline::Strike(c) => (c, in_link),
                    Inline::Color { content, .. } | Inline::Size { content, .. } => (content, in_link),
                    _ => continue,
                };
                stack.extend(content.iter().map(|i| (Node::Inline(i, in_link), d + 1)));
            }
        }
    }
    deepest
}

// --- Inline styles -------------------------------------------------------

#[test]
fn bold_italic_underline_strike() {
    assert_eq!(
        parse("[b]b[/b] [i]i[/i] [u]u[/u] [s]s[/s]"),
        vec![p(vec![
            Inline::Strong(vec![t("b")]),
            t(" "),
            Inline::Emphasis(vec![t("i")]),
            t(" "),
            Inline::Underline(vec![t("u")]),
            t(" "),
            Inline::Strike(vec![t("s")]),
        ])]
    );
}

#[test]
fn tags_are_case_insensitive() {
    assert_eq!(
        parse("[B]x[/b][I]y[/I]"),
        vec![p(vec![Inline::Strong(vec![t("x")]), Inline::Emphasis(vec![t("y")])])]
    );
}

#[test]
fn nested_inline_styles() {
    assert_eq!(
        parse("[b]a[i]b[/i]c[/b]"),
        vec![p(vec![Inline::Strong(vec![
            t("a"),
            Inline::Emphasis(vec![t("b")]),
            t("c")
        ])])]
    );
}

#[test]
fn misnested_inline_tags_are_repaired() {
    assert_eq!(
        parse("[i][b]x[/i]y[/b]"),
        vec![p(vec![
            Inline::Emphasis(vec![Inline::Strong(vec![t("x")])]),
            Inline::Strong(vec![t("y")])
        ])]
    );
}

#[test]
fn unknown_tags_are_text() {
    assert_eq!(parse("This is [foo]a tag[/foo]."), literal("This is [foo]a tag[/foo]."));
    assert_eq!(
        parse("[] [/] [/  ] [b [=x] [b=1]x[/b]"),
        literal("[] [/] [/  ] [b [=x] [b=1]x[/b]")
    );
}

#[test]
fn unbalanced_open_tag_is_text() {
    assert_eq!(parse("[b]never closed"), literal("[b]never closed"));
    assert_eq!(parse("[quote]never closed"), literal("[quote]never closed"));
}

#[test]
fn stray_close_tag_is_text() {
    assert_eq!(parse("closed[/i] never opened"), literal("closed[/i] never opened"));
    assert_eq!(
        parse("[b]Mismatched[/i] tags[/b]"),
        vec![p(vec![Inline::Strong(vec![t("Mismatched[/i] tags")])])]
    );
}

#[test]
fn empty_spans_vanish() {
    assert_eq!(parse("a[b][/b]b"), literal("ab"));
}

#[test]
fn font_tag_keeps_its_text() {
    assert_eq!(parse("[font=Times New Roman]x[/font]"), literal("x"));
}

// --- Blocks inside inlines ------------------------------------------------

#[test]
fn bold_around_quote_is_split_around_the_block() {
    assert_eq!(
        parse("[b]x[quote]y[/quote]z[/b]"),
        vec![
            p(vec![Inline::Strong(vec![t("x")])]),
            quote(None, None, vec![p(vec![Inline::Strong(vec![t("y")])])]),
            p(vec![Inline::Strong(vec![t("z")])]),
        ]
    );
}

#[test]
fn span_closed_inside_a_block_stays_closed_after_it() {
    assert_eq!(
        parse("[b]x[quote]y[/b]z[/quote]w"),
        vec![
            p(vec![Inline::Strong(vec![t("x")])]),
            quote(None, None, vec![p(vec![Inline::Strong(vec![t("y")]), t("z")])]),
            p(vec![t("w")]),
        ]
    );
}

#[test]
fn color_around_list_is_reopened_in_each_item() {
    let blue = |s: &str| {
        p(vec![Inline::Color {
            color: Color::Blue,
            content: vec![t(s)],
        }])
    };
    assert_eq!(
        parse("[color=#0000FF][list][*]one\n[*]two[/list][/color]"),
        vec![Block::List {
            ordered: false,
            start: None,
            items: vec![vec![blue("one")], vec![blue("two")]]
        }]
    );
}

// --- Quotes -----------------------------------------------------------------

#[test]
fn quote_with_name_and_post_id() {
    assert_eq!(
        parse("[QUOTE=Grumpy John;4]A leopard...[/QUOTE]"),
        vec![quote(Some("Grumpy John"), Some("4"), vec![p(vec![t("A leopard...")])])]
    );
}

#[test]
fn quote_with_quoted_name() {
    assert_eq!(
        parse("[quote=\"Grumpy John\"]x[/quote]"),
        vec![quote(Some("Grumpy John"), None, vec![p(vec![t("x")])])]
    );
    assert_eq!(
        parse("[quote='Ann;12']x[/quote]"),
        vec![quote(Some("Ann"), Some("12"), vec![p(vec![t("x")])])]
    );
}

#[test]
fn quote_without_name() {
    assert_eq!(
        parse("[quote]x[/quote]"),
        vec![quote(None, None, vec![p(vec![t("x")])])]
    );
    assert_eq!(
        parse("[quote=]x[/quote]"),
        vec![quote(None, None, vec![p(vec![t("x")])])]
    );
}

#[test]
fn nested_quotes() {
    assert_eq!(
        parse("[quote=A]\n[quote=B;2]inner[/quote]\nouter\n[/quote]"),
        vec![quote(
            Some("A"),
            None,
            vec![
                quote(Some("B"), Some("2"), vec![p(vec![t("inner")])]),
                p(vec![t("outer")])
            ]
        )]
    );
}

#[test]
fn quote_post_id_that_is_not_a_number_is_part_of_the_name() {
    assert_eq!(
        parse("[quote=x;4\" onclick=\"alert(1)]y[/quote]"),
        vec![quote(Some("x;4\" onclick=\"alert(1)"), None, vec![p(vec![t("y")])])]
    );
}

// --- Newlines and paragraphs ------------------------------------------------

#[test]
fn blank_line_is_a_paragraph_break_and_newline_a_line_break() {
    assert_eq!(
        parse("a\r\nb\n  \n\nc"),
        vec![p(vec![t("a"), Inline::LineBreak, t("b")]), p(vec![t("c")])]
    );
}

#[test]
fn block_tags_break_paragraphs_without_extra_line_breaks() {
    assert_eq!(
        parse("before\n[quote]\ninside\n[/quote]\nafter"),
        vec![
            p(vec![t("before")]),
            quote(None, None, vec![p(vec![t("inside")])]),
            p(vec![t("after")])
        ]
    );
    assert_eq!(
        parse("a[center]b[/center]c"),
        vec![
            p(vec![t("a")]),
            Block::Aligned {
                align: Align::Center,
                blocks: vec![p(vec![t("b")])]
            },
            p(vec![t("c")])
        ]
    );
}

#[test]
fn paragraph_inside_bold_keeps_bold() {
    assert_eq!(
        parse("[b]one\n\ntwo[/b]"),
        vec![
            p(vec![Inline::Strong(vec![t("one")])]),
            p(vec![Inline::Strong(vec![t("two")])])
        ]
    );
}

#[test]
fn leading_and_trailing_blank_paragraphs_are_dropped() {
    assert_eq!(parse("\n\n  \n[b] [/b]\nx  \n\n \n"), literal("x"));
    assert!(parse("").is_empty());
    assert!(parse(" \n\n\t").is_empty());
}

// --- Links and images ---------------------------------------------------------

#[test]
fn url_tag_uses_its_content_as_address() {
    assert_eq!(
        parse("[url]http://example.org/?tourney[id]=34&x=y[/url]"),
        vec![p(vec![link(
            "http://example.org/?tourney[id]=34&x=y",
            vec![t("http://example.org/?tourney[id]=34&x=y")]
        )])]
    );
}

#[test]
fn url_tag_with_argument() {
    assert_eq!(
        parse("[URL=\"https://example.org/\"]x[/URL] [url=https://example.org/]a [b]b[/b][/url]"),
        vec![p(vec![
            link("https://example.org/", vec![t("x")]),
            t(" "),
            link("https://example.org/", vec![t("a "), Inline::Strong(vec![t("b")])]),
        ])]
    );
}

#[test]
fn www_address_links_to_https() {
    assert_eq!(
        parse("[url=www.example.org]x[/url]"),
        vec![p(vec![link("https://www.example.org", vec![t("x")])])]
    );
    assert_eq!(
        parse("[url]www.example.org[/url]"),
        vec![p(vec![link("https://www.example.org", vec![t("www.example.org")])])]
    );
}

#[test]
fn relative_url_is_kept() {
    assert_eq!(
        parse("[url=/thread/4]x[/url]"),
        vec![p(vec![link("/thread/4", vec![t("x")])])]
    );
}

#[test]
fn email_tags() {
    assert_eq!(
        parse("[email]a@example.org[/email] [email=b@example.org]Bee[/email]"),
        vec![p(vec![
            link("mailto:a@example.org", vec![t("a@example.org")]),
            t(" "),
            link("mailto:b@example.org", vec![t("Bee")]),
        ])]
    );
}

#[test]
fn img_tag() {
    assert_eq!(
        parse("[IMG]https://example.org/a.png[/IMG]"),
        vec![p(vec![Inline::Image {
            url: sanitize("https://example.org/a.png").unwrap(),
            alt: String::new()
        }])]
    );
}

#[test]
fn linked_image() {
    let img = sanitize("//example.org/img.png").unwrap();
    assert_eq!(
        parse("[url=//example.org/][img]//example.org/img.png[/img][/url]"),
        vec![p(vec![link(
            "//example.org/",
            vec![Inline::Image {
                url: img.clone(),
                alt: String::new()
            }]
        )])]
    );
    assert_eq!(
        parse("[url][img]//example.org/img.png[/img][/url]"),
        vec![p(vec![Inline::Link {
            url: img.clone(),
            content: vec![Inline::Image {
                url: img,
                alt: String::new()
            }]
        }])]
    );
}

#[test]
fn bare_urls_are_autolinked_but_not_in_url_tags_or_code() {
    assert_eq!(
        parse("see http://a.example/x, [b]www.b.example[/b]."),
        vec![p(vec![
            t("see "),
            link("http://a.example/x", vec![t("http://a.example/x")]),
            t(", "),
            Inline::Strong(vec![link("https://www.b.example", vec![t("www.b.example")])]),
            t("."),
        ])]
    );
    assert_eq!(
        parse("[url=http://a.example]http://b.example[/url]"),
        vec![p(vec![link("http://a.example", vec![t("http://b.example")])])]
    );
    assert_eq!(
        parse("[code]http://a.example[/code]"),
        vec![Block::Code {
            lang: None,
            text: "http://a.example".into()
        }]
    );
}

#[test]
fn unclosed_url_tag_is_text_with_its_address_autolinked() {
    assert_eq!(
        parse("[url=http://example.org]..."),
        vec![p(vec![
            t("[url="),
            link("http://example.org", vec![t("http://example.org")]),
            t("]...")
        ])]
    );
}

// --- Code and noparse -----------------------------------------------------------

#[test]
fn code_content_is_literal() {
    assert_eq!(
        parse("Not code.[code]\n  A [b]and[/b] & <woo>!\n\tx[/code]Also not code."),
        vec![
            p(vec![t("Not code.")]),
            Block::Code {
                lang: None,
                text: "  A [b]and[/b] & <woo>!\n\tx".into()
            },
            p(vec![t("Also not code.")]),
        ]
    );
}

#[test]
fn php_and_html_tags_are_code_with_a_language() {
    assert_eq!(
        parse("[php]echo 1;[/php]"),
        vec![Block::Code {
            lang: Some("php".into()),
            text: "echo 1;".into()
        }]
    );
    assert_eq!(
        parse("[HTML]<b>[/HTML]"),
        vec![Block::Code {
            lang: Some("html".into()),
            text: "<b>".into()
        }]
    );
}

#[test]
fn noparse_content_is_literal_and_not_autolinked() {
    assert_eq!(
        parse("[noparse][b]x[/b] http://a.example[/noparse]"),
        literal("[b]x[/b] http://a.example")
    );
}

#[test]
fn unclosed_code_is_text() {
    assert_eq!(parse("[code]x"), literal("[code]x"));
}

// --- Lists -----------------------------------------------------------------------

#[test]
fn unordered_list_items_are_trimmed() {
    assert_eq!(
        parse("[list]\n\n\t[*] One Box\n\n\t[*] Two Boxes  \n[*]\n Three\n[/list]"),
        vec![Block::List {
            ordered: false,
            start: None,
            items: vec![
                vec![p(vec![t("One Box")])],
                vec![p(vec![t("Two Boxes")])],
                vec![p(vec![t("Three")])]
            ],
        }]
    );
}

#[test]
fn ordered_lists() {
    let items = || vec![vec![p(vec![t("a")])]];
    assert_eq!(
        parse("[list=1][*]a[/list]"),
        vec![Block::List {
            ordered: true,
            start: None,
            items: items()
        }]
    );
    assert_eq!(
        parse("[list=a][*]a[/list]"),
        vec![Block::List {
            ordered: true,
            start: None,
            items: items()
        }]
    );
    assert_eq!(
        parse("[LIST=I][*]a[/LIST]"),
        vec![Block::List {
            ordered: true,
            start: None,
            items: items()
        }]
    );
    assert_eq!(
        parse("[list=5][*]a[/list]"),
        vec![Block::List {
            ordered: true,
            start: Some(5),
            items: items()
        }]
    );
    assert_eq!(
        parse("[list=circle][*]a[/list]"),
        vec![Block::List {
            ordered: false,
            start: None,
            items: items()
        }]
    );
}

#[test]
fn nested_lists() {
    assert_eq!(
        parse("[list][list=a][*]a[*]b[/list][*]outer[/list]"),
        vec![Block::List {
            ordered: false,
            start: None,
            items: vec![
                vec![Block::List {
                    ordered: true,
                    start: None,
                    items: vec![vec![p(vec![t("a")])], vec![p(vec![t("b")])]]
                }],
                vec![p(vec![t("outer")])],
            ],
        }]
    );
}

#[test]
fn star_outside_a_list_is_text() {
    assert_eq!(parse("[*] not an item"), literal("[*] not an item"));
}

// --- Colour, size, alignment ---------------------------------------------------------

#[test]
fn colors_map_to_the_palette() {
    let c = |color| {
        vec![p(vec![Inline::Color {
            color,
            content: vec![t("x")],
        }])]
    };
    assert_eq!(parse("[color=red]x[/color]"), c(Color::Red));
    assert_eq!(parse("[COLOR=#f00]x[/COLOR]"), c(Color::Red));
    assert_eq!(parse("[color=#ff0000]x[/color]"), c(Color::Red));
    assert_eq!(parse("[color=\"blue\"]x[/color]"), c(Color::Blue));
    assert_eq!(parse("[color=DarkOrange]x[/color]"), c(Color::Orange));
    assert_eq!(parse("[color=#fe0102]x[/color]"), c(Color::Red));
}

#[test]
fn invalid_color_is_text() {
    assert_eq!(parse("[color=gronk]x[/color]"), literal("[color=gronk]x[/color]"));
}

#[test]
fn sizes_use_the_vbulletin_scale() {
    let s = |size| {
        vec![p(vec![Inline::Size {
            size,
            content: vec![t("x")],
        }])]
    };
    assert_eq!(parse("[size=1]x[/size]"), s(1));
    assert_eq!(parse("[SIZE=7]x[/SIZE]"), s(7));
    assert_eq!(parse("[size=+2]x[/size]"), s(5));
    assert_eq!(parse("[size=-1]x[/size]"), s(2));
    assert_eq!(parse("[size = 4  ]x[/size ]"), s(4));
    assert_eq!(parse("[size=32px]x[/size]"), s(6));
    assert_eq!(parse("[size=10pt]x[/size]"), s(2));
}

#[test]
fn invalid_size_is_text() {
    assert_eq!(parse("[size=blah]x[/size]"), literal("[size=blah]x[/size]"));
    assert_eq!(parse("[size=9]x[/size]"), literal("[size=9]x[/size]"));
}

#[test]
fn alignment_and_indent() {
    assert_eq!(
        parse("[left]l[/left][RIGHT]r[/RIGHT][indent]i[/indent][INDENT=1]j[/INDENT]"),
        vec![
            Block::Aligned {
                align: Align::Left,
                blocks: vec![p(vec![t("l")])]
            },
            Block::Aligned {
                align: Align::Right,
                blocks: vec![p(vec![t("r")])]
            },
            Block::Indent(vec![p(vec![t("i")])]),
            Block::Indent(vec![p(vec![t("j")])]),
        ]
    );
}

#[test]
fn crossed_block_tags_close_the_inner_block() {
    assert_eq!(
        parse("[quote][center]x[/quote]y[/center]"),
        vec![
            quote(
                None,
                None,
                vec![Block::Aligned {
                    align: Align::Center,
                    blocks: vec![p(vec![t("x")])]
                }]
            ),
            p(vec![t("y")]),
        ]
    );
}

// --- Attacks: the URL policy ------------------------------------------------------------

#[test]
fn javascript_url_in_url_tag_is_text() {
    assert_eq!(
        parse("[url=javascript:alert(1)]x[/url]"),
        literal("[url=javascript:alert(1)]x[/url]")
    );
    assert_eq!(
        parse("[URL=\"JaVaScRiPt:alert(1)\"]x[/URL]"),
        literal("[URL=\"JaVaScRiPt:alert(1)\"]x[/URL]")
    );
}

#[test]
fn javascript_url_in_url_content_is_text() {
    assert_eq!(
        parse("[url]javascript:alert(1)[/url]"),
        literal("[url]javascript:alert(1)[/url]")
    );
}

#[test]
fn javascript_url_hidden_by_tab_or_entity_is_text() {
    assert_eq!(
        parse("[url=java\tscript:alert(1)]x[/url]"),
        literal("[url=java\tscript:alert(1)]x[/url]")
    );
    assert_eq!(
        parse("[url=&#106;avascript:alert(1)]x[/url]"),
        literal("[url=&#106;avascript:alert(1)]x[/url]")
    );
    assert_eq!(
        parse("[url=%6Aavascript:alert(1)]x[/url]"),
        literal("[url=%6Aavascript:alert(1)]x[/url]")
    );
}

#[test]
fn javascript_url_in_img_tag_is_text() {
    assert_eq!(
        parse("[img]javascript:alert(1)[/img]"),
        literal("[img]javascript:alert(1)[/img]")
    );
}

#[test]
fn data_url_in_img_tag_is_text() {
    let src = "[img]data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+[/img]";
    assert_eq!(parse(src), literal(src));
}

#[test]
fn vbscript_and_unknown_scheme_urls_are_text() {
    assert_eq!(
        parse("[url=vbscript:msgbox(1)]x[/url]"),
        literal("[url=vbscript:msgbox(1)]x[/url]")
    );
    assert_eq!(
        parse("[url=flooble:blarble]x[/url]"),
        literal("[url=flooble:blarble]x[/url]")
    );
}

#[test]
fn mailto_as_image_source_is_text() {
    assert_eq!(
        parse("[img]mailto:a@example.org[/img]"),
        literal("[img]mailto:a@example.org[/img]")
    );
}

#[test]
fn javascript_in_email_tag_is_text() {
    assert_eq!(
        parse("[email=javascript:alert(1)]x[/email]"),
        literal("[email=javascript:alert(1)]x[/email]")
    );
    assert_eq!(
        parse("[email]jo\"hn@@@exa:mple.com[/email]"),
        literal("[email]jo\"hn@@@exa:mple.com[/email]")
    );
}

#[test]
fn attribute_breakout_in_url_tag_is_text() {
    for src in [
        "[url=http://a.example/\"onmouseover=\"alert(1)]x[/url]",
        "[url=\"http://a.example/ onmouseover=alert(1)\"]x[/url]",
        "[img]http://a.example/x.png\" onerror=\"alert(1)[/img]",
    ] {
        let body = parse(src);
        // The tag stays text (its address may be linked on its own).
        assert_eq!(text_of(&body), src);
        for url in urls_of(&body) {
            assert!(!url.contains(['"', ' ']), "{url}");
        }
    }
}

#[test]
fn markup_in_relative_url_content_is_text() {
    assert_eq!(
        parse("[url][b]x[/b][/url]"),
        vec![p(vec![t("[url]"), Inline::Strong(vec![t("x")]), t("[/url]")])]
    );
}

#[test]
fn html_in_bbcode_is_text() {
    assert_eq!(parse("<script>alert(1)</script>"), literal("<script>alert(1)</script>"));
    assert_eq!(
        parse("[b]<img src=x onerror=alert(1)>[/b]"),
        vec![p(vec![Inline::Strong(vec![t("<img src=x onerror=alert(1)>")])])]
    );
}

#[test]
fn css_injection_in_color_and_size_is_text() {
    assert_eq!(
        parse("[color=red;background:url(x)]x[/color]"),
        literal("[color=red;background:url(x)]x[/color]")
    );
    assert_eq!(
        parse("[size=7;position:fixed]x[/size]"),
        literal("[size=7;position:fixed]x[/size]")
    );
}

#[test]
fn link_inside_link_is_text() {
    let body = parse("[url=http://a.example]x [url=http://b.example]y[/url] z[/url]");
    assert_eq!(
        body,
        vec![p(vec![link(
            "http://a.example",
            vec![t("x [url=http://b.example]y[/url] z")]
        )])]
    );
    let body = parse("[url=http://a.example]x [url]http://b.example[/url] www.c.example[/url]");
    assert_eq!(
        body,
        vec![p(vec![link(
            "http://a.example",
            vec![t("x [url]http://b.example[/url] www.c.example")]
        )])]
    );
    depth_and_links(&body);
}

#[test]
fn link_around_a_quote_does_not_nest_links() {
    let body = parse("[url=http://a.example]a[quote]b [url=http://b.example]c[/url][/quote]d[/url]");
    depth_and_links(&body);
    assert_eq!(body.len(), 3);
}

// --- Attacks: depth and size ---------------------------------------------------------------

#[test]
fn deeply_nested_quotes_are_cut() {
    let n = 10_000;
    let src = "[quote]x".repeat(n) + &"[/quote]".repeat(n) + "after";
    let body = parse(&src);
    assert!(
        depth_and_links(&body) <= MAX_DEPTH + 2,
        "depth {}",
        depth_and_links(&body)
    );
    // Quotes nest MAX_DEPTH deep; the innermost ends with the notice, once.
    let mut blocks = &body;
    let mut quotes = 0;
    while let Some(q) = blocks
        .iter()
        .find_map(|b| if let Block::Quote(q) = b { Some(q) } else { None })
    {
        quotes += 1;
        blocks = &q.body;
    }
    assert_eq!(
        blocks.iter().filter(|b| matches!(b, Block::Truncated)).count(),
        1,
        "{blocks:?}"
    );
    assert_eq!(quotes, MAX_DEPTH);
    assert_eq!(body.last(), Some(&p(vec![t("after")])));
}

#[test]
fn deeply_nested_bold_is_flattened() {
    let n = 100_000;
    let src = "[b]".repeat(n) + "deep" + &"[/b]".repeat(n) + " plain";
    let body = parse(&src);
    assert!(depth_and_links(&body) <= MAX_DEPTH + 2);
    let Block::Paragraph(inl) = &body[0] else {
        panic!("{body:?}")
    };
    assert_eq!(inl.last(), Some(&t(" plain")));
}

#[test]
fn deeply_nested_mixed_blocks_are_cut() {
    let n = 5_000;
    let src = "[list][*][center][indent][quote=a;1]".repeat(n) + "x" + &"[/quote][/indent][/center][/list]".repeat(n);
    let body = parse(&src);
    assert!(depth_and_links(&body) <= 2 * MAX_DEPTH + 2);
}

#[test]
fn spans_closed_inside_a_cut_block_do_not_leak() {
    let src = "[b]".to_owned() + &"[quote]".repeat(40) + "[/b]" + &"[/quote]".repeat(40) + "after";
    let body = parse(&src);
    assert_eq!(body.last(), Some(&p(vec![t("after")])));
}

#[test]
fn unclosed_url_tags_do_not_take_quadratic_time() {
    // 50,000 attempts over 400 KB: a quadratic scan would take minutes.
    let src = "[url=".repeat(50_000) + "http://a.example]x";
    let body = parse(&src);
    assert_eq!(body.len(), 1);
    let src = "[url=http://a.example/]".repeat(50_000);
    assert_eq!(parse(&src).len(), 1);
    let src = "[url=\"".repeat(50_000) + "\"]";
    assert_eq!(parse(&src), literal(&src));
}

#[test]
fn unclosed_bold_tags_do_not_take_quadratic_time() {
    let src = "[b]".repeat(100_000) + &"[/i]".repeat(100_000);
    assert_eq!(parse(&src), literal(&src));
}

#[test]
fn repeated_verbatim_tags_do_not_take_quadratic_time() {
    for tag in ["url", "img", "email", "code", "noparse"] {
        let src = format!("[{tag}]").repeat(50_000) + "x";
        assert_eq!(parse(&src), literal(&src), "{tag}");
        let src = format!("[{tag}]").repeat(50_000) + &format!("[/{tag}]");
        assert!(!parse(&src).is_empty(), "{tag}");
    }
    let src = "[url]".repeat(30_000) + &"[img]".repeat(30_000) + "[/img]" + &"[/url]".repeat(3);
    assert!(!parse(&src).is_empty());
}

#[test]
fn many_quotes_with_carried_spans_stay_linear() {
    let src = "[b][i][u][s]".repeat(8) + &"[quote]x[/quote]".repeat(10_000) + &"[/s][/u][/i][/b]".repeat(8);
    let body = parse(&src);
    assert_eq!(body.len(), 10_000);
}

#[test]
fn megabyte_body_parses() {
    let chunk = "[quote=Grumpy John;4]Some [b]bold[/b] and http://example.org/x?y=1 text.\n[list][*]one[*]two[/list][/quote]\n\n";
    let src = chunk.repeat(1_000_000 / chunk.len() + 1);
    let body = parse(&src);
    assert!(body.len() > 5_000);
}

#[test]
fn odd_input_never_panics() {
    let pieces = [
        "[",
        "]",
        "[/",
        "[*",
        "[*]",
        "[url=",
        "[url=\"",
        "\"",
        "'",
        "=",
        "[quote=",
        ";",
        "\n",
        "\n\n",
        "é",
        "🦀",
        "\u{0}",
        "[b]",
        "[/b]",
        "[quote]",
        "[/quote]",
        "[list]",
        "[/list]",
        "[code]",
        "[/code]",
        "[url]",
        "[/url]",
        "[img]",
        "[/img]",
        "[noparse]",
        "[/noparse]",
        "http://",
        "www.",
        "x",
        " ",
        "\t",
        "[color=red]",
        "[/color]",
        "[size=+9]",
        "[center]",
        "[/center]",
        "[email]",
        "[/email]",
        "a@b.c",
        "[url=http://a.example]",
    ];
    // A deterministic walk through many combinations.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..3_000 {
        let mut src = String::new();
        for _ in 0..(seed % 24) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            src.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let body = parse(&src);
        depth_and_links(&body);
    }
}

#[test]
fn seed_thread_reply_quotes_grumpy_john() {
    let src = "[QUOTE=Grumpy John;4]A leopard cannot change it's spots. Do ordinary Russian people think \
their government is as dodgy as we in the West do?[/QUOTE]\r\nYes, but if they say so they are likely to be beaten, \
jailed or killed.\r\n";
    let body = parse(src);
    assert_eq!(body.len(), 2);
    let Block::Quote(q) = &body[0] else { panic!("{body:?}") };
    assert_eq!((q.name.as_deref(), q.post.as_deref()), (Some("Grumpy John"), Some("4")));
    assert_eq!(
        body[1],
        p(vec![t(
            "Yes, but if they say so they are likely to be beaten, jailed or killed."
        )])
    );
}
