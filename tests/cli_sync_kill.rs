//! `kill -9` during a sync leaves the previous catalogue whole, and the next
//! sync completes.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use support::{Env, product_yaml};

fn wal_len(cache: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(cache) else {
        return 0;
    };
    for entry in entries.flatten() {
        let wal = entry.path().join("catalogue.sqlite-wal");
        if let Ok(meta) = std::fs::metadata(&wal) {
            return meta.len();
        }
    }
    0
}

#[test]
fn a_sync_killed_part_way_changes_nothing() {
    let env = Env::new();
    let mesh = env.path("mesh");
    env.cmd()
        .args(["gen", "--products", "3000", "--seed", "5", "--out"])
        .arg(&mesh)
        .assert()
        .success();
    let catalog = ["--catalog", mesh.to_str().unwrap()];
    env.cmd().args(catalog).arg("sync").assert().success();
    let before = env.json(&[&catalog[..], &["info"]].concat());
    assert_eq!(before["counts"]["products"], 3000);

    env.write(
        "mesh/zz-extra/new.odps.yaml",
        &product_yaml("zz-new-product", "Brand New", "sales"),
    );
    let wal_before = wal_len(&env.cache());
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("meshlens"))
        .env("MESHLENS_CACHE_DIR", env.cache())
        .env("MESHLENS_CONFIG", env.path("config.toml"))
        .args(catalog)
        .arg("sync")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once it is writing: the write-ahead log grows.
    let started = Instant::now();
    while wal_len(&env.cache()) == wal_before && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "the sync finished before it could be killed; make the mesh larger"
    );

    let after = env.json(&[&catalog[..], &["info"]].concat());
    assert_eq!(after["generation"], before["generation"], "{after:#}");
    assert_eq!(after["counts"], before["counts"], "{after:#}");
    let found = env.json(&[&catalog[..], &["show", "zz-new-product"]].concat());
    assert_eq!(
        found["kind"],
        serde_json::Value::Null,
        "half a sync must not be visible"
    );

    env.cmd().args(catalog).arg("sync").assert().success();
    let synced = env.json(&[&catalog[..], &["info"]].concat());
    assert_eq!(synced["counts"]["products"], 3001);
}
