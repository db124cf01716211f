//! Search latency over a generated mesh: one criterion benchmark per query,
//! then p50 / p99 over all twenty queries.
//!
//! cargo bench --bench search                                 # 10k products
//! MESHLENS_BENCH_PRODUCTS=100000 cargo bench --bench search  # 100k

mod common;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use meshlens::index::{SearchIndex, parse_query};

fn bench_queries(c: &mut Criterion) {
    let n = common::products();
    let (_store, index) = common::catalogue(n);
    let mut group = c.benchmark_group(format!("search/{n}"));
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(300));
    for text in common::QUERIES {
        let query = parse_query(text);
        group.bench_function(text, |b| b.iter(|| index.search(&query).expect("search")));
    }
    group.finish();
    report_percentiles(n, &index);
}

/// Runs each query 50 times and prints p50 / p99 / max over all 1,000 runs.
fn report_percentiles(n: usize, index: &SearchIndex) {
    let mut samples = Vec::new();
    for _ in 0..50 {
        for text in common::QUERIES {
            let query = parse_query(text);
            let started = Instant::now();
            let results = index.search(&query).expect("search");
            samples.push(started.elapsed());
            std::hint::black_box(results);
        }
    }
    samples.sort();
    let at = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "search latency at {n} products over {} runs of 20 queries: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        samples.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        samples[samples.len() - 1].as_secs_f64() * 1e3
    );
}

criterion_group!(benches, bench_queries);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
