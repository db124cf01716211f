//! The CLI on the embedded demo mesh, as a new user would first run it.

mod support;

use predicates::prelude::*;
use support::{Env, repo, stdout};

#[test]
fn no_command_prints_an_overview_of_the_demo_mesh() {
    let env = Env::new();
    let out = stdout(&mut env.cmd());
    assert!(out.contains("embedded demo mesh"), "{out}");
    assert!(out.contains("49 data products"), "{out}");
    for domain in [
        "sales",
        "customer",
        "payments",
        "merchandising",
        "logistics",
        "marketing",
        "finance",
        "corporate",
    ] {
        assert!(out.contains(domain), "missing domain {domain}: {out}");
    }
    assert!(out.contains("meshlens search orders"), "{out}");
}

#[test]
fn search_finds_a_product_by_its_exact_name_first() {
    let env = Env::new();
    let json = env.json(&["search", "Online Orders"]);
    assert_eq!(json["hits"][0]["id"], "sales-online-orders", "{json:#}");
    assert_eq!(json["hits"][0]["kind"], "product");
}

#[test]
fn search_tolerates_typos() {
    let env = Env::new();
    let json = env.json(&["search", "custmer", "mastr"]);
    assert_eq!(json["hits"][0]["id"], "customer-master", "{json:#}");
}

#[test]
fn search_filters_by_domain_and_reports_facets() {
    let env = Env::new();
    let json = env.json(&["search", "revenue", "--domain", "finance"]);
    let hits = json["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["domain"] == "finance"), "{json:#}");
    let domains = json["facets"]["domain"].as_array().unwrap();
    assert_eq!(domains.len(), 1, "{json:#}");
}

#[test]
fn search_with_no_result_exits_1_and_says_so() {
    let env = Env::new();
    env.cmd()
        .args(["search", "qqqxxzzyy"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "No products or contracts match \"qqqxxzzyy\"",
        ));
}

#[test]
fn show_prints_a_products_owners_ports_and_contracts() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["show", "sales-online-orders"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.starts_with("Online Orders  (sales-online-orders)"),
        "{out}"
    );
    assert!(out.contains("Output ports"), "{out}");
    assert!(
        out.contains("urn:datacontract:sales:online-orders"),
        "{out}"
    );
}

#[test]
fn show_json_lists_contract_versions_newest_first() {
    let env = Env::new();
    let json = env.json(&["show", "urn:datacontract:sales:online-orders"]);
    assert_eq!(json["kind"], "contract", "{json:#}");
    let versions: Vec<&str> = json["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["contract"]["version"].as_str().unwrap())
        .collect();
    let mut sorted = versions.clone();
    sorted.sort_by(|a, b| meshlens::store::newest_first(a, b));
    assert_eq!(versions, sorted);
    assert!(versions.len() >= 2, "{versions:?}");
}

#[test]
fn show_unknown_id_exits_1() {
    let env = Env::new();
    env.cmd()
        .args(["show", "no-such-product"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "No product or contract `no-such-product`",
        ));
}

#[test]
fn names_and_near_misses_find_their_product() {
    let env = Env::new();
    let by_name = env.run(&["show", "sales orders (cleansed)"]);
    assert_eq!(by_name.code, 0);
    assert!(
        by_name
            .stdout
            .starts_with("Sales Orders (Cleansed)  (sales-orders-cleansed)"),
        "{}",
        by_name.stdout
    );
    let typo = env.run(&["show", "sales-ordrs"]);
    assert_eq!(typo.code, 1);
    assert_eq!(
        typo.stdout,
        "No product or contract `sales-ordrs` in the catalogue; nearest: sales-orders-cleansed \
         (Sales Orders (Cleansed)), sales-online-orders (Online Orders), \
         urn:datacontract:sales:online-orders (Online Orders), urn:datacontract:sales:orders-cleansed \
         (Sales Orders (Cleansed)). Try `meshlens search sales-ordrs`.\n"
    );
    let json = env.json(&["impact", "custmer"]);
    assert_eq!(json["found"], false);
    assert_eq!(
        json["nearest"],
        serde_json::json!([
            "customer-360 (Customer 360)",
            "customer-master (Customer Master)",
            "customer-loyalty-members (Loyalty Members)"
        ])
    );
}

#[test]
fn the_demo_mesh_validates_clean() {
    let env = Env::new();
    env.cmd()
        .arg("validate")
        .arg(repo("fixtures/demo-mesh"))
        .assert()
        .success()
        .stdout(predicate::str::contains(" 0 errors"));
}

#[test]
fn info_names_the_paths_and_the_demo_source() {
    let env = Env::new();
    env.cmd().arg("sync").assert().success();
    let json = env.json(&["info"]);
    assert_eq!(json["catalogue"], "embedded_demo");
    assert_eq!(json["counts"]["products"], 49);
    assert_eq!(json["sources"][0]["name"], "demo");
    let cache_file = json["cache_file"].as_str().unwrap();
    assert!(cache_file.starts_with(env.cache().to_str().unwrap()));
    assert_eq!(
        json["outbox_file"].as_str().unwrap(),
        cache_file.replace("catalogue.sqlite", "catalogue.outbox.sqlite")
    );
}

#[test]
fn usage_errors_exit_2() {
    let env = Env::new();
    env.cmd()
        .args(["search", "--limit", "many"])
        .assert()
        .code(2);
    env.cmd().arg("frobnicate").assert().code(2);
}
