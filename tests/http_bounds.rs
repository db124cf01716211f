//! A catalogue server that streams a 1 GB answer: refused once past the
//! bound (64 MB by default), with bounded memory. Alone in its own test
//! binary, so that the process's peak resident size (VmHWM in
//! /proc/self/status) is this test's.

#[path = "support/entropy_client.rs"]
mod entropy_client;
#[path = "support/entropy_server.rs"]
mod entropy_server;

use entropy_client::{failure_message, seeded_and_synced, snapshot, sync_with_settings};
use entropy_server::Fault;
use meshlens::http::HttpSettings;

/// The peak resident size of this process so far, in MB.
fn peak_rss_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .unwrap();
    let kb: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap();
    kb / 1024
}

#[test]
fn a_streamed_gigabyte_is_refused_with_bounded_memory() {
    let (server, _dir, mut store, _) = seeded_and_synced();
    let before = snapshot(&store);
    server.inject(
        "/api/dataproducts",
        Fault::Huge {
            bytes: 1 << 30,
            announced: false,
        },
        1,
    );
    let settings = HttpSettings {
        read_timeout: std::time::Duration::from_secs(10),
        total_timeout: std::time::Duration::from_secs(60),
        ..HttpSettings::default()
    };
    let report = sync_with_settings(&mut store, &server.url(), settings);
    let message = failure_message(&report);
    assert!(
        message.ends_with(
            "/api/dataproducts answered more than 64 MB (the source's max_response_mb); \
             stopped reading it"
        ),
        "{message}"
    );
    assert_eq!(snapshot(&store), before);
    let peak = peak_rss_mb();
    eprintln!("peak resident size after refusing a streamed 1 GB answer: {peak} MB");
    assert!(peak < 300, "peak resident size {peak} MB for a 64 MB bound");
}
