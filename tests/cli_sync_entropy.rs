//! `meshlens sync` and `meshlens info` with an `entropy-data` source in the
//! config file, against a real server on 127.0.0.1: what the user reads.

#[path = "support/entropy_client.rs"]
mod entropy_client;
#[path = "support/entropy_server.rs"]
mod entropy_server;
mod support;

use std::os::unix::fs::PermissionsExt;

use entropy_client::seed;
use entropy_server::EntropyServer;
use support::{Env, repo};

const KEY: &str = "k3y-never-printed-5f2a";

fn configure(env: &Env, url: &str, key_line: &str) {
    env.write(
        "config.toml",
        &format!(
            "[[source]]\nname = \"mesh\"\nkind = \"entropy-data\"\nurl = \"{url}\"\n{key_line}\ninterval = \"5m\"\n"
        ),
    );
}

fn key_file(env: &Env, mode: u32) -> String {
    let path = env.write("secrets/entropy.key", &format!("{KEY}\n"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    format!("api_key_file = \"{}\"", path.display())
}

fn run(env: &Env, args: &[&str]) -> (i32, String, String) {
    let out = env.cmd().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn sync_then_info_show_the_mode_counts_and_cursor() {
    let server = EntropyServer::start();
    server.require_api_key(Some(KEY));
    seed(&server);
    let env = Env::new();
    let key = key_file(&env, 0o600);
    configure(&env, &server.url(), &key);

    let (code, out, err) = run(&env, &["sync"]);
    assert_eq!(code, 0, "{out}{err}");
    let cursor = server.last_event_id().unwrap();
    assert!(
        out.contains(&format!(
            "mesh: full sync from {}/ (5 pages): 3 products, 2 contracts, 3 teams/test results/access requests; next sync resumes after event {cursor}",
            server.url()
        )),
        "{out}"
    );
    server.put_product(entropy_client::product(
        "returns",
        "logistics",
        "orders-contract",
    ));
    let (code, out, _) = run(&env, &["sync"]);
    assert_eq!(code, 0);
    assert!(out.contains("mesh: incremental sync"), "{out}");
    assert!(out.contains("1 products"), "{out}");

    let (_, info, _) = run(&env, &["info"]);
    assert!(info.contains("mesh [entropy-data]"), "{info}");
    assert!(
        info.contains(", ok: 4 products, 2 contract versions"),
        "{info}"
    );
    let cursor = server.last_event_id().unwrap();
    assert!(info.contains(&format!("event cursor: {cursor}")), "{info}");
    let json = env.json(&["info"]);
    assert_eq!(json["sources"][0]["event_cursor"], cursor.as_str());
    assert_eq!(json["sources"][0]["outcome"]["status"], "ok");
    for text in [&out, &info, &json.to_string()] {
        assert!(!text.contains(KEY), "the key was printed");
    }
}

#[test]
fn a_refused_key_exits_2_with_advice_and_never_prints_the_key() {
    let server = EntropyServer::start();
    server.require_api_key(Some("the-right-key"));
    seed(&server);
    let env = Env::new();
    let key = key_file(&env, 0o600);
    configure(&env, &server.url(), &key);
    let (code, out, err) = run(&env, &["sync"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("refused the API key (401 Unauthorized)"),
        "{err}"
    );
    assert!(
        err.contains("(the cache keeps this source's last sync)"),
        "{err}"
    );
    let (_, info, _) = run(&env, &["info"]);
    assert!(info.contains("failed: "), "{info}");
    let json = env.json(&["sync"]);
    for text in [&out, &err, &info, &json.to_string()] {
        assert!(!text.contains(KEY), "the key was printed: {text}");
    }
}

#[test]
fn a_key_file_others_can_read_is_refused_saying_how_to_fix_it() {
    let server = EntropyServer::start();
    let env = Env::new();
    let key = key_file(&env, 0o644);
    configure(&env, &server.url(), &key);
    let (code, _, err) = run(&env, &["sync"]);
    assert_eq!(code, 2);
    assert!(err.contains("can be read by others (mode 644)"), "{err}");
    assert!(err.contains("chmod 600"), "{err}");
    assert!(
        server.requests().is_empty(),
        "nothing was sent without a private key"
    );
}

#[test]
fn offline_never_touches_the_network() {
    let server = EntropyServer::start();
    seed(&server);
    let env = Env::new();
    configure(&env, &server.url(), "");
    let (code, out, _) = run(&env, &["--offline", "sync"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("mesh: skipped (--offline); the cache keeps its last sync"),
        "{out}"
    );
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[test]
fn the_demo_mesh_served_by_the_server_syncs_whole() {
    let server = EntropyServer::start();
    let (products, contracts) = server.load_dir(&repo("fixtures/demo-mesh"));
    let env = Env::new();
    configure(&env, &server.url(), "");
    let (code, out, err) = run(&env, &["sync"]);
    assert_eq!(code, 0, "{out}{err}");
    let json = env.json(&["info"]);
    assert_eq!(json["counts"]["products"], products);
    assert_eq!(json["counts"]["contracts"], contracts);
    let (code, out, _) = run(&env, &["--offline", "search", "orders"]);
    assert_eq!(code, 0);
    assert!(out.contains("sales-orders"), "{out}");
}
