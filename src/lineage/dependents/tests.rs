use std::collections::HashMap;

use proptest::prelude::*;

use super::*;
use crate::lineage::graph::{Edge, Node, NodeKind, evidence};

/// A graph of `n` nodes named `n0`.. with `edges`; the nodes in `uncounted`
/// are datasets, the others products.
fn graph(n: usize, edges: &[(u32, u32)], uncounted: &[u32]) -> Graph {
    let nodes = (0..n as u32)
        .map(|i| Node {
            kind: if uncounted.contains(&i) {
                NodeKind::Dataset
            } else {
                NodeKind::Product
            },
            key: format!("n{i}"),
            label: format!("n{i}"),
            product: None,
        })
        .collect();
    let edges: Vec<Edge> = edges
        .iter()
        .map(|&(from, to)| Edge {
            from,
            to,
            evidence: evidence::PORT,
        })
        .collect();
    Graph::new(nodes, &edges)
}

fn is_product(graph: &Graph) -> impl Fn(u32) -> bool + '_ {
    |n| {
        graph
            .node(n)
            .is_some_and(|node| node.kind == NodeKind::Product)
    }
}

/// One walk per query: the definition the fast count must match.
fn naive(graph: &Graph, queries: &[u32]) -> HashMap<u32, u32> {
    let mut walker = Walker::new();
    queries
        .iter()
        .map(|&q| {
            (
                q,
                walker.count(graph, q, Direction::Downstream, is_product(graph)),
            )
        })
        .collect()
}

fn fast(graph: &Graph, queries: &[u32]) -> HashMap<u32, u32> {
    let counts = count_downstream(graph, queries, is_product(graph), &mut Walker::new());
    assert_eq!(counts.len(), graph.len());
    queries.iter().map(|&q| (q, counts[q as usize])).collect()
}

#[test]
fn counts_a_diamond_a_cycle_and_skips_datasets() {
    // 0 → 1 → 3, 0 → 2 → 3, 3 → 4 ⇄ 5, 5 → 6 (a dataset), 6 → 7.
    let edges = [
        (0, 1),
        (0, 2),
        (1, 3),
        (2, 3),
        (3, 4),
        (4, 5),
        (5, 4),
        (5, 6),
        (6, 7),
    ];
    let g = graph(8, &edges, &[6]);
    let all: Vec<u32> = (0..8).collect();
    let expected: HashMap<u32, u32> = [
        (0, 6),
        (1, 4),
        (2, 4),
        (3, 3),
        (4, 2),
        (5, 2),
        (6, 1),
        (7, 0),
    ]
    .into_iter()
    .collect();
    assert_eq!(fast(&g, &all), expected);
    assert_eq!(naive(&g, &all), expected);
}

#[test]
fn a_self_loop_does_not_count_the_node_itself() {
    let g = graph(3, &[(0, 0), (0, 1), (1, 2), (2, 1)], &[]);
    let expected: HashMap<u32, u32> = [(0, 2), (1, 1), (2, 1)].into_iter().collect();
    assert_eq!(fast(&g, &[0, 1, 2]), expected);
}

#[test]
fn many_blocks_of_queries_on_a_long_chain() {
    let n = 3 * BLOCK as u32 + 7;
    let edges: Vec<(u32, u32)> = (0..n - 1).map(|i| (i, i + 1)).collect();
    let g = graph(n as usize, &edges, &[]);
    let all: Vec<u32> = (0..n).rev().collect();
    let counts = fast(&g, &all);
    assert_eq!(counts.len(), n as usize);
    for i in 0..n {
        assert_eq!(counts[&i], n - 1 - i, "node {i}");
    }
}

fn edges_among(n: u32, max: usize) -> impl Strategy<Value = Vec<(u32, u32)>> {
    prop::collection::vec((0..n, 0..n), 0..max)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn matches_one_walk_per_query_on_graphs_with_cycles(
        n in 1u32..160,
        raw in edges_among(160, 400),
        uncounted in prop::collection::vec(0u32..160, 0..40),
        queries in prop::collection::vec(0u32..160, 1..200),
    ) {
        let edges: Vec<(u32, u32)> = raw.into_iter().filter(|&(a, b)| a < n && b < n).collect();
        let queries: Vec<u32> = queries.into_iter().filter(|&q| q < n).collect();
        let g = graph(n as usize, &edges, &uncounted);
        prop_assert_eq!(fast(&g, &queries), naive(&g, &queries));
    }

    #[test]
    fn matches_one_walk_per_query_across_several_blocks(
        n in 600u32..1400,
        seed in prop::collection::vec((0u32..1400, 0u32..1400), 1500..3000),
    ) {
        // Mostly forward edges (a deep DAG) and a few backward ones (cycles).
        let edges: Vec<(u32, u32)> = seed
            .into_iter()
            .filter(|&(a, b)| a < n && b < n && (a < b || (a + b) % 17 == 0))
            .collect();
        let uncounted: Vec<u32> = (0..n).filter(|i| i % 5 == 0).collect();
        let all: Vec<u32> = (0..n).collect();
        let g = graph(n as usize, &edges, &uncounted);
        prop_assert_eq!(fast(&g, &all), naive(&g, &all));
    }

    #[test]
    fn matches_one_walk_per_query_on_dags(
        n in 2u32..200,
        raw in edges_among(200, 600),
        uncounted in prop::collection::vec(0u32..200, 0..40),
    ) {
        // Edges only from a lower to a higher id: no cycles, many shared descendants.
        let edges: Vec<(u32, u32)> = raw
            .into_iter()
            .filter(|&(a, b)| a < b && b < n)
            .collect();
        let all: Vec<u32> = (0..n).collect();
        let g = graph(n as usize, &edges, &uncounted);
        prop_assert_eq!(fast(&g, &all), naive(&g, &all));
    }
}
