//! A small block-style YAML writer: fast (appends to one reused String) and
//! strict about quoting, so every string reads back as the same string.

use std::fmt::Write as _;

use serde_json::Value;

/// Appends YAML to `buf`. Call [`Yaml::item`] before the first key of a
/// sequence entry: that key is then written after `- `.
pub struct Yaml<'a> {
    pub buf: &'a mut String,
    dash_pending: bool,
}

impl<'a> Yaml<'a> {
    pub fn new(buf: &'a mut String) -> Self {
        Yaml {
            buf,
            dash_pending: false,
        }
    }

    /// Starts a sequence entry; the next key opens it.
    pub fn item(&mut self) {
        self.dash_pending = true;
    }

    fn key(&mut self, indent: usize, key: &str) {
        if self.dash_pending {
            self.pad(indent.saturating_sub(2));
            self.buf.push_str("- ");
            self.dash_pending = false;
        } else {
            self.pad(indent);
        }
        self.buf.push_str(key);
        self.buf.push(':');
    }

    fn pad(&mut self, indent: usize) {
        self.buf.extend(std::iter::repeat_n(' ', indent));
    }

    /// `key: value`, quoted when needed.
    pub fn str(&mut self, indent: usize, key: &str, value: &str) {
        self.key(indent, key);
        self.buf.push(' ');
        scalar(self.buf, value);
        self.buf.push('\n');
    }

    pub fn opt_str(&mut self, indent: usize, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.str(indent, key, value);
        }
    }

    pub fn opt_bool(&mut self, indent: usize, key: &str, value: Option<bool>) {
        if let Some(value) = value {
            self.raw(indent, key, if value { "true" } else { "false" });
        }
    }

    /// `key: value` with `value` written verbatim (numbers, booleans).
    pub fn raw(&mut self, indent: usize, key: &str, value: impl std::fmt::Display) {
        self.key(indent, key);
        let _ = writeln!(self.buf, " {value}");
    }

    /// `key:` opening a nested block.
    pub fn open(&mut self, indent: usize, key: &str) {
        self.key(indent, key);
        self.buf.push('\n');
    }

    /// `key: [a, b]` in flow style, or nothing for an empty list.
    pub fn flow_list(&mut self, indent: usize, key: &str, values: &[String]) {
        if values.is_empty() {
            return;
        }
        self.key(indent, key);
        self.buf.push_str(" [");
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                self.buf.push_str(", ");
            }
            quoted(self.buf, value);
        }
        self.buf.push_str("]\n");
    }

    /// Any JSON value under `key`, in block style.
    pub fn value(&mut self, indent: usize, key: &str, value: &Value) {
        match value {
            Value::Object(map) if !map.is_empty() => {
                self.open(indent, key);
                for (k, v) in map {
                    self.value(indent + 2, k, v);
                }
            }
            Value::Array(items) if !items.is_empty() => {
                self.open(indent, key);
                for item in items {
                    self.array_item(indent + 4, item);
                }
            }
            Value::Object(_) => self.raw(indent, key, "{}"),
            Value::Array(_) => self.raw(indent, key, "[]"),
            Value::String(s) => self.str(indent, key, s),
            Value::Null => self.raw(indent, key, "null"),
            Value::Bool(_) | Value::Number(_) => self.raw(indent, key, value),
        }
    }

    fn array_item(&mut self, indent: usize, item: &Value) {
        match item {
            Value::Object(map) if !map.is_empty() => {
                self.item();
                for (k, v) in map {
                    self.value(indent, k, v);
                }
            }
            Value::String(s) => {
                self.pad(indent.saturating_sub(2));
                self.buf.push_str("- ");
                scalar(self.buf, s);
                self.buf.push('\n');
            }
            other => {
                self.pad(indent.saturating_sub(2));
                let _ = writeln!(self.buf, "- {other}");
            }
        }
    }
}

const RESERVED: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
];

/// Whether `s` can be written unquoted and still read back as this string.
fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    first.is_ascii_alphabetic()
        && !s.ends_with(' ')
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.' | '/' | '(' | ')')
        })
        && !RESERVED.iter().any(|r| r.eq_ignore_ascii_case(s))
}

/// Writes `s` as a YAML scalar, plain when safe, double-quoted otherwise.
pub fn scalar(buf: &mut String, s: &str) {
    if is_plain_safe(s) {
        buf.push_str(s)
    } else {
        quoted(buf, s)
    }
}

/// Writes `s` double-quoted with YAML escapes.
pub fn quoted(buf: &mut String, s: &str) {
    buf.push('"');
    for c in s.chars() {
        match c {
            '"' => buf.push_str("\\\""),
            '\\' => buf.push_str("\\\\"),
            '\n' => buf.push_str("\\n"),
            '\t' => buf.push_str("\\t"),
            '\r' => buf.push_str("\\r"),
            c if c.is_control()
                || c == '\u{feff}'
                || c == '\u{2028}'
                || c == '\u{2029}'
                || c == '\u{85}' =>
            {
                let _ = write!(buf, "\\u{:04X}", c as u32);
            }
            c => buf.push(c),
        }
    }
    buf.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(s: &str) -> String {
        let mut buf = String::new();
        Yaml::new(&mut buf).str(0, "k", s);
        let parsed: std::collections::BTreeMap<String, String> =
            serde_norway::from_str(&buf).unwrap();
        parsed["k"].clone()
    }

    #[test]
    fn tricky_strings_read_back_unchanged() {
        for s in [
            "",
            "true",
            "No",
            "null",
            "~",
            "1.0",
            "1.0.0",
            "0x1F",
            "-dash",
            "a: b",
            "a #b",
            "#x",
            "'q'",
            "\"dq\"",
            "back\\slash",
            "line\nbreak",
            "tab\there",
            "bell\u{7}",
            "ünï©ødé",
            "@at",
            "*star",
            "&anchor",
            "!tag",
            "%pct",
            "`tick",
            "[flow]",
            "{map}",
            "|pipe",
            ">fold",
            "trailing ",
            " lead",
            "https://x.example/a?b=c#d",
            "SELECT COUNT(*) FROM t WHERE a < 0",
            "---",
            "...",
            "? q",
        ] {
            assert_eq!(roundtrip(s), s, "for {s:?}");
        }
    }

    #[test]
    fn plain_words_stay_unquoted() {
        let mut buf = String::new();
        scalar(&mut buf, "Orders Daily (EMEA)");
        assert_eq!(buf, "Orders Daily (EMEA)");
    }

    #[test]
    fn nested_values_and_items_indent_under_their_dash() {
        let mut buf = String::new();
        let mut yaml = Yaml::new(&mut buf);
        yaml.open(0, "ports");
        yaml.item();
        yaml.str(4, "name", "a");
        yaml.raw(4, "port", 5432);
        yaml.value(4, "extra", &serde_json::json!({"list": ["x", 1], "n": 2.5}));
        assert_eq!(
            buf,
            "ports:\n  - name: a\n    port: 5432\n    extra:\n      list:\n        - x\n        - 1\n      n: 2.5\n"
        );
    }
}
