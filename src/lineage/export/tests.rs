use super::*;
use crate::lineage::Level;
use crate::lineage::graph::NodeKind;
use crate::lineage::view::{LineageView, Scope, ViewEdge, ViewNode};

fn node(id: &str, label: &str, kind: NodeKind, distance: u32) -> ViewNode {
    ViewNode {
        id: id.into(),
        label: label.into(),
        kind,
        distance,
        product: None,
    }
}

fn edge(from: &str, to: &str, evidence: &[&'static str]) -> ViewEdge {
    ViewEdge {
        from: from.into(),
        to: to.into(),
        evidence: evidence.to_vec(),
    }
}

const HOSTILE: &str = "evil\"id\\x\u{1b}[2J";

fn view() -> LineageView {
    LineageView {
        id: "sales-orders".into(),
        level: Level::Product,
        scope: Scope::Both,
        depth: Some(1),
        roots: vec![node("sales-orders", "Orders", NodeKind::Product, 0)],
        upstream: vec![
            node("urn:x:ghost", "urn:x:ghost", NodeKind::MissingContract, 1),
            node("pos", "POS \"tills\"", NodeKind::Product, 1),
        ],
        downstream: vec![
            node("end", "end", NodeKind::Product, 1),
            node(HOSTILE, "<b>bold</b> #1 & co", NodeKind::Product, 1),
            node("s3://b/x", "x", NodeKind::Dataset, 1),
        ],
        edges: vec![
            edge("pos", "sales-orders", &["port", "run"]),
            edge("sales-orders", "end", &["run"]),
            edge("sales-orders", HOSTILE, &["port"]),
            edge("sales-orders", "s3://b/x", &["run"]),
            edge("urn:x:ghost", "sales-orders", &["port"]),
        ],
        cycles: vec![],
        dangling: vec![],
        unmapped: vec![],
    }
}

/// Reads a DOT string literal at the start of `text`: (value, rest).
fn dot_string(text: &str) -> (String, &str) {
    let mut chars = text.char_indices();
    assert_eq!(chars.next().map(|c| c.1), Some('"'), "not a string: {text}");
    let mut value = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => value.push(chars.next().unwrap().1),
            '"' => return (value, &text[i + 1..]),
            c => value.push(c),
        }
    }
    panic!("unterminated string: {text}");
}

#[test]
fn dot_parses_back_into_the_same_nodes_and_edges() {
    let dot = to_dot(&view());
    let lines: Vec<&str> = dot.lines().collect();
    assert_eq!(lines[0], "digraph lineage {");
    assert_eq!(lines[1], "  rankdir=LR;");
    assert_eq!(*lines.last().unwrap(), "}");
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for line in &lines[3..lines.len() - 1] {
        let (first, rest) = dot_string(line.trim_start());
        if let Some(rest) = rest.strip_prefix(" -> ") {
            let (second, tail) = dot_string(rest);
            edges.push((first, second, tail.to_owned()));
        } else {
            assert!(rest.starts_with(" [label=\""), "{line}");
            assert!(rest.ends_with("];"), "{line}");
            nodes.push(first);
        }
    }
    let clean_hostile = "evil\"id\\x␛[2J";
    assert_eq!(
        nodes,
        vec![
            "sales-orders",
            "urn:x:ghost",
            "pos",
            "end",
            clean_hostile,
            "s3://b/x"
        ]
    );
    assert_eq!(edges.len(), 5);
    assert_eq!(edges[0], ("pos".into(), "sales-orders".into(), ";".into()));
    assert_eq!(
        edges[1],
        (
            "sales-orders".into(),
            "end".into(),
            " [style=dashed];".into()
        )
    );
    assert_eq!(edges[2].1, clean_hostile);
    assert!(!dot.contains('\u{1b}'));
    assert!(lines[3].contains("label=\"Orders\\nsales-orders\", style=bold"));
    assert!(dot.contains("label=\"POS \\\"tills\\\"\\npos\""));
    assert!(dot.contains("\"urn:x:ghost\" [label=\"urn:x:ghost\", style=dashed, color=red];"));
}

#[test]
fn dot_is_accepted_by_graphviz_when_installed() {
    let dot = to_dot(&view());
    let child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        println!("graphviz `dot` is not on PATH: the dot -Tsvg check was skipped");
        return;
    };
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "dot rejected the output: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
}

#[test]
fn mermaid_is_a_flowchart_with_sanitised_ids_and_one_line_per_edge() {
    let text = to_mermaid(&view());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "flowchart LR");
    assert_eq!(lines.len(), 1 + 6 + 5);
    let id_ok =
        |id: &str| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let edges: Vec<(&str, &str, &str)> = lines[7..]
        .iter()
        .map(|line| {
            let parts: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(parts.len(), 3, "{line}");
            (parts[0], parts[1], parts[2])
        })
        .collect();
    for (from, _, to) in &edges {
        assert!(id_ok(from) && id_ok(to), "{from} {to}");
    }
    assert_eq!(
        edges,
        vec![
            ("n_pos", "-->", "n_sales_orders"),
            ("n_sales_orders", "-.->", "n_end"),
            ("n_sales_orders", "-->", "n_evil_id_x__2J"),
            ("n_sales_orders", "-.->", "n_s3___b_x"),
            ("n_urn_x_ghost", "-->", "n_sales_orders"),
        ]
    );
    assert_eq!(lines[1], "  n_sales_orders[\"Orders\"]");
    assert_eq!(lines[2], "  n_urn_x_ghost{{\"urn:x:ghost\"}}");
    assert_eq!(lines[3], "  n_pos[\"POS #quot;tills#quot;\"]");
    assert_eq!(
        lines[5],
        "  n_evil_id_x__2J[\"#lt;b#gt;bold#lt;/b#gt; #35;1 #amp; co\"]"
    );
    assert_eq!(lines[6], "  n_s3___b_x[(\"x\")]");
}

#[test]
fn mermaid_ids_that_collide_after_sanitising_stay_distinct() {
    let mut taken = HashMap::new();
    assert_eq!(mermaid_id("a-b", &mut taken), "n_a_b");
    assert_eq!(mermaid_id("a.b", &mut taken), "n_a_b_2");
    assert_eq!(mermaid_id("a_b_2", &mut taken), "n_a_b_2_2");
}
