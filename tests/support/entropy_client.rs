//! The client side of the Entropy Data sync tests: a server's catalogue,
//! a real cache file, and a sync with short timeouts.

#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use meshlens::http::{Backoff, Fetcher, HttpSettings, client};
use meshlens::sources::sync::{SyncOptions, SyncReport, sync_sources_with};
use meshlens::sources::{EntropySource, ResourceKind, Source};
use meshlens::store::Store;
use serde_json::{Value, json};

use super::entropy_server::EntropyServer;

pub const SOURCE: &str = "mesh";

/// Timeouts a test can wait out: a read stalled 400 ms is a timeout.
pub fn settings() -> HttpSettings {
    HttpSettings {
        connect_timeout: Duration::from_secs(2),
        read_timeout: Duration::from_millis(400),
        total_timeout: Duration::from_secs(10),
        retries: 3,
        concurrency: 4,
        ..HttpSettings::default()
    }
}

pub fn source(url: &str) -> Box<dyn Source> {
    source_with(url, settings())
}

/// A source with these settings (its client's timeouts too).
pub fn source_with(url: &str, settings: HttpSettings) -> Box<dyn Source> {
    let fetcher = Fetcher::new(client(&settings).unwrap(), settings, None).with_backoff(Backoff {
        base: Duration::from_millis(10),
        cap: Duration::from_secs(1),
    });
    Box::new(EntropySource::new(SOURCE, url, fetcher))
}

/// A sync with these HTTP settings.
pub fn sync_with_settings(store: &mut Store, url: &str, settings: HttpSettings) -> SyncReport {
    sync_sources_with(
        store,
        &[source_with(url, settings)],
        SyncOptions {
            full: true,
            ..SyncOptions::default()
        },
        &mut |_| {},
    )
    .unwrap()
}

pub fn sync(store: &mut Store, url: &str) -> SyncReport {
    sync_with(store, url, SyncOptions::default())
}

pub fn sync_with(store: &mut Store, url: &str, options: SyncOptions) -> SyncReport {
    sync_sources_with(store, &[source(url)], options, &mut |_| {}).unwrap()
}

pub fn product(id: &str, domain: &str, contract: &str) -> Value {
    json!({
        "apiVersion": "v1.0.0", "kind": "DataProduct", "id": id, "name": format!("{id} name"),
        "status": "active", "domain": domain, "team": {"name": format!("{domain}-team")},
        "outputPorts": [{"name": "main", "version": "1.0.0", "contractId": contract}]
    })
}

pub fn contract_yaml(id: &str, version: &str, column: &str) -> String {
    format!(
        "apiVersion: v3.0.2\nkind: DataContract\nid: {id}\nversion: {version}\nstatus: active\n\
         name: {id}\ndomain: sales\nschema:\n  - name: orders\n    properties:\n      - name: {column}\n        logicalType: string\n"
    )
}

pub fn team(id: &str, members: usize) -> Value {
    let members: Vec<Value> = (0..members)
        .map(|i| json!({"emailAddress": format!("m{i}@example.com"), "role": "member"}))
        .collect();
    json!({"id": id, "name": id, "type": "Team", "members": members})
}

pub fn test_result(id: &str, contract: &str, end: &str, result: &str) -> Value {
    json!({
        "id": id, "dataContractId": contract, "dataContractVersion": "1.0.0", "server": "production",
        "timestampStart": end, "timestampEnd": end, "result": result,
        "checks": [{"type": "schema", "name": "orders has columns", "result": result}]
    })
}

pub fn access(id: &str, product: &str) -> Value {
    json!({
        "id": id, "info": {"purpose": "monthly revenue report", "status": "requested"},
        "provider": {"dataProductId": product, "outputPortId": "main"},
        "consumer": {"teamId": "finance"}
    })
}

/// A small catalogue: three products, two contracts, a team, two runs of
/// one contract's tests, an access request.
pub fn seed(server: &EntropyServer) {
    server.put_team(team("sales-team", 2));
    server.put_product(product("orders", "sales", "orders-contract"));
    server.put_product(product("customers", "sales", "customers-contract"));
    server.put_product(product("shipments", "logistics", "orders-contract"));
    server.put_contract(
        "orders-contract",
        &contract_yaml("orders-contract", "1.0.0", "order_id"),
    );
    server.put_contract(
        "customers-contract",
        &contract_yaml("customers-contract", "2.0.0", "customer_id"),
    );
    server.put_test_result(test_result(
        "run-1",
        "orders-contract",
        "2026-11-24T10:00:00Z",
        "failed",
    ));
    server.put_test_result(test_result(
        "run-2",
        "orders-contract",
        "2026-11-25T10:00:00Z",
        "passed",
    ));
    server.put_access(access("req-1", "orders"));
}

/// Everything the cache holds of the catalogue, as comparable JSON.
pub fn snapshot(store: &Store) -> Value {
    let mut products = serde_json::Map::new();
    store
        .for_each_product(|source, product| {
            products.insert(
                product.id.clone(),
                json!({"source": source, "product": product}),
            );
        })
        .unwrap();
    let mut contracts = serde_json::Map::new();
    store
        .for_each_contract(|source, contract| {
            let key = format!("{} {}", contract.id, contract.version);
            contracts.insert(key, json!({"source": source, "contract": contract}));
        })
        .unwrap();
    let mut resources = serde_json::Map::new();
    for kind in [
        ResourceKind::Team,
        ResourceKind::TestResult,
        ResourceKind::Access,
    ] {
        for (source, resource) in store.resources(kind, None).unwrap() {
            let key = format!("{kind:?} {}", resource.id);
            resources.insert(key, json!({"source": source, "json": resource.json}));
        }
    }
    json!({"products": products, "contracts": contracts, "resources": resources})
}

pub fn product_ids(store: &Store) -> Vec<String> {
    let mut ids = Vec::new();
    store
        .for_each_product(|_, product| ids.push(product.id.clone()))
        .unwrap();
    ids
}

pub fn resource_ids(store: &Store, kind: ResourceKind) -> Vec<String> {
    store
        .resources(kind, None)
        .unwrap()
        .into_iter()
        .map(|(_, r)| r.id)
        .collect()
}

/// A server with the [`seed`] catalogue, and a cache synced from it once.
pub fn seeded_and_synced() -> (EntropyServer, tempfile::TempDir, Store, SyncReport) {
    let server = EntropyServer::start();
    seed(&server);
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let report = sync(&mut store, &server.url());
    (server, dir, store, report)
}

pub fn open(dir: &Path) -> Store {
    Store::open(&dir.join("catalogue.sqlite")).unwrap()
}

/// The message of a sync's one failure.
pub fn failure_message(report: &SyncReport) -> String {
    assert_eq!(report.failures.len(), 1, "{report:?}");
    report.failures[0].message.clone()
}

/// `meshlens access request` of the seed's `orders` port `main` for team finance.
pub const ACCESS_REQUEST: [&str; 8] = [
    "access",
    "request",
    "orders",
    "--port",
    "main",
    "--purpose",
    "monthly revenue report",
    "--consumer=team:finance",
];

/// [`seed`], and the `finance` team that [`ACCESS_REQUEST`]s are for (a
/// consumer must be a team the catalogue knows).
pub fn seed_for_access(server: &EntropyServer) {
    seed(server);
    server.put_team(team("finance", 1));
}
