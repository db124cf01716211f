//! `meshlens validate` against the official verdicts: every ODCS and ODPS
//! file in ../shared/real-world, checked by the official JSON schema of the
//! version it declares (fixtures/real-world-verdicts.tsv, made by
//! scripts/derive-verdicts.py). Where meshlens differs today is listed in
//! fixtures/real-world-verdicts-known-differences.txt with the reason; the
//! test fails on any other difference, and on a listed one that is gone (so
//! the list only shrinks). Skipped, saying so, when ../shared is absent.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// (path, verdict) rows of the table.
fn expected() -> Vec<(String, String)> {
    let table = std::fs::read_to_string(repo("fixtures/real-world-verdicts.tsv")).unwrap();
    table
        .lines()
        .filter(|line| !line.starts_with('#'))
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            (cells[0].to_owned(), cells[4].to_owned())
        })
        .collect()
}

fn known_differences() -> BTreeSet<String> {
    std::fs::read_to_string(repo("fixtures/real-world-verdicts-known-differences.txt"))
        .unwrap()
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            line.split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

#[test]
fn validate_agrees_with_the_official_schemas_of_each_declared_version() {
    let real = repo("../shared/real-world");
    if !real.is_dir() {
        eprintln!("skipped: ../shared/real-world is absent");
        return;
    }
    // The official schema of every version, read where they are (never
    // copied into the project), as a user would give them with --schemas.
    let mut schemas = meshlens::standards::validate::Schemas::bundled();
    for folder in ["odcs-standard/schema", "odps-standard/schema"] {
        schemas.add_folder(&real.join(folder)).unwrap();
    }
    let mut differences = BTreeSet::new();
    let rows = expected();
    assert!(rows.len() > 100, "the table has {} rows", rows.len());
    for (path, verdict) in &rows {
        let report =
            meshlens::standards::validate::validate_paths_with(&[real.join(path)], &schemas);
        let ours = if report.is_valid() {
            "valid"
        } else {
            "invalid"
        };
        if ours != verdict {
            differences.insert(path.clone());
        }
    }
    let known = known_differences();
    let new: Vec<&String> = differences.difference(&known).collect();
    let gone: Vec<&String> = known.difference(&differences).collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "new differences from the official verdicts: {new:#?}\n\
         listed differences that are gone (remove them from the list): {gone:#?}"
    );
}
