//! The normalised catalogue: plain serde types shared by every layer.
//!
//! Field names follow the standards (camelCase on the wire). Anything a standard
//! defines that meshlens does not model is kept in `extra` for display, so an
//! unknown field is never a reason to reject a file.

mod contract;
pub(crate) mod lenient;
mod lineage;
mod product;
mod record;
mod team;

pub use contract::{
    Contract, QualityRule, Role, SchemaObject, SchemaProperty, Server, SlaProperty,
};
pub use lineage::{
    ColumnLineage, DatasetRef, LineageDataset, LineageEvent, QualityAssertion, QualityMetrics,
    SchemaField,
};
pub use product::{ContractRef, InputPort, ManagementPort, OutputPort, Product};
pub use record::{FileLocation, LoadIssue, Record, RecordKind, SourceId, SpecViolation};
pub use team::{Description, Member, SupportChannel, Team};

/// Fields a standard allows that meshlens keeps but does not interpret.
pub type Extra = std::collections::BTreeMap<String, serde_json::Value>;
