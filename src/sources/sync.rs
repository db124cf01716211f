//! Loads sources into the cache in one transaction: a sync that fails or is
//! killed part-way leaves the previous catalogue whole.

use serde::Serialize;

use super::{Loaded, Source, SourceError};
use crate::model::{Record, RecordKind};
use crate::store::{PutOutcome, SourceOutcome, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("source `{source_name}`: {error}")]
    Source {
        source_name: String,
        error: SourceError,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What one source contributed to a sync.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct SourceReport {
    pub name: String,
    pub kind: String,
    pub location: String,
    pub products: usize,
    pub contract_versions: usize,
    pub events: usize,
    pub duplicates: usize,
    pub issues: usize,
}

/// The outcome of a whole sync.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct SyncReport {
    pub generation: u64,
    pub sources: Vec<SourceReport>,
}

impl SyncReport {
    pub fn issues(&self) -> usize {
        self.sources.iter().map(|s| s.issues + s.duplicates).sum()
    }
}

/// Progress of a sync: records loaded so far, per source.
#[derive(Debug, Clone, Copy)]
pub struct SyncProgress<'a> {
    pub source: &'a str,
    pub records: usize,
}

/// Syncs every source into `store` in one transaction.
pub fn sync_sources(
    store: &mut Store,
    sources: &[Box<dyn Source>],
    progress: &mut dyn FnMut(SyncProgress<'_>),
) -> Result<SyncReport, SyncError> {
    let mut tx = store.begin_sync()?;
    let names: Vec<&str> = sources.iter().map(|s| s.name()).collect();
    tx.retain_sources(&names)?;
    let mut report = SyncReport::default();
    for source in sources {
        let mut counts = SourceReport {
            name: source.name().to_string(),
            kind: source.kind().to_string(),
            location: source.location(),
            ..SourceReport::default()
        };
        tx.replace_source(source.name(), source.kind(), &counts.location)?;
        let mut sink = |loaded: Loaded| -> Result<(), SourceError> {
            match loaded {
                Loaded::Record(record, path) => {
                    let outcome = tx
                        .put_from(source.name(), Some(&path), &record)
                        .map_err(|e| SourceError::Sink(e.to_string()))?;
                    count(&mut counts, &record, &outcome);
                }
                Loaded::Issue(issue) => {
                    tx.put_issue(&issue)
                        .map_err(|e| SourceError::Sink(e.to_string()))?;
                    counts.issues += 1;
                }
            }
            let loaded = counts.products + counts.contract_versions + counts.events;
            progress(SyncProgress {
                source: source.name(),
                records: loaded,
            });
            Ok(())
        };
        source.load(&mut sink).map_err(|error| SyncError::Source {
            source_name: source.name().to_string(),
            error,
        })?;
        tx.finish_source(source.name(), SourceOutcome::Ok)?;
        report.sources.push(counts);
    }
    report.generation = tx.commit()?;
    Ok(report)
}

fn count(counts: &mut SourceReport, record: &Record, outcome: &PutOutcome) {
    if matches!(outcome, PutOutcome::Duplicate { .. }) {
        counts.duplicates += 1;
        return;
    }
    match record.kind() {
        RecordKind::Product => counts.products += 1,
        RecordKind::Contract => counts.contract_versions += 1,
        RecordKind::LineageEvent => counts.events += 1,
    }
}
