use super::*;
use crate::lineage::graph::{Edge, Node, NodeKind, evidence};

/// Product nodes, each labelled with its key.
fn product_nodes<'a>(keys: impl IntoIterator<Item = &'a str>) -> Vec<Node> {
    keys.into_iter()
        .map(|k| Node {
            kind: NodeKind::Product,
            key: k.to_owned(),
            label: k.to_owned(),
            product: None,
        })
        .collect()
}

/// A product graph of `keys` (labelled in capitals) with `edges` between keys.
pub(crate) fn graph(keys: &[&str], edges: &[(&str, &str)]) -> Graph {
    let mut nodes = product_nodes(keys.iter().copied());
    for node in &mut nodes {
        node.label = node.label.to_uppercase();
    }
    let id = |k: &str| keys.iter().position(|x| *x == k).unwrap() as u32;
    let edges: Vec<Edge> = edges
        .iter()
        .map(|(a, b)| Edge {
            from: id(a),
            to: id(b),
            evidence: evidence::PORT,
        })
        .collect();
    Graph::new(nodes, &edges)
}

fn walk(g: &Graph, start: &str, direction: Direction, depth: u32) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    Walker::new().walk(g, &[g.find(start).unwrap()], direction, depth, &mut out);
    let mut named: Vec<(String, u32)> = out
        .iter()
        .map(|r| (g.node(r.node).unwrap().key.clone(), r.distance))
        .collect();
    named.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    named
}

fn pairs(expected: &[(&str, u32)]) -> Vec<(String, u32)> {
    expected
        .iter()
        .map(|(k, d)| ((*k).to_owned(), *d))
        .collect()
}

fn diamond() -> Graph {
    // a → b → d, a → c → d, d → e
    graph(
        &["a", "b", "c", "d", "e"],
        &[("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("d", "e")],
    )
}

#[test]
fn diamond_downstream_reaches_the_join_once_at_its_shortest_distance() {
    let g = diamond();
    assert_eq!(
        walk(&g, "a", Direction::Downstream, 10),
        pairs(&[("b", 1), ("c", 1), ("d", 2), ("e", 3)])
    );
    assert!(g.cycles().is_empty());
}

#[test]
fn diamond_upstream_and_depth_limit() {
    let g = diamond();
    assert_eq!(
        walk(&g, "e", Direction::Upstream, 2),
        pairs(&[("d", 1), ("b", 2), ("c", 2)])
    );
    assert_eq!(
        walk(&g, "a", Direction::Downstream, 1),
        pairs(&[("b", 1), ("c", 1)])
    );
    assert_eq!(walk(&g, "a", Direction::Downstream, 0), pairs(&[]));
}

#[test]
fn cycle_is_detected_and_traversal_terminates_with_correct_distances() {
    // x → a → b → c → a (cycle a b c), c → y
    let g = graph(
        &["x", "a", "b", "c", "y"],
        &[("x", "a"), ("a", "b"), ("b", "c"), ("c", "a"), ("c", "y")],
    );
    let cycles: Vec<Vec<&str>> = g
        .cycles()
        .iter()
        .map(|c| c.iter().map(|&n| g.node(n).unwrap().key.as_str()).collect())
        .collect();
    assert_eq!(cycles, vec![vec!["a", "b", "c"]]);
    assert_eq!(
        walk(&g, "a", Direction::Downstream, u32::MAX),
        pairs(&[("b", 1), ("c", 2), ("y", 3)])
    );
    assert_eq!(
        walk(&g, "a", Direction::Upstream, u32::MAX),
        pairs(&[("c", 1), ("x", 1), ("b", 2)])
    );
}

#[test]
fn self_loop_is_a_cycle_and_the_start_is_never_reported() {
    let g = graph(&["a", "b"], &[("a", "a"), ("a", "b")]);
    assert_eq!(g.cycles(), &[vec![0]]);
    assert_eq!(walk(&g, "a", Direction::Downstream, 5), pairs(&[("b", 1)]));
}

#[test]
fn two_separate_cycles_are_both_reported() {
    let g = graph(
        &["a", "b", "c", "d"],
        &[("a", "b"), ("b", "a"), ("c", "d"), ("d", "c"), ("b", "c")],
    );
    assert_eq!(g.cycles(), &[vec![0, 1], vec![2, 3]]);
}

#[test]
fn hub_with_ten_thousand_feeders_has_them_all_at_distance_one() {
    let mut keys: Vec<String> = (0..10_000).map(|i| format!("p{i:05}")).collect();
    keys.push("hub".into());
    let nodes = product_nodes(keys.iter().map(String::as_str));
    let edges: Vec<Edge> = (0..10_000)
        .map(|i| Edge {
            from: i,
            to: 10_000,
            evidence: evidence::RUN,
        })
        .collect();
    let g = Graph::new(nodes, &edges);
    let mut out = Vec::new();
    let mut walker = Walker::new();
    walker.walk(&g, &[10_000], Direction::Upstream, 3, &mut out);
    assert_eq!(out.len(), 10_000);
    assert!(out.iter().all(|r| r.distance == 1));
    assert_eq!(walker.count(&g, 0, Direction::Downstream, |_| true), 1);
    assert_eq!(
        walker.count(&g, 10_000, Direction::Upstream, |n| n % 2 == 0),
        5_000
    );
}

#[test]
fn duplicate_edges_merge_their_evidence() {
    let nodes = product_nodes(["a", "b"]);
    let edge = |evidence| Edge {
        from: 0,
        to: 1,
        evidence,
    };
    let g = Graph::new(
        nodes,
        &[
            edge(evidence::PORT),
            edge(evidence::RUN),
            edge(evidence::RUN),
        ],
    );
    assert_eq!(g.edge_count(), 1);
    assert_eq!(g.edge(0, 1), Some(evidence::PORT | evidence::RUN));
    assert_eq!(evidence::names(g.edge(0, 1).unwrap()), vec!["port", "run"]);
    assert_eq!(g.edge(1, 0), None);
}

#[test]
fn a_reused_walker_forgets_the_previous_walk() {
    let g = diamond();
    let mut walker = Walker::new();
    let mut first = Vec::new();
    walker.walk(&g, &[0], Direction::Downstream, 10, &mut first);
    let mut second = Vec::new();
    walker.walk(&g, &[0], Direction::Downstream, 10, &mut second);
    assert_eq!(first, second);
    assert_eq!(second.len(), 4);
}

#[test]
fn a_long_chain_does_not_overflow_the_cycle_finder() {
    let keys: Vec<String> = (0..200_000).map(|i| format!("n{i}")).collect();
    let nodes = product_nodes(keys.iter().map(String::as_str));
    let mut edges: Vec<Edge> = (0..199_999)
        .map(|i| Edge {
            from: i,
            to: i + 1,
            evidence: evidence::PORT,
        })
        .collect();
    edges.push(Edge {
        from: 199_999,
        to: 0,
        evidence: evidence::PORT,
    });
    let g = Graph::new(nodes, &edges);
    assert_eq!(g.cycles().len(), 1);
    assert_eq!(g.cycles()[0].len(), 200_000);
    let mut out = Vec::new();
    Walker::new().walk(&g, &[0], Direction::Downstream, 10, &mut out);
    assert_eq!(
        out.last().copied(),
        Some(Reached {
            node: 10,
            distance: 10
        })
    );
}
