//! Opening the cached catalogue for a command: resolve the workspace, open the
//! cache, sync it first when it has never been synced (or the embedded demo
//! changed), and open the search index, which rebuilds itself when stale.

use anyhow::{Context, Result};

use super::GlobalArgs;
use super::output::Progress;
use crate::index::SearchIndex;
use crate::sources::sync::{SyncError, SyncOptions, SyncReport, sync_sources_with};
use crate::sources::{DEMO_SOURCE, EmbeddedDemo};
use crate::store::Store;
use crate::workspace::Workspace;

pub struct Catalogue {
    pub workspace: Workspace,
    pub store: Store,
}

impl Catalogue {
    /// Opens the cache, syncing first when it holds nothing yet.
    pub fn open(global: &GlobalArgs) -> Result<Catalogue> {
        Catalogue::open_syncing(global, global.offline)
    }

    /// Opens the cache for the explorer, which never waits for the network:
    /// a first sync reads catalogue folders only, and servers sync in the
    /// background once it is open.
    pub fn open_for_explorer(global: &GlobalArgs) -> Result<Catalogue> {
        Catalogue::open_syncing(global, true)
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

    /// Opens the cache as it is (a damaged one is moved aside, saying so,
    /// and a new one created: the next sync fills it).
    pub fn open_without_sync(global: &GlobalArgs) -> Result<Catalogue> {
        let workspace = Workspace::resolve(&global.locations())?;
        let (store, moved) = Store::open_or_recover(&workspace.db_path())
            .with_context(|| format!("opening the cache {}", workspace.db_path().display()))?;
        if let Some(moved) = moved {
            eprintln!("meshlens: {}", crate::text::sanitize(&moved.to_string()));
        }
        Ok(Catalogue { workspace, store })
    }

    /// Moves the damaged cache aside and opens a new one in its place.
    fn recover(&mut self, error: &crate::store::StoreError) -> Result<()> {
        let path = self.workspace.db_path();
        // Close the damaged file before it moves.
        self.store = Store::open_in_memory()?;
        let moved = crate::store::move_aside(&path, error)?;
        eprintln!("meshlens: {}", crate::text::sanitize(&moved.to_string()));
        self.store = Store::open(&path)?;
        Ok(())
    }

    /// A cache that was never synced, or a demo cache from another build.
    fn needs_sync(&self) -> Result<bool> {
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
    /// fails keeps what it held and is listed in the report). When another
    /// process is syncing the same cache, says so and waits for it first; a
    /// cache SQLite finds damaged is moved aside and synced anew.
    pub fn sync(&mut self, options: SyncOptions) -> Result<SyncReport> {
        let mut recovered = false;
        loop {
            let progress = Progress::spinner("syncing");
            let outcome = sync_sources_with(
                &mut self.store,
                &self.workspace.sources,
                options,
                &mut |p| {
                    let message = if p.pages > 0 {
                        format!("items, {} pages · {}", p.pages, p.source)
                    } else {
                        format!("records · {}", p.source)
                    };
                    progress.set(p.records as u64, &message)
                },
            );
            progress.finish();
            match outcome {
                Err(SyncError::Busy(holder)) => {
                    eprintln!("{holder}; waiting for it to end (Ctrl-C to stop)…");
                    self.store.wait_for_sync()?;
                }
                Err(SyncError::Store(error)) if error.is_corrupt() && !recovered => {
                    self.recover(&error)?;
                    recovered = true;
                }
                other => return Ok(other?),
            }
        }
    }

    /// Sends the access requests waiting in the outbox and reads back the
    /// others' status (a queued request goes out with the next successful
    /// sync); how many were handled.
    pub fn deliver_access_requests(&mut self, offline: bool) -> Result<usize> {
        let destinations = crate::access::deliver::Destinations {
            sources: &self.workspace.sources,
            fallback_dir: self.workspace.cache_dir.clone(),
            offline,
        };
        let statuses = crate::access::deliver::Statuses::FromCache;
        Ok(destinations.sync(&mut self.store, statuses)?.len())
    }

    /// The search index, rebuilt first when missing, stale or corrupt.
    pub fn index(&self) -> Result<SearchIndex> {
        let progress = Progress::spinner("indexing");
        let index =
            SearchIndex::open_or_build(&self.workspace.index_dir(), &self.store, &mut |p| {
                progress.set(p.done, "documents")
            })
            .with_context(|| {
                format!(
                    "opening the search index {}",
                    self.workspace.index_dir().display()
                )
            })?;
        progress.finish();
        Ok(index)
    }
}
