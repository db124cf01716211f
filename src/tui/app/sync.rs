//! Syncing from the explorer: on demand (`:sync`, `S`) and in the
//! background at the configured interval. The explorer never waits for it:
//! the cache stays open while a sync runs on its own connection, and when a
//! server cannot be reached the header says so and everything else works.

use std::time::{Duration, Instant};

use super::App;
use crate::tui::action::{Effect, SyncSummary};

const FIRST_SYNC_DELAY: Duration = Duration::from_secs(1);

/// What the explorer knows about syncing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncState {
    /// The sync under way.
    pub running: Option<SyncRun>,
    /// How often to sync in the background (`None`: only on demand).
    pub interval: Option<Duration>,
    /// When the next background sync is due.
    pub next_at: Option<Instant>,
    /// `--offline`: servers are never contacted.
    pub forced_offline: bool,
    /// The last sync could not reach a server: what it said.
    pub unreachable: Option<String>,
}

/// Progress of the sync under way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncRun {
    pub items: usize,
    pub pages: usize,
    pub source: String,
    /// Started by the interval, not the user: it finishes without a toast
    /// unless something changed or failed.
    pub background: bool,
}

impl SyncState {
    /// Background syncs every `interval` (the first one right away), unless
    /// `offline`.
    pub fn new(interval: Option<Duration>, offline: bool) -> SyncState {
        let interval = interval.filter(|_| !offline);
        SyncState {
            interval,
            // The first one once the first results are on screen.
            next_at: interval.map(|_| Instant::now() + FIRST_SYNC_DELAY),
            forced_offline: offline,
            ..SyncState::default()
        }
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }
}

impl App {
    /// `:sync` and the sync key.
    pub fn sync_now(&mut self) -> Vec<Effect> {
        if self.sync.is_running() {
            self.notify("a sync is already running");
            return Vec::new();
        }
        if self.sync.forced_offline {
            self.notify("--offline: syncing catalogue folders only");
        } else {
            self.notify("syncing…");
        }
        self.start_sync(false)
    }

    /// Starts the background sync when it is due (called on every tick).
    pub fn sync_if_due(&mut self, now: Instant) -> Vec<Effect> {
        match self.sync.next_at {
            Some(due) if due <= now && !self.sync.is_running() => self.start_sync(true),
            _ => Vec::new(),
        }
    }

    fn start_sync(&mut self, background: bool) -> Vec<Effect> {
        self.sync.running = Some(SyncRun {
            background,
            ..SyncRun::default()
        });
        self.sync.next_at = None;
        vec![Effect::Sync]
    }

    pub fn sync_progressed(&mut self, items: usize, pages: usize, source: String) {
        if let Some(run) = &mut self.sync.running {
            run.items = items;
            run.pages = pages;
            run.source = source;
        }
    }

    /// A finished sync: the cache changed (reload what is shown), a server
    /// could not be reached (say "offline"), or a source failed (say why).
    pub fn sync_finished(&mut self, result: Result<SyncSummary, String>) -> Vec<Effect> {
        let background = self.sync.running.take().is_some_and(|run| run.background);
        self.sync.next_at = self.sync.interval.map(|every| Instant::now() + every);
        let summary = match result {
            Ok(summary) => summary,
            Err(error) => {
                self.fail(format!("sync failed: {error}"));
                return Vec::new();
            }
        };
        self.sync.unreachable = summary.unreachable.clone();
        for failure in &summary.failures {
            self.fail(format!("sync: {failure}"));
        }
        if let Some(unreachable) = summary
            .unreachable
            .as_ref()
            .filter(|_| summary.changed == 0)
        {
            if !background {
                self.notify(format!("offline: {unreachable}"));
            }
            return vec![Effect::LoadCatalogueInfo];
        }
        if !background || summary.changed > 0 {
            self.notify(summary.text);
        }
        self.search.catalogue_facets = None;
        self.search.preview = None;
        self.relations_requested = false;
        let mut effects = vec![Effect::LoadCatalogueInfo];
        effects.extend(self.run_search());
        effects.extend(self.reload_health());
        effects.extend(self.reload_requests());
        effects
    }

    /// The header's word on the cache: "offline — cache from 3 h ago" when
    /// the last sync could not reach a server.
    pub fn offline_note(&self, cache_age: &str) -> Option<String> {
        if self.sync.forced_offline {
            return Some(format!("offline (--offline) — cache from {cache_age}"));
        }
        self.sync
            .unreachable
            .as_ref()
            .map(|_| format!("offline — cache from {cache_age}"))
    }
}
