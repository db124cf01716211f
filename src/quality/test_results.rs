//! A data contract's test run on a catalogue server (Entropy Data's
//! `TestResults`, written by `datacontract test`) as the checks it reports,
//! which land on every product publishing the contract. It is not a run of
//! the product's pipeline: a product's last run and freshness stay what its
//! OpenLineage runs say.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::model::QualityAssertion;

/// One test run: the contract tested, when, and each check's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct ContractRun {
    pub contract: String,
    pub at: DateTime<Utc>,
    pub assertions: Vec<QualityAssertion>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TestResults {
    data_contract_id: String,
    timestamp_end: DateTime<Utc>,
    #[serde(default)]
    checks: Vec<TestCheck>,
}

#[derive(Debug, Deserialize)]
struct TestCheck {
    #[serde(default, rename = "type")]
    check_type: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    result: String,
    #[serde(default)]
    field: Option<String>,
}

/// The run a `TestResults` resource describes; `None` when it cannot be
/// read or reports no check with an outcome.
pub fn contract_run(result: &serde_json::Value) -> Option<ContractRun> {
    let run: TestResults = serde_json::from_value(result.clone()).ok()?;
    let assertions: Vec<QualityAssertion> = run
        .checks
        .into_iter()
        .filter(|check| {
            matches!(
                check.result.as_str(),
                "passed" | "failed" | "warning" | "error"
            )
        })
        .map(|check| QualityAssertion {
            success: check.result == "passed",
            severity: (check.result == "warning").then(|| "warning".to_owned()),
            assertion: check.name.unwrap_or(check.check_type),
            column: check.field,
        })
        .collect();
    (!assertions.is_empty()).then_some(ContractRun {
        contract: run.data_contract_id,
        at: run.timestamp_end,
        assertions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_with_an_outcome_become_assertions() {
        let run = contract_run(&serde_json::json!({
            "id": "r", "dataContractId": "orders", "dataContractVersion": "1.0.0", "server": "prod",
            "timestampStart": "2026-11-25T09:00:00Z", "timestampEnd": "2026-11-25T09:01:00Z",
            "result": "failed",
            "checks": [
                {"type": "field_is_present", "name": "order_id is present", "result": "failed", "field": "order_id"},
                {"type": "row_count", "result": "warning"},
                {"type": "freshness", "result": "unknown"}
            ]
        }))
        .unwrap();
        assert_eq!(run.contract, "orders");
        assert_eq!(
            run.at,
            "2026-11-25T09:01:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        let summary: Vec<(&str, bool, Option<&str>, Option<&str>)> = run
            .assertions
            .iter()
            .map(|a| {
                (
                    a.assertion.as_str(),
                    a.success,
                    a.column.as_deref(),
                    a.severity.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("order_id is present", false, Some("order_id"), None),
                ("row_count", false, None, Some("warning")),
            ]
        );
        assert_eq!(contract_run(&serde_json::json!({"checks": []})), None);
    }
}
