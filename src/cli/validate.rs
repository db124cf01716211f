//! `meshlens validate PATH...`: check files and folders against ODCS / ODPS /
//! OpenLineage; exit 1 when anything is invalid.

use std::path::PathBuf;

use anyhow::{Result, bail};

use super::output::{clean, print_json};
use super::{GlobalArgs, Outcome};
use crate::standards::validate::{Severity, validate_paths};

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Files or folders (searched recursively)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

pub fn run(global: &GlobalArgs, args: &ValidateArgs) -> Result<Outcome> {
    for path in &args.paths {
        if !path.exists() {
            bail!("{} does not exist", path.display());
        }
    }
    let report = validate_paths(&args.paths);
    if global.json {
        print_json(&report)?;
    } else {
        for file in &report.files {
            for f in &file.findings {
                let at = match (f.line, f.column) {
                    (Some(l), Some(c)) => format!(":{l}:{c}"),
                    (Some(l), None) => format!(":{l}"),
                    _ => String::new(),
                };
                let level = match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                println!(
                    "{}{at}: {level}: {}",
                    clean(&f.path.display().to_string()),
                    clean(&f.message)
                );
            }
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
    }
    Ok(if report.is_valid() {
        Outcome::Ok
    } else {
        Outcome::Findings
    })
}
