//! The catalogue both faces open: the workspace's sources, the cache, the
//! search index and the access-request outbox, and the one sequence that
//! refreshes them: sync every source, rebuild the index and the derived
//! state, then deliver the requests waiting in the outbox. The CLI shows its
//! progress on stderr, the explorer in its header; neither has a sequence of
//! its own.

use std::path::{Path, PathBuf};

use crate::access::deliver::{Destinations, Statuses};
use crate::index::{BuildProgress, IndexError, SearchIndex};
use crate::sources::sync::{SyncError, SyncOptions, SyncProgress, SyncReport, sync_sources_with};
use crate::sources::{DEMO_SOURCE, EmbeddedDemo, Source};
use crate::store::{MovedAside, Store, StoreError, SyncHolder};
use crate::workspace::{Locations, Workspace, WorkspaceError};

#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error("opening the cache {path}: {source}")]
    Open { path: PathBuf, source: StoreError },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error("opening the search index {path}: {source}")]
    Index { path: PathBuf, source: IndexError },
}

/// What a face is told while the catalogue refreshes.
pub trait RefreshEvents {
    /// Records read so far from a source.
    fn synced(&mut self, _progress: SyncProgress<'_>) {}
    /// Another process is syncing this cache; this one waits for it.
    fn waiting(&mut self, _holder: &SyncHolder) {}
    /// The damaged cache was moved aside and a new one made.
    fn moved_aside(&mut self, _moved: &MovedAside) {}
    /// Documents indexed so far.
    fn indexed(&mut self, _progress: BuildProgress) {}
}

/// Nothing to tell anyone (tests, scripts).
pub struct Quiet;

impl RefreshEvents for Quiet {}

/// What a refresh did.
pub struct Refreshed {
    pub report: SyncReport,
    pub index: SearchIndex,
    /// Access requests sent or checked, or why the outbox could not be
    /// delivered (the sync itself stands).
    pub delivered: Result<usize, StoreError>,
}

/// Where the outbox goes after a sync; `None`: nowhere (read-only).
pub struct Delivery<'a> {
    pub fallback_dir: &'a Path,
    pub offline: bool,
}

/// Syncs every source into `store` (waiting first for another process's
/// sync of the same cache), rebuilds the search index in `index_dir`, then
/// delivers the outbox. Both faces refresh through here.
pub fn refresh(
    store: &mut Store,
    sources: &[Box<dyn Source>],
    index_dir: &Path,
    options: SyncOptions,
    delivery: Option<Delivery<'_>>,
    events: &mut dyn RefreshEvents,
) -> Result<Refreshed, CatalogueError> {
    let report = sync_waiting(store, sources, options, events)?;
    after_sync(store, sources, index_dir, delivery, report, events)
}

/// What follows every sync, whoever ran it: the index, the derived state
/// (so that the first question after a sync is fast), then the outbox.
fn after_sync(
    store: &mut Store,
    sources: &[Box<dyn Source>],
    index_dir: &Path,
    delivery: Option<Delivery<'_>>,
    report: SyncReport,
    events: &mut dyn RefreshEvents,
) -> Result<Refreshed, CatalogueError> {
    let index = build_index(store, index_dir, events)?;
    crate::query::ensure_derived(store, crate::quality::now())?;
    let delivered = match delivery {
        None => Ok(0),
        Some(delivery) => deliver(store, sources, &delivery),
    };
    Ok(Refreshed {
        report,
        index,
        delivered,
    })
}

/// One sync, waiting for another process's sync of the cache to end first.
pub fn sync_waiting(
    store: &mut Store,
    sources: &[Box<dyn Source>],
    options: SyncOptions,
    events: &mut dyn RefreshEvents,
) -> Result<SyncReport, SyncError> {
    loop {
        match sync_sources_with(store, sources, options, &mut |p| events.synced(p)) {
            // Its result is what this sync would have fetched: wait for it,
            // then sync (an incremental sync then finds little).
            Err(SyncError::Busy(holder)) => {
                events.waiting(&holder);
                store.wait_for_sync()?;
            }
            other => return other,
        }
    }
}

/// The search index, rebuilt first when missing, stale or corrupt.
pub fn build_index(
    store: &Store,
    index_dir: &Path,
    events: &mut dyn RefreshEvents,
) -> Result<SearchIndex, CatalogueError> {
    SearchIndex::open_or_build(index_dir, store, &mut |p| events.indexed(p)).map_err(|source| {
        CatalogueError::Index {
            path: index_dir.to_path_buf(),
            source,
        }
    })
}

/// Sends the queued access requests and reads back the others' status.
pub fn deliver(
    store: &mut Store,
    sources: &[Box<dyn Source>],
    delivery: &Delivery<'_>,
) -> Result<usize, StoreError> {
    let destinations = Destinations {
        sources,
        fallback_dir: delivery.fallback_dir.to_path_buf(),
        offline: delivery.offline,
    };
    Ok(destinations.sync(store, Statuses::FromCache)?.len())
}

/// The cache of a workspace, open.
pub struct Catalogue {
    pub workspace: Workspace,
    pub store: Store,
}

impl Catalogue {
    /// Opens the cache as it is. A damaged one is moved aside (returned, to
    /// be told) and a new one created: the next sync fills it.
    pub fn open_at(
        locations: &Locations,
    ) -> Result<(Catalogue, Option<MovedAside>), CatalogueError> {
        let workspace = Workspace::resolve(locations)?;
        let path = workspace.db_path();
        let (store, moved) = Store::open_or_recover(&path)
            .map_err(|source| CatalogueError::Open { path, source })?;
        Ok((Catalogue { workspace, store }, moved))
    }

    /// A cache that was never synced, or a demo cache from another build.
    pub fn needs_sync(&self) -> Result<bool, StoreError> {
        let synced = self.store.sources()?;
        if self.workspace.is_demo() {
            let fingerprint = EmbeddedDemo::fingerprint();
            return Ok(!synced
                .iter()
                .any(|s| s.name == DEMO_SOURCE && s.location.ends_with(&fingerprint)));
        }
        Ok(self
            .workspace
            .sources
            .iter()
            .any(|source| !synced.iter().any(|s| s.name == source.name())))
    }

    /// Loads every source into the cache in one transaction (a source that
    /// fails keeps what it held and is listed in the report). A cache
    /// SQLite finds damaged is moved aside and synced anew, once.
    pub fn sync_with(
        &mut self,
        options: SyncOptions,
        events: &mut dyn RefreshEvents,
    ) -> Result<SyncReport, CatalogueError> {
        let mut recovered = false;
        loop {
            match sync_waiting(&mut self.store, &self.workspace.sources, options, events) {
                Err(SyncError::Store(error)) if error.is_corrupt() && !recovered => {
                    let moved = self.recover(&error)?;
                    events.moved_aside(&moved);
                    recovered = true;
                }
                other => return Ok(other?),
            }
        }
    }

    /// [`refresh`] of this catalogue: sync (a damaged cache moved aside
    /// and synced anew), index, derived state, then the outbox (unless
    /// `readonly`).
    pub fn refresh(
        &mut self,
        options: SyncOptions,
        readonly: bool,
        events: &mut dyn RefreshEvents,
    ) -> Result<Refreshed, CatalogueError> {
        let report = self.sync_with(options, events)?;
        let index_dir = self.workspace.index_dir();
        let delivery = (!readonly).then_some(Delivery {
            fallback_dir: &self.workspace.cache_dir,
            offline: options.offline,
        });
        after_sync(
            &mut self.store,
            &self.workspace.sources,
            &index_dir,
            delivery,
            report,
            events,
        )
    }

    /// Moves the damaged cache aside and opens a new one in its place.
    fn recover(&mut self, error: &StoreError) -> Result<MovedAside, StoreError> {
        let path = self.workspace.db_path();
        // Close the damaged file before it moves.
        self.store = Store::open_in_memory()?;
        let moved = crate::store::move_aside(&path, error)?;
        self.store = Store::open(&path)?;
        Ok(moved)
    }

    /// The search index, rebuilt first when missing, stale or corrupt.
    pub fn index_with(
        &self,
        events: &mut dyn RefreshEvents,
    ) -> Result<SearchIndex, CatalogueError> {
        build_index(&self.store, &self.workspace.index_dir(), events)
    }

    /// Sends the access requests waiting in the outbox and reads back the
    /// others' status; how many were handled.
    pub fn deliver_access_requests(&mut self, offline: bool) -> Result<usize, StoreError> {
        let delivery = Delivery {
            fallback_dir: &self.workspace.cache_dir,
            offline,
        };
        deliver(&mut self.store, &self.workspace.sources, &delivery)
    }
}
