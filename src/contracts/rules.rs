//! The rules that give each change its direction, tried in order; the first
//! that applies decides. They follow datacontract-cli 1.2.8's `breaking`
//! rules; `sla` and `server` rules are meshlens's own (docs/diff.md). Quality
//! rules have their own module.

use super::normalize::Node;
use super::numbers::{accepted_direction, node_number, probes};
use super::walk::RawChange;
use super::{ChangeKind, Direction, quality, sla};

/// What a rule decided.
pub struct Verdict {
    pub rule: &'static str,
    pub direction: Direction,
    pub subject: String,
}

pub(super) fn verdict(
    rule: &'static str,
    direction: Direction,
    subject: impl Into<String>,
) -> Verdict {
    Verdict {
        rule,
        direction,
        subject: subject.into(),
    }
}

/// Both versions, for rules that look beyond the changed field.
pub struct Trees<'a> {
    pub before: &'a Node,
    pub after: &'a Node,
}

type Rule = fn(&RawChange<'_>, &Trees<'_>) -> Option<Verdict>;

const RULES: [Rule; 13] = [
    quality::quality,
    relationship,
    sla::sla,
    server,
    physical_name,
    renamed,
    required,
    schema_added_or_removed,
    property_added_or_removed,
    type_changed,
    unique,
    primary_key,
    validation,
];

pub fn classify(change: &RawChange<'_>, trees: &Trees<'_>) -> Verdict {
    RULES
        .iter()
        .find_map(|rule| rule(change, trees))
        .or_else(|| enum_values(change))
        .unwrap_or_else(|| verdict("metadata", Direction::Untested, "value"))
}

fn in_schema(path: &[String]) -> bool {
    path.first().is_some_and(|s| s == "schema")
}

/// Fields whose value is a list: the segment after one is an item's key.
const LISTS: [&str; 14] = [
    "schema",
    "properties",
    "quality",
    "relationships",
    "servers",
    "roles",
    "slaProperties",
    "customProperties",
    "authoritativeDefinitions",
    "support",
    "members",
    "tags",
    "enum",
    "examples",
];

/// For each segment, whether it names a field (not a list item's key: a
/// property may well be called `required` or `quality`).
pub(super) fn field_segments(path: &[String]) -> Vec<bool> {
    let mut after_list = false;
    path.iter()
        .map(|segment| {
            let is_field = !after_list;
            after_list = is_field && LISTS.contains(&segment.as_str());
            is_field
        })
        .collect()
}

/// The last segment, when it names a field ("" when it is a key).
fn last(path: &[String]) -> &str {
    match (path.last(), field_segments(path).last()) {
        (Some(segment), Some(true)) => segment,
        _ => "",
    }
}

/// The last position of field `name` in the path.
pub(super) fn field_position(path: &[String], name: &str) -> Option<usize> {
    let fields = field_segments(path);
    (0..path.len())
        .rev()
        .find(|&i| fields[i] && path[i] == name)
}

/// Whether the path ends at a schema property (`schema.o.properties.p`,
/// nested `…properties.p.properties.q`, or an array's `…items.properties.q`).
fn is_property(path: &[String]) -> bool {
    let n = path.len();
    in_schema(path) && n >= 4 && field_position(path, "properties") == Some(n - 2)
}

fn flag(node: Option<&Node>) -> Option<bool> {
    match node {
        None => Some(false),
        Some(node) => match node.scalar()? {
            serde_json::Value::Bool(b) => Some(*b),
            serde_json::Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" => Some(true),
                "false" | "0" => Some(false),
                _ => None,
            },
            serde_json::Value::Null => Some(false),
            _ => None,
        },
    }
}

/// A boolean constraint (absent is off): on tightens, off loosens.
fn flag_direction(change: &RawChange<'_>) -> Direction {
    match (flag(change.old), flag(change.new)) {
        (Some(a), Some(b)) if a == b => Direction::Untested,
        (Some(_), Some(true)) => Direction::Tightens,
        (Some(_), Some(false)) => Direction::Loosens,
        _ => Direction::Undetermined,
    }
}

pub(super) fn added_removed(change: &RawChange<'_>) -> Direction {
    match change.kind {
        ChangeKind::Added => Direction::Tightens,
        ChangeKind::Removed => Direction::Loosens,
        ChangeKind::Updated => Direction::Both,
    }
}

fn schema_added_or_removed(change: &RawChange<'_>, _: &Trees<'_>) -> Option<Verdict> {
    (change.path.len() == 2 && in_schema(&change.path) && change.kind != ChangeKind::Updated)
        .then(|| verdict("schema-added-or-removed", added_removed(change), "schema"))
}

fn property_added_or_removed(change: &RawChange<'_>, _: &Trees<'_>) -> Option<Verdict> {
    (is_property(&change.path) && change.kind != ChangeKind::Updated).then(|| {
        verdict(
            "property-added-or-removed",
            added_removed(change),
            "property",
        )
    })
}

/// An item matched by its `id` under another name: readers by name break.
fn renamed(change: &RawChange<'_>, trees: &Trees<'_>) -> Option<Verdict> {
    let (old, new) = super::walk::renamed_keys(trees.before, trees.after, &change.path)?;
    Some(verdict(
        "renamed",
        Direction::Both,
        format!("name (was `{old}`, now `{new}`)"),
    ))
}

fn physical_name(change: &RawChange<'_>, _: &Trees<'_>) -> Option<Verdict> {
    if !in_schema(&change.path) || last(&change.path) != "physicalName" {
        return None;
    }
    // The logical name stands in for a missing physical name.
    let owner = &change.path[change.path.len() - 2];
    let old = change.old.and_then(Node::display);
    let new = change.new.and_then(Node::display);
    let direction = if old.as_deref().unwrap_or(owner) == new.as_deref().unwrap_or(owner) {
        Direction::Untested
    } else {
        Direction::Both
    };
    Some(verdict("physical-name-changed", direction, "physical name"))
}

fn required(change: &RawChange<'_>, _: &Trees<'_>) -> Option<Verdict> {
    (in_schema(&change.path) && last(&change.path) == "required")
        .then(|| verdict("required-changed", flag_direction(change), "requiredness"))
}

fn type_changed(change: &RawChange<'_>, _: &Trees<'_>) -> Option<Verdict> {
    // An object's physicalType is its kind (table, view): no reader depends on it.
    let field = last(&change.path);
    if !in_schema(&change.path)
        || change.path.len() < 5
        || !matches!(field, "logicalType" | "physicalType")
    {
        return None;
    }
    Some(verdict("type-changed", added_removed(change), "type"))
}

fn unique(change: &RawChange<'_>, _: &Trees<'_>) -> Option<Verdict> {
    (in_schema(&change.path) && matches!(last(&change.path), "unique" | "uniqueItems"))
        .then(|| verdict("unique-changed", flag_direction(change), "uniqueness"))
}

fn primary_key(change: &RawChange<'_>, trees: &Trees<'_>) -> Option<Verdict> {
    if !in_schema(&change.path) {
        return None;
    }
    match last(&change.path) {
        "primaryKeyPosition" => Some(verdict("key-changed", Direction::Untested, "key position")),
        "primaryKey" => {
            let mut direction = flag_direction(change);
            // A column joining or leaving a composite key changes both its
            // not-null and the key's uniqueness.
            let object = &change.path[..2];
            let composite = [trees.before, trees.after].iter().any(|tree| {
                let Some(Node::Keyed(props)) = tree.at(object).and_then(|o| o.field("properties"))
                else {
                    return false;
                };
                props
                    .iter()
                    .filter(|p| flag(p.node.field("primaryKey")) == Some(true))
                    .count()
                    > 1
            });
            if composite && matches!(direction, Direction::Tightens | Direction::Loosens) {
                direction = Direction::Both;
            }
            Some(verdict("key-changed", direction, "key constraint"))
        }
        _ => None,
    }
}

const LOWER_BOUNDS: [&str; 4] = ["minLength", "minimum", "exclusiveMinimum", "minItems"];
const CONSTRAINTS: [&str; 9] = [
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
];

fn validation(change: &RawChange<'_>, trees: &Trees<'_>) -> Option<Verdict> {
    let key = last(&change.path);
    if !in_schema(&change.path) || !CONSTRAINTS.contains(&key) {
        return None;
    }
    let options = &change.path[..change.path.len() - 1];
    let pair = match key {
        "minimum" | "exclusiveMinimum" => Some(["minimum", "exclusiveMinimum"]),
        "maximum" | "exclusiveMaximum" => Some(["maximum", "exclusiveMaximum"]),
        _ => None,
    };
    let direction = match (change.kind, pair) {
        (ChangeKind::Added | ChangeKind::Removed, Some(group))
            if group.iter().any(|other| {
                *other != key
                    && [trees.before, trees.after]
                        .iter()
                        .any(|t| t.at(options).and_then(|o| o.field(other)).is_some())
            }) =>
        {
            bound_swap(trees, options, group)
        }
        (ChangeKind::Added, _) => Direction::Tightens,
        (ChangeKind::Removed, _) => Direction::Loosens,
        (ChangeKind::Updated, _) if key == "pattern" => Direction::Undetermined,
        (ChangeKind::Updated, _) => match (node_number(change.old), node_number(change.new)) {
            (Some(a), Some(b)) if a == b => Direction::Untested,
            (Some(a), Some(b)) if LOWER_BOUNDS.contains(&key) == (b > a) => Direction::Tightens,
            (Some(_), Some(_)) => Direction::Loosens,
            _ => Direction::Undetermined,
        },
    };
    Some(verdict(
        "validation-changed",
        direction,
        "validation constraint",
    ))
}

/// An inclusive bound replaced by an exclusive one (or the reverse):
/// compare what both versions accept.
fn bound_swap(trees: &Trees<'_>, options: &[String], group: [&str; 2]) -> Direction {
    let bounds = |tree: &Node| -> Option<Vec<(&str, f64)>> {
        let options = tree.at(options);
        group
            .iter()
            .filter_map(|k| options.and_then(|o| o.field(k)).map(|n| (*k, Some(n))))
            .map(|(k, n)| node_number(n).map(|v| (k, v)))
            .collect()
    };
    let (Some(old), Some(new)) = (bounds(trees.before), bounds(trees.after)) else {
        return Direction::Undetermined;
    };
    let accepts = |bounds: &[(&str, f64)], v: f64| {
        bounds.iter().all(|(k, b)| match *k {
            "minimum" => v >= *b,
            "exclusiveMinimum" => v > *b,
            "maximum" => v <= *b,
            _ => v < *b,
        })
    };
    let all: Vec<f64> = old.iter().chain(&new).map(|(_, b)| *b).collect();
    let integers = all.iter().all(|b| b.fract() == 0.0);
    accepted_direction(
        |v| accepts(&old, v),
        |v| accepts(&new, v),
        &probes(&all, integers),
    )
}

/// Allowed values: a value added loosens, a value removed tightens.
fn enum_values(change: &RawChange<'_>) -> Option<Verdict> {
    let n = change.path.len();
    let is_value = n >= 2 && field_position(&change.path, "enum") == Some(n - 2);
    (in_schema(&change.path) && is_value).then(|| {
        let direction = match change.kind {
            ChangeKind::Added => Direction::Loosens,
            ChangeKind::Removed => Direction::Tightens,
            ChangeKind::Updated => Direction::Both,
        };
        verdict("enum-changed", direction, "allowed values")
    })
}

fn relationship(change: &RawChange<'_>, trees: &Trees<'_>) -> Option<Verdict> {
    let at = field_position(&change.path, "relationships")?;
    if !in_schema(&change.path) || at + 1 >= change.path.len() {
        return None;
    }
    let rel = &change.path[..=at + 1];
    let kind = |tree: &Node| tree.at(rel).and_then(|r| r.text("type"));
    let checked = |t: Option<String>| t.as_deref().unwrap_or("foreignKey") == "foreignKey";
    let field = change.path.get(at + 2).map(String::as_str);
    let direction = match field {
        Some("type") => match (
            checked(change.old.and_then(Node::display)),
            checked(change.new.and_then(Node::display)),
        ) {
            (a, b) if a == b => Direction::Untested,
            (_, true) => Direction::Tightens,
            _ => Direction::Loosens,
        },
        _ if !checked(kind(trees.after).or_else(|| kind(trees.before))) => Direction::Untested,
        None => added_removed(change),
        Some("from" | "to") => Direction::Both,
        Some(_) => Direction::Untested,
    };
    Some(verdict("relationship-changed", direction, "relationship"))
}

/// Where the data lives: a moved server breaks readers and writers alike.
fn server(change: &RawChange<'_>, _: &Trees<'_>) -> Option<Verdict> {
    const LOCATION: [&str; 14] = [
        "type",
        "host",
        "port",
        "database",
        "schema",
        "catalog",
        "project",
        "dataset",
        "location",
        "path",
        "topic",
        "account",
        "format",
        "delimiter",
    ];
    if change.path.first().map(String::as_str) != Some("servers") || change.path.len() < 2 {
        return None;
    }
    let direction = match change.path.get(2).map(String::as_str) {
        None => added_removed(change),
        Some(field) if LOCATION.contains(&field) && change.path.len() == 3 => Direction::Both,
        Some(_) => Direction::Untested,
    };
    Some(verdict("server-changed", direction, "server"))
}
