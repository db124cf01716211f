//! Runs the real binary with its own cache folder and no user config.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

pub struct Env {
    pub home: TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            home: tempfile::tempdir().unwrap(),
        }
    }

    pub fn cache(&self) -> PathBuf {
        self.home.path().join("cache")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.home.path().join(rel)
    }

    /// `meshlens` with this env's cache and a config file that does not exist.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("meshlens").unwrap();
        cmd.env("MESHLENS_CACHE_DIR", self.cache())
            .env("MESHLENS_CONFIG", self.home.path().join("config.toml"))
            .env("NO_COLOR", "1")
            .env_remove("RUST_LOG");
        cmd
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.cmd().args(args).arg("--json").output().unwrap();
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}\nstderr: {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        })
    }

    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }
}

pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

pub fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

/// A small valid ODPS product.
pub fn product_yaml(id: &str, name: &str, domain: &str) -> String {
    format!(
        "apiVersion: v1.0.0\nkind: DataProduct\nid: {id}\nname: \"{name}\"\nversion: 1.0.0\ndomain: {domain}\nstatus: active\n\
         description:\n  purpose: Test product {name}\nteam:\n  name: Test Team\n  members:\n    - username: ada@example.com\n      name: Ada\n      role: owner\n"
    )
}

/// What a run of the binary printed, and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Env {
    /// Runs `meshlens ARGS` in this env and keeps its output.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = self.cmd().args(args).output().unwrap();
        Run {
            code: out.status.code().unwrap(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }
}
