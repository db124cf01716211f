//! Search behaviour over a small, realistic catalogue.

use std::path::Path;

use super::*;
use crate::model::{
    Contract, Description, Member, OutputPort, Product, Record, SchemaObject, SchemaProperty, Team,
};
use crate::store::SourceOutcome;

struct Spec {
    id: &'static str,
    name: &'static str,
    domain: &'static str,
    team: &'static str,
    tags: &'static [&'static str],
    status: &'static str,
    purpose: &'static str,
    contract: Option<&'static str>,
}

const PRODUCTS: &[Spec] = &[
    Spec {
        id: "online-orders",
        name: "Online Orders",
        domain: "Sales",
        team: "Checkout",
        tags: &["orders", "pii"],
        status: "active",
        purpose: "Every order placed in the web shop.",
        contract: Some("online-orders-contract"),
    },
    Spec {
        id: "order-returns",
        name: "Order Returns",
        domain: "Sales",
        team: "Checkout",
        tags: &["returns"],
        status: "active",
        purpose: "Parcels sent back by buyers.",
        contract: None,
    },
    Spec {
        id: "customer-master",
        name: "Customer Master",
        domain: "Customer",
        team: "Customer Data",
        tags: &["pii", "golden-record"],
        status: "active",
        purpose: "The golden record of every buyer.",
        contract: None,
    },
    Spec {
        id: "churn-predictions",
        name: "Churn Predictions",
        domain: "Customer",
        team: "Data Science",
        tags: &["ml"],
        status: "draft",
        purpose: "Weekly churn probability per buyer.",
        contract: None,
    },
    Spec {
        id: "payments-ledger",
        name: "Payments Ledger",
        domain: "Finance",
        team: "Payments Core",
        tags: &["pii", "finance"],
        status: "active",
        purpose: "Settled card and bank payments.",
        contract: Some("payments-ledger-contract"),
    },
    Spec {
        id: "invoice-archive",
        name: "Invoice Archive",
        domain: "Finance",
        team: "Payments Core",
        tags: &["finance"],
        status: "retired",
        purpose: "Invoices older than seven years.",
        contract: None,
    },
    Spec {
        id: "inventory-levels",
        name: "Inventory Levels",
        domain: "Supply Chain",
        team: "Warehouse Ops",
        tags: &["stock"],
        status: "active",
        purpose: "Stock on hand per warehouse.",
        contract: None,
    },
    Spec {
        id: "shipment-tracking",
        name: "Shipment Tracking",
        domain: "Supply Chain",
        team: "Logistics",
        tags: &[],
        status: "active",
        purpose: "Carrier scan events for parcels.",
        contract: None,
    },
    Spec {
        id: "marketing-campaigns",
        name: "Marketing Campaigns",
        domain: "Marketing",
        team: "Growth",
        tags: &[],
        status: "active",
        purpose: "Campaign spend by customer segment.",
        contract: None,
    },
    Spec {
        id: "web-sessions",
        name: "Web Sessions",
        domain: "Marketing",
        team: "Growth",
        tags: &["clickstream"],
        status: "active",
        purpose: "Visits to the web shop.",
        contract: None,
    },
    Spec {
        id: "product-catalog",
        name: "Product Catalog",
        domain: "Sales",
        team: "Merchandising",
        tags: &[],
        status: "active",
        purpose: "Articles on sale with prices.",
        contract: None,
    },
    Spec {
        id: "supplier-directory",
        name: "Supplier Directory",
        domain: "Supply Chain",
        team: "Procurement",
        tags: &[],
        status: "draft",
        purpose: "Vendors and their terms.",
        contract: None,
    },
];

fn product(spec: &Spec) -> Product {
    Product {
        id: spec.id.into(),
        name: spec.name.into(),
        domain: Some(spec.domain.into()),
        status: Some(spec.status.into()),
        tags: spec.tags.iter().map(|t| t.to_string()).collect(),
        description: Description {
            purpose: Some(spec.purpose.into()),
            ..Description::default()
        },
        team: Some(Team {
            name: Some(spec.team.into()),
            members: vec![Member {
                username: if spec.id == "customer-master" {
                    "asmith".to_owned()
                } else {
                    format!("{}-owner", spec.id)
                },
                name: (spec.id == "customer-master").then(|| "Alice Smith".to_owned()),
                ..Member::default()
            }],
            ..Team::default()
        }),
        output_ports: spec
            .contract
            .map(|id| OutputPort {
                name: "main".into(),
                contract_id: Some(id.into()),
                ..OutputPort::default()
            })
            .into_iter()
            .collect(),
        ..Product::default()
    }
}

fn column(name: &str, business_name: Option<&str>) -> SchemaProperty {
    SchemaProperty {
        name: name.into(),
        business_name: business_name.map(str::to_owned),
        ..SchemaProperty::default()
    }
}

fn contract(id: &str, name: &str, version: &str, columns: Vec<SchemaProperty>) -> Contract {
    Contract {
        id: id.into(),
        name: Some(name.into()),
        version: version.into(),
        status: Some("active".into()),
        schema: vec![SchemaObject {
            name: "records".into(),
            properties: columns,
            ..SchemaObject::default()
        }],
        ..Contract::default()
    }
}

fn contracts() -> Vec<Contract> {
    vec![
        contract(
            "online-orders-contract",
            "Online Orders Contract",
            "1.0.0",
            vec![column("order_id", None), column("legacy_ref", None)],
        ),
        contract(
            "online-orders-contract",
            "Online Orders Contract",
            "2.0.0",
            vec![
                column("order_id", None),
                column("buyer_id", None),
                column("shipping_postcode", Some("Delivery Postcode")),
            ],
        ),
        contract(
            "payments-ledger-contract",
            "Payments Ledger Contract",
            "1.0.0",
            vec![column("iban", Some("Account Number"))],
        ),
    ]
}

fn sync_records(store: &mut Store, source: &str, records: Vec<Record>) {
    let mut tx = store.begin_sync().unwrap();
    tx.replace_source(source, "dir", "/catalog").unwrap();
    for record in &records {
        tx.put(source, record).unwrap();
    }
    tx.finish_source(source, SourceOutcome::Ok).unwrap();
    tx.commit().unwrap();
}

fn catalogue_records() -> Vec<Record> {
    let products = PRODUCTS
        .iter()
        .map(|s| Record::Product(Box::new(product(s))));
    let contracts = contracts()
        .into_iter()
        .map(|c| Record::Contract(Box::new(c)));
    products.chain(contracts).collect()
}

fn demo_store(path: &Path) -> Store {
    let mut store = Store::open(path).unwrap();
    sync_records(&mut store, "demo", catalogue_records());
    store
}

struct Fixture {
    _dir: tempfile::TempDir,
    index_dir: std::path::PathBuf,
    store: Store,
    index: SearchIndex,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir.path().join("cache.db"));
    let index_dir = dir.path().join("index");
    let index = SearchIndex::open_or_build(&index_dir, &store, &mut |_| {}).unwrap();
    Fixture {
        _dir: dir,
        index_dir,
        store,
        index,
    }
}

fn ids(index: &SearchIndex, query: &str) -> Vec<String> {
    let results = index.search(&parse_query(query)).unwrap();
    results.hits.into_iter().map(|hit| hit.id).collect()
}

#[test]
fn exact_name_ranks_first_then_name_words_then_other_fields() {
    let f = fixture();
    // Churn Predictions: domain "Customer"; Marketing Campaigns: "customer" in
    // its description. Equal tiers go by name.
    assert_eq!(
        ids(&f.index, "customer master"),
        vec![
            "customer-master",
            "churn-predictions",
            "marketing-campaigns"
        ]
    );
    assert_eq!(
        ids(&f.index, "master customer"),
        vec![
            "customer-master",
            "churn-predictions",
            "marketing-campaigns"
        ]
    );
    let results = f.index.search(&parse_query("Customer Master")).unwrap();
    assert!(results.hits[0].score > 1000.0);
}

#[test]
fn exact_id_ranks_first() {
    let f = fixture();
    assert_eq!(
        ids(&f.index, "payments-ledger"),
        vec![
            "payments-ledger",
            "payments-ledger-contract",
            "invoice-archive"
        ]
    );
}

#[test]
fn name_prefix_ranks_above_word_matches() {
    let f = fixture();
    assert_eq!(
        ids(&f.index, "inv"),
        vec!["inventory-levels", "invoice-archive"]
    );
    assert_eq!(
        ids(&f.index, "order"),
        vec!["order-returns", "online-orders", "online-orders-contract"]
    );
}

#[test]
fn typos_still_find_the_product() {
    let f = fixture();
    assert_eq!(ids(&f.index, "custmer"), vec!["customer-master"]);
    assert_eq!(
        ids(&f.index, "ordres"),
        vec!["online-orders", "online-orders-contract"]
    );
    assert_eq!(
        ids(&f.index, "pamyents ledgr"),
        vec!["payments-ledger", "payments-ledger-contract"]
    );
}

#[test]
fn more_matched_terms_rank_higher_and_not_all_must_match() {
    let f = fixture();
    assert_eq!(
        ids(&f.index, "web shop visits"),
        vec!["web-sessions", "online-orders"]
    );
}

#[test]
fn columns_of_the_newest_contract_version_are_searchable() {
    let f = fixture();
    assert_eq!(
        ids(&f.index, "postcode"),
        vec!["online-orders", "online-orders-contract"]
    );
    assert_eq!(
        ids(&f.index, "iban"),
        vec!["payments-ledger", "payments-ledger-contract"]
    );
    assert_eq!(ids(&f.index, "legacy"), Vec::<String>::new());
}

#[test]
fn owners_are_searchable_by_name_and_username() {
    let f = fixture();
    assert_eq!(ids(&f.index, "alice"), vec!["customer-master"]);
    assert_eq!(ids(&f.index, "asmith"), vec!["customer-master"]);
}

#[test]
fn filters_are_exact_and_case_insensitive_and_empty_text_browses_by_name() {
    let f = fixture();
    assert_eq!(
        ids(&f.index, "domain:SALES kind:product"),
        vec!["online-orders", "order-returns", "product-catalog"]
    );
    assert_eq!(
        ids(&f.index, "team:\"payments core\""),
        vec!["invoice-archive", "payments-ledger"]
    );
    assert_eq!(ids(&f.index, "tag:golden-record"), vec!["customer-master"]);
    assert_eq!(
        ids(&f.index, "status:draft"),
        vec!["churn-predictions", "supplier-directory"]
    );
    assert_eq!(
        ids(&f.index, "kind:contract"),
        vec!["online-orders-contract", "payments-ledger-contract"]
    );
    assert_eq!(
        ids(&f.index, "buyer domain:customer"),
        vec!["churn-predictions", "customer-master"]
    );
    assert_eq!(ids(&f.index, "domain:sale"), Vec::<String>::new());
}

#[test]
fn facets_count_every_match_not_just_the_page() {
    let f = fixture();
    let mut query = parse_query("pii");
    query.limit = 1;
    let results = f.index.search(&query).unwrap();
    assert_eq!((results.total, results.hits.len()), (3, 1));
    let pairs = |list: &[(String, u64)]| -> Vec<(String, u64)> { list.to_vec() };
    let owned = |list: &[(&str, u64)]| -> Vec<(String, u64)> {
        list.iter().map(|(v, n)| (v.to_string(), *n)).collect()
    };
    assert_eq!(
        pairs(&results.facets.domain),
        owned(&[("Customer", 1), ("Finance", 1), ("Sales", 1)])
    );
    assert_eq!(
        pairs(&results.facets.tag),
        owned(&[
            ("pii", 3),
            ("finance", 1),
            ("golden-record", 1),
            ("orders", 1)
        ])
    );
    assert_eq!(pairs(&results.facets.status), owned(&[("active", 3)]));
    assert_eq!(pairs(&results.facets.kind), owned(&[("product", 3)]));
    assert_eq!(
        pairs(&results.facets.team),
        owned(&[("Checkout", 1), ("Customer Data", 1), ("Payments Core", 1)])
    );
}

#[test]
fn hits_carry_display_fields_and_matched_words() {
    let f = fixture();
    let results = f.index.search(&parse_query("custmer golden")).unwrap();
    let hit = &results.hits[0];
    assert_eq!(
        (hit.kind, hit.id.as_str(), hit.name.as_str()),
        (Kind::Product, "customer-master", "Customer Master")
    );
    assert_eq!(
        (
            hit.domain.as_deref(),
            hit.team.as_deref(),
            hit.status.as_deref()
        ),
        (Some("Customer"), Some("Customer Data"), Some("active"))
    );
    assert_eq!(hit.matched, vec!["customer", "golden"]);
}

#[test]
fn an_up_to_date_index_is_reused() {
    let f = fixture();
    assert!(f.index.was_rebuilt());
    drop(f.index);
    let again = SearchIndex::open_or_build(&f.index_dir, &f.store, &mut |_| {}).unwrap();
    assert!(!again.was_rebuilt());
    assert_eq!(again.num_docs(), 14);
}

#[test]
fn a_stale_index_is_rebuilt_with_the_new_catalogue() {
    let mut f = fixture();
    drop(f.index);
    let extra = Product {
        id: "loyalty-points".into(),
        name: "Loyalty Points".into(),
        ..Product::default()
    };
    sync_records(
        &mut f.store,
        "extra",
        vec![Record::Product(Box::new(extra))],
    );
    let mut phases = Vec::new();
    let index =
        SearchIndex::open_or_build(&f.index_dir, &f.store, &mut |p| phases.push(p.phase)).unwrap();
    assert!(index.was_rebuilt());
    assert_eq!(index.generation(), 2);
    assert_eq!(phases.last(), Some(&BuildPhase::Committing));
    assert_eq!(ids(&index, "loyalty"), vec!["loyalty-points"]);
}

fn largest_file(dir: &Path, extension: &str) -> std::path::PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .max_by_key(|path| std::fs::metadata(path).unwrap().len())
        .unwrap()
}

#[test]
fn a_corrupt_index_is_rebuilt() {
    let f = fixture();
    drop(f.index);
    let segment_file = largest_file(&f.index_dir, "idx");
    let length = std::fs::metadata(&segment_file).unwrap().len();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&segment_file)
        .unwrap();
    file.set_len(length / 2).unwrap();
    drop(file);
    let index = SearchIndex::open_or_build(&f.index_dir, &f.store, &mut |_| {}).unwrap();
    assert!(index.was_rebuilt());
    assert_eq!(ids(&index, "custmer"), vec!["customer-master"]);
}

#[test]
fn garbled_metadata_or_a_deleted_file_forces_a_rebuild() {
    let f = fixture();
    drop(f.index);
    std::fs::write(f.index_dir.join("meta.json"), "{not json").unwrap();
    let index = SearchIndex::open_or_build(&f.index_dir, &f.store, &mut |_| {}).unwrap();
    assert!(index.was_rebuilt());
    drop(index);
    std::fs::remove_file(largest_file(&f.index_dir, "term")).unwrap();
    let index = SearchIndex::open_or_build(&f.index_dir, &f.store, &mut |_| {}).unwrap();
    assert!(index.was_rebuilt());
    assert_eq!(index.num_docs(), 14);
}

#[test]
fn another_schema_version_or_cache_is_rebuilt() {
    let f = fixture();
    drop(f.index);
    let mut stamp = Stamp::read(&f.index_dir).unwrap();
    stamp.schema_version = INDEX_SCHEMA_VERSION + 1;
    stamp.write(&f.index_dir).unwrap();
    let index = SearchIndex::open_or_build(&f.index_dir, &f.store, &mut |_| {}).unwrap();
    assert!(index.was_rebuilt());
    drop(index);

    let other_dir = tempfile::tempdir().unwrap();
    let other_store = demo_store(&other_dir.path().join("cache.db"));
    assert_eq!(
        other_store.generation().unwrap(),
        f.store.generation().unwrap()
    );
    let index = SearchIndex::open_or_build(&f.index_dir, &other_store, &mut |_| {}).unwrap();
    assert!(index.was_rebuilt());
}

#[test]
fn a_missing_index_directory_is_built_and_no_temporary_directories_remain() {
    let f = fixture();
    assert_eq!(index_dirs(f.index_dir.parent().unwrap()), ["index"]);
}

#[test]
fn builds_left_by_killed_processes_are_removed_on_the_next_open() {
    let f = fixture();
    let parent = f.index_dir.parent().unwrap();
    let gone = (i32::MAX - 1) as u32;
    for name in [
        format!("index.building-{gone}"),
        format!("index.old-{gone}"),
        "index.building-1".to_owned(),
    ] {
        std::fs::create_dir_all(parent.join(name).join("segment")).unwrap();
    }
    drop(f.index);
    let again = SearchIndex::open_or_build(&f.index_dir, &f.store, &mut |_| {}).unwrap();
    assert!(!again.was_rebuilt(), "an up-to-date index is kept");
    // Process 1 runs: its build may be under way, so it stays (for an hour).
    assert_eq!(index_dirs(parent), ["index", "index.building-1"]);
}

/// The names in `parent` that start with `index`, sorted.
fn index_dirs(parent: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("index"))
        .collect();
    names.sort();
    names
}
