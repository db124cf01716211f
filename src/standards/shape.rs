//! Finding which field broke a typed conversion. The model's `flatten`ed
//! `extra` maps make serde lose the field path, so when a conversion fails
//! this walks the document with the few shapes the model is strict about
//! (booleans, whole numbers, lists, objects) and names the first offender.

use serde_json::Value;

use super::locate::escape;

/// What the model accepts at a field.
enum Shape {
    Bool,
    Int,
    /// Text, number, anything: the model's lenient strings take it.
    Any,
    Obj(Fields),
    /// A list (or nothing) of objects.
    List(Fields),
    /// ODCS `description`: text or an object.
    TextOrObj,
    /// ODCS `team`: an object (3.1) or a list of members (3.0).
    TeamAny,
}

struct Field(&'static str, Shape);

/// A function, not a reference, so that `PROPERTY` can contain itself.
type Fields = fn() -> &'static [Field];

fn none() -> &'static [Field] {
    &[]
}
fn quality() -> &'static [Field] {
    QUALITY
}
fn member() -> &'static [Field] {
    MEMBER
}
fn team() -> &'static [Field] {
    TEAM
}
fn property() -> &'static [Field] {
    PROPERTY
}
fn schema_object() -> &'static [Field] {
    SCHEMA_OBJECT
}
fn output_port() -> &'static [Field] {
    OUTPUT_PORT
}
fn contract() -> &'static [Field] {
    CONTRACT
}
fn product() -> &'static [Field] {
    PRODUCT
}

static QUALITY: &[Field] = &[];
static MEMBER: &[Field] = &[];
static TEAM: &[Field] = &[Field("members", Shape::List(member))];
static PROPERTY: &[Field] = &[
    Field("required", Shape::Bool),
    Field("unique", Shape::Bool),
    Field("primaryKey", Shape::Bool),
    Field("criticalDataElement", Shape::Bool),
    Field("primaryKeyPosition", Shape::Int),
    Field("quality", Shape::List(quality)),
    Field("properties", Shape::List(property)),
    Field("items", Shape::Obj(property)),
    Field("logicalTypeOptions", Shape::Any),
];
static SCHEMA_OBJECT: &[Field] = &[
    Field("properties", Shape::List(property)),
    Field("quality", Shape::List(quality)),
];
static CONTRACT: &[Field] = &[
    Field("description", Shape::TextOrObj),
    Field("servers", Shape::List(none)),
    Field("schema", Shape::List(schema_object)),
    Field("quality", Shape::List(quality)),
    Field("slaProperties", Shape::List(none)),
    Field("team", Shape::TeamAny),
    Field("roles", Shape::List(none)),
    Field("support", Shape::List(none)),
    Field("customProperties", Shape::List(none)),
    Field("authoritativeDefinitions", Shape::List(none)),
];
static OUTPUT_PORT: &[Field] = &[Field("inputContracts", Shape::List(none))];
static PRODUCT: &[Field] = &[
    Field("description", Shape::TextOrObj),
    Field("inputPorts", Shape::List(none)),
    Field("outputPorts", Shape::List(output_port)),
    Field("managementPorts", Shape::List(none)),
    Field("team", Shape::Obj(team)),
    Field("support", Shape::List(none)),
];

/// A field whose value the model cannot take.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    /// JSON pointer of the field.
    pub pointer: String,
    /// `schema[0].properties[3].required`
    pub field_path: String,
    pub message: String,
}

pub(crate) fn contract_problem(value: &Value) -> Option<Problem> {
    check(value, &Shape::Obj(contract), &mut Path::default())
}

pub(crate) fn product_problem(value: &Value) -> Option<Problem> {
    check(value, &Shape::Obj(product), &mut Path::default())
}

#[derive(Default)]
struct Path {
    pointer: String,
    dotted: String,
}

impl Path {
    fn with<T>(&mut self, pointer: String, dotted: String, f: impl FnOnce(&mut Path) -> T) -> T {
        let saved = (self.pointer.len(), self.dotted.len());
        self.pointer.push_str(&pointer);
        self.dotted.push_str(&dotted);
        let result = f(self);
        self.pointer.truncate(saved.0);
        self.dotted.truncate(saved.1);
        result
    }

    fn problem(&self, expected: &str, found: &Value) -> Problem {
        let name = if self.dotted.is_empty() {
            "the document"
        } else {
            &self.dotted
        };
        Problem {
            pointer: self.pointer.clone(),
            field_path: self.dotted.clone(),
            message: format!("`{name}` must be {expected}, found {}", describe(found)),
        }
    }
}

fn check(value: &Value, shape: &Shape, path: &mut Path) -> Option<Problem> {
    match (shape, value) {
        (Shape::Any, _) | (_, Value::Null) => None,
        (Shape::Bool, value) => {
            (!is_lenient_bool(value)).then(|| path.problem("true or false", value))
        }
        (Shape::Int, Value::Number(n)) if n.is_i64() => None,
        (Shape::Int, value) => Some(path.problem("a whole number", value)),
        (Shape::Obj(fields), Value::Object(_)) => check_fields(value, fields(), path),
        (Shape::Obj(_), value) => Some(path.problem("an object (`key: value` lines)", value)),
        (Shape::List(fields), Value::Array(items)) => check_items(items, fields(), path),
        (Shape::List(_), value) => Some(path.problem("a list (`- ` items)", value)),
        (Shape::TextOrObj, Value::Array(_)) => Some(path.problem("a text or an object", value)),
        (Shape::TextOrObj, _) => None,
        (Shape::TeamAny, Value::Array(items)) => check_items(items, MEMBER, path),
        (Shape::TeamAny, Value::Object(_)) => check_fields(value, TEAM, path),
        (Shape::TeamAny, value) => Some(path.problem("an object with `members`", value)),
    }
}

fn check_fields(value: &Value, fields: &[Field], path: &mut Path) -> Option<Problem> {
    fields.iter().find_map(|Field(name, shape)| {
        let child = value.get(*name)?;
        let dotted = if path.dotted.is_empty() {
            name.to_string()
        } else {
            format!(".{name}")
        };
        path.with(format!("/{}", escape(name)), dotted, |path| {
            check(child, shape, path)
        })
    })
}

fn check_items(items: &[Value], fields: &'static [Field], path: &mut Path) -> Option<Problem> {
    items.iter().enumerate().find_map(|(index, item)| {
        path.with(
            format!("/{index}"),
            format!("[{index}]"),
            |path| match item {
                Value::Object(_) => check_fields(item, fields, path),
                other => Some(path.problem("an object (`key: value` lines)", other)),
            },
        )
    })
}

fn is_lenient_bool(value: &Value) -> bool {
    match value {
        Value::Bool(_) | Value::Number(_) => true,
        Value::String(s) => matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "true" | "yes" | "false" | "no"
        ),
        _ => false,
    }
}

/// A value as a user would recognise it in their file.
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing".to_string(),
        Value::String(s) if s.chars().count() > 40 => {
            format!("\"{}...\"", s.chars().take(40).collect::<String>())
        }
        Value::String(s) => format!("\"{s}\""),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "an object".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn names_nested_bool_field() {
        let contract = json!({"schema": [{"name": "t", "properties": [
            {"name": "a"}, {"name": "b", "items": {"properties": [{"required": "sometimes"}]}}
        ]}]});
        let problem = contract_problem(&contract).unwrap();
        assert_eq!(
            problem.pointer,
            "/schema/0/properties/1/items/properties/0/required"
        );
        assert_eq!(
            problem.message,
            "`schema[0].properties[1].items.properties[0].required` must be true or false, found \"sometimes\""
        );
    }

    #[test]
    fn lenient_values_pass() {
        let contract = json!({"team": [{"username": "x"}], "description": "text",
            "schema": [{"properties": [{"required": "yes", "unique": 1, "primaryKeyPosition": 2}]}]});
        assert_eq!(contract_problem(&contract), None);
    }

    #[test]
    fn list_and_object_shapes() {
        let problem = contract_problem(&json!({"schema": "orders"})).unwrap();
        assert_eq!(
            problem.message,
            "`schema` must be a list (`- ` items), found \"orders\""
        );
        let problem = product_problem(&json!({"outputPorts": [{"inputContracts": [3]}]})).unwrap();
        assert_eq!(problem.pointer, "/outputPorts/0/inputContracts/0");
        let problem = product_problem(&json!({"team": ["a"]})).unwrap();
        assert_eq!(
            problem.message,
            "`team` must be an object (`key: value` lines), found a list"
        );
    }
}
