//! JSON pointer → (line, column) in the source text, from yaml-rust2's event
//! parser (which also reads JSON). Aliases are not expanded, so a hostile file
//! costs no more than its size. Built only when a location is needed.

use std::collections::HashMap;

use super::decode::Origin;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Where each node of a document starts. A map entry is located at its key
/// (the line a user looks for), a list item at the item.
#[derive(Debug, Default)]
pub(crate) struct Locations {
    map: HashMap<String, (usize, usize)>,
}

impl Locations {
    /// Reads the first document of `text`; on a syntax error, keeps the
    /// locations read up to it.
    pub(crate) fn build(text: &str) -> Locations {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        let _partial_is_fine = parser.load(&mut builder, false);
        Locations { map: builder.map }
    }

    /// The location of `pointer`, or of its nearest ancestor that has one.
    pub(crate) fn find(&self, pointer: &str) -> Option<(usize, usize)> {
        let mut pointer = pointer;
        loop {
            if let Some(location) = self.map.get(pointer) {
                return Some(*location);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }
}

/// Line and column of `pointer` inside the document at `origin` of `text`.
/// Parses `text` again: call it only for errors and `validate`.
pub(crate) fn locate_in(
    text: &str,
    origin: Origin,
    pointer: &str,
) -> (Option<usize>, Option<usize>) {
    let found = match origin {
        Origin::Whole => Locations::build(text).find(pointer),
        Origin::Element(index) => Locations::build(text).find(&format!("/{index}{pointer}")),
        Origin::Line(number) => {
            let line = text.lines().nth(number.saturating_sub(1)).unwrap_or("");
            let column = Locations::build(line)
                .find(pointer)
                .map_or(1, |(_, column)| column);
            Some((number, column))
        }
    };
    (found.map(|l| l.0), found.map(|l| l.1))
}

/// Escapes one pointer segment (RFC 6901).
pub(crate) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

enum Frame {
    Map {
        pointer: String,
        key: String,
        expecting_key: bool,
    },
    Seq {
        pointer: String,
        index: usize,
    },
}

impl Frame {
    fn pointer(&self) -> &str {
        match self {
            Frame::Map { pointer, .. } | Frame::Seq { pointer, .. } => pointer,
        }
    }
}

/// yaml-rust2 marks a block mapping's start after its first key, so a
/// container is located at its first scalar instead; `unlocated` holds the
/// start marks of the open containers still waiting for one.
#[derive(Default)]
struct Builder {
    map: HashMap<String, (usize, usize)>,
    stack: Vec<Frame>,
    unlocated: Vec<(String, Marker)>,
}

impl Builder {
    fn record(&mut self, pointer: &str, mark: Marker) {
        self.map
            .entry(pointer.to_string())
            .or_insert((mark.line(), mark.col() + 1));
    }

    fn expecting_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame::Map {
                expecting_key: true,
                ..
            })
        )
    }

    /// The pointer of a value node starting at `mark`, recorded.
    fn start_value(&mut self, mark: Marker, is_container: bool) -> String {
        let pointer = match self.stack.last() {
            // The root is located at its first scalar (see `scalar`): a block
            // mapping's start event is marked after its first key.
            None => return String::new(),
            Some(Frame::Map { pointer, key, .. }) => format!("{pointer}/{}", escape(key)),
            Some(Frame::Seq { pointer, index }) => format!("{pointer}/{index}"),
        };
        if is_container {
            self.unlocated.push((pointer.clone(), mark));
        } else {
            self.record(&pointer, mark);
        }
        pointer
    }

    fn finish_node(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Map { expecting_key, .. }) => *expecting_key = !*expecting_key,
            Some(Frame::Seq { index, .. }) => *index += 1,
            None => {}
        }
    }

    fn scalar(&mut self, text: String, mark: Marker) {
        self.record("", mark);
        for (pointer, _) in std::mem::take(&mut self.unlocated) {
            self.record(&pointer, mark);
        }
        if self.expecting_key() {
            if let Some(Frame::Map { pointer, key, .. }) = self.stack.last_mut() {
                let full = format!("{pointer}/{}", escape(&text));
                *key = text;
                self.record(&full, mark);
            }
        } else {
            self.start_value(mark, false);
        }
        self.finish_node();
    }

    fn start_container(&mut self, mark: Marker, is_map: bool) {
        // A complex (mapping or list) key: its children get throwaway pointers.
        let pointer = if self.expecting_key() {
            "/\u{0}complex-key".to_string()
        } else {
            self.start_value(mark, true)
        };
        self.stack.push(if is_map {
            Frame::Map {
                pointer,
                key: String::new(),
                expecting_key: true,
            }
        } else {
            Frame::Seq { pointer, index: 0 }
        });
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(text, ..) => self.scalar(text, mark),
            Event::Alias(_) => self.scalar("*".to_string(), mark),
            Event::MappingStart(..) => self.start_container(mark, true),
            Event::SequenceStart(..) => self.start_container(mark, false),
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(frame) = self.stack.pop() {
                    // An empty container has no scalar: use its start mark.
                    if let Some(i) = self
                        .unlocated
                        .iter()
                        .position(|(p, _)| p == frame.pointer())
                    {
                        let (pointer, start) = self.unlocated.remove(i);
                        self.record(&pointer, start);
                    }
                }
                self.finish_node();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "\
kind: DataContract
schema:
  - name: orders
    properties:
      - name: id
        required: sometimes
team:
  members: [{username: a}, {username: b}]
\"a/b\": 1
";

    #[test]
    fn locates_keys_and_items() {
        let locations = Locations::build(YAML);
        assert_eq!(locations.find(""), Some((1, 1)));
        assert_eq!(locations.find("/kind"), Some((1, 1)));
        assert_eq!(locations.find("/schema/0"), Some((3, 5)));
        assert_eq!(
            locations.find("/schema/0/properties/0/required"),
            Some((6, 9))
        );
        assert_eq!(locations.find("/team/members/1/username"), Some((8, 29)));
        assert_eq!(locations.find("/a~1b"), Some((9, 1)));
    }

    #[test]
    fn unknown_pointer_falls_back_to_ancestor() {
        let locations = Locations::build(YAML);
        assert_eq!(locations.find("/schema/0/properties/9/name"), Some((4, 5)));
    }

    #[test]
    fn json_is_located_too() {
        let locations = Locations::build("{\"run\": {\"runId\": 5},\n \"job\": {}}");
        assert_eq!(locations.find("/run/runId"), Some((1, 10)));
        assert_eq!(locations.find("/job"), Some((2, 2)));
    }

    #[test]
    fn alias_bomb_is_not_expanded() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..30 {
            text.push_str(&format!(
                "b{i}: &b{i} [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            ));
        }
        let locations = Locations::build(&text);
        assert_eq!(locations.find("/b29/9"), Some((31, 48)));
    }
}
