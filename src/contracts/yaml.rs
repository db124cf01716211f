//! A contract file's YAML read straight into a [`Raw`] tree by a streaming
//! parser: no event list and no typed model in between, so two 5,000-property
//! files diff in a few tens of milliseconds. Anything unusual (aliases, tags,
//! several documents, deep nesting) returns None, and the caller reads the
//! file the general way, with its safeguards and located error messages.

use serde_json::Value;
use yaml_rust2::parser::{Event, EventReceiver, Parser};
use yaml_rust2::scanner::TScalarStyle;

use super::normalize::Raw;

/// The deepest nesting read here (the general reader refuses deeper files).
const MAX_DEPTH: usize = 128;

enum Frame {
    Map(Vec<(String, Raw)>, Option<String>),
    Seq(Vec<Raw>),
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<Raw>,
    unusual: bool,
}

impl Builder {
    fn put(&mut self, value: Raw) {
        match self.stack.last_mut() {
            None if self.root.is_none() => self.root = Some(value),
            None => self.unusual = true,
            Some(Frame::Seq(items)) => items.push(value),
            Some(Frame::Map(_, key @ None)) => match value {
                Raw::Scalar(k) => {
                    *key = Some(super::normalize::scalar_text(&k).unwrap_or_default())
                }
                _ => self.unusual = true,
            },
            Some(Frame::Map(fields, key)) => {
                if let Some(name) = key.take() {
                    fields.push((name, value));
                }
            }
        }
    }

    fn open(&mut self, frame: Frame) {
        if self.stack.len() >= MAX_DEPTH {
            self.unusual = true;
        }
        self.stack.push(frame);
    }

    fn close(&mut self) {
        match self.stack.pop() {
            Some(Frame::Map(fields, _)) => self.put(Raw::Map(fields)),
            Some(Frame::Seq(items)) => self.put(Raw::List(items)),
            None => self.unusual = true,
        }
    }
}

impl EventReceiver for Builder {
    fn on_event(&mut self, event: Event) {
        if self.unusual {
            return;
        }
        match event {
            Event::Scalar(text, style, _, tag) => {
                if tag.is_some() {
                    self.unusual = true;
                    return;
                }
                let value = if style == TScalarStyle::Plain {
                    plain(text)
                } else {
                    Value::String(text)
                };
                self.put(Raw::Scalar(value));
            }
            Event::MappingStart(_, tag) | Event::SequenceStart(_, tag) if tag.is_some() => {
                self.unusual = true;
            }
            Event::MappingStart(..) => self.open(Frame::Map(Vec::new(), None)),
            Event::SequenceStart(..) => self.open(Frame::Seq(Vec::new())),
            Event::MappingEnd | Event::SequenceEnd => self.close(),
            Event::Alias(_) => self.unusual = true,
            Event::DocumentStart if self.root.is_some() => self.unusual = true,
            _ => {}
        }
    }
}

/// A plain scalar by YAML 1.2's core schema: null, booleans, numbers, else text.
fn plain(text: String) -> Value {
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let body = text.strip_prefix(['-', '+']).unwrap_or(&text);
    if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = text.parse::<i64>() {
            return Value::from(n);
        }
        if let Ok(n) = text.parse::<u64>() {
            return Value::from(n);
        }
    }
    let numeric = body.bytes().any(|b| b.is_ascii_digit())
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    let number = numeric
        .then(|| text.parse::<f64>().ok())
        .flatten()
        .and_then(serde_json::Number::from_f64);
    match number {
        Some(n) => Value::Number(n),
        None => Value::String(text),
    }
}

/// The document, or None when it is not a plain, single YAML document.
pub fn read(text: &str) -> Option<Raw> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut builder, true).ok()?;
    if builder.unusual || !builder.stack.is_empty() {
        return None;
    }
    builder.root
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Option<Raw> {
        read(text)
    }

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        let raw = parse("a: 1\nb: 1.5\nc: true\nd: ~\ne: '1'\nf: yes\ng: 1.0.0\nh: -3\n").unwrap();
        let Raw::Map(fields) = raw else {
            panic!("a map")
        };
        let values: Vec<String> = fields.iter().map(|(_, v)| format!("{v:?}")).collect();
        assert_eq!(
            values,
            [
                "Scalar(Number(1))",
                "Scalar(Number(1.5))",
                "Scalar(Bool(true))",
                "Scalar(Null)",
                "Scalar(String(\"1\"))",
                "Scalar(String(\"yes\"))",
                "Scalar(String(\"1.0.0\"))",
                "Scalar(Number(-3))",
            ]
        );
    }

    #[test]
    fn it_agrees_with_serde_norway_on_a_contract() {
        let text = "kind: DataContract\nid: x\nversion: 2.0.0\nschema:\n  - name: orders\n    properties:\n      - {name: id, required: true, logicalTypeOptions: {maxLength: 20}}\n      - name: tags\n        examples: [a, 'b', 3]\n";
        let ours = parse(text).unwrap();
        let theirs: Raw = serde_norway::from_str(text).unwrap();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn aliases_tags_and_several_documents_go_the_general_way() {
        assert_eq!(parse("a: &x 1\nb: *x\n"), None);
        assert_eq!(parse("a: !!str 1\n"), None);
        assert_eq!(parse("a: 1\n---\nb: 2\n"), None);
        assert_eq!(parse("a: [1, 2\n"), None);
    }
}
