//! Syncing from the explorer: on a connection of its own, then the index
//! swapped in and the access-request outbox delivered.

use std::sync::Arc;

use super::{Backend, Shared, poisoned};
use crate::catalogue::{Delivery, RefreshEvents, refresh};
use crate::sources::sync::{SourceReport, SyncOptions, SyncProgress, SyncReport};
use crate::store::{Store, SyncHolder};
use crate::tui::action::{Msg, SyncSummary};

impl Backend {
    /// Syncs on a connection of its own, so that the explorer keeps
    /// reading the cache (WAL) while a server is slow; the lock on the
    /// shared connection is only taken to swap the index in. The sequence
    /// (sync, index, outbox) is the catalogue's, as for `meshlens sync`.
    pub(super) fn sync(&self, progress: &dyn Fn(Msg)) -> Shared<SyncSummary> {
        let mut own;
        let mut shared;
        let store: &mut Store = match &self.db_path {
            Some(path) => {
                own = Store::open(path).map_err(|e| e.to_string())?;
                &mut own
            }
            None => {
                shared = self.store.lock().map_err(poisoned)?;
                &mut shared
            }
        };
        let options = SyncOptions {
            offline: self.offline,
            full: false,
        };
        // Requests queued while offline go out with the first sync that can.
        let delivery = (!self.access.readonly).then(|| Delivery {
            fallback_dir: &self.access.fallback_dir,
            offline: self.offline,
        });
        let mut events = Toasts {
            progress,
            last_sent: 0,
        };
        let refreshed = refresh(
            store,
            &self.sources,
            &self.index_dir,
            options,
            delivery,
            &mut events,
        )
        .map_err(|e| e.to_string())?;
        *self.index.write().map_err(poisoned)? = Some(Arc::new(refreshed.index));
        let mut summary = summarise(&refreshed.report);
        match refreshed.delivered {
            Ok(0) => {}
            Ok(n) => summary
                .text
                .push_str(&format!("; {n} access request(s) sent or checked")),
            Err(error) => summary.failures.push(format!("access requests: {error}")),
        }
        Ok(summary)
    }
}

/// A refresh told as header progress and toasts.
struct Toasts<'a> {
    progress: &'a dyn Fn(Msg),
    last_sent: usize,
}

impl RefreshEvents for Toasts<'_> {
    fn synced(&mut self, p: SyncProgress<'_>) {
        if p.records == 0 || p.records >= self.last_sent + 250 {
            self.last_sent = p.records;
            (self.progress)(Msg::SyncProgressed {
                items: p.records,
                pages: p.pages,
                source: p.source.to_owned(),
            });
        }
    }

    // Its result is what this sync would have fetched: the catalogue
    // waits for it, then syncs (an incremental sync then finds little).
    fn waiting(&mut self, holder: &SyncHolder) {
        self.last_sent = 0;
        (self.progress)(Msg::Notice(waiting_for(holder)));
    }
}

/// The toast while another process syncs the cache (short: toasts are one line).
fn waiting_for(holder: &SyncHolder) -> String {
    match holder.pid {
        Some(pid) => format!("waiting for the sync of process {pid} to end"),
        None => "waiting for another meshlens sync to end".to_owned(),
    }
}

/// The toast and header facts of a finished sync.
fn summarise(report: &SyncReport) -> SyncSummary {
    let changed: usize = report.sources.iter().map(SourceReport::items).sum();
    let unreachable = report
        .failures
        .iter()
        .find(|f| f.offline)
        .map(|f| format!("{}: {}", f.name, f.message));
    let failures = report
        .failures
        .iter()
        .filter(|f| !f.offline)
        .map(|f| format!("{}: {}", f.name, f.message))
        .collect();
    let mut text = format!(
        "synced {changed} records from {} source(s), {} issue(s)",
        report.sources.len(),
        report.issues()
    );
    if !report.skipped.is_empty() {
        text.push_str(&format!(
            "; {} server(s) skipped (--offline)",
            report.skipped.len()
        ));
    }
    SyncSummary {
        text,
        changed,
        failures,
        unreachable,
    }
}
