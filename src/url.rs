//! The URL policy: the one place that decides what a link or image may point to.
//!
//! A URL passes when, after removing what browsers remove (leading and
//! trailing C0 controls and spaces, and every tab and newline), it is either
//! relative (no scheme) or its scheme is `http`, `https` or `mailto`. A colon
//! before the first `/` or `?` counts as a scheme separator even when
//! the "scheme" is not well formed (`java%0ascript:`, `&#106;avascript:`), so
//! such strings are refused rather than guessed at. Everything else is shown
//! as text by the caller.

/// A URL that passed [`sanitize`]. Only this module can make one, so a
/// renderer that takes a `SafeUrl` cannot be handed an unchecked string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeUrl(String);

impl SafeUrl {
    /// The cleaned URL, ready for an `href` or `src` attribute (the renderer
    /// still escapes it as an attribute value).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for `mailto:` links.
    pub fn is_mailto(&self) -> bool {
        // Bytes, not `str` slicing: byte 7 may fall inside a character.
        self.0.as_bytes().get(..7).is_some_and(|s| s.eq_ignore_ascii_case(b"mailto:"))
    }
}

/// The schemes that pass, lowercase.
pub const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Applies the URL policy: `Some` with the cleaned URL when it may be used as
/// a link or image target, `None` when it must be shown as text.
pub fn sanitize(input: &str) -> Option<SafeUrl> {
    // What the URL parser strips: leading/trailing C0 controls and space,
    // then every ASCII tab and newline (WHATWG URL, "basic URL parser").
    let trimmed = input.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed
        .chars()
        .filter(|&c| c != '\t' && c != '\n' && c != '\r')
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    // Other control characters have no place in a URL we print.
    if cleaned.chars().any(|c| c.is_control()) {
        return None;
    }
    if let Some(colon) = cleaned.find(':') {
        let scheme = &cleaned[..colon];
        // A colon after a path or query starts no scheme; after a fragment
        // mark neither, unless an `&` hints at an entity trick (`&#106;`).
        let relative = scheme.contains(['/', '?'])
            || (scheme.contains('#') && !scheme.contains('&'));
        if relative {
            return Some(SafeUrl(cleaned));
        }
        if !ALLOWED_SCHEMES.iter().any(|s| scheme.eq_ignore_ascii_case(s)) {
            return None;
        }
        let rest = &cleaned[colon + 1..];
        if scheme.eq_ignore_ascii_case("mailto") {
            if rest.is_empty() {
                return None;
            }
        } else {
            // http(s) needs a host: "http:foo" is a relative-looking oddity.
            let after = rest.trim_start_matches(['/', '\\']);
            if after.len() == rest.len() || after.is_empty() {
                return None;
            }
        }
    }
    Some(SafeUrl(cleaned))
}

/// Applies the policy to an address written without a scheme that is known to
/// be an e-mail address (`[email]a@b[/email]`): adds `mailto:`.
pub fn sanitize_email(address: &str) -> Option<SafeUrl> {
    let a = address.trim();
    if a.is_empty() || !a.contains('@') || a.contains(':') || a.chars().any(|c| c <= ' ') {
        return None;
    }
    sanitize(&crate::digits::concat(&["mailto:", a]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_http_https_mailto_and_relative() {
        for ok in ["http://a.example/", "HTTPS://a.example/x?y#z", "mailto:a@b.c", "/x", "x.png", "#post-4", "//cdn.example/a", "?page=2"] {
            assert!(sanitize(ok).is_some(), "{ok}");
        }
    }

    #[test]
    fn blocks_javascript_and_data_and_vbscript() {
        for bad in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>", "vbscript:msgbox", "ftp://a", "file:///etc/passwd"] {
            assert!(sanitize(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn blocks_javascript_hidden_by_whitespace_and_controls() {
        for bad in [" javascript:alert(1)", "\u{1}javascript:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)", "java\rscript:x", "\u{0}javascript:x", "javascript\u{7f}:x"] {
            assert!(sanitize(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn blocks_malformed_schemes_instead_of_guessing() {
        for bad in ["%6Aavascript:alert(1)", "&#106;avascript:alert(1)", "jav&#x09;ascript:alert(1)x", "http:foo", "http:", "mailto:"] {
            assert!(sanitize(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn is_mailto_does_not_split_a_character() {
        // Byte 7 falls inside the "é": slicing the str there would panic.
        assert!(!sanitize("abcdef\u{e9}.png").unwrap().is_mailto());
        assert!(sanitize("MailTo:a@b.example").unwrap().is_mailto());
        assert!(!sanitize("/m").unwrap().is_mailto());
    }

    #[test]
    fn strips_what_browsers_strip() {
        assert_eq!(sanitize("  http://a.example/\n ").unwrap().as_str(), "http://a.example/");
        assert_eq!(sanitize("ht\ttp://a.example/").unwrap().as_str(), "http://a.example/");
    }
}
