//! The project's own valid fixtures load with every feature, and validate
//! without errors.

use std::path::{Path, PathBuf};

use meshlens::model::{Contract, LineageEvent, Product, Record, RecordKind};
use meshlens::standards::validate::{Severity, validate_paths};
use meshlens::standards::{Parsed, parse_bytes, parse_file};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/standards")
        .join(name)
}

fn records(path: &Path) -> Vec<Record> {
    match parse_file(path) {
        Ok(Parsed::Records { records, errors }) if errors.is_empty() => records,
        other => panic!("{}: {other:?}", path.display()),
    }
}

fn contract(name: &str) -> Contract {
    match records(&fixture(name)).remove(0) {
        Record::Contract(c) => *c,
        other => panic!("{other:?}"),
    }
}

fn product(name: &str) -> Product {
    match records(&fixture(name)).remove(0) {
        Record::Product(p) => *p,
        other => panic!("{other:?}"),
    }
}

fn events(name: &str) -> Vec<LineageEvent> {
    records(&fixture(name))
        .into_iter()
        .map(|r| match r {
            Record::LineageEvent(e) => *e,
            other => panic!("{other:?}"),
        })
        .collect()
}

#[test]
fn odcs_3_1_contract_with_every_feature() {
    let c = contract("orders-v3.1.odcs.yaml");
    assert_eq!(
        (c.id.as_str(), c.version.as_str()),
        ("retail-orders", "2.1.0")
    );
    assert_eq!(
        c.contract_created_ts.as_deref(),
        Some("2025-03-01T09:00:00Z")
    );
    assert_eq!(c.servers[0].port.as_deref(), Some("5432"));
    let orders = &c.schema[0];
    assert_eq!(orders.quality[0].metric.as_deref(), Some("rowCount"));
    assert_eq!(orders.quality[0].extra["mustBeGreaterThan"], 0);
    let customer = &orders.properties[1];
    assert_eq!(customer.properties[1].properties[0].name, "country_code");
    assert_eq!(
        customer.properties[1].properties[0]
            .logical_type_options
            .as_ref()
            .unwrap()["pattern"],
        "^[A-Z]{2}$"
    );
    let line = orders.properties[2].items.as_ref().unwrap();
    assert_eq!(line.properties[1].name, "quantity");
    assert_eq!(orders.properties[0].primary_key_position, Some(1));
    assert_eq!(
        orders.properties[3].quality[0].rule_type.as_deref(),
        Some("sql")
    );
    assert_eq!(c.quality[0].dimension.as_deref(), Some("timeliness"));
    assert_eq!(c.sla_properties[0].value, 4);
    assert_eq!(c.sla_properties[2].driver.as_deref(), Some("operational"));
    let team = c.team.unwrap();
    assert_eq!(team.name.as_deref(), Some("Orders team"));
    assert_eq!(team.members[1].date_out.as_deref(), Some("2025-01-31"));
    assert_eq!(
        c.roles[0].second_level_approvers.as_deref(),
        Some("Data governance")
    );
    assert_eq!(c.support[1].tool.as_deref(), Some("email"));
    assert_eq!(c.custom_properties.len(), 1);
    assert_eq!(c.authoritative_definitions.len(), 1);
}

#[test]
fn odcs_3_0_contract_team_list_and_rule() {
    let c = contract("payments-v3.0.odcs.yaml");
    assert_eq!(c.api_version, "v3.0.2");
    let team = c.team.unwrap();
    assert_eq!(team.name, None);
    assert_eq!(
        team.members
            .iter()
            .map(|m| m.username.as_str())
            .collect::<Vec<_>>(),
        ["grace.hopper", "edsger.dijkstra"]
    );
    assert_eq!(
        c.schema[0].quality[0].metric.as_deref(),
        Some("duplicateValues")
    );
    assert_eq!(
        c.schema[0].properties[2].quality[0].metric.as_deref(),
        Some("nullValues")
    );
}

#[test]
fn odps_products() {
    let checkout = product("checkout-v1.0.odps.yaml");
    assert_eq!(checkout.input_ports.len(), 2);
    assert_eq!(checkout.input_ports[1].tags, ["payments"]);
    assert_eq!(
        checkout.output_ports[0].input_contracts[1].id,
        "payments-settlements"
    );
    assert_eq!(
        checkout.management_ports[0].content.as_deref(),
        Some("discoverability")
    );
    assert_eq!(
        checkout.team.unwrap().members[0].role.as_deref(),
        Some("owner")
    );
    assert_eq!(checkout.support[0].channel, "#checkout");
    let loyalty = product("loyalty-v0.9.odps.yaml");
    assert_eq!(
        (loyalty.api_version.as_str(), loyalty.version.as_deref()),
        ("v0.9.0", Some("v0.3.0"))
    );
    assert_eq!(loyalty.output_ports[0].port_type.as_deref(), Some("tables"));
}

#[test]
fn openlineage_ndjson_with_facets() {
    let events = events("checkout-runs.ndjson");
    assert_eq!(
        events
            .iter()
            .map(|e| e.event_type.as_str())
            .collect::<Vec<_>>(),
        ["START", "COMPLETE", "FAIL"]
    );
    let complete = &events[1];
    assert_eq!(complete.run_id, "0190a1f2-7a3b-7c4d-8e5f-000000000001");
    assert_eq!(complete.job.name, "checkout_funnel.daily");
    let orders = &complete.inputs[0];
    assert_eq!(orders.schema[1].name, "customer");
    assert_eq!(orders.schema[2].name, "customer.customer_id");
    let metrics = orders.metrics.as_ref().unwrap();
    assert_eq!(
        (metrics.row_count, metrics.bytes),
        (Some(48213), Some(9123456))
    );
    assert_eq!(metrics.columns["total_amount"]["nullCount"], 3);
    assert_eq!(orders.assertions[1].severity.as_deref(), Some("warn"));
    assert!(!orders.assertions[1].success);
    let funnel = &complete.outputs[0];
    assert_eq!(funnel.column_lineage[1].column, "revenue");
    assert_eq!(funnel.column_lineage[1].inputs[0].1, "total_amount");
    assert_eq!(funnel.assertions[0].assertion, "unique");
    assert_eq!(funnel.owners[0].0, "team:checkout");
    assert_eq!(
        events[2].error_message.as_deref(),
        Some("relation \"sales.orders\" is locked")
    );
}

#[test]
fn single_json_event() {
    let events = events("loyalty-run.json");
    assert_eq!(events[0].outputs[0].name, "acme-analytics.loyalty.points");
}

#[test]
fn fixtures_validate_without_errors() {
    let report =
        validate_paths(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/standards")]);
    assert_eq!(report.files.len(), 6);
    assert_eq!(report.warning_count(), 0, "{:#?}", report.files);
    // ODCS 3.1 dropped contract-level `quality`: the official schema rejects
    // it (so does validate), and the model keeps it when the file is loaded.
    let errors: Vec<String> = report
        .files
        .iter()
        .flat_map(|f| &f.findings)
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{}:{}", f.line.unwrap(), f.message))
        .collect();
    assert_eq!(
        errors,
        [
            "96:unknown field `quality` at the top level (not part of the standard: check the \
             spelling, or keep your own fields under `customProperties`)"
        ]
    );
    let kinds: Vec<_> = report.files.iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == Some(RecordKind::LineageEvent))
            .count(),
        2
    );
}

#[test]
fn contract_without_kind_and_with_unknown_fields_and_empty_description() {
    let yaml = "apiVersion: v3.0.1\nid: k\nversion: 1\ndescription:\nfavouriteColour: teal\nschema:\n  - name: t\n";
    let Ok(Parsed::Records { records, .. }) = parse_bytes(Path::new("k.yaml"), yaml.as_bytes())
    else {
        panic!("expected a contract");
    };
    let Record::Contract(c) = &records[0] else {
        panic!("{records:?}")
    };
    assert_eq!(c.version, "1");
    assert_eq!(c.extra["favouriteColour"], "teal");
}

#[test]
fn unrelated_files_are_skipped() {
    for (name, bytes) in [
        ("README.md", &b"# Catalogue\n\nSee apiVersion docs."[..]),
        (
            "docker-compose.yml",
            b"version: '3'\nservices:\n  db:\n    image: postgres\n",
        ),
        ("k8s.yaml", b"apiVersion: v1\nkind: ConfigMap\n"),
        ("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("package.json", b"{\"name\": \"x\", \"apiVersion\": 2}"),
    ] {
        assert_eq!(
            parse_bytes(Path::new(name), bytes),
            Ok(Parsed::Skipped),
            "{name}"
        );
    }
}
