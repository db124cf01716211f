//! OpenLineage run events, normalised: the facets meshlens reads are lifted out
//! of the `facets` / `inputFacets` maps into typed fields.

use serde::{Deserialize, Serialize};

/// One OpenLineage `RunEvent`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineageEvent {
    /// START, RUNNING, COMPLETE, ABORT, FAIL or OTHER.
    pub event_type: String,
    /// RFC 3339 as written in the event.
    pub event_time: String,
    pub run_id: String,
    pub job: DatasetRef,
    pub inputs: Vec<LineageDataset>,
    pub outputs: Vec<LineageDataset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub producer: Option<String>,
    /// `errorMessage` run facet, when the run failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
}

/// A namespace + name pair: a job or a dataset.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DatasetRef {
    pub namespace: String,
    pub name: String,
}

/// A dataset of an event, with the facets meshlens reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineageDataset {
    pub namespace: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schema: Vec<SchemaField>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub column_lineage: Vec<ColumnLineage>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assertions: Vec<QualityAssertion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<QualityMetrics>,
    /// `ownership` facet: (name, type) of each owner.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<(String, Option<String>)>,
}

impl LineageDataset {
    pub fn as_ref(&self) -> DatasetRef {
        DatasetRef {
            namespace: self.namespace.clone(),
            name: self.name.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SchemaField {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A column of an output dataset and the input columns it is derived from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ColumnLineage {
    pub column: String,
    pub inputs: Vec<(DatasetRef, String)>,
}

/// One result of `dataQualityAssertions`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QualityAssertion {
    pub assertion: String,
    pub success: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
}

/// `dataQualityMetrics`: row count, bytes and per-column metrics.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QualityMetrics {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<i64>,
    /// Column name → metrics as written (nullCount, distinctCount, ...).
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub columns: serde_json::Map<String, serde_json::Value>,
}
