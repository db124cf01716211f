//! `meshlens validate` as a producer's CI would run it.

mod support;

use std::path::PathBuf;

use predicates::prelude::*;
use support::{Env, repo};

/// (file, "line:column" or "" where the problem has no single place, message part)
const BROKEN: [(&str, &str, &str); 12] = [
    (
        "yaml-syntax.odcs.yaml",
        "7:18",
        "mapping values are not allowed in this context",
    ),
    (
        "tabs.odcs.yaml",
        "7:1",
        "tabs cannot be used for indentation",
    ),
    (
        "wrong-type.odcs.yaml",
        "12:9",
        "`schema[0].properties[1].required` must be true or false, found \"sometimes\"",
    ),
    ("wrong-list.odps.yaml", "6:1", "`inputPorts` must be a list"),
    (
        "missing-required.odcs.yaml",
        "1:1",
        "missing required field `version`",
    ),
    (
        "bad-enum.odps.yaml",
        "1:1",
        "`apiVersion` must be one of \"v0.9.0\", \"v1.0.0\", found \"v0.5.0\"",
    ),
    ("alias-bomb.odcs.yaml", "", "alias bomb"),
    (
        "too-deep.odcs.yaml",
        "6:147",
        "nested more than 128 levels deep",
    ),
    (
        "invalid-utf8.odcs.yaml",
        "7:15",
        "not valid UTF-8 (bad byte 0xE9 at byte offset 106)",
    ),
    ("empty.odcs.yaml", "", "the file is empty"),
    ("bad-line.ndjson", "2:47", "this line is not valid JSON"),
    ("missing-run-id.json", "6:3", "runId"),
];

#[test]
fn every_broken_file_is_reported_with_its_file_line_and_column() {
    let env = Env::new();
    let out = env
        .cmd()
        .arg("validate")
        .arg(repo("fixtures/broken"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    for (file, at, message) in BROKEN {
        let located = if at.is_empty() {
            format!("{file}: error: ")
        } else {
            format!("{file}:{at}: error: ")
        };
        let line = stdout
            .lines()
            .find(|l| l.contains(&located))
            .unwrap_or_else(|| panic!("no `{located}` in:\n{stdout}"));
        assert!(line.contains(message), "{line}");
    }
    assert!(
        stdout.contains("12 catalogue files checked: 12 errors"),
        "{stdout}"
    );
}

#[test]
fn validate_json_lists_every_finding() {
    let env = Env::new();
    let json = env.json(&[
        "validate",
        repo("fixtures/broken/wrong-type.odcs.yaml")
            .to_str()
            .unwrap(),
    ]);
    let finding = &json["files"][0]["findings"][0];
    assert_eq!(finding["line"], 12);
    assert_eq!(finding["column"], 9);
    assert_eq!(finding["severity"], "error");
}

#[test]
fn the_projects_own_standard_fixtures_break_the_schema_only_where_meant_to() {
    let env = Env::new();
    env.cmd()
        .arg("validate")
        .arg(repo("fixtures/standards"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "orders-v3.1.odcs.yaml:96:1: error: unknown field `quality` at the top level",
        ))
        .stdout(predicate::str::contains(
            "6 catalogue files checked: 1 errors, 0 warnings",
        ));
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let env = Env::new();
    env.cmd()
        .args(["validate", "/no/such/contracts"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "/no/such/contracts does not exist",
        ));
}

fn official_examples() -> Option<Vec<PathBuf>> {
    let shared = std::env::var_os("MESHLENS_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo("../shared"));
    let dirs: Vec<PathBuf> = ["odcs", "odps"]
        .iter()
        .map(|s| shared.join("standards").join(s).join("examples"))
        .collect();
    if dirs.iter().all(|d| d.is_dir()) {
        Some(dirs)
    } else {
        println!("skipped: ../shared/standards not found");
        None
    }
}

#[test]
fn every_official_example_validates_and_loads() {
    let Some(dirs) = official_examples() else {
        return;
    };
    let env = Env::new();
    env.cmd()
        .arg("validate")
        .args(&dirs)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "20 catalogue files checked: 0 errors",
        ));
    let mut cmd = env.cmd();
    for dir in &dirs {
        cmd.arg("--catalog").arg(dir);
    }
    cmd.arg("sync").assert().code(predicate::in_iter([0, 1]));
    let mut args: Vec<&str> = Vec::new();
    for dir in &dirs {
        args.extend(["--catalog", dir.to_str().unwrap()]);
    }
    let info = env.json(&[&args[..], &["info"]].concat());
    let names: Vec<&str> = info["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["odcs/examples", "odps/examples"]);
    assert_eq!(info["counts"]["products"], 2, "{info:#}");
    let found = env.json(&[&args[..], &["search", "Customer Data Product"]].concat());
    assert_eq!(
        found["hits"][0]["id"], "fbe8d147-28db-4f1d-bedf-a3fe9f458427",
        "{found:#}"
    );
}

/// `meshlens validate ARGS` with its address space capped at `limit_mb`: a
/// run that needs more aborts instead of taking the machine.
fn validate_within(limit_mb: u64, args: &[&std::path::Path]) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("meshlens"));
    cmd.arg("validate").args(args).env("NO_COLOR", "1");
    let limit = limit_mb << 20;
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let rlimit = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &rlimit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    cmd.output().unwrap()
}

#[test]
fn every_real_world_file_validates_within_bounded_memory() {
    let real = repo("../shared/real-world");
    if !real.is_dir() {
        eprintln!("skipped: ../shared/real-world is absent");
        return;
    }
    // 88 KB, nested nine deep: the schema engine once took 24 GB on it.
    let out = validate_within(1024, &[&real]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("catalogue files checked"), "{stdout}");
}

#[test]
fn deep_flow_nesting_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    for (name, open, close) in [("flow", "[", "]"), ("map", "{a: ", "}")] {
        let path = dir.path().join(format!("{name}.odcs.yaml"));
        let text = format!(
            "apiVersion: v3.0.2\nkind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\ncustom: {}1{}\n",
            open.repeat(100_000),
            close.repeat(100_000)
        );
        std::fs::write(&path, text).unwrap();
        let out = validate_within(512, &[&path]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{stdout}");
        let column = 9 + 128 * open.len();
        assert!(
            stdout.contains(&format!(
                "{name}.odcs.yaml:6:{column}: error: the document is nested more than 128 levels deep"
            )),
            "{stdout}"
        );
    }
}
