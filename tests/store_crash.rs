//! A sync killed mid-transaction (the process aborts, no destructor runs)
//! leaves the previous catalogue and generation intact.

use std::path::Path;
use std::process::Command;

use meshlens::model::{Product, Record};
use meshlens::store::{SourceOutcome, Store};

const CRASH_DB: &str = "MESHLENS_TEST_CRASH_DB";

fn product(id: &str) -> Record {
    Record::Product(Box::new(Product {
        id: id.into(),
        name: id.to_uppercase(),
        ..Product::default()
    }))
}

fn sync(path: &Path, ids: &[String], abort_before_commit: bool) {
    let mut store = Store::open(path).unwrap();
    let mut tx = store.begin_sync().unwrap();
    tx.replace_source("dir", "dir", "/catalog").unwrap();
    for id in ids {
        tx.put("dir", &product(id)).unwrap();
    }
    tx.finish_source("dir", SourceOutcome::Ok).unwrap();
    if abort_before_commit {
        std::process::abort();
    }
    tx.commit().unwrap();
}

/// Runs only inside the child process spawned by the test below.
#[test]
fn crash_child() {
    if let Ok(path) = std::env::var(CRASH_DB) {
        let ids: Vec<String> = (0..5000).map(|n| format!("new-{n}")).collect();
        sync(Path::new(&path), &ids, true);
    }
}

#[test]
fn an_aborted_sync_process_leaves_the_previous_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    sync(&path, &["old-1".to_owned(), "old-2".to_owned()], false);

    let status = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "crash_child", "--test-threads=1"])
        .env(CRASH_DB, &path)
        .status()
        .unwrap();
    assert!(!status.success(), "the child should have aborted");

    let store = Store::open(&path).unwrap();
    assert_eq!(store.generation().unwrap(), 1);
    let mut ids = Vec::new();
    store
        .for_each_product(|_, product| ids.push(product.id.clone()))
        .unwrap();
    assert_eq!(ids, vec!["old-1", "old-2"]);
    assert_eq!(store.counts().unwrap().products, 2);
}
