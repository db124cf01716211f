//! `meshlens impact ID`: who to notify when a product changes or breaks
//! (everything downstream, nearest and most depended-on first, with team and
//! support channels), and what it depends on. Default depth: all.

use anyhow::Result;

use super::lineage::{depth_text, parse_depth};
use super::output::{Table, clean, print_json};
use super::{Catalogue, CliCatalogue, GlobalArgs, Outcome};
use crate::lineage::{Impact, ImpactEntry, Lineage};

#[derive(Debug, clap::Args)]
pub struct ImpactArgs {
    /// A product id or name
    pub id: String,
    /// How many edges to follow: a number from 1, or `all` (the default)
    #[arg(long, default_value = "all", value_parser = parse_depth)]
    pub depth: u32,
}

pub fn run(global: &GlobalArgs, args: &ImpactArgs) -> Result<Outcome> {
    let catalogue = Catalogue::open(global)?;
    let lineage = Lineage::from_store(&catalogue.store)?;
    let found = match lineage.impact(&args.id, args.depth) {
        Some(impact) => Some(impact),
        None => catalogue
            .store
            .product(&args.id)?
            .and_then(|p| lineage.impact(&p.product.id, args.depth)),
    };
    let Some(mut impact) = found else {
        return super::output::unknown_product(global.json, &catalogue.store, &args.id);
    };
    let now = crate::quality::clock().map_err(anyhow::Error::msg)?;
    crate::quality::Quality::from_store(&catalogue.store, &lineage, now)?
        .fill_health(&mut impact, now);
    if global.json {
        print_json(&impact)?;
    } else {
        print_impact(&impact);
    }
    Ok(Outcome::Ok)
}

fn print_impact(impact: &Impact) {
    let p = &impact.product;
    println!("{}  ({})", clean(&p.name), clean(&p.id));
    println!("  impact to depth {}", depth_text(impact.depth));
    println!(
        "\nDownstream: {} product{} to notify",
        impact.downstream.len(),
        if impact.downstream.len() == 1 {
            ""
        } else {
            "s"
        }
    );
    print_entries(&impact.downstream, true);
    println!(
        "\nUpstream: depends on {} product{}",
        impact.upstream.len(),
        if impact.upstream.len() == 1 { "" } else { "s" }
    );
    print_entries(&impact.upstream, false);
    for port in &impact.dangling {
        println!(
            "\n  dangling: {} consumes {}, which no product publishes",
            clean(&port.product),
            clean(&port.contract_id)
        );
    }
    for cycle in &impact.cycles {
        let names: Vec<String> = cycle.iter().map(|n| clean(n).into_owned()).collect();
        println!("\n  cycle: {} ↺", names.join(" → "));
    }
}

fn print_entries(entries: &[ImpactEntry], dependents: bool) {
    if entries.is_empty() {
        println!("  (none)");
        return;
    }
    let header = ["  DIST", "ID", "TEAM", "DEPENDENTS", "SUPPORT"];
    let mut table = if dependents {
        Table::new(&header, &[6, 44, 28, 10, 60])
    } else {
        Table::new(
            &["  DIST", "ID", "TEAM", "HEALTH", "SUPPORT"],
            &[6, 44, 28, 50, 60],
        )
    };
    for entry in entries {
        let support: Vec<String> = entry
            .support
            .iter()
            .map(|s| s.url.clone().unwrap_or_else(|| s.channel.clone()))
            .collect();
        let mut row = vec![
            format!("  {}", entry.distance),
            entry.id.clone(),
            entry.team.clone().unwrap_or_else(|| "(no team)".to_owned()),
        ];
        if dependents {
            row.push(entry.dependents.to_string());
        } else {
            row.push(entry.health.clone().unwrap_or_default());
        }
        row.push(support.join(", "));
        table.row(row);
    }
    table.print();
}
