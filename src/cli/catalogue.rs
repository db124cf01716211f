//! The catalogue as a command opens it: from the global flags, synced first
//! when it has never been synced (or the embedded demo changed), with the
//! progress of a sync or an index build as a spinner on stderr.

use anyhow::Result;

use super::GlobalArgs;
use super::output::Progress;
use crate::catalogue::{RefreshEvents, Refreshed};
use crate::index::{BuildProgress, SearchIndex};
use crate::sources::sync::{SyncOptions, SyncProgress, SyncReport};
use crate::store::{MovedAside, SyncHolder};

pub use crate::catalogue::Catalogue;

/// What a command does with a [`Catalogue`].
pub trait CliCatalogue: Sized {
    /// Opens the cache, syncing first when it holds nothing yet.
    fn open(global: &GlobalArgs) -> Result<Self>;
    /// Opens the cache for the explorer, which never waits for the
    /// network: a first sync reads catalogue folders only, and servers sync
    /// in the background once it is open.
    fn open_for_explorer(global: &GlobalArgs) -> Result<Self>;
    /// Opens the cache as it is (a damaged one is moved aside, saying so).
    fn open_without_sync(global: &GlobalArgs) -> Result<Self>;
    /// Syncs every source, saying so on stderr.
    fn sync(&mut self, options: SyncOptions) -> Result<SyncReport>;
    /// The search index, rebuilt first (saying so) when missing or stale.
    fn index(&self) -> Result<SearchIndex>;
    /// Sync, index and outbox, as `meshlens sync` does.
    fn refresh(&mut self, options: SyncOptions, readonly: bool) -> Result<Refreshed>;
}

impl CliCatalogue for Catalogue {
    fn open(global: &GlobalArgs) -> Result<Catalogue> {
        open_syncing(global, global.offline)
    }

    fn open_for_explorer(global: &GlobalArgs) -> Result<Catalogue> {
        open_syncing(global, true)
    }

    fn open_without_sync(global: &GlobalArgs) -> Result<Catalogue> {
        let (catalogue, moved) = Catalogue::open_at(&global.locations())?;
        if let Some(moved) = moved {
            Stderr::default().moved_aside(&moved);
        }
        Ok(catalogue)
    }

    fn sync(&mut self, options: SyncOptions) -> Result<SyncReport> {
        let mut events = Stderr::spinning("syncing");
        let report = self.sync_with(options, &mut events);
        events.finish();
        Ok(report?)
    }

    fn index(&self) -> Result<SearchIndex> {
        let mut events = Stderr::spinning("indexing");
        let index = self.index_with(&mut events);
        events.finish();
        Ok(index?)
    }

    fn refresh(&mut self, options: SyncOptions, readonly: bool) -> Result<Refreshed> {
        let mut events = Stderr::spinning("syncing");
        let refreshed = crate::catalogue::Catalogue::refresh(self, options, readonly, &mut events);
        events.finish();
        Ok(refreshed?)
    }
}

fn open_syncing(global: &GlobalArgs, offline: bool) -> Result<Catalogue> {
    let mut catalogue = Catalogue::open_without_sync(global)?;
    if catalogue.needs_sync()? {
        let options = SyncOptions {
            offline,
            full: false,
        };
        let report = catalogue.sync(options)?;
        if let Some(failure) = report.failures.first() {
            anyhow::bail!("source `{}`: {}", failure.name, failure.message);
        }
    }
    Ok(catalogue)
}

/// A refresh told on stderr: a spinner, and a line for what needs saying.
#[derive(Default)]
struct Stderr {
    progress: Option<Progress>,
}

impl Stderr {
    fn spinning(verb: &'static str) -> Stderr {
        Stderr {
            progress: Some(Progress::spinner(verb)),
        }
    }

    fn finish(self) {
        if let Some(progress) = self.progress {
            progress.finish();
        }
    }
}

impl RefreshEvents for Stderr {
    fn synced(&mut self, p: SyncProgress<'_>) {
        let message = if p.pages > 0 {
            format!("items, {} pages · {}", p.pages, p.source)
        } else {
            format!("records · {}", p.source)
        };
        if let Some(progress) = &self.progress {
            progress.set(p.records as u64, &message);
        }
    }

    fn waiting(&mut self, holder: &SyncHolder) {
        eprintln!("{holder}; waiting for it to end (Ctrl-C to stop)…");
    }

    fn moved_aside(&mut self, moved: &MovedAside) {
        eprintln!("meshlens: {}", crate::text::sanitize(&moved.to_string()));
    }

    fn indexed(&mut self, p: BuildProgress) {
        if let Some(progress) = &self.progress {
            progress.set(p.done, "documents");
        }
    }
}
