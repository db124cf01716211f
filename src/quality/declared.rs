//! What a contract promises: its quality rules (contract, object and
//! property level, with dimension and severity) and the freshness its SLA
//! allows (`latency` and `frequency`, units honoured).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Severity;
use crate::contracts::numbers::{iso_duration, unit_seconds};
use crate::model::{Contract, QualityRule, SchemaProperty, SlaProperty};

/// A rule a contract declares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeclaredRule {
    /// The rule's name, id or metric (what results are matched by).
    pub name: String,
    pub contract: String,
    /// The object or property path it checks (None: the whole contract).
    pub target: Option<String>,
    pub dimension: Option<String>,
    pub severity: Severity,
    pub description: Option<String>,
}

/// What quality reads of a contract: a light decode of the cache's records
/// (the schema's names and rules only, not every property's other fields).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct QualityContract {
    pub id: String,
    pub version: String,
    pub quality: Vec<QualityRule>,
    pub schema: Vec<QualityNode>,
    pub sla_properties: Vec<SlaProperty>,
}

/// A schema object or property: its name, rules and children.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct QualityNode {
    pub name: String,
    pub quality: Vec<QualityRule>,
    pub properties: Vec<QualityNode>,
    pub items: Option<Box<QualityNode>>,
}

impl QualityNode {
    fn of(property: &SchemaProperty) -> QualityNode {
        QualityNode {
            name: property.name.clone(),
            quality: property.quality.clone(),
            properties: property.properties.iter().map(QualityNode::of).collect(),
            items: property
                .items
                .as_deref()
                .map(|i| Box::new(QualityNode::of(i))),
        }
    }
}

impl From<&Contract> for QualityContract {
    fn from(contract: &Contract) -> QualityContract {
        QualityContract {
            id: contract.id.clone(),
            version: contract.version.clone(),
            quality: contract.quality.clone(),
            schema: contract
                .schema
                .iter()
                .map(|object| QualityNode {
                    name: object.name.clone(),
                    quality: object.quality.clone(),
                    properties: object.properties.iter().map(QualityNode::of).collect(),
                    items: None,
                })
                .collect(),
            sla_properties: contract.sla_properties.clone(),
        }
    }
}

/// Every rule of `contract`, contract level first, then each object's and
/// each property's (depth first).
pub fn rules(contract: &QualityContract) -> Vec<DeclaredRule> {
    let mut out = Vec::new();
    let mut push = |rule: &QualityRule, target: Option<String>| {
        out.push(DeclaredRule {
            name: rule_name(rule),
            contract: contract.id.clone(),
            target,
            dimension: rule.dimension.clone(),
            severity: Severity::parse(rule.severity.as_deref()),
            description: rule.description.clone(),
        })
    };
    for rule in &contract.quality {
        push(rule, None);
    }
    for object in &contract.schema {
        for rule in &object.quality {
            push(rule, Some(object.name.clone()));
        }
        let mut stack: Vec<(String, &QualityNode)> = object
            .properties
            .iter()
            .rev()
            .map(|p| (format!("{}.{}", object.name, p.name), p))
            .collect();
        while let Some((path, property)) = stack.pop() {
            for rule in &property.quality {
                push(rule, Some(path.clone()));
            }
            let children = property.properties.iter().chain(property.items.as_deref());
            let children: Vec<_> = children.collect();
            for child in children.into_iter().rev() {
                stack.push((format!("{path}.{}", child.name), child));
            }
        }
    }
    out
}

/// A rule's name for display and matching: name, id, metric, else its type.
fn rule_name(rule: &QualityRule) -> String {
    rule.name
        .clone()
        .or_else(|| rule.id.clone())
        .or_else(|| rule.metric.clone())
        .or_else(|| rule.rule_type.clone())
        .unwrap_or_else(|| "unnamed rule".to_owned())
}

/// How old the data may get: `frequency` (how often it is updated) plus
/// `latency` (how late an update may land), whichever are declared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FreshnessSla {
    pub allowed_seconds: f64,
    /// As written, e.g. `frequency 1 d + latency 4 h`.
    pub text: String,
}

/// The contract's freshness SLA, and a finding for each latency/frequency
/// value meshlens cannot read (no unit where one is needed, unknown unit).
pub fn freshness_sla(contract: &QualityContract) -> (Option<FreshnessSla>, Vec<String>) {
    let mut findings = Vec::new();
    let mut total = 0.0;
    let mut parts = Vec::new();
    for sla in &contract.sla_properties {
        let property = sla.property.to_ascii_lowercase();
        if property != "latency" && property != "frequency" {
            continue;
        }
        match sla_seconds(&sla.value, sla.unit.as_deref()) {
            Ok(seconds) => {
                total += seconds;
                let unit = sla.unit.as_deref().unwrap_or("");
                parts.push(
                    format!("{property} {} {unit}", value_text(&sla.value))
                        .trim_end()
                        .to_owned(),
                );
            }
            Err(problem) => findings.push(format!(
                "contract {}: SLA {property} `{}`: {problem}",
                contract.id,
                value_text(&sla.value)
            )),
        }
    }
    let sla = (!parts.is_empty() && total > 0.0).then(|| FreshnessSla {
        allowed_seconds: total,
        text: parts.join(" + "),
    });
    (sla, findings)
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn sla_seconds(value: &Value, unit: Option<&str>) -> Result<f64, String> {
    let number = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) if s.trim_start().starts_with(['P', 'p']) => {
            return iso_duration(s).ok_or_else(|| "not an ISO 8601 duration".to_owned());
        }
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .ok_or_else(|| "not a number or an ISO 8601 duration".to_owned())?;
    let unit = unit
        .filter(|u| !u.trim().is_empty())
        .ok_or_else(|| "no unit (write unit: d, h, m or s, or an ISO 8601 duration)".to_owned())?;
    let per = unit_seconds(unit).ok_or_else(|| format!("unknown unit `{unit}`"))?;
    Ok(number * per)
}
