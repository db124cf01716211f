//! A sync never blocks other writers: while one `meshlens sync` is held up
//! by a slow server, an access request is queued (and sent) at once, and a
//! second sync says whom it waits for, then runs when the first ends.
//! Neither ever sees "database is locked".

#[path = "support/entropy_client.rs"]
mod entropy_client;
#[path = "support/entropy_server.rs"]
mod entropy_server;
mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use entropy_client::{ACCESS_REQUEST, seed_for_access};
use entropy_server::{EntropyServer, Fault};
use support::Env;

fn configure(env: &Env, url: &str) {
    env.write(
        "config.toml",
        &format!(
            "[me]\nuser = \"ada@example.com\"\nteam = \"finance\"\n\n[[source]]\nname = \"mesh\"\n\
             kind = \"entropy-data\"\nurl = \"{url}\"\n"
        ),
    );
}

/// `meshlens ARGS` started in the background, with this env's cache.
fn spawn(env: &Env, args: &[&str]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("meshlens"))
        .args(args)
        .env("MESHLENS_CACHE_DIR", env.cache())
        .env("MESHLENS_CONFIG", env.path("config.toml"))
        .env("NO_COLOR", "1")
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits (at most a minute) until the server has seen a request to `path`.
fn wait_for_request(server: &EntropyServer, path: &str) {
    let start = Instant::now();
    while !server
        .requests()
        .iter()
        .any(|r| r.path_and_query.starts_with(path))
    {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no request to {path}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn finish(child: Child) -> (i32, String) {
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// A synced cache, then a full sync held at the product listing.
fn sync_held_at_the_listing() -> (EntropyServer, Env, Child) {
    let server = EntropyServer::start();
    seed_for_access(&server);
    let env = Env::new();
    configure(&env, &server.url());
    let first = env.run(&["sync"]);
    assert_eq!(first.code, 0, "{}{}", first.stdout, first.stderr);
    server.reset_log();
    server.inject("/api/dataproducts", Fault::Hold, 1);
    let held = spawn(&env, &["sync", "--full"]);
    wait_for_request(&server, "/api/dataproducts");
    (server, env, held)
}

#[test]
fn an_access_request_during_a_sync_is_queued_and_sent_at_once() {
    let (server, env, mut held) = sync_held_at_the_listing();
    let request = env.run(&ACCESS_REQUEST);
    // The sync is still held: the request did not wait for it.
    assert!(
        held.try_wait().unwrap().is_none(),
        "the sync ended before the request"
    );
    assert_eq!(request.code, 0, "{}{}", request.stdout, request.stderr);
    assert!(
        request.stdout.contains("sent to `mesh`, requested"),
        "{}",
        request.stdout
    );
    let sent: Vec<String> = server
        .access_ids()
        .into_iter()
        .filter(|id| id != "req-1")
        .collect();
    assert_eq!(sent.len(), 1, "{sent:?}");
    server.release();
    let (code, text) = finish(held);
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("locked"), "{text}");
    let listed = env.json(&["access", "list"]);
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["id"], sent[0].as_str());
}

#[test]
fn a_second_sync_says_whom_it_waits_for_and_runs_after_the_first() {
    let (server, env, held) = sync_held_at_the_listing();
    let mut second = spawn(&env, &["sync"]);
    let mut stderr = BufReader::new(second.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("waiting") {
        line.clear();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "the second sync ended"
        );
    }
    let expected = format!("another meshlens sync (process {}, since 20", held.id());
    assert!(line.starts_with(&expected), "{line}");
    assert!(
        line.trim_end()
            .ends_with("is updating this cache; waiting for it to end (Ctrl-C to stop)…"),
        "{line}"
    );
    server.release();
    let (code, text) = finish(held);
    assert_eq!(code, 0, "{text}");
    let out = second.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("mesh"), "{text}");
    assert!(!text.contains("locked"), "{text}");
}
