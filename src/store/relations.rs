//! Who publishes and who consumes each contract, and which products each team
//! owns: the cross references of the explorer, read in one pass each.
//! (Stored records are compressed JSON, so ports are decoded here, not in SQL.)

use serde::{Deserialize, Serialize};

use super::blob::decode;
use super::{Store, StoreError};

/// The ports of a stored product, and nothing else of it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PortsOnly {
    #[serde(default)]
    input_ports: Vec<PortOnly>,
    #[serde(default)]
    output_ports: Vec<PortOnly>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PortOnly {
    #[serde(default)]
    contract_id: Option<String>,
    #[serde(default)]
    version: Option<String>,
}

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
    /// Every (product, port direction, contract id, version), in one pass
    /// that decodes only the ports of each product: build a map from it once
    /// per cache generation.
    pub fn port_contracts(&self) -> Result<Vec<PortContract>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, name, json FROM products ORDER BY id")?;
        let mut rows = statement.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let product_id: String = row.get(0)?;
            let product_name: String = row.get(1)?;
            let ports: PortsOnly = decode(row.get_ref(2)?.as_bytes()?)?;
            let named = ports
                .output_ports
                .into_iter()
                .map(|port| (true, port))
                .chain(ports.input_ports.into_iter().map(|port| (false, port)));
            for (output, port) in named {
                let Some(contract_id) = port.contract_id.filter(|id| !id.trim().is_empty()) else {
                    continue;
                };
                out.push(PortContract {
                    product_id: product_id.clone(),
                    product_name: product_name.clone(),
                    output,
                    contract_id,
                    version: port.version,
                });
            }
        }
        Ok(out)
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
