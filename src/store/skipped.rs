//! Cached records that could not be decoded: each is skipped by the reader
//! that met it (the rest of the answer stands) and named here, so that the
//! command can say which and how to mend it (`meshlens sync --full`
//! rewrites every record).

use std::sync::Mutex;

/// Named records kept; past this, only counted.
const KEPT: usize = 20;

static SKIPPED: Mutex<(Vec<String>, usize)> = Mutex::new((Vec::new(), 0));

/// Notes that `what` (e.g. "product `orders`") could not be read, and why;
/// once, however many readers meet it.
pub fn record_skipped(what: &str, reason: &str) {
    let mut skipped = SKIPPED.lock().unwrap_or_else(|e| e.into_inner());
    let line = format!("{what}: {reason}");
    if skipped.0.contains(&line) {
        return;
    }
    if skipped.0.len() < KEPT {
        skipped.0.push(line);
    }
    skipped.1 += 1;
}

/// What was skipped since the last call, and how many in all.
pub fn take_skipped() -> (Vec<String>, usize) {
    let mut skipped = SKIPPED.lock().unwrap_or_else(|e| e.into_inner());
    std::mem::take(&mut *skipped)
}
