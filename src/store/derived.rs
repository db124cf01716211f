//! Derived state: what queries read about each product, computed from the
//! records once per cache generation (by the query layer) and stored here,
//! stamped with the generation it came from, so that a question about one
//! product reads one row. Stale or missing derived state is rebuilt by its
//! reader, like the search index.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::blob::decode;
use super::{Store, StoreError};

/// One product's derived row.
pub struct DerivedRow<'a, I, S, H> {
    pub id: &'a str,
    pub domain: Option<&'a str>,
    pub info: &'a I,
    pub state: &'a S,
    /// Read only by [`Store::derived_history`].
    pub history: &'a H,
    /// Products downstream of it, at any depth.
    pub downstream: u32,
}

impl Store {
    /// The generation the derived rows were computed from; `None` when
    /// there are none (never computed, or written by another version).
    pub fn derived_generation(&self) -> Result<Option<u64>, StoreError> {
        let value: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'derived_generation'",
                [],
                |row| row.get(0),
            )
            .optional()?;
        Ok(value.and_then(|v| v.parse().ok()))
    }

    /// Replaces every derived row and the extras (one JSON value) in one
    /// transaction, stamped with `generation`: the one the rows were
    /// computed from (a sync since then leaves them stale).
    pub fn replace_derived<'a, I, S, H, E>(
        &mut self,
        generation: u64,
        rows: impl IntoIterator<Item = DerivedRow<'a, I, S, H>>,
        extra: &E,
    ) -> Result<(), StoreError>
    where
        I: Serialize + 'a,
        S: Serialize + 'a,
        H: Serialize + 'a,
        E: Serialize,
    {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM derived_products", [])?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO derived_products (id, domain_lower, info, state, history, downstream)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for row in rows {
                insert.execute(params![
                    row.id,
                    row.domain.map(str::to_lowercase),
                    serde_json::to_vec(row.info)?,
                    serde_json::to_vec(row.state)?,
                    serde_json::to_vec(row.history)?,
                    row.downstream,
                ])?;
            }
        }
        let stamp = |key: &str, value: String| {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = ?2",
                params![key, value],
            )
        };
        stamp("derived_extra", serde_json::to_string(extra)?)?;
        stamp("derived_generation", generation.to_string())?;
        tx.commit()?;
        Ok(())
    }

    /// Marks the derived rows stale: the next reader computes them again.
    pub fn forget_derived(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM meta WHERE key = 'derived_generation'", [])?;
        Ok(())
    }

    /// The extras stored with the derived rows.
    pub fn derived_extra<E: DeserializeOwned + Default>(&self) -> Result<E, StoreError> {
        let value: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'derived_extra'",
                [],
                |row| row.get(0),
            )
            .optional()?;
        Ok(match value {
            Some(text) => serde_json::from_str(&text)?,
            None => E::default(),
        })
    }

    /// One product's derived (info, state, downstream count).
    pub fn derived_product<I: DeserializeOwned, S: DeserializeOwned>(
        &self,
        id: &str,
    ) -> Result<Option<(I, S, u32)>, StoreError> {
        let row: Option<(Vec<u8>, Vec<u8>, u32)> = self
            .conn
            .prepare_cached("SELECT info, state, downstream FROM derived_products WHERE id = ?1")?
            .query_row([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .optional()?;
        row.map(|(info, state, downstream)| Ok((decode(&info)?, decode(&state)?, downstream)))
            .transpose()
    }

    /// One product's derived history.
    pub fn derived_history<H: DeserializeOwned>(&self, id: &str) -> Result<Option<H>, StoreError> {
        let bytes: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT history FROM derived_products WHERE id = ?1")?
            .query_row([id], |row| row.get(0))
            .optional()?;
        bytes.map(|bytes| decode(&bytes)).transpose()
    }

    /// Every product's derived row (of `domain`, ignoring case, when
    /// given), in id order.
    pub fn for_each_derived<I: DeserializeOwned, S: DeserializeOwned>(
        &self,
        domain: Option<&str>,
        mut visit: impl FnMut(I, S, u32),
    ) -> Result<(), StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT info, state, downstream FROM derived_products
             WHERE ?1 IS NULL OR domain_lower = ?1 ORDER BY id",
        )?;
        let mut rows = statement.query([domain.map(str::to_lowercase)])?;
        while let Some(row) = rows.next()? {
            let info = decode(row.get_ref(0)?.as_bytes()?)?;
            let state = decode(row.get_ref(1)?.as_bytes()?)?;
            visit(info, state, row.get(2)?);
        }
        Ok(())
    }

    /// How many products have derived rows (of `domain`, when given).
    pub fn derived_count(&self, domain: Option<&str>) -> Result<usize, StoreError> {
        let count: i64 = self.conn.query_row(
            "SELECT count(*) FROM derived_products WHERE ?1 IS NULL OR domain_lower = ?1",
            [domain.map(str::to_lowercase)],
            |row| row.get(0),
        )?;
        Ok(count as usize)
    }
}

#[cfg(test)]
impl Store {
    /// Raw SQL, for tests that damage the cache on purpose.
    pub(crate) fn execute_for_test(&self, sql: &str) -> Result<usize, StoreError> {
        Ok(self.conn.execute(sql, [])?)
    }
}
