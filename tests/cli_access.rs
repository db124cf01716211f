//! `meshlens access` against a real Entropy Data server on 127.0.0.1 and
//! against a catalogue folder: the happy path, a server down then up, a
//! server that stores the request and answers 500, a process killed after
//! the outbox write, cancel, and the key never printed.

#[path = "support/entropy_client.rs"]
mod entropy_client;
#[path = "support/entropy_server.rs"]
mod entropy_server;
mod support;

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use entropy_client::{ACCESS_REQUEST, seed_for_access};
use entropy_server::{EntropyServer, Fault};
use support::{Env, product_yaml};

const KEY: &str = "access-key-never-printed-77c1";

fn configure(env: &Env, url: &str) {
    let key = env.write("secrets/key", &format!("{KEY}\n"));
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    env.write(
        "config.toml",
        &format!(
            "[me]\nuser = \"ada@example.com\"\nteam = \"finance\"\n\n[[source]]\nname = \"mesh\"\nkind = \"entropy-data\"\n\
             url = \"{url}\"\napi_key_file = \"{}\"\n",
            key.display()
        ),
    );
}

fn run(env: &Env, args: &[&str]) -> (i32, String, String) {
    let out = env.cmd().args(args).output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    for text in [&stdout, &stderr] {
        assert!(!text.contains(KEY), "the API key was printed: {text}");
    }
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

/// Access requests on the server other than the seed's `req-1`.
fn requested(server: &EntropyServer) -> Vec<String> {
    let mut ids = server.access_ids();
    ids.retain(|id| id != "req-1");
    ids
}

fn puts(server: &EntropyServer) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.method == "PUT" && r.path_and_query.starts_with("/api/access/"))
        .count()
}

/// A synced cache of the seed catalogue on a server that wants the key.
fn synced_env(server: &EntropyServer) -> Env {
    server.require_api_key(Some(KEY));
    seed_for_access(server);
    let env = Env::new();
    configure(&env, &server.url());
    let (code, out, err) = run(&env, &["sync"]);
    assert_eq!(code, 0, "{out}{err}");
    env
}

#[test]
fn a_request_is_sent_with_its_own_id_and_its_status_read_back() {
    let server = EntropyServer::start();
    let env = synced_env(&server);
    let (code, out, err) = run(&env, &ACCESS_REQUEST);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("sent to `mesh`, requested; waits for approval by sales-team (owning team)"),
        "{out}"
    );
    let ids = requested(&server);
    assert_eq!(ids.len(), 1);
    let access = server.access(&ids[0]).unwrap();
    assert_eq!(access["info"]["purpose"], "monthly revenue report");
    assert_eq!(access["provider"]["dataProductId"], "orders");
    assert_eq!(access["provider"]["outputPortId"], "main");
    assert_eq!(access["provider"]["dataContractId"], "orders-contract");
    assert_eq!(access["consumer"]["teamId"], "finance");
    assert!(out.contains(&ids[0]), "the id is the server's: {out}");

    let list = env.json(&["access", "list"]);
    assert_eq!(list[0]["id"], ids[0].as_str());
    assert_eq!(list[0]["status"], "requested");
    assert_eq!(list[0]["waits_for"], "approval by sales-team (owning team)");
    let (_, table, _) = run(&env, &["access", "list"]);
    assert!(table.contains(&ids[0][..8]), "{table}");
    assert!(table.contains("requested"), "{table}");

    // Approved on the server: the next access sync reads it back.
    let mut approved = access.clone();
    approved["info"]["status"] = "approved".into();
    server.put_access(approved.clone());
    // A catalogue sync mirrors the change (one GET of the request, from the
    // event) and the outbox takes its status from that copy.
    server.reset_log();
    let (code, out, err) = run(&env, &["sync"]);
    assert_eq!(code, 0, "{out}{err}");
    let reads = server
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path_and_query == format!("/api/access/{}", ids[0]))
        .count();
    assert_eq!(reads, 1);
    assert_eq!(env.json(&["access", "list"])[0]["status"], "approved");
    // `access sync` asks the server itself.
    approved["info"]["active"] = true.into();
    server.put_access(approved);
    let (code, out, _) = run(&env, &["access", "sync"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("active; waits for nothing: access is granted"),
        "{out}"
    );
}

#[test]
fn a_request_made_while_the_server_is_down_is_sent_once_when_it_is_back() {
    let server = EntropyServer::start();
    let env = synced_env(&server);
    let port: u16 = server.url().rsplit(':').next().unwrap().parse().unwrap();
    drop(server);

    let (code, out, err) = run(&env, &ACCESS_REQUEST);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("queued (cannot reach"), "{out}");
    assert!(
        out.contains("it is sent by the next `meshlens sync` or `meshlens access sync`"),
        "{out}"
    );
    let list = env.json(&["access", "list"]);
    assert_eq!(list[0]["status"], "queued");

    let server = EntropyServer::start_on_port(port);
    server.require_api_key(Some(KEY));
    seed_for_access(&server);
    let (code, out, err) = run(&env, &["sync"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 access request(s) sent or checked"), "{out}");
    assert_eq!(requested(&server).len(), 1);
    assert_eq!(puts(&server), 1);
    run(&env, &["sync"]);
    run(&env, &["access", "sync"]);
    assert_eq!(puts(&server), 1, "sent once");
    assert_eq!(env.json(&["access", "list"])[0]["status"], "requested");
}

#[test]
fn a_server_that_stores_the_request_then_answers_500_still_has_one() {
    let server = EntropyServer::start();
    let env = synced_env(&server);
    server.inject("/api/access/", Fault::AfterHandling(500), 100);
    let (code, out, err) = run(&env, &ACCESS_REQUEST);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("queued ("), "{out}");
    assert!(
        out.contains("500 Internal Server Error (4 attempts)"),
        "retried: {out}"
    );
    assert_eq!(puts(&server), 4, "the same PUT, retried");
    server.clear_faults();
    let (_, out, _) = run(&env, &["access", "sync"]);
    assert!(out.contains("sent to `mesh`"), "{out}");
    assert_eq!(requested(&server).len(), 1, "one request on the server");
    let local = env.json(&["access", "list"]);
    assert_eq!(local.as_array().unwrap().len(), 1);
    assert_eq!(local[0]["id"], requested(&server)[0].as_str());
}

#[test]
fn a_process_killed_after_the_outbox_write_sends_the_request_once_on_restart() {
    let server = EntropyServer::start();
    let env = synced_env(&server);
    // The server holds the PUT: the request is in the outbox, the process
    // waits for the answer, and is killed there.
    server.inject("/api/access/", Fault::Delay(Duration::from_secs(30)), 1);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("meshlens"))
        .args(ACCESS_REQUEST)
        .env("MESHLENS_CACHE_DIR", env.cache())
        .env("MESHLENS_CONFIG", env.path("config.toml"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while puts(&server) == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the PUT never came"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let list = env.json(&["access", "list"]);
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "the request survived: {list}"
    );
    assert_eq!(list[0]["status"], "queued");
    let id = list[0]["id"].as_str().unwrap().to_owned();
    let (code, out, err) = run(&env, &["access", "sync"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(&id), "{out}");
    assert_eq!(
        requested(&server),
        std::slice::from_ref(&id),
        "one request, with the outbox's id"
    );
    run(&env, &["access", "sync"]);
    assert_eq!(requested(&server), [id]);
}

#[test]
fn a_pending_request_can_be_canceled_on_the_server() {
    let server = EntropyServer::start();
    let env = synced_env(&server);
    run(&env, &ACCESS_REQUEST);
    let id = requested(&server).remove(0);
    let (code, out, err) = run(&env, &["access", "cancel", &id[..8]]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.trim(), format!("request {id} canceled"));
    let canceled = server
        .requests()
        .iter()
        .any(|r| r.method == "POST" && r.path_and_query == format!("/api/access/{id}/cancel"));
    assert!(canceled);
    assert_eq!(env.json(&["access", "list"])[0]["status"], "canceled");
    let (code, _, err) = run(&env, &["access", "cancel", &id]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "is canceled: only a queued, requested, approved or written request can be canceled"
        ),
        "{err}"
    );
}

/// A request of the seed's `orders` port `main` for `consumer`.
fn request_for(consumer: &str) -> [&str; 9] {
    [
        "access",
        "request",
        "orders",
        "--port",
        "main",
        "--purpose",
        "x",
        "--consumer",
        consumer,
    ]
}

#[test]
fn consumers_the_catalogue_does_not_know_are_refused_with_the_nearest() {
    let server = EntropyServer::start();
    let env = synced_env(&server);
    for (consumer, expected) in [
        (
            "team:financ",
            "the request is not valid: consumer: no team `financ` in the catalogue; nearest: finance",
        ),
        (
            "product:does-not-exist",
            "the request is not valid: consumer: no product `does-not-exist` in the catalogue",
        ),
        (
            "user:nobody@example.com",
            "the request is not valid: consumer: no user `nobody@example.com` in the catalogue",
        ),
    ] {
        let (code, _, err) = run(&env, &request_for(consumer));
        assert_eq!(code, 2, "{consumer}: {err}");
        assert!(err.contains(expected), "{consumer}: {err}");
    }
    assert!(requested(&server).is_empty(), "nothing was sent");
    // A member of a team the server lists, and a product by name, are known.
    let (code, out, err) = run(&env, &request_for("user:m0@example.com"));
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = run(&env, &request_for("product:Customers name"));
    assert_eq!(code, 0, "{out}{err}");
    let list = env.json(&["access", "list"]);
    let consumers: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["consumer"].as_str().unwrap())
        .collect();
    assert!(consumers.contains(&"product:customers"), "{consumers:?}");
}

#[test]
fn bad_requests_are_refused_field_by_field() {
    let server = EntropyServer::start();
    let env = synced_env(&server);
    let (code, _, err) = run(
        &env,
        &[
            "access",
            "request",
            "orders",
            "--port",
            "nope",
            "--purpose",
            " ",
            "--until",
            "2020-01-01",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("port: no output port `nope`; choose one of: main"),
        "{err}"
    );
    assert!(
        err.contains("purpose: say what the data is for (required)"),
        "{err}"
    );
    assert!(err.contains("end: must be after the start date"), "{err}");
    let (code, _, err) = run(
        &env,
        &[
            "--readonly",
            "access",
            "request",
            "orders",
            "--port",
            "main",
            "--purpose",
            "x",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("--readonly"), "{err}");
    assert!(requested(&server).is_empty());
    assert_eq!(puts(&server), 0);
}

#[test]
fn a_request_to_a_catalogue_folder_is_written_as_files_and_says_where() {
    let env = Env::new();
    env.write(
        "mesh/orders.yaml",
        &format!(
            "{}outputPorts:\n  - name: main\n    version: 1.0.0\n    contractId: orders-contract\n",
            product_yaml("orders", "Orders", "sales")
        ),
    );
    let mesh = env.path("mesh");
    let mesh_arg = mesh.to_str().unwrap();
    let (code, out, err) = run(
        &env,
        &[
            "--catalog",
            mesh_arg,
            "access",
            "request",
            "orders",
            "--port",
            "main",
            "--purpose",
            "audit",
            "--consumer",
            "user:ada@example.com",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("is a catalogue folder, not a server: written to"),
        "{out}"
    );
    let folder = mesh.join("access-requests");
    let files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    let yaml = files.iter().find(|f| f.ends_with(".yaml")).unwrap();
    let text = std::fs::read_to_string(folder.join(yaml)).unwrap();
    let access: serde_json::Value = serde_norway::from_str(&text).unwrap();
    assert_eq!(access["info"]["purpose"], "audit");
    assert_eq!(access["consumer"]["userId"], "ada@example.com");
    assert_eq!(access["id"], yaml.trim_end_matches(".yaml"));
}
