//! Lineage traversal on a generated mesh (`MESHLENS_BENCH_PRODUCTS`, default
//! 10 000): the graph built once from the cache, then walks to depth 10 up
//! and down from the most connected products and from a spread of others,
//! and the impact list (with each entry's own dependents) of a hub.
//!
//! MESHLENS_BENCH_PRODUCTS=100000 cargo bench --bench lineage

mod common;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use meshlens::lineage::{Direction, Level, Lineage, Reached, Walker};

fn bench_lineage(c: &mut Criterion) {
    let n = common::products();
    let (store, _index) = common::catalogue(n);
    let started = Instant::now();
    let lineage = Lineage::from_store(&store).expect("lineage");
    eprintln!(
        "graph of {n} products built in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let graph = lineage.graph(Level::Product);
    let nodes = graph.len() as u32;
    // The hubs: most consumers, most inputs.
    let widest = |direction: Direction| {
        (0..nodes)
            .max_by_key(|&node| graph.neighbours(node, direction).len())
            .expect("a node")
    };
    let (fan_out, fan_in) = (widest(Direction::Downstream), widest(Direction::Upstream));
    let spread: Vec<u32> = (0..nodes).step_by((nodes as usize / 100).max(1)).collect();
    let mut walker = Walker::new();
    let mut out: Vec<Reached> = Vec::new();
    walker.walk(graph, &[fan_out], Direction::Downstream, 10, &mut out);
    eprintln!(
        "hub {} reaches {} products downstream within 10 hops",
        graph.node(fan_out).expect("hub").key,
        out.len()
    );

    let mut group = c.benchmark_group(format!("lineage/{n}products"));
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(4));
    group.bench_function("downstream depth 10 from the widest hub", |b| {
        b.iter(|| {
            out.clear();
            walker.walk(graph, &[fan_out], Direction::Downstream, 10, &mut out);
            std::hint::black_box(out.len())
        })
    });
    group.bench_function("upstream depth 10 from the widest sink", |b| {
        b.iter(|| {
            out.clear();
            walker.walk(graph, &[fan_in], Direction::Upstream, 10, &mut out);
            std::hint::black_box(out.len())
        })
    });
    group.bench_function("both ways depth 10, 100 products (per product)", |b| {
        b.iter(|| {
            for &start in &spread {
                for direction in [Direction::Upstream, Direction::Downstream] {
                    out.clear();
                    walker.walk(graph, &[start], direction, 10, &mut out);
                }
            }
            std::hint::black_box(out.len())
        })
    });
    let hub_id = graph.node(fan_out).expect("hub").key.clone();
    group.bench_function("impact of the widest hub (all depths, dependents)", |b| {
        b.iter(|| std::hint::black_box(lineage.impact(&hub_id, u32::MAX)))
    });
    group.finish();
}

criterion_group!(benches, bench_lineage);
criterion_main!(benches);
