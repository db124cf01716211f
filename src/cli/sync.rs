//! `meshlens sync`: load every source into the cache, then rebuild the index.

use anyhow::Result;

use super::output::{clean, print_json};
use super::{Catalogue, CliCatalogue, GlobalArgs, Outcome};
use crate::sources::sync::{SourceReport, SyncOptions};

#[derive(Debug, clap::Args)]
pub struct SyncArgs {
    /// Read everything from catalogue servers again, not only the events since the last sync
    #[arg(long)]
    pub full: bool,
}

pub fn run(global: &GlobalArgs, args: &SyncArgs) -> Result<Outcome> {
    let mut catalogue = Catalogue::open_without_sync(global)?;
    let options = SyncOptions {
        offline: global.offline,
        full: args.full,
    };
    let refreshed = CliCatalogue::refresh(&mut catalogue, options, global.readonly)?;
    let report = refreshed.report;
    let deliveries = refreshed.delivered?;
    if global.json {
        print_json(&report)?;
    } else {
        for s in &report.sources {
            println!("{}", describe(s));
            let problems: Vec<String> = [
                (s.issues, "file with problems", "files with problems"),
                (s.duplicates, "duplicate id", "duplicate ids"),
            ]
            .iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
            .collect();
            if !problems.is_empty() {
                println!(
                    "  {} (listed below and by `meshlens info`)",
                    problems.join(", ")
                );
            }
            if s.spec_violations > 0 {
                let files = match s.spec_violations {
                    1 => "1 file breaks the schema of its standard".to_string(),
                    n => format!("{n} files break the schema of their standard"),
                };
                println!("  {files}; loaded anyway (`meshlens info` lists where)");
            }
        }
        for name in &report.skipped {
            println!(
                "{}: skipped (--offline); the cache keeps its last sync",
                clean(name)
            );
        }
        println!("cache generation {}", report.generation);
        if deliveries > 0 {
            println!(
                "{deliveries} access request(s) sent or checked: `meshlens access list` shows them"
            );
        }
        for issue in catalogue.store.issues()?.iter().take(20) {
            println!("  ! {}", clean(&issue.to_string()));
        }
    }
    if let Some(failure) = report.failures.first() {
        for other in &report.failures[1..] {
            eprintln!(
                "meshlens: source `{}`: {}",
                clean(&other.name),
                clean(&other.message)
            );
        }
        anyhow::bail!(
            "source `{}`: {} (the cache keeps this source's last sync)",
            failure.name,
            failure.message
        );
    }
    Ok(if report.issues() > 0 {
        Outcome::Findings
    } else {
        Outcome::Ok
    })
}

fn describe(s: &SourceReport) -> String {
    let name = clean(&s.name);
    let location = clean(&s.location);
    match s.mode {
        "full" | "incremental" => {
            let mut parts = vec![format!(
                "{} products, {} contracts, {} teams/test results/access requests",
                s.products, s.contract_versions, s.resources
            )];
            if s.unchanged > 0 {
                parts.push(format!("{} unchanged", s.unchanged));
            }
            if s.removed > 0 {
                parts.push(format!("{} removed", s.removed));
            }
            let cursor = s
                .cursor
                .as_deref()
                .map(|c| format!("; next sync resumes after event {}", clean(c)))
                .unwrap_or_default();
            format!(
                "{name}: {} sync from {location} ({} pages): {}{cursor}",
                s.mode,
                s.pages,
                parts.join(", ")
            )
        }
        _ => format!(
            "{name}: {} products, {} contract versions, {} lineage events from {location}",
            s.products, s.contract_versions, s.events
        ),
    }
}
