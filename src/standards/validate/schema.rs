//! JSON-schema validation against the bundled schemas, with findings in words
//! a user can act on. Validators are compiled once per process.

use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, ValidationError, Validator};
use serde_json::Value;

use super::Severity;
use crate::model::RecordKind;
use crate::standards::shape::describe;

const ODCS_SCHEMA: &str = include_str!("../../../assets/schemas/odcs-json-schema-v3.1.0.json");
const ODPS_SCHEMA: &str = include_str!("../../../assets/schemas/odps-json-schema-v1.0.0.json");
const OPENLINEAGE_SCHEMA: &str = include_str!("../../../assets/schemas/OpenLineage.json");

/// A schema finding before it is located in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SchemaFinding {
    pub severity: Severity,
    pub pointer: String,
    pub message: String,
    /// From `unevaluatedProperties`, which also fires for every property of
    /// an object whose other checks failed: kept only when nothing else is
    /// wrong at or below it.
    unevaluated: bool,
}

/// Deepest document checked against a schema. The ODCS schema's
/// `unevaluatedProperties` makes validation time grow with the cube of the
/// nesting (60 nested properties: a minute); real contracts nest a handful
/// of levels, 40 is about 18 nested properties.
pub(crate) const MAX_SCHEMA_DEPTH: usize = 40;

/// Schema errors read from one document: enough to act on, and a bound on
/// the work an invalid document can cause.
const MAX_SCHEMA_ERRORS: usize = 200;

pub(crate) fn check(kind: RecordKind, value: &Value) -> Vec<SchemaFinding> {
    let depth = depth(value);
    if depth > MAX_SCHEMA_DEPTH {
        return vec![SchemaFinding {
            severity: Severity::Warning,
            pointer: String::new(),
            message: format!(
                "the document is nested {depth} levels deep; only documents up to \
                 {MAX_SCHEMA_DEPTH} levels are checked against the schema, so this one was only parsed"
            ),
            unevaluated: false,
        }];
    }
    let validator = match validator(kind) {
        Ok(validator) => validator,
        Err(message) => {
            return vec![SchemaFinding {
                severity: Severity::Warning,
                pointer: String::new(),
                message: format!(
                    "the bundled schema could not be loaded, so it was not checked: {message}"
                ),
                unevaluated: false,
            }];
        }
    };
    let is_3_0 = kind == RecordKind::Contract && is_odcs_3_0(value);
    let upgraded;
    let value = if is_3_0 {
        upgraded = upgrade_3_0(value.clone());
        &upgraded
    } else {
        value
    };
    let mut findings = Vec::new();
    // Most files are valid: a yes/no answer costs a fraction of listing
    // errors, which on an invalid, deeply nested contract multiply through
    // the schema's `unevaluatedProperties` and `oneOf` branches.
    if validator.is_valid(value) {
        return findings;
    }
    for error in validator.iter_errors(value).take(MAX_SCHEMA_ERRORS) {
        push_findings(&error, &mut findings);
    }
    drop_cascades(&mut findings);
    findings
}

fn depth(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

fn drop_cascades(findings: &mut Vec<SchemaFinding>) {
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.pointer.clone())
        .collect();
    findings.retain(|f| !(f.unevaluated && errors.iter().any(|e| e.starts_with(&f.pointer))));
    findings.sort_by(|a, b| (&a.pointer, &a.message).cmp(&(&b.pointer, &b.message)));
    findings.dedup_by(|a, b| a.pointer == b.pointer && a.message == b.message);
}

/// ODCS 3.0.x files are checked against the 3.1 schema (the only one
/// bundled), so what 3.0 allowed and 3.1 restructured must not be reported:
/// in a copy, a quality rule's `rule` becomes `metric` and a plain-text
/// `description` becomes `{purpose: ...}`. The 3.0 `team` list is still
/// accepted by the 3.1 schema (as deprecated) and needs nothing.
fn upgrade_3_0(mut value: Value) -> Value {
    rename_rule(&mut value);
    if let Some(description) = value.get_mut("description")
        && description.is_string()
    {
        let purpose = description.take();
        *description = serde_json::json!({ "purpose": purpose });
    }
    value
}

fn rename_rule(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(rules)) = map.get_mut("quality") {
                for rule in rules.iter_mut().filter_map(Value::as_object_mut) {
                    if !rule.contains_key("metric")
                        && let Some(old) = rule.remove("rule")
                    {
                        rule.insert("metric".to_string(), old);
                    }
                }
            }
            map.values_mut().for_each(rename_rule);
        }
        Value::Array(items) => items.iter_mut().for_each(rename_rule),
        _ => {}
    }
}

fn validator(kind: RecordKind) -> Result<&'static Validator, &'static str> {
    static ODCS: OnceLock<Result<Validator, String>> = OnceLock::new();
    static ODPS: OnceLock<Result<Validator, String>> = OnceLock::new();
    static OPENLINEAGE: OnceLock<Result<Validator, String>> = OnceLock::new();
    let (cell, source) = match kind {
        RecordKind::Contract => (&ODCS, ODCS_SCHEMA),
        RecordKind::Product => (&ODPS, ODPS_SCHEMA),
        RecordKind::LineageEvent => (&OPENLINEAGE, OPENLINEAGE_SCHEMA),
    };
    cell.get_or_init(|| compile(kind, source))
        .as_ref()
        .map_err(String::as_str)
}

fn compile(kind: RecordKind, source: &str) -> Result<Validator, String> {
    let mut schema: Value = serde_json::from_str(source).map_err(|e| e.to_string())?;
    if kind == RecordKind::LineageEvent {
        // The file accepts RunEvent, DatasetEvent or JobEvent; meshlens reads
        // run events, and a `oneOf` failure would hide the useful message.
        // Facet schemas are remote `$ref`s and are not bundled: only the
        // RunEvent core is validated.
        if let Some(object) = schema.as_object_mut() {
            object.remove("oneOf");
            object.insert(
                "$ref".to_string(),
                Value::String("#/$defs/RunEvent".to_string()),
            );
        }
    }
    jsonschema::validator_for(&schema).map_err(|e| e.to_string())
}

fn is_odcs_3_0(value: &Value) -> bool {
    value
        .get("apiVersion")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("v3.0") || v.starts_with("v2."))
}

fn push_findings(error: &ValidationError<'_>, out: &mut Vec<SchemaFinding>) {
    let pointer = error.instance_path().as_str().to_string();
    let field = field_name(&pointer);
    let found = describe(error.instance());
    let unevaluated = matches!(
        error.kind(),
        ValidationErrorKind::UnevaluatedProperties { .. }
    );
    let (severity, message) = match error.kind() {
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            return push_best_branch(context, error, out);
        }
        ValidationErrorKind::Required { property } => {
            let property = property
                .as_str()
                .map_or_else(|| property.to_string(), str::to_string);
            let place = if pointer.is_empty() {
                String::new()
            } else {
                format!(" in `{field}`")
            };
            (
                Severity::Error,
                format!("missing required field `{property}`{place}"),
            )
        }
        ValidationErrorKind::Enum { options } => (
            Severity::Error,
            format!(
                "`{field}` must be one of {}, found {found}",
                list_options(options)
            ),
        ),
        ValidationErrorKind::Constant { expected_value } => (
            Severity::Error,
            format!(
                "`{field}` must be {}, found {found}",
                describe(expected_value)
            ),
        ),
        ValidationErrorKind::Type { kind } => (
            Severity::Error,
            format!("`{field}` must be {}, found {found}", type_words(kind)),
        ),
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => (
            Severity::Warning,
            format!(
                "unknown field {} {} (kept, but not part of the standard; check the spelling)",
                unexpected
                    .iter()
                    .map(|u| format!("`{u}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                if field.is_empty() {
                    "at the top level".to_string()
                } else {
                    format!("in `{field}`")
                }
            ),
        ),
        ValidationErrorKind::Pattern { pattern } => (
            Severity::Error,
            format!("`{field}` does not match the expected pattern `{pattern}`, found {found}"),
        ),
        ValidationErrorKind::Format { format } => (
            Severity::Error,
            format!("`{field}` is not a valid {format}, found {found}"),
        ),
        ValidationErrorKind::MinItems { limit: 1 }
        | ValidationErrorKind::MinLength { limit: 1 } => {
            (Severity::Error, format!("`{field}` must not be empty"))
        }
        _ => (Severity::Error, format!("`{field}`: {error}")),
    };
    out.push(SchemaFinding {
        severity,
        pointer,
        message,
        unevaluated,
    });
}

/// For `oneOf` / `anyOf`, the alternative with the fewest errors is most
/// likely the one the author meant; report its errors.
fn push_best_branch(
    context: &[Vec<ValidationError<'static>>],
    error: &ValidationError<'_>,
    out: &mut Vec<SchemaFinding>,
) {
    match context
        .iter()
        .filter(|branch| !branch.is_empty())
        .min_by_key(|branch| branch.len())
    {
        Some(branch) => branch.iter().for_each(|e| push_findings(e, out)),
        None => out.push(SchemaFinding {
            severity: Severity::Error,
            pointer: error.instance_path().as_str().to_string(),
            message: format!(
                "`{}` matches none of the allowed forms",
                field_name(error.instance_path().as_str())
            ),
            unevaluated: false,
        }),
    }
}

/// `/schema/0/properties/3/required` → `schema[0].properties[3].required`
pub(crate) fn field_name(pointer: &str) -> String {
    let mut out = String::new();
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if segment.parse::<usize>().is_ok() {
            out.push_str(&format!("[{segment}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment);
        }
    }
    out
}

fn list_options(options: &Value) -> String {
    match options.as_array() {
        Some(items) => items.iter().map(describe).collect::<Vec<_>>().join(", "),
        None => describe(options),
    }
}

fn type_words(kind: &TypeKind) -> String {
    let word = |t: JsonType| match t {
        JsonType::Boolean => "true or false",
        JsonType::String => "a text",
        JsonType::Integer => "a whole number",
        JsonType::Number => "a number",
        JsonType::Array => "a list",
        JsonType::Object => "an object",
        JsonType::Null => "empty",
    };
    match kind {
        TypeKind::Single(t) => word(*t).to_string(),
        TypeKind::Multiple(set) => set.iter().map(word).collect::<Vec<_>>().join(" or "),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn messages(kind: RecordKind, value: Value) -> Vec<(String, String)> {
        check(kind, &value)
            .into_iter()
            .map(|f| (f.pointer, f.message))
            .collect()
    }

    #[test]
    fn field_names_read_like_paths() {
        assert_eq!(
            field_name("/schema/0/properties/3/required"),
            "schema[0].properties[3].required"
        );
        assert_eq!(field_name(""), "");
        assert_eq!(field_name("/a~1b"), "a/b");
    }

    #[test]
    fn odcs_missing_and_wrong_type() {
        let found = messages(
            RecordKind::Contract,
            json!({"apiVersion": "v3.1.0", "kind": "DataContract", "id": "x", "status": "active",
                   "schema": [{"name": "t", "properties": [{"name": "a", "required": "sometimes"}]}]}),
        );
        assert!(
            found.contains(&("".into(), "missing required field `version`".into())),
            "{found:?}"
        );
        assert!(
            found.contains(&(
                "/schema/0/properties/0/required".into(),
                "`schema[0].properties[0].required` must be true or false, found \"sometimes\""
                    .into()
            )),
            "{found:?}"
        );
    }

    #[test]
    fn bad_enum_lists_the_choices() {
        let found = messages(
            RecordKind::Product,
            json!({"apiVersion": "v2.0.0", "kind": "DataProduct", "id": "x", "status": "active"}),
        );
        assert_eq!(
            found,
            [(
                "/apiVersion".to_string(),
                "`apiVersion` must be one of \"v0.9.0\", \"v1.0.0\", found \"v2.0.0\"".to_string()
            )]
        );
    }

    #[test]
    fn openlineage_core_is_checked() {
        let found = messages(
            RecordKind::LineageEvent,
            json!({"eventType": "DONE", "eventTime": "2025-01-01T00:00:00Z", "producer": "p", "schemaURL": "s",
                   "run": {"runId": "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"}, "job": {"namespace": "n", "name": "j"}}),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "/eventType");
        assert!(
            found[0]
                .1
                .starts_with("`eventType` must be one of \"START\""),
            "{found:?}"
        );
    }

    #[test]
    fn too_deep_for_the_schema_is_a_warning() {
        let mut value = json!("leaf");
        for _ in 0..=MAX_SCHEMA_DEPTH {
            value = json!([value]);
        }
        let found = check(RecordKind::Contract, &json!({"customProperties": value}));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(
            found[0]
                .message
                .starts_with("the document is nested 42 levels deep"),
            "{found:?}"
        );
    }

    #[test]
    fn odcs_3_0_forms_are_not_errors() {
        let contract = json!({"apiVersion": "v3.0.2", "kind": "DataContract", "id": "x", "version": "1",
            "status": "active", "description": "plain text",
            "team": [{"username": "ada", "role": "owner"}],
            "schema": [{"name": "t", "quality": [{"type": "library", "rule": "rowCount", "mustBeGreaterThan": 0}]}]});
        assert_eq!(messages(RecordKind::Contract, contract.clone()), []);
        let mut as_3_1 = contract;
        as_3_1["apiVersion"] = json!("v3.1.0");
        let found = messages(RecordKind::Contract, as_3_1);
        assert!(found.iter().any(|(p, _)| p == "/description"), "{found:?}");
    }
}
