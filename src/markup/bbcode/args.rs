//! BBCode tag arguments: URLs through the one URL policy, quote authors and
//! posts, list styles, colours (to the nearest palette colour) and sizes (to
//! the vBulletin scale).

use super::tokenize::starts_with_ci;
use crate::markup::Color;
use crate::url::{sanitize, SafeUrl};

pub(super) fn unquote(s: &str) -> &str {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0] {
        s[1..s.len() - 1].trim()
    } else {
        s
    }
}

/// A link target written by a user: `www.` gets `https://`; whitespace and
/// markup characters are refused, and so is `[` in a relative URL (it is more
/// likely a tag than a path).
pub(super) fn link_url(s: &str) -> Option<SafeUrl> {
    let s = unquote(s);
    if s.is_empty()
        || s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'))
    {
        return None;
    }
    let www = starts_with_ci(s, "www.");
    let absolute = crate::find::find(s, "://")
        .is_some_and(|k| k > 0 && s[..k].bytes().all(|c| c.is_ascii_alphabetic()));
    if s.contains('[') && !absolute && !www {
        return None;
    }
    if www {
        sanitize(&crate::digits::concat(&["https://", s]))
    } else {
        sanitize(s)
    }
}

pub(super) fn image_url(s: &str) -> Option<SafeUrl> {
    link_url(s).filter(|u| !u.is_mailto())
}

/// `[img]x[/img]` as the whole content of `[url]…[/url]`.
pub(super) fn strip_img(s: &str) -> Option<&str> {
    if starts_with_ci(s, "[img]") && s.len() >= 11 && s.as_bytes()[s.len() - 6..].eq_ignore_ascii_case(b"[/img]") {
        Some(&s[5..s.len() - 6])
    } else {
        None
    }
}

/// Code keeps its indentation; blank lines around it go.
pub(super) fn code_text(s: &str) -> &str {
    let mut s = s;
    while let Some(k) = s.find('\n') {
        if s[..k].trim().is_empty() {
            s = &s[k + 1..];
        } else {
            break;
        }
    }
    s.trim_end()
}

/// `Name`, `Name;4` (vBulletin), `Name; post:4` (Misago),
/// `Name, post: 4, member: 9` (XenForo).
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub(super) fn parse_quote(arg: &str) -> (Option<String>, Option<String>) {
    let a = unquote(arg);
    let name = |s: &str| Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_owned);
    let post_id = |s: &str| {
        let s = s.trim();
        let s = if starts_with_ci(s, "post:") { s[5..].trim() } else { s };
        (!s.is_empty() && s.len() <= 20 && s.bytes().all(|c| c.is_ascii_digit())).then(|| s.to_owned())
    };
    // The last `;` (a byte search: ASCII, and no reverse `char` searcher in the wasm).
    if let Some(i) = a.bytes().rposition(|b| b == b';') {
        if let Some(id) = post_id(&a[i + 1..]) {
            return (name(&a[..i]), Some(id));
        }
    }
    if let Some((n, rest)) = a.split_once(',') {
        let mut parts = rest.split(',').map(str::trim);
        if parts
            .clone()
            .all(|p| starts_with_ci(p, "post:") || starts_with_ci(p, "member:"))
        {
            if let Some(id) = parts.find(|p| starts_with_ci(p, "post:")).and_then(post_id) {
                return (name(n), Some(id));
            }
        }
    }
    (name(a), None)
}

/// `[list]`, `[list=1]` (or any start number), `[list=a|A|i|I]` and other
/// list-style names are numbered; `disc`, `circle`, `square`, `none` are not.
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub(super) fn parse_list(arg: &str) -> Option<(bool, Option<u64>)> {
    let a = unquote(arg);
    if a.is_empty() {
        return Some((false, None));
    }
    if a.len() <= 18 && a.bytes().all(|c| c.is_ascii_digit()) {
        let n: u64 = a.parse().ok()?;
        return Some((true, (n != 1).then_some(n)));
    }
    if ["disc", "circle", "square", "none"]
        .iter()
        .any(|s| a.eq_ignore_ascii_case(s))
    {
        return Some((false, None));
    }
    (a.len() <= 24 && a.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')).then_some((true, None))
}

/// CSS names beyond the palette: the colours of vBulletin's editor palette,
/// plus common aliases. Each maps to the nearest palette colour.
pub(super) const CSS_COLORS: [(&str, u32); 40] = [
    ("grey", 0x808080),
    ("cyan", 0x00ffff),
    ("magenta", 0xff00ff),
    ("sienna", 0xa0522d),
    ("darkolivegreen", 0x556b2f),
    ("darkgreen", 0x006400),
    ("darkslateblue", 0x483d8b),
    ("indigo", 0x4b0082),
    ("darkslategray", 0x2f4f4f),
    ("darkred", 0x8b0000),
    ("darkorange", 0xff8c00),
    ("slategray", 0x708090),
    ("dimgray", 0x696969),
    ("sandybrown", 0xf4a460),
    ("yellowgreen", 0x9acd32),
    ("seagreen", 0x2e8b57),
    ("mediumturquoise", 0x48d1cc),
    ("royalblue", 0x4169e1),
    ("deepskyblue", 0x00bfff),
    ("darkorchid", 0x9932cc),
    ("pink", 0xffc0cb),
    ("wheat", 0xf5deb3),
    ("lemonchiffon", 0xfffacd),
    ("palegreen", 0x98fb98),
    ("paleturquoise", 0xafeeee),
    ("lightblue", 0xadd8e6),
    ("plum", 0xdda0dd),
    ("darkblue", 0x00008b),
    ("brown", 0xa52a2a),
    ("gold", 0xffd700),
    ("violet", 0xee82ee),
    ("skyblue", 0x87ceeb),
    ("crimson", 0xdc143c),
    ("orangered", 0xff4500),
    ("tomato", 0xff6347),
    ("chocolate", 0xd2691e),
    ("limegreen", 0x32cd32),
    ("darkgray", 0xa9a9a9),
    ("lightgray", 0xd3d3d3),
    ("darkviolet", 0x9400d3),
];

pub(super) fn hex_digit(c: u8) -> Option<u32> {
    (c as char).to_digit(16)
}

/// `red`, `#f00`, `#ff0000`, `rgb(255, 0, 0)` and known CSS names → the
/// nearest palette colour by RGB distance.
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub(super) fn parse_color(arg: &str) -> Option<Color> {
    let a = unquote(arg);
    let rgb = if let Some(hex) = a.strip_prefix('#') {
        if hex.len() > 6 {
            return None;
        }
        let d: Vec<u32> = hex.bytes().map(hex_digit).collect::<Option<_>>()?;
        match d.len() {
            3 => ((d[0] * 17) << 16) | ((d[1] * 17) << 8) | (d[2] * 17),
            6 => d.iter().fold(0, |acc, x| (acc << 4) | x),
            _ => return None,
        }
    } else if starts_with_ci(a, "rgb(") && a.ends_with(')') {
        let parts: Vec<u32> = a[4..a.len() - 1]
            .split(',')
            .map(|p| p.trim().parse::<u32>().ok().filter(|v| *v <= 255))
            .collect::<Option<_>>()?;
        match parts[..] {
            [r, g, b] => (r << 16) | (g << 8) | b,
            _ => return None,
        }
    } else {
        let palette = Color::ALL.iter().map(|c| (c.1, c.2));
        palette
            .chain(CSS_COLORS.iter().copied())
            .find(|(n, _)| a.eq_ignore_ascii_case(n))?
            .1
    };
    nearest_color(rgb)
}

pub(super) fn nearest_color(rgb: u32) -> Option<Color> {
    let channels = |c: u32| [(c >> 16) as i32 & 0xff, (c >> 8) as i32 & 0xff, c as i32 & 0xff];
    let want = channels(rgb);
    Color::ALL
        .iter()
        .min_by_key(|(_, _, v)| {
            channels(*v)
                .iter()
                .zip(want)
                .map(|(a, b)| (a - b) * (a - b))
                .sum::<i32>()
        })
        .map(|c| c.0)
}

/// The vBulletin scale 1..=7, `+N`/`-N` relative to 3, or a CSS length in
/// `px`, `pt`, `em` or `%` mapped to the nearest step.
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub(super) fn parse_size(arg: &str) -> Option<u8> {
    let a = unquote(arg);
    let small = |s: &str| {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<i32>().ok())
            .flatten()
    };
    if let Some(n) = a.strip_prefix('+').and_then(small) {
        return Some((3 + n).clamp(1, 7) as u8);
    }
    if let Some(n) = a.strip_prefix('-').and_then(small) {
        return Some((3 - n).clamp(1, 7) as u8);
    }
    if let Some(n) = small(a) {
        return (1..=7).contains(&n).then_some(n as u8);
    }
    let lower = a.to_ascii_lowercase();
    let (num, unit) = ["px", "pt", "em", "%"]
        .iter()
        .find_map(|u| lower.strip_suffix(u).map(|n| (n.trim(), *u)))?;
    // Tenths of the value, without pulling float parsing into the wasm binary.
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    if (int.is_empty() && frac.is_empty())
        || int.len() > 4
        || !int.bytes().chain(frac.bytes()).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let tenths = int.parse::<u32>().unwrap_or(0) * 10 + frac.bytes().next().map_or(0, |c| u32::from(c - b'0'));
    let px10 = match unit {
        "px" => tenths,
        "pt" => tenths * 4 / 3,
        "em" => tenths * 16,
        _ => tenths * 16 / 100,
    };
    const STEPS_PX: [u32; 7] = [10, 13, 16, 18, 24, 32, 48];
    let best = STEPS_PX
        .iter()
        .enumerate()
        .min_by_key(|(_, px)| (**px * 10).abs_diff(px10))?;
    Some(best.0 as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colors_map_to_the_nearest_palette_colour() {
        assert_eq!(parse_color("red"), Some(Color::Red));
        assert_eq!(parse_color("#F00"), Some(Color::Red));
        assert_eq!(parse_color("\"#00007f\""), Some(Color::Navy));
        assert_eq!(parse_color("DarkOrange"), Some(Color::Orange));
        assert_eq!(parse_color("rgb(250, 0, 5)"), Some(Color::Red));
        assert_eq!(parse_color("gronk"), None);
        assert_eq!(parse_color("#ff00"), None);
        assert_eq!(parse_color("*#$"), None);
    }

    #[test]
    fn sizes_map_to_the_vbulletin_scale() {
        assert_eq!(parse_size("1"), Some(1));
        assert_eq!(parse_size("7"), Some(7));
        assert_eq!(parse_size("8"), None);
        assert_eq!(parse_size("+2"), Some(5));
        assert_eq!(parse_size("-5"), Some(1));
        assert_eq!(parse_size("24px"), Some(5));
        assert_eq!(parse_size("12pt"), Some(3));
        assert_eq!(parse_size("200%"), Some(6));
        assert_eq!(parse_size("1.5em"), Some(5));
        assert_eq!(parse_size("blah"), None);
        assert_eq!(parse_size("px"), None);
    }

    #[test]
    fn quote_arguments() {
        assert_eq!(
            parse_quote("Grumpy John;4"),
            (Some("Grumpy John".into()), Some("4".into()))
        );
        assert_eq!(parse_quote("\"Grumpy John\""), (Some("Grumpy John".into()), None));
        assert_eq!(
            parse_quote("John; post:2137"),
            (Some("John".into()), Some("2137".into()))
        );
        assert_eq!(
            parse_quote("John, post: 12, member: 3"),
            (Some("John".into()), Some("12".into()))
        );
        assert_eq!(parse_quote("Smith, John"), (Some("Smith, John".into()), None));
        assert_eq!(parse_quote("a;b"), (Some("a;b".into()), None));
        assert_eq!(parse_quote("  "), (None, None));
    }
}

