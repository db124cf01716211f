//! A damaged cache has a way back: SQLite's complaint names it, `info`
//! reports the integrity check, and the cache is moved aside (kept, named)
//! and built anew, by the next command for a file that no longer opens, by
//! `sync` for one damaged mid-file. Access requests live in their own file
//! and survive.

mod support;

use std::path::{Path, PathBuf};

use support::Env;

fn cache_file(env: &Env) -> PathBuf {
    PathBuf::from(env.json(&["info"])["cache_file"].as_str().unwrap())
}

fn damaged_copies(cache: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cache.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.starts_with("catalogue.sqlite.damaged-")
                && !n.ends_with("-wal")
                && !n.ends_with("-shm")
        })
        .collect();
    names.sort();
    names
}

/// 64 KiB of noise in the middle of the file (a deterministic pattern).
fn garble_middle(path: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let size = std::fs::metadata(path).unwrap().len();
    let mut file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.seek(SeekFrom::Start(size / 2)).unwrap();
    let noise: Vec<u8> = (0..65_536u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    file.write_all(&noise).unwrap();
}

#[test]
fn a_truncated_cache_is_moved_aside_and_rebuilt_by_the_next_command() {
    let env = Env::new();
    assert_eq!(env.run(&["sync"]).code, 0);
    let cache = cache_file(&env);
    std::fs::OpenOptions::new()
        .write(true)
        .open(&cache)
        .unwrap()
        .set_len(100_000)
        .unwrap();
    let search = env.run(&["search", "orders"]);
    assert_eq!(search.code, 0, "{}{}", search.stdout, search.stderr);
    assert!(
        search.stdout.contains("18 of 18 matches"),
        "{}",
        search.stdout
    );
    let aside = damaged_copies(&cache);
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(
        search.stderr.contains(&format!(
            "meshlens: the cache {} was damaged (cache database error: database disk image is malformed); moved aside to {}",
            cache.display(),
            cache.with_file_name(&aside[0]).display()
        )),
        "{}",
        search.stderr
    );
}

#[test]
fn a_cache_damaged_mid_file_is_reported_by_info_and_rebuilt_by_sync() {
    let env = Env::new();
    assert_eq!(env.run(&["sync"]).code, 0);
    let request = env.run(&[
        "access",
        "request",
        "sales-orders-cleansed",
        "--port",
        "orders-cleansed",
        "--purpose",
        "reconciliation",
        "--consumer",
        "team:finance controlling",
    ]);
    assert_eq!(request.code, 0, "{}{}", request.stdout, request.stderr);
    let cache = cache_file(&env);
    garble_middle(&cache);
    let info = env.run(&["info"]);
    assert!(
        info.stdout.contains("integrity:   damaged (")
            && info
                .stdout
                .contains("`meshlens sync` moves it aside and builds a new one"),
        "{}{}",
        info.stdout,
        info.stderr
    );
    // A command that reads every record meets the damage.
    let impact = env.run(&["impact", "sales-orders-cleansed"]);
    assert_eq!(impact.code, 2, "{}{}", impact.stdout, impact.stderr);
    assert!(
        impact.stderr.contains("database disk image is malformed")
            && impact
                .stderr
                .contains("the cache is damaged; `meshlens sync` moves it aside"),
        "{}",
        impact.stderr
    );
    let sync = env.run(&["sync"]);
    assert_eq!(sync.code, 0, "{}{}", sync.stdout, sync.stderr);
    assert!(sync.stderr.contains("moved aside to"), "{}", sync.stderr);
    assert_eq!(damaged_copies(&cache).len(), 1);
    assert!(env.run(&["info"]).stdout.contains("integrity:   ok"));
    assert_eq!(env.run(&["health"]).code, 1, "health reads the new cache");
    // The request typed before is still there.
    assert_eq!(env.json(&["access", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn a_record_that_cannot_be_decoded_is_named_and_skipped() {
    let env = Env::new();
    assert_eq!(env.run(&["sync"]).code, 0);
    let breaches = |env: &Env| env.json(&["health"])["breaches"].as_array().unwrap().len();
    let before = breaches(&env);
    let cache = cache_file(&env);
    let conn = rusqlite::Connection::open(&cache).unwrap();
    // The zstd magic, then nothing a decoder can use.
    conn.execute(
        "UPDATE products SET json = X'28B52FFD00000000' WHERE id = 'sales-orders-cleansed'",
        [],
    )
    .unwrap();
    // Health reads the state derived at sync, which the damage missed.
    let health = env.run(&["health"]);
    assert_eq!(health.stderr, "", "{}", health.stdout);
    assert_eq!(breaches(&env), before);
    // Derived again (as after the next sync), the record is met.
    conn.execute("DELETE FROM meta WHERE key = 'derived_generation'", [])
        .unwrap();
    drop(conn);
    let health = env.run(&["health"]);
    assert!(
        matches!(health.code, 0 | 1),
        "{}{}",
        health.stdout,
        health.stderr
    );
    assert!(
        health.stderr.contains(
            "meshlens: warning: 1 cached record(s) could not be read and were left out; \
             `meshlens sync --full` rewrites them:\n  product `sales-orders-cleansed`: "
        ),
        "{}",
        health.stderr
    );
    let show = env.run(&["show", "sales-orders-cleansed"]);
    assert_eq!(show.code, 2);
    assert!(
        show.stderr
            .contains("the cached product `sales-orders-cleansed` cannot be read ("),
        "{}",
        show.stderr
    );
    assert_eq!(env.run(&["sync", "--full"]).code, 0);
    assert_eq!(breaches(&env), before);
    assert!(env.run(&["health"]).stderr.is_empty());
}
