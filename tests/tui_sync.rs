//! The explorer on a catalogue server (a real one on 127.0.0.1): synced
//! team members in the owners view, and "offline" when the server is gone.

#[path = "support/entropy_client.rs"]
mod entropy_client;
#[path = "support/entropy_server.rs"]
mod entropy_server;
mod tui_support;

use entropy_client::{product, seed, source, team};
use entropy_server::EntropyServer;
use meshlens::tui::action::{Command, Msg};
use tui_support::with_sources;

#[test]
fn a_team_synced_from_the_server_lists_its_members() {
    let server = EntropyServer::start();
    seed(&server);
    server.put_team(team("sales-team", 3));
    server.put_product(product("orders", "sales", "orders-contract"));
    let mut d = with_sources(vec![source(&server.url())], 100, 30);
    d.tui.send(Msg::Command(Command::CommandMode));
    d.typed("team sales-team");
    d.keys(&["enter"]);
    let screen = d.screen(100, 30);
    for member in ["m0@example.com", "m1@example.com", "m2@example.com"] {
        assert!(screen.contains(member), "{member} missing:\n{screen}");
    }
}

#[test]
fn a_sync_that_cannot_reach_the_server_keeps_the_cache_and_says_offline() {
    let server = EntropyServer::start();
    seed(&server);
    let url = server.url();
    let mut d = with_sources(vec![source(&url)], 100, 30);
    let before = d.screen(100, 30);
    assert!(before.contains("3 products"), "{before}");
    drop(server);
    d.keys(&["S"]);
    let after = d.screen(100, 30);
    let header = after.lines().next().unwrap();
    assert!(header.contains("offline — cache from"), "{header}");
    assert!(
        header.contains("3 products"),
        "the cache is whole: {header}"
    );
    assert!(after.contains("offline: mesh: cannot reach"), "{after}");
}

#[test]
fn a_sync_while_another_process_syncs_waits_for_it_then_runs() {
    let server = EntropyServer::start();
    seed(&server);
    let mut d = with_sources(vec![source(&server.url())], 100, 30);
    server.put_product(product("new-one", "sales", "orders-contract"));
    // Another process's sync, as far as the lock file can tell: it holds
    // the lock for two seconds.
    let other = meshlens::store::Store::open(&d.dir.path().join("catalogue.sqlite")).unwrap();
    let held = other.try_lock_sync().unwrap().unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(2));
        drop(held);
    });
    d.tui.app.toasts.clear();
    d.keys(&["S"]);
    release.join().unwrap();
    let toasts: Vec<&str> = d.tui.app.toasts.iter().map(|t| t.text.as_str()).collect();
    let waiting = format!(
        "waiting for the sync of process {} to end",
        std::process::id()
    );
    assert!(toasts.contains(&waiting.as_str()), "{toasts:?}");
    assert!(
        toasts.iter().any(|t| t.starts_with("synced ")),
        "the sync ran after the other one: {toasts:?}"
    );
    let header = d.screen(100, 30).lines().next().unwrap().to_owned();
    assert!(header.contains("4 products"), "{header}");
}
