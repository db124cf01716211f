//! Strings from a catalogue are untrusted: a description may carry escape
//! sequences that would clear the screen, retitle the window or write the
//! clipboard (OSC 52), bidi overrides that reorder what is shown, or
//! zero-width and line-separator characters that hide text or break a row.
//! [`is_unsafe`] is the one definition of what must not reach a terminal
//! raw: everything printed goes through [`sanitize`], and `--json` output
//! through [`SafeJson`], which writes those characters as `\uXXXX`.

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
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
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
    is_unsafe(c) && !(multiline && (c == '\n' || c == '\t'))
}

/// A character that does not print as itself: every control character (C0,
/// DEL, C1), the line and paragraph separators, and the format characters
/// (Unicode class Cf): bidi controls, which can show text in another order
/// than it is stored in ("Trojan Source"), zero-width spaces and joiners,
/// the byte-order mark, soft hyphens, invisible operators and tag
/// characters.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00ad}'
                | '\u{0600}'..='\u{0605}'
                | '\u{061c}'
                | '\u{06dd}'
                | '\u{070f}'
                | '\u{0890}'..='\u{0891}'
                | '\u{08e2}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{110bd}'
                | '\u{110cd}'
                | '\u{13430}'..='\u{1343f}'
                | '\u{1bca0}'..='\u{1bca3}'
                | '\u{1d173}'..='\u{1d17a}'
                | '\u{e0001}'
                | '\u{e0020}'..='\u{e007f}'
        )
}

/// serde_json's pretty output, with every [`is_unsafe`] character written
/// as a `\uXXXX` escape (serde_json escapes only C0): the same value, and
/// nothing a terminal would act on or hide.
pub struct SafeJson(serde_json::ser::PrettyFormatter<'static>);

impl Default for SafeJson {
    fn default() -> SafeJson {
        SafeJson(serde_json::ser::PrettyFormatter::new())
    }
}

impl serde_json::ser::Formatter for SafeJson {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if !is_unsafe(c) {
                continue;
            }
            writer.write_all(&fragment.as_bytes()[start..at])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            start = at + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// `value` as pretty JSON through [`SafeJson`].
pub fn write_safe_json<T: serde::Serialize + ?Sized>(
    writer: impl std::io::Write,
    value: &T,
) -> serde_json::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(writer, SafeJson::default());
    value.serialize(&mut serializer)
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
    fn zero_width_and_line_separators_are_shown_as_escapes() {
        assert_eq!(
            sanitize("evil\u{200d}·\u{2028}x\u{feff}\u{2060}y\u{200b}"),
            "evil\\u{200d}·\\u{2028}x\\u{feff}\\u{2060}y\\u{200b}"
        );
    }

    #[test]
    fn json_escapes_what_a_terminal_would_act_on_and_keeps_the_value() {
        let value = serde_json::json!({
            "name": "a\u{9b}b\u{7f}c\u{202e}d\u{200b}e\u{1b}f\u{e0041}g ünïcödé",
            "list": ["x\u{2028}"]
        });
        let mut out = Vec::new();
        write_safe_json(&mut out, &value).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains(r"a\u009bb\u007fc\u202ed\u200be\u001bf\udb40\udc41g ünïcödé"),
            "{text}"
        );
        assert!(!text.chars().any(|c| is_unsafe(c) && c != '\n'), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        let pretty =
            serde_json::to_string_pretty(&serde_json::json!({"a": [1, {"b": 2}]})).unwrap();
        let mut ours = Vec::new();
        write_safe_json(&mut ours, &serde_json::json!({"a": [1, {"b": 2}]})).unwrap();
        assert_eq!(String::from_utf8(ours).unwrap(), pretty);
    }

    #[test]
    fn newlines_survive_only_in_multiline_mode() {
        assert_eq!(sanitize("a\nb\tc"), "a b c");
        assert_eq!(sanitize_with("a\nb\tc\r", true), "a\nb\tc ");
    }

    proptest::proptest! {
        #[test]
        fn output_never_contains_escape_or_control(s in "\\PC*|[\\x00-\\x1f\\x7f-\\x9f\\u{202a}-\\u{202e}\\u{200b}-\\u{200f}\\u{2028}\\u{2029}\\u{2060}\\u{feff}a-z]*") {
            let clean = sanitize(&s);
            proptest::prop_assert!(!clean.chars().any(is_unsafe));
        }
    }
}
