//! The CLI on catalogue folders: merging, bad files, duplicates, hostile text.

mod support;

use predicates::prelude::*;
use support::{Env, product_yaml};

#[test]
fn a_broken_file_is_listed_with_its_line_and_the_rest_loads() {
    let env = Env::new();
    env.write(
        "mesh/good.odps.yaml",
        &product_yaml("sales-orders", "Orders", "sales"),
    );
    env.write(
        "mesh/broken.odps.yaml",
        "apiVersion: v1.0.0\nkind: DataProduct\nid: x\nname: [unclosed\n",
    );
    let mesh = env.path("mesh");
    env.cmd()
        .arg("--catalog")
        .arg(&mesh)
        .arg("sync")
        .assert()
        .code(1);
    let info = env.json(&["--catalog", mesh.to_str().unwrap(), "info"]);
    assert_eq!(info["counts"]["products"], 1, "{info:#}");
    assert_eq!(info["issues"], 1, "{info:#}");
    env.cmd()
        .arg("--catalog")
        .arg(&mesh)
        .arg("info")
        .assert()
        .stdout(predicate::str::contains(
            "broken.odps.yaml:5:1: YAML syntax error: did not find expected ',' or ']', \
             while parsing a flow sequence that starts at line 4, column 7",
        ));
    let found = env.json(&["--catalog", mesh.to_str().unwrap(), "search", "orders"]);
    assert_eq!(found["hits"][0]["id"], "sales-orders");
}

#[test]
fn two_folders_merge_and_a_duplicate_id_is_reported_not_overwritten() {
    let env = Env::new();
    env.write("a/p.yaml", &product_yaml("shared-id", "From A", "sales"));
    env.write("a/q.yaml", &product_yaml("only-a", "Only A", "sales"));
    env.write("b/p.yaml", &product_yaml("shared-id", "From B", "finance"));
    let (a, b) = (env.path("a"), env.path("b"));
    let args = [
        "--catalog",
        a.to_str().unwrap(),
        "--catalog",
        b.to_str().unwrap(),
    ];
    env.cmd().args(args).arg("sync").assert().code(1);
    let shown = env.json(&[&args[..], &["show", "shared-id"]].concat());
    assert_eq!(shown["product"]["name"], "From A");
    assert_eq!(shown["source"], "a");
    let info = env.json(&[&args[..], &["info"]].concat());
    assert_eq!(info["counts"]["products"], 2);
    let out = String::from_utf8(env.cmd().args(args).arg("info").output().unwrap().stdout).unwrap();
    assert!(out.contains("shared-id"), "{out}");
    assert!(out.contains("`a`") && out.contains("`b`"), "{out}");
}

#[test]
fn a_missing_catalogue_folder_is_an_error_and_keeps_the_cache() {
    let env = Env::new();
    env.write(
        "mesh/p.yaml",
        &product_yaml("sales-orders", "Orders", "sales"),
    );
    let mesh = env.path("mesh");
    env.cmd()
        .arg("--catalog")
        .arg(&mesh)
        .arg("sync")
        .assert()
        .success();
    std::fs::rename(&mesh, env.path("moved")).unwrap();
    env.cmd()
        .arg("--catalog")
        .arg(&mesh)
        .arg("sync")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
    let info = env.json(&["--catalog", mesh.to_str().unwrap(), "info"]);
    assert_eq!(
        info["counts"]["products"], 1,
        "the previous catalogue survives: {info:#}"
    );
}

#[test]
fn escape_sequences_in_metadata_never_reach_the_terminal() {
    let env = Env::new();
    let hostile = product_yaml("evil", "Evil\\e]52;c;ZXZpbA==\\a\\e[2J", "sales");
    env.write("mesh/evil.yaml", &hostile);
    let mesh = env.path("mesh");
    let out = env
        .cmd()
        .arg("--catalog")
        .arg(&mesh)
        .args(["show", "evil"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(
        !out.stdout.contains(&0x1b),
        "raw ESC in output: {:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!out.stdout.contains(&0x07));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Evil␛]52;c;ZXZpbA=="));
}

#[test]
fn a_broken_config_file_names_the_line() {
    let env = Env::new();
    env.write(
        "config.toml",
        "[[source]]\nname = \"x\"\nkind = \"dir\"\npth = \"/tmp\"\n",
    );
    env.cmd().arg("info").assert().code(2).stderr(
        predicate::str::contains("line 4, column 1")
            .and(predicate::str::contains("unknown field `pth`")),
    );
}

#[test]
fn config_sources_are_used_when_no_catalog_flag_is_given() {
    let env = Env::new();
    env.write(
        "mesh/p.yaml",
        &product_yaml("fin-ledger", "General Ledger", "finance"),
    );
    let config = format!(
        "[[source]]\nname = \"finance\"\nkind = \"dir\"\npath = \"{}\"\n",
        env.path("mesh").display()
    );
    env.write("config.toml", &config);
    let json = env.json(&["search", "ledger"]);
    assert_eq!(json["hits"][0]["id"], "fin-ledger");
    let info = env.json(&["info"]);
    assert_eq!(info["catalogue"], "config_file");
    assert_eq!(info["sources"][0]["name"], "finance");
}

#[test]
fn a_generated_mesh_syncs_and_searches() {
    let env = Env::new();
    let out = env.path("gen");
    env.cmd()
        .args(["gen", "--products", "300", "--seed", "3", "--out"])
        .arg(&out)
        .assert()
        .success();
    env.cmd()
        .arg("--catalog")
        .arg(&out)
        .arg("sync")
        .assert()
        .success();
    let info = env.json(&["--catalog", out.to_str().unwrap(), "info"]);
    assert_eq!(info["counts"]["products"], 300, "{info:#}");
    assert_eq!(info["issues"], 0, "{info:#}");
    let found = env.json(&["--catalog", out.to_str().unwrap(), "search", "orders"]);
    assert!(!found["hits"].as_array().unwrap().is_empty());
}

#[test]
fn a_deleted_or_garbled_index_is_rebuilt_and_loses_nothing() {
    let env = Env::new();
    env.write(
        "mesh/p.yaml",
        &product_yaml("sales-orders", "Orders", "sales"),
    );
    let mesh = env.path("mesh");
    let catalog = ["--catalog", mesh.to_str().unwrap()];
    env.cmd().args(catalog).arg("sync").assert().success();
    let info = env.json(&[&catalog[..], &["info"]].concat());
    let index_dir = std::path::PathBuf::from(info["index_dir"].as_str().unwrap());

    for entry in std::fs::read_dir(&index_dir).unwrap().flatten() {
        if entry
            .path()
            .extension()
            .is_some_and(|e| e == "idx" || e == "term")
        {
            std::fs::write(entry.path(), b"garbage").unwrap();
        }
    }
    let found = env.json(&[&catalog[..], &["search", "orders"]].concat());
    assert_eq!(found["hits"][0]["id"], "sales-orders", "{found:#}");

    std::fs::remove_dir_all(&index_dir).unwrap();
    let found = env.json(&[&catalog[..], &["search", "orders"]].concat());
    assert_eq!(found["hits"][0]["id"], "sales-orders", "{found:#}");
    assert!(index_dir.is_dir());
}
