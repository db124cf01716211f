//! `meshlens gen` engine: determinism, counts, DAG shape, parse-back, and the
//! guard against writing into a foreign directory.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use meshlens::model::{Contract, Product};
use meshlens::synthetic::{GenError, GenOptions, GenProgress, GenSummary, MARKER_FILE, generate};

fn gen_into(out: &Path, products: usize, seed: u64) -> GenSummary {
    let opts = GenOptions {
        products,
        seed,
        out: out.to_path_buf(),
    };
    generate(&opts, &mut |_| {}).expect("generate")
}

/// Every file under `root`, by relative path.
fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(root).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn with_suffix<'a>(
    all: &'a BTreeMap<PathBuf, Vec<u8>>,
    suffix: &'a str,
) -> impl Iterator<Item = (&'a PathBuf, &'a Vec<u8>)> {
    all.iter()
        .filter(move |(p, _)| p.to_string_lossy().ends_with(suffix))
}

#[test]
fn same_seed_writes_byte_identical_files_and_another_seed_does_not() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let summary_a = gen_into(a.path(), 400, 7);
    let summary_b = gen_into(b.path(), 400, 7);
    gen_into(c.path(), 400, 8);
    assert_eq!(summary_a, summary_b);
    let (files_a, files_b) = (files(a.path()), files(b.path()));
    assert_eq!(
        files_a.keys().collect::<Vec<_>>(),
        files_b.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &files_a {
        assert!(
            bytes == &files_b[path],
            "{} differs between runs",
            path.display()
        );
    }
    assert_ne!(files_a, files(c.path()));
}

#[test]
fn counts_and_version_distribution_for_2000_products() {
    let dir = tempfile::tempdir().unwrap();
    let mut last = None;
    let summary = generate(
        &GenOptions {
            products: 2000,
            seed: 1,
            out: dir.path().to_path_buf(),
        },
        &mut |p: GenProgress| last = Some(p),
    )
    .unwrap();
    let all = files(dir.path());
    let products = with_suffix(&all, ".odps.yaml").count();
    let versions = with_suffix(&all, ".odcs.yaml").count();
    let event_files = with_suffix(&all, ".ndjson").count();
    assert_eq!(products, 2000);
    assert_eq!(summary.products, 2000);
    assert_eq!(summary.contract_versions, versions);
    assert_eq!(summary.files, products + versions + event_files);
    assert_eq!(
        summary.bytes,
        all.iter()
            .filter(|(p, _)| !p.ends_with(MARKER_FILE))
            .map(|(_, b)| b.len() as u64)
            .sum::<u64>()
    );
    assert_eq!(
        event_files, 2,
        "the events of 1,000 products go in one file"
    );
    assert_eq!(last.map(|p| p.done == p.total), Some(true));

    let mut per_contract: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for (path, _) in with_suffix(&all, ".odcs.yaml") {
        *per_contract
            .entry(path.parent().unwrap().to_path_buf())
            .or_default() += 1;
    }
    assert_eq!(per_contract.len(), summary.contracts);
    let share = |n: usize| {
        per_contract.values().filter(|&&v| v == n).count() as f64 / per_contract.len() as f64
    };
    assert!((0.55..0.65).contains(&share(1)), "1 version: {}", share(1));
    assert!((0.21..0.29).contains(&share(2)), "2 versions: {}", share(2));
    assert!((0.07..0.13).contains(&share(3)), "3 versions: {}", share(3));
    assert!((0.03..0.07).contains(&share(4)), "4 versions: {}", share(4));
    assert_eq!(share(1) + share(2) + share(3) + share(4), 1.0);
}

struct Mesh {
    products: Vec<Product>,
    contracts: Vec<Contract>,
    events: Vec<serde_json::Value>,
}

fn load(root: &Path) -> Mesh {
    let all = files(root);
    let text = |b: &Vec<u8>| String::from_utf8(b.clone()).unwrap();
    let parse_err = |p: &PathBuf, e: &dyn std::fmt::Display| format!("{}: {e}", p.display());
    Mesh {
        products: with_suffix(&all, ".odps.yaml")
            .map(|(p, b)| {
                serde_norway::from_str(&text(b)).unwrap_or_else(|e| panic!("{}", parse_err(p, &e)))
            })
            .collect(),
        contracts: with_suffix(&all, ".odcs.yaml")
            .map(|(p, b)| {
                serde_norway::from_str(&text(b)).unwrap_or_else(|e| panic!("{}", parse_err(p, &e)))
            })
            .collect(),
        events: with_suffix(&all, ".ndjson")
            .flat_map(|(_, b)| {
                text(b)
                    .lines()
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect::<Vec<_>>()
            })
            .collect(),
    }
}

#[test]
fn every_file_parses_into_the_model_and_lineage_is_a_dag() {
    let dir = tempfile::tempdir().unwrap();
    let summary = gen_into(dir.path(), 2000, 3);
    let mesh = load(dir.path());
    assert_eq!(mesh.products.len(), 2000);
    assert_eq!(mesh.contracts.len(), summary.contract_versions);
    let contract_versions: BTreeSet<(&str, &str)> = mesh
        .contracts
        .iter()
        .map(|c| (c.id.as_str(), c.version.as_str()))
        .collect();
    let owner: BTreeMap<&str, &str> = mesh
        .contracts
        .iter()
        .map(|c| (c.id.as_str(), c.data_product.as_deref().unwrap()))
        .collect();
    for product in &mesh.products {
        assert_eq!(product.api_version, "v1.0.0");
        for input in &product.input_ports {
            let version = input.version.as_deref().unwrap();
            assert!(
                contract_versions.contains(&(input.contract_id.as_str(), version)),
                "{} {version}",
                input.contract_id
            );
        }
    }
    assert_acyclic(&mesh.products, &owner);
    let max_fan_out = mesh
        .products
        .iter()
        .map(|p| p.input_ports.len())
        .max()
        .unwrap();
    assert_eq!(max_fan_out, 500);
    let mut fan_in: BTreeMap<&str, usize> = BTreeMap::new();
    for input in mesh.products.iter().flat_map(|p| &p.input_ports) {
        *fan_in.entry(owner[input.contract_id.as_str()]).or_default() += 1;
    }
    assert!(
        *fan_in.values().max().unwrap() > 60,
        "max fan-in {:?}",
        fan_in.values().max()
    );
}

/// Kahn's algorithm over product → upstream product edges.
fn assert_acyclic(products: &[Product], owner: &BTreeMap<&str, &str>) {
    let mut upstreams: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for product in products {
        let ups = product
            .input_ports
            .iter()
            .map(|i| owner[i.contract_id.as_str()])
            .collect();
        upstreams.insert(product.id.as_str(), ups);
    }
    let mut done: BTreeSet<&str> = BTreeSet::new();
    loop {
        let ready: Vec<&str> = upstreams
            .iter()
            .filter(|(id, ups)| !done.contains(*id) && ups.iter().all(|u| done.contains(u)))
            .map(|(id, _)| *id)
            .collect();
        if ready.is_empty() {
            break;
        }
        done.extend(ready);
    }
    assert_eq!(done.len(), products.len(), "lineage has a cycle");
}

#[test]
fn names_and_tags_are_skewed_and_ids_unique() {
    let dir = tempfile::tempdir().unwrap();
    gen_into(dir.path(), 2000, 5);
    let mesh = load(dir.path());
    let ids: BTreeSet<&str> = mesh.products.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), 2000);
    let names: BTreeSet<&str> = mesh.products.iter().map(|p| p.name.as_str()).collect();
    assert!(names.len() > 1900, "only {} distinct names", names.len());
    let mut tag_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for tag in mesh.products.iter().flat_map(|p| &p.tags) {
        *tag_counts.entry(tag.as_str()).or_default() += 1;
    }
    let mut counts: Vec<usize> = tag_counts.into_values().collect();
    counts.sort_unstable();
    assert!(
        counts[counts.len() - 1] > 8 * counts[counts.len() / 2],
        "{counts:?}"
    );
    let columns: Vec<usize> = mesh
        .contracts
        .iter()
        .map(|c| c.schema[0].properties.len())
        .collect();
    assert!(columns.iter().all(|n| (3..=70).contains(n)));
}

#[test]
fn lineage_events_follow_openlineage() {
    let dir = tempfile::tempdir().unwrap();
    let summary = gen_into(dir.path(), 600, 2);
    let mesh = load(dir.path());
    assert_eq!(mesh.events.len(), summary.events);
    assert_eq!(summary.events, 1200);
    let count = |t: &str| mesh.events.iter().filter(|e| e["eventType"] == t).count();
    assert_eq!(count("START"), 600);
    assert_eq!(count("COMPLETE") + count("FAIL"), 600);
    assert!(
        (5..60).contains(&count("FAIL")),
        "{} failed runs",
        count("FAIL")
    );
    for event in &mesh.events {
        assert!(event["eventTime"].as_str().unwrap().starts_with("2026-1"));
        assert!(
            event["schemaURL"]
                .as_str()
                .unwrap()
                .ends_with("#/$defs/RunEvent")
        );
        assert_eq!(event["run"]["runId"].as_str().unwrap().len(), 36);
    }
    let datasets: Vec<&serde_json::Value> = mesh
        .events
        .iter()
        .flat_map(|e| {
            e["outputs"]
                .as_array()
                .unwrap()
                .iter()
                .chain(e["inputs"].as_array().unwrap())
        })
        .collect();
    let postgres = datasets
        .iter()
        .find(|d| d["namespace"].as_str().unwrap().starts_with("postgres://"))
        .unwrap();
    assert!(postgres["namespace"].as_str().unwrap().ends_with(":5432"));
    assert_eq!(postgres["name"].as_str().unwrap().split('.').count(), 3);
    let assertions: Vec<bool> = datasets
        .iter()
        .flat_map(|d| {
            d["facets"]["dataQualityAssertions"]["assertions"]
                .as_array()
                .into_iter()
                .flatten()
        })
        .map(|a| a["success"].as_bool().unwrap())
        .collect();
    assert!(assertions.iter().filter(|s| **s).count() > 100);
    assert!(assertions.iter().any(|s| !s), "no failing assertion");
}

#[test]
fn refuses_a_foreign_directory_and_replaces_its_own_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let opts = GenOptions {
        products: 10,
        seed: 1,
        out: dir.path().to_path_buf(),
    };
    let err = generate(&opts, &mut |_| {}).unwrap_err();
    assert!(
        matches!(&err, GenError::ForeignDirectory(p) if p == dir.path()),
        "{err}"
    );
    assert!(err.to_string().contains(".meshlens-gen"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(files(dir.path()).len(), 1);

    let own = dir.path().join("mesh");
    gen_into(&own, 300, 1);
    gen_into(&own, 50, 1);
    let fresh = tempfile::tempdir().unwrap();
    gen_into(fresh.path(), 50, 1);
    assert_eq!(
        files(&own),
        files(fresh.path()),
        "a rerun leaves stale files behind"
    );
}

#[test]
fn refuses_a_file_as_output() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mesh");
    std::fs::write(&file, "x").unwrap();
    let err = generate(
        &GenOptions {
            products: 1,
            seed: 1,
            out: file.clone(),
        },
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(err, GenError::NotADirectory(p) if p == file));
}

/// `cargo test --release --test synthetic_gen -- --ignored --nocapture`
#[test]
#[ignore = "timing run: 10k and 100k products"]
fn timing_10k_and_100k() {
    for products in [10_000, 100_000] {
        let dir = tempfile::tempdir().unwrap();
        let started = std::time::Instant::now();
        let summary = gen_into(dir.path(), products, 1);
        println!(
            "{products} products: {:.1?}, {summary:?}",
            started.elapsed()
        );
    }
}
