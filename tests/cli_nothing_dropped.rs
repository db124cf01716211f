//! Nothing is dropped silently: a file with NUL bytes, NDJSON lines that are
//! no record, records without an id and folders that cannot be read are
//! each reported with their file (and line), counted in `sync`'s summary
//! and its exit code 1, while the rest of the folder loads. Hidden folders
//! are not read unless the source asks for them.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use support::{Env, product_yaml};

const EVENT: &str = r#"{"eventType":"COMPLETE","eventTime":"2026-11-20T10:00:00Z","run":{"runId":"0193a1b2-0000-7000-8000-00000000000N"},"job":{"namespace":"airflow","name":"job-N"},"inputs":[],"outputs":[],"producer":"https://example.com","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}"#;

fn event(n: usize) -> String {
    EVENT.replace('N', &n.to_string())
}

fn sync(env: &Env, folder: &std::path::Path) -> support::Run {
    env.run(&["--catalog", folder.to_str().unwrap(), "sync"])
}

fn info(env: &Env, folder: &std::path::Path) -> serde_json::Value {
    env.json(&["--catalog", folder.to_str().unwrap(), "info"])
}

#[test]
fn a_nul_line_in_ndjson_is_reported_and_the_other_events_load() {
    let env = Env::new();
    let folder = env.path("mesh");
    std::fs::create_dir_all(&folder).unwrap();
    let text = format!("{}\n\0\0\0\n{}\n{}\n", event(1), event(2), event(3));
    std::fs::write(folder.join("runs.ndjson"), text).unwrap();
    let run = sync(&env, &folder);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("1 file with problems"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("runs.ndjson:2:1: this line is not valid JSON"),
        "{}",
        run.stdout
    );
    assert_eq!(info(&env, &folder)["counts"]["events"], 3);
}

#[test]
fn ndjson_lines_that_are_no_record_are_reported_by_line() {
    let env = Env::new();
    let folder = env.path("mesh");
    std::fs::create_dir_all(&folder).unwrap();
    let text = format!(
        "{}\n[1, 2]\n\"text\"\n{{\"hello\": \"world\"}}\n{}\n",
        event(1),
        event(2)
    );
    std::fs::write(folder.join("runs.ndjson"), text).unwrap();
    let run = sync(&env, &folder);
    assert_eq!(run.code, 1);
    for expected in [
        "runs.ndjson:2:1: this line is an array, not an object; each line of an NDJSON file must be one record",
        "runs.ndjson:3:1: this line is a string, not an object",
        "runs.ndjson:4:1: this line is an object that is no OpenLineage event",
    ] {
        assert!(run.stdout.contains(expected), "{expected}\n{}", run.stdout);
    }
    assert_eq!(info(&env, &folder)["counts"]["events"], 2);
}

#[test]
fn records_without_an_id_are_refused_not_stored_under_an_empty_one() {
    let env = Env::new();
    let folder = env.path("mesh");
    std::fs::create_dir_all(&folder).unwrap();
    let contract =
        "apiVersion: v3.0.2\nkind: DataContract\nid: \"\"\nversion: 1.0.0\nstatus: active\n";
    std::fs::write(folder.join("a.odcs.yaml"), contract).unwrap();
    std::fs::write(folder.join("b.odcs.yaml"), contract).unwrap();
    let product = product_yaml("x", "No Id", "sales").replace("id: x\n", "");
    std::fs::write(folder.join("c.odps.yaml"), product).unwrap();
    std::fs::write(
        folder.join("d.odps.yaml"),
        product_yaml("kept", "Kept", "sales"),
    )
    .unwrap();
    let run = sync(&env, &folder);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("3 files with problems"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("a.odcs.yaml:1:1: the data contract has no `id` (or an empty one)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("c.odps.yaml:1:1: the data product has no `id`"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("more than once"), "{}", run.stdout);
    let counts = &info(&env, &folder)["counts"];
    assert_eq!(counts["products"], 1);
    assert_eq!(counts["contracts"], 0);
}

#[test]
fn hidden_folders_are_read_only_when_the_source_asks() {
    let env = Env::new();
    let folder = env.path("mesh");
    std::fs::create_dir_all(folder.join(".git/objects")).unwrap();
    std::fs::create_dir_all(folder.join("products")).unwrap();
    std::fs::write(
        folder.join(".git/objects/stray.odps.yaml"),
        product_yaml("stray", "Stray", "sales"),
    )
    .unwrap();
    std::fs::write(
        folder.join("products/real.odps.yaml"),
        product_yaml("real", "Real", "sales"),
    )
    .unwrap();
    let run = sync(&env, &folder);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(info(&env, &folder)["counts"]["products"], 1);
    env.write(
        "config.toml",
        &format!(
            "[[source]]\nname = \"mesh\"\nkind = \"dir\"\npath = \"{}\"\ninclude_hidden = true\n",
            folder.display()
        ),
    );
    let run = env.run(&["sync"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(env.json(&["info"])["counts"]["products"], 2);
}

/// `meshlens ARGS` as a user who is not root (permissions do not bind
/// root), or None when that cannot be arranged here.
fn as_non_root(env: &Env) -> Option<Command> {
    let binary = assert_cmd::cargo::cargo_bin("meshlens");
    let mut cmd = if unsafe { libc::geteuid() } == 0 {
        if Command::new("setpriv").arg("--version").output().is_err() {
            return None;
        }
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(binary);
        cmd
    } else {
        Command::new(binary)
    };
    cmd.env("MESHLENS_CACHE_DIR", env.cache())
        .env("MESHLENS_CONFIG", env.path("config.toml"))
        .env("NO_COLOR", "1");
    Some(cmd)
}

#[test]
fn an_unreadable_subfolder_is_reported_and_the_rest_loads() {
    let env = Env::new();
    let folder = env.path("mesh");
    std::fs::create_dir_all(folder.join("private")).unwrap();
    std::fs::create_dir_all(env.cache()).unwrap();
    std::fs::write(
        folder.join("open.odps.yaml"),
        product_yaml("open", "Open", "sales"),
    )
    .unwrap();
    std::fs::write(
        folder.join("private/secret.odps.yaml"),
        product_yaml("secret", "Secret", "sales"),
    )
    .unwrap();
    for path in [env.home.path(), folder.as_path()] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::set_permissions(env.cache(), std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(
        folder.join("private"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let Some(mut cmd) = as_non_root(&env) else {
        eprintln!("skipped: no way to run as a non-root user here (setpriv missing)");
        return;
    };
    let out = cmd
        .args(["--catalog", folder.to_str().unwrap(), "sync"])
        .output()
        .unwrap();
    std::fs::set_permissions(
        folder.join("private"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("mesh/private: cannot read this folder (Permission denied (os error 13)); skipped, the rest was read"),
        "{stdout}"
    );
    assert!(stdout.contains("1 product"), "{stdout}");
}
