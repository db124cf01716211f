//! `meshlens quality ID`: a product's trust score with its breakdown, each
//! check with its last result, freshness against the SLA, the last run.
//! `meshlens health`: every product breaching something now, ranked by
//! severity × blast radius; exit 1 at or above `--fail-on`.

use anyhow::Result;
use chrono::{DateTime, Utc};

use super::output::{Table, clean, print_json};
use super::{Catalogue, CliCatalogue, GlobalArgs, Outcome};
use crate::lookup::Lookup;
use crate::quality::score::human_duration;
use crate::quality::{Health, HealthQuery, ProductQuality, Severity};

#[derive(Debug, clap::Args)]
pub struct QualityArgs {
    /// A product id or name
    pub id: String,
}

#[derive(Debug, clap::Args)]
pub struct HealthArgs {
    /// Only products of this domain
    #[arg(long)]
    pub domain: Option<String>,
    /// Exit 1 when something breaches at this severity or above
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: Severity,
}

/// The catalogue and the clock (the query layer brings the derived state
/// up to date first when a sync has changed the catalogue since).
fn open_derived(global: &GlobalArgs) -> Result<(Catalogue, DateTime<Utc>)> {
    let now = crate::quality::clock().map_err(anyhow::Error::msg)?;
    Ok((Catalogue::open(global)?, now))
}

pub fn run_quality(global: &GlobalArgs, args: &QualityArgs) -> Result<Outcome> {
    let (mut catalogue, now) = open_derived(global)?;
    let store = &mut catalogue.store;
    let report = match crate::lookup::product(store, &args.id)? {
        Lookup::Found(id) => crate::query::product_quality(store, &id, now)?,
        Lookup::Missing { .. } => None,
    };
    let Some(report) = report else {
        return super::output::unknown_product(global.json, store, &args.id);
    };
    if global.json {
        print_json(&report)?;
    } else {
        print_quality(&report, now);
    }
    Ok(Outcome::Ok)
}

fn print_quality(report: &ProductQuality, now: chrono::DateTime<chrono::Utc>) {
    let p = &report.product;
    println!("{}  ({})", clean(&p.name), clean(&p.id));
    println!("  trust score {} / 100\n", report.score.total);
    for part in &report.score.parts {
        println!(
            "  {:<14} {:>5.1} / {:<3} {}",
            part.name,
            part.points,
            part.max,
            clean(&part.note)
        );
    }
    println!("\nChecks");
    if report.checks.is_empty() {
        println!("  (no quality rules declared and no results)");
    } else {
        let mut table = Table::new(
            &[
                "  RESULT",
                "CHECK",
                "ON",
                "DIMENSION",
                "SEVERITY",
                "LAST RUN",
            ],
            &[10, 36, 30, 14, 9, 24],
        );
        for check in &report.checks {
            let (result, when) = match &check.last {
                None => ("never ran".to_owned(), String::new()),
                Some(r) => (
                    if r.passed { "pass" } else { "FAIL" }.to_owned(),
                    format!(
                        "{} ago",
                        human_duration(crate::quality::score::age_seconds(r.at, now))
                    ),
                ),
            };
            table.row(vec![
                format!("  {result}"),
                check.name.clone(),
                check.target.clone().unwrap_or_default(),
                check.dimension.clone().unwrap_or_default(),
                check.severity.label().to_owned(),
                when,
            ]);
        }
        table.print();
    }
    for finding in &report.findings {
        println!("\n  finding: {}", clean(finding));
    }
}

pub fn run_health(global: &GlobalArgs, args: &HealthArgs) -> Result<Outcome> {
    let (mut catalogue, now) = open_derived(global)?;
    let store = &mut catalogue.store;
    if let Some(domain) = &args.domain {
        let domains = store.domains()?;
        // A misspelt domain must not read as "nothing breaches" to a monitor.
        if !domains.iter().any(|d| d.eq_ignore_ascii_case(domain)) {
            anyhow::bail!(
                "no product is in domain `{}` (domains: {})",
                clean(domain),
                domains.join(", ")
            );
        }
    }
    let query = HealthQuery {
        now,
        domain: args.domain.clone(),
    };
    let health = crate::query::health(store, &query)?;
    if global.json {
        print_json(&health)?;
    } else {
        print_health(&health);
    }
    Ok(if health.breaches_at(args.fail_on) {
        Outcome::Findings
    } else {
        Outcome::Ok
    })
}

fn print_health(health: &Health) {
    println!(
        "{} of {} products breaching now, worst first (severity × products downstream)",
        health.breaches.len(),
        health.products
    );
    if !health.breaches.is_empty() {
        let mut table = Table::new(
            &[
                "  SEVERITY",
                "PRODUCT",
                "DOWNSTREAM",
                "SINCE",
                "TEAM",
                "SUPPORT",
                "WHAT",
            ],
            &[10, 34, 10, 12, 24, 40, 80],
        );
        for breach in &health.breaches {
            let since = breach.since.map_or_else(String::new, |t| {
                human_duration(crate::quality::score::age_seconds(t, health.at))
            });
            table.row(vec![
                format!("  {}", breach.severity.label()),
                breach.product.id.clone(),
                breach.blast_radius.to_string(),
                since,
                breach.product.team.clone().unwrap_or_default(),
                breach
                    .product
                    .support
                    .first()
                    .map(|s| s.url.clone().unwrap_or_else(|| s.channel.clone()))
                    .unwrap_or_default(),
                breach.reasons.join("; "),
            ]);
        }
        table.print();
    }
    if !health.unmapped.is_empty() {
        println!(
            "\n{} datasets have results but no product's contract names them: {}",
            health.unmapped.len(),
            health
                .unmapped
                .iter()
                .take(5)
                .map(|d| clean(d).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if health.future_events > 0 {
        println!(
            "\n{} run events are dated in the future (clock skew); they do not count as fresh",
            health.future_events
        );
    }
}
