//! A contract's versions as a history: each with its status, date, the kind
//! of version bump from the version before it, and its change note.

use serde::Serialize;

use crate::model::Contract;
use crate::store::{Bump, bump};

/// One version in a contract's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionRow {
    pub version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `contractCreatedTs`, where the contract says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub bump: Bump,
    /// The `changeSummary` custom property, where the contract has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

/// The history of versions given newest first (as the store returns them).
pub fn history<'a>(newest_first: impl IntoIterator<Item = &'a Contract>) -> Vec<VersionRow> {
    let versions: Vec<&Contract> = newest_first.into_iter().collect();
    versions
        .iter()
        .enumerate()
        .map(|(i, contract)| {
            let previous = versions.get(i + 1).map(|c| c.version.as_str());
            VersionRow {
                version: contract.version.clone(),
                status: contract.status.clone(),
                date: contract.contract_created_ts.clone(),
                bump: bump(previous, &contract.version),
                summary: custom_property(contract, "changeSummary"),
            }
        })
        .collect()
}

/// A custom property's value as text (ODCS `customProperties: [{property, value}]`).
pub fn custom_property(contract: &Contract, name: &str) -> Option<String> {
    contract.custom_properties.iter().find_map(|entry| {
        if entry.get("property")?.as_str()? != name {
            return None;
        }
        match entry.get("value")? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Null => None,
            other => Some(other.to_string()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn version(v: &str, summary: Option<&str>) -> Contract {
        let mut contract = Contract {
            version: v.to_owned(),
            status: Some("active".to_owned()),
            ..Contract::default()
        };
        if let Some(s) = summary {
            contract.custom_properties = vec![json!({"property": "changeSummary", "value": s})];
        }
        contract
    }

    #[test]
    fn bumps_are_relative_to_the_next_older_version() {
        let versions = [
            version("2.0.0", Some("Breaking: id is a UUID")),
            version("1.1.0", None),
            version("1.0.0", Some("Initial contract.")),
        ];
        let rows = history(&versions);
        let bumps: Vec<_> = rows.iter().map(|r| (r.version.as_str(), r.bump)).collect();
        assert_eq!(
            bumps,
            [
                ("2.0.0", Bump::Major),
                ("1.1.0", Bump::Minor),
                ("1.0.0", Bump::Initial)
            ]
        );
        assert_eq!(rows[0].summary.as_deref(), Some("Breaking: id is a UUID"));
        assert_eq!(rows[1].summary, None);
    }
}
