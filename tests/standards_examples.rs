//! Every official example under ../shared/standards/*/examples loads, with
//! exact spot checks.

use std::path::{Path, PathBuf};

use meshlens::model::{Contract, Product, Record, RecordKind};
use meshlens::standards::{Parsed, parse_file, validate};

fn shared_standards() -> Option<PathBuf> {
    let root = std::env::var_os("MESHLENS_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let standards = root.join("standards");
    if standards.is_dir() {
        Some(standards)
    } else {
        println!("skipped: ../shared/standards not found");
        None
    }
}

fn records(path: &Path) -> Vec<Record> {
    match parse_file(path) {
        Ok(Parsed::Records { records, errors }) => {
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            records
        }
        other => panic!("{}: {other:?}", path.display()),
    }
}

fn contract(path: &Path) -> Contract {
    match records(path).remove(0) {
        Record::Contract(contract) => *contract,
        other => panic!("{}: not a contract: {other:?}", path.display()),
    }
}

fn product(path: &Path) -> Product {
    match records(path).remove(0) {
        Record::Product(product) => *product,
        other => panic!("{}: not a product: {other:?}", path.display()),
    }
}

fn kind_of(record: &Record) -> RecordKind {
    match record {
        Record::Contract(_) => RecordKind::Contract,
        Record::Product(_) => RecordKind::Product,
        Record::LineageEvent(_) => RecordKind::LineageEvent,
    }
}

#[test]
fn every_example_parses_to_its_kind_and_validates() {
    let Some(standards) = shared_standards() else {
        return;
    };
    let mut seen = 0;
    for (folder, kind) in [
        ("odcs", RecordKind::Contract),
        ("odps", RecordKind::Product),
    ] {
        let examples = standards.join(folder).join("examples");
        for entry in std::fs::read_dir(&examples).unwrap() {
            let path = entry.unwrap().path();
            let loaded = records(&path);
            assert_eq!(loaded.len(), 1, "{}", path.display());
            assert_eq!(kind_of(&loaded[0]), kind, "{}", path.display());
            let report = validate::validate_paths(std::slice::from_ref(&path));
            assert_eq!(
                report.error_count(),
                0,
                "{}: {:?}",
                path.display(),
                report.files[0].findings
            );
            seen += 1;
        }
    }
    assert_eq!(seen, 20, "18 ODCS and 2 ODPS examples");
}

#[test]
fn full_odcs_example() {
    let Some(standards) = shared_standards() else {
        return;
    };
    let c = contract(&standards.join("odcs/examples/all--full-example.odcs.yaml"));
    assert_eq!(c.id, "53581432-6c55-4ba2-a65f-72344a91553a");
    assert_eq!(c.version, "1.1.0");
    assert_eq!(c.api_version, "v3.1.0");
    assert_eq!(c.data_product.as_deref(), Some("my quantum"));
    assert_eq!(
        c.description.usage.as_deref(),
        Some("Predict sales over time")
    );
    assert_eq!(c.servers[0].port.as_deref(), Some("5432"));
    assert_eq!(c.schema.len(), 2);
    assert_eq!(c.schema[0].name, "tbl");
    let first = &c.schema[0].properties[0];
    assert_eq!(first.name, "transaction_reference_date");
    assert_eq!(first.logical_type.as_deref(), Some("date"));
    assert_eq!(first.primary_key_position, Some(-1));
    assert_eq!(first.required, Some(false));
    assert!(
        first.extra.contains_key("partitioned"),
        "unknown fields are kept"
    );
    let team = c.team.as_ref().unwrap();
    assert_eq!(team.name.as_deref(), Some("my-team"));
    assert_eq!(team.members.len(), 3);
    assert_eq!(team.members[0].date_out.as_deref(), Some("2022-10-01"));
    assert_eq!(c.roles.len(), 4);
    assert_eq!(c.sla_properties.len(), 8);
    assert_eq!(c.sla_properties[0].property, "latency");
    assert_eq!(c.support.len(), 4);
    assert_eq!(c.tags, ["transactions"]);
}

#[test]
fn nested_items_of_all_schema_types() {
    let Some(standards) = shared_standards() else {
        return;
    };
    let c = contract(&standards.join("odcs/examples/schema--all-schema-types.odcs.yaml"));
    assert_eq!(c.api_version, "v3.0.2");
    let another = c.schema.iter().find(|o| o.name == "AnotherObject").unwrap();
    let items = another.properties[0].items.as_ref().unwrap();
    assert_eq!(items.logical_type.as_deref(), Some("object"));
    assert_eq!(items.properties[1].name, "zip");
    assert_eq!(
        items.properties[1].physical_type.as_deref(),
        Some("VARCHAR(15)")
    );
}

#[test]
fn property_level_quality() {
    let Some(standards) = shared_standards() else {
        return;
    };
    let c = contract(&standards.join("odcs/examples/quality--column-completeness.odcs.yaml"));
    let rules: Vec<_> = c
        .properties()
        .into_iter()
        .flat_map(|(_, p)| p.quality.clone())
        .collect();
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].metric.as_deref(), Some("nullValues"));
}

#[test]
fn odps_examples() {
    let Some(standards) = shared_standards() else {
        return;
    };
    let customer = product(&standards.join("odps/examples/customer-data-product.odps.yaml"));
    assert_eq!(customer.id, "fbe8d147-28db-4f1d-bedf-a3fe9f458427");
    assert_eq!(customer.name, "Customer Data Product");
    assert_eq!(customer.api_version, "v0.9.0");
    assert_eq!(customer.input_ports.len(), 4);
    assert_eq!(
        customer.input_ports[3].contract_id,
        "ec2a112d-5cfe-49f3-8760-f9cfb4597547"
    );
    let simple = product(&standards.join("odps/examples/simple-data-product.odps.yaml"));
    assert_eq!(simple.version.as_deref(), Some("v1.0.0"));
    assert_eq!(
        simple.output_ports[0].contract_id.as_deref(),
        Some("87654321-4321-4321-4321-cba987654321")
    );
}
