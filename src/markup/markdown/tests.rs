//! Unit tests of markup/markdown.rs.

use super::*;

fn text(s: &str) -> Inline {
    Inline::Text(s.to_owned())
}

fn para(s: &str) -> Block {
    Block::Paragraph(vec![text(s)])
}

/// Nesting depth of a body, measured without recursion.
fn depth(body: &[Block]) -> usize {
    enum Item<'a> {
        B(&'a Block),
        I(&'a Inline),
    }
    let mut max = 0;
    let mut todo: Vec<(Item<'_>, usize)> = body.iter().map(|b| (Item::B(b), 1)).collect();
    while let Some((item, d)) = todo.pop() {
        max = max.max(d);
        match item {
            Item::B(b) => match b {
                Block::Paragraph(c) | Block::Heading { content: c, .. } => {
                    todo.extend(c.iter().map(|i| (Item::I(i), d + 1)))
                }
                Block::Quote(q) => todo.extend(q.body.iter().map(|b| (Item::B(b), d + 1))),
                Block::List { items, .. } => {
                    todo.extend(items.iter().flatten().map(|b| (Item::B(b), d + 1)))
                }
                Block::Aligned { blocks, .. } | Block::Indent(blocks) => {
                    todo.extend(blocks.iter().map(|b| (Item::B(b), d + 1)))
                }
                _ => {}
            },
            Item::I(i) => match i {
                Inline::Strong(c)
                | Inline::Emphasis(c)
                | Inline::Underline(c)
                | Inline::Strike(c)
                | Inline::Link { content: c, .. }
                | Inline::Color { content: c, .. }
                | Inline::Size { content: c, .. } => {
                    todo.extend(c.iter().map(|i| (Item::I(i), d + 1)))
                }
                _ => {}
            },
        }
    }
    max
}

fn count_truncated(body: &[Block]) -> usize {
    let mut n = 0;
    let mut todo: Vec<&Block> = body.iter().collect();
    while let Some(b) = todo.pop() {
        match b {
            Block::Truncated => n += 1,
            Block::Quote(q) => todo.extend(&q.body),
            Block::List { items, .. } => todo.extend(items.iter().flatten()),
            _ => {}
        }
    }
    n
}

/// Named references are looked up in our one table (src/markup/entities/,
/// handed to the patched pulldown-cmark): first, last, long and astral
/// names expand; an unknown name, an escaped `&` and a code span do not.
#[test]
fn named_references_from_our_table() {
    let body = parse("&AElig; &zwnj; &frac34; &HilbertSpace; &CounterClockwiseContourIntegral; &Afr; &nosuch; \\&amp; `&amp;`");
    let Some(Block::Paragraph(inlines)) = body.first() else { panic!("{body:?}") };
    let mut seen = String::new();
    for i in inlines {
        match i {
            Inline::Text(s) => seen.push_str(s),
            Inline::Code(s) => {
                seen.push('|');
                seen.push_str(s);
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(seen, "Æ \u{200c} ¾ ℋ ∳ \u{1d504} &nosuch; &amp; |&amp;");
}

#[test]
fn paragraphs_emphasis_and_breaks() {
    assert_eq!(
        parse("a **b**\nc  \nd\n\ne"),
        vec![
            Block::Paragraph(vec![
                text("a "),
                Inline::Strong(vec![text("b")]),
                text("\nc"),
                Inline::LineBreak,
                text("d"),
            ]),
            para("e"),
        ]
    );
}

#[test]
fn headings_code_rules_and_strike() {
    assert_eq!(
        parse("## Title\n\n```rust extra\nfn x() {}\n```\n\n---\n\n~~gone~~ `c`"),
        vec![
            Block::Heading { level: 2, content: vec![text("Title")] },
            Block::Code { lang: Some("rust".into()), text: "fn x() {}\n".into() },
            Block::Rule,
            Block::Paragraph(vec![Inline::Strike(vec![text("gone")]), text(" "), Inline::Code("c".into())]),
        ]
    );
}

#[test]
fn tight_list_items_get_paragraphs() {
    assert_eq!(
        parse("3. a\n4. b\n   - c"),
        vec![Block::List {
            ordered: true,
            start: Some(3),
            items: vec![
                vec![para("a")],
                vec![
                    para("b"),
                    Block::List { ordered: false, start: None, items: vec![vec![para("c")]] },
                ],
            ],
        }]
    );
}

#[test]
fn tables_keep_alignment() {
    assert_eq!(
        parse("| a | b |\n|:--|--:|\n| 1 | 2 |"),
        vec![Block::Table {
            align: vec![Align::Left, Align::Right],
            head: vec![vec![text("a")], vec![text("b")]],
            rows: vec![vec![vec![text("1")], vec![text("2")]]],
        }]
    );
}

#[test]
fn raw_html_block_is_shown_as_text() {
    assert_eq!(
        parse("<div onclick=\"x()\">\n<script>alert(1)</script>\n</div>"),
        vec![Block::Paragraph(vec![
            text("<div onclick=\"x()\">"),
            Inline::LineBreak,
            text("<script>alert(1)</script>"),
            Inline::LineBreak,
            text("</div>"),
        ])]
    );
}

#[test]
fn inline_html_is_shown_as_text() {
    assert_eq!(
        parse("a <img src=x onerror=alert(1)> b"),
        vec![para("a <img src=x onerror=alert(1)> b")]
    );
}

#[test]
fn remove_js_link() {
    assert_eq!(parse("[click](javascript:alert(1))"), vec![para("click")]);
    assert_eq!(parse("<javascript:alert(1)>"), vec![para("javascript:alert(1)")]);
    assert_eq!(parse("<javascript:alert(1)@x.example>"), vec![para("javascript:alert(1)@x.example")]);
    assert_eq!(parse("[x]: javascript:alert(1)\n\n[click][x]"), vec![para("click")]);
}

#[test]
fn remove_entity_link() {
    assert_eq!(parse("[click](&#106;avascript:alert(1))"), vec![para("click")]);
    assert_eq!(parse("[click](java&#x09;script:alert(1))"), vec![para("click")]);
}

#[test]
fn remove_data_image_keeps_alt_text() {
    assert_eq!(parse("![a cat](data:image/png;base64,AAAA)"), vec![para("a cat")]);
}

#[test]
fn safe_links_and_images_pass() {
    let body = parse("[a](https://a.example/) ![b *c*](/x.png \"t\")");
    let Block::Paragraph(content) = &body[0] else { panic!("{body:?}") };
    assert!(matches!(&content[0], Inline::Link { url, .. } if url.as_str() == "https://a.example/"));
    assert!(matches!(&content[2], Inline::Image { url, alt } if url.as_str() == "/x.png" && alt == "b c"));
}

#[test]
fn bare_urls_and_emails_become_links() {
    let body = parse("see www.example.com/a, or (http://x.example/q?(1)) and me@mail.example.");
    let Block::Paragraph(content) = &body[0] else { panic!("{body:?}") };
    let links: Vec<(&str, &Vec<Inline>)> = content
        .iter()
        .filter_map(|i| match i {
            Inline::Link { url, content } => Some((url.as_str(), content)),
            _ => None,
        })
        .collect();
    assert_eq!(links.len(), 3, "{content:?}");
    assert_eq!(links[0].0, "https://www.example.com/a");
    assert_eq!(links[1].0, "http://x.example/q?(1)");
    assert_eq!(links[2].0, "mailto:me@mail.example");
    assert_eq!(content.last(), Some(&text(".")));
}

#[test]
fn no_autolink_in_links_or_code() {
    let body = parse("[see http://a.example](/x) `http://b.example`\n\n    http://c.example\n");
    let Block::Paragraph(content) = &body[0] else { panic!("{body:?}") };
    assert!(matches!(&content[0], Inline::Link { content, .. } if content == &vec![text("see http://a.example")]));
    assert_eq!(content[2], Inline::Code("http://b.example".into()));
    assert_eq!(body[1], Block::Code { lang: None, text: "http://c.example\n".into() });
}

#[test]
fn email_autolink_gets_mailto() {
    let body = parse("<me@mail.example>");
    let Block::Paragraph(content) = &body[0] else { panic!("{body:?}") };
    assert!(matches!(&content[0], Inline::Link { url, .. } if url.as_str() == "mailto:me@mail.example"));
}

#[test]
fn ftp_autolink_stays_text() {
    assert_eq!(parse("ftp://foo.example"), vec![para("ftp://foo.example")]);
}

#[test]
fn discourse_quote_becomes_a_quote() {
    let body = parse("Hi\n[quote=\"grumpy, post:4, topic:123\"]\n**no**\n[/quote]\nBye");
    assert_eq!(
        body,
        vec![
            para("Hi"),
            Block::Quote(Quote {
                name: Some("grumpy".into()),
                post: Some("4".into()),
                body: vec![Block::Paragraph(vec![Inline::Strong(vec![text("no")])])],
            }),
            para("Bye"),
        ]
    );
}

#[test]
fn discourse_quotes_nest_and_accept_other_forms() {
    let body = parse("[quote]\n[QUOTE=Ann;7]\ninner\n[/quote]\nouter\n[/quote]");
    assert_eq!(
        body,
        vec![Block::Quote(Quote {
            name: None,
            post: None,
            body: vec![
                Block::Quote(Quote { name: Some("Ann".into()), post: Some("7".into()), body: vec![para("inner")] }),
                para("outer"),
            ],
        })]
    );
}

#[test]
fn unbalanced_discourse_quotes_are_text() {
    assert_eq!(parse("[quote=a]\nhello"), vec![para("[quote=a]\nhello")]);
    assert_eq!(parse("hello\n[/quote]"), vec![para("hello\n[/quote]")]);
}

#[test]
fn discourse_quote_markers_in_code_are_code() {
    let body = parse("```\n[quote]\n```\nx\n[/quote]");
    assert_eq!(body[0], Block::Code { lang: None, text: "[quote]\n".into() });
    assert_eq!(body[1], para("x\n[/quote]"));
}

#[test]
fn link_references_reach_into_and_out_of_quotes() {
    let body = parse("[quote]\n[a][r]\n\n[s]: /here\n[/quote]\n[b][s]\n\n[r]: /there");
    let Block::Quote(q) = &body[0] else { panic!("{body:?}") };
    assert!(matches!(&q.body[0], Block::Paragraph(c) if matches!(&c[0], Inline::Link { url, .. } if url.as_str() == "/there")));
    assert!(matches!(&body[1], Block::Paragraph(c) if matches!(&c[0], Inline::Link { url, .. } if url.as_str() == "/here")));
}

#[test]
fn deeply_nested_blockquotes_are_cut() {
    let body = parse(&format!("{} deep", ">".repeat(10_000)));
    assert!(depth(&body) <= MAX_DEPTH + 1, "{}", depth(&body));
    assert_eq!(count_truncated(&body), 1);
}

#[test]
fn deeply_nested_lists_are_cut() {
    for source in [
        format!("{}deep", "- ".repeat(10_000)),
        (0..2_000).map(|i| format!("{}- x\n", "  ".repeat(i))).collect::<String>(),
    ] {
        let body = parse(&source);
        assert!(depth(&body) <= MAX_DEPTH + 2, "{}", depth(&body));
        assert_eq!(count_truncated(&body), 1);
    }
}

#[test]
fn deeply_nested_emphasis_is_flattened() {
    let n = 10_000;
    for source in [
        format!("{}deep{}", "*".repeat(n), "*".repeat(n)),
        format!("{}deep{}", "*a ".repeat(n), " b*".repeat(n)),
        format!("{}deep{}", "[".repeat(n), "](/x)".repeat(n)),
    ] {
        let body = parse(&source);
        assert!(depth(&body) <= MAX_DEPTH + 2, "{}", depth(&body));
        let flat = format!("{body:?}");
        assert!(flat.contains("deep"));
    }
}

#[test]
fn deeply_nested_discourse_quotes_are_cut() {
    let n = 10_000;
    let body = parse(&format!("{}deep\n{}after", "[quote]\n".repeat(n), "[/quote]\n".repeat(n)));
    assert!(depth(&body) <= MAX_DEPTH + 2, "{}", depth(&body));
    assert_eq!(count_truncated(&body), 1);
    assert_eq!(body.last(), Some(&para("after")));
    // Discourse quotes and Markdown quotes share one depth budget.
    let body = parse(&format!("{}{}\n{}", "[quote]\n".repeat(20), ">".repeat(40), "[/quote]\n".repeat(20)));
    assert!(depth(&body) <= MAX_DEPTH + 2);
    assert_eq!(count_truncated(&body), 1);
}

#[test]
fn unbalanced_deep_discourse_quotes_are_text() {
    let body = parse(&"[quote]\n".repeat(100));
    assert_eq!(count_truncated(&body), 0);
    assert!(depth(&body) <= 3);
}

#[test]
fn github_alert_marker_stays_visible() {
    let body = parse("> [!NOTE]\n> hi");
    let Block::Quote(q) = &body[0] else { panic!("{body:?}") };
    assert_eq!(q.body, vec![para("[!NOTE]\nhi")]);
}
