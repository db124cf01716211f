//! Shared set-up for the benchmarks: a generated mesh of N products (env
//! `MESHLENS_BENCH_PRODUCTS`, default 10 000), synced into a cache and indexed,
//! kept under target/bench-data so later runs reuse it.

#![allow(dead_code)]

use std::path::PathBuf;

use meshlens::index::SearchIndex;
use meshlens::sources::sync::sync_sources;
use meshlens::sources::{DirSource, Source};
use meshlens::store::Store;
use meshlens::synthetic::{GenOptions, generate};

pub const SEED: u64 = 7;

/// Twenty queries an engineer would type, with typos and filters among them.
pub const QUERIES: [&str; 20] = [
    "orders",
    "customer",
    "refunds daily",
    "shipments",
    "invoice",
    "payment failures",
    "ordres",
    "custmer master",
    "revenue by store",
    "inventory snapshot",
    "sessions",
    "domain:finance ledger",
    "tag:pii customer",
    "status:deprecated",
    "net_amount",
    "fraud score",
    "marketing campaign attribution",
    "warehouse stock",
    "returns",
    "churn",
];

pub fn products() -> usize {
    std::env::var("MESHLENS_BENCH_PRODUCTS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(10_000)
}

pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data")
}

/// The generated mesh folder for `n` products (generated once).
pub fn mesh(n: usize) -> PathBuf {
    let out = data_dir().join(format!("mesh-{n}-seed{SEED}"));
    if !out.join(".meshlens-gen").exists() {
        eprintln!("generating {n} products into {}", out.display());
        generate(
            &GenOptions {
                products: n,
                seed: SEED,
                out: out.clone(),
            },
            &mut |_| {},
        )
        .expect("gen");
    }
    out
}

/// A store synced from the mesh of `n` products (synced once), and its index.
pub fn catalogue(n: usize) -> (Store, SearchIndex) {
    let mesh = mesh(n);
    let cache = data_dir().join(format!("cache-{n}-seed{SEED}"));
    let mut store = Store::open(&cache.join("catalogue.sqlite")).expect("store");
    if store.sources().expect("sources").is_empty() {
        eprintln!("syncing {n} products");
        let sources: Vec<Box<dyn Source>> = vec![Box::new(DirSource::new("bench", mesh))];
        sync_sources(&mut store, &sources, &mut |_| {}).expect("sync");
    }
    let index =
        SearchIndex::open_or_build(&cache.join("index"), &store, &mut |_| {}).expect("index");
    (store, index)
}
