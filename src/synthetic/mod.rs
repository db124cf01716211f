//! `meshlens gen`: a deterministic synthetic data mesh. The same
//! (products, seed) always writes byte-identical files, laid out like the demo
//! mesh: `<domain>/products/<id>.odps.yaml`,
//! `<domain>/contracts/<contract-id>/<version>.odcs.yaml` and
//! `lineage/events-NNNN.ndjson`.
//!
//! Generation runs in two steps: a sequential plan (names, ports, version
//! history, DAG of inputs) from one seeded stream, then rendering and writing
//! in parallel, each product from its own stream so thread order never shows.

mod contract;
mod lineage;
mod output;
mod plan;
mod product;
mod render;
mod sampling;
mod schema;
mod team;
mod vocab;
mod yaml;

use std::path::PathBuf;

pub use output::MARKER_FILE;

/// What to generate and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenOptions {
    pub products: usize,
    pub seed: u64,
    pub out: PathBuf,
}

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct GenSummary {
    pub products: usize,
    /// Distinct contracts (output ports).
    pub contracts: usize,
    /// Contract version files.
    pub contract_versions: usize,
    /// OpenLineage events.
    pub events: usize,
    /// Data files written (products, contract versions, event files; not the marker).
    pub files: usize,
    /// Bytes in those files.
    pub bytes: u64,
}

/// Work done so far, for a progress bar (`done` reaches `total` at the end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenProgress {
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum GenError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{} is not empty and was not written by `meshlens gen` (it has no {MARKER_FILE} file); \
         choose a new or empty directory",
        .0.display()
    )]
    ForeignDirectory(PathBuf),
    #[error("{} exists and is not a directory", .0.display())]
    NotADirectory(PathBuf),
    #[error("could not encode a lineage event: {0}")]
    Event(#[from] serde_json::Error),
}

/// Generates a synthetic mesh into `opts.out`, replacing a previous gen output
/// there, and refusing any other non-empty directory.
pub fn generate(
    opts: &GenOptions,
    progress: &mut dyn FnMut(GenProgress),
) -> Result<GenSummary, GenError> {
    output::prepare(opts)?;
    let plans = plan::plan(opts.products, opts.seed);
    output::write_all(opts, &plans, progress)
}

/// Run times are offsets from this fixed instant (2026-11-01T00:00:00Z), never the clock.
fn epoch() -> chrono::NaiveDateTime {
    chrono::DateTime::from_timestamp(1_793_491_200, 0)
        .unwrap_or_default()
        .naive_utc()
}

#[cfg(test)]
mod roundtrip_tests;
