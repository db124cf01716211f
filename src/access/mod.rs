//! Requesting access to a data product's output port (issue 8).
//!
//! A request is validated here ([`Draft::validate`]), written durably to the
//! cache's outbox with a client-chosen UUID ([`outbox`]) before any network
//! call, then delivered ([`deliver`]): `PUT /api/access/{id}` to the
//! product's Entropy Data server (the UUID becomes the server's id, so a
//! retry never creates a second request), or, for a catalogue folder, written
//! as a file in the same Access shape for the user to commit or send.

pub mod consumers;

/// How a refusal of the consumer starts, so the explorer's form can show it
/// under the consumer field.
pub const CONSUMER_PROBLEM: &str = "consumer: ";
pub mod deliver;
pub mod outbox;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::model::{Contract, Product};

/// Who the access is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Consumer {
    /// A person, by user id (their e-mail address on Entropy Data).
    User(String),
    Team(String),
    /// One of the requester's data products.
    Product(String),
}

impl Consumer {
    /// `team:ID`, `user:ID`, `product:ID`.
    pub fn parse(text: &str) -> Result<Consumer, String> {
        let (kind, id) = text
            .split_once(':')
            .ok_or_else(|| format!("`{text}`: write team:ID, user:ID or product:ID"))?;
        let id = id.trim();
        if id.is_empty() {
            return Err(format!("`{text}`: the id after `{kind}:` is empty"));
        }
        match kind.trim() {
            "user" => Ok(Consumer::User(id.to_owned())),
            "team" => Ok(Consumer::Team(id.to_owned())),
            "product" | "dataproduct" => Ok(Consumer::Product(id.to_owned())),
            other => Err(format!(
                "`{other}` is not a consumer kind: write team:ID, user:ID or product:ID"
            )),
        }
    }

    /// The Access shape's `consumer` object.
    pub fn to_json(&self) -> Value {
        match self {
            Consumer::User(id) => json!({ "userId": id }),
            Consumer::Team(id) => json!({ "teamId": id }),
            Consumer::Product(id) => json!({ "dataProductId": id }),
        }
    }
}

impl std::fmt::Display for Consumer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Consumer::User(id) => write!(f, "user:{id}"),
            Consumer::Team(id) => write!(f, "team:{id}"),
            Consumer::Product(id) => write!(f, "product:{id}"),
        }
    }
}

/// Who approves: the contract's roles (first and second level), else the
/// team owning the product.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approvers {
    pub first_level: Vec<String>,
    pub second_level: Vec<String>,
    /// Where they come from: `contract role ROLE` or `owning team`.
    pub from: String,
}

impl Approvers {
    /// The approvers of access to a port publishing `contract`, owned by
    /// `product`'s team.
    pub fn of(product: &Product, contract: Option<&Contract>) -> Approvers {
        let split = |text: &Option<String>| -> Vec<String> {
            text.as_deref()
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let role = contract.and_then(|c| {
            c.roles
                .iter()
                .find(|r| r.first_level_approvers.is_some() || r.second_level_approvers.is_some())
        });
        if let Some(role) = role {
            return Approvers {
                first_level: split(&role.first_level_approvers),
                second_level: split(&role.second_level_approvers),
                from: format!("contract role {}", role.role),
            };
        }
        let team = product
            .team
            .as_ref()
            .and_then(|t| t.name.clone().or(t.id.clone()));
        Approvers {
            first_level: team.into_iter().collect(),
            second_level: Vec::new(),
            from: "owning team".to_owned(),
        }
    }

    pub fn describe(&self) -> String {
        let mut text = self.first_level.join(", ");
        if !self.second_level.is_empty() {
            text.push_str(&format!(", then {}", self.second_level.join(", ")));
        }
        if text.is_empty() {
            text = "nobody named".to_owned();
        }
        format!("{text} ({})", self.from)
    }
}

/// A request as the user fills it in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Draft {
    pub product_id: String,
    pub port: String,
    pub consumer: Option<Consumer>,
    pub purpose: String,
    pub start: String,
    pub end: String,
}

/// A field of the form, for a validation message beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Port,
    Consumer,
    Purpose,
    Start,
    End,
}

impl Field {
    /// The field's name as the form and the CLI show it.
    pub fn label(self) -> &'static str {
        match self {
            Field::Port => "port",
            Field::Consumer => "consumer",
            Field::Purpose => "purpose",
            Field::Start => "start",
            Field::End => "end",
        }
    }
}

/// The names of a product's output ports, each once (a port listed once
/// per version appears once).
pub fn port_names(product: &Product) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for port in &product.output_ports {
        if !names.contains(&port.name) {
            names.push(port.name.clone());
        }
    }
    names
}

/// A draft that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valid {
    pub consumer: Consumer,
    pub purpose: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

/// Longest purpose accepted: a paragraph or three, not a file.
pub const MAX_PURPOSE: usize = 4000;

impl Draft {
    /// Every problem, by field, in words the user can act on; the valid
    /// request when there is none. `ports` are the product's output ports.
    pub fn validate(
        &self,
        ports: &[String],
        today: NaiveDate,
    ) -> Result<Valid, Vec<(Field, String)>> {
        let mut problems = Vec::new();
        if !ports.iter().any(|p| p == &self.port) {
            let known = if ports.is_empty() {
                "the product has no output port".to_owned()
            } else {
                format!("choose one of: {}", ports.join(", "))
            };
            problems.push((
                Field::Port,
                format!("no output port `{}`; {known}", self.port),
            ));
        }
        if self.consumer.is_none() {
            problems.push((Field::Consumer, "choose who the access is for".to_owned()));
        }
        let purpose = self.purpose.trim();
        if purpose.is_empty() {
            problems.push((
                Field::Purpose,
                "say what the data is for (required)".to_owned(),
            ));
        } else if purpose.chars().count() > MAX_PURPOSE {
            problems.push((Field::Purpose, format!("at most {MAX_PURPOSE} characters")));
        }
        let start = match parse_date(&self.start) {
            Ok(Some(date)) => date,
            Ok(None) => today,
            Err(e) => {
                problems.push((Field::Start, e));
                today
            }
        };
        let end = match parse_date(&self.end) {
            Ok(end) => end,
            Err(e) => {
                problems.push((Field::End, e));
                None
            }
        };
        if let Some(end) = end
            && end <= start
        {
            problems.push((
                Field::End,
                format!("must be after the start date ({start})"),
            ));
        }
        if start < today && !self.start.trim().is_empty() {
            problems.push((Field::Start, format!("is in the past (today is {today})")));
        }
        match (problems.is_empty(), &self.consumer) {
            (true, Some(consumer)) => Ok(Valid {
                consumer: consumer.clone(),
                purpose: purpose.to_owned(),
                start,
                end,
            }),
            _ => Err(problems),
        }
    }
}

/// `YYYY-MM-DD`, or nothing.
fn parse_date(text: &str) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("`{text}` is not a date: write YYYY-MM-DD"))
}

/// The Access resource of the Entropy Data API for a request.
pub fn access_json(
    id: &str,
    product_id: &str,
    port: &str,
    contract_id: Option<&str>,
    valid: &Valid,
) -> Value {
    let mut info = json!({
        "purpose": valid.purpose,
        "startDate": valid.start.to_string(),
    });
    if let Some(end) = valid.end {
        info["endDate"] = json!(end.to_string());
    }
    let mut provider = json!({ "dataProductId": product_id, "outputPortId": port });
    if let Some(contract) = contract_id {
        provider["dataContractId"] = json!(contract);
    }
    json!({
        "id": id,
        "info": info,
        "provider": provider,
        "consumer": valid.consumer.to_json(),
    })
}

#[cfg(test)]
mod tests;
