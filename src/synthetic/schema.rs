//! Column lists of a contract and how they evolve version by version:
//! minor versions add columns, major versions remove or retype one.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::plan::{Change, ServerKind};
use super::sampling::{Zipf, lognormal_count};
use super::vocab::{COLUMNS, ColumnKind};

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub kind: ColumnKind,
    pub classification: &'static str,
    pub required: bool,
    pub primary_key: bool,
    pub description: Option<String>,
}

/// One schema object (table or topic) in one version.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
}

/// `orders` → `order`, `deliveries` → `delivery`, `addresses` → `address`.
pub fn singular(noun: &str) -> String {
    let snake = noun.replace('-', "_");
    if let Some(stem) = snake.strip_suffix("ies") {
        format!("{stem}y")
    } else if snake.ends_with("sses") || snake.ends_with("ches") || snake.ends_with("xes") {
        snake[..snake.len() - 2].to_string()
    } else if let Some(stem) = snake.strip_suffix('s') {
        stem.to_string()
    } else {
        snake
    }
}

fn key_column(name: String) -> Column {
    Column {
        description: Some(format!(
            "Unique identifier of the {}.",
            name.trim_end_matches("_id").replace('_', " ")
        )),
        name,
        kind: ColumnKind::Id,
        classification: "internal",
        required: true,
        primary_key: true,
    }
}

fn business_column(rng: &mut ChaCha8Rng, zipf: &Zipf, taken: &[Column]) -> Column {
    for _ in 0..8 {
        let word = zipf.pick(rng, COLUMNS);
        if !taken.iter().any(|c| c.name == word.name) {
            return Column {
                name: word.name.to_string(),
                kind: word.kind,
                classification: word.classification,
                required: rng.random_bool(0.4),
                primary_key: false,
                description: rng.random_bool(0.5).then(|| describe(word.name)),
            };
        }
    }
    let name = format!("attribute_{}", taken.len() + 1);
    Column {
        description: None,
        ..key_column(name)
    }
    .into_plain(ColumnKind::Text)
}

impl Column {
    fn into_plain(mut self, kind: ColumnKind) -> Column {
        self.kind = kind;
        self.required = false;
        self.primary_key = false;
        self
    }
}

fn describe(column: &str) -> String {
    match column.rsplit('_').next() {
        Some("at") => format!(
            "When the record was {} (UTC).",
            column.trim_end_matches("_at")
        ),
        Some("amount") => format!(
            "{} in the record currency: net of tax, 2 decimals.",
            column.replace('_', " ")
        ),
        Some("id") => format!(
            "Reference to the {}.",
            column.trim_end_matches("_id").replace('_', " ")
        ),
        _ => format!("The {} of the record.", column.replace('_', " ")),
    }
}

/// The columns of the main table of a contract's first version.
pub fn initial_columns(rng: &mut ChaCha8Rng, noun: &str) -> Vec<Column> {
    let zipf = Zipf::new(COLUMNS.len(), 0.8);
    let count = lognormal_count(rng, 10.0, 0.6, 3, 60);
    let mut columns = vec![key_column(format!("{}_id", singular(noun)))];
    while columns.len() < count {
        let column = business_column(rng, &zipf, &columns);
        columns.push(column);
    }
    columns
}

/// A detail table (`order_lines`) some contracts carry besides the main one.
pub fn detail_table(rng: &mut ChaCha8Rng, noun: &str) -> Table {
    let zipf = Zipf::new(COLUMNS.len(), 0.8);
    let parent = singular(noun);
    let mut columns = vec![key_column(format!("{parent}_line_id"))];
    let mut reference = key_column(format!("{parent}_id"));
    reference.primary_key = false;
    columns.push(reference);
    let count = lognormal_count(rng, 6.0, 0.5, 3, 20);
    while columns.len() < count {
        let column = business_column(rng, &zipf, &columns);
        columns.push(column);
    }
    Table {
        name: format!("{parent}_lines"),
        columns,
    }
}

/// Applies one version change to the main table's columns.
pub fn evolve(rng: &mut ChaCha8Rng, columns: &mut Vec<Column>, change: Change) {
    let zipf = Zipf::new(COLUMNS.len(), 0.5);
    let non_key: Vec<usize> = (0..columns.len())
        .filter(|&i| !columns[i].primary_key)
        .collect();
    match change {
        Change::Patch => {
            let target = rng.random_range(0..columns.len());
            let column = &mut columns[target];
            column.description = Some(format!("{} (clarified)", describe(&column.name)));
        }
        Change::Minor => {
            for _ in 0..rng.random_range(1..=3) {
                let mut column = business_column(rng, &zipf, columns);
                column.required = false;
                columns.push(column);
            }
        }
        Change::Major if non_key.is_empty() => columns.push(business_column(rng, &zipf, columns)),
        Change::Major => {
            let target = non_key[rng.random_range(0..non_key.len())];
            let remove = rng.random_bool(0.5);
            if remove && columns.len() > 3 {
                columns.remove(target);
            } else {
                columns[target].kind = retyped(columns[target].kind);
            }
        }
    }
}

fn retyped(kind: ColumnKind) -> ColumnKind {
    match kind {
        ColumnKind::Id | ColumnKind::Text | ColumnKind::Code => ColumnKind::Count,
        ColumnKind::Amount | ColumnKind::Count => ColumnKind::Text,
        ColumnKind::Date => ColumnKind::Timestamp,
        ColumnKind::Timestamp => ColumnKind::Date,
        ColumnKind::Flag => ColumnKind::Code,
    }
}

/// (logicalType, physicalType) of a column kind on a server.
pub fn types(kind: ColumnKind, server: ServerKind) -> (&'static str, &'static str) {
    use ColumnKind as K;
    use ServerKind as S;
    let logical = match kind {
        K::Id | K::Text | K::Code => "string",
        K::Amount => "number",
        K::Count => "integer",
        K::Date => "date",
        K::Timestamp => "timestamp",
        K::Flag => "boolean",
    };
    let physical = match (server, kind) {
        (S::Postgres, K::Id) => "varchar(36)",
        (S::Postgres, K::Text) => "varchar(255)",
        (S::Postgres, K::Code) => "varchar(16)",
        (S::Postgres, K::Amount) => "numeric(18,2)",
        (S::Postgres, K::Count) => "bigint",
        (S::Postgres, K::Date) => "date",
        (S::Postgres, K::Timestamp) => "timestamptz",
        (S::Postgres, K::Flag) => "boolean",
        (S::Snowflake, K::Id) => "VARCHAR(36)",
        (S::Snowflake, K::Text) => "VARCHAR",
        (S::Snowflake, K::Code) => "VARCHAR(16)",
        (S::Snowflake, K::Amount) => "NUMBER(18,2)",
        (S::Snowflake, K::Count) => "NUMBER(38,0)",
        (S::Snowflake, K::Date) => "DATE",
        (S::Snowflake, K::Timestamp) => "TIMESTAMP_NTZ",
        (S::Snowflake, K::Flag) => "BOOLEAN",
        (S::Bigquery, K::Id | K::Text | K::Code) => "STRING",
        (S::Bigquery, K::Amount) => "NUMERIC",
        (S::Bigquery, K::Count) => "INT64",
        (S::Bigquery, K::Date) => "DATE",
        (S::Bigquery, K::Timestamp) => "TIMESTAMP",
        (S::Bigquery, K::Flag) => "BOOL",
        (S::Kafka, K::Id | K::Text | K::Code) => "string",
        (S::Kafka, K::Amount) => "double",
        (S::Kafka, K::Count | K::Timestamp) => "long",
        (S::Kafka, K::Date) => "int",
        (S::Kafka, K::Flag) => "boolean",
    };
    (logical, physical)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::sampling::{Purpose, stream};

    #[test]
    fn singular_handles_common_plurals() {
        assert_eq!(singular("orders"), "order");
        assert_eq!(singular("deliveries"), "delivery");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("order-lines"), "order_line");
        assert_eq!(singular("telemetry"), "telemetry");
    }

    #[test]
    fn initial_columns_start_with_a_unique_key() {
        let columns = initial_columns(&mut stream(1, Purpose::Contract, 9), "refunds");
        assert_eq!(columns[0].name, "refund_id");
        assert!(columns[0].primary_key && columns[0].required);
        assert!((3..=60).contains(&columns.len()));
        let mut names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), columns.len());
    }

    #[test]
    fn minor_adds_and_major_removes_or_retypes() {
        let mut rng = stream(2, Purpose::Contract, 3);
        let before = initial_columns(&mut rng, "orders");
        let mut after = before.clone();
        evolve(&mut rng, &mut after, Change::Minor);
        assert!(after.len() > before.len());
        assert_eq!(after[..before.len()], before[..]);
        let mut broken = before.clone();
        evolve(&mut rng, &mut broken, Change::Major);
        let removed = broken.len() == before.len() - 1;
        let retyped = broken.len() == before.len()
            && broken.iter().zip(&before).any(|(a, b)| a.kind != b.kind);
        assert!(removed || retyped);
    }
}
