//! The read side of the cache.

use std::path::PathBuf;

use rusqlite::{OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::blob::{Blob, decode};
use super::{SourceOutcome, SourceState, SourcedContract, Store, StoreError, newest_first};
use crate::model::{Contract, LineageEvent, LoadIssue, Product, SourceId, SpecViolation};

/// A product with the source it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredProduct {
    pub source: SourceId,
    pub product: Product,
}

/// Sizes of the cached catalogue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub products: u64,
    /// Distinct contract ids.
    pub contracts: u64,
    pub contract_versions: u64,
    pub events: u64,
    pub issues: u64,
    /// Distinct product domains.
    pub domains: u64,
    /// Distinct product teams.
    pub teams: u64,
}

impl Store {
    /// The generation of the last committed sync (0 for a fresh cache).
    pub fn generation(&self) -> Result<u64, StoreError> {
        let value: String = self.conn.query_row(
            "SELECT value FROM meta WHERE key = 'generation'",
            [],
            |row| row.get(0),
        )?;
        Ok(value.parse().unwrap_or(0))
    }

    /// A random id given to this cache when it was created; tells two caches
    /// apart even when they have the same generation.
    pub fn cache_id(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'cache_id'", [], |row| {
                row.get(0)
            })?)
    }

    /// The product with this id or, failing that, the first (by id) whose name
    /// equals `id_or_name` ignoring case.
    pub fn product(&self, id_or_name: &str) -> Result<Option<StoredProduct>, StoreError> {
        let by_id = self
            .conn
            .prepare_cached("SELECT source, json FROM products WHERE id = ?1")?
            .query_row([id_or_name], source_and_json)
            .optional()?;
        let found = match by_id {
            Some(found) => Some(found),
            None => self
                .conn
                .prepare_cached(
                    "SELECT source, json FROM products WHERE name_lower = ?1 ORDER BY id LIMIT 1",
                )?
                .query_row([id_or_name.trim().to_lowercase()], source_and_json)
                .optional()?,
        };
        found
            .map(|(source, json)| {
                let product: Product =
                    json.decode()
                        .map_err(|error| StoreError::UnreadableRecord {
                            what: format!("product `{}`", id_or_name.trim()),
                            reason: error.to_string(),
                        })?;
                Ok(StoredProduct { source, product })
            })
            .transpose()
    }

    /// Every version of a contract, newest first (see [`newest_first`]).
    pub fn contract_versions(&self, id: &str) -> Result<Vec<SourcedContract>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT version, source, json FROM contracts WHERE id = ?1")?;
        let mut rows: Vec<(String, String, Blob)> = statement
            .query_map([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<Result<_, _>>()?;
        rows.sort_by(|a, b| newest_first(&a.0, &b.0));
        rows.into_iter()
            .map(|(_, source, json)| Ok((source, json.decode()?)))
            .collect()
    }

    /// The newest version of a contract.
    pub fn newest_contract(&self, id: &str) -> Result<Option<SourcedContract>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT version, source, json FROM contracts WHERE id = ?1")?;
        let mut best: Option<(String, String, Blob)> = None;
        let mut rows = statement.query([id])?;
        while let Some(row) = rows.next()? {
            let version: String = row.get(0)?;
            if best
                .as_ref()
                .is_none_or(|(known, _, _)| newest_first(&version, known).is_lt())
            {
                best = Some((version, row.get(1)?, row.get(2)?));
            }
        }
        best.map(|(_, source, json)| Ok((source, json.decode()?)))
            .transpose()
    }

    /// One version of a contract.
    pub fn contract(&self, id: &str, version: &str) -> Result<Option<SourcedContract>, StoreError> {
        self.conn
            .prepare_cached("SELECT source, json FROM contracts WHERE id = ?1 AND version = ?2")?
            .query_row([id, version], source_and_json)
            .optional()?
            .map(|(source, json)| Ok((source, json.decode()?)))
            .transpose()
    }

    /// Calls `visit` with every product, by id, one at a time.
    pub fn for_each_product(&self, visit: impl FnMut(&str, &Product)) -> Result<(), StoreError> {
        self.for_each_record(
            "SELECT source, json, id FROM products ORDER BY id",
            "product",
            visit,
        )
    }

    /// Calls `visit` with every contract version, by id, one at a time.
    pub fn for_each_contract(&self, visit: impl FnMut(&str, &Contract)) -> Result<(), StoreError> {
        self.for_each_record(
            "SELECT source, json, id || ' ' || version FROM contracts ORDER BY id, version",
            "contract",
            visit,
        )
    }

    /// Calls `visit` with every OpenLineage run event, in event-time order
    /// (ties in load order), one at a time.
    pub fn for_each_lineage_event(
        &self,
        visit: impl FnMut(&str, &LineageEvent),
    ) -> Result<(), StoreError> {
        self.for_each_record(
            "SELECT source, json, job_namespace || '/' || job_name || ' at ' || event_time
             FROM lineage_events ORDER BY event_time, seq",
            "lineage event of",
            visit,
        )
    }

    /// Like [`Store::for_each_contract`], decoding each version only into
    /// `T`: a type with a few of the contract's fields skips the rest.
    pub fn for_each_contract_as<T: serde::de::DeserializeOwned>(
        &self,
        visit: impl FnMut(&str, &T),
    ) -> Result<(), StoreError> {
        self.for_each_record(
            "SELECT source, json, id || ' ' || version FROM contracts ORDER BY id, version",
            "contract",
            visit,
        )
    }

    /// Like [`Store::for_each_product`], decoding each product only into `T`
    /// (a type with a few of its fields skips the rest), handed over by value.
    pub fn for_each_product_as<T: serde::de::DeserializeOwned + Send>(
        &self,
        visit: impl FnMut(T),
    ) -> Result<(), StoreError> {
        self.for_each_decoded(
            "SELECT json, id FROM products ORDER BY id",
            "product",
            visit,
        )
    }

    /// Like [`Store::for_each_lineage_event`], decoding each event only into
    /// `T`, handed over by value.
    pub fn for_each_lineage_event_as<T: serde::de::DeserializeOwned + Send>(
        &self,
        visit: impl FnMut(T),
    ) -> Result<(), StoreError> {
        self.for_each_decoded(
            "SELECT json, job_namespace || '/' || job_name || ' at ' || event_time
             FROM lineage_events ORDER BY event_time, seq",
            "lineage event of",
            visit,
        )
    }

    /// Like [`Store::for_each_contract_as`], handing each version over by
    /// value, in table order (not by id: reading by id seeks through the
    /// table), for readers that do not depend on the order.
    pub fn for_each_contract_version_as<T: serde::de::DeserializeOwned + Send>(
        &self,
        visit: impl FnMut(T),
    ) -> Result<(), StoreError> {
        self.for_each_decoded(
            "SELECT json, id || ' ' || version FROM contracts",
            "contract",
            visit,
        )
    }

    /// Streams the records of `sql` (one column: the record), in order,
    /// decoded on every core ([`super::parallel`]).
    fn for_each_decoded<T: serde::de::DeserializeOwned + Send>(
        &self,
        sql: &str,
        what: &str,
        visit: impl FnMut(T),
    ) -> Result<(), StoreError> {
        let mut statement = self.conn.prepare_cached(sql)?;
        let mut rows = statement.query([])?;
        super::parallel::for_each_row(&mut rows, what, visit)
    }

    /// Streams the (source, record) rows of `sql`, decoding one at a time.
    /// A record that cannot be decoded is skipped and noted as `what` and
    /// its name (column 2).
    fn for_each_record<T: serde::de::DeserializeOwned>(
        &self,
        sql: &str,
        what: &str,
        mut visit: impl FnMut(&str, &T),
    ) -> Result<(), StoreError> {
        let mut statement = self.conn.prepare_cached(sql)?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let source: String = row.get(0)?;
            match decode::<T>(row.get_ref(1)?.as_bytes()?) {
                Ok(record) => visit(&source, &record),
                Err(error) => {
                    let name: String = row.get(2)?;
                    super::skipped::record_skipped(&format!("{what} `{name}`"), &error.to_string());
                }
            }
        }
        Ok(())
    }

    /// Calls `visit` with the newest version of every contract id, by id.
    /// Only the newest version of each id is deserialised.
    pub fn for_each_newest_contract(
        &self,
        mut visit: impl FnMut(&str, &Contract),
    ) -> Result<(), StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, version, source, json FROM contracts ORDER BY id")?;
        let mut rows = statement.query([])?;
        // (id, version, source, json) of the newest version of the current id.
        let mut best: Option<(String, String, String, Blob)> = None;
        let mut emit = |best: Option<(String, String, String, Blob)>| -> Result<(), StoreError> {
            if let Some((_, _, source, json)) = best {
                visit(&source, &json.decode()?);
            }
            Ok(())
        };
        while let Some(row) = rows.next()? {
            let id = row.get_ref(0)?.as_str()?;
            let version = row.get_ref(1)?.as_str()?;
            let replace = match &best {
                Some((best_id, _, _, _)) if best_id != id => {
                    emit(best.take())?;
                    true
                }
                Some((_, best_version, _, _)) => newest_first(version, best_version).is_lt(),
                None => true,
            };
            if replace {
                best = Some((id.to_owned(), version.to_owned(), row.get(2)?, row.get(3)?));
            }
        }
        emit(best)
    }

    /// (id, name) of every product, by id: the input of the quick-jump matcher.
    /// (id, name) of every contract, by id (the name of one of its
    /// versions; they rarely differ). Read from the name column; a cache
    /// synced before it existed decodes the records instead.
    pub fn contract_names(&self) -> Result<Vec<(String, String)>, StoreError> {
        let unnamed = self.contracts_unnamed()?;
        if unnamed {
            return self.contract_names_decoded();
        }
        self.id_name_pairs("SELECT id, max(name) FROM contracts GROUP BY id ORDER BY id")
    }

    /// Contract rows written before the name column (until the next sync).
    fn contracts_unnamed(&self) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM contracts WHERE name_lower IS NULL)",
            [],
            |row| row.get(0),
        )?)
    }

    /// The (id, name) rows of `sql`, read from a covering index.
    fn id_name_pairs(&self, sql: &str) -> Result<Vec<(String, String)>, StoreError> {
        let mut statement = self.conn.prepare_cached(sql)?;
        let names = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(names)
    }

    fn contract_names_decoded(&self) -> Result<Vec<(String, String)>, StoreError> {
        #[derive(serde::Deserialize)]
        struct Named {
            id: String,
            #[serde(default)]
            name: Option<String>,
        }
        let mut names = std::collections::BTreeMap::new();
        self.for_each_contract_version_as(|contract: Named| {
            let name = contract
                .name
                .filter(|name| !name.trim().is_empty())
                .unwrap_or_else(|| contract.id.clone());
            names.insert(contract.id, name);
        })?;
        Ok(names.into_iter().collect())
    }

    /// The id of a contract whose name is `name` ignoring case (the
    /// smallest id when several share it), or whose id is `name` in lower
    /// case. Both are index lookups.
    pub fn contract_named(&self, name: &str) -> Result<Option<String>, StoreError> {
        let wanted = name.to_lowercase();
        for sql in [
            "SELECT min(id) FROM contracts WHERE name_lower = ?1",
            "SELECT min(id) FROM contracts WHERE id = ?1",
        ] {
            let found = self
                .conn
                .prepare_cached(sql)?
                .query_row([&wanted], |row| row.get::<_, Option<String>>(0))?;
            if found.is_some() {
                return Ok(found);
            }
        }
        let unnamed = self.contracts_unnamed()?;
        if !unnamed {
            return Ok(None);
        }
        Ok(self
            .contract_names_decoded()?
            .into_iter()
            .find(|(id, name)| id.to_lowercase() == wanted || name.to_lowercase() == wanted)
            .map(|(id, _)| id))
    }

    /// Every domain a product names, sorted.
    pub fn domains(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT DISTINCT domain FROM products WHERE domain IS NOT NULL ORDER BY domain",
        )?;
        let domains = statement
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(domains)
    }

    pub fn product_names(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.id_name_pairs("SELECT id, name FROM products ORDER BY id")
    }

    pub fn counts(&self) -> Result<Counts, StoreError> {
        let count = |sql: &str| -> Result<u64, StoreError> {
            let n: i64 = self.conn.query_row(sql, [], |row| row.get(0))?;
            Ok(n as u64)
        };
        Ok(Counts {
            products: count("SELECT COUNT(*) FROM products")?,
            contracts: count("SELECT COUNT(DISTINCT id) FROM contracts")?,
            contract_versions: count("SELECT COUNT(*) FROM contracts")?,
            events: count("SELECT COUNT(*) FROM lineage_events")?,
            issues: count("SELECT COUNT(*) FROM load_issues")?,
            domains: count("SELECT COUNT(DISTINCT domain) FROM products")?,
            teams: count("SELECT COUNT(DISTINCT team) FROM products")?,
        })
    }

    /// Every load issue, in the order they were recorded.
    pub fn issues(&self) -> Result<Vec<LoadIssue>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT source, path, line, col, message FROM load_issues ORDER BY seq",
        )?;
        let issues = statement
            .query_map([], |row| {
                Ok(LoadIssue {
                    source: row.get(0)?,
                    path: PathBuf::from(row.get::<_, String>(1)?),
                    line: row.get::<_, Option<i64>>(2)?.map(|n| n as usize),
                    column: row.get::<_, Option<i64>>(3)?.map(|n| n as usize),
                    message: row.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(issues)
    }

    /// The loaded files that break the official schema of their standard,
    /// in path order: (source, path, where and why).
    pub fn spec_violations(&self) -> Result<Vec<FileViolations>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT source, path, violations FROM spec_checks
             WHERE violations != '' ORDER BY path, source",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?;
        let mut files = Vec::new();
        for row in rows {
            let (source, path, violations) = row?;
            files.push(FileViolations {
                source,
                path: PathBuf::from(path),
                violations: violations_from(&violations)?,
            });
        }
        Ok(files)
    }

    /// Every known source, by name.
    pub fn sources(&self) -> Result<Vec<SourceState>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT name, kind, location, last_sync_at, outcome, products, contracts, events, issues,
                    last_ok_at
             FROM sources ORDER BY name",
        )?;
        let sources = statement
            .query_map([], source_state)?
            .collect::<Result<_, _>>()?;
        Ok(sources)
    }
}

fn source_and_json(row: &Row<'_>) -> rusqlite::Result<(String, Blob)> {
    Ok((row.get(0)?, row.get(1)?))
}

fn source_state(row: &Row<'_>) -> rusqlite::Result<SourceState> {
    let count = |index: usize| -> rusqlite::Result<u64> { Ok(row.get::<_, i64>(index)? as u64) };
    Ok(SourceState {
        name: row.get(0)?,
        kind: row.get(1)?,
        location: row.get(2)?,
        last_sync_at: row.get(3)?,
        outcome: row
            .get::<_, Option<String>>(4)?
            .map(|text| SourceOutcome::from_column(&text)),
        products: count(5)?,
        contract_versions: count(6)?,
        events: count(7)?,
        issues: count(8)?,
        last_ok_at: row.get(9)?,
    })
}

/// A loaded file and where it breaks its standard's schema.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileViolations {
    pub source: String,
    pub path: PathBuf,
    pub violations: Vec<SpecViolation>,
}

pub(super) fn violations_from(text: &str) -> Result<Vec<SpecViolation>, StoreError> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    Ok(serde_json::from_str(text)?)
}
