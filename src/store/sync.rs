//! The write side: one transaction per sync.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use super::{SourceOutcome, StoreError, blob};
use crate::model::{Contract, LineageEvent, LoadIssue, Product, Record, SpecViolation};

/// What [`SyncTx::put`] did with a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PutOutcome {
    Inserted,
    /// The same product id or contract (id, version) was already stored; the
    /// first one is kept and a [`LoadIssue`] names both sources.
    Duplicate {
        existing_source: String,
    },
}

#[derive(Debug, Default)]
struct SourceTally {
    location: String,
    /// Loaded in this transaction: its counts are taken again at the end.
    replaced: bool,
}

/// An open sync. Dropping it without [`SyncTx::commit`] rolls everything back,
/// leaving the previous catalogue and generation untouched.
pub struct SyncTx<'a> {
    pub(super) tx: Transaction<'a>,
    tallies: HashMap<String, SourceTally>,
    /// The source of a full sync under way (see `remote.rs`).
    pub(super) refreshing: Option<String>,
}

impl<'a> SyncTx<'a> {
    pub(super) fn begin(conn: &'a mut Connection) -> Result<SyncTx<'a>, StoreError> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        Ok(SyncTx {
            tx,
            tallies: HashMap::new(),
            refreshing: None,
        })
    }

    /// Forgets every source not named in `keep` (a source removed from the
    /// config), with everything it contributed.
    pub fn retain_sources(&mut self, keep: &[&str]) -> Result<(), StoreError> {
        let known: Vec<String> = self
            .tx
            .prepare_cached("SELECT name FROM sources")?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        for gone in known.iter().filter(|name| !keep.contains(&name.as_str())) {
            self.delete_rows_of(gone)?;
            self.tx
                .prepare_cached("DELETE FROM sources WHERE name = ?1")?
                .execute([gone])?;
        }
        Ok(())
    }

    fn delete_rows_of(&mut self, source: &str) -> Result<(), StoreError> {
        for table in [
            "products",
            "contracts",
            "lineage_events",
            "load_issues",
            "spec_checks",
            "resources",
            "sync_cursors",
        ] {
            let sql = format!("DELETE FROM {table} WHERE source = ?1");
            self.tx.prepare_cached(&sql)?.execute([source])?;
        }
        Ok(())
    }

    /// Forgets everything `source` contributed before (products, contracts,
    /// events, issues) and records its kind and location.
    pub fn replace_source(
        &mut self,
        source: &str,
        kind: &str,
        location: &str,
    ) -> Result<(), StoreError> {
        self.delete_rows_of(source)?;
        self.register_source(source, kind, location)
    }

    /// Records `source`'s kind and location, keeping what it holds.
    pub fn register_source(
        &mut self,
        source: &str,
        kind: &str,
        location: &str,
    ) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO sources (name, kind, location) VALUES (?1, ?2, ?3)
                 ON CONFLICT (name) DO UPDATE SET kind = ?2, location = ?3",
            )?
            .execute(params![source, kind, location])?;
        self.tallies.insert(
            source.to_owned(),
            SourceTally {
                location: location.to_owned(),
                replaced: true,
            },
        );
        Ok(())
    }

    /// Stores one record of `source`. A product or contract version already
    /// stored (by another source or earlier by this one) is kept, and the
    /// collision is recorded as a load issue of `source`.
    pub fn put(&mut self, source: &str, record: &Record) -> Result<PutOutcome, StoreError> {
        self.put_from(source, None, record)
    }

    /// [`SyncTx::put`] of a record read from `file`, which a duplicate's
    /// load issue then names.
    pub fn put_from(
        &mut self,
        source: &str,
        file: Option<&Path>,
        record: &Record,
    ) -> Result<PutOutcome, StoreError> {
        let outcome = match record {
            Record::Product(product) => self.put_product(source, file, product)?,
            Record::Contract(contract) => self.put_contract(source, file, contract)?,
            Record::LineageEvent(event) => {
                self.put_event(source, event)?;
                PutOutcome::Inserted
            }
        };
        Ok(outcome)
    }

    fn put_product(
        &mut self,
        source: &str,
        file: Option<&Path>,
        product: &Product,
    ) -> Result<PutOutcome, StoreError> {
        let existing: Option<String> = self
            .tx
            .prepare_cached("SELECT source FROM products WHERE id = ?1")?
            .query_row([&product.id], |row| row.get(0))
            .optional()?;
        if let Some(existing_source) = existing {
            let what = format!("product `{}`", product.id);
            return self.duplicate(source, file, &what, existing_source);
        }
        let team = product
            .team
            .as_ref()
            .and_then(|team| team.name.as_deref().or(team.id.as_deref()));
        self.tx
            .prepare_cached(
                "INSERT INTO products (id, source, name, name_lower, domain, team, status, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                product.id,
                source,
                product.name,
                product.title().to_lowercase(),
                product.domain,
                team,
                product.status,
                blob::encode(product)?,
            ])?;
        Ok(PutOutcome::Inserted)
    }

    fn put_contract(
        &mut self,
        source: &str,
        file: Option<&Path>,
        contract: &Contract,
    ) -> Result<PutOutcome, StoreError> {
        let existing: Option<String> = self
            .tx
            .prepare_cached("SELECT source FROM contracts WHERE id = ?1 AND version = ?2")?
            .query_row([&contract.id, &contract.version], |row| row.get(0))
            .optional()?;
        if let Some(existing_source) = existing {
            let what = format!("contract `{}` version `{}`", contract.id, contract.version);
            return self.duplicate(source, file, &what, existing_source);
        }
        self.tx
            .prepare_cached(
                "INSERT INTO contracts (id, version, source, json, name, name_lower)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                contract.id,
                contract.version,
                source,
                blob::encode(contract)?,
                contract_name(contract),
                contract_name(contract).to_lowercase(),
            ])?;
        Ok(PutOutcome::Inserted)
    }

    fn put_event(&mut self, source: &str, event: &LineageEvent) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO lineage_events (source, event_time, job_namespace, job_name, json)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                source,
                event.event_time,
                event.job.namespace,
                event.job.name,
                blob::encode(event)?,
            ])?;
        Ok(())
    }

    fn duplicate(
        &mut self,
        source: &str,
        file: Option<&Path>,
        what: &str,
        existing_source: String,
    ) -> Result<PutOutcome, StoreError> {
        let message = if existing_source == source {
            format!("{what} is defined more than once by source `{source}`; kept the first")
        } else {
            format!("{what} is also defined by source `{source}`; kept `{existing_source}`")
        };
        let location = self
            .tallies
            .get(source)
            .map(|tally| tally.location.clone())
            .filter(|location| !location.is_empty())
            .unwrap_or_else(|| source.to_owned());
        self.put_issue(&LoadIssue {
            source: source.to_owned(),
            path: file.map_or_else(|| PathBuf::from(location), Path::to_path_buf),
            line: None,
            column: None,
            message,
        })?;
        Ok(PutOutcome::Duplicate { existing_source })
    }

    /// Records a file the source could not load.
    pub fn put_issue(&mut self, issue: &LoadIssue) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO load_issues (source, path, line, col, message)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                issue.source,
                issue.path.to_string_lossy(),
                issue.line.map(|n| n as i64),
                issue.column.map(|n| n as i64),
                issue.message,
            ])?;
        Ok(())
    }

    /// Records the schema check of one file of `source`, by the fingerprint
    /// of its content.
    pub fn put_spec_check(
        &mut self,
        source: &str,
        path: &Path,
        fingerprint: u64,
        violations: &[SpecViolation],
    ) -> Result<(), StoreError> {
        let violations = if violations.is_empty() {
            String::new()
        } else {
            serde_json::to_string(violations)?
        };
        self.tx
            .prepare_cached(
                "INSERT INTO spec_checks (source, path, fingerprint, violations)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                source,
                path.to_string_lossy(),
                fingerprint as i64,
                violations
            ])?;
        Ok(())
    }

    /// Records the end of a source's sync: time, outcome and, when the source
    /// was loaded in this transaction, its record counts. A failed source
    /// that was not loaded keeps its previous records and counts.
    pub fn finish_source(
        &mut self,
        source: &str,
        outcome: SourceOutcome,
    ) -> Result<(), StoreError> {
        let now = super::remote::now();
        let ok = (outcome == SourceOutcome::Ok).then_some(now.as_str());
        self.tx
            .prepare_cached(
                "INSERT INTO sources (name, kind, location, last_sync_at, outcome, last_ok_at)
                 VALUES (?1, '', '', ?2, ?3, ?4)
                 ON CONFLICT (name) DO UPDATE SET last_sync_at = ?2, outcome = ?3,
                     last_ok_at = coalesce(?4, last_ok_at)",
            )?
            .execute(params![source, now, outcome.to_column(), ok])?;
        if self.tallies.get(source).is_some_and(|tally| tally.replaced) {
            self.tx
                .prepare_cached(
                    "UPDATE sources SET
                         products = (SELECT count(*) FROM products WHERE source = ?1),
                         contracts = (SELECT count(*) FROM contracts WHERE source = ?1),
                         events = (SELECT count(*) FROM lineage_events WHERE source = ?1),
                         issues = (SELECT count(*) FROM load_issues WHERE source = ?1)
                     WHERE name = ?1",
                )?
                .execute([source])?;
        }
        Ok(())
    }

    /// Commits a sync that changed no record (only sync times and cursors):
    /// the generation stays.
    pub fn commit_unchanged(self) -> Result<u64, StoreError> {
        let generation: i64 = self.tx.query_row(
            "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'",
            [],
            |row| row.get(0),
        )?;
        self.tx.commit()?;
        Ok(generation as u64)
    }

    /// Makes the sync visible and returns the new cache generation.
    pub fn commit(self) -> Result<u64, StoreError> {
        let generation: i64 = self.tx.query_row(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'
             RETURNING CAST(value AS INTEGER)",
            [],
            |row| row.get(0),
        )?;
        self.tx.commit()?;
        Ok(generation as u64)
    }
}

/// The name a contract is looked up by: its `name`, else its id.
fn contract_name(contract: &Contract) -> &str {
    contract
        .name
        .as_deref()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or(&contract.id)
}
