//! Bytes to parsed documents: encoding checks, YAML / JSON / NDJSON syntax,
//! and recognising which standard each document is.

use std::path::Path;

use serde_json::Value;

use super::ParseError;
use super::sniff;
use crate::model::RecordKind;

/// Deepest nesting serde_norway and serde_json accept (their recursion limit).
pub(crate) const MAX_DEPTH: usize = 128;

/// Extensions whose empty files are reported rather than skipped: an empty
/// `orders.odcs.yaml` is a mistake, an empty `.gitkeep` is not.
const DATA_EXTENSIONS: [&str; 5] = ["yaml", "yml", "json", "ndjson", "jsonl"];

pub(crate) enum Decoded<'a> {
    Skipped,
    Docs(Docs<'a>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Yaml,
    Json,
    Ndjson,
}

pub(crate) struct Docs<'a> {
    /// The file's text, without a byte-order mark.
    pub text: &'a str,
    pub format: Format,
    pub docs: Vec<Doc>,
    /// Parts that could not be parsed (bad NDJSON lines).
    pub errors: Vec<ParseError>,
}

pub(crate) struct Doc {
    pub kind: RecordKind,
    pub value: Value,
    pub origin: Origin,
}

/// Where in the file a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The whole file.
    Whole,
    /// An element of a top-level JSON array.
    Element(usize),
    /// A line of an NDJSON file (1-based).
    Line(usize),
}

pub(crate) fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<Decoded<'a>, ParseError> {
    // A NUL byte says "not text", unless the file is named and written as
    // one of ours: then it is read, and what the NULs break is reported.
    if sniff::is_binary(bytes) && !(has_data_extension(path) && sniff::has_marker_bytes(bytes)) {
        return Ok(Decoded::Skipped);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => return invalid_utf8(path, bytes, error.valid_up_to()),
    };
    if text.trim().is_empty() {
        return empty(path);
    }
    if !sniff::has_marker(text) {
        return Ok(Decoded::Skipped);
    }
    if let Some((line, column)) = sniff::flow_too_deep(text, MAX_DEPTH) {
        return Err(too_deep(path).at(Some(line), Some(column)));
    }
    let decoded = match text.trim_start().as_bytes().first() {
        Some(b'{') | Some(b'[') => decode_json(path, text)?,
        _ => decode_yaml(path, text)?,
    };
    Ok(match decoded {
        Some(docs) if !docs.docs.is_empty() || !docs.errors.is_empty() => Decoded::Docs(docs),
        _ => Decoded::Skipped,
    })
}

fn invalid_utf8<'a>(
    path: &Path,
    bytes: &[u8],
    valid_up_to: usize,
) -> Result<Decoded<'a>, ParseError> {
    let lossy = String::from_utf8_lossy(bytes);
    if !sniff::has_marker(&lossy) {
        return Ok(Decoded::Skipped);
    }
    let prefix = String::from_utf8_lossy(&bytes[..valid_up_to]);
    let (line, column) = sniff::line_column(&prefix, prefix.len());
    Err(ParseError::new(
        path,
        format!(
            "the file is not valid UTF-8 (bad byte 0x{:02X} at byte offset {valid_up_to}); \
             save it as UTF-8",
            bytes[valid_up_to]
        ),
    )
    .at(Some(line), Some(column)))
}

fn too_deep(path: &Path) -> ParseError {
    ParseError::new(
        path,
        format!(
            "the document is nested more than {MAX_DEPTH} levels deep; meshlens refuses such files \
             (flatten the structure)"
        ),
    )
}

fn has_data_extension(path: &Path) -> bool {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    DATA_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
}

fn empty<'a>(path: &Path) -> Result<Decoded<'a>, ParseError> {
    if has_data_extension(path) {
        return Err(ParseError::new(
            path,
            "the file is empty; expected a data contract, a data product or OpenLineage events",
        ));
    }
    Ok(Decoded::Skipped)
}

fn decode_yaml<'a>(path: &Path, text: &'a str) -> Result<Option<Docs<'a>>, ParseError> {
    let value: Value = match serde_norway::from_str(text) {
        Ok(value) => value,
        Err(_) if !sniff::looks_like_standard(text) => return Ok(None),
        Err(error) => return Err(yaml_error(path, text, &error)),
    };
    Ok(single(text, Format::Yaml, value))
}

fn single(text: &str, format: Format, value: Value) -> Option<Docs<'_>> {
    let kind = sniff::classify(&value)?;
    Some(Docs {
        text,
        format,
        docs: vec![Doc {
            kind,
            value,
            origin: Origin::Whole,
        }],
        errors: Vec::new(),
    })
}

pub(crate) fn yaml_error(path: &Path, text: &str, error: &serde_norway::Error) -> ParseError {
    let raw = error.to_string();
    let message = with_context(&raw);
    let location = error.location().map(|l| (l.line(), l.column()));
    let line_text = location
        .and_then(|(line, _)| text.lines().nth(line.saturating_sub(1)))
        .unwrap_or("");
    ParseError::new(path, human_yaml_message(&message, line_text))
        .at(location.map(|l| l.0), location.map(|l| l.1))
}

fn strip_location(message: &str) -> &str {
    message.find(" at line ").map_or(message, |i| &message[..i])
}

/// The message without its own location (reported separately), but keeping
/// where the construct it belongs to started: an unclosed `[` is found at the
/// end of the file, yet the user needs the line that opened it.
fn with_context(raw: &str) -> String {
    let message = strip_location(raw);
    match raw.split_once(", while ") {
        Some((_, context)) => {
            let context = context
                .replacen(" at line ", " that starts at line ", 1)
                .replacen(" column ", ", column ", 1);
            format!("{message}, while {context}")
        }
        None => message.to_string(),
    }
}

fn human_yaml_message(message: &str, line_text: &str) -> String {
    if message.contains("recursion limit exceeded") {
        return format!(
            "the document is nested more than {MAX_DEPTH} levels deep; meshlens refuses such files \
             (flatten the structure)"
        );
    }
    if message.contains("repetition limit exceeded") {
        return "YAML aliases (`*name`) in this file expand to far too many values (an \"alias bomb\"); \
                meshlens refuses it: write the values out or use fewer aliases"
            .to_string();
    }
    if message.contains("more than one document") {
        return "the file holds several YAML documents separated by `---`; put each one in its own file"
            .to_string();
    }
    let hint = if line_text.contains('\t') {
        " (tabs cannot be used for indentation in YAML; use spaces)"
    } else if message.contains("mapping values are not allowed") {
        " (a value containing `: ` must be quoted)"
    } else if message.contains("did not find expected key")
        || message.contains("did not find expected '-'")
    {
        " (check the indentation of this line and the ones above)"
    } else if message.contains("found unknown anchor") || message.contains("unknown anchor") {
        " (an alias `*name` refers to an anchor `&name` that is not defined before it)"
    } else {
        ""
    };
    format!("YAML syntax error: {message}{hint}")
}

fn decode_json<'a>(path: &Path, text: &'a str) -> Result<Option<Docs<'a>>, ParseError> {
    if is_ndjson(text) {
        return Ok(Some(decode_ndjson(path, text)));
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(_) if !sniff::looks_like_standard(text) => return Ok(None),
        Err(error) => return Err(json_error(path, &error, 0)),
    };
    let Value::Array(elements) = value else {
        return Ok(single(text, Format::Json, value));
    };
    let docs = elements
        .into_iter()
        .enumerate()
        .filter_map(|(index, value)| {
            let kind = sniff::classify(&value)?;
            Some(Doc {
                kind,
                value,
                origin: Origin::Element(index),
            })
        })
        .collect();
    Ok(Some(Docs {
        text,
        format: Format::Json,
        docs,
        errors: Vec::new(),
    }))
}

/// NDJSON: the first non-blank line is a complete JSON object on its own and
/// more lines follow.
fn is_ndjson(text: &str) -> bool {
    let mut lines = text.lines().filter(|line| !line.trim().is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    lines.next().is_some()
        && first.trim_start().starts_with('{')
        && serde_json::from_str::<serde_json::Map<String, Value>>(first).is_ok()
}

fn decode_ndjson<'a>(path: &Path, text: &'a str) -> Docs<'a> {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(value) => match sniff::classify(&value) {
                Some(kind) => docs.push(Doc {
                    kind,
                    value,
                    origin: Origin::Line(index + 1),
                }),
                None => errors.push(unknown_line(path, &value, index + 1)),
            },
            Err(error) => errors.push(json_error(path, &error, index)),
        }
    }
    Docs {
        text,
        format: Format::Ndjson,
        docs,
        errors,
    }
}

/// An NDJSON line that is JSON but no record: said, not dropped.
fn unknown_line(path: &Path, value: &Value, line: usize) -> ParseError {
    let what = match value {
        Value::Object(_) => {
            "an object that is no OpenLineage event (no `eventType`/`run`/`job`), \
             data contract or data product"
        }
        Value::Array(_) => "an array, not an object",
        Value::String(_) => "a string, not an object",
        Value::Number(_) => "a number, not an object",
        Value::Bool(_) => "a boolean, not an object",
        Value::Null => "null, not an object",
    };
    ParseError::new(
        path,
        format!("this line is {what}; each line of an NDJSON file must be one record"),
    )
    .at(Some(line), Some(1))
}

/// `line_offset`: lines before the parsed text (0 for a whole file).
fn json_error(path: &Path, error: &serde_json::Error, line_offset: usize) -> ParseError {
    let raw = error.to_string();
    let message = with_context(&raw);
    let message = if message.contains("recursion limit exceeded") {
        format!(
            "the document is nested more than {MAX_DEPTH} levels deep; meshlens refuses such files"
        )
    } else if line_offset > 0 || error.line() == 1 && raw.contains("EOF") {
        format!("this line is not valid JSON: {message}")
    } else {
        format!("not valid JSON: {message}")
    };
    ParseError::new(path, message).at(
        Some(error.line() + line_offset),
        Some(error.column().max(1)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_text(
        name: &str,
        text: &str,
    ) -> Result<Option<Vec<(RecordKind, Origin)>>, ParseError> {
        Ok(match decode(Path::new(name), text.as_bytes())? {
            Decoded::Skipped => None,
            Decoded::Docs(docs) => Some(docs.docs.iter().map(|d| (d.kind, d.origin)).collect()),
        })
    }

    #[test]
    fn unrelated_files_are_skipped() {
        assert_eq!(
            decode_text("README.md", "# Hello\n\nSome text: here").unwrap(),
            None
        );
        assert_eq!(
            decode_text("app.yaml", "apiVersion: apps/v1\nkind: Deployment\n").unwrap(),
            None
        );
        assert_eq!(
            decode_text("bad.yaml", "apiVersion: [unclosed\n").unwrap(),
            None
        );
        assert_eq!(decode_text(".gitkeep", "").unwrap(), None);
    }

    #[test]
    fn empty_data_file_is_an_error() {
        let error = decode_text("orders.odcs.yaml", "  \n").unwrap_err();
        assert!(error.message.starts_with("the file is empty"), "{error}");
    }

    #[test]
    fn ndjson_bad_line_is_reported_with_its_number() {
        let text = "{\"eventType\":\"START\",\"run\":{},\"job\":{}}\n{oops\n{\"eventType\":\"COMPLETE\",\"run\":{},\"job\":{}}\n";
        let Decoded::Docs(docs) = decode(Path::new("e.ndjson"), text.as_bytes()).unwrap() else {
            panic!("expected docs");
        };
        assert_eq!(docs.docs.len(), 2);
        assert_eq!(docs.docs[1].origin, Origin::Line(3));
        assert_eq!(docs.errors.len(), 1);
        assert_eq!(docs.errors[0].line, Some(2));
        assert!(
            docs.errors[0]
                .message
                .starts_with("this line is not valid JSON"),
            "{}",
            docs.errors[0]
        );
    }

    #[test]
    fn json_array_of_events() {
        let text = "[{\"eventType\":\"START\",\"run\":{},\"job\":{}}, {\"other\": 1}]";
        assert_eq!(
            decode_text("e.json", text).unwrap(),
            Some(vec![(RecordKind::LineageEvent, Origin::Element(0))])
        );
    }

    #[test]
    fn yaml_syntax_error_has_location_and_plain_words() {
        let error = decode_text("c.yaml", "kind: DataContract\nid: x\n  version: 1\n").unwrap_err();
        assert_eq!((error.line, error.column), (Some(3), Some(10)));
        assert!(error.message.starts_with("YAML syntax error: "), "{error}");
        assert!(error.message.contains("must be quoted"), "{error}");
    }

    #[test]
    fn deep_json_is_refused_with_location() {
        let text = format!("{{\"eventType\": {}{}}}", "[".repeat(300), "]".repeat(300));
        let error = decode_text("deep.json", &text).unwrap_err();
        assert!(
            error.message.contains("nested more than 128 levels"),
            "{error}"
        );
        assert_eq!(error.line, Some(1));
    }

    #[test]
    fn non_string_keys_and_nulls_load() {
        let text = "kind: DataContract\n1: one\n~: nothing\ntrue: yes\n";
        assert_eq!(
            decode_text("c.yaml", text).unwrap(),
            Some(vec![(RecordKind::Contract, Origin::Whole)])
        );
    }

    #[test]
    fn several_yaml_documents_are_refused() {
        let error =
            decode_text("c.yaml", "kind: DataContract\n---\nkind: DataContract\n").unwrap_err();
        assert!(
            error
                .message
                .starts_with("the file holds several YAML documents"),
            "{error}"
        );
    }
}
