//! `meshlens validate PATH...`: check files and folders against ODCS / ODPS /
//! OpenLineage; exit 1 when anything is invalid.

use std::path::PathBuf;

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::{Context, Result, bail};

use super::output::{clean, print_json};
use super::{GlobalArgs, Outcome};
use crate::standards::validate::{Schemas, ValidationReport, validate_paths_with};
use crate::workspace::Workspace;

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Files or folders (searched recursively)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// A folder of official schema files (`odcs-json-schema-v3.0.2.json`, …):
    /// files declaring one of those versions are checked against it
    /// (default: the config's `schemas`)
    #[arg(long, value_name = "DIR")]
    pub schemas: Option<PathBuf>,
}

pub fn run(global: &GlobalArgs, args: &ValidateArgs) -> Result<Outcome> {
    for path in &args.paths {
        if !path.exists() {
            bail!("{} does not exist", path.display());
        }
    }
    let schemas = match &args.schemas {
        Some(folder) => Arc::new(
            Schemas::with_folder(folder)
                .with_context(|| format!("cannot read the schema folder {}", folder.display()))?,
        ),
        None => Workspace::resolve(&global.locations())?.schemas,
    };
    let report = validate_paths_with(&args.paths, &schemas);
    if global.json {
        print_json(&report)?;
    } else {
        for finding in report.files.iter().flat_map(|file| &file.findings) {
            println!("{}", clean(&finding.to_string()));
        }
        let checked = report
            .files
            .iter()
            .filter(|f| f.kind.is_some() || !f.findings.is_empty())
            .count();
        println!(
            "{checked} catalogue files checked: {} errors, {} warnings",
            report.error_count(),
            report.warning_count()
        );
        for line in older_versions_note(&report) {
            println!("{line}");
        }
    }
    Ok(if report.is_valid() {
        Outcome::Ok
    } else {
        Outcome::Findings
    })
}

/// One line per older version whose own schema was not at hand, saying what
/// checked those files instead and how to check them by their own.
fn older_versions_note(report: &ValidationReport) -> Vec<String> {
    let mut older: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
    for against in report
        .files
        .iter()
        .filter_map(|f| f.checked_against.as_ref())
    {
        if !against.newer {
            let key = (
                against.standard.as_str(),
                against.declared.as_str(),
                against.used.as_str(),
            );
            *older.entry(key).or_default() += 1;
        }
    }
    let mut lines: Vec<String> = older
        .iter()
        .map(|((standard, declared, used), files)| {
            let files = if *files == 1 {
                "1 file declares".to_string()
            } else {
                format!("{files} files declare")
            };
            format!("note: {files} {standard} {declared}, checked against the {used} schema")
        })
        .collect();
    if !lines.is_empty() {
        lines.push(
            "      (to check each by its own version, give --schemas DIR, or `schemas` in the \
             config, a folder of the official schema files, e.g. odcs-json-schema-v3.0.2.json)"
                .to_string(),
        );
    }
    lines
}
