//! `meshlens search QUERY [--domain D] [--team T] [--tag T] [--status S]`

use anyhow::Result;
use serde::Serialize;

use super::output::{Table, clean, print_json};
use super::{Catalogue, CliCatalogue, GlobalArgs, Outcome};
use crate::index::{Kind, NameMatcher, SearchQuery, SearchResults, format_query, parse_query};

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Words to look for; `field:value` filters may be mixed in (domain:, team:, tag:, status:, kind:)
    #[arg(value_name = "QUERY", num_args = 0..)]
    pub query: Vec<String>,
    /// Only this domain
    #[arg(long)]
    pub domain: Option<String>,
    /// Only this owning team
    #[arg(long)]
    pub team: Option<String>,
    /// Only products or contracts with this tag
    #[arg(long)]
    pub tag: Option<String>,
    /// Only this status (active, draft, deprecated, ...)
    #[arg(long)]
    pub status: Option<String>,
    /// Only `product` or `contract`
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<Kind>,
    /// At most this many results
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Fuzzy quick-jump over names and ids only (as in the TUI's jump box)
    #[arg(long)]
    pub fuzzy: bool,
}

fn parse_kind(text: &str) -> Result<Kind, String> {
    Kind::parse(text).ok_or_else(|| format!("`{text}` is not a kind: use product or contract"))
}

impl SearchArgs {
    fn to_query(&self) -> SearchQuery {
        let mut query = parse_query(&self.query.join(" "));
        let flags = [
            (&mut query.domain, &self.domain),
            (&mut query.team, &self.team),
            (&mut query.tag, &self.tag),
            (&mut query.status, &self.status),
        ];
        for (slot, flag) in flags {
            if flag.is_some() {
                slot.clone_from(flag);
            }
        }
        if self.kind.is_some() {
            query.kind = self.kind;
        }
        query.limit = self.limit;
        query
    }
}

pub fn run(global: &GlobalArgs, args: &SearchArgs) -> Result<Outcome> {
    let catalogue = Catalogue::open(global)?;
    if args.fuzzy {
        return run_fuzzy(global, args, &catalogue);
    }
    let query = args.to_query();
    let results = catalogue.index()?.search(&query)?;
    if global.json {
        print_json(&SearchOutput {
            query: &query,
            results: &results,
        })?;
    } else {
        print_text(&query, &results);
    }
    Ok(if results.hits.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Ok
    })
}

#[derive(Serialize)]
struct SearchOutput<'a> {
    query: &'a SearchQuery,
    #[serde(flatten)]
    results: &'a SearchResults,
}

fn print_text(query: &SearchQuery, results: &SearchResults) {
    if results.hits.is_empty() {
        println!(
            "No products or contracts match \"{}\".",
            clean(&format_query(query))
        );
        return;
    }
    println!(
        "{} of {} matches for \"{}\"\n",
        results.hits.len(),
        results.total,
        clean(&format_query(query))
    );
    let mut table = Table::new(
        &["KIND", "ID", "NAME", "DOMAIN", "TEAM", "STATUS"],
        &[8, 48, 40, 16, 28, 12],
    );
    for hit in &results.hits {
        table.row(vec![
            hit.kind.as_str().to_string(),
            hit.id.clone(),
            hit.name.clone(),
            hit.domain.clone().unwrap_or_else(|| "-".into()),
            hit.team.clone().unwrap_or_else(|| "-".into()),
            hit.status.clone().unwrap_or_else(|| "-".into()),
        ]);
    }
    table.print();
    println!();
    let facets = &results.facets;
    for (label, counts) in [
        ("domain", &facets.domain),
        ("team", &facets.team),
        ("tag", &facets.tag),
        ("status", &facets.status),
    ] {
        if counts.is_empty() {
            continue;
        }
        let shown: Vec<String> = counts
            .iter()
            .take(8)
            .map(|(v, n)| format!("{}({n})", clean(v)))
            .collect();
        println!("{:>8}: {}", label, shown.join("  "));
    }
}

fn run_fuzzy(global: &GlobalArgs, args: &SearchArgs, catalogue: &Catalogue) -> Result<Outcome> {
    let mut matcher = NameMatcher::from_store(&catalogue.store)?;
    let pattern = args.query.join(" ");
    let hits: Vec<FuzzyHit> = matcher
        .top(&pattern, args.limit)
        .into_iter()
        .map(|(score, id, name)| FuzzyHit {
            id: id.to_string(),
            name: name.to_string(),
            score,
        })
        .collect();
    if global.json {
        print_json(&hits)?;
    } else {
        let mut table = Table::new(&["ID", "NAME"], &[48, 60]);
        for hit in &hits {
            table.row(vec![hit.id.clone(), hit.name.clone()]);
        }
        table.print();
    }
    Ok(if hits.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Ok
    })
}

#[derive(Serialize)]
struct FuzzyHit {
    id: String,
    name: String,
    score: u32,
}
