//! The lineage graph: nodes interned to `u32` ids, edges in two CSR arrays
//! (downstream and upstream), so that a traversal touches flat `Vec<u32>`s
//! only. Built once per cache generation ([`super::LineageBuilder`]).

use std::collections::HashMap;

use serde::Serialize;

/// Why an edge exists, as bits (an edge may have several reasons).
pub mod evidence {
    /// An ODPS input port consumes a contract the upstream product publishes.
    pub const PORT: u8 = 1;
    /// An OpenLineage run read the upstream dataset and wrote the downstream one.
    pub const RUN: u8 = 2;
    /// A `columnLineage` facet derives the downstream column from the upstream one.
    pub const COLUMN: u8 = 4;

    /// The names of the bits set in `bits`, in a fixed order.
    pub fn names(bits: u8) -> Vec<&'static str> {
        [(PORT, "port"), (RUN, "run"), (COLUMN, "column")]
            .into_iter()
            .filter(|(bit, _)| bits & bit != 0)
            .map(|(_, name)| name)
            .collect()
    }
}

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Product,
    /// A contract an input port consumes but no product publishes.
    MissingContract,
    /// An OpenLineage dataset (at product level: one no product publishes).
    Dataset,
    /// A column of a dataset.
    Column,
}

/// A node: `key` is unique within its graph (product id, contract id,
/// dataset URI `namespace/name`, or `namespace/name#column`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub kind: NodeKind,
    pub key: String,
    pub label: String,
    /// The index of the product this node belongs to, in [`super::Lineage::products`].
    pub product: Option<u32>,
}

/// One edge while building: `from` feeds `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub from: u32,
    pub to: u32,
    pub evidence: u8,
}

/// Which way to follow edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Towards what a node depends on.
    Upstream,
    /// Towards what depends on the node.
    Downstream,
}

/// Compressed sparse rows: the neighbours of node `n` are
/// `targets[offsets[n]..offsets[n + 1]]`, sorted, without duplicates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Csr {
    offsets: Vec<u32>,
    targets: Vec<u32>,
    evidence: Vec<u8>,
}

impl Csr {
    /// `edges` as (from, to, evidence); duplicates are merged.
    fn build(node_count: usize, mut edges: Vec<(u32, u32, u8)>) -> Csr {
        edges.sort_unstable_by_key(|&(from, to, _)| (from, to));
        let mut offsets = vec![0u32; node_count + 1];
        let mut targets = Vec::with_capacity(edges.len());
        let mut evidence: Vec<u8> = Vec::with_capacity(edges.len());
        let mut last: Option<(u32, u32)> = None;
        for (from, to, bits) in edges {
            if last == Some((from, to)) {
                if let Some(known) = evidence.last_mut() {
                    *known |= bits;
                }
                continue;
            }
            last = Some((from, to));
            offsets[from as usize + 1] += 1;
            targets.push(to);
            evidence.push(bits);
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        Csr {
            offsets,
            targets,
            evidence,
        }
    }

    fn range(&self, node: u32) -> std::ops::Range<usize> {
        let node = node as usize;
        match (self.offsets.get(node), self.offsets.get(node + 1)) {
            (Some(&start), Some(&end)) => start as usize..end as usize,
            _ => 0..0,
        }
    }

    pub fn neighbours(&self, node: u32) -> &[u32] {
        &self.targets[self.range(node)]
    }

    fn neighbour_evidence(&self, node: u32) -> &[u8] {
        &self.evidence[self.range(node)]
    }

    pub fn edge_count(&self) -> usize {
        self.targets.len()
    }
}

/// A directed graph over interned nodes.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    nodes: Vec<Node>,
    index: HashMap<String, u32>,
    down: Csr,
    up: Csr,
    cycles: Vec<Vec<u32>>,
    /// The strongly connected component of each node ([`super::cycles`]).
    component: Vec<u32>,
}

impl Graph {
    /// A graph of `nodes` (keys must be unique; a repeated key resolves to
    /// its first node) and `edges`; self-loops are kept (they are cycles).
    pub fn new(nodes: Vec<Node>, edges: &[Edge]) -> Graph {
        let count = nodes.len();
        let in_range = |e: &&Edge| (e.from as usize) < count && (e.to as usize) < count;
        let down = Csr::build(
            count,
            edges
                .iter()
                .filter(in_range)
                .map(|e| (e.from, e.to, e.evidence))
                .collect(),
        );
        let up = Csr::build(
            count,
            edges
                .iter()
                .filter(in_range)
                .map(|e| (e.to, e.from, e.evidence))
                .collect(),
        );
        let mut index = HashMap::with_capacity(count);
        for (id, node) in nodes.iter().enumerate() {
            index.entry(node.key.clone()).or_insert(id as u32);
        }
        let components = super::cycles::find(count, &down, &nodes);
        Graph {
            nodes,
            index,
            down,
            up,
            cycles: components.cycles,
            component: components.component,
        }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn edge_count(&self) -> usize {
        self.down.edge_count()
    }

    pub fn node(&self, id: u32) -> Option<&Node> {
        self.nodes.get(id as usize)
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The node with this key.
    pub fn find(&self, key: &str) -> Option<u32> {
        self.index.get(key).copied()
    }

    /// The nodes one edge away in `direction`, by id.
    pub fn neighbours(&self, node: u32, direction: Direction) -> &[u32] {
        self.adjacency(direction).neighbours(node)
    }

    /// The evidence bits of the edge `from → to`, if there is one.
    pub fn edge(&self, from: u32, to: u32) -> Option<u8> {
        let targets = self.down.neighbours(from);
        let at = targets.binary_search(&to).ok()?;
        self.down.neighbour_evidence(from).get(at).copied()
    }

    /// Every downstream edge of `node` with its evidence bits.
    pub fn out_edges(&self, node: u32) -> impl Iterator<Item = (u32, u8)> + '_ {
        self.down
            .neighbours(node)
            .iter()
            .copied()
            .zip(self.down.neighbour_evidence(node).iter().copied())
    }

    pub(crate) fn adjacency(&self, direction: Direction) -> &Csr {
        match direction {
            Direction::Upstream => &self.up,
            Direction::Downstream => &self.down,
        }
    }

    /// Every cycle (strongly connected set of nodes, or a self-loop), each
    /// sorted by key; found once when the graph is built.
    pub fn cycles(&self) -> &[Vec<u32>] {
        &self.cycles
    }

    /// The strongly connected component of each node: an edge between two
    /// components goes from a higher number to a lower one.
    pub(crate) fn components(&self) -> &[u32] {
        &self.component
    }
}
