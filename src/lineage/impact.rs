//! `impact ID`: who to notify when a product changes or breaks (everything
//! downstream, nearest and most depended-on first), and what it depends on.

use serde::Serialize;

use super::graph::{Direction, NodeKind};
use super::traverse::{Reached, Walker};
use super::{DanglingPort, Level, Lineage};
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
        let graph = self.graph(Level::Product);
        let is_product = |n: u32| {
            graph
                .node(n)
                .is_some_and(|node| node.kind == NodeKind::Product)
        };
        let mut walker = Walker::new();
        let mut counts = vec![0; graph.len()];
        for &node in nodes {
            if let Some(count) = counts.get_mut(node as usize) {
                *count = walker.count(graph, node, Direction::Downstream, is_product);
            }
        }
        counts
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
        let mut downstream = self.entries(&mut walker, &down);
        downstream.sort_by(|a, b| {
            (a.distance, std::cmp::Reverse(a.dependents), &a.id).cmp(&(
                b.distance,
                std::cmp::Reverse(b.dependents),
                &b.id,
            ))
        });
        let mut upstream = self.entries(&mut walker, &up);
        upstream.sort_by(|a, b| (a.distance, &a.id).cmp(&(b.distance, &b.id)));
        let product = self
            .entries(
                &mut walker,
                &[Reached {
                    node: start,
                    distance: 0,
                }],
            )
            .pop()?;
        let touched = |n: &u32| *n == start || down.iter().chain(&up).any(|r| r.node == *n);
        let cycles = graph
            .cycles()
            .iter()
            .filter(|cycle| cycle.iter().any(touched))
            .map(|cycle| {
                cycle
                    .iter()
                    .filter_map(|&n| graph.node(n).map(|node| node.key.clone()))
                    .collect()
            })
            .collect();
        let upstream_ids: Vec<&str> = upstream.iter().map(|e| e.id.as_str()).collect();
        let dangling = self
            .dangling()
            .iter()
            .filter(|d| d.product == product.id || upstream_ids.contains(&d.product.as_str()))
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

    /// The product nodes of `reached` as entries (other kinds are skipped).
    fn entries(&self, walker: &mut Walker, reached: &[Reached]) -> Vec<ImpactEntry> {
        let graph = self.graph(Level::Product);
        let is_product = |n: u32| {
            graph
                .node(n)
                .is_some_and(|node| node.kind == NodeKind::Product)
        };
        reached
            .iter()
            .filter_map(|r| {
                let info = self.product_info(graph.node(r.node)?.product?)?;
                Some(ImpactEntry {
                    id: info.id.clone(),
                    name: info.name.clone(),
                    domain: info.domain.clone(),
                    status: info.status.clone(),
                    distance: r.distance,
                    team: info.team.clone(),
                    support: info.support.clone(),
                    dependents: walker.count(graph, r.node, Direction::Downstream, is_product),
                    health: None,
                })
            })
            .collect()
    }
}
