//! `meshlens contracts` and `meshlens diff` as a user runs them: on the
//! embedded demo mesh, and on contract files of their own. (The rule table
//! itself is tested in src/contracts/tests.rs.)

mod support;

use std::collections::BTreeSet;

use serde_json::{Value, json};
use support::{Env, repo};

const ORDERS_CLEANSED: &str = "urn:datacontract:sales:orders-cleansed";
const CONSENT: &str = "urn:datacontract:customer:consent-preferences";

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// The PATH column of the change table's rows at `level`.
fn paths_at(stdout: &str, level: &str) -> Vec<String> {
    stdout
        .lines()
        .filter(|line| line.split_whitespace().next() == Some(level))
        .map(|line| line.split_whitespace().nth(2).unwrap().to_owned())
        .collect()
}

fn json_paths_at(report: &Value, level: &str) -> Vec<String> {
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["level"] == level)
        .map(|c| c["path"].as_str().unwrap().to_owned())
        .collect()
}

/// A valid ODCS 3.1 contract with one schema object `orders` whose
/// properties are given as YAML list items (already indented 6 spaces).
fn contract(id: &str, version: &str, properties: &str) -> String {
    format!(
        "apiVersion: v3.1.0\nkind: DataContract\nid: {id}\nversion: {version}\nstatus: active\n\
         schema:\n  - name: orders\n    properties:\n{properties}"
    )
}

const ID_TOTAL: &str = "      - name: order_id\n        logicalType: string\n        required: true\n\
                        \x20     - name: total\n        logicalType: number\n";
const ID_ONLY: &str =
    "      - name: order_id\n        logicalType: string\n        required: true\n";
const ID_TOTAL_NOTE: &str = "      - name: order_id\n        logicalType: string\n        required: true\n\
                             \x20     - name: total\n        logicalType: number\n\
                             \x20     - name: note\n        logicalType: string\n";

const TEST_ID: &str = "urn:datacontract:test:orders";

/// Writes two contract files into the env and returns their paths as given
/// on the command line.
fn two_files(env: &Env, old: &str, new: &str) -> (String, String) {
    let a = env.write("a.odcs.yaml", old);
    let b = env.write("b.odcs.yaml", new);
    (a.display().to_string(), b.display().to_string())
}

// ---- meshlens contracts ---------------------------------------------------

#[test]
fn contracts_lists_versions_newest_first_with_status_date_bump_and_note() {
    let env = Env::new();
    let out = env.run(&["contracts", CONSENT]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        lines(&out.stdout),
        [
            CONSENT,
            "  VERSION  STATUS      DATE        BUMP     CHANGE",
            "  3.0.0    active      2026-04-13  major    Breaking: channel TELEPHONE removed after the outbound calling programme stoppe…",
            "  2.1.0    deprecated  2025-05-05  minor    Added CALL_CENTRE as a consent source.",
            "  2.0.0    retired     2024-11-25  major    Breaking: consent_status PENDING removed (double opt-in now resolved upstream).",
            "  1.0.0    retired     2023-10-02  initial  Initial contract.",
        ]
    );
}

#[test]
fn contracts_of_a_product_id_lists_the_contracts_it_publishes() {
    let env = Env::new();
    let by_product = env.run(&["contracts", "customer-consent-preferences"]);
    let by_contract = env.run(&["contracts", CONSENT]);
    assert_eq!(by_product.code, 0, "{}", by_product.stderr);
    assert_eq!(by_product.stdout, by_contract.stdout);
}

#[test]
fn contracts_json_has_the_full_dates_and_change_notes() {
    let env = Env::new();
    let json = env.json(&["contracts", "sales-orders-cleansed"]);
    assert_eq!(
        json,
        json!([{
            "id": ORDERS_CLEANSED,
            "versions": [
                { "version": "2.0.0", "status": "active", "date": "2025-09-01T09:00:00Z", "bump": "major",
                  "summary": "Breaking: product_name removed (join the product catalogue instead); quantity changed from number to integer." },
                { "version": "1.1.0", "status": "deprecated", "date": "2024-11-11T09:00:00Z", "bump": "minor",
                  "summary": "Added vat_amount." },
                { "version": "1.0.0", "status": "retired", "date": "2024-05-06T09:00:00Z", "bump": "initial",
                  "summary": "Initial contract." }
            ]
        }])
    );
}

#[test]
fn contracts_of_an_unknown_id_exits_1_and_says_so() {
    let env = Env::new();
    let out = env.run(&["contracts", "urn:datacontract:nope"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout,
        "No contract `urn:datacontract:nope` in the catalogue. Try `meshlens search kind:contract urn:datacontract:nope`.\n"
    );
    let json = env.json(&["contracts", "urn:datacontract:nope"]);
    assert_eq!(
        json,
        json!([{ "id": "urn:datacontract:nope", "versions": [] }])
    );
}

// ---- meshlens diff on the catalogue -----------------------------------------

/// The products whose input ports name `contract_id`, read straight from the
/// demo mesh's files.
fn demo_consumers_of(contract_id: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for domain in std::fs::read_dir(repo("fixtures/demo-mesh")).unwrap() {
        let products = domain.unwrap().path().join("products");
        let Ok(files) = std::fs::read_dir(products) else {
            continue;
        };
        for file in files {
            let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
            let product: Value = serde_norway::from_str(&text).unwrap();
            let consumes = product["inputPorts"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|port| port["contractId"] == contract_id);
            if consumes {
                found.insert(product["id"].as_str().unwrap().to_owned());
            }
        }
    }
    found
}

#[test]
fn diff_of_a_contract_compares_its_newest_version_with_the_one_before() {
    let env = Env::new();
    let out = env.run(&["diff", ORDERS_CLEANSED]);
    assert_eq!(
        out.code, 1,
        "a breaking change fails the gate: {}",
        out.stderr
    );
    let text = lines(&out.stdout);
    assert_eq!(
        text[0],
        "urn:datacontract:sales:orders-cleansed  1.1.0 → 2.0.0 (major) · consumer perspective"
    );
    assert_eq!(text[1], "3 ERROR · 0 WARNING · 6 INFO");
    assert_eq!(
        paths_at(&out.stdout, "ERROR"),
        [
            "schema.sales_order_lines.properties.quantity.logicalType",
            "schema.sales_order_lines.properties.quantity.physicalType",
            "schema.sales_order_lines.properties.product_name",
        ]
    );
    assert!(
        !out.stdout.contains("Version bump:"),
        "a major bump is allowed to break: {}",
        out.stdout
    );
}

#[test]
fn diff_lists_the_products_whose_input_ports_consume_the_contract() {
    let env = Env::new();
    let expected = demo_consumers_of(ORDERS_CLEANSED);
    assert_eq!(expected.len(), 6, "the demo mesh changed: {expected:?}");

    let json = env.json(&["diff", ORDERS_CLEANSED]);
    let listed: BTreeSet<String> = json["consumers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, expected);
    let attribution = json["consumers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "marketing-attribution")
        .unwrap();
    assert_eq!(attribution["version"], "1.1.0", "the version its port pins");

    let out = env.run(&["diff", ORDERS_CLEANSED]);
    let section = out
        .stdout
        .split_once("Consumers to talk to before releasing (6):\n")
        .unwrap_or_else(|| panic!("no consumers section: {}", out.stdout))
        .1;
    let ids: BTreeSet<String> = section
        .lines()
        .skip(1)
        .filter_map(|line| {
            line.split_whitespace()
                .find(|word| expected.contains(*word))
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(ids, expected, "{section}");
    assert_eq!(section.lines().count(), 7, "header and six rows: {section}");
}

#[test]
fn diff_with_one_version_compares_it_with_the_one_before() {
    let env = Env::new();
    let out = env.run(&["diff", ORDERS_CLEANSED, "1.1.0"]);
    assert_eq!(out.code, 0, "adding a property breaks no consumer");
    assert_eq!(
        lines(&out.stdout)[..2],
        [
            "urn:datacontract:sales:orders-cleansed  1.0.0 → 1.1.0 (minor) · consumer perspective",
            "0 ERROR · 0 WARNING · 7 INFO",
        ]
    );
    assert!(
        !out.stdout.contains("Consumers to talk to"),
        "{}",
        out.stdout
    );
}

#[test]
fn diff_with_two_versions_compares_exactly_those() {
    let env = Env::new();
    let json = env.json(&["diff", ORDERS_CLEANSED, "1.0.0", "2.0.0"]);
    assert_eq!(json["old"]["version"], "1.0.0");
    assert_eq!(json["new"]["version"], "2.0.0");
    assert_eq!(json["old"]["from"], "catalogue source `demo`");
    assert_eq!(json["bump"], "major");
    assert_eq!(
        json_paths_at(&json, "ERROR"),
        [
            "schema.sales_order_lines.properties.quantity.logicalType",
            "schema.sales_order_lines.properties.quantity.physicalType",
            "schema.sales_order_lines.properties.product_name",
        ]
    );
    // 1.1.0 added vat_amount; 1.0.0 → 2.0.0 shows it too.
    assert!(
        json_paths_at(&json, "INFO")
            .contains(&"schema.sales_order_lines.properties.vat_amount".to_owned()),
        "{json:#}"
    );
}

#[test]
fn diff_of_the_first_version_says_there_is_nothing_before_it() {
    let env = Env::new();
    let out = env.run(&["diff", ORDERS_CLEANSED, "1.0.0"]);
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stdout,
        "`urn:datacontract:sales:orders-cleansed` 1.0.0 is the first version: there is nothing before it to compare with\n"
    );
}

#[test]
fn diff_of_an_unknown_version_exits_2_and_lists_the_known_ones() {
    let env = Env::new();
    let out = env.run(&["diff", ORDERS_CLEANSED, "9.9.9"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "meshlens: contract `urn:datacontract:sales:orders-cleansed` has no version `9.9.9`; it has 2.0.0, 1.1.0, 1.0.0\n"
    );
    let second = env.run(&["diff", ORDERS_CLEANSED, "1.0.0", "3.0.0"]);
    assert_eq!(second.code, 2);
    assert!(
        second.stderr.contains("has no version `3.0.0`"),
        "{}",
        second.stderr
    );
}

#[test]
fn diff_of_an_unknown_id_that_is_no_file_exits_2() {
    let env = Env::new();
    for target in ["urn:datacontract:nope", "no-such-file.odcs.yaml"] {
        let out = env.run(&["diff", target]);
        assert_eq!(out.code, 2, "{target}");
        assert_eq!(out.stdout, "");
        assert_eq!(
            out.stderr,
            format!(
                "meshlens: no contract `{target}` in the catalogue (and no such file); try `meshlens search kind:contract {target}`\n"
            )
        );
    }
}

#[test]
fn producer_perspective_turns_an_added_property_into_an_error() {
    let env = Env::new();
    let consumer = env.run(&["diff", ORDERS_CLEANSED, "1.1.0"]);
    assert_eq!(consumer.code, 0);
    assert_eq!(paths_at(&consumer.stdout, "ERROR"), Vec::<String>::new());

    let producer = env.run(&[
        "diff",
        ORDERS_CLEANSED,
        "1.1.0",
        "--perspective",
        "producer",
    ]);
    assert_eq!(producer.code, 1);
    let text = lines(&producer.stdout);
    assert_eq!(
        text[0],
        "urn:datacontract:sales:orders-cleansed  1.0.0 → 1.1.0 (minor) · producer perspective"
    );
    assert_eq!(text[1], "1 ERROR · 0 WARNING · 6 INFO");
    assert_eq!(
        paths_at(&producer.stdout, "ERROR"),
        ["schema.sales_order_lines.properties.vat_amount"]
    );
}

#[test]
fn producer_perspective_in_json_keeps_the_consumer_side_bump_warning() {
    let env = Env::new();
    let json = env.json(&[
        "diff",
        CONSENT,
        "2.0.0",
        "2.1.0",
        "--perspective",
        "producer",
    ]);
    assert_eq!(json["perspective"], "producer");
    assert_eq!(json["bump"], "minor");
    assert_eq!(
        json["counts"],
        json!({ "error": 0, "warning": 0, "info": 8 })
    );
    assert_eq!(json["breaking"], false);
    assert_eq!(
        json["understated_bump"],
        "2.0.0 → 2.1.0 is a minor bump, but 1 change breaks consumers: it should be a major release"
    );
    assert_eq!(json["consumers"], json!([]));
}

// ---- meshlens diff on two files ---------------------------------------------

#[test]
fn diff_of_two_files_with_an_added_property_passes() {
    let env = Env::new();
    let (a, b) = two_files(
        &env,
        &contract(TEST_ID, "1.0.0", ID_TOTAL),
        &contract(TEST_ID, "1.1.0", ID_TOTAL_NOTE),
    );
    let out = env.run(&["diff", &a, &b]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        lines(&out.stdout),
        [
            "urn:datacontract:test:orders  1.0.0 → 1.1.0 (minor) · consumer perspective",
            "0 ERROR · 0 WARNING · 1 INFO",
            "",
            "LEVEL  CHANGE  PATH                           OLD  NEW  WHY",
            "INFO   added   schema.orders.properties.note            Added property (tightens)",
        ]
    );
    assert_eq!(out.stderr, "");
}

#[test]
fn diff_of_two_files_with_a_removed_property_fails_and_flags_the_minor_bump() {
    let env = Env::new();
    let (a, b) = two_files(
        &env,
        &contract(TEST_ID, "1.0.0", ID_TOTAL),
        &contract(TEST_ID, "1.1.0", ID_ONLY),
    );
    let out = env.run(&["diff", &a, &b]);
    assert_eq!(out.code, 1);
    assert_eq!(
        lines(&out.stdout),
        [
            "urn:datacontract:test:orders  1.0.0 → 1.1.0 (minor) · consumer perspective",
            "1 ERROR · 0 WARNING · 0 INFO",
            "Version bump: 1.0.0 → 1.1.0 is a minor bump, but 1 change breaks consumers: it should be a major release",
            "",
            "LEVEL  CHANGE   PATH                            OLD  NEW  WHY",
            "ERROR  removed  schema.orders.properties.total            Removed property (loosens)",
            "",
            "Add --impact to list the catalogue's products that consume this contract.",
        ]
    );

    let json = env.json(&["diff", &a, &b]);
    assert_eq!(
        json,
        json!({
            "old": { "id": TEST_ID, "version": "1.0.0", "from": a },
            "new": { "id": TEST_ID, "version": "1.1.0", "from": b },
            "perspective": "consumer",
            "bump": "minor",
            "understated_bump": "1.0.0 → 1.1.0 is a minor bump, but 1 change breaks consumers: it should be a major release",
            "id_mismatch": false,
            "counts": { "error": 1, "warning": 0, "info": 0 },
            "breaking": true,
            "changes": [{
                "level": "ERROR",
                "path": "schema.orders.properties.total",
                "kind": "removed",
                "direction": "loosens",
                "rule": "property-added-or-removed",
                "message": "Removed property"
            }],
            "consumers": []
        })
    );
}

#[test]
fn diff_of_two_files_json_has_old_and_new_values_of_an_update() {
    let env = Env::new();
    let retyped = ID_TOTAL.replace("logicalType: number", "logicalType: string");
    let (a, b) = two_files(
        &env,
        &contract(TEST_ID, "1.0.0", ID_TOTAL),
        &contract(TEST_ID, "2.0.0", &retyped),
    );
    let json = env.json(&["diff", &a, &b]);
    assert_eq!(
        json["changes"],
        json!([{
            "level": "ERROR",
            "path": "schema.orders.properties.total.logicalType",
            "kind": "updated",
            "direction": "both",
            "rule": "type-changed",
            "message": "Changed type from `number` to `string`",
            "old": "number",
            "new": "string"
        }])
    );
    assert_eq!(json["bump"], "major");
    assert!(json.get("understated_bump").is_none(), "{json:#}");
}

#[test]
fn diff_of_two_files_with_impact_looks_up_the_catalogues_consumers() {
    let env = Env::new();
    let old = repo("fixtures/demo-mesh/sales/contracts/orders-cleansed/1.1.0.odcs.yaml");
    let new = repo("fixtures/demo-mesh/sales/contracts/orders-cleansed/2.0.0.odcs.yaml");
    let (old, new) = (old.display().to_string(), new.display().to_string());

    let without = env.json(&["diff", &old, &new]);
    assert_eq!(without["consumers"], json!([]));

    let with = env.json(&["diff", &old, &new, "--impact"]);
    let ids: BTreeSet<String> = with["consumers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, demo_consumers_of(ORDERS_CLEANSED));
}

// ---- bad input ---------------------------------------------------------------

#[test]
fn two_different_contracts_are_compared_with_a_warning_naming_both() {
    let env = Env::new();
    let (a, b) = two_files(
        &env,
        &contract(TEST_ID, "1.0.0", ID_TOTAL),
        &contract("urn:datacontract:test:refunds", "1.0.1", ID_TOTAL),
    );
    let out = env.run(&["diff", &a, &b]);
    assert_eq!(
        out.stderr,
        "meshlens: warning: these are two different contracts (`urn:datacontract:test:orders` and `urn:datacontract:test:refunds`); compared anyway\n"
    );
    assert_eq!(out.code, 0);
    assert_eq!(
        lines(&out.stdout)[..2],
        [
            "urn:datacontract:test:refunds  1.0.0 → 1.0.1 (patch) · consumer perspective",
            "0 ERROR · 0 WARNING · 1 INFO",
        ]
    );
    assert_eq!(paths_at(&out.stdout, "INFO"), ["id"]);

    let json = env.json(&["diff", &a, &b]);
    assert_eq!(json["id_mismatch"], true);
    assert_eq!(json["old"]["id"], TEST_ID);
    assert_eq!(json["new"]["id"], "urn:datacontract:test:refunds");
}

#[test]
fn versions_that_are_not_semver_get_no_bump_warning() {
    let env = Env::new();
    let (a, b) = two_files(
        &env,
        &contract(TEST_ID, "draft", ID_TOTAL),
        &contract(TEST_ID, "final", ID_ONLY),
    );
    let out = env.run(&["diff", &a, &b]);
    assert_eq!(out.code, 1);
    assert_eq!(
        lines(&out.stdout)[..2],
        [
            "urn:datacontract:test:orders  draft → final (not semver) · consumer perspective",
            "1 ERROR · 0 WARNING · 0 INFO",
        ]
    );
    assert!(!out.stdout.contains("Version bump:"), "{}", out.stdout);
    let json = env.json(&["diff", &a, &b]);
    assert_eq!(json["bump"], "not-semver");
    assert!(json.get("understated_bump").is_none(), "{json:#}");
}

#[test]
fn a_contract_without_schema_against_one_with_a_schema() {
    let env = Env::new();
    let bare = "apiVersion: v3.1.0\nkind: DataContract\nid: urn:datacontract:test:orders\nversion: 1.0.0\nstatus: active\n";
    let (a, b) = two_files(&env, bare, &contract(TEST_ID, "1.1.0", ID_TOTAL));
    let json = env.json(&["diff", &a, &b]);
    assert_eq!(
        json["changes"],
        json!([{
            "level": "INFO",
            "path": "schema.orders",
            "kind": "added",
            "direction": "tightens",
            "rule": "schema-added-or-removed",
            "message": "Added schema"
        }])
    );
    assert_eq!(env.run(&["diff", &a, &b]).code, 0);

    // And back: the schema removed is a breaking change.
    let back = env.run(&["diff", &b, &a]);
    assert_eq!(back.code, 1);
    assert_eq!(paths_at(&back.stdout, "ERROR"), ["schema.orders"]);
}

#[test]
fn malformed_yaml_exits_2_naming_file_line_and_column() {
    let env = Env::new();
    let good = env.write("good.odcs.yaml", &contract(TEST_ID, "1.0.0", ID_TOTAL));
    let bad = env.write(
        "bad.odcs.yaml",
        "apiVersion: v3.1.0\nkind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\nschema:\n  - name: [oops\n",
    );
    let out = env.run(&[
        "diff",
        &good.display().to_string(),
        &bad.display().to_string(),
    ]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    let expected = format!("meshlens: {}:8:1: YAML syntax error:", bad.display());
    assert!(out.stderr.starts_with(&expected), "{}", out.stderr);
}

#[test]
fn a_data_product_file_is_refused_as_not_a_contract() {
    let env = Env::new();
    let product = env.write(
        "product.odps.yaml",
        &support::product_yaml("test-orders", "Test Orders", "sales"),
    );
    let good = env.write("good.odcs.yaml", &contract(TEST_ID, "1.0.0", ID_TOTAL));
    let out = env.run(&[
        "diff",
        &product.display().to_string(),
        &good.display().to_string(),
    ]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        format!(
            "meshlens: {} is an ODPS data product, not an ODCS data contract\n",
            product.display()
        )
    );
}

#[test]
fn an_existing_file_with_a_missing_second_file_is_a_clear_error() {
    let env = Env::new();
    let good = env.write("good.odcs.yaml", &contract(TEST_ID, "1.0.0", ID_TOTAL));
    let good = good.display().to_string();
    let missing = env.path("missing.odcs.yaml").display().to_string();

    let out = env.run(&["diff", &good, &missing]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .starts_with(&format!("meshlens: {missing}: cannot read the file:")),
        "{}",
        out.stderr
    );

    let alone = env.run(&["diff", &good]);
    assert_eq!(alone.code, 2);
    assert_eq!(
        alone.stderr,
        "meshlens: give two contract files to compare: meshlens diff FILE_A FILE_B\n"
    );
}

/// One object with 5,000 properties; `edited` drops `col_0017` and retypes
/// `col_4242`.
fn wide_contract(version: &str, edited: bool) -> String {
    let mut yaml = format!(
        "apiVersion: v3.1.0\nkind: DataContract\nid: urn:datacontract:test:wide\nversion: {version}\n\
         status: active\nschema:\n  - name: wide\n    properties:\n"
    );
    for i in 0..5000 {
        if edited && i == 17 {
            continue;
        }
        let kind = if edited && i == 4242 {
            "integer"
        } else {
            "string"
        };
        yaml.push_str(&format!(
            "      - name: col_{i:04}\n        logicalType: {kind}\n"
        ));
    }
    yaml
}

#[test]
fn a_five_thousand_property_contract_yields_exactly_its_two_changes() {
    let env = Env::new();
    let (a, b) = two_files(
        &env,
        &wide_contract("1.0.0", false),
        &wide_contract("2.0.0", true),
    );
    let out = env.run(&["diff", &a, &b]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(lines(&out.stdout)[1], "2 ERROR · 0 WARNING · 0 INFO");
    assert_eq!(
        paths_at(&out.stdout, "ERROR"),
        [
            "schema.wide.properties.col_4242.logicalType",
            "schema.wide.properties.col_0017",
        ]
    );
    let json = env.json(&["diff", &a, &b]);
    let changes: Vec<(&str, &str)> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["kind"].as_str().unwrap(), c["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        changes,
        [
            ("updated", "type-changed"),
            ("removed", "property-added-or-removed")
        ]
    );
}

#[test]
fn the_first_version_in_json_says_so() {
    let env = Env::new();
    let out = env.json(&["diff", "urn:datacontract:sales:orders-cleansed", "1.0.0"]);
    assert_eq!(
        out,
        serde_json::json!({
            "id": "urn:datacontract:sales:orders-cleansed", "version": "1.0.0",
            "first_version": true, "changes": [], "breaking": false
        })
    );
}

#[test]
fn a_comparison_run_backwards_is_a_downgrade_without_bump_advice() {
    let env = Env::new();
    let out = env.json(&[
        "diff",
        "urn:datacontract:sales:orders-cleansed",
        "2.0.0",
        "1.0.0",
    ]);
    assert_eq!(out["bump"], "downgrade");
    assert_eq!(out.get("understated_bump"), None);
}
