//! OpenLineage run event (JSON value) → `model::LineageEvent`, lifting the
//! facets meshlens reads out of `facets` / `inputFacets`.

use serde_json::{Map, Value};

use super::shape::describe;
use crate::model::{
    ColumnLineage, DatasetRef, LineageDataset, LineageEvent, QualityAssertion, QualityMetrics,
    SchemaField,
};

/// A required part of the event that is missing or of the wrong type.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct EventProblem {
    pub pointer: String,
    pub message: String,
}

type Checked<T> = Result<T, EventProblem>;

pub(crate) fn to_event(value: &Value) -> Checked<LineageEvent> {
    let event = object(value, "", "the event")?;
    let run = object(required(event, "", "run")?, "/run", "run")?;
    let error_message = facet(run, "errorMessage")
        .and_then(|f| text(f, "message"))
        .map(str::to_string);
    Ok(LineageEvent {
        event_type: optional_text(event, "", "eventType")?.unwrap_or_default(),
        event_time: required_text(event, "", "eventTime")?,
        run_id: required_text(run, "/run", "runId")?,
        job: reference(required(event, "", "job")?, "/job")?,
        inputs: datasets(event, "inputs")?,
        outputs: datasets(event, "outputs")?,
        producer: optional_text(event, "", "producer")?,
        error_message,
    })
}

fn object<'a>(value: &'a Value, pointer: &str, name: &str) -> Checked<&'a Map<String, Value>> {
    value.as_object().ok_or_else(|| EventProblem {
        pointer: pointer.to_string(),
        message: format!("`{name}` must be an object, found {}", describe(value)),
    })
}

fn dotted(pointer: &str, key: &str) -> String {
    let parent = pointer.trim_start_matches('/').replace('/', ".");
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

fn required<'a>(map: &'a Map<String, Value>, pointer: &str, key: &str) -> Checked<&'a Value> {
    map.get(key)
        .filter(|v| !v.is_null())
        .ok_or_else(|| EventProblem {
            pointer: pointer.to_string(),
            message: format!("missing required field `{}`", dotted(pointer, key)),
        })
}

fn required_text(map: &Map<String, Value>, pointer: &str, key: &str) -> Checked<String> {
    required(map, pointer, key)?;
    Ok(optional_text(map, pointer, key)?.unwrap_or_default())
}

fn optional_text(map: &Map<String, Value>, pointer: &str, key: &str) -> Checked<Option<String>> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(EventProblem {
            pointer: format!("{pointer}/{key}"),
            message: format!(
                "`{}` must be a text, found {}",
                dotted(pointer, key),
                describe(other)
            ),
        }),
    }
}

fn reference(value: &Value, pointer: &str) -> Checked<DatasetRef> {
    let name = pointer.trim_start_matches('/').replace('/', ".");
    let map = object(value, pointer, &name)?;
    Ok(DatasetRef {
        namespace: required_text(map, pointer, "namespace")?,
        name: required_text(map, pointer, "name")?,
    })
}

fn datasets(event: &Map<String, Value>, key: &str) -> Checked<Vec<LineageDataset>> {
    let items = match event.get(key) {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(EventProblem {
                pointer: format!("/{key}"),
                message: format!("`{key}` must be a list, found {}", describe(other)),
            });
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| dataset(item, &format!("/{key}/{index}")))
        .collect()
}

fn dataset(value: &Value, pointer: &str) -> Checked<LineageDataset> {
    let reference = reference(value, pointer)?;
    let map = object(value, pointer, "dataset")?;
    let facets = |name: &str| {
        map.get("facets")
            .and_then(|f| f.get(name))
            .or_else(|| map.get("inputFacets").and_then(|f| f.get(name)))
    };
    let assertions = facets("dataQualityAssertions");
    let metrics = map
        .get("inputFacets")
        .and_then(|f| f.get("dataQualityMetrics"));
    Ok(LineageDataset {
        schema: facets("schema").map(schema_fields).unwrap_or_default(),
        column_lineage: facets("columnLineage")
            .map(column_lineage)
            .unwrap_or_default(),
        assertions: assertions.map(quality_assertions).unwrap_or_default(),
        metrics: metrics.map(quality_metrics),
        owners: facets("ownership").map(owners).unwrap_or_default(),
        namespace: reference.namespace,
        name: reference.name,
    })
}

fn facet<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    map.get("facets")?.get(name)
}

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key)?.as_str()
}

fn list<'a>(value: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    value
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// Nested struct fields are flattened to `parent.child`.
fn schema_fields(facet: &Value) -> Vec<SchemaField> {
    let mut out = Vec::new();
    push_fields(facet, "", &mut out);
    out
}

fn push_fields(parent: &Value, prefix: &str, out: &mut Vec<SchemaField>) {
    for field in list(parent, "fields") {
        let Some(name) = text(field, "name") else {
            continue;
        };
        let name = format!("{prefix}{name}");
        out.push(SchemaField {
            name: name.clone(),
            field_type: text(field, "type").map(str::to_string),
            description: text(field, "description").map(str::to_string),
        });
        push_fields(field, &format!("{name}."), out);
    }
}

fn column_lineage(facet: &Value) -> Vec<ColumnLineage> {
    let Some(fields) = facet.get("fields").and_then(Value::as_object) else {
        return Vec::new();
    };
    fields
        .iter()
        .map(|(column, lineage)| ColumnLineage {
            column: column.clone(),
            inputs: list(lineage, "inputFields")
                .filter_map(|input| {
                    let dataset = DatasetRef {
                        namespace: text(input, "namespace")?.to_string(),
                        name: text(input, "name")?.to_string(),
                    };
                    Some((dataset, text(input, "field")?.to_string()))
                })
                .collect(),
        })
        .collect()
}

fn quality_assertions(facet: &Value) -> Vec<QualityAssertion> {
    list(facet, "assertions")
        .filter_map(|assertion| {
            Some(QualityAssertion {
                assertion: text(assertion, "assertion")?.to_string(),
                success: assertion.get("success")?.as_bool()?,
                column: text(assertion, "column").map(str::to_string),
                severity: text(assertion, "severity").map(str::to_string),
            })
        })
        .collect()
}

fn quality_metrics(facet: &Value) -> QualityMetrics {
    QualityMetrics {
        row_count: facet.get("rowCount").and_then(Value::as_i64),
        bytes: facet.get("bytes").and_then(Value::as_i64),
        columns: facet
            .get("columnMetrics")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
    }
}

fn owners(facet: &Value) -> Vec<(String, Option<String>)> {
    list(facet, "owners")
        .filter_map(|owner| {
            Some((
                text(owner, "name")?.to_string(),
                text(owner, "type").map(str::to_string),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_core_and_facets() {
        let event = to_event(&json!({
            "eventType": "FAIL", "eventTime": "2025-01-01T00:00:00Z", "producer": "p",
            "run": {"runId": "r1", "facets": {"errorMessage": {"message": "boom"}}},
            "job": {"namespace": "n", "name": "j"},
            "inputs": [{"namespace": "pg", "name": "orders",
                "inputFacets": {"dataQualityMetrics": {"rowCount": 10, "columnMetrics": {"id": {"nullCount": 0}}},
                                "dataQualityAssertions": {"assertions": [{"assertion": "not_null", "success": false, "column": "id"}]}}}],
            "outputs": [{"namespace": "pg", "name": "daily",
                "facets": {"schema": {"fields": [{"name": "a", "type": "struct", "fields": [{"name": "b"}]}]},
                           "columnLineage": {"fields": {"a": {"inputFields": [{"namespace": "pg", "name": "orders", "field": "id"}]}}},
                           "ownership": {"owners": [{"name": "team:x", "type": "MAINTAINER"}]}}}]
        }))
        .unwrap();
        assert_eq!(event.error_message.as_deref(), Some("boom"));
        assert_eq!(
            event.inputs[0].metrics.as_ref().unwrap().row_count,
            Some(10)
        );
        assert!(!event.inputs[0].assertions[0].success);
        let output = &event.outputs[0];
        assert_eq!(
            output
                .schema
                .iter()
                .map(|f| f.name.as_str())
                .collect::<Vec<_>>(),
            ["a", "a.b"]
        );
        assert_eq!(output.column_lineage[0].inputs[0].1, "id");
        assert_eq!(
            output.owners,
            [("team:x".to_string(), Some("MAINTAINER".to_string()))]
        );
    }

    #[test]
    fn missing_run_id_is_named() {
        let problem =
            to_event(&json!({"eventTime": "t", "run": {}, "job": {"namespace": "n", "name": "j"}}))
                .unwrap_err();
        assert_eq!(problem.pointer, "/run");
        assert_eq!(problem.message, "missing required field `run.runId`");
    }

    #[test]
    fn wrong_type_is_named() {
        let problem =
            to_event(&json!({"eventTime": 5, "run": {"runId": "r"}, "job": {}})).unwrap_err();
        assert_eq!(problem.message, "`eventTime` must be a text, found 5");
        assert_eq!(problem.pointer, "/eventTime");
    }
}
