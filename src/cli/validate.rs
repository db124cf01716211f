//! `meshlens validate PATH...`: check files and folders against ODCS / ODPS /
//! OpenLineage; exit 1 when anything is invalid.

use std::path::PathBuf;

use anyhow::{Result, bail};

use super::output::{clean, print_json};
use super::{GlobalArgs, Outcome};
use crate::standards::validate::validate_paths;

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
    }
    Ok(if report.is_valid() {
        Outcome::Ok
    } else {
        Outcome::Findings
    })
}
