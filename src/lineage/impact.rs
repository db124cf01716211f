//! `impact ID`: who to notify when a product changes or breaks (everything
//! downstream, nearest and most depended-on first), and what it depends on.

use std::collections::HashSet;

use serde::Serialize;

use super::dependents::count_downstream;
use super::graph::{Direction, NodeKind};
use super::traverse::{Reached, Walker};
use super::{DanglingPort, Level, Lineage, ProductInfo};
use crate::model::SupportChannel;

/// A product in an impact report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImpactEntry {
    pub id: String,
    pub name: String,
    pub domain: Option<String>,
    pub status: Option<String>,
    /// Edges from the product the report is about (0 for itself).
    pub distance: u32,
    pub team: Option<String>,
    pub support: Vec<SupportChannel>,
    /// How many products lie downstream of this one, at any depth.
    pub dependents: u32,
    /// The product's health now (`ok · score 92`, `error · score 40: stale: ...`),
    /// filled by [`crate::quality::Quality::fill_health`]; `null` without it.
    pub health: Option<String>,
}

/// The answer of an impact query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Impact {
    pub product: ImpactEntry,
    /// `null` for no limit.
    pub depth: Option<u32>,
    /// By distance, then most dependents first, then id.
    pub downstream: Vec<ImpactEntry>,
    /// By distance, then id.
    pub upstream: Vec<ImpactEntry>,
    /// Cycles through the product or anything it reaches, as product ids.
    pub cycles: Vec<Vec<String>>,
    /// Upstream input ports whose contract nobody publishes.
    pub dangling: Vec<DanglingPort>,
}

impl Lineage {
    /// For each product-level node of `nodes`: how many products lie
    /// downstream of it at any depth; indexed by node id (0 for nodes not
    /// asked about).
    pub fn downstream_products(&self, nodes: &[u32]) -> Vec<u32> {
        self.count_products_downstream(nodes)
    }

    /// How many products lie downstream of each product-level node, at any
    /// depth, indexed by node id: computed once (one bit-parallel pass over
    /// the whole graph), then shared.
    pub fn downstream_of_all(&self) -> &[u32] {
        self.downstream_all.get_or_init(|| {
            let all: Vec<u32> = (0..self.graph(Level::Product).len() as u32).collect();
            self.count_products_downstream(&all)
        })
    }

    fn count_products_downstream(&self, nodes: &[u32]) -> Vec<u32> {
        let graph = self.graph(Level::Product);
        let is_product = |n: u32| {
            graph
                .node(n)
                .is_some_and(|node| node.kind == NodeKind::Product)
        };
        count_downstream(graph, nodes, is_product, &mut Walker::new())
    }

    /// The impact report of the product `id` to `depth` edges (`u32::MAX`:
    /// no limit); `None` for an unknown product.
    pub fn impact(&self, id: &str, depth: u32) -> Option<Impact> {
        let graph = self.graph(Level::Product);
        let start = graph
            .find(id)
            .filter(|&n| graph.node(n).is_some_and(|n| n.kind == NodeKind::Product))?;
        let mut walker = Walker::new();
        let mut reached = |direction: Direction| {
            let mut out = Vec::new();
            walker.walk(graph, &[start], direction, depth, &mut out);
            out
        };
        let down = reached(Direction::Downstream);
        let up = reached(Direction::Upstream);
        let dependents = self.dependents(&mut walker, start, &down, &up);
        let downstream = self.entries(&dependents, &down, |e| {
            (
                e.distance,
                std::cmp::Reverse(e.dependents),
                e.info.id.as_str(),
            )
        });
        let upstream = self.entries(&dependents, &up, |e| (e.distance, e.info.id.as_str()));
        let itself = Reached {
            node: start,
            distance: 0,
        };
        let product = self.entries(&dependents, &[itself], |_| ()).pop()?;
        let mut touched = vec![false; graph.len()];
        for node in std::iter::once(start).chain(down.iter().chain(&up).map(|r| r.node)) {
            touched[node as usize] = true;
        }
        let cycles = graph
            .cycles()
            .iter()
            .filter(|cycle| cycle.iter().any(|&n| touched[n as usize]))
            .map(|cycle| {
                cycle
                    .iter()
                    .filter_map(|&n| graph.node(n).map(|node| node.key.clone()))
                    .collect()
            })
            .collect();
        let upstream_ids: HashSet<&str> = upstream.iter().map(|e| e.id.as_str()).collect();
        let dangling = self
            .dangling()
            .iter()
            .filter(|d| d.product == product.id || upstream_ids.contains(d.product.as_str()))
            .cloned()
            .collect();
        Some(Impact {
            product,
            depth: (depth != u32::MAX).then_some(depth),
            downstream,
            upstream,
            cycles,
            dangling,
        })
    }

    /// How many products lie downstream of each product node of the report.
    fn dependents(
        &self,
        walker: &mut Walker,
        start: u32,
        down: &[Reached],
        up: &[Reached],
    ) -> Vec<u32> {
        let graph = self.graph(Level::Product);
        let is_product = |n: u32| {
            graph
                .node(n)
                .is_some_and(|node| node.kind == NodeKind::Product)
        };
        let has_product = |n: &u32| graph.node(*n).is_some_and(|node| node.product.is_some());
        let queries: Vec<u32> = std::iter::once(start)
            .chain(down.iter().chain(up).map(|r| r.node))
            .filter(has_product)
            .collect();
        count_downstream(graph, &queries, is_product, walker)
    }

    /// The product nodes of `reached` as entries (other kinds are skipped),
    /// ordered by `key` (sorted before the entries are made: moving the
    /// small keys, not the entries, while sorting 60k of them).
    fn entries<'a, K: Ord>(
        &'a self,
        dependents: &[u32],
        reached: &[Reached],
        key: impl Fn(&Listed<'a>) -> K,
    ) -> Vec<ImpactEntry> {
        let graph = self.graph(Level::Product);
        let mut listed: Vec<Listed<'a>> = reached
            .iter()
            .filter_map(|r| {
                Some(Listed {
                    info: self.product_info(graph.node(r.node)?.product?)?,
                    distance: r.distance,
                    dependents: dependents.get(r.node as usize).copied().unwrap_or(0),
                })
            })
            .collect();
        listed.sort_by_cached_key(|l| key(l));
        listed
            .into_iter()
            .map(|l| ImpactEntry {
                id: l.info.id.clone(),
                name: l.info.name.clone(),
                domain: l.info.domain.clone(),
                status: l.info.status.clone(),
                distance: l.distance,
                team: l.info.team.clone(),
                support: l.info.support.clone(),
                dependents: l.dependents,
                health: None,
            })
            .collect()
    }
}

/// A product of an impact report before it becomes an [`ImpactEntry`].
struct Listed<'a> {
    info: &'a ProductInfo,
    distance: u32,
    dependents: u32,
}
