//! The contract diff on two versions of a 5,000-property contract
//! (scripts/wide-contract-pair.py writes them): reading one file, comparing
//! two parsed versions, and both together. The whole-process figure, beside
//! datacontract-cli's on the same pair, comes from scripts/bench-diff.sh.
//!
//! cargo bench --bench diff

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use meshlens::contracts::{Comparable, ContractDiff};
use meshlens::model::{Contract, Record};
use meshlens::standards::{Parsed, parse_file};

fn pair() -> (PathBuf, PathBuf) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/wide-5000");
    let old = dir.join("wide-1.0.0.odcs.yaml");
    let new = dir.join("wide-2.0.0.odcs.yaml");
    if !new.exists() {
        let status = Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/wide-contract-pair.py"))
            .arg(&dir)
            .arg("5000")
            .status()
            .expect("python3 runs");
        assert!(status.success(), "the pair is written");
    }
    (old, new)
}

fn read(path: &Path) -> Contract {
    match parse_file(path).expect("parses") {
        Parsed::Records { mut records, .. } => match records.remove(0) {
            Record::Contract(contract) => *contract,
            _ => panic!("a contract"),
        },
        Parsed::Skipped => panic!("a contract"),
    }
}

fn bench_diff(c: &mut Criterion) {
    let (old_path, new_path) = pair();
    let (old, new) = (read(&old_path), read(&new_path));
    let diff = ContractDiff::between(&old, &new);
    assert_eq!(diff.changes.len(), 56, "the pair's changes");
    let mut group = c.benchmark_group("diff/5000-properties");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(4));
    group.bench_function("read one file", |b| {
        b.iter(|| std::hint::black_box(read(&old_path)))
    });
    group.bench_function("compare parsed versions", |b| {
        b.iter(|| std::hint::black_box(ContractDiff::between(&old, &new)))
    });
    let text = std::fs::read_to_string(&old_path).expect("reads");
    group.bench_function("read one file straight to a comparable tree", |b| {
        b.iter(|| std::hint::black_box(Comparable::from_yaml(&text)))
    });
    let (old_tree, new_tree) = (
        Comparable::from_contract(&old),
        Comparable::from_contract(&new),
    );
    group.bench_function("compare two trees", |b| {
        b.iter(|| std::hint::black_box(ContractDiff::compare(&old_tree, &new_tree)))
    });
    group.bench_function("read both and compare", |b| {
        b.iter(|| {
            let (a, b) = (read(&old_path), read(&new_path));
            std::hint::black_box(ContractDiff::between(&a, &b))
        })
    });
    group.finish();
}

criterion_group!(benches, bench_diff);
criterion_main!(benches);
