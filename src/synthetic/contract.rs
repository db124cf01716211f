//! The ODCS v3.1.0 versions of one planned contract, and where its data lives.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use super::plan::{PortPlan, ProductPlan, ServerKind};
use super::sampling::{Purpose, stream};
use super::schema::{Column, Table, detail_table, evolve, initial_columns, types};
use super::team::team;
use crate::model::{
    Contract, Description, Extra, QualityRule, SchemaObject, SchemaProperty, Server, SlaProperty,
};

/// Every version of the contract behind output port `port` of `plan`, oldest first.
pub fn contract_versions(seed: u64, plan: &ProductPlan, port: usize) -> Vec<Contract> {
    let port_plan = &plan.ports[port];
    let mut rng = stream(seed, Purpose::Contract, contract_key(plan, port));
    let history = table_history(&mut rng, plan, port_plan);
    let versions = port_plan.versions();
    let count = versions.len();
    let team = team(seed, plan);
    let mut days_ago = 0u32;
    let mut created: Vec<u32> = (0..count)
        .map(|_| {
            days_ago += rng.random_range(20..200);
            days_ago
        })
        .collect();
    created.reverse();
    history
        .iter()
        .zip(versions)
        .enumerate()
        .map(|(position, (tables, version))| Contract {
            version,
            status: Some(version_status(plan, position, count).into()),
            contract_created_ts: Some(timestamp_days_before_epoch(created[position])),
            team: Some(team.clone()),
            ..contract_version(&mut rng, plan, port, tables)
        })
        .collect()
}

/// The tables of the latest version (what the running pipeline writes).
pub fn latest_tables(seed: u64, plan: &ProductPlan, port: usize) -> Vec<Table> {
    let mut rng = stream(seed, Purpose::Contract, contract_key(plan, port));
    table_history(&mut rng, plan, &plan.ports[port])
        .pop()
        .unwrap_or_default()
}

fn contract_key(plan: &ProductPlan, port: usize) -> u64 {
    (plan.index as u64) * 8 + port as u64
}

fn table_history(rng: &mut ChaCha8Rng, plan: &ProductPlan, port: &PortPlan) -> Vec<Vec<Table>> {
    let main_name = table_name(plan, port);
    let mut columns = initial_columns(rng, plan.noun);
    let detail = rng.random_bool(0.2).then(|| detail_table(rng, plan.noun));
    let mut history = Vec::with_capacity(port.version_count());
    let snapshot = |columns: &Vec<Column>| -> Vec<Table> {
        std::iter::once(Table {
            name: main_name.clone(),
            columns: columns.clone(),
        })
        .chain(detail.clone())
        .collect()
    };
    history.push(snapshot(&columns));
    for &change in &port.changes {
        evolve(rng, &mut columns, change);
        history.push(snapshot(&columns));
    }
    history
}

/// `orders_daily_emea` for port `orders` of `sales-orders-daily-emea`.
fn table_name(plan: &ProductPlan, port: &PortPlan) -> String {
    let tail = plan
        .id
        .strip_prefix(plan.domain_name())
        .unwrap_or(&plan.id)
        .trim_start_matches('-');
    let suffix = port.name.strip_prefix(plan.noun).unwrap_or("");
    format!("{tail}{suffix}").replace('-', "_")
}

fn version_status(plan: &ProductPlan, position: usize, count: usize) -> &'static str {
    match count - 1 - position {
        0 => plan.status,
        1 => "deprecated",
        _ => "retired",
    }
}

fn timestamp_days_before_epoch(days: u32) -> String {
    let epoch = super::epoch();
    (epoch - chrono::Duration::days(i64::from(days)))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

fn contract_version(
    rng: &mut ChaCha8Rng,
    plan: &ProductPlan,
    port: usize,
    tables: &[Table],
) -> Contract {
    let port_plan = &plan.ports[port];
    let mut extra = Extra::new();
    extra.insert("kind".into(), Value::String("DataContract".into()));
    Contract {
        api_version: "v3.1.0".into(),
        id: port_plan.contract_id.clone(),
        name: Some(format!("{} / {}", plan.name, port_plan.name)),
        domain: Some(plan.domain_name().into()),
        data_product: Some(plan.id.clone()),
        description: Description {
            purpose: Some(format!(
                "The {} published by {}.",
                port_plan.name.replace('-', " "),
                plan.name
            )),
            usage: Some(
                "Read through the server below; columns marked required are never null.".into(),
            ),
            limitations: (port_plan.server == ServerKind::Kafka)
                .then(|| "At-least-once delivery: deduplicate on the key.".into()),
        },
        servers: vec![server(plan, port)],
        schema: tables
            .iter()
            .map(|table| schema_object(rng, plan, port_plan, table))
            .collect(),
        sla_properties: sla(rng, port_plan.server),
        tags: plan.tags.iter().map(|t| t.to_string()).collect(),
        extra,
        ..Contract::default()
    }
}

fn schema_object(
    rng: &mut ChaCha8Rng,
    plan: &ProductPlan,
    port: &PortPlan,
    table: &Table,
) -> SchemaObject {
    let physical = physical_name(plan, port, &table.name);
    SchemaObject {
        name: table.name.clone(),
        physical_name: Some(physical.clone()),
        physical_type: Some(
            if port.server == ServerKind::Kafka {
                "topic"
            } else {
                "table"
            }
            .into(),
        ),
        description: Some(format!(
            "One row per {}.",
            table.columns[0]
                .name
                .trim_end_matches("_id")
                .replace('_', " ")
        )),
        properties: table
            .columns
            .iter()
            .map(|column| property(column, port.server))
            .collect(),
        quality: object_quality(rng, &physical, table),
        ..SchemaObject::default()
    }
}

fn property(column: &Column, server: ServerKind) -> SchemaProperty {
    let (logical, physical) = types(column.kind, server);
    SchemaProperty {
        name: column.name.clone(),
        logical_type: Some(logical.into()),
        physical_type: Some(physical.into()),
        required: Some(column.required),
        unique: Some(column.primary_key),
        primary_key: Some(column.primary_key),
        classification: Some(column.classification.into()),
        description: column.description.clone(),
        quality: if column.primary_key {
            vec![library_rule(
                "duplicateValues",
                "uniqueness",
                json!({"mustBe": 0}),
            )]
        } else {
            Vec::new()
        },
        ..SchemaProperty::default()
    }
}

fn library_rule(metric: &str, dimension: &str, thresholds: Value) -> QualityRule {
    let extra = match thresholds {
        Value::Object(map) => map.into_iter().collect(),
        _ => Extra::new(),
    };
    QualityRule {
        rule_type: Some("library".into()),
        metric: Some(metric.into()),
        dimension: Some(dimension.into()),
        severity: Some("error".into()),
        extra,
        ..QualityRule::default()
    }
}

fn object_quality(rng: &mut ChaCha8Rng, physical: &str, table: &Table) -> Vec<QualityRule> {
    let minimum = 10u64.pow(rng.random_range(2..7));
    let mut rules = vec![library_rule(
        "rowCount",
        "completeness",
        json!({"mustBeGreaterThan": minimum}),
    )];
    let amount = table.columns.iter().find(|c| c.name.ends_with("_amount"));
    if let Some(amount) = amount.filter(|_| rng.random_bool(0.5)) {
        rules.push(QualityRule {
            rule_type: Some("sql".into()),
            description: Some(format!("No negative {}", amount.name)),
            dimension: Some("conformity".into()),
            severity: Some("warning".into()),
            query: Some(format!(
                "SELECT COUNT(*) FROM {physical} WHERE {} < 0",
                amount.name
            )),
            extra: [("mustBe".to_string(), json!(0))].into_iter().collect(),
            ..QualityRule::default()
        });
    }
    rules
}

fn sla(rng: &mut ChaCha8Rng, server: ServerKind) -> Vec<SlaProperty> {
    let (latency, latency_unit, frequency, frequency_unit) = if server == ServerKind::Kafka {
        (rng.random_range(1..30), "m", 1, "m")
    } else {
        (
            [1, 2, 4, 6, 12, 24][rng.random_range(0..6)],
            "h",
            1,
            if rng.random_bool(0.8) { "d" } else { "h" },
        )
    };
    let (retention, retention_unit) = [
        (30, "d"),
        (90, "d"),
        (1, "y"),
        (3, "y"),
        (7, "y"),
        (10, "y"),
    ][rng.random_range(0..6)];
    [
        ("latency", latency, latency_unit),
        ("frequency", frequency, frequency_unit),
        ("retention", retention, retention_unit),
    ]
    .into_iter()
    .map(|(property, value, unit)| SlaProperty {
        property: property.into(),
        value: json!(value),
        unit: Some(unit.into()),
        ..SlaProperty::default()
    })
    .collect()
}

fn schema_name(plan: &ProductPlan) -> &'static str {
    if plan.is_source_aligned() {
        "raw"
    } else {
        "analytics"
    }
}

/// The server a contract's data lives on (one per domain and platform).
pub fn server(plan: &ProductPlan, port: usize) -> Server {
    let domain = plan.domain_name();
    let mut server = Server {
        environment: Some("prod".into()),
        ..Server::default()
    };
    match plan.ports[port].server {
        ServerKind::Postgres => {
            server.server = format!("pg-{domain}-prod");
            server.server_type = Some("postgres".into());
            server.host = Some(format!("pg-{domain}.acme.internal"));
            server.port = Some("5432".into());
            server.database = Some(domain.into());
            server.schema = Some(schema_name(plan).into());
        }
        ServerKind::Snowflake => {
            server.server = "snowflake-prod".into();
            server.server_type = Some("snowflake".into());
            server.host = Some("acme-prod.snowflakecomputing.com".into());
            server.port = Some("443".into());
            server.database = Some(domain.to_uppercase());
            server.schema = Some(schema_name(plan).to_uppercase());
            server.extra.insert("account".into(), json!("acme-prod"));
        }
        ServerKind::Bigquery => {
            server.server = format!("bq-{domain}");
            server.server_type = Some("bigquery".into());
            server
                .extra
                .insert("project".into(), json!(format!("acme-{domain}")));
            server
                .extra
                .insert("dataset".into(), json!(schema_name(plan)));
        }
        ServerKind::Kafka => {
            server.server = "kafka-prod".into();
            server.server_type = Some("kafka".into());
            server.host = Some("kafka-1.acme.internal:9092".into());
            server.extra.insert("format".into(), json!("avro"));
        }
    }
    server
}

/// The table or topic name on the server.
fn physical_name(plan: &ProductPlan, port: &PortPlan, table: &str) -> String {
    match port.server {
        ServerKind::Snowflake => table.to_uppercase(),
        ServerKind::Kafka => format!("{}.{}", plan.domain_name(), table.replace('_', "-")),
        ServerKind::Postgres | ServerKind::Bigquery => table.to_string(),
    }
}

/// OpenLineage (namespace, name) of a table of port `port` of `plan`.
pub fn dataset(plan: &ProductPlan, port: usize, table: &str) -> (String, String) {
    let port_plan = &plan.ports[port];
    let server = server(plan, port);
    let physical = physical_name(plan, port_plan, table);
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    match port_plan.server {
        ServerKind::Postgres => (
            format!("postgres://{}:5432", text(&server.host)),
            format!(
                "{}.{}.{physical}",
                text(&server.database),
                text(&server.schema)
            ),
        ),
        ServerKind::Snowflake => (
            "snowflake://acme-prod".into(),
            format!(
                "{}.{}.{physical}",
                text(&server.database),
                text(&server.schema)
            ),
        ),
        ServerKind::Bigquery => (
            "bigquery".into(),
            format!(
                "acme-{}.{}.{physical}",
                plan.domain_name(),
                schema_name(plan)
            ),
        ),
        ServerKind::Kafka => (format!("kafka://{}", text(&server.host)), physical),
    }
}

/// The main table name of port `port` (first schema object).
pub fn main_table_name(plan: &ProductPlan, port: usize) -> String {
    table_name(plan, &plan.ports[port])
}
