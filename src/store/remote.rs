//! The write side for catalogue servers: a full sync that refreshes a
//! source (everything is sent again; what was not sent is then dropped), an
//! incremental one that applies changes, the resources that are not records
//! (teams, test results, access requests), and each source's ETags and event
//! cursor. Every write happens inside the sync's transaction.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{OptionalExtension, params};

use super::{PutOutcome, Store, StoreError, SyncTx, blob};
use crate::model::{Record, SpecViolation};
use crate::sources::{Previous, Resource, ResourceKind, ResourceRef};

/// The `sync_cursors` endpoint under which the event-feed cursor is kept.
const EVENTS_ENDPOINT: &str = "events";

impl ResourceKind {
    fn column(self) -> &'static str {
        match self {
            ResourceKind::Product => "product",
            ResourceKind::Contract => "contract",
            ResourceKind::Team => "team",
            ResourceKind::TestResult => "test_result",
            ResourceKind::Access => "access",
        }
    }
}

/// The id a resource hangs off, kept for lookups: a test result's data
/// contract, an access request's data product.
fn parent_of(resource: &Resource) -> Option<String> {
    let pointer = match resource.kind {
        ResourceKind::TestResult => "/dataContractId",
        ResourceKind::Access => "/provider/dataProductId",
        _ => return None,
    };
    resource
        .json
        .pointer(pointer)
        .and_then(|v| v.as_str())
        .map(str::to_owned)
}

impl SyncTx<'_> {
    /// What the cache remembers of `source`'s last sync.
    pub fn previous(&self, source: &str) -> Result<Previous, StoreError> {
        let mut previous = Previous::default();
        let mut statement = self
            .tx
            .prepare_cached("SELECT endpoint, etag, cursor FROM sync_cursors WHERE source = ?1")?;
        let rows = statement.query_map([source], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, Option<String>>(2)?,
            ))
        })?;
        for row in rows {
            match row? {
                (endpoint, _, cursor) if endpoint == EVENTS_ENDPOINT => previous.cursor = cursor,
                (url, Some(etag), _) => {
                    previous.etags.insert(url, etag);
                }
                _ => {}
            }
        }
        previous.spec_checks = self.spec_checks_of(source)?;
        Ok(previous)
    }

    /// The schema checks of `source`'s files at the last sync, by content
    /// fingerprint.
    fn spec_checks_of(&self, source: &str) -> Result<HashMap<u64, Vec<SpecViolation>>, StoreError> {
        let mut statement = self
            .tx
            .prepare_cached("SELECT fingerprint, violations FROM spec_checks WHERE source = ?1")?;
        let rows = statement.query_map([source], |row| {
            Ok((row.get::<_, i64>(0)? as u64, row.get::<_, String>(1)?))
        })?;
        let mut checks = HashMap::new();
        for row in rows {
            let (fingerprint, violations) = row?;
            // A list that cannot be read is checked again.
            if let Ok(violations) = super::read::violations_from(&violations) {
                checks.insert(fingerprint, violations);
            }
        }
        Ok(checks)
    }

    /// Starts a full sync of `source`: its problems are forgotten, its
    /// records stay until [`SyncTx::sweep`] drops those not sent again.
    pub fn begin_refresh(
        &mut self,
        source: &str,
        kind: &str,
        location: &str,
    ) -> Result<(), StoreError> {
        self.register_source(source, kind, location)?;
        self.tx
            .prepare_cached("DELETE FROM load_issues WHERE source = ?1")?
            .execute([source])?;
        self.tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS sync_kept (
                 kind TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, id)
             );
             DELETE FROM sync_kept;",
        )?;
        self.refreshing = Some(source.to_owned());
        Ok(())
    }

    /// Starts an incremental sync of `source`.
    pub fn begin_apply(
        &mut self,
        source: &str,
        kind: &str,
        location: &str,
    ) -> Result<(), StoreError> {
        self.register_source(source, kind, location)
    }

    /// Stores `record`, replacing this source's earlier version of it.
    pub fn upsert_record(
        &mut self,
        source: &str,
        origin: Option<&Path>,
        record: &Record,
    ) -> Result<PutOutcome, StoreError> {
        let reference = match record {
            Record::Product(product) => ResourceRef {
                kind: ResourceKind::Product,
                id: product.id.clone(),
            },
            Record::Contract(contract) => ResourceRef {
                kind: ResourceKind::Contract,
                id: contract.id.clone(),
            },
            Record::LineageEvent(_) => return self.put_from(source, origin, record),
        };
        self.remove(source, &reference)?;
        self.keep(&reference)?;
        self.put_from(source, origin, record)
    }

    /// Stores a team, test result or access resource of `source`.
    pub fn put_resource(&mut self, source: &str, resource: &Resource) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO resources (kind, id, source, parent, json) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (source, kind, id) DO UPDATE SET parent = ?4, json = ?5",
            )?
            .execute(params![
                resource.kind.column(),
                resource.id,
                source,
                parent_of(resource),
                blob::encode(&resource.json)?,
            ])?;
        self.keep(&ResourceRef {
            kind: resource.kind,
            id: resource.id.clone(),
        })
    }

    /// Keeps what the cache holds of `reference` through the sweep of a
    /// full sync (the server said it is unchanged).
    pub fn keep(&mut self, reference: &ResourceRef) -> Result<(), StoreError> {
        if self.refreshing.is_some() {
            self.tx
                .prepare_cached("INSERT OR IGNORE INTO sync_kept (kind, id) VALUES (?1, ?2)")?
                .execute(params![reference.kind.column(), reference.id])?;
        }
        Ok(())
    }

    /// Drops `source`'s copy of a resource (every version, for a contract).
    pub fn remove(&mut self, source: &str, reference: &ResourceRef) -> Result<(), StoreError> {
        // `+source`: look rows up by id, never by scanning the source's
        // rows (the planner would otherwise pick the source index).
        let sql = match reference.kind {
            ResourceKind::Product => "DELETE FROM products WHERE +source = ?1 AND id = ?2",
            ResourceKind::Contract => "DELETE FROM contracts WHERE +source = ?1 AND id = ?2",
            _ => "DELETE FROM resources WHERE source = ?1 AND id = ?2 AND kind = ?3",
        };
        let mut statement = self.tx.prepare_cached(sql)?;
        if matches!(
            reference.kind,
            ResourceKind::Product | ResourceKind::Contract
        ) {
            statement.execute(params![source, reference.id])?;
        } else {
            statement.execute(params![source, reference.id, reference.kind.column()])?;
        }
        Ok(())
    }

    /// Drops every team, test result or access resource of `source` of one kind.
    pub fn remove_all(&mut self, source: &str, kind: ResourceKind) -> Result<(), StoreError> {
        self.tx
            .prepare_cached("DELETE FROM resources WHERE source = ?1 AND kind = ?2")?
            .execute(params![source, kind.column()])?;
        Ok(())
    }

    /// Ends a full sync: drops what `source` held and did not send again.
    pub fn sweep(&mut self, source: &str) -> Result<(), StoreError> {
        if self.refreshing.take().as_deref() != Some(source) {
            return Ok(());
        }
        for sql in [
            "DELETE FROM products WHERE source = ?1
               AND id NOT IN (SELECT id FROM sync_kept WHERE kind = 'product')",
            "DELETE FROM contracts WHERE source = ?1
               AND id NOT IN (SELECT id FROM sync_kept WHERE kind = 'contract')",
            "DELETE FROM resources WHERE source = ?1
               AND NOT EXISTS (SELECT 1 FROM sync_kept k
                               WHERE k.kind = resources.kind AND k.id = resources.id)",
            "DELETE FROM lineage_events WHERE source = ?1",
        ] {
            self.tx.prepare_cached(sql)?.execute([source])?;
        }
        self.tx.execute_batch("DELETE FROM sync_kept")?;
        Ok(())
    }

    /// Remembers the ETag `url` was served with.
    pub fn set_etag(&mut self, source: &str, url: &str, etag: &str) -> Result<(), StoreError> {
        self.set_sync_cursor(source, url, Some(etag), None)
    }

    /// Remembers the last event applied from `source`'s feed.
    pub fn set_cursor(&mut self, source: &str, cursor: &str) -> Result<(), StoreError> {
        self.set_sync_cursor(source, EVENTS_ENDPOINT, None, Some(cursor))
    }

    fn set_sync_cursor(
        &mut self,
        source: &str,
        endpoint: &str,
        etag: Option<&str>,
        cursor: Option<&str>,
    ) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO sync_cursors (source, endpoint, etag, cursor, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (source, endpoint) DO UPDATE SET etag = ?3, cursor = ?4, updated_at = ?5",
            )?
            .execute(params![source, endpoint, etag, cursor, now()])?;
        Ok(())
    }

    /// Marks the start of one source's part of the sync: when it fails,
    /// [`SyncTx::abandon_source`] undoes exactly that part.
    pub fn savepoint(&mut self) -> Result<(), StoreError> {
        self.tx.execute_batch("SAVEPOINT source_sync")?;
        Ok(())
    }

    pub fn release_savepoint(&mut self) -> Result<(), StoreError> {
        self.tx.execute_batch("RELEASE source_sync")?;
        Ok(())
    }

    /// Undoes everything since [`SyncTx::savepoint`]: the source keeps what
    /// it held before.
    pub fn abandon_source(&mut self) -> Result<(), StoreError> {
        self.refreshing = None;
        self.tx
            .execute_batch("ROLLBACK TO source_sync; RELEASE source_sync")?;
        Ok(())
    }
}

impl Store {
    /// The team, test result or access resources of one kind, with their
    /// sources, in id order; `parent` narrows them to one contract (test
    /// results) or product (access requests).
    pub fn resources(
        &self,
        kind: ResourceKind,
        parent: Option<&str>,
    ) -> Result<Vec<(String, Resource)>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT source, id, json FROM resources
             WHERE kind = ?1 AND (?2 IS NULL OR parent = ?2) ORDER BY id, source",
        )?;
        let rows = statement.query_map(params![kind.column(), parent], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, blob::Blob>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (source, id, json) = row?;
            out.push((
                source,
                Resource {
                    kind,
                    id,
                    json: json.decode()?,
                },
            ));
        }
        Ok(out)
    }

    /// The last event applied from `source`'s feed.
    pub fn event_cursor(&self, source: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT cursor FROM sync_cursors WHERE source = ?1 AND endpoint = ?2")?
            .query_row(params![source, EVENTS_ENDPOINT], |row| row.get(0))
            .optional()?
            .flatten())
    }

    /// Every source's event cursor, by source name.
    pub fn event_cursors(&self) -> Result<HashMap<String, String>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT source, cursor FROM sync_cursors WHERE endpoint = ?1 AND cursor IS NOT NULL",
        )?;
        let rows = statement.query_map([EVENTS_ENDPOINT], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

pub(super) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
