//! Strings from a catalogue are untrusted: a description may carry escape
//! sequences that would clear the screen, retitle the window or write the
//! clipboard (OSC 52). Everything printed to a terminal goes through [`sanitize`].

use std::borrow::Cow;

/// Returns `s` with every escape sequence, control character and bidi override
/// made inert and visible. Newlines and tabs survive when `multiline` is true;
/// otherwise they become spaces.
pub fn sanitize_with(s: &str, multiline: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| needs_care(c, multiline)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' | '\t' if multiline => out.push(c),
            '\n' | '\t' | '\r' => out.push(' '),
            '\u{1b}' => out.push('␛'),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c if is_bidi_control(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// One-line form of [`sanitize_with`]: for names, ids and table cells.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    sanitize_with(s, false)
}

fn needs_care(c: char, multiline: bool) -> bool {
    (c.is_control() && !(multiline && (c == '\n' || c == '\t'))) || is_bidi_control(c)
}

/// Bidirectional formatting characters, which can make text display in an
/// order other than the one it is stored in ("Trojan Source").
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(
            sanitize("Online Orders"),
            Cow::Borrowed("Online Orders")
        ));
    }

    #[test]
    fn osc52_clipboard_write_is_inert() {
        let hostile = "Orders\u{1b}]52;c;ZXZpbA==\u{7}";
        assert_eq!(sanitize(hostile), "Orders␛]52;c;ZXZpbA==\\u{7}");
    }

    #[test]
    fn csi_clear_screen_is_inert() {
        assert_eq!(sanitize("a\u{1b}[2Jb"), "a␛[2Jb");
    }

    #[test]
    fn c1_controls_and_bidi_overrides_are_shown_as_escapes() {
        assert_eq!(sanitize("x\u{9b}y\u{202e}z"), "x\\u{9b}y\\u{202e}z");
    }

    #[test]
    fn newlines_survive_only_in_multiline_mode() {
        assert_eq!(sanitize("a\nb\tc"), "a b c");
        assert_eq!(sanitize_with("a\nb\tc\r", true), "a\nb\tc ");
    }

    proptest::proptest! {
        #[test]
        fn output_never_contains_escape_or_control(s in "\\PC*|[\\x00-\\x1f\\x7f-\\x9f\\u{202a}-\\u{202e}a-z]*") {
            let clean = sanitize(&s);
            proptest::prop_assert!(!clean.chars().any(|c| c.is_control() || is_bidi_control(c)));
        }
    }
}
