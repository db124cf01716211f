//! nucleo-matcher (what meshlens uses) against fuzzy-matcher (what the design
//! card named; archived) on the same product names: each library scores every
//! name against a pattern and keeps the best 20.
//!
//! MESHLENS_BENCH_PRODUCTS=100000 cargo bench --bench fuzzy

mod common;

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use meshlens::index::NameMatcher;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

const PATTERNS: [&str; 5] = ["ordr", "custmast", "payfail", "dlyrev", "shipmnt"];

fn top20(mut scored: Vec<(u32, usize)>) -> Vec<(u32, usize)> {
    scored.sort_unstable_by_key(|s| std::cmp::Reverse(s.0));
    scored.truncate(20);
    scored
}

fn bench_matchers(c: &mut Criterion) {
    let n = common::products();
    let (store, _index) = common::catalogue(n);
    let entries = store.product_names().expect("names");
    let names: Vec<String> = entries.iter().map(|(_, name)| name.clone()).collect();
    let mut group = c.benchmark_group(format!("fuzzy/{}names", names.len()));
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3));

    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buffer = Vec::new();
    group.bench_function("nucleo-matcher", |b| {
        b.iter(|| {
            for p in PATTERNS {
                let pattern = Pattern::parse(p, CaseMatching::Ignore, Normalization::Smart);
                let scored = names
                    .iter()
                    .enumerate()
                    .filter_map(|(i, name)| {
                        pattern
                            .score(Utf32Str::new(name, &mut buffer), &mut matcher)
                            .map(|s| (s, i))
                    })
                    .collect();
                std::hint::black_box(top20(scored));
            }
        })
    });

    let skim = SkimMatcherV2::default();
    group.bench_function("fuzzy-matcher (skim v2)", |b| {
        b.iter(|| {
            for p in PATTERNS {
                let scored = names
                    .iter()
                    .enumerate()
                    .filter_map(|(i, name)| skim.fuzzy_match(name, p).map(|s| (s as u32, i)))
                    .collect();
                std::hint::black_box(top20(scored));
            }
        })
    });

    let mut quick_jump = NameMatcher::new(entries.clone());
    group.bench_function("meshlens NameMatcher (names and ids)", |b| {
        b.iter(|| {
            for p in PATTERNS {
                std::hint::black_box(quick_jump.top(p, 20));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_matchers);
criterion_main!(benches);
