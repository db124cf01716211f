//! Manual scale check (not run by default; no timing asserts):
//! `cargo test --release --test index_scale -- --ignored --nocapture`
//! Builds a synthetic cache of 100k products (each with a contract), indexes
//! it and prints build time, search latencies and peak RSS.

use std::time::Instant;

use meshlens::index::{SearchIndex, SearchQuery, parse_query};
use meshlens::model::{
    Contract, Description, Member, OutputPort, Product, Record, SchemaObject, SchemaProperty, Team,
};
use meshlens::store::{SourceOutcome, Store};

const PRODUCTS: usize = 100_000;
const ADJECTIVES: &[&str] = &[
    "online",
    "daily",
    "global",
    "regional",
    "retail",
    "wholesale",
    "mobile",
    "legacy",
    "realtime",
    "monthly",
    "premium",
    "partner",
    "internal",
    "certified",
    "raw",
    "curated",
];
const NOUNS: &[&str] = &[
    "orders",
    "returns",
    "customers",
    "payments",
    "invoices",
    "shipments",
    "inventory",
    "sessions",
    "campaigns",
    "suppliers",
    "products",
    "prices",
    "refunds",
    "claims",
    "accounts",
    "ledger",
    "forecasts",
    "reviews",
    "subscriptions",
    "deliveries",
];
const DOMAINS: &[&str] = &[
    "Sales",
    "Finance",
    "Customer",
    "Supply Chain",
    "Marketing",
    "Logistics",
];
const COLUMNS: &[&str] = &[
    "order_id",
    "customer_id",
    "amount",
    "currency",
    "created_at",
    "status",
    "country",
    "postcode",
    "email",
    "sku",
    "quantity",
    "discount",
];

fn synthetic_product(n: usize) -> (Product, Contract) {
    let name = format!(
        "{} {} {}",
        ADJECTIVES[n % ADJECTIVES.len()],
        NOUNS[(n / ADJECTIVES.len()) % NOUNS.len()],
        n
    );
    let id = format!("product-{n}");
    let contract_id = format!("contract-{n}");
    let product = Product {
        id: id.clone(),
        name,
        domain: Some(DOMAINS[n % DOMAINS.len()].to_owned()),
        status: Some(
            if n.is_multiple_of(7) {
                "draft"
            } else {
                "active"
            }
            .to_owned(),
        ),
        tags: vec![format!("tag{}", n % 40), "pii".to_owned()],
        description: Description {
            purpose: Some(format!(
                "Synthetic data product number {n} for scale tests."
            )),
            ..Description::default()
        },
        team: Some(Team {
            name: Some(format!("Team {}", n % 300)),
            members: vec![Member {
                username: format!("user{}", n % 2000),
                name: Some(format!("Person {}", n % 2000)),
                ..Member::default()
            }],
            ..Team::default()
        }),
        output_ports: vec![OutputPort {
            name: "main".into(),
            contract_id: Some(contract_id.clone()),
            ..OutputPort::default()
        }],
        ..Product::default()
    };
    let properties = (0..8)
        .map(|k| SchemaProperty {
            name: COLUMNS[(n + k) % COLUMNS.len()].to_owned(),
            description: Some(format!("Column {k} of product {n}")),
            ..SchemaProperty::default()
        })
        .collect();
    let contract = Contract {
        id: contract_id,
        version: "1.0.0".into(),
        name: Some(format!("{} contract", product.name)),
        schema: vec![SchemaObject {
            name: "records".into(),
            properties,
            ..SchemaObject::default()
        }],
        ..Contract::default()
    };
    (product, contract)
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

#[test]
#[ignore = "manual scale check"]
fn hundred_thousand_products() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cache.db")).unwrap();
    let started = Instant::now();
    let mut tx = store.begin_sync().unwrap();
    tx.replace_source("gen", "synthetic", "memory").unwrap();
    for n in 0..PRODUCTS {
        let (product, contract) = synthetic_product(n);
        tx.put("gen", &Record::Product(Box::new(product))).unwrap();
        tx.put("gen", &Record::Contract(Box::new(contract)))
            .unwrap();
    }
    tx.finish_source("gen", SourceOutcome::Ok).unwrap();
    tx.commit().unwrap();
    println!(
        "sync of {PRODUCTS} products + contracts: {:?}",
        started.elapsed()
    );

    let started = Instant::now();
    let index_dir = dir.path().join("index");
    let index = SearchIndex::open_or_build(&index_dir, &store, &mut |_| {}).unwrap();
    println!(
        "index build: {:?}, {} docs",
        started.elapsed(),
        index.num_docs()
    );
    drop(index);
    let started = Instant::now();
    let index = SearchIndex::open_or_build(&index_dir, &store, &mut |_| {}).unwrap();
    println!("reopen (checksums validated): {:?}", started.elapsed());
    assert!(!index.was_rebuilt());

    let queries = [
        "orders",
        "online orders",
        "custmer",
        "ordres",
        "o",
        "pa",
        "daily payments 4242",
        "postcode",
        "user17",
        "domain:sales",
        "invoices domain:finance status:active",
        "kind:contract ledger",
        "tag:tag3",
        "premium subscriptions",
        "realtime shipmnets",
        "product-77777",
        "legacy claims 123",
    ];
    let mut latencies = Vec::new();
    let mut per_query = vec![std::time::Duration::ZERO; queries.len()];
    for round in 0..20 {
        for (q, text) in queries.iter().enumerate() {
            let query: SearchQuery = parse_query(text);
            let started = Instant::now();
            let results = index.search(&query).unwrap();
            latencies.push(started.elapsed());
            per_query[q] += started.elapsed();
            if round == 0 {
                println!(
                    "{text:>40}: {:>6} hits, first {:?}",
                    results.total,
                    results.hits.first().map(|h| h.name.as_str())
                );
            }
        }
    }
    for (text, total) in queries.iter().zip(&per_query) {
        println!("{text:>40}: mean {:?}", *total / 20);
    }
    latencies.sort();
    let at = |p: f64| latencies[((latencies.len() - 1) as f64 * p) as usize];
    println!(
        "search p50 {:?}, p99 {:?}, max {:?}",
        at(0.5),
        at(0.99),
        at(1.0)
    );
    println!("peak RSS {:.0} MB", peak_rss_mb());
}
