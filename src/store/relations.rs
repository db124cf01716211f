//! Who publishes and who consumes each contract, and which products each team
//! owns: the cross references of the explorer, read in one pass each.

use serde::{Deserialize, Serialize};

use super::{Store, StoreError};

/// A product's summary line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductRow {
    pub id: String,
    pub name: String,
    pub domain: Option<String>,
    pub status: Option<String>,
}

/// One port naming a contract: `output` ports publish it, input ports consume it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortContract {
    pub product_id: String,
    pub product_name: String,
    pub output: bool,
    pub contract_id: String,
    /// The contract version the port names, if any.
    pub version: Option<String>,
}

impl Store {
    /// Every (product, port direction, contract id), in one SQL pass (no JSON
    /// decoding in Rust): build a map from it once per cache generation.
    pub fn port_contracts(&self) -> Result<Vec<PortContract>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT p.id, p.name, 1, json_extract(o.value, '$.contractId'),
                    json_extract(o.value, '$.version')
               FROM products p, json_each(p.json, '$.outputPorts') o
              WHERE json_extract(o.value, '$.contractId') IS NOT NULL
             UNION ALL
             SELECT p.id, p.name, 0, json_extract(i.value, '$.contractId'),
                    json_extract(i.value, '$.version')
               FROM products p, json_each(p.json, '$.inputPorts') i
              WHERE json_extract(i.value, '$.contractId') IS NOT NULL",
        )?;
        let rows = statement
            .query_map([], |row| {
                Ok(PortContract {
                    product_id: row.get(0)?,
                    product_name: row.get(1)?,
                    output: row.get::<_, i64>(2)? == 1,
                    contract_id: row.get(3)?,
                    version: row.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// (team, number of products) for every team, by name.
    pub fn teams(&self) -> Result<Vec<(String, u64)>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT team, COUNT(*) FROM products WHERE team IS NOT NULL GROUP BY team ORDER BY team",
        )?;
        let teams = statement
            .query_map([], |row| Ok((row.get(0)?, row.get::<_, i64>(1)? as u64)))?
            .collect::<Result<_, _>>()?;
        Ok(teams)
    }

    /// The products a team owns (team name or id, ignoring case), by name.
    pub fn team_products(&self, team: &str) -> Result<Vec<ProductRow>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, name, domain, status FROM products
              WHERE lower(team) = lower(?1) ORDER BY name_lower, id",
        )?;
        let rows = statement
            .query_map([team], |row| {
                Ok(ProductRow {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    domain: row.get(2)?,
                    status: row.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}
