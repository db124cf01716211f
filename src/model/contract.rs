use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::{Description, Extra, Member, SupportChannel, Team, lenient};

/// One version of an ODCS v3 data contract (3.0.x and 3.1.0).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contract {
    #[serde(default, deserialize_with = "lenient::string")]
    pub api_version: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub version: String,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub domain: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub data_product: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub tenant: Option<String>,
    #[serde(default)]
    pub description: Description,
    #[serde(default, deserialize_with = "lenient::list")]
    pub servers: Vec<Server>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub schema: Vec<SchemaObject>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub quality: Vec<QualityRule>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub sla_properties: Vec<SlaProperty>,
    #[serde(
        default,
        deserialize_with = "team_any",
        skip_serializing_if = "Option::is_none"
    )]
    pub team: Option<Team>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub roles: Vec<Role>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub support: Vec<SupportChannel>,
    #[serde(default, deserialize_with = "lenient::strings")]
    pub tags: Vec<String>,
    #[serde(
        default,
        deserialize_with = "lenient::list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub custom_properties: Vec<Value>,
    #[serde(
        default,
        deserialize_with = "lenient::list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub authoritative_definitions: Vec<Value>,
    /// When the contract version was published, where the file says so
    /// (`contractCreatedTs`).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub contract_created_ts: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Contract {
    /// The display name: `name`, else the data product it belongs to, else the id.
    pub fn title(&self) -> &str {
        self.name
            .as_deref()
            .or(self.data_product.as_deref())
            .filter(|s| !s.trim().is_empty())
            .unwrap_or(&self.id)
    }

    /// Every property of every schema object, depth first, with its dotted path.
    pub fn properties(&self) -> Vec<(String, &SchemaProperty)> {
        let mut out = Vec::new();
        for object in &self.schema {
            for property in &object.properties {
                property.walk(&object.name, &mut out);
            }
        }
        out
    }
}

/// ODCS 3.1 writes `team` as an object; 3.0 wrote a bare list of members.
fn team_any<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Team>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Wire {
        Object(Team),
        Members(Vec<Member>),
    }
    Ok(match Option::<Wire>::deserialize(d)? {
        None => None,
        Some(Wire::Object(team)) => Some(team),
        Some(Wire::Members(members)) => Some(Team {
            members,
            ..Team::default()
        }),
    })
}

/// A server (ODCS `servers`): where the contract's data lives.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Server {
    #[serde(default, deserialize_with = "lenient::string")]
    pub server: String,
    #[serde(
        rename = "type",
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub server_type: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub environment: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub host: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub port: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub database: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub schema: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A schema object (table, view, topic, ...).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemaObject {
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub physical_name: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub physical_type: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub logical_type: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub business_name: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::strings",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub properties: Vec<SchemaProperty>,
    #[serde(
        default,
        deserialize_with = "lenient::list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub quality: Vec<QualityRule>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A property (column, field), possibly nested through `properties` or `items`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemaProperty {
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub physical_name: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub business_name: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub logical_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logical_type_options: Option<Value>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub physical_type: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub required: Option<bool>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub unique: Option<bool>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub primary_key: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key_position: Option<i64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub classification: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub critical_data_element: Option<bool>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::strings",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tags: Vec<String>,
    #[serde(
        default,
        deserialize_with = "lenient::list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub quality: Vec<QualityRule>,
    #[serde(
        default,
        deserialize_with = "lenient::list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub properties: Vec<SchemaProperty>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<SchemaProperty>>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl SchemaProperty {
    fn walk<'a>(&'a self, parent: &str, out: &mut Vec<(String, &'a SchemaProperty)>) {
        // An array's `items` usually has no name of its own: it is `parent[]`.
        let path = if self.name.is_empty() {
            parent.to_string()
        } else {
            format!("{parent}.{}", self.name)
        };
        for child in &self.properties {
            child.walk(&path, out);
        }
        if let Some(items) = &self.items {
            items.walk(&format!("{path}[]"), out);
        }
        out.push((path, self));
    }
}

/// A data quality rule, at contract, object or property level.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QualityRule {
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// `text`, `library`, `sql` or `custom`.
    #[serde(
        rename = "type",
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub rule_type: Option<String>,
    /// ODCS 3.1 `metric` (3.0 called it `rule`; the parser folds that in).
    #[serde(
        default,
        alias = "rule",
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub metric: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub dimension: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub severity: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub query: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub schedule: Option<String>,
    /// Thresholds (`mustBe`, `mustBeLessThan`, ...), arguments and everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One service-level property (`latency`, `frequency`, `retention`, ...).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaProperty {
    #[serde(default, deserialize_with = "lenient::string")]
    pub property: String,
    #[serde(default)]
    pub value: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_ext: Option<Value>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub unit: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub element: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub driver: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// An access role and its approvers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    #[serde(default, deserialize_with = "lenient::string")]
    pub role: String,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub access: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub first_level_approvers: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub second_level_approvers: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn property(name: &str) -> SchemaProperty {
        SchemaProperty {
            name: name.to_string(),
            ..SchemaProperty::default()
        }
    }

    #[test]
    fn properties_are_listed_with_dotted_paths_children_first() {
        let mut lines = property("lines");
        let mut item = property("");
        item.properties = vec![property("sku"), property("quantity")];
        lines.items = Some(Box::new(item));
        let mut address = property("address");
        address.properties = vec![property("city")];
        let contract = Contract {
            schema: vec![SchemaObject {
                name: "orders".into(),
                properties: vec![property("order_id"), address, lines],
                ..SchemaObject::default()
            }],
            ..Contract::default()
        };
        let paths: Vec<String> = contract.properties().into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            paths,
            [
                "orders.order_id",
                "orders.address.city",
                "orders.address",
                "orders.lines[].sku",
                "orders.lines[].quantity",
                "orders.lines[]",
                "orders.lines",
            ]
        );
    }
}
