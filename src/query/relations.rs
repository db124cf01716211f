//! Who publishes and who consumes each contract: one pass over the
//! products' ports per cache generation, and the one definition of "the
//! consumers of a contract" that `meshlens diff`, `meshlens show` and the
//! explorer's contract and product views share.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::SupportChannel;
use crate::store::{Store, StoreError};

/// A product named in a cross reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductRef {
    pub id: String,
    pub name: String,
}

/// A product's port on a contract, at a version when the port names one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortRef {
    pub product: ProductRef,
    pub version: Option<String>,
}

/// Contract id → the ports publishing it and the ports consuming it.
#[derive(Debug, Default)]
pub struct ContractRelations {
    by_contract: HashMap<String, Sides>,
}

#[derive(Debug, Default)]
struct Sides {
    publishers: Vec<PortRef>,
    consumers: Vec<PortRef>,
}

impl ContractRelations {
    /// Reads every product's ports once (only the ports are decoded).
    pub fn from_store(store: &Store) -> Result<ContractRelations, StoreError> {
        let mut by_contract: HashMap<String, Sides> = HashMap::new();
        for port in store.port_contracts()? {
            let sides = by_contract.entry(port.contract_id).or_default();
            let list = if port.output {
                &mut sides.publishers
            } else {
                &mut sides.consumers
            };
            list.push(PortRef {
                product: ProductRef {
                    id: port.product_id,
                    name: port.product_name,
                },
                version: port.version,
            });
        }
        Ok(ContractRelations { by_contract })
    }

    /// The input ports consuming `contract` (any version), one per product.
    pub fn consumer_ports(&self, contract: &str) -> Vec<&PortRef> {
        let mut ports: Vec<&PortRef> = Vec::new();
        for port in self
            .by_contract
            .get(contract)
            .map_or(&[][..], |sides| &sides.consumers)
        {
            if !ports.iter().any(|p| p.product.id == port.product.id) {
                ports.push(port);
            }
        }
        ports
    }

    /// Products on the other side of a port on `contract` at `version`:
    /// ports that name another version do not match; a port without a
    /// version matches any. `exclude` is the product asking.
    pub fn counterparts(
        &self,
        contract: &str,
        version: Option<&str>,
        publishers: bool,
        exclude: &str,
    ) -> Vec<ProductRef> {
        let Some(sides) = self.by_contract.get(contract) else {
            return Vec::new();
        };
        let ports = if publishers {
            &sides.publishers
        } else {
            &sides.consumers
        };
        let mut out: Vec<ProductRef> = Vec::new();
        for port in ports {
            let versions_agree = match (version, port.version.as_deref()) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            if versions_agree
                && port.product.id != exclude
                && !out.iter().any(|p| p.id == port.product.id)
            {
                out.push(port.product.clone());
            }
        }
        out
    }
}

/// A product consuming a contract, with whom to talk to about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Consumer {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// The contract version its input port names, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    pub support: Vec<SupportChannel>,
}

/// The products whose input ports consume `contract_id` (any version), by
/// name then id; one read per consumer.
pub fn contract_consumers(
    store: &Store,
    relations: &ContractRelations,
    contract_id: &str,
) -> Result<Vec<Consumer>, StoreError> {
    let mut out = Vec::new();
    for port in relations.consumer_ports(contract_id) {
        let Some(found) = store.product(&port.product.id)? else {
            continue;
        };
        let product = found.product;
        out.push(Consumer {
            team: product
                .team
                .as_ref()
                .and_then(|t| t.name.clone().or_else(|| t.id.clone())),
            name: product.title().to_owned(),
            id: product.id,
            domain: product.domain,
            version: port.version.clone(),
            support: product.support,
        });
    }
    out.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    Ok(out)
}
