//! A hand-made mesh: A publishes `orders` (two rules, a 3 h freshness SLA),
//! B consumes it and publishes `revenue` (no rules, an SLA without a unit),
//! C consumes `revenue`. Every expected figure below is worked out by hand
//! from the formula in score.rs.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::*;
use crate::lineage::LineageBuilder;
use crate::lineage::test_mesh::{pg, pg_contract, product};
use crate::model::{
    DatasetRef, Description, LineageDataset, QualityAssertion, QualityRule, SchemaProperty,
    SlaProperty,
};

fn t(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn rule(name: &str, severity: &str, dimension: &str) -> QualityRule {
    QualityRule {
        name: Some(name.into()),
        severity: Some(severity.into()),
        dimension: Some(dimension.into()),
        ..QualityRule::default()
    }
}

fn sla(property: &str, value: serde_json::Value, unit: Option<&str>) -> SlaProperty {
    SlaProperty {
        property: property.into(),
        value,
        unit: unit.map(str::to_owned),
        ..SlaProperty::default()
    }
}

/// A Postgres contract whose table has an `id` column.
fn contract(id: &str, table: &str) -> Contract {
    let mut contract = pg_contract(id, table);
    contract.schema[0].properties = vec![SchemaProperty {
        name: "id".into(),
        ..SchemaProperty::default()
    }];
    contract
}

fn dataset(table: &str, assertions: &[(&str, Option<&str>, bool)]) -> LineageDataset {
    LineageDataset {
        assertions: assertions
            .iter()
            .map(|(name, column, success)| QualityAssertion {
                assertion: (*name).into(),
                column: column.map(str::to_owned),
                success: *success,
                severity: None,
            })
            .collect(),
        ..pg(table)
    }
}

fn event(kind: &str, time: &str, job: &str, outputs: Vec<LineageDataset>) -> LineageEvent {
    LineageEvent {
        event_type: kind.into(),
        event_time: time.into(),
        run_id: format!("{job}-{time}"),
        job: DatasetRef {
            namespace: "etl".into(),
            name: job.into(),
        },
        outputs,
        ..LineageEvent::default()
    }
}

struct Mesh {
    products: Vec<Product>,
    contracts: Vec<Contract>,
    events: Vec<LineageEvent>,
}

fn mesh() -> Mesh {
    let mut a = product("a", &[], &["c-orders"]);
    a.description = Description {
        purpose: Some("orders".into()),
        ..Description::default()
    };
    let mut orders = contract("c-orders", "orders");
    orders.quality = vec![rule("row_count", "warning", "completeness")];
    orders.schema[0].properties[0].quality = vec![rule("id_not_null", "error", "completeness")];
    orders.sla_properties = vec![
        sla("latency", json!(2), Some("h")),
        sla("frequency", json!("PT1H"), None),
        sla("retention", json!(1), Some("y")),
    ];
    let mut revenue = contract("c-revenue", "revenue");
    revenue.sla_properties = vec![sla("latency", json!(4), None)];
    let events = vec![
        event(
            "COMPLETE",
            "2026-11-20T00:00:00Z",
            "orders",
            vec![dataset(
                "orders",
                &[("id_not_null", Some("id"), true), ("row_count", None, true)],
            )],
        ),
        event("START", "2026-11-20T05:59:00Z", "orders", vec![]),
        event(
            "COMPLETE",
            "2026-11-20T06:00:00Z",
            "orders",
            vec![dataset("orders", &[("id_not_null", Some("id"), false)])],
        ),
        event(
            "COMPLETE",
            "2026-11-20T06:30:00Z",
            "revenue",
            vec![dataset("revenue", &[])],
        ),
        // No outputs: mapped through what the job wrote before.
        event("FAIL", "2026-11-20T07:00:00Z", "revenue", vec![]),
        event(
            "COMPLETE",
            "2026-11-20T07:10:00Z",
            "elsewhere",
            vec![LineageDataset {
                namespace: "postgres://other:5432".into(),
                ..dataset("x", &[("not_null", None, false)])
            }],
        ),
    ];
    Mesh {
        products: vec![
            a,
            product("b", &["c-orders"], &["c-revenue"]),
            product("c", &["c-revenue"], &[]),
        ],
        contracts: vec![orders, revenue],
        events,
    }
}

fn build(mesh: &Mesh, now: DateTime<Utc>) -> (Lineage, Quality) {
    let mut lineage = LineageBuilder::new();
    for p in &mesh.products {
        lineage.add_product(p);
    }
    for c in &mesh.contracts {
        lineage.add_contract(c);
    }
    for e in &mesh.events {
        lineage.add_event(e);
    }
    let lineage = lineage.finish();
    let mut quality = QualityBuilder::new(&lineage, now);
    for p in &mesh.products {
        quality.add_product(p);
    }
    for c in &mesh.contracts {
        quality.add_contract(c);
    }
    for e in &mesh.events {
        quality.add_event(e);
    }
    let quality = quality.finish();
    (lineage, quality)
}

const NOW: &str = "2026-11-20T08:00:00Z";

fn points(report: &ProductQuality) -> Vec<(&'static str, f64)> {
    report
        .score
        .parts
        .iter()
        .map(|p| (p.name, p.points))
        .collect()
}

#[test]
fn a_product_with_a_failing_error_check_scores_76() {
    let (lineage, quality) = build(&mesh(), t(NOW));
    let a = quality.product(&lineage, "a", t(NOW)).unwrap();
    // checks: weights error 3 + warning 2; only the warning passes: 40 × 2/5.
    assert_eq!(
        points(&a),
        vec![
            ("checks", 16.0),
            ("freshness", 25.0),
            ("last run", 15.0),
            ("documentation", 20.0)
        ]
    );
    assert_eq!(a.score.total, 76);
    assert_eq!(score::total(quality.state("a").unwrap(), t(NOW)), 76);
    assert_eq!(a.score.parts[0].note, "1 of 2 checks pass, 1 failing");
    assert_eq!(
        a.score.parts[1].note,
        "updated 2 h ago, within the SLA (latency 2 h + frequency PT1H)"
    );
    assert_eq!(
        a.freshness_sla.as_ref().unwrap().allowed_seconds,
        3.0 * 3600.0
    );
    // Failing first; the failure dated from its first failing result.
    assert_eq!(a.checks[0].name, "id_not_null");
    assert_eq!(a.checks[0].target.as_deref(), Some("orders.id"));
    assert_eq!(a.checks[0].failing_since, Some(t("2026-11-20T06:00:00Z")));
    assert_eq!(a.checks[1].name, "row_count");
    // One history point per event that touched it (not the START).
    assert_eq!(
        a.history,
        vec![
            (t("2026-11-20T00:00:00Z"), 100),
            (t("2026-11-20T06:00:00Z"), 76)
        ]
    );
}

#[test]
fn no_rules_no_valid_sla_and_a_failed_run_score_10_and_say_why() {
    let (lineage, quality) = build(&mesh(), t(NOW));
    let b = quality.product(&lineage, "b", t(NOW)).unwrap();
    assert_eq!(
        points(&b),
        vec![
            ("checks", 0.0),
            ("freshness", 0.0),
            ("last run", 0.0),
            ("documentation", 10.0)
        ]
    );
    assert_eq!(b.score.total, 10);
    assert_eq!(score::total(quality.state("b").unwrap(), t(NOW)), 10);
    assert_eq!(
        b.score.parts[0].note,
        "no quality rules declared and no results: nothing to trust"
    );
    assert_eq!(b.score.parts[2].note, "last run of etl/revenue ended FAIL");
    assert_eq!(b.score.parts[3].note, "missing: description, freshness SLA");
    assert_eq!(
        b.findings,
        vec![
            "contract c-revenue: SLA latency `4`: no unit (write unit: d, h, m or s, or an ISO 8601 duration)"
        ]
    );
}

#[test]
fn freshness_decays_to_zero_at_twice_the_sla() {
    let mesh = mesh();
    let (lineage, quality) = build(&mesh, t(NOW));
    let freshness =
        |now: &str| quality.product(&lineage, "a", t(now)).unwrap().score.parts[1].points;
    assert_eq!(freshness("2026-11-20T09:00:00Z"), 25.0); // 3 h: the SLA exactly
    assert_eq!(freshness("2026-11-20T10:30:00Z"), 12.5); // 4.5 h: halfway to 6 h
    assert_eq!(freshness("2026-11-20T12:00:00Z"), 0.0);
}

#[test]
fn health_ranks_by_severity_times_blast_radius() {
    let (lineage, quality) = build(&mesh(), t(NOW));
    let health = quality.health(
        &lineage,
        &HealthQuery {
            now: t(NOW),
            domain: None,
        },
    );
    let rows: Vec<(&str, Severity, u32, u64)> = health
        .breaches
        .iter()
        .map(|b| (b.product.id.as_str(), b.severity, b.blast_radius, b.rank))
        .collect();
    assert_eq!(
        rows,
        vec![("a", Severity::Error, 2, 9), ("b", Severity::Error, 1, 6)]
    );
    assert_eq!(
        health.breaches[0].reasons,
        vec!["check `id_not_null` on orders.id failing (error)"]
    );
    assert_eq!(health.breaches[1].since, Some(t("2026-11-20T07:00:00Z")));
    assert_eq!(health.products, 3);
    assert_eq!(health.unmapped, vec!["postgres://other:5432/shop.public.x"]);
    assert!(health.breaches_at(Severity::Error));
}

#[test]
fn staleness_is_a_warning_then_an_error() {
    let (lineage, quality) = build(&mesh(), t(NOW));
    let reasons = |now: &str| {
        let state = quality.state("a").unwrap();
        health::breaches(state, t(now))
            .into_iter()
            .map(|(s, r, _)| (s, r))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        reasons("2026-11-20T10:00:00Z")[1],
        (
            Severity::Warning,
            "stale: updated 4 h ago, SLA latency 2 h + frequency PT1H".to_owned()
        )
    );
    assert_eq!(reasons("2026-11-20T13:00:00Z")[0].0, Severity::Error);
    let _ = lineage;
}

#[test]
fn events_from_the_future_are_shown_and_never_fresh() {
    let mut mesh = mesh();
    mesh.events.push(event(
        "COMPLETE",
        "2026-11-22T00:00:00Z",
        "orders",
        vec![dataset("orders", &[])],
    ));
    let (lineage, quality) = build(&mesh, t(NOW));
    assert_eq!(quality.future_events(), 1);
    let a = quality.product(&lineage, "a", t(NOW)).unwrap();
    assert_eq!(a.score.parts[1].points, 0.0);
    assert_eq!(
        a.score.parts[1].note,
        "clock skew: the last update is dated 1 d 16 h in the future; not counted as fresh"
    );
    let breaches = health::breaches(quality.state("a").unwrap(), t(NOW));
    assert!(breaches.iter().any(|(s, r, _)| *s == Severity::Warning
        && r == "clock skew: last update dated 1 d 16 h in the future"));
}

#[test]
fn sla_values_are_read_with_their_units_or_reported() {
    let mut c = contract("c", "t");
    c.sla_properties = vec![
        sla("latency", json!(30), Some("min")),
        sla("frequency", json!("P1D"), None),
        sla("latency", json!(2), Some("fortnights")),
        sla("frequency", json!("soon"), Some("h")),
    ];
    let (found, findings) = declared::freshness_sla(&QualityContract::from(&c));
    assert_eq!(found.unwrap().allowed_seconds, 30.0 * 60.0 + 86_400.0);
    assert_eq!(
        findings,
        vec![
            "contract c: SLA latency `2`: unknown unit `fortnights`",
            "contract c: SLA frequency `soon`: not a number or an ISO 8601 duration",
        ]
    );
}

#[test]
fn severities_default_to_error_for_a_declared_rule() {
    assert_eq!(Severity::parse(None), Severity::Error);
    assert_eq!(Severity::parse(Some("Warning")), Severity::Warning);
    assert_eq!(Severity::parse(Some("info")), Severity::Info);
    assert_eq!(Severity::parse(Some("odd")), Severity::Warning);
}

#[test]
fn a_passing_result_clears_the_failure_and_a_new_one_restarts_it() {
    let mut state = ProductState::default();
    let assertion = |success| QualityAssertion {
        assertion: "x".into(),
        success,
        ..QualityAssertion::default()
    };
    state.record_assertion(&assertion(false), "d", t("2026-01-01T00:00:00Z"));
    state.record_assertion(&assertion(false), "d", t("2026-01-02T00:00:00Z"));
    assert_eq!(
        state.checks[0].failing_since,
        Some(t("2026-01-01T00:00:00Z"))
    );
    state.record_assertion(&assertion(true), "d", t("2026-01-03T00:00:00Z"));
    assert_eq!(state.checks[0].failing_since, None);
    state.record_assertion(&assertion(false), "d", t("2026-01-04T00:00:00Z"));
    assert_eq!(
        state.checks[0].failing_since,
        Some(t("2026-01-04T00:00:00Z"))
    );
    assert_eq!(state.checks.len(), 1);
}

#[test]
fn the_light_decode_of_a_stored_contract_reads_what_the_full_model_reads() {
    let mut c = mesh().contracts.remove(0);
    c.schema[0].properties[0].properties = vec![SchemaProperty {
        name: "nested".into(),
        quality: vec![rule("nested_rule", "info", "validity")],
        ..SchemaProperty::default()
    }];
    let stored = serde_json::to_string(&c).unwrap();
    let light: QualityContract = serde_json::from_str(&stored).unwrap();
    assert_eq!(light, QualityContract::from(&c));
    let names: Vec<(String, Option<String>)> = declared::rules(&light)
        .into_iter()
        .map(|r| (r.name, r.target))
        .collect();
    assert_eq!(
        names,
        vec![
            ("row_count".to_owned(), None),
            ("id_not_null".to_owned(), Some("orders.id".to_owned())),
            (
                "nested_rule".to_owned(),
                Some("orders.id.nested".to_owned())
            ),
        ]
    );
}
