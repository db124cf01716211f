//! Lineage for the explorer: the graph is built once per cache generation
//! (through its own connection, so searches go on meanwhile); a view and
//! its layout are computed per request, on the background task.

use std::sync::Arc;

use super::{Backend, Shared, poisoned};
use chrono::{DateTime, Utc};

use crate::lineage::layout::Layered;
use crate::lineage::{DanglingPort, Level, Lineage, LineageQuery, NodeKind, ProductInfo, Scope};
use crate::quality::{Severity, score};
use crate::store::Store;

/// What the lineage pane asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineageRequest {
    /// A product id, dataset key or column key.
    pub id: String,
    pub level: Level,
    pub depth: u32,
}

/// A node as the pane shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PaneNode {
    pub id: String,
    pub label: String,
    pub kind: NodeKind,
    /// Edges from the focus (0 for the focused nodes).
    pub distance: u32,
    pub upstream: bool,
    /// The product the node belongs to.
    pub product: Option<ProductInfo>,
    /// The product's worst breach now (None: healthy, or no product).
    pub breach: Option<Severity>,
    /// The product's trust score now.
    pub score: Option<u32>,
}

/// A view of the lineage pane, laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct LineageData {
    pub request: LineageRequest,
    /// In the layout's numbering.
    pub nodes: Vec<PaneNode>,
    pub layered: Layered,
    /// (from, to) node indices of the view's edges.
    pub edges: Vec<(u32, u32)>,
    /// Cycles through the view, as labels.
    pub cycles: Vec<Vec<String>>,
    pub dangling: Vec<DanglingPort>,
    pub unmapped: usize,
}

impl LineageData {
    pub fn upstream_count(&self) -> usize {
        self.nodes.iter().filter(|n| n.upstream).count()
    }

    pub fn downstream_count(&self) -> usize {
        self.nodes
            .iter()
            .filter(|n| !n.upstream && n.distance > 0)
            .count()
    }
}

impl Backend {
    /// The lineage of the cache's current generation, built on first use.
    pub(super) fn lineage_graph(&self) -> Shared<Arc<Lineage>> {
        let generation = self.generation()?;
        let mut cached = self.lineage.lock().map_err(poisoned)?;
        if let Some((built, lineage)) = cached.as_ref()
            && *built == generation
        {
            return Ok(lineage.clone());
        }
        let lineage = match &self.db_path {
            Some(path) => Store::open(path).and_then(|store| Lineage::from_store(&store)),
            None => Lineage::from_store(&*self.store.lock().map_err(poisoned)?),
        }
        .map_err(|e| format!("cannot read the lineage: {e}"))?;
        let lineage = Arc::new(lineage);
        *cached = Some((generation, lineage.clone()));
        Ok(lineage)
    }

    pub(super) fn lineage_view(
        &self,
        request: &LineageRequest,
        now: DateTime<Utc>,
    ) -> Shared<Option<LineageData>> {
        let (lineage, quality) = self.quality_index(now)?;
        let query = LineageQuery {
            level: request.level,
            scope: Scope::Both,
            depth: request.depth,
        };
        let Some(view) = lineage.view(&request.id, &query) else {
            return Ok(None);
        };
        let (nodes, layered) = view.layered();
        let info = |product: Option<&String>| {
            let graph = lineage.graph(Level::Product);
            let node = graph.node(graph.find(product?)?)?;
            lineage.product_info(node.product?).cloned()
        };
        let upstream: std::collections::HashSet<&str> =
            view.upstream.iter().map(|n| n.id.as_str()).collect();
        let downstream: std::collections::HashSet<&str> =
            view.downstream.iter().map(|n| n.id.as_str()).collect();
        let pane_nodes: Vec<PaneNode> = nodes
            .iter()
            .map(|node| PaneNode {
                id: node.id.clone(),
                label: node.label.clone(),
                kind: node.kind,
                distance: node.distance,
                upstream: upstream.contains(node.id.as_str())
                    && !downstream.contains(node.id.as_str())
                    && node.distance > 0,
                product: info(node.product.as_ref()),
                breach: node
                    .product
                    .as_ref()
                    .and_then(|id| quality.breach_severity(id, now)),
                score: node
                    .product
                    .as_ref()
                    .and_then(|id| Some(score::total(quality.state(id)?, now))),
            })
            .collect();
        let index: std::collections::HashMap<&str, u32> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i as u32))
            .collect();
        let edges = view
            .edges
            .iter()
            .filter_map(|e| Some((*index.get(e.from.as_str())?, *index.get(e.to.as_str())?)))
            .collect();
        let label = |id: &String| {
            index
                .get(id.as_str())
                .map_or_else(|| id.clone(), |&i| pane_nodes[i as usize].label.clone())
        };
        let cycles = view
            .cycles
            .iter()
            .map(|cycle| cycle.iter().map(label).collect())
            .collect();
        Ok(Some(LineageData {
            request: request.clone(),
            layered,
            edges,
            cycles,
            dangling: view.dangling.clone(),
            unmapped: view.unmapped.len(),
            nodes: pane_nodes,
        }))
    }
}
