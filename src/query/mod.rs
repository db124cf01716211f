//! The questions both faces ask of the catalogue, answered once: the CLI
//! prints the answers as text or `--json`, the explorer renders them.
//! (Being filled in: so far who publishes and consumes each contract, and
//! a product's contracts.)

mod product;
mod relations;

pub use product::{ContractSummary, VersionSummary, product_contracts};
pub use relations::{Consumer, ContractRelations, PortRef, ProductRef, contract_consumers};
