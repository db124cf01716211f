//! `meshlens sync`: load every source into the cache, then rebuild the index.

use anyhow::Result;

use super::output::{clean, print_json};
use super::{Catalogue, GlobalArgs, Outcome};

pub fn run(global: &GlobalArgs) -> Result<Outcome> {
    let mut catalogue = Catalogue::open_without_sync(global)?;
    let report = catalogue.sync()?;
    catalogue.index()?;
    if global.json {
        print_json(&report)?;
    } else {
        for s in &report.sources {
            println!(
                "{}: {} products, {} contract versions, {} lineage events from {}",
                clean(&s.name),
                s.products,
                s.contract_versions,
                s.events,
                clean(&s.location)
            );
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
        }
        println!("cache generation {}", report.generation);
        for issue in catalogue.store.issues()?.iter().take(20) {
            println!("  ! {}", clean(&issue.to_string()));
        }
    }
    Ok(if report.issues() > 0 {
        Outcome::Findings
    } else {
        Outcome::Ok
    })
}
