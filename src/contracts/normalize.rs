//! A contract as a tree whose lists are keyed by identity, so that two
//! versions are compared item by item, whatever the order of their lists.

use std::collections::HashSet;

use serde_json::{Map, Value};

/// One node of a normalised contract.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A string, number, boolean or null.
    Scalar(Value),
    /// A JSON object: fields by name.
    Object(Vec<(String, Node)>),
    /// A list of objects keyed by identity (schema objects by `id` or
    /// `name`, servers by `server`, ...), in document order. Each entry
    /// carries its `id`, if any, so a renamed item is still recognised.
    Keyed(Vec<Keyed>),
    /// A list of scalars (tags, examples): compared as a set.
    Set(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Keyed {
    pub key: String,
    pub id: Option<String>,
    pub node: Node,
}

impl Node {
    pub fn field(&self, name: &str) -> Option<&Node> {
        match self {
            Node::Object(fields) => fields.iter().find(|(k, _)| k == name).map(|(_, n)| n),
            Node::Keyed(items) => items.iter().find(|i| i.key == name).map(|i| &i.node),
            _ => None,
        }
    }

    /// The node at `path` (segments as [`super::Change::path`] joins them).
    pub fn at(&self, path: &[String]) -> Option<&Node> {
        path.iter()
            .try_fold(self, |node, segment| node.field(segment))
    }

    pub fn scalar(&self) -> Option<&Value> {
        match self {
            Node::Scalar(value) => Some(value),
            _ => None,
        }
    }

    pub fn text(&self, name: &str) -> Option<String> {
        self.field(name)
            .and_then(Node::scalar)
            .and_then(|v| scalar_text(v))
    }

    /// A short rendering for the old / new columns of a change.
    pub fn display(&self) -> Option<String> {
        match self {
            Node::Scalar(value) => scalar_text(value),
            Node::Set(items) => Some(items.join(", ")),
            Node::Object(_) | Node::Keyed(_) => None,
        }
    }
}

/// A scalar as text (`null` is no text).
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// How the items of a list are keyed, by where the list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListKind {
    /// Schema objects and properties: `name`, else `id`.
    Schema,
    /// Quality rules: `name`, else `id`, else position (paired later by
    /// [`super::walk`], which also matches them by id and content).
    Quality,
    /// Keyed by one field, else position.
    By(&'static str),
    /// Relationships: `id`, else `from:to` (object level) or `to` (property level).
    Relationships,
    /// Anything else: `id`, else `name`, else position.
    Generic,
}

fn list_kind(field: &str, in_schema: bool) -> ListKind {
    match field {
        "schema" if !in_schema => ListKind::Schema,
        "properties" if in_schema => ListKind::Schema,
        "quality" => ListKind::Quality,
        "servers" => ListKind::By("server"),
        "roles" => ListKind::By("role"),
        "support" => ListKind::By("channel"),
        "slaProperties" | "customProperties" => ListKind::By("property"),
        "members" => ListKind::By("username"),
        "authoritativeDefinitions" => ListKind::By("url"),
        "relationships" => ListKind::Relationships,
        _ => ListKind::Generic,
    }
}

/// Normalises a contract serialised by the model (so both sides of a diff
/// went through the same lenient parsing).
pub fn normalize(contract: &Value) -> Node {
    normalize_value(contract, false)
}

fn normalize_value(value: &Value, in_schema: bool) -> Node {
    match value {
        Value::Object(map) => normalize_object(map, in_schema),
        Value::Array(items) if items.iter().all(|v| !v.is_object() && !v.is_array()) => {
            Node::Set(items.iter().filter_map(scalar_text).collect())
        }
        Value::Array(items) => keyed(items, ListKind::Generic, in_schema),
        scalar => Node::Scalar(scalar.clone()),
    }
}

fn normalize_object(map: &Map<String, Value>, in_schema: bool) -> Node {
    let mut fields = Vec::with_capacity(map.len());
    for (name, value) in map {
        // An empty list or object says no more than a missing one.
        let empty = match value {
            Value::Null => true,
            Value::Array(items) => items.is_empty(),
            Value::Object(map) => map.is_empty(),
            _ => false,
        };
        if empty {
            continue;
        }
        let node = match value {
            Value::Array(items) if items.iter().any(Value::is_object) => {
                let kind = list_kind(name, in_schema);
                let child_in_schema = in_schema || name == "schema";
                keyed(items, kind, child_in_schema)
            }
            Value::Object(inner) => {
                normalize_object(inner, in_schema || name == "schema" || name == "items")
            }
            other => normalize_value(other, in_schema),
        };
        fields.push((name.clone(), node));
    }
    Node::Object(fields)
}

fn keyed(items: &[Value], kind: ListKind, in_schema: bool) -> Node {
    let mut out: Vec<Keyed> = Vec::with_capacity(items.len());
    let mut seen: HashSet<String> = HashSet::with_capacity(items.len());
    for (position, item) in items.iter().enumerate() {
        let Value::Object(map) = item else {
            continue;
        };
        let field = |name: &str| {
            map.get(name)
                .and_then(scalar_text)
                .filter(|s| !s.is_empty())
        };
        let key = match kind {
            ListKind::Schema | ListKind::Quality => field("name").or_else(|| field("id")),
            ListKind::By(name) => field(name),
            ListKind::Relationships => field("id").or_else(|| relationship_key(map)),
            ListKind::Generic => field("id").or_else(|| field("name")),
        };
        let mut key = key.unwrap_or_else(|| format!("[{position}]"));
        // Two items with one key (two `timeOfAvailability` SLAs): the later
        // ones get a suffix rather than hiding the first.
        if seen.contains(&key) {
            let mut n = 2;
            while seen.contains(&format!("{key}#{n}")) {
                n += 1;
            }
            key = format!("{key}#{n}");
        }
        seen.insert(key.clone());
        let mut node = normalize_object(map, in_schema);
        if let (ListKind::Schema | ListKind::By(_), Node::Object(fields)) = (kind, &mut node) {
            let key_field = match kind {
                ListKind::By(name) => name,
                _ => "name",
            };
            fields.retain(|(name, _)| name != key_field);
        }
        out.push(Keyed {
            key,
            id: field("id"),
            node,
        });
    }
    Node::Keyed(out)
}

fn relationship_key(map: &Map<String, Value>) -> Option<String> {
    let text = |name: &str| {
        map.get(name)
            .map(|v| v.to_string().trim_matches('"').to_owned())
    };
    match (text("from"), text("to")) {
        (Some(from), Some(to)) => Some(format!("{from}:{to}")),
        (None, Some(to)) => Some(to),
        (Some(from), None) => Some(from),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schema_lists_are_keyed_by_name_and_lose_the_name_field() {
        let node = normalize(&json!({
            "schema": [{"name": "orders", "properties": [
                {"name": "id", "logicalType": "string"},
                {"id": "p2", "name": "total"}
            ]}]
        }));
        let orders = node.at(&["schema".into(), "orders".into()]).unwrap();
        assert_eq!(orders.field("name"), None);
        let Some(Node::Keyed(props)) = orders.field("properties") else {
            panic!("properties are keyed");
        };
        let keys: Vec<_> = props
            .iter()
            .map(|k| (k.key.as_str(), k.id.as_deref()))
            .collect();
        assert_eq!(keys, [("id", None), ("total", Some("p2"))]);
    }

    #[test]
    fn duplicate_keys_get_a_suffix_and_scalar_lists_are_sets() {
        let node = normalize(&json!({
            "slaProperties": [
                {"property": "timeOfAvailability", "value": "09:00"},
                {"property": "timeOfAvailability", "value": "08:00"}
            ],
            "tags": ["b", "a"]
        }));
        let Some(Node::Keyed(slas)) = node.field("slaProperties") else {
            panic!("keyed");
        };
        let keys: Vec<_> = slas.iter().map(|k| k.key.as_str()).collect();
        assert_eq!(keys, ["timeOfAvailability", "timeOfAvailability#2"]);
        assert_eq!(
            node.field("tags"),
            Some(&Node::Set(vec!["b".into(), "a".into()]))
        );
    }
}
