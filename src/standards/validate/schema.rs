//! JSON-schema validation against the bundled schemas, with findings in words
//! a user can act on. Validators are compiled once per process.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, ValidationError};
use serde_json::Value;

use super::Severity;
use super::versions::{Schemas, Standard, Substitute, Version};
use crate::model::RecordKind;
use crate::standards::shape::describe;

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
    /// For an unknown field, its name: the finding is placed on it once
    /// cascades are dropped (they are judged by the object's pointer).
    unexpected: Option<String>,
}

/// Deepest document checked against a schema. The ODCS schema's
/// `unevaluatedProperties` makes validation time grow with the cube of the
/// nesting (60 nested properties: a minute); real contracts nest a handful
/// of levels, 40 is about 18 nested properties.
pub(crate) const MAX_SCHEMA_DEPTH: usize = 40;

/// Schema errors read from one document: enough to act on, and a bound on
/// the work an invalid document can cause.
const MAX_SCHEMA_ERRORS: usize = 200;

/// A document's schema findings, and what checked it when that was not the
/// schema of the version it declares.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    pub findings: Vec<SchemaFinding>,
    pub substitute: Option<(Standard, Substitute)>,
}

impl Checked {
    fn only(finding: SchemaFinding) -> Checked {
        Checked {
            findings: vec![finding],
            substitute: None,
        }
    }
}

pub(crate) fn check(kind: RecordKind, value: &Value, schemas: &Schemas) -> Checked {
    let depth = depth(value);
    if depth > MAX_SCHEMA_DEPTH {
        return Checked::only(SchemaFinding::warning(
            "",
            format!(
                "the document is nested {depth} levels deep; only documents up to \
                 {MAX_SCHEMA_DEPTH} levels are checked against the schema, so this one was only parsed"
            ),
        ));
    }
    let choice = schemas.choose(kind, value);
    let validator = match choice.validator.as_ref() {
        Ok(validator) => validator,
        Err(message) => {
            return Checked::only(SchemaFinding::warning(
                "",
                format!("the schema could not be loaded, so it was not checked: {message}"),
            ));
        }
    };
    let upgraded;
    let value = if choice.standard == Some(Standard::Odcs)
        && choice.used >= Some(Version(3, 1, 0))
        && is_odcs_3_0(value)
    {
        upgraded = upgrade_3_0(value.clone());
        &upgraded
    } else {
        value
    };
    let substitute = choice.standard.zip(choice.substitute);
    let mut findings = Vec::new();
    if let Some((standard, Substitute::Newer { declared, used })) = &substitute {
        findings.push(SchemaFinding::warning(
            "/apiVersion",
            format!(
                "apiVersion {declared} is newer than the newest {standard} schema meshlens has \
                 ({used}); checked against {used}"
            ),
        ));
    }
    // Most files are valid: a yes/no answer costs a fraction of listing
    // errors, which on an invalid, deeply nested contract multiply through
    // the schema's `unevaluatedProperties` and `oneOf` branches.
    if !validator.is_valid(value) {
        let mut errors = Vec::new();
        for error in validator.iter_errors(value).take(MAX_SCHEMA_ERRORS) {
            push_findings(&error, &mut errors);
        }
        if findings.is_empty() {
            findings = errors;
        } else {
            // The newer version's own name is not in the older enum.
            errors.retain(|f| f.pointer != "/apiVersion");
            findings.extend(errors);
        }
        drop_cascades(&mut findings);
    }
    Checked {
        findings,
        substitute,
    }
}

impl SchemaFinding {
    fn warning(pointer: &str, message: String) -> SchemaFinding {
        SchemaFinding {
            severity: Severity::Warning,
            pointer: pointer.to_string(),
            message,
            unevaluated: false,
            unexpected: None,
        }
    }
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
    for finding in findings.iter_mut() {
        if let Some(key) = finding.unexpected.take() {
            let key = key.replace('~', "~0").replace('/', "~1");
            finding.pointer = format!("{}/{key}", finding.pointer);
        }
    }
    findings.sort_by(|a, b| (&a.pointer, &a.message).cmp(&(&b.pointer, &b.message)));
    findings.dedup_by(|a, b| a.pointer == b.pointer && a.message == b.message);
}

/// ODCS 3.0.x files checked against the 3.1 schema (when their own is not
/// at hand), so what 3.0 allowed and 3.1 restructured must not be reported:
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
            Severity::Error,
            format!(
                "unknown field {} {} (not part of the standard: check the spelling, or keep \
                 your own fields under `customProperties`)",
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
    let unexpected = match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => unexpected.first().cloned(),
        _ => None,
    };
    out.push(SchemaFinding {
        severity,
        pointer,
        message,
        unevaluated,
        unexpected,
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
            unexpected: None,
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
        check(kind, &value, &Schemas::bundled())
            .findings
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
            json!({"apiVersion": "v0.5.0", "kind": "DataProduct", "id": "x", "status": "active"}),
        );
        assert_eq!(
            found,
            [(
                "/apiVersion".to_string(),
                "`apiVersion` must be one of \"v0.9.0\", \"v1.0.0\", found \"v0.5.0\"".to_string()
            )]
        );
    }

    #[test]
    fn a_newer_version_is_checked_against_the_newest_with_a_warning() {
        let product = json!({"apiVersion": "v2.0.0", "kind": "DataProduct", "id": "x",
            "status": "active", "name": 7});
        let checked = check(RecordKind::Product, &product, &Schemas::bundled());
        let found: Vec<(Severity, &str, &str)> = checked
            .findings
            .iter()
            .map(|f| (f.severity, f.pointer.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    Severity::Warning,
                    "/apiVersion",
                    "apiVersion v2.0.0 is newer than the newest ODPS schema meshlens has \
                     (v1.0.0); checked against v1.0.0"
                ),
                (Severity::Error, "/name", "`name` must be a text, found 7"),
            ]
        );
        let newer = Substitute::Newer {
            declared: Version(2, 0, 0),
            used: Version(1, 0, 0),
        };
        assert_eq!(checked.substitute, Some((Standard::Odps, newer)));
    }

    #[test]
    fn unknown_fields_are_errors() {
        let found = messages(
            RecordKind::Product,
            json!({"apiVersion": "v1.0.0", "kind": "DataProduct", "id": "x", "status": "active",
                   "colour": "red"}),
        );
        assert_eq!(
            found,
            [(
                "/colour".to_string(),
                "unknown field `colour` at the top level (not part of the standard: check the \
                 spelling, or keep your own fields under `customProperties`)"
                    .to_string()
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
        let found = check(
            RecordKind::Contract,
            &json!({"customProperties": value}),
            &Schemas::bundled(),
        )
        .findings;
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
