//! Syncing from an Entropy Data server (a real one on 127.0.0.1, started by
//! the test) into a real cache file: full sync, incremental sync from the
//! event feed, ETags, and incremental == full over random changes.

#[path = "support/entropy_client.rs"]
mod entropy_client;
#[path = "support/entropy_server.rs"]
mod entropy_server;

use entropy_client::*;
use entropy_server::EntropyServer;
use meshlens::sources::ResourceKind;
use meshlens::sources::sync::SyncOptions;
use proptest::prelude::*;

#[test]
fn a_full_sync_reads_every_resource_page_by_page() {
    let server = EntropyServer::start();
    server.set_page_size(2);
    seed(&server);
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let report = sync(&mut store, &server.url());

    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let s = &report.sources[0];
    assert_eq!(s.mode, "full");
    assert_eq!((s.products, s.contract_versions), (3, 2));
    // teams 1 + newest test result 1 + access 1
    assert_eq!(s.resources, 3);
    // products 2 pages, contracts 1, teams 1, test results 1, access 1
    assert_eq!(s.pages, 6);
    assert_eq!(s.cursor, server.last_event_id());
    assert_eq!(product_ids(&store), ["customers", "orders", "shipments"]);
    let orders = store.product("orders").unwrap().unwrap();
    assert_eq!(orders.product.domain.as_deref(), Some("sales"));
    let contract = store
        .newest_contract("customers-contract")
        .unwrap()
        .unwrap();
    assert_eq!(contract.1.version, "2.0.0");
    assert_eq!(resource_ids(&store, ResourceKind::Team), ["sales-team"]);
    // Only the newest run of a contract's tests, read whole (with checks).
    let runs = store
        .resources(ResourceKind::TestResult, Some("orders-contract"))
        .unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].1.id, "run-2");
    assert_eq!(runs[0].1.json["checks"][0]["result"], "passed");
    assert_eq!(resource_ids(&store, ResourceKind::Access), ["req-1"]);
    assert_eq!(store.event_cursor(SOURCE).unwrap(), server.last_event_id());
    // Contracts were read in their original YAML.
    let yaml_reads = server
        .requests()
        .iter()
        .filter(|r| r.path_and_query.ends_with("/datacontract.yaml"))
        .count();
    assert_eq!(yaml_reads, 2);
}

#[test]
fn an_incremental_sync_applies_created_updated_and_deleted_events() {
    let (server, _dir, mut store, first) = seeded_and_synced();
    server.reset_log();

    server.put_product(product("returns", "logistics", "orders-contract"));
    server.delete_product("customers");
    server.put_contract(
        "orders-contract",
        &contract_yaml("orders-contract", "1.1.0", "order_ref"),
    );
    server.delete_contract("customers-contract");
    server.put_team(team("sales-team", 5));
    server.put_test_result(test_result(
        "run-3",
        "customers-contract",
        "2026-11-25T11:00:00Z",
        "failed",
    ));
    let report = sync(&mut store, &server.url());

    let s = &report.sources[0];
    assert_eq!(s.mode, "incremental");
    assert_eq!(s.removed, 2);
    assert_eq!(s.cursor, server.last_event_id());
    assert!(report.generation > first.generation);
    assert_eq!(product_ids(&store), ["orders", "returns", "shipments"]);
    let orders = store.contract_versions("orders-contract").unwrap();
    assert_eq!(
        orders.len(),
        1,
        "an updated contract replaces its old version"
    );
    assert_eq!(orders[0].1.version, "1.1.0");
    assert!(
        store
            .contract_versions("customers-contract")
            .unwrap()
            .is_empty()
    );
    let teams = store.resources(ResourceKind::Team, None).unwrap();
    assert_eq!(teams[0].1.json["members"].as_array().unwrap().len(), 5);
    // Only the feed and the changed resources were read: no listing.
    let paths: Vec<String> = server
        .requests()
        .into_iter()
        .map(|r| r.path_and_query)
        .collect();
    assert!(
        paths
            .iter()
            .all(|p| !p.contains("?p=") && p != "/api/dataproducts"),
        "{paths:?}"
    );
    assert!(
        paths[0].starts_with("/api/events?lastEventId="),
        "{paths:?}"
    );
    assert!(
        paths.contains(&"/api/dataproducts/returns".to_owned()),
        "{paths:?}"
    );
}

#[test]
fn a_product_in_the_older_data_product_specification_reads_as_odps() {
    let server = EntropyServer::start();
    // The shape of ../shared/standards/entropy-data/wiremock/dataproduct.json.
    server.put_product(serde_json::json!({
        "dataProductSpecification": "0.0.1", "id": "my-example-data-product",
        "info": {"title": "My Example Data Product", "owner": "my-example-team", "status": "active"},
        "outputPorts": [{"id": "snowflake", "type": "snowflake", "dataContractId": "orders-contract"}]
    }));
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    sync(&mut store, &server.url());
    let stored = store.product("my-example-data-product").unwrap().unwrap();
    assert_eq!(stored.product.name, "My Example Data Product");
    let team = stored.product.team.as_ref().and_then(|t| t.name.as_deref());
    assert_eq!(team, Some("my-example-team"));
    let port = &stored.product.output_ports[0];
    assert_eq!(port.contract_id.as_deref(), Some("orders-contract"));
}

#[test]
fn an_incremental_sync_with_nothing_new_keeps_the_generation() {
    let (server, _dir, mut store, first) = seeded_and_synced();
    let second = sync(&mut store, &server.url());
    assert_eq!(second.sources[0].mode, "incremental");
    assert_eq!(second.sources[0].items(), 0);
    assert_eq!(
        second.generation, first.generation,
        "the index is not rebuilt"
    );
}

#[test]
fn a_full_sync_again_sends_etags_and_keeps_what_is_unchanged() {
    let (server, _dir, mut store, _) = seeded_and_synced();
    let before = snapshot(&store);
    server.reset_log();
    let full = SyncOptions {
        full: true,
        ..SyncOptions::default()
    };
    let report = sync_with(&mut store, &server.url(), full);
    assert_eq!(report.sources[0].mode, "full");
    assert_eq!(
        report.sources[0].unchanged, 2,
        "both contracts answered 304"
    );
    let conditional = server.requests().iter().filter(|r| r.if_none_match).count();
    assert_eq!(conditional, 2);
    assert_eq!(snapshot(&store), before);
}

#[test]
fn a_full_sync_drops_what_the_server_no_longer_has() {
    let (server, _dir, mut store, _) = seeded_and_synced();
    server.delete_product("shipments");
    server.delete_team("sales-team");
    let full = SyncOptions {
        full: true,
        ..SyncOptions::default()
    };
    sync_with(&mut store, &server.url(), full);
    assert_eq!(product_ids(&store), ["customers", "orders"]);
    assert!(resource_ids(&store, ResourceKind::Team).is_empty());
}

#[test]
fn a_cursor_the_server_does_not_know_falls_back_to_a_full_sync() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let old = EntropyServer::start();
    seed(&old);
    old.put_product(product("extra", "sales", "orders-contract"));
    sync(&mut store, &old.url());
    // A new server (its feed starts again) at another address: the cursor
    // names an event it never had.
    let new = EntropyServer::start();
    seed(&new);
    let report = sync(&mut store, &new.url());
    assert_eq!(report.sources[0].mode, "full");
    assert_eq!(product_ids(&store), ["customers", "orders", "shipments"]);
    assert_eq!(store.event_cursor(SOURCE).unwrap(), new.last_event_id());
}

/// One change to the server's catalogue.
#[derive(Debug, Clone)]
enum Op {
    PutProduct(u8, u8),
    DeleteProduct(u8),
    PutContract(u8, u8),
    DeleteContract(u8),
    PutTeam(u8, u8),
    DeleteTeam(u8),
    /// A new run (ids are unique per run) of a contract's tests.
    PutTestResult(u8, bool),
    DeleteTestResult(u8),
    PutAccess(u8, u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..6, 0u8..4).prop_map(|(p, c)| Op::PutProduct(p, c)),
        (0u8..6).prop_map(Op::DeleteProduct),
        (0u8..4, 0u8..3).prop_map(|(c, v)| Op::PutContract(c, v)),
        (0u8..4).prop_map(Op::DeleteContract),
        (0u8..3, 0u8..4).prop_map(|(t, n)| Op::PutTeam(t, n)),
        (0u8..3).prop_map(Op::DeleteTeam),
        (0u8..4, any::<bool>()).prop_map(|(c, ok)| Op::PutTestResult(c, ok)),
        (0u8..40).prop_map(Op::DeleteTestResult),
        (0u8..4, 0u8..6).prop_map(|(a, p)| Op::PutAccess(a, p)),
    ]
}

fn apply(server: &EntropyServer, op: &Op) {
    match *op {
        Op::PutProduct(p, c) => {
            server.put_product(product(&format!("p{p}"), "sales", &format!("c{c}")))
        }
        Op::DeleteProduct(p) => server.delete_product(&format!("p{p}")),
        Op::PutContract(c, v) => {
            let id = format!("c{c}");
            server.put_contract(
                &id,
                &contract_yaml(&id, &format!("1.{v}.0"), &format!("col{v}")),
            )
        }
        Op::DeleteContract(c) => server.delete_contract(&format!("c{c}")),
        Op::PutTeam(t, n) => server.put_team(team(&format!("t{t}"), n.into())),
        Op::DeleteTeam(t) => server.delete_team(&format!("t{t}")),
        Op::PutTestResult(c, ok) => {
            // Later runs end later, as they do on a real server.
            let n = server.event_count();
            let end = format!("2026-11-25T{:02}:{:02}:00Z", n / 60, n % 60);
            let result = if ok { "passed" } else { "failed" };
            server.put_test_result(test_result(
                &format!("r{n}"),
                &format!("c{c}"),
                &end,
                result,
            ))
        }
        Op::DeleteTestResult(r) => server.delete_test_result(&format!("r{r}")),
        Op::PutAccess(a, p) => server.put_access(access(&format!("a{a}"), &format!("p{p}"))),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// A full sync, then events applied incrementally, gives the same cache
    /// as a fresh full sync of the final state.
    #[test]
    fn incremental_over_full_equals_a_fresh_full_sync(
        before in prop::collection::vec(op(), 0..12),
        after in prop::collection::vec(op(), 1..16),
    ) {
        let server = EntropyServer::start();
        server.set_page_size(3);
        server.set_events_page_size(4);
        for op in &before {
            apply(&server, op);
        }
        let dir = tempfile::tempdir().unwrap();
        let mut incremental = open(&dir.path().join("incremental"));
        sync(&mut incremental, &server.url());
        for op in &after {
            apply(&server, op);
        }
        let report = sync(&mut incremental, &server.url());
        prop_assert_eq!(report.sources[0].mode, "incremental");
        let mut fresh = open(&dir.path().join("fresh"));
        sync(&mut fresh, &server.url());
        prop_assert_eq!(snapshot(&incremental), snapshot(&fresh));
    }
}

#[test]
fn a_failing_contract_test_on_the_server_shows_on_the_product_quality() {
    let server = EntropyServer::start();
    server.put_product(product("orders", "sales", "orders-contract"));
    let yaml = [
        "apiVersion: v3.0.2",
        "kind: DataContract",
        "id: orders-contract",
        "version: 1.0.0",
        "status: active",
        "name: Orders",
        "servers:",
        "  - server: production",
        "    type: postgres",
        "    host: db.example.com",
        "    port: 5432",
        "    database: shop",
        "    schema: public",
        "schema:",
        "  - name: orders",
        "    physicalName: orders",
        "    properties:",
        "      - name: order_id",
        "        logicalType: string",
    ]
    .join("\n");
    let yaml = yaml.as_str();
    server.put_contract("orders-contract", yaml);
    let mut run = test_result("run-9", "orders-contract", "2026-11-25T09:00:00Z", "failed");
    run["checks"] = serde_json::json!([
        {"type": "field_is_present", "name": "Check that field order_id is present", "result": "failed", "field": "order_id"},
        {"type": "row_count", "name": "row count > 0", "result": "passed"}
    ]);
    server.put_test_result(run);
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    sync(&mut store, &server.url());

    let lineage = meshlens::lineage::Lineage::from_store(&store).unwrap();
    let now = "2026-11-25T12:00:00Z".parse().unwrap();
    let quality = meshlens::quality::Quality::from_store(&store, &lineage, now).unwrap();
    let orders = quality.product(&lineage, "orders", now).unwrap();
    let checks: Vec<(String, bool)> = orders
        .checks
        .iter()
        .map(|c| (c.name.clone(), c.failing()))
        .collect();
    assert!(
        checks.contains(&("Check that field order_id is present".to_owned(), true)),
        "{checks:?}"
    );
    assert!(
        checks.contains(&("row count > 0".to_owned(), false)),
        "{checks:?}"
    );
    assert_eq!(
        orders.last_run, None,
        "a contract test is not a pipeline run"
    );
}
