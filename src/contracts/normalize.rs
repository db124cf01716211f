//! A contract as a tree whose lists are keyed by identity, so that two
//! versions are compared item by item, whatever the order of their lists.

use std::collections::HashSet;

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

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
            .and_then(scalar_text)
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

/// A YAML or JSON document as read: fields in document order, nothing
/// typed. Contract files are read straight into it (no model, no JSON
/// value in between), and the model's contracts are converted to it.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Scalar(Value),
    Map(Vec<(String, Raw)>),
    List(Vec<Raw>),
}

impl Raw {
    pub fn text(&self, name: &str) -> Option<String> {
        match self {
            Raw::Map(fields) => fields
                .iter()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| match v {
                    Raw::Scalar(value) => scalar_text(value),
                    _ => None,
                }),
            _ => None,
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Raw::Scalar(value) => value.is_null(),
            Raw::Map(fields) => fields.is_empty(),
            Raw::List(items) => items.is_empty(),
        }
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Raw, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML or JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Scalar(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Scalar(Value::from(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw::Scalar(Value::from(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Scalar(Value::from(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Scalar(Value::String(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Scalar(Value::String(v)))
    }

    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Scalar(Value::Null))
    }

    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Scalar(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut fields: Vec<(String, Raw)> = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(key) = map.next_key::<Raw>()? {
            let name = match key {
                Raw::Scalar(value) => scalar_text(&value).unwrap_or_default(),
                _ => {
                    return Err(serde::de::Error::custom(
                        "a mapping key must be a plain value",
                    ));
                }
            };
            fields.push((name, map.next_value()?));
        }
        Ok(Raw::Map(fields))
    }
}

/// Normalises a read document.
pub fn normalize(contract: Raw) -> Node {
    normalize_node(contract, false)
}

fn normalize_node(raw: Raw, in_schema: bool) -> Node {
    match raw {
        Raw::Map(fields) => normalize_map(fields, in_schema),
        Raw::List(items) if items.iter().all(|v| matches!(v, Raw::Scalar(_))) => Node::Set(
            items
                .into_iter()
                .filter_map(|item| match item {
                    Raw::Scalar(value) => scalar_text(&value),
                    _ => None,
                })
                .collect(),
        ),
        Raw::List(items) => keyed(items, ListKind::Generic, in_schema),
        Raw::Scalar(value) => Node::Scalar(value),
    }
}

fn normalize_map(map: Vec<(String, Raw)>, in_schema: bool) -> Node {
    let mut fields = Vec::with_capacity(map.len());
    for (name, value) in map {
        // An empty list or object says no more than a missing one.
        if value.is_empty() {
            continue;
        }
        let node = match value {
            Raw::List(items) if items.iter().any(|i| matches!(i, Raw::Map(_))) => {
                let kind = list_kind(&name, in_schema);
                let child_in_schema = in_schema || name == "schema";
                keyed(items, kind, child_in_schema)
            }
            Raw::Map(inner) => {
                let child_in_schema = in_schema || name == "schema" || name == "items";
                normalize_map(inner, child_in_schema)
            }
            other => normalize_node(other, in_schema),
        };
        fields.push((name, node));
    }
    Node::Object(fields)
}

fn keyed(items: Vec<Raw>, kind: ListKind, in_schema: bool) -> Node {
    let mut out: Vec<Keyed> = Vec::with_capacity(items.len());
    let mut seen: HashSet<String> = HashSet::with_capacity(items.len());
    for (position, item) in items.into_iter().enumerate() {
        let Raw::Map(mut fields) = item else {
            continue;
        };
        let field = |name: &str, fields: &[(String, Raw)]| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| match v {
                    Raw::Scalar(value) => scalar_text(value).filter(|s| !s.is_empty()),
                    _ => None,
                })
        };
        let key = match kind {
            ListKind::Schema | ListKind::Quality => {
                field("name", &fields).or_else(|| field("id", &fields))
            }
            ListKind::By(name) => field(name, &fields),
            ListKind::Relationships => field("id", &fields).or_else(|| relationship_key(&fields)),
            ListKind::Generic => field("id", &fields).or_else(|| field("name", &fields)),
        };
        let id = field("id", &fields);
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
        let key_field = match kind {
            ListKind::By(name) => Some(name),
            ListKind::Schema => Some("name"),
            _ => None,
        };
        if let Some(key_field) = key_field {
            fields.retain(|(name, _)| name != key_field);
        }
        out.push(Keyed {
            key,
            id,
            node: normalize_map(fields, in_schema),
        });
    }
    Node::Keyed(out)
}

fn relationship_key(fields: &[(String, Raw)]) -> Option<String> {
    let text = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| match v {
                Raw::Scalar(value) => scalar_text(value).unwrap_or_default(),
                Raw::List(items) => items
                    .iter()
                    .filter_map(|i| match i {
                        Raw::Scalar(value) => scalar_text(value),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
                    .join(","),
                Raw::Map(_) => String::new(),
            })
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

    pub(crate) fn raw(value: serde_json::Value) -> Raw {
        Raw::deserialize(value).unwrap()
    }

    #[test]
    fn schema_lists_are_keyed_by_name_and_lose_the_name_field() {
        let node = normalize(raw(json!({
            "schema": [{"name": "orders", "properties": [
                {"name": "id", "logicalType": "string"},
                {"id": "p2", "name": "total"}
            ]}]
        })));
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
        let node = normalize(raw(json!({
            "slaProperties": [
                {"property": "timeOfAvailability", "value": "09:00"},
                {"property": "timeOfAvailability", "value": "08:00"}
            ],
            "tags": ["b", "a"]
        })));
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
