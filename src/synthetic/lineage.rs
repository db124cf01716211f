//! OpenLineage run events: one run per product (START then COMPLETE, or FAIL
//! for a few), reading the upstream datasets and writing the product's own,
//! with schema and data-quality-assertion facets on some outputs.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::contract::{dataset, latest_tables, main_table_name};
use super::plan::ProductPlan;
use super::sampling::{Purpose, stream};
use super::schema::types;

pub const PRODUCER: &str = "https://github.com/meshlens/meshlens/tree/main/src/synthetic";
pub const SCHEMA_URL: &str = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
const FAIL_SHARE: f64 = 0.04;
const ASSERTION_SHARE: f64 = 0.35;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunEvent<'a> {
    event_type: &'static str,
    event_time: String,
    producer: &'static str,
    #[serde(rename = "schemaURL")]
    schema_url: &'static str,
    run: Run<'a>,
    job: Named,
    inputs: &'a [Dataset],
    outputs: &'a [Dataset],
}

#[derive(Serialize)]
struct Run<'a> {
    #[serde(rename = "runId")]
    run_id: &'a str,
    #[serde(skip_serializing_if = "Map::is_empty")]
    facets: Map<String, Value>,
}

#[derive(Serialize)]
struct Named {
    namespace: String,
    name: String,
}

#[derive(Serialize)]
struct Dataset {
    namespace: String,
    name: String,
    #[serde(skip_serializing_if = "Map::is_empty")]
    facets: Map<String, Value>,
}

/// Appends the NDJSON lines of `plan`'s run to `out`; returns how many.
pub fn run_events(
    seed: u64,
    plan: &ProductPlan,
    all: &[ProductPlan],
    out: &mut Vec<u8>,
) -> serde_json::Result<usize> {
    let mut rng = stream(seed, Purpose::Lineage, plan.index as u64);
    let run_id = uuid::Builder::from_random_bytes(rng.random())
        .into_uuid()
        .to_string();
    let start = super::epoch() + chrono::Duration::seconds(rng.random_range(0..30 * 86_400));
    let end = start + chrono::Duration::seconds(rng.random_range(30..3_600));
    let failed = rng.random_bool(FAIL_SHARE);
    let job = Named {
        namespace: format!("airflow://{}", plan.domain_name()),
        name: format!("{}.build", plan.id),
    };
    let inputs: Vec<Dataset> = plan
        .inputs
        .iter()
        .map(|input| {
            let upstream = &all[input.product as usize];
            let (namespace, name) = dataset(
                upstream,
                input.port as usize,
                &main_table_name(upstream, input.port as usize),
            );
            Dataset {
                namespace,
                name,
                facets: Map::new(),
            }
        })
        .collect();
    let bare_outputs = outputs(seed, plan, None);
    let start_event = RunEvent {
        event_type: "START",
        event_time: rfc3339(start),
        producer: PRODUCER,
        schema_url: SCHEMA_URL,
        run: Run {
            run_id: &run_id,
            facets: Map::new(),
        },
        job,
        inputs: &inputs,
        outputs: &bare_outputs,
    };
    serde_json::to_writer(&mut *out, &start_event)?;
    out.push(b'\n');
    let (event_type, run_facets, end_outputs) = if failed {
        ("FAIL", error_facet(plan), outputs(seed, plan, None))
    } else {
        ("COMPLETE", Map::new(), outputs(seed, plan, Some(&mut rng)))
    };
    let end_event = RunEvent {
        event_type,
        event_time: rfc3339(end),
        run: Run {
            run_id: &run_id,
            facets: run_facets,
        },
        outputs: &end_outputs,
        ..start_event
    };
    serde_json::to_writer(&mut *out, &end_event)?;
    out.push(b'\n');
    Ok(2)
}

fn rfc3339(time: chrono::NaiveDateTime) -> String {
    time.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

fn facet_base() -> Map<String, Value> {
    let mut facet = Map::new();
    facet.insert("_producer".into(), json!(PRODUCER));
    facet
}

fn error_facet(plan: &ProductPlan) -> Map<String, Value> {
    let mut facet = facet_base();
    facet.insert(
        "_schemaURL".into(),
        json!("https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json"),
    );
    facet.insert(
        "message".into(),
        json!(format!(
            "relation \"{}\" does not exist",
            main_table_name(plan, 0)
        )),
    );
    facet.insert("programmingLanguage".into(), json!("SQL"));
    [("errorMessage".to_string(), Value::Object(facet))]
        .into_iter()
        .collect()
}

/// The product's output datasets; with `rng` (a completed run) they carry a
/// schema facet and, for some, data quality assertions.
fn outputs(seed: u64, plan: &ProductPlan, mut rng: Option<&mut ChaCha8Rng>) -> Vec<Dataset> {
    (0..plan.ports.len())
        .map(|port| {
            let (namespace, name) = dataset(plan, port, &main_table_name(plan, port));
            let facets = match rng.as_deref_mut() {
                Some(rng) => completed_facets(seed, plan, port, rng),
                None => Map::new(),
            };
            Dataset {
                namespace,
                name,
                facets,
            }
        })
        .collect()
}

fn completed_facets(
    seed: u64,
    plan: &ProductPlan,
    port: usize,
    rng: &mut ChaCha8Rng,
) -> Map<String, Value> {
    let tables = latest_tables(seed, plan, port);
    let Some(main) = tables.first() else {
        return Map::new();
    };
    let server = plan.ports[port].server;
    let fields: Vec<Value> = main
        .columns
        .iter()
        .map(|c| json!({"name": c.name, "type": types(c.kind, server).1}))
        .collect();
    let mut schema = facet_base();
    schema.insert(
        "_schemaURL".into(),
        json!("https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json"),
    );
    schema.insert("fields".into(), Value::Array(fields));
    let mut facets = Map::new();
    facets.insert("schema".into(), Value::Object(schema));
    if rng.random_bool(ASSERTION_SHARE) {
        facets.insert(
            "dataQualityAssertions".into(),
            assertions(rng, &main.columns[0].name),
        );
    }
    facets
}

fn assertions(rng: &mut ChaCha8Rng, key: &str) -> Value {
    let failing = rng.random_bool(0.15).then(|| rng.random_range(0..3));
    let checks = [
        ("not_null", Some(key)),
        ("unique", Some(key)),
        ("row_count", None),
    ];
    let items: Vec<Value> = checks
        .iter()
        .enumerate()
        .map(|(i, (assertion, column))| {
            let mut item =
                json!({"assertion": assertion, "success": failing != Some(i), "severity": "error"});
            if let (Some(column), Value::Object(map)) = (column, &mut item) {
                map.insert("column".into(), json!(column));
            }
            item
        })
        .collect();
    let mut facet = facet_base();
    facet.insert(
        "_schemaURL".into(),
        json!("https://openlineage.io/spec/facets/1-1-0/DataQualityAssertionsDatasetFacet.json"),
    );
    facet.insert("assertions".into(), Value::Array(items));
    Value::Object(facet)
}
