//! Syncing from an Entropy Data server on 127.0.0.1 (the tests' server,
//! serving a generated mesh of `MESHLENS_BENCH_PRODUCTS`, default 10 000):
//! a full sync into an empty cache (every product listed, every contract
//! read in its YAML), and an incremental sync of 100 events (100 products
//! changed on the server since the last sync).
//!
//! cargo bench --bench sync

mod common;
#[path = "../tests/support/entropy_server.rs"]
mod entropy_server;

use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use entropy_server::EntropyServer;
use meshlens::http::{Fetcher, HttpSettings, client};
use meshlens::sources::sync::sync_sources;
use meshlens::sources::{EntropySource, Source};
use meshlens::store::Store;

fn source(url: &str) -> Vec<Box<dyn Source>> {
    let settings = HttpSettings::default();
    let fetcher = Fetcher::new(client(&settings).expect("client"), settings, None);
    vec![Box::new(EntropySource::new("bench", url, fetcher))]
}

fn bench_sync(c: &mut Criterion) {
    let n = common::products();
    let mesh = common::mesh(n);
    let server = EntropyServer::start();
    let started = Instant::now();
    let (products, contracts) = server.load_dir(&mesh);
    eprintln!(
        "server: {products} products, {contracts} contracts loaded in {:.1?}",
        started.elapsed()
    );
    let sources = source(&server.url());
    let mut group = c.benchmark_group("sync");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    group.bench_function(format!("full sync of {products} products"), |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("tempdir"),
            |dir| {
                let mut store = Store::open(&dir.path().join("c.sqlite")).expect("store");
                let report = sync_sources(&mut store, &sources, &mut |_| {}).expect("sync");
                assert!(report.failures.is_empty(), "{:?}", report.failures);
                assert_eq!(report.sources[0].products, products);
                dir
            },
            BatchSize::PerIteration,
        );
    });

    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("c.sqlite")).expect("store");
    sync_sources(&mut store, &sources, &mut |_| {}).expect("first sync");
    let ids: Vec<String> = server.product_ids().into_iter().take(100).collect();
    let mut round = 0u64;
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("incremental sync of 100 events", |b| {
        b.iter_batched(
            || {
                round += 1;
                for id in &ids {
                    server.put_product(serde_json::json!({
                        "apiVersion": "v1.0.0", "kind": "DataProduct", "id": id,
                        "name": format!("{id} (round {round})"), "status": "active",
                    }));
                }
                server.reset_log();
            },
            |()| {
                let report = sync_sources(&mut store, &sources, &mut |_| {}).expect("sync");
                assert_eq!(report.sources[0].mode, "incremental");
                assert_eq!(report.sources[0].products, 100);
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, bench_sync);
criterion_main!(benches);
