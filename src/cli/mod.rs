//! The scripting CLI: one file per command. Every command prints readable text
//! or, with `--json`, a stable JSON shape (docs/json.md). Exit codes: 0 ok,
//! 1 findings (no results, invalid files), 2 usage or runtime errors.

mod access;
mod catalogue;
mod contracts;
mod diff;
mod gen_cmd;
mod impact;
mod info;
mod lineage;
mod output;
mod overview;
mod quality;
mod search;
mod show;
mod sync;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use catalogue::{Catalogue, CliCatalogue};

use crate::workspace::Locations;

#[derive(Debug, Parser)]
#[command(
    name = "meshlens",
    version,
    about = "A terminal explorer for a data-mesh catalogue"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// A catalogue folder of ODPS / ODCS / OpenLineage files (repeatable; overrides the config's sources)
    #[arg(long = "catalog", value_name = "DIR", global = true)]
    pub catalogs: Vec<PathBuf>,
    /// Where the cache and search index live
    #[arg(long, value_name = "DIR", env = "MESHLENS_CACHE_DIR", global = true)]
    pub cache_dir: Option<PathBuf>,
    /// The config file (default: the OS config folder's meshlens/config.toml)
    #[arg(long, value_name = "FILE", env = "MESHLENS_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// Never touch the network; work on the cache as it is
    #[arg(long, global = true)]
    pub offline: bool,
    /// Read only: no access requests (the explorer's form is disabled)
    #[arg(long, global = true)]
    pub readonly: bool,
    /// Print JSON instead of text
    #[arg(long, global = true)]
    pub json: bool,
}

impl GlobalArgs {
    pub(crate) fn locations(&self) -> Locations {
        Locations {
            catalogs: self.catalogs.clone(),
            cache_dir: self.cache_dir.clone(),
            config: self.config.clone(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Search products and contracts (typo-tolerant; filters and facets)
    Search(search::SearchArgs),
    /// Show a product or a contract by id (or product name)
    Show(show::ShowArgs),
    /// List every version of a contract (or of a product's contracts)
    Contracts(contracts::ContractsArgs),
    /// Compare two contract versions: breaking changes and whom they affect
    Diff(diff::DiffArgs),
    /// What a product (dataset, column) depends on and what depends on it
    Lineage(lineage::LineageArgs),
    /// Who to notify when a product changes: everything downstream, with owners
    Impact(impact::ImpactArgs),
    /// A product's trust score with its breakdown, checks and freshness
    Quality(quality::QualityArgs),
    /// Every product breaching something now, worst first; exit 1 on breaches
    Health(quality::HealthArgs),
    /// Load the catalogue sources into the cache and rebuild the index
    Sync(sync::SyncArgs),
    /// Request access to an output port; list, send and cancel requests
    Access(access::AccessArgs),
    /// Check ODPS / ODCS / OpenLineage files against the standards
    Validate(validate::ValidateArgs),
    /// Write a deterministic synthetic mesh of any size
    Gen(gen_cmd::GenArgs),
    /// Print config, cache and index paths, and each source's last sync
    Info,
}

/// Names the cached records a command could not read and skipped.
fn warn_skipped_records() {
    let (named, count) = crate::store::take_skipped();
    if count == 0 {
        return;
    }
    eprintln!(
        "meshlens: warning: {count} cached record(s) could not be read and were left out; \
         `meshlens sync --full` rewrites them:"
    );
    for line in named {
        eprintln!("  {}", crate::text::sanitize(&line));
    }
}

/// Runs the parsed command line; errors become exit code 2 with a message.
pub fn run(cli: Cli) -> ExitCode {
    let result = match &cli.command {
        None if crate::tui::is_interactive() && !cli.global.json => explore(&cli.global),
        None => overview::run(&cli.global),
        Some(Command::Search(args)) => search::run(&cli.global, args),
        Some(Command::Show(args)) => show::run(&cli.global, args),
        Some(Command::Contracts(args)) => contracts::run(&cli.global, args),
        Some(Command::Diff(args)) => diff::run(&cli.global, args),
        Some(Command::Lineage(args)) => lineage::run(&cli.global, args),
        Some(Command::Impact(args)) => impact::run(&cli.global, args),
        Some(Command::Quality(args)) => quality::run_quality(&cli.global, args),
        Some(Command::Health(args)) => quality::run_health(&cli.global, args),
        Some(Command::Sync(args)) => sync::run(&cli.global, args),
        Some(Command::Access(args)) => access::run(&cli.global, args),
        Some(Command::Validate(args)) => validate::run(&cli.global, args),
        Some(Command::Gen(args)) => gen_cmd::run(&cli.global, args),
        Some(Command::Info) => info::run(&cli.global),
    };
    warn_skipped_records();
    match result {
        Ok(outcome) => outcome.exit_code(),
        Err(error) => {
            eprintln!("meshlens: {}", crate::text::sanitize(&format!("{error:#}")));
            let damaged = error.chain().any(|cause| {
                cause
                    .downcast_ref::<crate::store::StoreError>()
                    .is_some_and(crate::store::StoreError::is_corrupt)
            });
            if damaged {
                eprintln!(
                    "meshlens: the cache is damaged; `meshlens sync` moves it aside and builds a new one"
                );
            }
            ExitCode::from(2)
        }
    }
}

/// What a command found, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Ok,
    /// Exit 1: no results, invalid files, breaches.
    Findings,
}

impl Outcome {
    fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Ok => ExitCode::SUCCESS,
            Outcome::Findings => ExitCode::from(1),
        }
    }
}

/// Opens the catalogue for the explorer and runs it.
fn explore(global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let catalogue = Catalogue::open_for_explorer(global)?;
    let options = crate::tui::ExplorerOptions {
        offline: global.offline,
        readonly: global.readonly,
    };
    crate::tui::run(catalogue, options)?;
    Ok(Outcome::Ok)
}
