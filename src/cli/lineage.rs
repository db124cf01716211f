//! `meshlens lineage ID`: what an id depends on and what depends on it, as
//! text, JSON, DOT or Mermaid. Defaults: both directions, depth 1 (the
//! direct neighbours), product level, text (JSON with `--json`).

use anyhow::Result;

use super::output::{Table, clean, print_json};
use super::{Catalogue, CliCatalogue, GlobalArgs, Outcome};
use crate::lineage::{Level, Lineage, LineageQuery, LineageView, Scope, ViewNode, export};

#[derive(Debug, clap::Args)]
pub struct LineageArgs {
    /// A product id or name; at dataset level also a dataset URI
    /// (`namespace/name`) or name; at column level a `namespace/name#column` key
    pub id: String,
    /// Only what the id depends on
    #[arg(long, conflicts_with_all = ["downstream", "both"])]
    pub upstream: bool,
    /// Only what depends on the id
    #[arg(long, conflicts_with = "both")]
    pub downstream: bool,
    /// Both directions (the default)
    #[arg(long)]
    pub both: bool,
    /// How many edges to follow: a number from 1, or `all`
    #[arg(long, default_value = "1", value_parser = parse_depth)]
    pub depth: u32,
    /// Products, OpenLineage datasets, or columns (columnLineage facet)
    #[arg(long, value_enum, default_value_t = LevelArg::Product)]
    pub level: LevelArg,
    /// Output format (default text; json with --json)
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LevelArg {
    Product,
    Dataset,
    Column,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Dot,
    Mermaid,
}

/// `all` (no limit) or a whole number of edges from 1.
pub fn parse_depth(text: &str) -> Result<u32, String> {
    if text.eq_ignore_ascii_case("all") {
        return Ok(u32::MAX);
    }
    match text.parse::<u32>() {
        Ok(0) | Err(_) => Err(format!(
            "`{text}` is not a depth: give a number from 1, or `all`"
        )),
        Ok(depth) => Ok(depth),
    }
}

impl LineageArgs {
    fn query(&self) -> LineageQuery {
        let scope = match (self.upstream, self.downstream) {
            (true, false) => Scope::Upstream,
            (false, true) => Scope::Downstream,
            _ => Scope::Both,
        };
        let level = match self.level {
            LevelArg::Product => Level::Product,
            LevelArg::Dataset => Level::Dataset,
            LevelArg::Column => Level::Column,
        };
        LineageQuery {
            level,
            scope,
            depth: self.depth,
        }
    }
}

pub fn run(global: &GlobalArgs, args: &LineageArgs) -> Result<Outcome> {
    let catalogue = Catalogue::open(global)?;
    let lineage = Lineage::from_store(&catalogue.store)?;
    let query = args.query();
    let format = match args.format {
        Some(format) => format,
        None if global.json => Format::Json,
        None => Format::Text,
    };
    let found = match lineage.view(&args.id, &query) {
        Some(view) => Some(view),
        None => {
            // A product name: look the product up and use its id.
            let product = catalogue.store.product(&args.id)?;
            product.and_then(|p| lineage.view(&p.product.id, &query))
        }
    };
    let Some(view) = found else {
        report_unknown(&args.id, format)?;
        return Ok(Outcome::Findings);
    };
    match format {
        Format::Json => print_json(&view)?,
        Format::Dot => print!("{}", export::to_dot(&view)),
        Format::Mermaid => print!("{}", export::to_mermaid(&view)),
        Format::Text => print_view(&view),
    }
    Ok(Outcome::Ok)
}

fn report_unknown(id: &str, format: Format) -> Result<()> {
    let message = format!(
        "No product, dataset or column `{}` at that level. Try `meshlens search {}`.",
        clean(id),
        clean(id)
    );
    match format {
        Format::Json => print_json(&serde_json::json!({ "id": id, "found": false }))?,
        Format::Text => println!("{message}"),
        Format::Dot | Format::Mermaid => eprintln!("{message}"),
    }
    Ok(())
}

pub(super) fn depth_text(depth: Option<u32>) -> String {
    depth.map_or_else(|| "all".to_owned(), |d| d.to_string())
}

fn print_view(view: &LineageView) {
    let level = serde_json::to_value(view.level)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    for root in &view.roots {
        println!("{}  ({})", clean(&root.label), clean(&root.id));
    }
    println!("  {level} lineage, depth {}", depth_text(view.depth));
    if view.scope != Scope::Downstream {
        print_side("Upstream (what it depends on)", &view.upstream);
    }
    if view.scope != Scope::Upstream {
        print_side("Downstream (what depends on it)", &view.downstream);
    }
    if !view.dangling.is_empty() {
        println!("\nDangling input ports (no product publishes the contract)");
        for port in &view.dangling {
            println!("  {}  ← {}", clean(&port.product), clean(&port.contract_id));
        }
    }
    if !view.unmapped.is_empty() {
        println!("\nDatasets no product's contract names");
        for dataset in &view.unmapped {
            println!("  {}", clean(dataset));
        }
    }
    if !view.cycles.is_empty() {
        println!("\nCycles");
        for cycle in &view.cycles {
            let names: Vec<String> = cycle.iter().map(|n| clean(n).into_owned()).collect();
            println!("  {} ↺", names.join(" → "));
        }
    }
}

fn print_side(title: &str, nodes: &[ViewNode]) {
    println!("\n{title}");
    if nodes.is_empty() {
        println!("  (none)");
        return;
    }
    let mut table = Table::new(&["  DIST", "ID", "NAME", "KIND"], &[6, 60, 40, 16]);
    for node in nodes {
        let kind = serde_json::to_value(node.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        table.row(vec![
            format!("  {}", node.distance),
            node.id.clone(),
            node.label.clone(),
            kind.replace('_', " "),
        ]);
    }
    table.print();
}
