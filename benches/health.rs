//! The on-call health view on a generated mesh (`MESHLENS_BENCH_PRODUCTS`,
//! default 10 000): the lineage and the quality state are built once per
//! cache generation (timed once, printed); the health view — every
//! product's breaches, blast radius of each breaching one, the ranking —
//! is what the explorer computes when it opens, and is benchmarked.
//!
//! MESHLENS_BENCH_PRODUCTS=100000 cargo bench --bench health

mod common;

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use meshlens::lineage::Lineage;
use meshlens::quality::{HealthQuery, Quality};

/// The newest run event's time: the generated mesh's "now".
fn newest_event(store: &meshlens::store::Store) -> DateTime<Utc> {
    let mut newest: Option<DateTime<Utc>> = None;
    store
        .for_each_lineage_event(|_, event| {
            if let Ok(t) = DateTime::parse_from_rfc3339(&event.event_time) {
                let t = t.with_timezone(&Utc);
                newest = Some(newest.map_or(t, |n| n.max(t)));
            }
        })
        .expect("events");
    newest.unwrap_or_else(Utc::now)
}

fn bench_health(c: &mut Criterion) {
    let n = common::products();
    let (store, _index) = common::catalogue(n);
    let started = Instant::now();
    let lineage = Lineage::from_store(&store).expect("lineage");
    let lineage_time = started.elapsed();
    let now = newest_event(&store) + chrono::Duration::hours(6);
    let started = Instant::now();
    let quality = Quality::from_store(&store, &lineage, now).expect("quality");
    eprintln!(
        "{n} products: lineage built in {:.2} s, quality state in {:.2} s",
        lineage_time.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    let query = HealthQuery { now, domain: None };
    let started = Instant::now();
    let health = quality.health(&lineage, &query);
    eprintln!(
        "first health view (includes every product's blast radius, once per generation): {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    eprintln!(
        "{} of {} products breaching at {now}; the worst: {} ({} downstream)",
        health.breaches.len(),
        health.products,
        health
            .breaches
            .first()
            .map_or("-", |b| b.product.id.as_str()),
        health.breaches.first().map_or(0, |b| b.blast_radius)
    );
    let mut group = c.benchmark_group(format!("health/{n}products"));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    group.bench_function(
        "health view, 6 h after the last event (most products stale)",
        |b| b.iter(|| std::hint::black_box(quality.health(&lineage, &query).breaches.len())),
    );
    let at_last_event = HealthQuery {
        now: now - chrono::Duration::hours(6),
        domain: None,
    };
    eprintln!(
        "at the last event: {} products breaching",
        quality.health(&lineage, &at_last_event).breaches.len()
    );
    group.bench_function("health view at the last event", |b| {
        b.iter(|| std::hint::black_box(quality.health(&lineage, &at_last_event).breaches.len()))
    });
    group.finish();
}

criterion_group!(benches, bench_health);
criterion_main!(benches);
