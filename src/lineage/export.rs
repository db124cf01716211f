//! A lineage view as Graphviz DOT or a Mermaid flowchart, for a wiki page or
//! an incident document. Catalogue strings are untrusted: every one is
//! sanitised, DOT strings are quoted and escaped, Mermaid node ids are
//! rewritten to `[A-Za-z0-9_]` and labels quoted with entities.

use std::collections::HashMap;
use std::fmt::Write;

use super::graph::NodeKind;
use super::view::{LineageView, ViewNode};
use crate::text::sanitize;

/// A DOT string literal: quoted, `"` and `\` escaped, control characters inert.
pub fn dot_quote(text: &str) -> String {
    format!("\"{}\"", dot_escape(text))
}

fn dot_escape(text: &str) -> String {
    let clean = sanitize(text);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `digraph lineage { ... }`, left to right; the root nodes bold, missing
/// contracts dashed red, datasets as cylinders, edges seen only in runs dashed.
pub fn to_dot(view: &LineageView) -> String {
    let mut out = String::new();
    out.push_str("digraph lineage {\n");
    out.push_str("  rankdir=LR;\n");
    out.push_str("  node [shape=box, fontname=\"Helvetica\"];\n");
    for node in view.nodes() {
        let label = if node.label == node.id {
            dot_quote(&node.label)
        } else {
            // `\n` is DOT's line break inside a label.
            format!("\"{}\\n{}\"", dot_escape(&node.label), dot_escape(&node.id))
        };
        let _ = writeln!(
            out,
            "  {} [label={label}{}];",
            dot_quote(&node.id),
            dot_style(node)
        );
    }
    for edge in &view.edges {
        let style = if edge.evidence == ["run"] {
            " [style=dashed]"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {} -> {}{style};",
            dot_quote(&edge.from),
            dot_quote(&edge.to)
        );
    }
    out.push_str("}\n");
    out
}

fn dot_style(node: &ViewNode) -> &'static str {
    match (node.distance, node.kind) {
        (_, NodeKind::MissingContract) => ", style=dashed, color=red",
        (0, _) => ", style=bold",
        (_, NodeKind::Dataset) if node.product.is_none() => ", shape=cylinder, style=dashed",
        (_, NodeKind::Dataset) => ", shape=cylinder",
        _ => "",
    }
}

/// A Mermaid node id: `[A-Za-z0-9_]` only, prefixed `n_` (so it never is a
/// keyword such as `end`), and unique within `taken`.
fn mermaid_id(key: &str, taken: &mut HashMap<String, u32>) -> String {
    let base: String = std::iter::once("n_".to_owned())
        .chain(key.chars().map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                "_".to_owned()
            }
        }))
        .collect();
    let seen = taken.entry(base.clone()).or_insert(0);
    *seen += 1;
    if *seen == 1 {
        base
    } else {
        let id = format!("{base}_{seen}");
        taken.insert(id.clone(), 1);
        id
    }
}

/// A Mermaid label in quotes: `"`, `<`, `>`, `#`, `&` as entities.
pub fn mermaid_label(text: &str) -> String {
    let mut out = String::from("\"");
    for c in sanitize(text).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `flowchart LR`, one line per node, then one line per edge (`-.->` for
/// edges seen only in runs).
pub fn to_mermaid(view: &LineageView) -> String {
    let mut out = String::from("flowchart LR\n");
    let mut taken = HashMap::new();
    let mut ids: HashMap<&str, String> = HashMap::new();
    for node in view.nodes() {
        if ids.contains_key(node.id.as_str()) {
            continue;
        }
        let id = mermaid_id(&node.id, &mut taken);
        let label = mermaid_label(&node.label);
        let shape = match node.kind {
            NodeKind::Dataset => format!("[({label})]"),
            NodeKind::MissingContract => format!("{{{{{label}}}}}"),
            _ => format!("[{label}]"),
        };
        let _ = writeln!(out, "  {id}{shape}");
        ids.insert(&node.id, id);
    }
    for edge in &view.edges {
        let (Some(from), Some(to)) = (ids.get(edge.from.as_str()), ids.get(edge.to.as_str()))
        else {
            continue;
        };
        let arrow = if edge.evidence == ["run"] {
            "-.->"
        } else {
            "-->"
        };
        let _ = writeln!(out, "  {from} {arrow} {to}");
    }
    out
}

#[cfg(test)]
mod tests;
