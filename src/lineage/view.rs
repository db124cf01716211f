//! `lineage ID`: the nodes up and/or downstream of an id to a depth, the
//! edges among them, and the cycles, dangling ports and unmapped datasets
//! they touch. Plain data for the CLI, the exports and the TUI.

use std::collections::HashSet;

use serde::Serialize;

use super::graph::{Direction, Graph, NodeKind, evidence};
use super::traverse::{Reached, Walker};
use super::{DanglingPort, Level, Lineage};

/// Which side of the id to walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Upstream,
    Downstream,
    Both,
}

impl Scope {
    fn includes(self, direction: Direction) -> bool {
        matches!(
            (self, direction),
            (Scope::Both, _)
                | (Scope::Upstream, Direction::Upstream)
                | (Scope::Downstream, Direction::Downstream)
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineageQuery {
    pub level: Level,
    pub scope: Scope,
    /// The most edges from the id; `u32::MAX` for no limit.
    pub depth: u32,
}

/// A node of a view. `distance` is 0 for the nodes the id names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ViewNode {
    pub id: String,
    pub label: String,
    pub kind: NodeKind,
    pub distance: u32,
    /// The id of the product the node belongs to, if any.
    pub product: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ViewEdge {
    pub from: String,
    pub to: String,
    /// `port`, `run` and/or `column`.
    pub evidence: Vec<&'static str>,
}

/// The answer of a lineage query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineageView {
    pub id: String,
    pub level: Level,
    pub scope: Scope,
    /// `null` in JSON for no limit.
    pub depth: Option<u32>,
    pub roots: Vec<ViewNode>,
    /// Nearest first, then by id.
    pub upstream: Vec<ViewNode>,
    pub downstream: Vec<ViewNode>,
    /// Every edge between two nodes of the view, by (from, to).
    pub edges: Vec<ViewEdge>,
    /// Cycles with a node in the view, each as its node ids.
    pub cycles: Vec<Vec<String>>,
    /// Input ports in the view whose contract nobody publishes.
    pub dangling: Vec<DanglingPort>,
    /// Datasets in the view that no product's contract names.
    pub unmapped: Vec<String>,
}

impl LineageView {
    /// Every node of the view: roots, upstream, downstream.
    pub fn nodes(&self) -> impl Iterator<Item = &ViewNode> {
        self.roots
            .iter()
            .chain(&self.upstream)
            .chain(&self.downstream)
    }
}

impl Lineage {
    /// The lineage of `id` (see [`Lineage::resolve`]); `None` when `id` names
    /// nothing at that level.
    pub fn view(&self, id: &str, query: &LineageQuery) -> Option<LineageView> {
        let starts = self.resolve(query.level, id);
        if starts.is_empty() {
            return None;
        }
        let graph = self.graph(query.level);
        let mut walker = Walker::new();
        let mut side = |direction: Direction| {
            let mut reached = Vec::new();
            if query.scope.includes(direction) {
                walker.walk(graph, &starts, direction, query.depth, &mut reached);
            }
            reached
        };
        let up = side(Direction::Upstream);
        let down = side(Direction::Downstream);
        let roots: Vec<Reached> = starts
            .iter()
            .map(|&node| Reached { node, distance: 0 })
            .collect();
        let mut members: HashSet<u32> = HashSet::new();
        for reached in roots.iter().chain(&up).chain(&down) {
            members.insert(reached.node);
        }
        Some(LineageView {
            id: id.to_owned(),
            level: query.level,
            scope: query.scope,
            depth: (query.depth != u32::MAX).then_some(query.depth),
            roots: self.view_nodes(graph, &roots),
            upstream: self.view_nodes(graph, &up),
            downstream: self.view_nodes(graph, &down),
            edges: view_edges(graph, &members),
            cycles: view_cycles(graph, &members),
            dangling: self.view_dangling(query.level, graph, &members),
            unmapped: view_unmapped(graph, &members),
        })
    }

    fn view_nodes(&self, graph: &Graph, reached: &[Reached]) -> Vec<ViewNode> {
        let mut nodes: Vec<ViewNode> = reached
            .iter()
            .filter_map(|r| {
                let node = graph.node(r.node)?;
                Some(ViewNode {
                    id: node.key.clone(),
                    label: node.label.clone(),
                    kind: node.kind,
                    distance: r.distance,
                    product: node
                        .product
                        .and_then(|p| self.product_info(p))
                        .map(|p| p.id.clone()),
                })
            })
            .collect();
        nodes.sort_by(|a, b| (a.distance, &a.id).cmp(&(b.distance, &b.id)));
        nodes
    }

    fn view_dangling(
        &self,
        level: Level,
        graph: &Graph,
        members: &HashSet<u32>,
    ) -> Vec<DanglingPort> {
        if level != Level::Product {
            return Vec::new();
        }
        self.dangling
            .iter()
            .filter(|d| graph.find(&d.product).is_some_and(|n| members.contains(&n)))
            .cloned()
            .collect()
    }
}

fn view_edges(graph: &Graph, members: &HashSet<u32>) -> Vec<ViewEdge> {
    let mut edges: Vec<ViewEdge> = Vec::new();
    for &from in members.iter() {
        for (to, bits) in graph.out_edges(from) {
            if !members.contains(&to) {
                continue;
            }
            if let (Some(a), Some(b)) = (graph.node(from), graph.node(to)) {
                edges.push(ViewEdge {
                    from: a.key.clone(),
                    to: b.key.clone(),
                    evidence: evidence::names(bits),
                });
            }
        }
    }
    edges.sort_by(|a, b| (&a.from, &a.to).cmp(&(&b.from, &b.to)));
    edges
}

fn view_cycles(graph: &Graph, members: &HashSet<u32>) -> Vec<Vec<String>> {
    graph
        .cycles()
        .iter()
        .filter(|cycle| cycle.iter().any(|n| members.contains(n)))
        .map(|cycle| {
            cycle
                .iter()
                .filter_map(|&n| graph.node(n).map(|node| node.key.clone()))
                .collect()
        })
        .collect()
}

fn view_unmapped(graph: &Graph, members: &HashSet<u32>) -> Vec<String> {
    let mut unmapped: Vec<String> = members
        .iter()
        .filter_map(|&n| graph.node(n))
        .filter(|node| {
            node.product.is_none() && matches!(node.kind, NodeKind::Dataset | NodeKind::Column)
        })
        .map(|node| node.key.clone())
        .collect();
    unmapped.sort();
    unmapped
}
