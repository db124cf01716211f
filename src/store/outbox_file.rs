//! The outbox's own database file, beside the cache: `catalogue.sqlite`
//! has `catalogue.outbox.sqlite`.
//!
//! The cache is derived from the sources and may be rebuilt at any time; a
//! request the user typed is not. Keeping the two apart means a sync (whose
//! one write transaction can last minutes on a big catalogue or a slow
//! server) never holds the lock an access request needs, and a cache that is
//! deleted or moved aside takes no request with it. Every commit here is
//! synced to disk (`synchronous = FULL`): writes are rare and small.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::migrations::{OUTBOX_MIGRATIONS, migrate_steps};
use super::{BUSY_TIMEOUT, StoreError};

/// The outbox file of the cache at `cache`.
pub fn outbox_path(cache: &Path) -> PathBuf {
    let stem = cache.file_stem().map_or_else(
        || "catalogue".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    cache.with_file_name(format!("{stem}.outbox.sqlite"))
}

/// Opens (creating it if needed) the outbox of the cache at `cache`, or a
/// private one in memory for an in-memory cache.
pub(super) fn open(cache: Option<&Path>) -> Result<Connection, StoreError> {
    let mut conn = match cache {
        Some(cache) => Connection::open(outbox_path(cache))?,
        None => Connection::open_in_memory()?,
    };
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    migrate_steps(&mut conn, OUTBOX_MIGRATIONS, OUTBOX_MIGRATIONS.len())?;
    Ok(conn)
}

/// Copies the requests and audit lines a cache of schema 4 held in its own
/// tables (before the outbox had a file of its own) into the outbox file.
/// Run before the cache's step 5 drops those tables; running it twice adds
/// nothing.
pub(super) fn import_legacy(cache: &Path) -> Result<(), StoreError> {
    let mut outbox = open(Some(cache))?;
    outbox.execute(
        "ATTACH DATABASE ?1 AS legacy",
        [cache.to_string_lossy().as_ref()],
    )?;
    let copied = (|| -> Result<(), StoreError> {
        let tx = outbox.transaction()?;
        tx.execute(
            "INSERT OR IGNORE INTO access_outbox SELECT id, source, product_id, port, consumer,
                 approvers, access, status, created_at, sent_at, updated_at, last_error, file
             FROM legacy.access_outbox",
            [],
        )?;
        let audited: i64 = tx.query_row("SELECT count(*) FROM access_audit", [], |r| r.get(0))?;
        if audited == 0 {
            tx.execute(
                "INSERT INTO access_audit (at, request, action, detail)
                 SELECT at, request, action, detail FROM legacy.access_audit ORDER BY seq",
                [],
            )?;
        }
        tx.commit()?;
        Ok(())
    })();
    outbox.execute("DETACH DATABASE legacy", [])?;
    copied
}
