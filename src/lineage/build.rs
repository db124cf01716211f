//! Building the three graphs (product, dataset, column) from the catalogue in
//! one pass over products, one over contracts and one over run events. The
//! order of the passes does not matter: edges are resolved in `finish`.

use std::collections::HashMap;

use super::graph::{Edge, Graph, Node, NodeKind, evidence};
use super::naming::{ContractLocation, location_datasets};
use super::records::{ContractDatasets, ProductPorts, RunFlow};
use super::{DanglingPort, Lineage, ProductInfo};
use crate::model::{ColumnLineage, Contract, DatasetRef, LineageEvent, Product};

/// Collects the evidence of lineage; [`LineageBuilder::finish`] makes the graphs.
#[derive(Debug, Default)]
pub struct LineageBuilder {
    products: Vec<ProductInfo>,
    product_index: HashMap<String, u32>,
    /// (consumer, contract id) of every input port.
    inputs: Vec<(u32, String)>,
    /// contract id → publishing products, in product order.
    publishers: HashMap<String, Vec<u32>>,
    /// dataset URI → contract id whose server + physicalName name it.
    contract_of_dataset: HashMap<String, String>,
    datasets: Interner,
    /// The URI ([`dataset_key`]) of every interned dataset.
    dataset_keys: Vec<String>,
    dataset_names: Vec<DatasetRef>,
    dataset_edges: Vec<(u32, u32)>,
    columns: Interner,
    /// (dataset, column name) of every interned column.
    column_names: Vec<(u32, String)>,
    column_edges: Vec<(u32, u32)>,
    /// Scratch space for the key being looked up.
    key: String,
}

#[derive(Debug, Default)]
struct Interner {
    ids: HashMap<String, u32>,
}

impl Interner {
    /// The id of `key`, and whether it is new (only then is `key` copied).
    fn intern(&mut self, key: &str) -> (u32, bool) {
        if let Some(&id) = self.ids.get(key) {
            return (id, false);
        }
        let id = self.ids.len() as u32;
        self.ids.insert(key.to_owned(), id);
        (id, true)
    }
}

/// The URI form of a dataset (Naming.md: `namespace` + `/` + `name`).
pub fn dataset_key(namespace: &str, name: &str) -> String {
    let mut key = String::with_capacity(namespace.len() + 1 + name.len());
    write_dataset_key(&mut key, namespace, name);
    key
}

fn write_dataset_key(out: &mut String, namespace: &str, name: &str) {
    out.push_str(namespace);
    out.push('/');
    out.push_str(name);
}

fn column_key(dataset: &str, column: &str) -> String {
    format!("{dataset}#{column}")
}

impl LineageBuilder {
    pub fn new() -> LineageBuilder {
        LineageBuilder::default()
    }

    /// A product and its ports. A repeated id keeps the first product.
    pub fn add_product(&mut self, product: &Product) {
        if self.product_index.contains_key(&product.id) {
            return;
        }
        self.add_ports(
            ProductInfo::of(product),
            product.input_ports.iter().map(|p| p.contract_id.as_str()),
            product
                .output_ports
                .iter()
                .filter_map(|p| p.contract_id.as_deref()),
        );
    }

    /// [`LineageBuilder::add_product`] from the decoded parts of a product.
    pub(crate) fn add_product_ports(&mut self, product: ProductPorts) {
        if self.product_index.contains_key(&product.id) {
            return;
        }
        let (info, inputs, outputs) = product.into_info();
        self.add_ports(
            info,
            inputs.iter().map(|p| p.contract_id.as_str()),
            outputs.iter().filter_map(|p| p.contract_id.as_deref()),
        );
    }

    /// A new product: the contracts its input ports consume and its output
    /// ports publish (blank ids skipped).
    fn add_ports<'a>(
        &mut self,
        info: ProductInfo,
        inputs: impl Iterator<Item = &'a str>,
        outputs: impl Iterator<Item = &'a str>,
    ) {
        let index = self.products.len() as u32;
        self.product_index.insert(info.id.clone(), index);
        self.products.push(info);
        for contract_id in inputs.filter(|id| !id.trim().is_empty()) {
            self.inputs.push((index, contract_id.to_owned()));
        }
        for contract_id in outputs.filter(|id| !id.trim().is_empty()) {
            match self.publishers.get_mut(contract_id) {
                Some(publishers) if publishers.last() == Some(&index) => {}
                Some(publishers) => publishers.push(index),
                None => {
                    self.publishers.insert(contract_id.to_owned(), vec![index]);
                }
            }
        }
    }

    /// A contract version: its servers and schema objects name datasets.
    pub fn add_contract(&mut self, contract: &Contract) {
        self.add_contract_location(&ContractLocation::of(contract));
    }

    /// [`LineageBuilder::add_contract`] from the decoded parts of a contract.
    pub fn add_contract_location(&mut self, contract: &ContractLocation) {
        for dataset in location_datasets(contract) {
            self.contract_of_dataset
                .entry(dataset_key(&dataset.namespace, &dataset.name))
                .or_insert_with(|| contract.id.clone());
        }
    }

    /// The datasets (URIs) a contract version names, in any order of
    /// versions: a dataset several contracts name goes to the smallest id,
    /// the one [`LineageBuilder::add_contract`] keeps when called by id.
    pub(crate) fn add_contract_datasets(&mut self, contract: ContractDatasets) {
        for key in contract.keys {
            match self.contract_of_dataset.get_mut(&key) {
                Some(known) if *known <= contract.id => {}
                Some(known) => known.clone_from(&contract.id),
                None => {
                    self.contract_of_dataset.insert(key, contract.id.clone());
                }
            }
        }
    }

    /// A run event: every input dataset feeds every output dataset, and the
    /// `columnLineage` facet links columns.
    pub fn add_event(&mut self, event: &LineageEvent) {
        self.add_run(
            event
                .inputs
                .iter()
                .map(|d| (d.namespace.as_str(), d.name.as_str())),
            event.outputs.iter().map(|d| {
                (
                    d.namespace.as_str(),
                    d.name.as_str(),
                    d.column_lineage.as_slice(),
                )
            }),
        );
    }

    /// [`LineageBuilder::add_event`] from the decoded parts of a run event.
    pub(crate) fn add_run_flow(&mut self, run: &RunFlow) {
        self.add_run(
            run.inputs
                .iter()
                .map(|d| (d.namespace.as_str(), d.name.as_str())),
            run.outputs.iter().map(|d| {
                (
                    d.namespace.as_str(),
                    d.name.as_str(),
                    d.column_lineage.as_slice(),
                )
            }),
        );
    }

    /// Inputs as (namespace, name); outputs with their column lineage.
    fn add_run<'a>(
        &mut self,
        inputs: impl Iterator<Item = (&'a str, &'a str)>,
        outputs: impl Iterator<Item = (&'a str, &'a str, &'a [ColumnLineage])>,
    ) {
        let inputs: Vec<u32> = inputs
            .map(|(namespace, name)| self.dataset(namespace, name))
            .collect();
        for (namespace, name, column_lineage) in outputs {
            let to = self.dataset(namespace, name);
            for &from in &inputs {
                if from != to {
                    self.dataset_edges.push((from, to));
                }
            }
            for lineage in column_lineage {
                let to_column = self.column(to, &lineage.column);
                for (source, column) in &lineage.inputs {
                    let dataset = self.dataset(&source.namespace, &source.name);
                    let from_column = self.column(dataset, column);
                    self.column_edges.push((from_column, to_column));
                }
            }
        }
    }

    fn dataset(&mut self, namespace: &str, name: &str) -> u32 {
        self.key.clear();
        write_dataset_key(&mut self.key, namespace, name);
        let (id, new) = self.datasets.intern(&self.key);
        if new {
            self.dataset_keys.push(self.key.clone());
            self.dataset_names.push(DatasetRef {
                namespace: namespace.to_owned(),
                name: name.to_owned(),
            });
        }
        id
    }

    fn column(&mut self, dataset: u32, column: &str) -> u32 {
        self.key.clear();
        let uri = self
            .dataset_keys
            .get(dataset as usize)
            .map_or("", String::as_str);
        self.key.push_str(uri);
        self.key.push('#');
        self.key.push_str(column);
        let (id, new) = self.columns.intern(&self.key);
        if new {
            self.column_names.push((dataset, column.to_owned()));
        }
        id
    }

    fn dataset_uri(&self, dataset: u32) -> &str {
        self.dataset_keys
            .get(dataset as usize)
            .map_or("", String::as_str)
    }

    /// The product publishing the contract that names `dataset`, if any.
    fn product_of_dataset(&self, dataset: u32) -> Option<u32> {
        let contract = self.contract_of_dataset.get(self.dataset_uri(dataset))?;
        self.publishers.get(contract)?.first().copied()
    }

    pub fn finish(self) -> Lineage {
        let dataset_products: Vec<Option<u32>> = (0..self.dataset_names.len() as u32)
            .map(|d| self.product_of_dataset(d))
            .collect();
        let (product, dangling) = self.product_graph(&dataset_products);
        let dataset = self.dataset_graph(&dataset_products);
        let column = self.column_graph(&dataset_products);
        let unmapped = self
            .dataset_keys
            .iter()
            .zip(&dataset_products)
            .filter(|(_, product)| product.is_none())
            .map(|(key, _)| key.clone())
            .collect();
        Lineage {
            products: self.products.into_iter().map(std::sync::Arc::new).collect(),
            product,
            dataset,
            column,
            dangling,
            unmapped,
            downstream_all: Default::default(),
        }
    }

    /// Products, then the contracts nobody publishes, then the datasets no
    /// product publishes that runs link to a product.
    fn product_graph(&self, dataset_products: &[Option<u32>]) -> (Graph, Vec<DanglingPort>) {
        let mut nodes: Vec<Node> = self
            .products
            .iter()
            .enumerate()
            .map(|(i, p)| Node {
                kind: NodeKind::Product,
                key: p.id.clone(),
                label: p.name.clone(),
                product: Some(i as u32),
            })
            .collect();
        let mut extra = Interner::default();
        let mut extra_node = |nodes: &mut Vec<Node>, kind: NodeKind, key: &str, label: &str| {
            let (id, new) = extra.intern(&format!("{kind:?}:{key}"));
            if new {
                nodes.push(Node {
                    kind,
                    key: key.to_owned(),
                    label: label.to_owned(),
                    product: None,
                });
            }
            self.products.len() as u32 + id
        };
        let mut edges = Vec::new();
        let mut dangling = Vec::new();
        for (consumer, contract) in &self.inputs {
            match self.publishers.get(contract) {
                Some(publishers) => edges.extend(publishers.iter().filter(|&p| p != consumer).map(
                    |&from| Edge {
                        from,
                        to: *consumer,
                        evidence: evidence::PORT,
                    },
                )),
                None => {
                    let from =
                        extra_node(&mut nodes, NodeKind::MissingContract, contract, contract);
                    edges.push(Edge {
                        from,
                        to: *consumer,
                        evidence: evidence::PORT,
                    });
                    dangling.push(DanglingPort {
                        product: self.products[*consumer as usize].id.clone(),
                        contract_id: contract.clone(),
                    });
                }
            }
        }
        for &(from, to) in &self.dataset_edges {
            let ends = (
                dataset_products[from as usize],
                dataset_products[to as usize],
            );
            let mut end = |dataset: u32, product: Option<u32>, nodes: &mut Vec<Node>| {
                product.unwrap_or_else(|| {
                    let d = &self.dataset_names[dataset as usize];
                    extra_node(nodes, NodeKind::Dataset, self.dataset_uri(dataset), &d.name)
                })
            };
            if let (None, None) = ends {
                continue;
            }
            let from = end(from, ends.0, &mut nodes);
            let to = end(to, ends.1, &mut nodes);
            if from != to {
                edges.push(Edge {
                    from,
                    to,
                    evidence: evidence::RUN,
                });
            }
        }
        dangling.sort_by(|a, b| (&a.product, &a.contract_id).cmp(&(&b.product, &b.contract_id)));
        dangling.dedup();
        (Graph::new(nodes, &edges), dangling)
    }

    fn dataset_graph(&self, dataset_products: &[Option<u32>]) -> Graph {
        let nodes = self
            .dataset_names
            .iter()
            .zip(&self.dataset_keys)
            .zip(dataset_products)
            .map(|((d, key), product)| Node {
                kind: NodeKind::Dataset,
                key: key.clone(),
                label: d.name.clone(),
                product: *product,
            })
            .collect();
        Graph::new(nodes, &edges(&self.dataset_edges, evidence::RUN))
    }

    fn column_graph(&self, dataset_products: &[Option<u32>]) -> Graph {
        let nodes = self
            .column_names
            .iter()
            .map(|(dataset, column)| {
                let d = &self.dataset_names[*dataset as usize];
                Node {
                    kind: NodeKind::Column,
                    key: column_key(self.dataset_uri(*dataset), column),
                    label: format!("{}.{column}", d.name),
                    product: dataset_products[*dataset as usize],
                }
            })
            .collect();
        Graph::new(nodes, &edges(&self.column_edges, evidence::COLUMN))
    }
}

fn edges(pairs: &[(u32, u32)], bits: u8) -> Vec<Edge> {
    pairs
        .iter()
        .map(|&(from, to)| Edge {
            from,
            to,
            evidence: bits,
        })
        .collect()
}
