//! The SQLite cache: the record of what was last synced from every source.
//!
//! One transaction per sync ([`SyncTx`]) so that a failed or killed sync leaves
//! the previous catalogue whole. Model values are kept as JSON next to the
//! columns needed to query them. Every committed sync bumps the cache
//! *generation*, which the search index is stamped with.

mod blob;
mod derived;
mod lock;
mod migrations;
mod outbox;
mod outbox_file;
mod parallel;
mod read;
mod recover;
mod relations;
mod remote;
mod skipped;
mod sync;
mod version;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::model::{Contract, Product, SourceId};

pub use derived::DerivedRow;
pub use lock::{SyncHolder, SyncLock, process_is_running, sync_lock_path};
pub use migrations::SCHEMA_VERSION;
pub use outbox::{AccessChange, AuditLine, OutboxEntry, RequestStatus};
pub use outbox_file::outbox_path;
pub use read::{Counts, FileViolations, StoredProduct};
pub use recover::{MovedAside, move_aside};
pub use relations::{PortContract, ProductRow};
pub use skipped::take_skipped;
pub use sync::{PutOutcome, SyncTx};
pub use version::{Bump, bump, newest_first};

/// How long a writer waits for another process holding the database lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cache database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot create the cache directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cached record has an unexpected type: {0}")]
    Column(#[from] rusqlite::types::FromSqlError),
    #[error("cached record cannot be (de)compressed: {0}")]
    Compression(std::io::Error),
    #[error("cached record is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the cached {what} cannot be read ({reason}); `meshlens sync --full` rewrites it")]
    UnreadableRecord { what: String, reason: String },
    #[error("cannot move the damaged cache {path} aside: {source}")]
    MoveAside {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot use the sync lock {path}: {source}")]
    Lock {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the cache was written by a newer meshlens (schema {found}, this build knows {supported}); \
         delete it or upgrade meshlens"
    )]
    NewerSchema { found: usize, supported: usize },
}

/// How the last sync of a source ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum SourceOutcome {
    Ok,
    Failed { message: String },
}

impl SourceOutcome {
    fn to_column(&self) -> String {
        match self {
            SourceOutcome::Ok => "ok".to_owned(),
            SourceOutcome::Failed { message } => format!("failed: {message}"),
        }
    }

    fn from_column(text: &str) -> SourceOutcome {
        match text.strip_prefix("failed: ") {
            Some(message) => SourceOutcome::Failed {
                message: message.to_owned(),
            },
            None => SourceOutcome::Ok,
        }
    }
}

/// What the cache knows about one source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceState {
    pub name: SourceId,
    pub kind: String,
    pub location: String,
    /// RFC 3339, UTC.
    pub last_sync_at: Option<String>,
    pub outcome: Option<SourceOutcome>,
    /// When the source last synced without error (RFC 3339, UTC).
    #[serde(default)]
    pub last_ok_at: Option<String>,
    pub products: u64,
    pub contract_versions: u64,
    pub events: u64,
    pub issues: u64,
}

/// The cache database, and the outbox beside it (opened on first use).
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    outbox: std::cell::OnceCell<Connection>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating it and its parent directories if needed) the cache at
    /// `path`, and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let conn = Connection::open(path)?;
        Store::init(conn, Some(path.to_path_buf()))
    }

    /// A private cache in memory, for tests and the embedded demo.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?, None)
    }

    fn init(mut conn: Connection, path: Option<PathBuf>) -> Result<Store, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // WAL: readers (the TUI) never block on a running sync.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.set_prepared_statement_cache_capacity(32);
        let version = migrations::version_of(&conn)?;
        if let Some(path) = &path
            && (migrations::OUTBOX_MOVED - 1..migrations::OUTBOX_MOVED).contains(&version)
        {
            outbox_file::import_legacy(path)?;
        }
        migrations::migrate(&mut conn)?;
        Ok(Store {
            conn,
            path,
            outbox: std::cell::OnceCell::new(),
        })
    }

    /// The outbox database, opened (and created) on first use.
    fn outbox(&self) -> Result<&Connection, StoreError> {
        if let Some(conn) = self.outbox.get() {
            return Ok(conn);
        }
        let conn = outbox_file::open(self.path.as_deref())?;
        Ok(self.outbox.get_or_init(|| conn))
    }

    fn outbox_mut(&mut self) -> Result<&mut Connection, StoreError> {
        self.outbox()?;
        self.outbox
            .get_mut()
            .ok_or_else(|| StoreError::Sqlite(rusqlite::Error::InvalidQuery))
    }

    /// The database file, or `None` for an in-memory cache.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version of the open database (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<usize, StoreError> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?;
        Ok(usize::try_from(version).unwrap_or(0))
    }

    /// Starts the one write transaction of a sync (`BEGIN IMMEDIATE`).
    pub fn begin_sync(&mut self) -> Result<SyncTx<'_>, StoreError> {
        SyncTx::begin(&mut self.conn)
    }
}

/// The contract ids of a product's output ports, first mention first.
pub fn contract_ids_for_product(product: &Product) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for id in product
        .output_ports
        .iter()
        .filter_map(|port| port.contract_id.as_deref())
        .filter(|id| !id.trim().is_empty())
    {
        if !ids.iter().any(|known| known == id) {
            ids.push(id.to_owned());
        }
    }
    ids
}

/// A contract version with the source it came from.
pub type SourcedContract = (SourceId, Contract);

#[cfg(test)]
mod tests;
