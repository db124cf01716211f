//! Where a contract's data shows up in OpenLineage events: a contract server
//! plus a schema object's `physicalName` give the dataset's (namespace, name)
//! by the OpenLineage naming conventions (standards/openlineage/Naming.md).

use serde::Deserialize;

use crate::model::{Contract, DatasetRef, Server};

/// The parts of a contract version that say where its data lives: what the
/// lineage build decodes of each stored contract.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ContractLocation {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub servers: Vec<Server>,
    #[serde(default)]
    pub schema: Vec<ObjectName>,
}

/// A schema object's name and `physicalName`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ObjectName {
    #[serde(default)]
    pub name: String,
    #[serde(default, rename = "physicalName")]
    pub physical_name: Option<String>,
}

impl ContractLocation {
    pub fn of(contract: &Contract) -> ContractLocation {
        ContractLocation {
            id: contract.id.clone(),
            servers: contract.servers.clone(),
            schema: contract
                .schema
                .iter()
                .map(|object| ObjectName {
                    name: object.name.clone(),
                    physical_name: object.physical_name.clone(),
                })
                .collect(),
        }
    }
}

/// Every (namespace, name) the contract's schema objects have on its servers,
/// without duplicates. Objects without `physicalName` use their `name`.
pub fn contract_datasets(contract: &Contract) -> Vec<DatasetRef> {
    location_datasets(&ContractLocation::of(contract))
}

/// [`contract_datasets`] of the decoded parts of a contract.
pub fn location_datasets(contract: &ContractLocation) -> Vec<DatasetRef> {
    let mut out: Vec<DatasetRef> = Vec::new();
    for server in &contract.servers {
        for object in &contract.schema {
            let table = object
                .physical_name
                .as_deref()
                .filter(|name| !name.trim().is_empty())
                .unwrap_or(&object.name);
            if table.trim().is_empty() {
                continue;
            }
            if let Some(dataset) = dataset_name(server, table)
                && !out.contains(&dataset)
            {
                out.push(dataset);
            }
        }
    }
    out
}

/// The OpenLineage dataset of `table` on `server`, or `None` for a server
/// type without a naming convention (or missing the fields it needs).
pub fn dataset_name(server: &Server, table: &str) -> Option<DatasetRef> {
    let kind = server.server_type.as_deref()?.trim().to_ascii_lowercase();
    let (namespace, name) = match kind.as_str() {
        "postgres" | "postgresql" => host_port_db_schema(server, "postgres", "5432", table)?,
        "redshift" => host_port_db_schema(server, "redshift", "5439", table)?,
        "trino" | "presto" => host_port_db_schema(server, "trino", "8080", table)?,
        "mysql" => (
            authority("mysql", server, "3306")?,
            dotted(&[field(server, "database")?, table]),
        ),
        "sqlserver" | "synapse" => (
            format!(
                "sqlserver://{}:{};database={};",
                field(server, "host")?,
                field(server, "port").unwrap_or("1433"),
                field(server, "database")?
            ),
            dotted(&[field(server, "database")?, field(server, "schema")?, table]),
        ),
        "snowflake" => (
            format!("snowflake://{}", snowflake_account(server)?),
            dotted(&[field(server, "database")?, field(server, "schema")?, table]),
        ),
        "bigquery" => (
            "bigquery".to_owned(),
            dotted(&[field(server, "project")?, field(server, "dataset")?, table]),
        ),
        "databricks" | "spark" => (
            format!("databricks://{}", field(server, "host")?),
            dotted(&[
                field(server, "catalog").unwrap_or("hive_metastore"),
                field(server, "schema")?,
                table,
            ]),
        ),
        "kafka" => (kafka_namespace(server)?, table.to_owned()),
        "s3" | "gcs" | "azure" | "abfss" | "wasbs" | "hdfs" | "dbfs" => {
            object_store(server, &kind, table)?
        }
        "local" | "file" => ("file".to_owned(), join_path(field(server, "path")?, table)),
        _ => return None,
    };
    Some(DatasetRef { namespace, name })
}

/// A non-empty string field of a server: the typed ones, else `extra`.
fn field<'a>(server: &'a Server, key: &str) -> Option<&'a str> {
    let typed = match key {
        "host" => server.host.as_deref(),
        "port" => server.port.as_deref(),
        "database" => server.database.as_deref(),
        "schema" => server.schema.as_deref(),
        _ => None,
    };
    typed
        .or_else(|| server.extra.get(key).and_then(|value| value.as_str()))
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

fn dotted(parts: &[&str]) -> String {
    parts.join(".")
}

/// `scheme://host:port`; a host already carrying a port keeps it.
fn authority(scheme: &str, server: &Server, default_port: &str) -> Option<String> {
    let host = field(server, "host")?;
    if host_has_port(host) {
        return Some(format!("{scheme}://{host}"));
    }
    let port = field(server, "port").unwrap_or(default_port);
    Some(format!("{scheme}://{host}:{port}"))
}

fn host_has_port(host: &str) -> bool {
    host.rsplit_once(':')
        .is_some_and(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
}

fn host_port_db_schema(
    server: &Server,
    scheme: &str,
    default_port: &str,
    table: &str,
) -> Option<(String, String)> {
    Some((
        authority(scheme, server, default_port)?,
        dotted(&[field(server, "database")?, field(server, "schema")?, table]),
    ))
}

/// `{organization}-{account}`: the `account` field, else the host's first label.
fn snowflake_account(server: &Server) -> Option<String> {
    if let Some(account) = field(server, "account") {
        return Some(account.to_owned());
    }
    let host = field(server, "host")?;
    host.split('.').next().map(str::to_owned)
}

/// `kafka://{bootstrap host}:{port}`: the first of a comma-separated host list.
fn kafka_namespace(server: &Server) -> Option<String> {
    let hosts = field(server, "host")?;
    let first = hosts.split(',').next()?.trim();
    let first = first.strip_prefix("kafka://").unwrap_or(first);
    if host_has_port(first) {
        return Some(format!("kafka://{first}"));
    }
    let port = field(server, "port").unwrap_or("9092");
    Some(format!("kafka://{first}:{port}"))
}

/// Object stores: the namespace is `scheme://bucket` (the authority of the
/// server's `location`), the name the key path. A location ending in the
/// table (`s3://b/prefix/table/`) is the dataset itself; otherwise the table
/// is appended to the location's path.
fn object_store(server: &Server, kind: &str, table: &str) -> Option<(String, String)> {
    let location = field(server, "location").or_else(|| field(server, "path"))?;
    let (scheme, rest) = location.split_once("://").unwrap_or((kind, location));
    let scheme = if scheme == "gcs" { "gs" } else { scheme };
    let (bucket, path) = rest.split_once('/').unwrap_or((rest, ""));
    let path = path.trim_matches('/');
    let last = path.rsplit('/').next().unwrap_or("");
    let name = if last == table || table.contains('/') && path.ends_with(table) {
        path.to_owned()
    } else {
        join_path(path, table)
    };
    Some((format!("{scheme}://{bucket}"), name))
}

fn join_path(dir: &str, table: &str) -> String {
    let dir = dir.trim_matches('/');
    let table = table.trim_matches('/');
    if dir.is_empty() {
        table.to_owned()
    } else {
        format!("{dir}/{table}")
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::SchemaObject;

    fn server(kind: &str, fields: &[(&str, &str)]) -> Server {
        let mut server = Server {
            server: "prod".into(),
            server_type: Some(kind.into()),
            ..Server::default()
        };
        for (key, value) in fields {
            match *key {
                "host" => server.host = Some((*value).into()),
                "port" => server.port = Some((*value).into()),
                "database" => server.database = Some((*value).into()),
                "schema" => server.schema = Some((*value).into()),
                _ => {
                    server.extra.insert((*key).into(), json!(value));
                }
            }
        }
        server
    }

    fn named(server: &Server, table: &str) -> (String, String) {
        let found = dataset_name(server, table).unwrap();
        (found.namespace, found.name)
    }

    fn pair(namespace: &str, name: &str) -> (String, String) {
        (namespace.to_owned(), name.to_owned())
    }

    #[test]
    fn postgres_is_host_port_and_database_schema_table() {
        let pg = server(
            "postgres",
            &[
                ("host", "customer-db.prod"),
                ("port", "5432"),
                ("database", "customer"),
                ("schema", "privacy"),
            ],
        );
        assert_eq!(
            named(&pg, "marketing_consent"),
            pair(
                "postgres://customer-db.prod:5432",
                "customer.privacy.marketing_consent"
            )
        );
    }

    #[test]
    fn postgres_without_port_takes_the_default() {
        let pg = server(
            "postgres",
            &[("host", "db"), ("database", "d"), ("schema", "s")],
        );
        assert_eq!(named(&pg, "t"), pair("postgres://db:5432", "d.s.t"));
    }

    #[test]
    fn mysql_is_database_table() {
        let my = server(
            "mysql",
            &[("host", "db"), ("port", "3307"), ("database", "shop")],
        );
        assert_eq!(named(&my, "orders"), pair("mysql://db:3307", "shop.orders"));
    }

    #[test]
    fn snowflake_uses_the_account() {
        let sf = server(
            "snowflake",
            &[
                ("account", "larkspur-analytics"),
                ("host", "larkspur-analytics.snowflakecomputing.com"),
                ("database", "CORPORATE"),
                ("schema", "REPORTING"),
            ],
        );
        assert_eq!(
            named(&sf, "BOARD_PACK_FIGURES"),
            pair(
                "snowflake://larkspur-analytics",
                "CORPORATE.REPORTING.BOARD_PACK_FIGURES"
            )
        );
    }

    #[test]
    fn bigquery_is_project_dataset_table() {
        let bq = server(
            "bigquery",
            &[("project", "ds-prod"), ("dataset", "customer")],
        );
        assert_eq!(
            named(&bq, "churn_scores"),
            pair("bigquery", "ds-prod.customer.churn_scores")
        );
    }

    #[test]
    fn redshift_and_databricks() {
        let rs = server(
            "redshift",
            &[
                ("host", "c1.eu-west-1"),
                ("database", "dw"),
                ("schema", "public"),
            ],
        );
        assert_eq!(
            named(&rs, "t"),
            pair("redshift://c1.eu-west-1:5439", "dw.public.t")
        );
        let db = server(
            "databricks",
            &[
                ("host", "adb-1.azuredatabricks.net"),
                ("catalog", "main"),
                ("schema", "sales"),
            ],
        );
        assert_eq!(
            named(&db, "orders"),
            pair(
                "databricks://adb-1.azuredatabricks.net",
                "main.sales.orders"
            )
        );
    }

    #[test]
    fn kafka_host_with_port_is_kept_and_topic_is_the_name() {
        let kafka = server("kafka", &[("host", "kafka-prod.internal:9092")]);
        assert_eq!(
            named(&kafka, "logistics.shipments.events.v2"),
            pair(
                "kafka://kafka-prod.internal:9092",
                "logistics.shipments.events.v2"
            )
        );
        let two = server("kafka", &[("host", "k1,k2"), ("port", "9093")]);
        assert_eq!(named(&two, "t"), pair("kafka://k1:9093", "t"));
    }

    #[test]
    fn s3_location_ending_in_the_table_is_the_dataset() {
        let s3 = server(
            "s3",
            &[("location", "s3://landing/carriers/carrier_tracking_scans/")],
        );
        assert_eq!(
            named(&s3, "carrier_tracking_scans"),
            pair("s3://landing", "carriers/carrier_tracking_scans")
        );
        let prefix = server("s3", &[("location", "s3://lake/raw/")]);
        assert_eq!(named(&prefix, "events"), pair("s3://lake", "raw/events"));
    }

    #[test]
    fn unknown_type_or_missing_fields_give_none() {
        assert_eq!(dataset_name(&server("ftp", &[("host", "x")]), "t"), None);
        assert_eq!(
            dataset_name(&server("postgres", &[("host", "x")]), "t"),
            None
        );
    }

    #[test]
    fn contract_datasets_cover_every_server_and_object() {
        let contract = Contract {
            servers: vec![
                server("kafka", &[("host", "k:9092")]),
                server("bigquery", &[("project", "p"), ("dataset", "d")]),
            ],
            schema: vec![SchemaObject {
                name: "orders".into(),
                physical_name: Some("orders_v2".into()),
                ..SchemaObject::default()
            }],
            ..Contract::default()
        };
        let found: Vec<(String, String)> = contract_datasets(&contract)
            .into_iter()
            .map(|d| (d.namespace, d.name))
            .collect();
        assert_eq!(
            found,
            vec![
                pair("kafka://k:9092", "orders_v2"),
                pair("bigquery", "p.d.orders_v2")
            ]
        );
    }
}
