//! From the server's payloads to records: data products as ODPS (or in the
//! older Data Product Specification, converted), data contracts from their
//! original YAML. Parsing goes through the same standards reader as files,
//! with the URL standing in for the file name in messages.

use std::path::Path;

use serde_json::{Map, Value, json};

use crate::model::{LoadIssue, Member, Record, Team};
use crate::standards::{self, Parsed};

/// What one payload gave.
pub enum Converted {
    Record(Record),
    Issue(LoadIssue),
}

/// A data product from the API: ODPS as is, DPS converted to ODPS.
pub fn product(source: &str, url: &str, value: &Value) -> Converted {
    let odps = if value.get("dataProductSpecification").is_some() {
        dps_to_odps(value)
    } else {
        value.clone()
    };
    let bytes = serde_json::to_vec(&odps).unwrap_or_default();
    parsed(
        source,
        url,
        standards::parse_bytes(Path::new(url), &bytes),
        "data product",
    )
}

/// A data contract from its original YAML (or the JSON of the listing).
pub fn contract(source: &str, url: &str, text: &[u8]) -> Converted {
    parsed(
        source,
        url,
        standards::parse_bytes(Path::new(url), text),
        "data contract",
    )
}

fn parsed(
    source: &str,
    url: &str,
    outcome: Result<Parsed, standards::ParseError>,
    what: &str,
) -> Converted {
    match outcome {
        Ok(Parsed::Records {
            mut records,
            errors,
        }) if records.len() == 1 && errors.is_empty() => Converted::Record(records.remove(0)),
        Ok(Parsed::Records { mut errors, .. }) if !errors.is_empty() => {
            Converted::Issue(errors.remove(0).into_issue(source))
        }
        Ok(_) => Converted::Issue(LoadIssue {
            source: source.to_owned(),
            path: url.into(),
            line: None,
            column: None,
            message: format!(
                "not a {what} meshlens reads (ODPS v1 products, ODCS v3 contracts); skipped"
            ),
        }),
        Err(error) => Converted::Issue(error.into_issue(source)),
    }
}

/// A server's `Team` (members by e-mail address) in the model's terms.
pub fn team(value: &Value) -> Team {
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
    let members = value
        .get("members")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|member| {
            Some(Member {
                username: text(member, "emailAddress")?,
                role: text(member, "role"),
                ..Member::default()
            })
        })
        .collect();
    Team {
        id: text(value, "id"),
        name: text(value, "name"),
        members,
        tags: value
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        ..Team::default()
    }
}

/// The Data Product Specification (Entropy Data's older product format) as
/// ODPS v1: `info` spread over the top level, the owner as the team, output
/// ports' `dataContractId` as `contractId`, the rest kept as custom
/// properties.
fn dps_to_odps(dps: &Value) -> Value {
    let info = dps.get("info").cloned().unwrap_or(Value::Null);
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
    let mut product = Map::new();
    product.insert("apiVersion".into(), json!("v1.0.0"));
    product.insert("kind".into(), json!("DataProduct"));
    product.insert("id".into(), dps.get("id").cloned().unwrap_or(Value::Null));
    let name = text(&info, "title").or_else(|| text(dps, "id"));
    product.insert("name".into(), json!(name));
    product.insert(
        "status".into(),
        json!(text(&info, "status").unwrap_or_else(|| "active".into())),
    );
    if let Some(domain) = text(&info, "domain") {
        product.insert("domain".into(), json!(domain));
    }
    if let Some(purpose) = text(&info, "description") {
        product.insert("description".into(), json!({ "purpose": purpose }));
    }
    if let Some(owner) = text(&info, "owner") {
        product.insert("team".into(), json!({ "name": owner }));
    }
    if let Some(tags) = dps.get("tags") {
        product.insert("tags".into(), tags.clone());
    }
    let ports = |key: &str, convert: fn(&Value) -> Value| -> Value {
        let list = dps.get(key).and_then(Value::as_array);
        Value::Array(list.into_iter().flatten().map(convert).collect())
    };
    product.insert("inputPorts".into(), ports("inputPorts", dps_input_port));
    product.insert("outputPorts".into(), ports("outputPorts", dps_output_port));
    let custom: Vec<Value> = ["archetype", "maturity"]
        .iter()
        .filter_map(|key| Some(json!({ "property": key, "value": text(&info, key)? })))
        .collect();
    product.insert("customProperties".into(), Value::Array(custom));
    Value::Object(product)
}

fn dps_output_port(port: &Value) -> Value {
    let mut out = Map::new();
    let name = port.get("id").or_else(|| port.get("name")).cloned();
    out.insert("name".into(), name.unwrap_or(Value::Null));
    out.insert("version".into(), json!("v1"));
    for (from, to) in [
        ("description", "description"),
        ("type", "type"),
        ("dataContractId", "contractId"),
        ("tags", "tags"),
    ] {
        if let Some(value) = port.get(from) {
            out.insert(to.into(), value.clone());
        }
    }
    let custom: Vec<Value> = [
        "status",
        "containsPii",
        "autoApprove",
        "server",
        "environment",
    ]
    .iter()
    .filter_map(|key| Some(json!({ "property": key, "value": port.get(*key)? })))
    .collect();
    out.insert("customProperties".into(), Value::Array(custom));
    Value::Object(out)
}

fn dps_input_port(port: &Value) -> Value {
    let name = port.get("id").or_else(|| port.get("name")).cloned();
    let mut out = Map::new();
    out.insert("name".into(), name.unwrap_or(Value::Null));
    out.insert("version".into(), json!("v1"));
    let contract = port
        .get("dataContractId")
        .or_else(|| port.get("sourceOutputPortId"))
        .cloned();
    out.insert("contractId".into(), contract.unwrap_or(json!("")));
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wiremock_dps() -> Value {
        json!({"dataProductSpecification": "0.0.1", "id": "my-example-data-product",
            "info": {"title": "My Example Data Product", "description": "This is an example data product",
                     "owner": "my-example-team", "status": "active", "archetype": "source-aligned"},
            "inputPorts": [],
            "outputPorts": [{"id": "snowflake", "name": "My Example Output Port", "type": "snowflake",
                             "server": {"account": "ORDER_DB"}, "status": "active", "containsPii": false,
                             "dataContractId": "orders-v1"}],
            "tags": ["demo"]})
    }

    #[test]
    fn a_dps_product_reads_as_odps() {
        let url = "http://127.0.0.1/api/dataproducts/my-example-data-product";
        let Converted::Record(Record::Product(product)) = product("srv", url, &wiremock_dps())
        else {
            panic!("not a product");
        };
        assert_eq!(product.id, "my-example-data-product");
        assert_eq!(product.name, "My Example Data Product");
        assert_eq!(product.status.as_deref(), Some("active"));
        assert_eq!(
            product.team.as_ref().and_then(|t| t.name.as_deref()),
            Some("my-example-team")
        );
        assert_eq!(product.output_ports.len(), 1);
        assert_eq!(product.output_ports[0].name, "snowflake");
        assert_eq!(
            product.output_ports[0].contract_id.as_deref(),
            Some("orders-v1")
        );
        assert_eq!(product.tags, ["demo"]);
    }

    #[test]
    fn broken_contract_yaml_names_the_url_line_and_column() {
        let url = "http://127.0.0.1/api/datacontracts/x/datacontract.yaml";
        let text = b"apiVersion: v3.0.2\nkind: DataContract\nid: x\n  version: [1\n";
        let Converted::Issue(issue) = contract("srv", url, text) else {
            panic!("broken YAML was accepted");
        };
        assert_eq!(issue.path, Path::new(url));
        assert!(issue.line.is_some(), "{issue:?}");
    }
}
