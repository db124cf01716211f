//! The structural diff of two normalised contracts: every field added,
//! removed or updated, with list items paired by identity.

use std::collections::HashMap;

use super::ChangeKind;
use super::normalize::{Keyed, Node};

/// One difference, before classification.
#[derive(Debug, Clone, PartialEq)]
pub struct RawChange<'a> {
    pub path: Vec<String>,
    pub kind: ChangeKind,
    pub old: Option<&'a Node>,
    pub new: Option<&'a Node>,
}

/// The differences from `old` to `new`.
pub fn walk<'a>(old: &'a Node, new: &'a Node) -> Vec<RawChange<'a>> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    diff_node(&mut path, "", old, new, &mut out);
    out
}

fn push<'a>(
    out: &mut Vec<RawChange<'a>>,
    path: &[&str],
    kind: ChangeKind,
    old: Option<&'a Node>,
    new: Option<&'a Node>,
) {
    out.push(RawChange {
        path: path.iter().map(|s| (*s).to_owned()).collect(),
        kind,
        old,
        new,
    });
}

fn diff_node<'a>(
    path: &mut Vec<&'a str>,
    field: &str,
    old: &'a Node,
    new: &'a Node,
    out: &mut Vec<RawChange<'a>>,
) {
    match (old, new) {
        (Node::Object(a), Node::Object(b)) => diff_objects(path, a, b, out),
        (Node::Keyed(a), Node::Keyed(b)) => diff_keyed(path, field, a, b, out),
        (Node::Set(a), Node::Set(b)) => diff_sets(path, a, b, out),
        (Node::Scalar(a), Node::Scalar(b)) if a == b => {}
        _ if old == new => {}
        _ => push(out, path, ChangeKind::Updated, Some(old), Some(new)),
    }
}

fn diff_objects<'a>(
    path: &mut Vec<&'a str>,
    old: &'a [(String, Node)],
    new: &'a [(String, Node)],
    out: &mut Vec<RawChange<'a>>,
) {
    for (name, new_node) in new {
        path.push(name);
        match old.iter().find(|(k, _)| k == name) {
            Some((_, old_node)) => diff_node(path, name, old_node, new_node, out),
            None => one_sided(path, name, None, Some(new_node), out),
        }
        path.pop();
    }
    for (name, old_node) in old {
        if !new.iter().any(|(k, _)| k == name) {
            path.push(name);
            one_sided(path, name, Some(old_node), None, out);
            path.pop();
        }
    }
}

/// A field only one side has. A missing list is an empty list, so adding
/// the first property to an object reports that property, not a new list.
fn one_sided<'a>(
    path: &mut Vec<&'a str>,
    field: &str,
    old: Option<&'a Node>,
    new: Option<&'a Node>,
    out: &mut Vec<RawChange<'a>>,
) {
    const NO_ITEMS: &[Keyed] = &[];
    match (old, new) {
        (None, Some(Node::Keyed(items))) => diff_keyed(path, field, NO_ITEMS, items, out),
        (Some(Node::Keyed(items)), None) => diff_keyed(path, field, items, NO_ITEMS, out),
        (None, Some(Node::Set(items))) => diff_sets(path, &[], items, out),
        (Some(Node::Set(items)), None) => diff_sets(path, items, &[], out),
        // A field object (type options, a description) added or removed:
        // each of its fields is a change of its own (a `maxLength` going
        // with its options still loosens). List items, by contrast, are
        // elements that carry the grade for everything inside them.
        (None, Some(Node::Object(fields))) => {
            for (name, node) in fields {
                path.push(name);
                one_sided(path, name, None, Some(node), out);
                path.pop();
            }
        }
        (Some(Node::Object(fields)), None) => {
            for (name, node) in fields {
                path.push(name);
                one_sided(path, name, Some(node), None, out);
                path.pop();
            }
        }
        (None, Some(node)) => push(out, path, ChangeKind::Added, None, Some(node)),
        (Some(node), None) => push(out, path, ChangeKind::Removed, Some(node), None),
        _ => {}
    }
}

fn diff_sets<'a>(
    path: &mut Vec<&'a str>,
    old: &'a [String],
    new: &'a [String],
    out: &mut Vec<RawChange<'a>>,
) {
    for item in new.iter().filter(|item| !old.contains(item)) {
        path.push(item);
        push(out, path, ChangeKind::Added, None, None);
        path.pop();
    }
    for item in old.iter().filter(|item| !new.contains(item)) {
        path.push(item);
        push(out, path, ChangeKind::Removed, None, None);
        path.pop();
    }
}

fn is_positional(key: &str) -> bool {
    key.starts_with('[') && key.ends_with(']')
}

/// Whether two list items are the same item, by one tier of evidence.
type SameItem = dyn Fn(&Keyed, &Keyed) -> bool;

fn id_of(k: &Keyed) -> Option<&str> {
    k.id.as_deref()
}

fn name_of(k: &Keyed) -> Option<&str> {
    (!is_positional(&k.key)).then_some(k.key.as_str())
}

fn key_of(k: &Keyed) -> Option<&str> {
    Some(k.key.as_str())
}

/// For each new item, the old item it pairs with, for a keyed list at `field`.
/// Identity lookups go through hash maps (a 5,000-property object pairs in
/// linear time); the content tiers of quality rules only see the few rules
/// left unpaired by id and name.
fn pair(field: &str, old: &[Keyed], new: &[Keyed]) -> Vec<Option<usize>> {
    let mut new_to_old: Vec<Option<usize>> = vec![None; new.len()];
    let mut old_taken = vec![false; old.len()];
    let mut by_lookup = |key_of: &dyn Fn(&Keyed) -> Option<&str>| {
        let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, a) in old.iter().enumerate().rev() {
            if let Some(key) = key_of(a).filter(|_| !old_taken[i]) {
                index.entry(key).or_default().push(i);
            }
        }
        for (j, b) in new.iter().enumerate() {
            if new_to_old[j].is_some() {
                continue;
            }
            if let Some(i) = key_of(b).and_then(|k| index.get_mut(k)).and_then(Vec::pop) {
                old_taken[i] = true;
                new_to_old[j] = Some(i);
            }
        }
    };
    match field {
        "schema" | "properties" => {
            by_lookup(&id_of);
            by_lookup(&name_of);
        }
        "quality" => {
            by_lookup(&id_of);
            by_lookup(&name_of);
            let same_check = |a: &Keyed, b: &Keyed| {
                ["type", "metric", "query", "engine", "implementation"]
                    .iter()
                    .all(|f| a.node.field(f) == b.node.field(f))
            };
            let both_positional =
                |a: &Keyed, b: &Keyed| is_positional(&a.key) && is_positional(&b.key);
            let tiers: [&SameItem; 3] = [&|a, b| a.node == b.node, &same_check, &both_positional];
            for same in tiers {
                for (j, b) in new.iter().enumerate() {
                    if new_to_old[j].is_some() {
                        continue;
                    }
                    if let Some(i) = (0..old.len()).find(|&i| !old_taken[i] && same(&old[i], b)) {
                        old_taken[i] = true;
                        new_to_old[j] = Some(i);
                    }
                }
            }
        }
        _ => by_lookup(&key_of),
    }
    new_to_old
}

fn diff_keyed<'a>(
    path: &mut Vec<&'a str>,
    field: &str,
    old: &'a [Keyed],
    new: &'a [Keyed],
    out: &mut Vec<RawChange<'a>>,
) {
    let new_to_old = pair(field, old, new);
    let mut old_paired = vec![false; old.len()];
    for i in new_to_old.iter().flatten() {
        old_paired[*i] = true;
    }
    for (j, b) in new.iter().enumerate() {
        match new_to_old[j] {
            Some(i) => {
                let a = &old[i];
                let key = if is_positional(&b.key) && !is_positional(&a.key) {
                    &a.key
                } else {
                    &b.key
                };
                path.push(key);
                if a.key != b.key && !is_positional(&a.key) && !is_positional(&b.key) {
                    path.push("name");
                    push(out, path, ChangeKind::Updated, None, None);
                    path.pop();
                }
                diff_node(path, key, &a.node, &b.node, out);
                path.pop();
            }
            None => {
                path.push(&b.key);
                push(out, path, ChangeKind::Added, None, Some(&b.node));
                path.pop();
            }
        }
    }
    for (i, a) in old.iter().enumerate() {
        if !old_paired[i] {
            path.push(&a.key);
            push(out, path, ChangeKind::Removed, Some(&a.node), None);
            path.pop();
        }
    }
}

/// The old and new key of a renamed item (`…<new key>.name` updated).
pub fn renamed_keys(old: &Node, new: &Node, path: &[String]) -> Option<(String, String)> {
    let (last, parent) = path.split_last()?;
    if last != "name" {
        return None;
    }
    let (new_key, list_path) = parent.split_last()?;
    let Some(Node::Keyed(new_items)) = new.at(list_path) else {
        return None;
    };
    let Some(Node::Keyed(old_items)) = old.at(list_path) else {
        return None;
    };
    let id = new_items.iter().find(|k| &k.key == new_key)?.id.as_ref()?;
    let old_key = old_items
        .iter()
        .find(|k| k.id.as_ref() == Some(id))?
        .key
        .clone();
    Some((old_key, new_key.clone()))
}

#[cfg(test)]
mod tests {
    use super::super::normalize::{Raw, normalize};
    use super::*;
    use serde_json::json;

    fn changes(old: serde_json::Value, new: serde_json::Value) -> Vec<(String, ChangeKind)> {
        let raw = |v: serde_json::Value| <Raw as serde::Deserialize>::deserialize(v).unwrap();
        let (a, b) = (normalize(raw(old)), normalize(raw(new)));
        walk(&a, &b)
            .into_iter()
            .map(|c| (c.path.join("."), c.kind))
            .collect()
    }

    #[test]
    fn reordered_lists_are_no_change() {
        let old = json!({"schema": [{"name": "a", "properties": [{"name": "x"}, {"name": "y"}]},
                                    {"name": "b"}],
                         "servers": [{"server": "p", "type": "postgres"}, {"server": "q"}],
                         "tags": ["t1", "t2"]});
        let new = json!({"schema": [{"name": "b"},
                                    {"name": "a", "properties": [{"name": "y"}, {"name": "x"}]}],
                         "servers": [{"server": "q"}, {"server": "p", "type": "postgres"}],
                         "tags": ["t2", "t1"]});
        assert_eq!(changes(old, new), []);
    }

    #[test]
    fn properties_match_by_id_before_name() {
        let old = json!({"schema": [{"name": "a", "properties": [{"id": "p1", "name": "cust"}]}]});
        let new =
            json!({"schema": [{"name": "a", "properties": [{"id": "p1", "name": "customer"}]}]});
        assert_eq!(
            changes(old, new),
            [(
                "schema.a.properties.customer.name".to_owned(),
                ChangeKind::Updated
            )]
        );
    }

    #[test]
    fn a_first_property_is_reported_as_a_property() {
        let old = json!({"schema": [{"name": "a"}]});
        let new = json!({"schema": [{"name": "a", "properties": [{"name": "x"}]}]});
        assert_eq!(
            changes(old, new),
            [("schema.a.properties.x".to_owned(), ChangeKind::Added)]
        );
    }

    #[test]
    fn unnamed_quality_rules_pair_by_content_then_check() {
        let old = json!({"schema": [{"name": "a", "quality": [
            {"metric": "rowCount", "mustBeGreaterThan": 0},
            {"metric": "nullValues", "mustBe": 0}]}]});
        let new = json!({"schema": [{"name": "a", "quality": [
            {"metric": "nullValues", "mustBe": 5},
            {"metric": "rowCount", "mustBeGreaterThan": 0}]}]});
        assert_eq!(
            changes(old, new),
            [(
                "schema.a.quality.[0].mustBe".to_owned(),
                ChangeKind::Updated
            )]
        );
    }
}
