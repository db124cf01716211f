//! Every document the generator means to write reads back, through the YAML
//! emitter and serde_norway, as the same model value.

use super::{contract, plan, product, render};
use crate::model::{Contract, Product};

#[test]
fn products_and_contracts_read_back_as_built() {
    let seed = 42;
    let plans = plan::plan(400, seed);
    for plan in plans.iter().step_by(3) {
        let built = product::product(seed, plan, &plans);
        let mut buf = String::new();
        render::product_yaml(&mut buf, &built);
        let parsed: Product = serde_norway::from_str(&buf).unwrap_or_else(|e| panic!("{e}\n{buf}"));
        assert_eq!(parsed, built, "\n{buf}");
        for port in 0..plan.ports.len() {
            for version in contract::contract_versions(seed, plan, port) {
                buf.clear();
                render::contract_yaml(&mut buf, &version);
                let parsed: Contract =
                    serde_norway::from_str(&buf).unwrap_or_else(|e| panic!("{e}\n{buf}"));
                assert_eq!(parsed, version, "\n{buf}");
            }
        }
    }
}

#[test]
fn a_product_file_reads_as_expected() {
    let plans = plan::plan(30, 1);
    let built = product::product(1, &plans[29], &plans);
    let mut buf = String::new();
    render::product_yaml(&mut buf, &built);
    assert!(
        buf.starts_with("apiVersion: v1.0.0\nkind: DataProduct\nid: "),
        "{buf}"
    );
    let parsed: Product = serde_norway::from_str(&buf).unwrap();
    assert_eq!(
        parsed.extra.get("kind").and_then(|k| k.as_str()),
        Some("DataProduct")
    );
    assert_eq!(parsed.id, plans[29].id);
    assert_eq!(
        parsed.output_ports[0].contract_id.as_deref(),
        Some(plans[29].ports[0].contract_id.as_str())
    );
    assert_eq!(parsed.team.map(|t| t.members.len() >= 2), Some(true));
}

#[test]
fn contract_versions_bump_semver_by_change() {
    let plans = plan::plan(500, 9);
    let mut checked = 0;
    for plan in &plans {
        for (port, port_plan) in plan.ports.iter().enumerate() {
            let versions = contract::contract_versions(9, plan, port);
            for (pair, change) in versions.windows(2).zip(&port_plan.changes) {
                let columns = |c: &Contract| {
                    c.schema[0]
                        .properties
                        .iter()
                        .map(|p| (p.name.clone(), p.logical_type.clone()))
                        .collect::<Vec<_>>()
                };
                let (before, after) = (columns(&pair[0]), columns(&pair[1]));
                match change {
                    plan::Change::Minor => {
                        assert!(after.len() > before.len() && after.starts_with(&before))
                    }
                    plan::Change::Major => assert!(after.len() < before.len() || after != before),
                    plan::Change::Patch => assert_eq!(after, before),
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} version changes");
}
