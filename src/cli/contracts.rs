//! `meshlens contracts ID`: every version of a contract (or of every
//! contract a product publishes), newest first, with status, date, bump
//! kind and change note.

use anyhow::Result;
use serde::Serialize;

use super::output::{Table, clean, print_json};
use super::{Catalogue, CliCatalogue, GlobalArgs, Outcome};
use crate::contracts::{VersionRow, history};

#[derive(Debug, clap::Args)]
pub struct ContractsArgs {
    /// A contract id, or a product id or name (its published contracts)
    pub id: String,
}

#[derive(Serialize)]
struct ContractHistory {
    id: String,
    versions: Vec<VersionRow>,
}

pub fn run(global: &GlobalArgs, args: &ContractsArgs) -> Result<Outcome> {
    let catalogue = Catalogue::open(global)?;
    let store = &catalogue.store;
    // The nearest contracts, kept from the one lookup for the message.
    let mut nearest = Vec::new();
    let ids = match store.product(&args.id)? {
        Some(found) => crate::store::contract_ids_for_product(&found.product),
        None => match crate::lookup::contract(store, &args.id)? {
            crate::lookup::Lookup::Found(id) => vec![id],
            missing => {
                nearest = missing.nearest();
                vec![args.id.clone()]
            }
        },
    };
    let mut found = Vec::new();
    for id in ids {
        let versions = store.contract_versions(&id)?;
        let rows = history(versions.iter().map(|(_, c)| c));
        found.push(ContractHistory { id, versions: rows });
    }
    let any = found.iter().any(|c| !c.versions.is_empty());
    if global.json {
        print_json(&found)?;
    } else if !any {
        println!(
            "{}. Try `meshlens search kind:contract {}`.",
            super::output::capitalise(&crate::lookup::missing_message(
                "contract", &args.id, &nearest
            )),
            clean(&args.id)
        );
    } else {
        print_histories(&found);
    }
    Ok(if any { Outcome::Ok } else { Outcome::Findings })
}

fn print_histories(found: &[ContractHistory]) {
    for (n, contract) in found.iter().enumerate() {
        if n > 0 {
            println!();
        }
        println!("{}", clean(&contract.id));
        if contract.versions.is_empty() {
            println!("  not in the catalogue");
            continue;
        }
        let mut table = Table::new(
            &["  VERSION", "STATUS", "DATE", "BUMP", "CHANGE"],
            &[14, 12, 10, 11, 80],
        );
        for row in &contract.versions {
            table.row(vec![
                format!("  {}", row.version),
                row.status.clone().unwrap_or_default(),
                row.date
                    .as_deref()
                    .map(|d| d.chars().take(10).collect())
                    .unwrap_or_default(),
                row.bump.label().to_owned(),
                row.summary.clone().unwrap_or_default(),
            ]);
        }
        table.print();
    }
}
