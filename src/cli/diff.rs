//! `meshlens diff`: what changed between two versions of a contract, how
//! bad it is from the consumer's (or producer's) side, and whom it affects.
//! Exit code 1 when any change is an ERROR, for CI gates.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use super::output::{Table, clean, print_json};
use super::{Catalogue, CliCatalogue, GlobalArgs, Outcome};
use crate::contracts::{Change, Comparable, ContractDiff, Level, Perspective};
use crate::model::{Contract, Record};
use crate::query::{Consumer, ContractRelations, contract_consumers};
use crate::standards::{Parsed, parse_file, read_capped};

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// CONTRACT_ID [V1 [V2]] from the catalogue (default: the newest version
    /// against the one before; one version: it against the one before), or
    /// FILE_A FILE_B, two local ODCS files
    #[arg(required = true, num_args = 1..=3, value_name = "CONTRACT_ID|FILE")]
    pub targets: Vec<String>,
    /// Whose side changes are judged from
    #[arg(long, value_enum, default_value_t)]
    pub perspective: Perspective,
    /// With two files: also list the catalogue's consumers of the contract
    #[arg(long)]
    pub impact: bool,
}

/// One side of the comparison.
#[derive(Serialize)]
struct Side {
    id: String,
    version: String,
    /// The file it was read from, or the catalogue source.
    from: String,
}

#[derive(Serialize)]
struct ChangeOut<'a> {
    level: Level,
    #[serde(flatten)]
    change: &'a Change,
}

#[derive(Serialize)]
struct Report<'a> {
    old: Side,
    new: Side,
    perspective: Perspective,
    bump: crate::store::Bump,
    #[serde(skip_serializing_if = "Option::is_none")]
    understated_bump: Option<String>,
    id_mismatch: bool,
    counts: Counts,
    breaking: bool,
    changes: Vec<ChangeOut<'a>>,
    /// Products consuming the contract (listed when there are ERROR changes).
    consumers: Vec<Consumer>,
    /// Whether the catalogue was asked for consumers (two files without
    /// `--impact`: it was not, and an empty list says nothing).
    #[serde(skip)]
    consumers_checked: bool,
}

#[derive(Serialize)]
struct Counts {
    error: usize,
    warning: usize,
    info: usize,
}

pub fn run(global: &GlobalArgs, args: &DiffArgs) -> Result<Outcome> {
    let first = Path::new(&args.targets[0]);
    let (old, new, catalogue) = if first.is_file() {
        let [a, b] = args.targets.as_slice() else {
            bail!("give two contract files to compare: meshlens diff FILE_A FILE_B");
        };
        // Two large files parse in parallel: most of a diff's time is YAML.
        let (old, new) = std::thread::scope(|scope| {
            let old = scope.spawn(|| read_contract(Path::new(a)));
            let new = read_contract(Path::new(b));
            let old = old
                .join()
                .map_err(|_| anyhow::anyhow!("reading {a} failed"));
            (old, new)
        });
        let (old, new) = (old??, new?);
        let catalogue = if args.impact {
            Some(Catalogue::open(global)?)
        } else {
            None
        };
        (old, new, catalogue)
    } else {
        let catalogue = Catalogue::open(global)?;
        let Some((old, new)) = catalogue_pair(&catalogue, &args.targets, global.json)? else {
            return Ok(Outcome::Ok);
        };
        (old, new, Some(catalogue))
    };
    let diff = ContractDiff::compare(&old.1, &new.1);
    let breaking = diff.is_breaking(args.perspective);
    let consumers = match (&catalogue, breaking) {
        (Some(catalogue), true) => {
            let relations = ContractRelations::from_store(&catalogue.store)?;
            contract_consumers(&catalogue.store, &relations, &new.1.id)?
        }
        _ => Vec::new(),
    };
    let mut report = report(&diff, args.perspective, (old, new), consumers);
    report.consumers_checked = catalogue.is_some();
    if diff.id_mismatch() && !global.json {
        eprintln!(
            "meshlens: warning: these are two different contracts (`{}` and `{}`); compared anyway",
            clean(&diff.old_id),
            clean(&diff.new_id)
        );
    }
    if global.json {
        print_json(&report)?;
    } else {
        print_report(&report);
    }
    Ok(if breaking {
        Outcome::Findings
    } else {
        Outcome::Ok
    })
}

type Sourced = (String, Comparable);

/// Reads one ODCS contract from a file, naming file, line and column on error.
fn read_contract(path: &Path) -> Result<Sourced> {
    let shown = path.display().to_string();
    let bytes = read_capped(path).map_err(|e| anyhow::anyhow!("{e}"))?;
    if let Some(contract) = std::str::from_utf8(&bytes)
        .ok()
        .and_then(Comparable::from_yaml)
    {
        return Ok((shown, contract));
    }
    let contract = read_model_contract(path, &shown)?;
    Ok((shown, Comparable::from_contract(&contract)))
}

/// The general reader, for its precise errors (and for what the fast one skips).
fn read_model_contract(path: &Path, shown: &str) -> Result<Contract> {
    let parsed = parse_file(path).map_err(|e| anyhow::anyhow!("{e}"))?;
    let Parsed::Records { records, errors } = parsed else {
        bail!("{shown} is not an ODCS data contract (nor any standard meshlens reads)");
    };
    if let Some(error) = errors.into_iter().next() {
        bail!("{error}");
    }
    let other = records.first().map(what_it_is);
    let mut contracts = records.into_iter().filter_map(|r| match r {
        Record::Contract(c) => Some(*c),
        _ => None,
    });
    let Some(contract) = contracts.next() else {
        match other {
            Some(other) => bail!("{shown} is {other}, not an ODCS data contract"),
            None => bail!("{shown} is not an ODCS data contract"),
        }
    };
    if contracts.next().is_some() {
        bail!("{shown} holds more than one contract; give a file with one");
    }
    Ok(contract)
}

fn what_it_is(record: &Record) -> &'static str {
    match record {
        Record::Product(_) => "an ODPS data product",
        Record::Contract(_) => "an ODCS data contract",
        Record::LineageEvent(_) => "an OpenLineage run event",
    }
}

/// The two catalogue versions to compare; None when there is only one.
fn catalogue_pair(
    catalogue: &Catalogue,
    targets: &[String],
    json: bool,
) -> Result<Option<(Sourced, Sourced)>> {
    let id = &targets[0];
    let versions = catalogue
        .store
        .contract_versions(id)
        .with_context(|| format!("reading contract `{id}`"))?;
    if versions.is_empty() {
        bail!(
            "no contract `{}` in the catalogue (and no such file); try `meshlens search kind:contract {}`",
            clean(id),
            clean(id)
        );
    }
    let position = |version: &str| -> Result<usize> {
        versions
            .iter()
            .position(|(_, c)| c.version == version)
            .with_context(|| {
                let known: Vec<&str> = versions.iter().map(|(_, c)| c.version.as_str()).collect();
                format!(
                    "contract `{}` has no version `{}`; it has {}",
                    clean(id),
                    clean(version),
                    known.join(", ")
                )
            })
    };
    let (old, new) = match &targets[1..] {
        [] => (1, 0),
        [one] => {
            let at = position(one)?;
            (at + 1, at)
        }
        [a, b, ..] => (position(a)?, position(b)?),
    };
    let Some(old_version) = versions.get(old) else {
        let first = &versions[new].1.version;
        if json {
            print_json(&serde_json::json!({
                "id": id, "version": first, "first_version": true,
                "changes": [], "breaking": false,
            }))?;
        } else {
            println!(
                "`{}` {} is the first version: there is nothing before it to compare with",
                clean(id),
                clean(first)
            );
        }
        return Ok(None);
    };
    let label = |(source, contract): &(String, Contract)| {
        (
            format!("catalogue source `{source}`"),
            Comparable::from_contract(contract),
        )
    };
    Ok(Some((label(old_version), label(&versions[new]))))
}

fn report(
    diff: &ContractDiff,
    perspective: Perspective,
    (old, new): (Sourced, Sourced),
    consumers: Vec<Consumer>,
) -> Report<'_> {
    let mut changes: Vec<ChangeOut> = diff
        .changes
        .iter()
        .map(|change| ChangeOut {
            level: change.level(perspective),
            change,
        })
        .collect();
    // Worst first; within a level, in contract order (a stable sort).
    changes.sort_by_key(|change| std::cmp::Reverse(change.level));
    let side = |(from, contract): (String, Comparable)| Side {
        id: contract.id,
        version: contract.version,
        from,
    };
    Report {
        old: side(old),
        new: side(new),
        perspective,
        bump: diff.bump,
        understated_bump: diff.understated_bump(),
        id_mismatch: diff.id_mismatch(),
        counts: Counts {
            error: diff.count(perspective, Level::Error),
            warning: diff.count(perspective, Level::Warning),
            info: diff.count(perspective, Level::Info),
        },
        breaking: diff.is_breaking(perspective),
        changes,
        consumers,
        consumers_checked: true,
    }
}

fn print_report(report: &Report<'_>) {
    println!(
        "{}  {} → {} ({}) · {} perspective",
        clean(&report.new.id),
        clean(&report.old.version),
        clean(&report.new.version),
        report.bump.label(),
        report.perspective.label()
    );
    if report.changes.is_empty() {
        println!("No changes.");
        return;
    }
    let c = &report.counts;
    println!(
        "{} ERROR · {} WARNING · {} INFO",
        c.error, c.warning, c.info
    );
    if let Some(warning) = &report.understated_bump {
        println!("Version bump: {}", clean(warning));
    }
    println!();
    let mut table = Table::new(
        &["LEVEL", "CHANGE", "PATH", "OLD", "NEW", "WHY"],
        &[7, 7, 60, 24, 24, 60],
    );
    for out in &report.changes {
        let change = out.change;
        table.row(vec![
            out.level.label().to_owned(),
            change.kind.label().to_owned(),
            change.path.clone(),
            change.old.clone().unwrap_or_default(),
            change.new.clone().unwrap_or_default(),
            format!("{} ({})", change.message, change.direction.label()),
        ]);
    }
    table.print();
    if !report.breaking {
        return;
    }
    if report.consumers_checked {
        print_consumers(&report.consumers);
    } else {
        println!();
        println!("Add --impact to list the catalogue's products that consume this contract.");
    }
}

fn print_consumers(consumers: &[Consumer]) {
    println!();
    if consumers.is_empty() {
        println!("No product in the catalogue consumes this contract.");
        return;
    }
    println!(
        "Consumers to talk to before releasing ({}):",
        consumers.len()
    );
    let mut table = Table::new(
        &["  PRODUCT", "ID", "TEAM", "PINS", "SUPPORT"],
        &[32, 36, 24, 10, 60],
    );
    for consumer in consumers {
        let support = consumer
            .support
            .first()
            .map(|s| match &s.url {
                Some(url) => format!("{} {url}", s.channel),
                None => s.channel.clone(),
            })
            .unwrap_or_default();
        table.row(vec![
            format!("  {}", consumer.name),
            consumer.id.clone(),
            consumer.team.clone().unwrap_or_default(),
            consumer.version.clone().unwrap_or_else(|| "any".to_owned()),
            support,
        ]);
    }
    table.print();
}
