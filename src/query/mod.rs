//! The questions both faces ask of the catalogue, answered once: the CLI
//! prints the answers as text or `--json`, the explorer renders them.
//! (Being filled in: so far who publishes and consumes each contract, a
//! product's contracts, and quality and health from derived state.)

mod product;
mod quality;
mod relations;

pub use product::{ContractSummary, VersionSummary, product_contracts};
pub use quality::{ensure_derived, health, product_quality};
pub use relations::{Consumer, ContractRelations, PortRef, ProductRef, contract_consumers};
