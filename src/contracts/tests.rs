//! The table of contract pairs in fixtures/diff/cases.yaml, each with the
//! exact changes and levels meshlens must report from both perspectives.

use serde::Deserialize;
use serde_json::{Value, json};

use super::*;

#[derive(Deserialize)]
struct Case {
    name: String,
    old: Value,
    new: Value,
    changes: Vec<String>,
}

fn contract(body: &Value, version: &str) -> Contract {
    let mut value = json!({
        "apiVersion": "v3.1.0",
        "kind": "DataContract",
        "id": "urn:datacontract:test:case",
        "version": version,
        "status": "active",
    });
    if let (Some(target), Some(fields)) = (value.as_object_mut(), body.as_object()) {
        target.extend(fields.clone());
    }
    serde_json::from_value(value).expect("a valid contract")
}

fn lines(diff: &ContractDiff) -> Vec<String> {
    let mut out: Vec<String> = diff
        .changes
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {}",
                c.level(Perspective::Consumer).label(),
                c.level(Perspective::Producer).label(),
                c.kind.label(),
                c.path
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_case_gives_exactly_its_changes() {
    let cases: Vec<Case> =
        serde_norway::from_str(include_str!("../../fixtures/diff/cases.yaml")).expect("cases");
    assert!(cases.len() >= 30, "the table has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let diff =
            ContractDiff::between(&contract(&case.old, "1.0.0"), &contract(&case.new, "2.0.0"));
        let mut expected = case.changes.clone();
        expected.sort();
        let got = lines(&diff);
        if got != expected {
            failures.push(format!(
                "{}:\n  expected {expected:#?}\n  got {got:#?}",
                case.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn messages_say_what_changed() {
    let old = contract(
        &json!({"schema": [{"name": "orders", "properties": [{"name": "total", "logicalType": "number"}]}]}),
        "1.2.0",
    );
    let new = contract(
        &json!({"schema": [{"name": "orders", "properties": [{"name": "total", "logicalType": "string"}]}]}),
        "1.3.0",
    );
    let diff = ContractDiff::between(&old, &new);
    assert_eq!(diff.changes.len(), 1);
    let change = &diff.changes[0];
    assert_eq!(change.message, "Changed type from `number` to `string`");
    assert_eq!(change.rule, "type-changed");
    assert_eq!(change.direction, Direction::Both);
    assert_eq!(
        diff.understated_bump().as_deref(),
        Some(
            "1.2.0 → 1.3.0 is a minor bump, but 1 change breaks consumers: it should be a major release"
        )
    );
}

#[test]
fn a_major_bump_or_a_harmless_minor_is_not_understated() {
    let base = json!({"schema": [{"name": "orders", "properties": [{"name": "id", "logicalType": "string"}]}]});
    let removed = json!({"schema": [{"name": "orders"}]});
    let major = ContractDiff::between(&contract(&base, "1.0.0"), &contract(&removed, "2.0.0"));
    assert!(major.is_breaking(Perspective::Consumer));
    assert_eq!(major.understated_bump(), None);
    let added = json!({"schema": [{"name": "orders", "properties": [
        {"name": "id", "logicalType": "string"}, {"name": "note", "logicalType": "string"}]}]});
    let minor = ContractDiff::between(&contract(&base, "1.0.0"), &contract(&added, "1.1.0"));
    assert!(!minor.is_breaking(Perspective::Consumer));
    assert!(minor.is_breaking(Perspective::Producer));
    assert_eq!(minor.understated_bump(), None);
}

#[test]
fn a_contract_without_schema_diffs_its_other_parts() {
    let diff = ContractDiff::between(
        &contract(&json!({}), "draft"),
        &contract(
            &json!({"slaProperties": [{"property": "latency", "value": 1, "unit": "h"}]}),
            "final",
        ),
    );
    assert_eq!(diff.bump, Bump::NotSemver);
    assert_eq!(lines(&diff), ["INFO ERROR added slaProperties.latency"]);
    assert_eq!(diff.understated_bump(), None);
}
