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
            if s.duplicates + s.issues > 0 {
                println!(
                    "  {} with problems, {} (see `meshlens info`)",
                    plural(s.issues, "file"),
                    plural(s.duplicates, "duplicate id")
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

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
