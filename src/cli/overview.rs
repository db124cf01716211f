//! `meshlens` with no command: an overview of the catalogue and what to try.
//! (The full-screen explorer takes this place when the TUI lands.)

use anyhow::Result;

use super::output::{cell, clean};
use super::{Catalogue, CliCatalogue, GlobalArgs, Outcome};
use crate::index::{Kind, SearchQuery};

pub fn run(global: &GlobalArgs) -> Result<Outcome> {
    let catalogue = Catalogue::open(global)?;
    let counts = catalogue.store.counts()?;
    let index = catalogue.index()?;
    let browse = index.search(&SearchQuery {
        kind: Some(Kind::Product),
        limit: 8,
        ..SearchQuery::default()
    })?;
    let header = if catalogue.workspace.is_demo() {
        "meshlens — the embedded demo mesh (no catalogue configured; see README: --catalog DIR or config.toml)"
    } else {
        "meshlens — your catalogue"
    };
    println!("{header}\n");
    println!(
        "{} data products, {} contracts ({} versions), {} lineage events, {} teams across {} domains\n",
        counts.products,
        counts.contracts,
        counts.contract_versions,
        counts.events,
        counts.teams,
        counts.domains
    );
    println!("Domains");
    for (domain, n) in &browse.facets.domain {
        println!("  {}{n} products", cell(domain, 18));
    }
    println!("\nSome products");
    for hit in &browse.hits {
        println!("  {}{}", cell(&hit.id, 36), clean(&hit.name));
    }
    let issues = catalogue.store.issues()?.len();
    if issues > 0 {
        println!("\n{issues} problems in the catalogue files: `meshlens info` lists them");
    }
    println!("\nTry");
    for (cmd, what) in [
        (
            "meshlens search orders",
            "search as you would type (typos welcome)",
        ),
        (
            "meshlens search 'card domain:payments'",
            "filters (domain: team: tag: status:) and facets",
        ),
        (
            "meshlens show <id>",
            "a product's owners, ports and contracts",
        ),
        (
            "meshlens validate fixtures/",
            "check ODPS / ODCS / OpenLineage files",
        ),
        (
            "meshlens gen --products 10000 --out /tmp/mesh",
            "a synthetic mesh; then --catalog /tmp/mesh sync",
        ),
        ("meshlens info", "paths, sources, last sync"),
    ] {
        println!("  {}{what}", cell(cmd, 48));
    }
    Ok(Outcome::Ok)
}
