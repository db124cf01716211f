//! Schema migrations, applied in order and tracked in `PRAGMA user_version`.
//!
//! To change the schema, append a step; never edit a released one. The version
//! of a database is the number of steps applied to it.

use rusqlite::Connection;

use super::StoreError;

/// Each entry is one migration step (a batch of SQL).
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: the catalogue and its provenance.
    "CREATE TABLE meta (
         key   TEXT PRIMARY KEY,
         value TEXT NOT NULL
     );
     INSERT INTO meta (key, value) VALUES ('generation', '0');
     CREATE TABLE sources (
         name           TEXT PRIMARY KEY,
         kind           TEXT NOT NULL,
         location       TEXT NOT NULL,
         last_sync_at   TEXT,
         outcome        TEXT,
         products       INTEGER NOT NULL DEFAULT 0,
         contracts      INTEGER NOT NULL DEFAULT 0,
         events         INTEGER NOT NULL DEFAULT 0,
         issues         INTEGER NOT NULL DEFAULT 0
     );
     CREATE TABLE products (
         id         TEXT PRIMARY KEY,
         source     TEXT NOT NULL,
         name       TEXT NOT NULL,
         name_lower TEXT NOT NULL,
         domain     TEXT,
         team       TEXT,
         status     TEXT,
         json       TEXT NOT NULL
     );
     CREATE INDEX products_source ON products (source);
     CREATE INDEX products_name_lower ON products (name_lower);
     CREATE TABLE contracts (
         id      TEXT NOT NULL,
         version TEXT NOT NULL,
         source  TEXT NOT NULL,
         json    TEXT NOT NULL,
         PRIMARY KEY (id, version)
     );
     CREATE INDEX contracts_source ON contracts (source);
     CREATE TABLE lineage_events (
         seq            INTEGER PRIMARY KEY,
         source         TEXT NOT NULL,
         event_time     TEXT NOT NULL,
         job_namespace  TEXT NOT NULL,
         job_name       TEXT NOT NULL,
         json           TEXT NOT NULL
     );
     CREATE INDEX lineage_events_source ON lineage_events (source);
     CREATE INDEX lineage_events_job ON lineage_events (job_namespace, job_name, event_time);
     CREATE TABLE load_issues (
         seq     INTEGER PRIMARY KEY,
         source  TEXT NOT NULL,
         path    TEXT NOT NULL,
         line    INTEGER,
         col     INTEGER,
         message TEXT NOT NULL
     );
     CREATE INDEX load_issues_source ON load_issues (source);",
    // 2: sync state per source endpoint (HTTP ETags, paging cursors).
    "CREATE TABLE sync_cursors (
         source     TEXT NOT NULL,
         endpoint   TEXT NOT NULL,
         etag       TEXT,
         cursor     TEXT,
         updated_at TEXT NOT NULL,
         PRIMARY KEY (source, endpoint)
     );
     INSERT OR IGNORE INTO meta (key, value) VALUES ('cache_id', lower(hex(randomblob(16))));",
    // 3: catalogue-server resources (teams, test results, access requests)
    // and the time of each source's last successful sync.
    "CREATE TABLE resources (
         kind    TEXT NOT NULL,
         id      TEXT NOT NULL,
         source  TEXT NOT NULL,
         parent  TEXT,
         json    BLOB NOT NULL,
         PRIMARY KEY (source, kind, id)
     );
     CREATE INDEX resources_kind ON resources (kind, parent);
     ALTER TABLE sources ADD COLUMN last_ok_at TEXT;
     UPDATE sources SET last_ok_at = last_sync_at WHERE outcome = 'ok';",
    // 4: the access-request outbox and its append-only audit log (moved to a
    // file of its own by step 5).
    OUTBOX_SCHEMA,
    // 5: the outbox moved to a file of its own (outbox_file.rs copied its
    // rows there before this step).
    "DROP TRIGGER access_audit_no_update;
     DROP TRIGGER access_audit_no_delete;
     DROP TABLE access_audit;
     DROP TABLE access_outbox;",
    // 6: the schema check of each catalogue file, by its content's
    // fingerprint (a file unchanged since the last sync is not checked
    // again); `violations` is a JSON list, empty text when there are none.
    "CREATE TABLE spec_checks (
         source      TEXT NOT NULL,
         path        TEXT NOT NULL,
         fingerprint INTEGER NOT NULL,
         violations  TEXT NOT NULL
     );
     CREATE INDEX spec_checks_source ON spec_checks (source);",
    // 7: a contract version's name beside its record, so a lookup by name or
    // a nearest match reads one column instead of decoding every record
    // (NULL in rows written before this step, until the next sync); and the
    // (id, name) lists read from covering indexes, not from table pages that
    // mostly hold the records (at 100k products: 0.6 s → ms).
    "ALTER TABLE contracts ADD COLUMN name TEXT;
     ALTER TABLE contracts ADD COLUMN name_lower TEXT;
     CREATE INDEX contracts_name_lower ON contracts (name_lower);
     CREATE INDEX contracts_id_name ON contracts (id, name);
     CREATE INDEX products_id_name ON products (id, name);",
    // 8: what the quality and health queries read, derived from the records
    // once per cache generation (`derived_generation` in meta says which):
    // each product's lineage facts, quality state, its history apart (only
    // one product's is read at a time) and blast radius; plain JSON, as
    // zstd frames of a few hundred bytes cost more to open than they save.
    "CREATE TABLE derived_products (
         id           TEXT PRIMARY KEY,
         domain_lower TEXT,
         info         BLOB NOT NULL,
         state        BLOB NOT NULL,
         history      BLOB NOT NULL,
         downstream   INTEGER NOT NULL
     );",
];

/// The steps of the outbox file (`outbox_file.rs`), versioned the same way.
pub(crate) const OUTBOX_MIGRATIONS: &[&str] = &[
    // 1: the access-request outbox and its append-only audit log.
    OUTBOX_SCHEMA,
];

/// The outbox tables: step 4 of the cache once, step 1 of the outbox file
/// now. Released text: a change of the outbox is a new outbox step.
const OUTBOX_SCHEMA: &str = "CREATE TABLE access_outbox (
         id          TEXT PRIMARY KEY,
         source      TEXT NOT NULL,
         product_id  TEXT NOT NULL,
         port        TEXT NOT NULL,
         consumer    TEXT NOT NULL,
         approvers   TEXT NOT NULL,
         access      TEXT NOT NULL,
         status      TEXT NOT NULL,
         created_at  TEXT NOT NULL,
         sent_at     TEXT,
         updated_at  TEXT NOT NULL,
         last_error  TEXT,
         file        TEXT
     );
     CREATE TABLE access_audit (
         seq      INTEGER PRIMARY KEY,
         at       TEXT NOT NULL,
         request  TEXT NOT NULL,
         action   TEXT NOT NULL,
         detail   TEXT NOT NULL
     );
     CREATE TRIGGER access_audit_no_update BEFORE UPDATE ON access_audit
     BEGIN SELECT RAISE(ABORT, 'the access audit log is append-only'); END;
     CREATE TRIGGER access_audit_no_delete BEFORE DELETE ON access_audit
     BEGIN SELECT RAISE(ABORT, 'the access audit log is append-only'); END;";

/// The cache step that drops the outbox tables (their rows are copied to
/// the outbox file first).
pub(crate) const OUTBOX_MOVED: usize = 5;

/// The schema version a fully migrated database has.
pub const SCHEMA_VERSION: usize = MIGRATIONS.len();

/// Applies every step the database has not seen yet, each in its own
/// transaction together with the `user_version` bump.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    migrate_to(conn, SCHEMA_VERSION)
}

pub(crate) fn migrate_to(conn: &mut Connection, target: usize) -> Result<(), StoreError> {
    migrate_steps(conn, MIGRATIONS, target)
}

/// The version (`PRAGMA user_version`) of an open database.
pub(crate) fn version_of(conn: &Connection) -> Result<usize, StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    Ok(usize::try_from(current).unwrap_or(0))
}

/// Applies `steps` up to `target` to a database versioned by them.
pub(crate) fn migrate_steps(
    conn: &mut Connection,
    steps: &[&str],
    target: usize,
) -> Result<(), StoreError> {
    let current = version_of(conn)?;
    if current > steps.len() {
        return Err(StoreError::NewerSchema {
            found: current,
            supported: steps.len(),
        });
    }
    for (index, step) in steps.iter().enumerate().take(target).skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", (index + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
