//! The API key stays with its server: a catalogue on 127.0.0.1 that
//! redirects, or links a next page, to another port or host, and an access
//! request answered with a 307 elsewhere. A second server on 127.0.0.1 plays
//! the other host and records what reaches it: nothing may, and the cache
//! keeps what it held.

#[path = "support/entropy_client.rs"]
mod entropy_client;
#[path = "support/entropy_server.rs"]
mod entropy_server;
mod support;

use std::os::unix::fs::PermissionsExt;

use entropy_client::{ACCESS_REQUEST, seed_for_access};
use entropy_server::{EntropyServer, Fault};
use support::{Env, Run};

const KEY: &str = "origin-bound-key-never-forwarded-5d2e";

/// A cache synced once from `server` (which wants the key), configured
/// with the key in a private file.
fn synced(server: &EntropyServer) -> Env {
    server.require_api_key(Some(KEY));
    seed_for_access(server);
    let env = Env::new();
    let key = env.write("secrets/key", &format!("{KEY}\n"));
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    env.write(
        "config.toml",
        &format!(
            "[me]\nuser = \"ada@example.com\"\nteam = \"finance\"\n\n[[source]]\nname = \"mesh\"\n\
             kind = \"entropy-data\"\nurl = \"{}\"\napi_key_file = \"{}\"\n",
            server.url(),
            key.display()
        ),
    );
    let run = env.run(&["sync"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    env
}

fn run(env: &Env, args: &[&str]) -> Run {
    let run = env.run(args);
    for text in [&run.stdout, &run.stderr] {
        assert!(!text.contains(KEY), "the API key was printed: {text}");
    }
    run
}

/// Generation and product count: what the cache holds, in two numbers.
fn cache_state(env: &Env) -> (u64, u64) {
    let info = env.json(&["info"]);
    (
        info["generation"].as_u64().unwrap(),
        info["counts"]["products"].as_u64().unwrap(),
    )
}

fn port_of(server: &EntropyServer) -> String {
    server.url().rsplit(':').next().unwrap().to_owned()
}

/// A full sync whose product listing is answered with `fault`: the
/// message, with the cache and the other host checked.
fn full_sync_refused(fault: impl FnOnce(&EntropyServer) -> Fault) -> (String, EntropyServer) {
    let server = EntropyServer::start();
    let other = EntropyServer::start();
    let env = synced(&server);
    let before = cache_state(&env);
    server.inject("/api/dataproducts", fault(&other), 1);
    let sync = run(&env, &["sync", "--full"]);
    assert_eq!(sync.code, 2, "{}{}", sync.stdout, sync.stderr);
    assert!(
        other.requests().is_empty(),
        "the other host was reached: {:?}",
        other.requests()
    );
    assert_eq!(cache_state(&env), before, "the cache changed");
    (format!("{}{}", sync.stdout, sync.stderr), server)
}

#[test]
fn a_redirect_to_another_port_is_refused_before_anything_is_sent_there() {
    let mut other_port = String::new();
    let (message, server) = full_sync_refused(|other| {
        other_port = port_of(other);
        Fault::Redirect {
            status: 302,
            location: format!("{}/api/dataproducts", other.url()),
        }
    });
    let expected = format!(
        "redirected to http://127.0.0.1:{other_port}, another server than {}; not followed, \
         so the API key and the request stay with {}",
        server.url(),
        server.url()
    );
    assert!(message.contains(&expected), "{message}");
    assert!(message.contains("/api/dataproducts"), "{message}");
}

#[test]
fn a_redirect_to_localhost_is_another_host() {
    let mut other_port = String::new();
    let (message, _server) = full_sync_refused(|other| {
        other_port = port_of(other);
        Fault::Redirect {
            status: 307,
            location: format!("http://localhost:{other_port}/api/dataproducts"),
        }
    });
    assert!(
        message.contains(&format!("redirected to http://localhost:{other_port}")),
        "{message}"
    );
}

#[test]
fn a_next_page_on_another_server_is_not_requested() {
    let mut target = String::new();
    let (message, server) = full_sync_refused(|other| {
        target = format!("{}/api/dataproducts?p=1", other.url());
        Fault::NextLinkTo(target.clone())
    });
    let expected = format!(
        "{} handed out {target}, which is on another server; not requested",
        server.url()
    );
    assert!(message.contains(&expected), "{message}");
}

#[test]
fn a_redirect_within_the_server_is_followed_with_the_key() {
    let server = EntropyServer::start();
    let env = synced(&server);
    server.put_product(entropy_client::product(
        "new-one",
        "sales",
        "orders-contract",
    ));
    server.inject(
        "/api/dataproducts",
        Fault::Redirect {
            status: 302,
            location: format!("{}/api/dataproducts?p=0", server.url()),
        },
        1,
    );
    let sync = run(&env, &["sync", "--full"]);
    assert_eq!(sync.code, 0, "{}{}", sync.stdout, sync.stderr);
    assert_eq!(cache_state(&env).1, 4);
}

#[test]
fn an_access_request_redirected_elsewhere_stays_queued_and_reaches_no_one_else() {
    let server = EntropyServer::start();
    let other = EntropyServer::start();
    let env = synced(&server);
    server.inject(
        "/api/access/",
        Fault::Redirect {
            status: 307,
            location: format!("{}/api/access/stolen", other.url()),
        },
        1,
    );
    let request = run(&env, &ACCESS_REQUEST);
    assert_eq!(request.code, 0, "{}{}", request.stdout, request.stderr);
    assert!(other.requests().is_empty(), "{:?}", other.requests());
    assert!(
        request.stdout.contains("queued") && request.stdout.contains("another server than"),
        "{}",
        request.stdout
    );
    let list = env.json(&["access", "list"]);
    let requests = list.as_array().unwrap();
    assert_eq!(requests.len(), 1, "{list}");
    assert_eq!(requests[0]["status"], "queued");
    // The server fixed: the next sync sends it, to the configured server.
    let sync = run(&env, &["sync"]);
    assert_eq!(sync.code, 0, "{}{}", sync.stdout, sync.stderr);
    assert_eq!(env.json(&["access", "list"])[0]["status"], "requested");
    assert!(other.requests().is_empty());
}
