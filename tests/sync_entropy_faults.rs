//! A catalogue server that misbehaves: for each fault, what the user is told,
//! what the cache holds afterwards, and that the sync ends (no hang).

#[path = "support/entropy_client.rs"]
mod entropy_client;
#[path = "support/entropy_server.rs"]
mod entropy_server;

use std::time::{Duration, Instant};

use entropy_client::*;
use entropy_server::{EntropyServer, Fault};
use meshlens::http::HttpSettings;
use meshlens::sources::sync::SyncReport;
use meshlens::store::Store;
use serde_json::Value;

/// A server with the seed catalogue, a cache synced from it once, and
/// what the cache held then.
fn synced() -> (EntropyServer, tempfile::TempDir, Store, Value) {
    let (server, dir, store, _) = seeded_and_synced();
    let before = snapshot(&store);
    (server, dir, store, before)
}

fn failure(report: &SyncReport) -> String {
    assert_eq!(report.failures.len(), 1, "{report:?}");
    report.failures[0].message.clone()
}

/// A fault on the products listing during a full sync (`--full`): the
/// message, and the cache exactly as it was.
fn full_sync_with(fault: Fault, times: usize) -> (String, bool, Value, Value) {
    let (server, _dir, mut store, before) = synced();
    server.put_product(product("new-one", "sales", "orders-contract"));
    server.inject("/api/dataproducts", fault, times);
    let options = meshlens::sources::sync::SyncOptions {
        full: true,
        ..Default::default()
    };
    let report = sync_with(&mut store, &server.url(), options);
    let message = failure(&report);
    (
        message,
        report.failures[0].offline,
        before,
        snapshot(&store),
    )
}

#[test]
fn a_server_error_that_persists_fails_the_sync_and_changes_nothing() {
    let (message, offline, before, after) = full_sync_with(Fault::Status(500), 100);
    assert!(
        message.contains("answered 500 Internal Server Error (4 attempts)"),
        "{message}"
    );
    assert!(message.contains("/api/dataproducts"), "{message}");
    assert!(!offline);
    assert_eq!(after, before);
}

#[test]
fn a_passing_server_error_is_retried() {
    let (server, _dir, mut store, _) = synced();
    server.put_product(product("new-one", "sales", "orders-contract"));
    server.inject("/api/dataproducts", Fault::Status(503), 2);
    let report = sync(&mut store, &server.url());
    assert!(report.failures.is_empty(), "{report:?}");
    assert!(product_ids(&store).contains(&"new-one".to_owned()));
}

#[test]
fn too_many_requests_waits_what_retry_after_says_then_succeeds() {
    let (server, _dir, mut store, _) = synced();
    server.put_product(product("new-one", "sales", "orders-contract"));
    server.inject(
        "/api/events",
        Fault::TooManyRequests {
            retry_after_secs: 1,
        },
        1,
    );
    let started = Instant::now();
    let report = sync(&mut store, &server.url());
    assert!(report.failures.is_empty(), "{report:?}");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was not honoured"
    );
    assert!(product_ids(&store).contains(&"new-one".to_owned()));
    let feed_requests = server
        .requests()
        .iter()
        .filter(|r| r.path_and_query.starts_with("/api/events"))
        .count();
    assert!(feed_requests >= 2, "the 429 was retried");
}

#[test]
fn a_server_slower_than_the_timeout_is_reported_as_unreachable() {
    let (message, offline, before, after) =
        full_sync_with(Fault::Delay(Duration::from_secs(3)), 100);
    assert!(
        message.contains("/api/dataproducts sent nothing for 0.4s (4 attempts)"),
        "{message}"
    );
    assert!(offline, "a timeout counts as offline");
    assert_eq!(after, before);
}

#[test]
fn a_truncated_body_fails_the_sync_and_changes_nothing() {
    let (message, _, before, after) = full_sync_with(Fault::Truncated, 100);
    assert!(message.contains("the answer from"), "{message}");
    assert!(message.contains("broke off"), "{message}");
    assert_eq!(after, before);
}

#[test]
fn invalid_json_names_the_url_line_and_column() {
    let (message, _, before, after) = full_sync_with(Fault::InvalidJson, 100);
    assert!(
        message.contains("/api/dataproducts did not answer valid JSON (line 1, column"),
        "{message}"
    );
    assert_eq!(after, before);
}

#[test]
fn a_page_chain_that_never_ends_stops_at_the_first_empty_page() {
    let server = EntropyServer::start();
    server.set_page_size(2);
    seed(&server);
    server.inject("/api/dataproducts", Fault::EndlessPages, 1000);
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let report = sync(&mut store, &server.url());
    assert!(report.failures.is_empty(), "{report:?}");
    assert_eq!(product_ids(&store), ["customers", "orders", "shipments"]);
    let product_pages = server
        .requests()
        .iter()
        .filter(|r| {
            r.path_and_query.starts_with("/api/dataproducts?")
                || r.path_and_query == "/api/dataproducts"
        })
        .count();
    assert_eq!(
        product_pages, 3,
        "two pages of products, then the empty page"
    );
}

#[test]
fn a_refused_key_says_which_setting_to_check_and_changes_nothing() {
    let (server, _dir, mut store, before) = synced();
    server.require_api_key(Some("another-key"));
    let report = sync(&mut store, &server.url());
    let message = failure(&report);
    assert!(
        message.contains("refused the API key (401 Unauthorized)"),
        "{message}"
    );
    assert!(message.contains("api_key_env or api_key_file"), "{message}");
    assert_eq!(snapshot(&store), before);
    let state = store.sources().unwrap().remove(0);
    assert!(
        matches!(
            state.outcome,
            Some(meshlens::store::SourceOutcome::Failed { .. })
        ),
        "{state:?}"
    );
    assert!(
        state.last_ok_at.is_some(),
        "the last good sync is remembered"
    );
}

#[test]
fn a_server_that_is_down_is_offline_and_the_cache_stays() {
    let (server, _dir, mut store, before) = synced();
    let url = server.url();
    drop(server);
    let report = sync(&mut store, &url);
    let message = failure(&report);
    assert!(
        message.starts_with(&format!("cannot reach {url}/api/events")),
        "{message}"
    );
    assert!(report.failures[0].offline);
    assert_eq!(snapshot(&store), before);
}

#[test]
fn a_failing_server_does_not_stop_a_folder_source_from_syncing() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("mesh");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("p.yaml"),
        "apiVersion: v1.0.0\nkind: DataProduct\nid: local-product\nname: Local\nstatus: active\n",
    )
    .unwrap();
    let mut store = open(dir.path());
    let sources = vec![
        source("http://127.0.0.1:9"),
        Box::new(meshlens::sources::DirSource::new("folder", &folder)) as Box<_>,
    ];
    let report = meshlens::sources::sync::sync_sources(&mut store, &sources, &mut |_| {}).unwrap();
    assert_eq!(report.failures.len(), 1);
    assert_eq!(report.sources.len(), 1);
    assert_eq!(product_ids(&store), ["local-product"]);
}

/// A full sync with `settings` while the product listing is answered with
/// `fault`: the failure message, and the cache exactly as it was.
fn full_sync_with_settings(fault: Fault, settings: HttpSettings) -> (String, Value, Value) {
    let (server, _dir, mut store, before) = synced();
    server.put_product(product("new-one", "sales", "orders-contract"));
    server.inject("/api/dataproducts", fault, 1);
    let report = sync_with_settings(&mut store, &server.url(), settings);
    server.release();
    (failure(&report), before, snapshot(&store))
}

#[test]
fn a_page_that_links_back_names_the_page_where_the_loop_closed() {
    let server = EntropyServer::start();
    server.set_page_size(1);
    seed(&server);
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    server.inject("/api/dataproducts", Fault::Pass, 2);
    let back = format!("{}/api/dataproducts?p=1", server.url());
    server.inject("/api/dataproducts", Fault::NextLinkTo(back), 1);
    let report = sync(&mut store, &server.url());
    assert_eq!(
        failure(&report),
        format!(
            "page 3 of the listing ({}/api/dataproducts?p=2) links back to page 2; stopped \
             (the server's paging loops)",
            server.url()
        )
    );
    assert!(product_ids(&store).is_empty());
}

#[test]
fn a_page_that_only_repeats_earlier_items_stops_the_listing() {
    let (server, _dir, mut store, before) = synced();
    let again = format!("{}/api/dataproducts?p=0&again=1", server.url());
    server.inject("/api/dataproducts", Fault::NextLinkTo(again.clone()), 1);
    let report = sync_with(
        &mut store,
        &server.url(),
        meshlens::sources::sync::SyncOptions {
            full: true,
            ..Default::default()
        },
    );
    assert_eq!(
        failure(&report),
        format!(
            "page 2 of the listing ({again}) only repeats items of earlier pages; stopped \
             (the server's paging is broken)"
        )
    );
    assert_eq!(snapshot(&store), before);
}

#[test]
fn an_answer_larger_than_the_bound_is_refused_while_streaming() {
    for announced in [false, true] {
        let settings = HttpSettings {
            max_response: 256 * 1024,
            ..entropy_client::settings()
        };
        let fault = Fault::Huge {
            bytes: 4 << 20,
            announced,
        };
        let (message, before, after) = full_sync_with_settings(fault, settings);
        assert!(
            message.ends_with(
                "/api/dataproducts answered more than 262144 bytes (the source's \
                 max_response_mb); stopped reading it"
            ),
            "{message}"
        );
        assert_eq!(after, before);
    }
}

#[test]
fn a_trickling_answer_stops_at_the_total_timeout_without_retries() {
    let settings = HttpSettings {
        total_timeout: Duration::from_secs(1),
        ..entropy_client::settings()
    };
    let fault = Fault::Trickle {
        bytes: 100,
        every: Duration::from_millis(100),
    };
    let (message, before, after) = full_sync_with_settings(fault, settings);
    assert!(
        message
            .ends_with("/api/dataproducts was still sending its answer after 1s; stopped waiting"),
        "{message}"
    );
    assert_eq!(after, before);
}

#[test]
fn a_sync_past_its_deadline_stops_and_says_so() {
    let settings = HttpSettings {
        sync_timeout: Duration::from_secs(1),
        read_timeout: Duration::from_secs(5),
        ..entropy_client::settings()
    };
    let (message, before, after) = full_sync_with_settings(Fault::Hold, settings);
    assert!(
        message.starts_with(
            "the sync of this source did not finish within 1s (its sync_timeout); stopped before http://127.0.0.1:"
        ),
        "{message}"
    );
    assert!(message.ends_with("/api/dataproducts"), "{message}");
    assert_eq!(after, before);
}
