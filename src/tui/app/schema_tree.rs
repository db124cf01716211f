//! The contract's schema as a collapsible tree: every node is built once
//! per contract version (plain strings, no `Line`s); the list of visible rows
//! is rebuilt only when the expansion or the filter changes, and the view
//! turns just the rows in its window into lines.

use crate::model::{Contract, QualityRule, SchemaProperty};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Object,
    Property,
    Quality,
    /// A heading: contract-level quality, SLA, servers, roles.
    Section,
    /// A row under a section (an SLA property, a server, a role).
    Entry,
}

/// One row of the tree; the strings are raw catalogue text (the view cleans them).
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaNode {
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub kind: NodeKind,
    pub name: String,
    /// Dotted path (objects: their name), what the filter matches.
    pub path: String,
    /// Logical type (or a quality rule's dimension, a server's type, ...).
    pub first: String,
    /// Physical type (or severity, environment, ...).
    pub second: String,
    /// Type options and flags, or other details.
    pub extra: String,
}

/// A visible row: the node and the guides drawn before it (`│ ├─`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisibleRow {
    pub node: usize,
    pub guides: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SchemaTree {
    pub nodes: Vec<SchemaNode>,
    pub expanded: Vec<bool>,
    /// Lowercased filter text; empty: no filter.
    filter: String,
    pub visible: Vec<VisibleRow>,
}

impl SchemaTree {
    /// The tree of `contract` with its objects expanded.
    pub fn build(contract: &Contract) -> SchemaTree {
        let mut tree = SchemaTree::default();
        tree.add_schema(contract);
        tree.add_sections(contract);
        tree.expanded = tree
            .nodes
            .iter()
            .map(|n| n.kind == NodeKind::Object)
            .collect();
        tree.rebuild();
        tree
    }

    fn push(&mut self, parent: Option<usize>, node: SchemaNode) -> usize {
        let id = self.nodes.len();
        self.nodes.push(SchemaNode { parent, ..node });
        if let Some(parent) = parent {
            self.nodes[parent].children.push(id);
        }
        id
    }

    fn add_schema(&mut self, contract: &Contract) {
        for object in &contract.schema {
            let id = self.push(
                None,
                SchemaNode {
                    parent: None,
                    children: Vec::new(),
                    kind: NodeKind::Object,
                    name: object.name.clone(),
                    path: object.name.clone(),
                    first: object.logical_type.clone().unwrap_or_default(),
                    second: object.physical_type.clone().unwrap_or_default(),
                    extra: object.physical_name.clone().unwrap_or_default(),
                },
            );
            for property in &object.properties {
                self.add_property(id, &object.name, property);
            }
            self.add_quality(id, &object.quality);
        }
    }

    fn add_property(&mut self, parent: usize, parent_path: &str, property: &SchemaProperty) {
        let name = if property.name.is_empty() {
            "[]".to_owned()
        } else {
            property.name.clone()
        };
        let path = format!("{parent_path}.{name}");
        let id = self.push(
            Some(parent),
            SchemaNode {
                parent: None,
                children: Vec::new(),
                kind: NodeKind::Property,
                name,
                path: path.clone(),
                first: property.logical_type.clone().unwrap_or_default(),
                second: property.physical_type.clone().unwrap_or_default(),
                extra: property_extra(property),
            },
        );
        for child in &property.properties {
            self.add_property(id, &path, child);
        }
        if let Some(items) = &property.items {
            let items = SchemaProperty {
                name: if items.name.is_empty() {
                    "[]".to_owned()
                } else {
                    items.name.clone()
                },
                ..(**items).clone()
            };
            self.add_property(id, &path, &items);
        }
        self.add_quality(id, &property.quality);
    }

    fn add_quality(&mut self, parent: usize, rules: &[QualityRule]) {
        for rule in rules {
            self.push(Some(parent), quality_node(rule));
        }
    }

    fn add_section(&mut self, title: String, entries: Vec<SchemaNode>) {
        if entries.is_empty() {
            return;
        }
        let section = self.push(None, section_node(title));
        for entry in entries {
            self.push(Some(section), entry);
        }
    }

    fn add_sections(&mut self, contract: &Contract) {
        self.add_section(
            format!("Quality rules ({})", contract.quality.len()),
            contract.quality.iter().map(quality_node).collect(),
        );
        let sla = contract
            .sla_properties
            .iter()
            .map(|p| {
                let value = match &p.value {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
                entry(
                    &p.property,
                    format!("{value} {}", p.unit.as_deref().unwrap_or(""))
                        .trim()
                        .to_owned(),
                    p.element.clone().unwrap_or_default(),
                    String::new(),
                )
            })
            .collect();
        self.add_section(format!("SLA ({})", contract.sla_properties.len()), sla);
        let servers = contract
            .servers
            .iter()
            .map(|s| {
                let location: Vec<&str> = [&s.host, &s.database, &s.schema]
                    .into_iter()
                    .filter_map(|v| v.as_deref())
                    .collect();
                entry(
                    &s.server,
                    s.server_type.clone().unwrap_or_default(),
                    s.environment.clone().unwrap_or_default(),
                    location.join(" / "),
                )
            })
            .collect();
        self.add_section(format!("Servers ({})", contract.servers.len()), servers);
        let roles = contract
            .roles
            .iter()
            .map(|r| {
                let approvers: Vec<&str> = [&r.first_level_approvers, &r.second_level_approvers]
                    .into_iter()
                    .filter_map(|v| v.as_deref())
                    .collect();
                entry(
                    &r.role,
                    r.access.clone().unwrap_or_default(),
                    String::new(),
                    if approvers.is_empty() {
                        String::new()
                    } else {
                        format!("approvers: {}", approvers.join(" → "))
                    },
                )
            })
            .collect();
        self.add_section(format!("Roles ({})", contract.roles.len()), roles);
    }

    pub fn has_children(&self, node: usize) -> bool {
        self.nodes.get(node).is_some_and(|n| !n.children.is_empty())
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    pub fn set_filter(&mut self, text: &str) {
        self.filter = text.trim().to_lowercase();
        self.rebuild();
    }

    /// Expands (true) or collapses `node`; false when nothing changed.
    pub fn set_expanded(&mut self, node: usize, expanded: bool) -> bool {
        if !self.has_children(node) || self.expanded[node] == expanded {
            return false;
        }
        self.expanded[node] = expanded;
        self.rebuild();
        true
    }

    /// Expands everything, or collapses everything when all is expanded.
    pub fn toggle_all(&mut self) {
        let all = (0..self.nodes.len()).all(|n| !self.has_children(n) || self.expanded[n]);
        for n in 0..self.nodes.len() {
            self.expanded[n] = !all && self.has_children(n);
        }
        self.rebuild();
    }

    fn matches(&self, node: &SchemaNode) -> bool {
        [&node.path, &node.first, &node.second]
            .iter()
            .any(|text| text.to_lowercase().contains(&self.filter))
    }

    /// With a filter: which nodes stay (matching properties and their ancestors).
    fn kept(&self) -> Option<Vec<bool>> {
        if self.filter.is_empty() {
            return None;
        }
        let mut keep = vec![false; self.nodes.len()];
        // Children come after their parent: walking backwards sees them first.
        for n in (0..self.nodes.len()).rev() {
            let node = &self.nodes[n];
            let schema = matches!(node.kind, NodeKind::Object | NodeKind::Property);
            let child_kept = node.children.iter().any(|c| keep[*c]);
            keep[n] =
                schema && (child_kept || (node.kind == NodeKind::Property && self.matches(node)));
        }
        Some(keep)
    }

    /// The visible rows, from the expansion and the filter.
    pub fn rebuild(&mut self) {
        let keep = self.kept();
        let roots: Vec<usize> = (0..self.nodes.len())
            .filter(|n| self.nodes[*n].parent.is_none())
            .collect();
        let mut out = Vec::new();
        self.walk(&roots, None, keep.as_deref(), &mut out);
        self.visible = out;
    }

    fn walk(
        &self,
        ids: &[usize],
        prefix: Option<&str>,
        keep: Option<&[bool]>,
        out: &mut Vec<VisibleRow>,
    ) {
        let shown: Vec<usize> = ids
            .iter()
            .copied()
            .filter(|n| keep.is_none_or(|k| k[*n]))
            .collect();
        for (i, node) in shown.iter().enumerate() {
            let last = i + 1 == shown.len();
            let guides = match prefix {
                None => String::new(),
                Some(prefix) => format!("{prefix}{}", if last { "└─" } else { "├─" }),
            };
            out.push(VisibleRow {
                node: *node,
                guides,
            });
            let open = keep.is_some() || self.expanded[*node];
            if open && self.has_children(*node) {
                let child_prefix = match prefix {
                    None => String::new(),
                    Some(prefix) => format!("{prefix}{}", if last { "  " } else { "│ " }),
                };
                self.walk(&self.nodes[*node].children, Some(&child_prefix), keep, out);
            }
        }
    }

    /// Where `node` is among the visible rows.
    pub fn position(&self, node: usize) -> Option<usize> {
        self.visible.iter().position(|r| r.node == node)
    }
}

fn section_node(title: String) -> SchemaNode {
    SchemaNode {
        parent: None,
        children: Vec::new(),
        kind: NodeKind::Section,
        path: String::new(),
        name: title,
        first: String::new(),
        second: String::new(),
        extra: String::new(),
    }
}

fn entry(name: &str, first: String, second: String, extra: String) -> SchemaNode {
    SchemaNode {
        parent: None,
        children: Vec::new(),
        kind: NodeKind::Entry,
        name: name.to_owned(),
        path: String::new(),
        first,
        second,
        extra,
    }
}

fn quality_node(rule: &QualityRule) -> SchemaNode {
    let name = rule
        .name
        .clone()
        .or(rule.id.clone())
        .or(rule.metric.clone())
        .unwrap_or_else(|| "quality rule".to_owned());
    let check = [&rule.metric, &rule.rule_type]
        .into_iter()
        .filter_map(|v| v.as_deref())
        .collect::<Vec<_>>()
        .join("/");
    SchemaNode {
        parent: None,
        children: Vec::new(),
        kind: NodeKind::Quality,
        name: format!("✓ {name}"),
        path: String::new(),
        first: rule.dimension.clone().unwrap_or_default(),
        second: rule.severity.clone().unwrap_or_default(),
        extra: check,
    }
}

/// `{"maxLength":36}` → `maxLength=36`, then the flags.
fn property_extra(property: &SchemaProperty) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(serde_json::Value::Object(options)) = &property.logical_type_options {
        let options: Vec<String> = options
            .iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => format!("{k}={s}"),
                other => format!("{k}={other}"),
            })
            .collect();
        if !options.is_empty() {
            parts.push(options.join(","));
        }
    }
    for (flag, on) in [
        ("required", property.required),
        ("unique", property.unique),
        ("PK", property.primary_key),
    ] {
        if on == Some(true) {
            parts.push(flag.to_owned());
        }
    }
    if let Some(classification) = &property.classification {
        parts.push(classification.clone());
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SchemaObject;

    fn property(name: &str, logical: &str) -> SchemaProperty {
        SchemaProperty {
            name: name.into(),
            logical_type: Some(logical.into()),
            ..SchemaProperty::default()
        }
    }

    fn contract() -> Contract {
        let mut address = property("address", "object");
        address.properties = vec![property("city", "string"), property("zip", "string")];
        let mut id = property("order_id", "string");
        id.required = Some(true);
        id.primary_key = Some(true);
        id.quality = vec![QualityRule {
            name: Some("id_unique".into()),
            dimension: Some("uniqueness".into()),
            ..QualityRule::default()
        }];
        Contract {
            schema: vec![
                SchemaObject {
                    name: "orders".into(),
                    properties: vec![id, address],
                    ..SchemaObject::default()
                },
                SchemaObject {
                    name: "lines".into(),
                    properties: vec![property("sku", "string")],
                    ..SchemaObject::default()
                },
            ],
            ..Contract::default()
        }
    }

    fn rows(tree: &SchemaTree) -> Vec<String> {
        tree.visible
            .iter()
            .map(|r| format!("{}{}", r.guides, tree.nodes[r.node].name))
            .collect()
    }

    #[test]
    fn objects_start_expanded_and_guides_show_the_shape() {
        let mut tree = SchemaTree::build(&contract());
        assert_eq!(
            rows(&tree),
            ["orders", "├─order_id", "└─address", "lines", "└─sku"]
        );
        let address = tree.visible[2].node;
        assert!(tree.set_expanded(address, true));
        assert_eq!(
            rows(&tree),
            [
                "orders",
                "├─order_id",
                "└─address",
                "  ├─city",
                "  └─zip",
                "lines",
                "└─sku"
            ]
        );
        tree.toggle_all();
        assert_eq!(
            rows(&tree)[1..4],
            ["├─order_id", "│ └─✓ id_unique", "└─address"]
        );
        tree.toggle_all();
        assert_eq!(rows(&tree), ["orders", "lines"]);
    }

    #[test]
    fn the_filter_keeps_matches_and_their_ancestors_only() {
        let mut tree = SchemaTree::build(&contract());
        tree.set_filter("CIT");
        assert_eq!(rows(&tree), ["orders", "└─address", "  └─city"]);
        tree.set_filter("");
        assert_eq!(rows(&tree).len(), 5);
        assert_eq!(tree.nodes[tree.visible[1].node].extra, "required PK");
    }
}
