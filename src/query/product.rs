//! What a product publishes: its contracts and every version of each.

use crate::contracts::history;
use crate::model::Product;
use crate::store::{Bump, Store, StoreError};

/// One version of a contract as a product's contract list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionSummary {
    pub version: String,
    pub status: Option<String>,
    /// `contractCreatedTs`, when the file has it.
    pub created: Option<String>,
    /// Relative to the next older version.
    pub bump: Bump,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContractSummary {
    pub id: String,
    /// Newest first.
    pub versions: Vec<VersionSummary>,
}

/// The contracts `product`'s ports name, each with its versions, newest
/// first. `meshlens show` and the explorer's Contracts tab list these.
pub fn product_contracts(
    store: &Store,
    product: &Product,
) -> Result<Vec<ContractSummary>, StoreError> {
    let mut contracts = Vec::new();
    for contract_id in crate::store::contract_ids_for_product(product) {
        let stored = store.contract_versions(&contract_id)?;
        let versions = history(stored.iter().map(|(_, c)| c))
            .into_iter()
            .map(|row| VersionSummary {
                version: row.version,
                status: row.status,
                created: row.date,
                bump: row.bump,
            })
            .collect();
        contracts.push(ContractSummary {
            id: contract_id,
            versions,
        });
    }
    Ok(contracts)
}
