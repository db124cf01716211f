//! nucleo-matcher (what meshlens uses) against fuzzy-matcher (what the design
//! card named; archived) on the same product names: top 20 for each pattern.
//!
//! MESHLENS_BENCH_PRODUCTS=100000 cargo bench --bench fuzzy

mod common;

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use meshlens::index::NameMatcher;

const PATTERNS: [&str; 5] = ["ordr", "custmast", "payfail", "dlyrev", "shipmnt"];

fn bench_matchers(c: &mut Criterion) {
    let n = common::products();
    let (store, _index) = common::catalogue(n);
    let mut nucleo = NameMatcher::from_store(&store).expect("names");
    let names: Vec<String> = nucleo.names().map(str::to_string).collect();
    let mut group = c.benchmark_group(format!("fuzzy/{}names", names.len()));
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3));
    group.bench_function("nucleo-matcher", |b| {
        b.iter(|| {
            for p in PATTERNS {
                std::hint::black_box(nucleo.top(p, 20));
            }
        })
    });
    let skim = SkimMatcherV2::default();
    group.bench_function("fuzzy-matcher (skim v2)", |b| {
        b.iter(|| {
            for p in PATTERNS {
                let mut scored: Vec<(i64, usize)> = names
                    .iter()
                    .enumerate()
                    .filter_map(|(i, name)| skim.fuzzy_match(name, p).map(|s| (s, i)))
                    .collect();
                scored.sort_unstable_by(|a, b| b.0.cmp(&a.0));
                scored.truncate(20);
                std::hint::black_box(scored);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_matchers);
criterion_main!(benches);
