//! Loads sources into the cache in one transaction: a sync that fails or is
//! killed part-way leaves the previous catalogue whole.

use serde::Serialize;

use super::{LoadMode, Loaded, Source, SourceError};
use crate::model::{Record, RecordKind};
use crate::store::{PutOutcome, SourceOutcome, Store, StoreError, SyncHolder, SyncTx};

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("source `{source_name}`: {error}")]
    Source {
        source_name: String,
        error: SourceError,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Another process is syncing the same cache.
    #[error("{0}; try again when it ends")]
    Busy(SyncHolder),
}

/// What one source contributed to a sync.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct SourceReport {
    pub name: String,
    pub kind: String,
    pub location: String,
    /// `replace` (a folder), `full` or `incremental` (a catalogue server).
    pub mode: &'static str,
    pub products: usize,
    pub contract_versions: usize,
    pub events: usize,
    /// Teams, test results and access requests.
    pub resources: usize,
    /// Resources the server said were unchanged.
    pub unchanged: usize,
    /// Resources deleted on the server and dropped from the cache.
    pub removed: usize,
    pub pages: usize,
    pub duplicates: usize,
    pub issues: usize,
    /// Files that break the official schema of their standard (loaded
    /// regardless; `meshlens info` lists where).
    pub spec_violations: usize,
    /// The event the next sync resumes after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

impl SourceReport {
    /// Records and resources received.
    pub fn items(&self) -> usize {
        self.products + self.contract_versions + self.events + self.resources + self.removed
    }
}

/// A source that could not be synced: it keeps what it held before.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SourceFailure {
    pub name: String,
    pub message: String,
    /// The server could not be reached (the user is offline, or it is down).
    pub offline: bool,
}

/// The outcome of a whole sync.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct SyncReport {
    pub generation: u64,
    pub sources: Vec<SourceReport>,
    pub failures: Vec<SourceFailure>,
    /// Server sources left alone (`--offline`).
    pub skipped: Vec<String>,
}

impl SyncReport {
    pub fn issues(&self) -> usize {
        self.sources.iter().map(|s| s.issues + s.duplicates).sum()
    }
}

/// Progress of a sync: pages and items loaded so far, per source.
#[derive(Debug, Clone, Copy)]
pub struct SyncProgress<'a> {
    pub source: &'a str,
    pub records: usize,
    pub pages: usize,
}

/// How a sync runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncOptions {
    /// Skip sources that read the network; they keep what they hold.
    pub offline: bool,
    /// Read everything again, ignoring event cursors.
    pub full: bool,
}

/// [`sync_sources_with`] with the default options.
pub fn sync_sources(
    store: &mut Store,
    sources: &[Box<dyn Source>],
    progress: &mut dyn FnMut(SyncProgress<'_>),
) -> Result<SyncReport, SyncError> {
    sync_sources_with(store, sources, SyncOptions::default(), progress)
}

/// Syncs every source into `store` in one transaction. A source that fails
/// keeps what it held (its part is rolled back to a savepoint) and is listed
/// in [`SyncReport::failures`]; the others are synced. A failure to write the
/// cache aborts the whole sync, leaving the previous catalogue whole. Another
/// process syncing the same cache is [`SyncError::Busy`]: the caller waits
/// ([`Store::wait_for_sync`]) or says so. Access requests are never blocked
/// by a sync: the outbox has a database of its own.
pub fn sync_sources_with(
    store: &mut Store,
    sources: &[Box<dyn Source>],
    options: SyncOptions,
    progress: &mut dyn FnMut(SyncProgress<'_>),
) -> Result<SyncReport, SyncError> {
    let _lock = store.try_lock_sync()?.map_err(SyncError::Busy)?;
    let mut tx = store.begin_sync()?;
    let names: Vec<&str> = sources.iter().map(|s| s.name()).collect();
    tx.retain_sources(&names)?;
    let mut report = SyncReport::default();
    for source in sources {
        if options.offline && source.is_remote() {
            report.skipped.push(source.name().to_owned());
            continue;
        }
        tx.savepoint()?;
        match sync_one(&mut tx, source.as_ref(), options, progress) {
            Ok(counts) => {
                tx.finish_source(source.name(), SourceOutcome::Ok)?;
                tx.release_savepoint()?;
                report.sources.push(counts);
            }
            Err(SyncError::Source { source_name, error })
                if !matches!(error, SourceError::Sink(_)) =>
            {
                tx.abandon_source()?;
                let message = error.to_string();
                let offline = matches!(&error, SourceError::Remote(e) if e.is_offline());
                tx.register_source(source.name(), source.kind(), &source.location())?;
                tx.finish_source(
                    source.name(),
                    SourceOutcome::Failed {
                        message: message.clone(),
                    },
                )?;
                report.failures.push(SourceFailure {
                    name: source_name,
                    message,
                    offline,
                });
            }
            Err(SyncError::Source {
                error: SourceError::Sink(error),
                ..
            }) => return Err(SyncError::Store(error)),
            Err(error) => return Err(error),
        }
    }
    // An incremental sync that found nothing new leaves the generation (and
    // so the search index and every derived view) as it was.
    let unchanged = report
        .sources
        .iter()
        .all(|s| s.mode == "incremental" && s.items() == 0 && s.issues == 0);
    report.generation = if unchanged {
        tx.commit_unchanged()?
    } else {
        tx.commit()?
    };
    Ok(report)
}

fn sync_one(
    tx: &mut SyncTx<'_>,
    source: &dyn Source,
    options: SyncOptions,
    progress: &mut dyn FnMut(SyncProgress<'_>),
) -> Result<SourceReport, SyncError> {
    let name = source.name();
    let mut counts = SourceReport {
        name: name.to_string(),
        kind: source.kind().to_string(),
        location: source.location(),
        ..SourceReport::default()
    };
    let mut previous = tx.previous(name)?;
    if options.full {
        // Everything is listed again; what the server says is unchanged
        // (304 to If-None-Match) is still kept as it is.
        previous.cursor = None;
    }
    let mut mode = None;
    let mut sink = |loaded: Loaded| -> Result<(), SourceError> {
        let current = match (&loaded, mode) {
            (Loaded::Begin(next), _) => *next,
            (_, Some(current)) => current,
            (_, None) => LoadMode::Replace,
        };
        if mode.is_none() || matches!(loaded, Loaded::Begin(_)) {
            begin(tx, source, &counts.location, current)?;
            counts.mode = mode_name(current);
            mode = Some(current);
        }
        apply(tx, name, current, loaded, &mut counts)?;
        progress(SyncProgress {
            source: name,
            records: counts.items(),
            pages: counts.pages,
        });
        Ok(())
    };
    source
        .load(&previous, &mut sink)
        .map_err(|error| SyncError::Source {
            source_name: name.to_string(),
            error,
        })?;
    match mode {
        None => tx.replace_source(name, source.kind(), &counts.location)?,
        Some(LoadMode::Refresh) => tx.sweep(name)?,
        Some(_) => {}
    }
    if counts.mode.is_empty() {
        counts.mode = mode_name(LoadMode::Replace);
    }
    Ok(counts)
}

fn begin(
    tx: &mut SyncTx<'_>,
    source: &dyn Source,
    location: &str,
    mode: LoadMode,
) -> Result<(), StoreError> {
    match mode {
        LoadMode::Replace => tx.replace_source(source.name(), source.kind(), location),
        LoadMode::Refresh => tx.begin_refresh(source.name(), source.kind(), location),
        LoadMode::Apply => tx.begin_apply(source.name(), source.kind(), location),
    }
}

fn mode_name(mode: LoadMode) -> &'static str {
    match mode {
        LoadMode::Replace => "replace",
        LoadMode::Refresh => "full",
        LoadMode::Apply => "incremental",
    }
}

fn apply(
    tx: &mut SyncTx<'_>,
    source: &str,
    mode: LoadMode,
    loaded: Loaded,
    counts: &mut SourceReport,
) -> Result<(), StoreError> {
    match loaded {
        Loaded::Begin(_) => {}
        Loaded::Record(record, path) if record.lacks_id() => {
            // Whatever the source: a record without an id is never stored.
            tx.put_issue(&crate::model::LoadIssue {
                source: source.to_owned(),
                path,
                line: None,
                column: None,
                message: format!("this {} has no id; not stored", record.kind().noun()),
            })?;
            counts.issues += 1;
        }
        Loaded::Record(record, path) => {
            let outcome = match mode {
                LoadMode::Replace => tx.put_from(source, Some(&path), &record)?,
                _ => tx.upsert_record(source, Some(&path), &record)?,
            };
            count(counts, &record, &outcome);
        }
        Loaded::Issue(issue) => {
            tx.put_issue(&issue)?;
            counts.issues += 1;
        }
        Loaded::Resource(resource) => {
            tx.put_resource(source, &resource)?;
            counts.resources += 1;
        }
        Loaded::Unchanged(reference) => {
            tx.keep(&reference)?;
            counts.unchanged += 1;
        }
        Loaded::Removed(reference) => {
            tx.remove(source, &reference)?;
            counts.removed += 1;
        }
        Loaded::ReplaceAll(kind) => tx.remove_all(source, kind)?,
        Loaded::Etag { url, etag } => tx.set_etag(source, &url, &etag)?,
        Loaded::Cursor(cursor) => {
            tx.set_cursor(source, &cursor)?;
            counts.cursor = Some(cursor);
        }
        Loaded::Page => counts.pages += 1,
        Loaded::SpecChecked {
            path,
            fingerprint,
            violations,
        } => {
            tx.put_spec_check(source, &path, fingerprint, &violations)?;
            counts.spec_violations += usize::from(!violations.is_empty());
        }
    }
    Ok(())
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
