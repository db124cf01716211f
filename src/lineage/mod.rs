//! Lineage: who feeds whom, at three levels.
//!
//! - **product**: an ODPS input port consuming a contract links the products
//!   publishing it to the consumer; an OpenLineage run reading a product's
//!   dataset and writing another's links the two products too.
//! - **dataset**: run events, job inputs → outputs. A dataset maps to the
//!   product whose output-port contract names it ([`naming`]).
//! - **column**: the `columnLineage` facet.
//!
//! The graphs are built once ([`Lineage::from_store`]) and walked over flat
//! arrays ([`Walker`]); [`LineageView`] and [`Impact`] are the query results
//! the CLI prints and the TUI renders; [`export`] writes DOT and Mermaid.

mod build;
mod cycles;
mod dependents;
pub mod export;
mod graph;
mod impact;
pub mod layout;
pub mod naming;
mod records;
mod traverse;
mod view;

use std::time::Instant;

use serde::{Deserialize, Serialize};

pub use build::{LineageBuilder, dataset_key};
pub use graph::{Direction, Edge, Graph, Node, NodeKind, evidence};
pub use impact::{Impact, ImpactEntry};
pub use traverse::{Reached, Walker};
pub use view::{LineageQuery, LineageView, Scope, ViewEdge, ViewNode};

use crate::model::{Product, SupportChannel};
use crate::store::{Store, StoreError};

/// The granularity of a lineage graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Product,
    Dataset,
    Column,
}

/// What the lineage views show of a product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductInfo {
    pub id: String,
    pub name: String,
    pub domain: Option<String>,
    pub status: Option<String>,
    /// The owning team's name (or id).
    pub team: Option<String>,
    pub support: Vec<SupportChannel>,
}

impl ProductInfo {
    pub fn of(product: &Product) -> ProductInfo {
        ProductInfo {
            id: product.id.clone(),
            name: product.title().to_owned(),
            domain: product.domain.clone(),
            status: product.status.clone(),
            team: product
                .team
                .as_ref()
                .and_then(|t| t.name.clone().or_else(|| t.id.clone())),
            support: product.support.clone(),
        }
    }
}

/// An input port consuming a contract that no product publishes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DanglingPort {
    pub product: String,
    pub contract_id: String,
}

/// The lineage of a whole catalogue.
#[derive(Debug, Clone, Default)]
pub struct Lineage {
    /// Shared: reports (the health view) hold them without copying.
    products: Vec<std::sync::Arc<ProductInfo>>,
    product: Graph,
    dataset: Graph,
    column: Graph,
    dangling: Vec<DanglingPort>,
    unmapped: Vec<String>,
    /// Products downstream of every product-level node, computed on first
    /// use (the health view's blast radii).
    downstream_all: std::sync::OnceLock<Vec<u32>>,
}

impl Lineage {
    /// Reads the cache once: products, contract versions, run events, each
    /// decoded only for the fields lineage reads, on every core. The time of
    /// each pass is logged at debug level.
    pub fn from_store(store: &Store) -> Result<Lineage, StoreError> {
        let mut builder = LineageBuilder::new();
        let started = Instant::now();
        store.for_each_product_as(|product: records::ProductPorts| {
            builder.add_product_ports(product)
        })?;
        let products = started.elapsed();
        store.for_each_contract_version_as(|contract: records::ContractDatasets| {
            builder.add_contract_datasets(contract)
        })?;
        let contracts = started.elapsed();
        store.for_each_lineage_event_as(|run: records::RunFlow| builder.add_run_flow(&run))?;
        let events = started.elapsed();
        let lineage = builder.finish();
        tracing::debug!(
            ?products,
            contracts = ?(contracts - products),
            events = ?(events - contracts),
            graphs = ?(started.elapsed() - events),
            "lineage built"
        );
        Ok(lineage)
    }

    pub fn graph(&self, level: Level) -> &Graph {
        match level {
            Level::Product => &self.product,
            Level::Dataset => &self.dataset,
            Level::Column => &self.column,
        }
    }

    pub fn products(&self) -> &[std::sync::Arc<ProductInfo>] {
        &self.products
    }

    pub fn product_info(&self, index: u32) -> Option<&ProductInfo> {
        self.products.get(index as usize).map(|p| &**p)
    }

    /// The product's info, to share rather than copy.
    pub fn shared_product_info(&self, index: u32) -> Option<&std::sync::Arc<ProductInfo>> {
        self.products.get(index as usize)
    }

    /// Every input port whose contract nobody publishes, by product.
    pub fn dangling(&self) -> &[DanglingPort] {
        &self.dangling
    }

    /// The URIs of the run datasets no product's contract names, in first-seen order.
    pub fn unmapped_datasets(&self) -> &[String] {
        &self.unmapped
    }

    /// The nodes `id` names at `level`: a node key (product id, dataset URI,
    /// column key), else every dataset or column of the product `id`, else
    /// (dataset level) the datasets whose name is `id`. Empty: unknown.
    pub fn resolve(&self, level: Level, id: &str) -> Vec<u32> {
        let graph = self.graph(level);
        if let Some(node) = graph.find(id) {
            return vec![node];
        }
        let owner = self.product.find(id).and_then(|n| {
            self.product
                .node(n)
                .and_then(|node| node.product)
                .filter(|_| level != Level::Product)
        });
        let matches = |node: &Node| match owner {
            Some(product) => node.product == Some(product),
            None => level == Level::Dataset && node.label == id,
        };
        (0..graph.len() as u32)
            .filter(|&n| graph.node(n).is_some_and(matches))
            .collect()
    }
}

#[cfg(test)]
pub(crate) mod test_mesh;
#[cfg(test)]
mod tests;
