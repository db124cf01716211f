use std::path::PathBuf;

use rusqlite::Connection;

use super::*;
use crate::model::{LoadIssue, OutputPort, Record, Team};

fn product(id: &str, name: &str) -> Record {
    Record::Product(Box::new(Product {
        id: id.into(),
        name: name.into(),
        domain: Some("sales".into()),
        team: Some(Team {
            name: Some("Checkout".into()),
            ..Team::default()
        }),
        ..Product::default()
    }))
}

fn contract(id: &str, version: &str) -> Record {
    Record::Contract(Box::new(Contract {
        id: id.into(),
        version: version.into(),
        ..Contract::default()
    }))
}

fn sync(store: &mut Store, source: &str, records: &[Record]) -> u64 {
    let mut tx = store.begin_sync().unwrap();
    tx.replace_source(source, "dir", &format!("/catalog/{source}"))
        .unwrap();
    for record in records {
        tx.put(source, record).unwrap();
    }
    tx.finish_source(source, SourceOutcome::Ok).unwrap();
    tx.commit().unwrap()
}

fn product_ids(store: &Store) -> Vec<String> {
    let mut ids = Vec::new();
    store
        .for_each_product(|_, product| ids.push(product.id.clone()))
        .unwrap();
    ids
}

#[test]
fn a_dropped_sync_leaves_the_previous_catalogue_and_generation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/cache.db");
    let mut store = Store::open(&path).unwrap();
    assert_eq!(sync(&mut store, "a", &[product("p1", "One")]), 1);
    {
        let mut tx = store.begin_sync().unwrap();
        tx.replace_source("a", "dir", "/elsewhere").unwrap();
        tx.put("a", &product("p2", "Two")).unwrap();
        // Dropped here without commit: a killed sync.
    }
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.generation().unwrap(), 1);
    assert_eq!(product_ids(&store), vec!["p1"]);
    assert_eq!(store.sources().unwrap()[0].location, "/catalog/a");
}

#[test]
fn resync_replaces_only_that_sources_rows() {
    let mut store = Store::open_in_memory().unwrap();
    sync(
        &mut store,
        "a",
        &[product("p1", "One"), contract("c1", "1.0.0")],
    );
    sync(&mut store, "b", &[product("p2", "Two")]);
    let generation = sync(&mut store, "a", &[product("p3", "Three")]);
    assert_eq!(generation, 3);
    assert_eq!(product_ids(&store), vec!["p2", "p3"]);
    assert_eq!(store.contract_versions("c1").unwrap(), vec![]);
}

#[test]
fn duplicates_keep_the_first_and_record_an_issue_naming_both_sources() {
    let mut store = Store::open_in_memory().unwrap();
    sync(
        &mut store,
        "a",
        &[product("x", "From A"), contract("c", "1.0.0")],
    );
    let mut tx = store.begin_sync().unwrap();
    tx.replace_source("b", "dir", "/catalog/b").unwrap();
    assert_eq!(
        tx.put("b", &product("x", "From B")).unwrap(),
        PutOutcome::Duplicate {
            existing_source: "a".into()
        }
    );
    assert_eq!(
        tx.put("b", &contract("c", "1.0.0")).unwrap(),
        PutOutcome::Duplicate {
            existing_source: "a".into()
        }
    );
    assert_eq!(
        tx.put("b", &contract("c", "1.1.0")).unwrap(),
        PutOutcome::Inserted
    );
    assert_eq!(
        tx.put("b", &product("y", "Y")).unwrap(),
        PutOutcome::Inserted
    );
    assert_eq!(
        tx.put("b", &product("y", "Y again")).unwrap(),
        PutOutcome::Duplicate {
            existing_source: "b".into()
        }
    );
    tx.finish_source("b", SourceOutcome::Ok).unwrap();
    tx.commit().unwrap();

    let kept = store.product("x").unwrap().unwrap();
    assert_eq!(
        (kept.source.as_str(), kept.product.name.as_str()),
        ("a", "From A")
    );
    let messages: Vec<String> = store
        .issues()
        .unwrap()
        .into_iter()
        .map(|issue| issue.to_string())
        .collect();
    assert_eq!(
        messages,
        vec![
            "/catalog/b: product `x` is also defined by source `b`; kept `a`",
            "/catalog/b: contract `c` version `1.0.0` is also defined by source `b`; kept `a`",
            "/catalog/b: product `y` is defined more than once by source `b`; kept the first",
        ]
    );
    let b = &store.sources().unwrap()[1];
    assert_eq!((b.products, b.contract_versions, b.issues), (1, 1, 3));
}

#[test]
fn contract_versions_are_newest_first_by_semver() {
    let mut store = Store::open_in_memory().unwrap();
    let versions = ["1.2.0", "draft", "1.10.0", "1.10.0-rc.1", "0.9.0"];
    let records: Vec<Record> = versions.iter().map(|v| contract("orders", v)).collect();
    sync(&mut store, "a", &records);
    let listed: Vec<String> = store
        .contract_versions("orders")
        .unwrap()
        .into_iter()
        .map(|(_, c)| c.version)
        .collect();
    assert_eq!(
        listed,
        vec!["1.10.0", "1.10.0-rc.1", "1.2.0", "0.9.0", "draft"]
    );
    let newest = store.newest_contract("orders").unwrap().unwrap();
    assert_eq!(newest.1.version, "1.10.0");
    assert_eq!(store.contract("orders", "0.9.0").unwrap().unwrap().0, "a");
    assert_eq!(store.contract("orders", "9.9.9").unwrap(), None);
}

#[test]
fn for_each_newest_contract_yields_one_newest_version_per_id() {
    let mut store = Store::open_in_memory().unwrap();
    let records = [
        contract("b", "1.0.0"),
        contract("a", "2.0.0"),
        contract("b", "1.1.0"),
        contract("a", "10.0.0"),
        contract("c", "x"),
    ];
    sync(&mut store, "s", &records);
    let mut seen = Vec::new();
    store
        .for_each_newest_contract(|_, c| seen.push(format!("{}@{}", c.id, c.version)))
        .unwrap();
    assert_eq!(seen, vec!["a@10.0.0", "b@1.1.0", "c@x"]);
}

#[test]
fn product_lookup_falls_back_to_case_insensitive_name() {
    let mut store = Store::open_in_memory().unwrap();
    sync(
        &mut store,
        "a",
        &[product("online-orders", "Online Orders")],
    );
    assert_eq!(
        store.product("online orders").unwrap().unwrap().product.id,
        "online-orders"
    );
    assert_eq!(
        store
            .product("online-orders")
            .unwrap()
            .unwrap()
            .product
            .name,
        "Online Orders"
    );
    assert_eq!(store.product("offline orders").unwrap(), None);
}

#[test]
fn counts_and_sources_describe_the_catalogue() {
    let mut store = Store::open_in_memory().unwrap();
    let mut tx = store.begin_sync().unwrap();
    tx.replace_source("a", "dir", "/catalog").unwrap();
    tx.put("a", &product("p1", "One")).unwrap();
    tx.put("a", &product("p2", "Two")).unwrap();
    tx.put("a", &contract("c", "1.0.0")).unwrap();
    tx.put("a", &contract("c", "2.0.0")).unwrap();
    tx.put("a", &Record::LineageEvent(Box::default())).unwrap();
    tx.put_issue(&LoadIssue {
        source: "a".into(),
        path: PathBuf::from("broken.yaml"),
        line: Some(3),
        column: Some(7),
        message: "expected a mapping".into(),
    })
    .unwrap();
    tx.finish_source("a", SourceOutcome::Ok).unwrap();
    tx.commit().unwrap();
    let counts = store.counts().unwrap();
    assert_eq!(
        counts,
        Counts {
            products: 2,
            contracts: 1,
            contract_versions: 2,
            events: 1,
            issues: 1,
            domains: 1,
            teams: 1,
        }
    );
    assert_eq!(
        store.issues().unwrap()[0].to_string(),
        "broken.yaml:3:7: expected a mapping"
    );
    let source = &store.sources().unwrap()[0];
    assert_eq!(
        (
            source.kind.as_str(),
            source.products,
            source.contract_versions,
            source.events,
            source.issues
        ),
        ("dir", 2, 2, 1, 1)
    );
    assert_eq!(source.outcome, Some(SourceOutcome::Ok));
    assert!(source.last_sync_at.is_some());
}

#[test]
fn a_failed_source_keeps_its_previous_records() {
    let mut store = Store::open_in_memory().unwrap();
    sync(&mut store, "a", &[product("p1", "One")]);
    let mut tx = store.begin_sync().unwrap();
    let failure = SourceOutcome::Failed {
        message: "connection refused".into(),
    };
    tx.finish_source("a", failure.clone()).unwrap();
    tx.commit().unwrap();
    assert_eq!(product_ids(&store), vec!["p1"]);
    let source = &store.sources().unwrap()[0];
    assert_eq!(
        (source.outcome.clone(), source.products),
        (Some(failure), 1)
    );
}

#[test]
fn a_fresh_database_is_fully_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("cache.db")).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.generation().unwrap(), 0);
    assert_eq!(store.cache_id().unwrap().len(), 32);
}

#[test]
fn an_existing_database_is_migrated_forward_keeping_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        migrations::migrate_to(&mut conn, 1).unwrap();
        conn.execute(
            "INSERT INTO products (id, source, name, name_lower, json)
             VALUES ('old', 'a', 'Old', 'old', '{\"id\":\"old\",\"name\":\"Old\"}')",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(product_ids(&store), vec!["old"]);
    assert_eq!(store.cache_id().unwrap().len(), 32);
}

#[test]
fn requests_kept_in_the_cache_by_an_older_meshlens_move_to_the_outbox_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        migrations::migrate_to(&mut conn, migrations::OUTBOX_MOVED - 1).unwrap();
        conn.execute_batch(
            "INSERT INTO access_outbox (id, source, product_id, port, consumer, approvers, access,
                 status, created_at, updated_at)
             VALUES ('r-1', 'mesh', 'orders', 'main', 'team:finance', 'sales-team', '{}',
                 'queued', '2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z');
             INSERT INTO access_audit (at, request, action, detail)
             VALUES ('2026-12-01T10:00:00Z', 'r-1', 'requested', 'orders port main');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let requests = store.access_requests().unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].id, "r-1");
    assert_eq!(requests[0].status, RequestStatus::Queued);
    let audit = store.access_audit().unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].detail, "orders port main");
    let tables: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('access_outbox', 'access_audit')",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0, "the cache no longer holds requests");
    drop(store);
    // Opening again copies nothing twice.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.access_requests().unwrap().len(), 1);
    assert_eq!(store.access_audit().unwrap().len(), 1);
}

#[test]
fn a_database_from_a_newer_meshlens_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION as i64 + 1)
        .unwrap();
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::NewerSchema { found, .. }) if found == SCHEMA_VERSION + 1
    ));
}

#[test]
fn output_port_contract_ids_are_listed_once_in_order() {
    let port = |id: &str| OutputPort {
        contract_id: Some(id.into()),
        ..OutputPort::default()
    };
    let product = Product {
        output_ports: vec![port("b"), port("a"), port("b"), port(" ")],
        ..Product::default()
    };
    assert_eq!(contract_ids_for_product(&product), vec!["b", "a"]);
}

#[derive(serde::Deserialize)]
struct IdOnly {
    id: String,
}

#[test]
fn records_decoded_in_parallel_come_in_row_order_across_batches() {
    for n in [0usize, 1, 1024, 1300] {
        let mut store = Store::open_in_memory().unwrap();
        let records: Vec<Record> = (0..n)
            .rev()
            .map(|i| product(&format!("p{i:05}"), "P"))
            .collect();
        sync(&mut store, "a", &records);
        let mut ids = Vec::new();
        store
            .for_each_product_as(|product: IdOnly| ids.push(product.id))
            .unwrap();
        let expected: Vec<String> = (0..n).map(|i| format!("p{i:05}")).collect();
        assert_eq!(ids, expected, "{n} products");
    }
}

#[test]
fn a_corrupt_record_is_named_and_skipped_by_the_parallel_read() {
    let mut store = Store::open_in_memory().unwrap();
    let records: Vec<Record> = (0..1300)
        .map(|i| product(&format!("p{i:05}"), "P"))
        .collect();
    sync(&mut store, "a", &records);
    store
        .conn
        .execute(
            "UPDATE products SET json = '{not json' WHERE id = 'p00700'",
            [],
        )
        .unwrap();
    let mut seen = Vec::new();
    store
        .for_each_product_as(|p: IdOnly| seen.push(p.id))
        .unwrap();
    assert_eq!(seen.len(), 1299);
    assert!(!seen.contains(&"p00700".to_owned()));
    let (named, _) = super::take_skipped();
    assert!(
        named
            .iter()
            .any(|line| line.starts_with("product `p00700`: cached record is not valid JSON")),
        "{named:?}"
    );
}
