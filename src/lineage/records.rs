//! The parts of stored records the lineage build reads. A stored product,
//! contract version or run event is decoded into these instead of the full model type: the
//! build needs the ports and the datasets, not the descriptions, schemas,
//! tags or quality facets.

use serde::Deserialize;
use serde_json::Value;

use super::naming::{ContractLocation, ObjectName, location_datasets};
use super::{ProductInfo, dataset_key};
use crate::model::lenient;
use crate::model::{ColumnLineage, Server, SupportChannel};

/// What lineage reads of a product (field for field as [`crate::model::Product`]).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ProductPorts {
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::string")]
    name: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    domain: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    status: Option<String>,
    #[serde(default)]
    team: Option<TeamName>,
    #[serde(default, deserialize_with = "lenient::list")]
    support: Vec<SupportChannel>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub input_ports: Vec<InputContract>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub output_ports: Vec<OutputContract>,
}

#[derive(Debug, Default, Deserialize)]
struct TeamName {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InputContract {
    #[serde(default, deserialize_with = "lenient::string")]
    pub contract_id: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OutputContract {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub contract_id: Option<String>,
}

impl ProductPorts {
    /// The product's [`ProductInfo`] (as [`ProductInfo::of`] makes it), and
    /// its ports.
    pub fn into_info(self) -> (ProductInfo, Vec<InputContract>, Vec<OutputContract>) {
        let name = if self.name.trim().is_empty() {
            self.id.clone()
        } else {
            self.name
        };
        let info = ProductInfo {
            id: self.id,
            name,
            domain: self.domain,
            status: self.status,
            team: self.team.and_then(|t| t.name.or(t.id)),
            support: self.support,
        };
        (info, self.input_ports, self.output_ports)
    }
}

/// What lineage reads of a run event: which datasets it read and wrote, and
/// the `columnLineage` of the written ones.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RunFlow {
    #[serde(default)]
    pub inputs: Vec<DatasetName>,
    #[serde(default)]
    pub outputs: Vec<OutputFlow>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct DatasetName {
    pub namespace: String,
    pub name: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OutputFlow {
    pub namespace: String,
    pub name: String,
    #[serde(default)]
    pub column_lineage: Vec<ColumnLineage>,
}

/// The datasets a contract version names, as URIs ([`super::dataset_key`]),
/// worked out while decoding (on the decoding threads).
#[derive(Debug, Default, Deserialize)]
#[serde(from = "ContractPlaces")]
pub(crate) struct ContractDatasets {
    pub id: String,
    pub keys: Vec<String>,
}

impl From<ContractPlaces> for ContractDatasets {
    fn from(contract: ContractPlaces) -> ContractDatasets {
        let location = contract.into_location();
        let keys = location_datasets(&location)
            .iter()
            .map(|d| dataset_key(&d.namespace, &d.name))
            .collect();
        ContractDatasets {
            id: location.id,
            keys,
        }
    }
}

/// What lineage reads of a contract version: [`ContractLocation`] with each
/// server decoded only for the fields [`super::naming`] reads.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ContractPlaces {
    #[serde(default)]
    id: String,
    #[serde(default)]
    servers: Vec<ServerPlace>,
    #[serde(default)]
    schema: Vec<ObjectName>,
}

/// The fields of a [`Server`] the naming conventions read: the typed ones,
/// and the keys they look up in `extra`.
#[derive(Debug, Default, Deserialize)]
struct ServerPlace {
    #[serde(rename = "type", default, deserialize_with = "lenient::opt_string")]
    server_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    host: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    port: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    database: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    schema: Option<String>,
    #[serde(default)]
    account: Option<Value>,
    #[serde(default)]
    catalog: Option<Value>,
    #[serde(default)]
    dataset: Option<Value>,
    #[serde(default)]
    location: Option<Value>,
    #[serde(default)]
    path: Option<Value>,
    #[serde(default)]
    project: Option<Value>,
}

impl ContractPlaces {
    pub fn into_location(self) -> ContractLocation {
        ContractLocation {
            id: self.id,
            servers: self
                .servers
                .into_iter()
                .map(ServerPlace::into_server)
                .collect(),
            schema: self.schema,
        }
    }
}

impl ServerPlace {
    fn into_server(self) -> Server {
        let extra = [
            ("account", self.account),
            ("catalog", self.catalog),
            ("dataset", self.dataset),
            ("location", self.location),
            ("path", self.path),
            ("project", self.project),
        ]
        .into_iter()
        .filter_map(|(key, value)| Some((key.to_owned(), value?)))
        .collect();
        Server {
            server_type: self.server_type,
            host: self.host,
            port: self.port,
            database: self.database,
            schema: self.schema,
            extra,
            ..Server::default()
        }
    }
}
