//! The explorer's speed on a generated mesh (default 10k products;
//! MESHLENS_BENCH_PRODUCTS=100000 for 100k), driven headless through the same
//! App/Backend the terminal runs, rendering to ratatui's TestBackend:
//! - first frame from a warm cache (open the cache, draw);
//! - keystroke to updated results, p50 / p99 over typing 20 queries;
//! - one full frame at 200×60.

mod common;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use meshlens::tui::headless::Headless;

fn bench_tui(c: &mut Criterion) {
    let n = common::products();
    let _ = common::catalogue(n);
    let dir = common::data_dir().join(format!("cache-{n}-seed{}", common::SEED));
    let mut group = c.benchmark_group(format!("tui/{n}"));
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3));

    group.bench_function("first frame (warm cache)", |b| {
        b.iter(|| {
            let mut app = Headless::open_cache(&dir, 200, 60).expect("open");
            std::hint::black_box(app.render(200, 60).expect("render"));
        })
    });

    let mut app = Headless::open_cache(&dir, 200, 60).expect("open");
    app.start();
    app.press("/").expect("key");
    app.type_text("customer").expect("type");
    group.bench_function("full frame 200x60", |b| {
        b.iter(|| std::hint::black_box(app.render(200, 60).expect("render")))
    });
    group.finish();
    report_keystrokes(n, &dir);
}

/// Types each of the 20 queries a key at a time, timing every keystroke to
/// the frame that shows its results; prints p50 / p99 / max.
fn report_keystrokes(n: usize, dir: &std::path::Path) {
    let mut app = Headless::open_cache(dir, 200, 60).expect("open");
    app.start();
    let mut samples = Vec::new();
    for _ in 0..3 {
        for query in common::QUERIES {
            app.press("/").expect("key");
            for c in query.chars() {
                let key = if c == ' ' {
                    "space".to_string()
                } else {
                    c.to_string()
                };
                let started = Instant::now();
                app.press(&key).expect("key");
                std::hint::black_box(app.render(200, 60).expect("render"));
                samples.push(started.elapsed());
            }
            for _ in query.chars() {
                app.press("backspace").expect("key");
            }
            app.press("esc").expect("key");
        }
    }
    samples.sort();
    let at = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "keystroke to results at {n} products over {} keystrokes: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        samples.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        samples[samples.len() - 1].as_secs_f64() * 1e3
    );
}

criterion_group!(benches, bench_tui);

fn main() {
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
