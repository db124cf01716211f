//! Deciding from content what a file is, as cheaply as possible.

use serde_json::Value;

use crate::model::RecordKind;

/// How many leading bytes are searched for a NUL byte.
const BINARY_PROBE_BYTES: usize = 8192;

/// Words one of the three standards always contains; a file with none of them
/// is skipped without being parsed.
const MARKERS: [&str; 5] = [
    "apiVersion",
    "DataContract",
    "DataProduct",
    "eventType",
    "runId",
];

/// Where `[` / `{` flow collections first nest deeper than `limit`, as
/// (line, column), 1-based; quoted strings and comments do not count.
/// One pass over the text, before any parser builds anything: YAML parsers
/// take time quadratic in flow nesting before their own depth limit
/// applies (40,000 `[` took 5.5 s).
pub(crate) fn flow_too_deep(text: &str, limit: usize) -> Option<(usize, usize)> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let mut quote: Option<char> = None;
    let (mut escaped, mut comment, mut previous) = (false, false, '\n');
    for c in text.chars() {
        column += 1;
        if c == '\n' {
            (line, column, comment) = (line + 1, 0, false);
            // A single-quoted scalar may span lines; a comment may not.
        }
        match quote {
            _ if comment => {}
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '#' if previous.is_whitespace() => comment = true,
                '"' | '\'' if !previous.is_alphanumeric() => quote = Some(c),
                '[' | '{' => {
                    depth += 1;
                    if depth > limit {
                        return Some((line, column));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        previous = c;
    }
    None
}

pub(crate) fn is_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(BINARY_PROBE_BYTES)].contains(&0)
}

/// [`has_marker`] on raw bytes (a file that is not all text).
pub(crate) fn has_marker_bytes(bytes: &[u8]) -> bool {
    MARKERS
        .iter()
        .any(|marker| bytes.windows(marker.len()).any(|w| w == marker.as_bytes()))
}

pub(crate) fn has_marker(text: &str) -> bool {
    MARKERS.iter().any(|marker| text.contains(marker))
}

/// Whether a file that failed to parse was meant to be one of the standards,
/// so that its syntax error is worth reporting (a broken unrelated file is
/// skipped instead).
pub(crate) fn looks_like_standard(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start().trim_start_matches(['{', '"', ' ']);
        let declares_kind = line.starts_with("kind")
            && (line.contains("DataContract") || line.contains("DataProduct"));
        let odcs_version = line.starts_with("apiVersion") && line.contains("v3.");
        declares_kind || odcs_version || line.starts_with("eventType")
    }) || text.contains("\"eventType\"")
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Which standard a parsed document is, if any.
pub(crate) fn classify(value: &Value) -> Option<RecordKind> {
    let object = value.as_object()?;
    let text = |key: &str| object.get(key).and_then(Value::as_str);
    match text("kind") {
        Some("DataContract") => return Some(RecordKind::Contract),
        Some("DataProduct") => return Some(RecordKind::Product),
        Some(_) => return None,
        None => {}
    }
    if object.contains_key("eventType")
        || (object.contains_key("run") && object.contains_key("job"))
    {
        return Some(RecordKind::LineageEvent);
    }
    let api_version = text("apiVersion")?;
    if api_version.starts_with("v3.") && object.contains_key("schema") {
        return Some(RecordKind::Contract);
    }
    let odps_version = api_version.starts_with("v1.0") || api_version.starts_with("v0.9");
    if odps_version && (object.contains_key("inputPorts") || object.contains_key("outputPorts")) {
        return Some(RecordKind::Product);
    }
    None
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn classifies_by_kind_and_by_shape() {
        assert_eq!(
            classify(&json!({"kind": "DataContract"})),
            Some(RecordKind::Contract)
        );
        assert_eq!(
            classify(&json!({"kind": "DataProduct"})),
            Some(RecordKind::Product)
        );
        assert_eq!(
            classify(&json!({"kind": "Deployment", "apiVersion": "v3.1.0", "schema": []})),
            None
        );
        assert_eq!(
            classify(&json!({"apiVersion": "v3.0.2", "schema": []})),
            Some(RecordKind::Contract)
        );
        assert_eq!(
            classify(&json!({"apiVersion": "v1.0.0", "outputPorts": []})),
            Some(RecordKind::Product)
        );
        assert_eq!(classify(&json!({"apiVersion": "v1", "spec": {}})), None);
        assert_eq!(
            classify(&json!({"run": {}, "job": {}})),
            Some(RecordKind::LineageEvent)
        );
        assert_eq!(classify(&json!(["kind"])), None);
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\ncé d", 7), (2, 4));
        assert_eq!(line_column("x", 0), (1, 1));
    }

    #[test]
    fn flow_nesting_is_measured_outside_quotes_and_comments() {
        let deep = format!("a: {}1{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(flow_too_deep(&deep, 128), Some((1, 132)));
        assert_eq!(flow_too_deep(&deep, 200), None);
        let quoted = format!(
            "a: \"{}\"\nb: '{}'\n# {}\n",
            "[".repeat(300),
            "{".repeat(300),
            "[".repeat(300)
        );
        assert_eq!(flow_too_deep(&quoted, 128), None);
        let nested = format!("x:\n  y: {}", "{a: ".repeat(130));
        assert_eq!(flow_too_deep(&nested, 128), Some((2, 5 + 4 * 128 + 1)));
    }

    #[test]
    fn binary_and_markers() {
        assert!(is_binary(b"PK\x03\x04\x00"));
        assert!(!is_binary(b"kind: DataContract"));
        assert!(!has_marker("# README\nhello"));
        assert!(looks_like_standard("x: [\nkind: DataContract"));
        assert!(!looks_like_standard("name: my service\nreplicas: 3"));
    }
}
