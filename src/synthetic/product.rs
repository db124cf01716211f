//! The ODPS v1.0.0 document of a planned product.

use serde_json::Value;

use super::plan::{ProductPlan, title_case};
use super::schema::singular;
use super::team::{support, team};
use crate::model::{Description, InputPort, OutputPort, Product};

const LIMITATIONS: &[&str] = &[
    "Late-arriving records are corrected for up to 3 days.",
    "Excludes test accounts and internal users.",
    "History starts in 2019; earlier data lives in the legacy warehouse.",
    "Amounts are net of tax: gross = net + tax_amount.",
    "Do not use for \"official\" statutory reporting.",
    "Region codes follow ISO 3166-1 alpha-2; 'XK' is used for Kosovo.",
    "No known limitations.",
];

/// Builds the product document; `all` is the whole plan (inputs point into it).
pub fn product(seed: u64, plan: &ProductPlan, all: &[ProductPlan]) -> Product {
    let mut extra = crate::model::Extra::new();
    extra.insert("kind".into(), Value::String("DataProduct".into()));
    Product {
        api_version: "v1.0.0".into(),
        id: plan.id.clone(),
        name: plan.name.clone(),
        version: plan.ports[0].versions().pop(),
        domain: Some(plan.domain_name().into()),
        status: Some(plan.status.into()),
        description: description(plan),
        tags: plan.tags.iter().map(|t| t.to_string()).collect(),
        input_ports: plan
            .inputs
            .iter()
            .map(|input| input_port(input, all))
            .collect(),
        output_ports: output_ports(plan),
        team: Some(team(seed, plan)),
        support: support(plan),
        extra,
        ..Product::default()
    }
}

fn description(plan: &ProductPlan) -> Description {
    let subject = std::iter::once(plan.noun)
        .chain(plan.qualifiers.iter().copied())
        .collect::<Vec<_>>()
        .join(" ");
    let scope = plan
        .region
        .map_or_else(String::new, |r| format!(" in {}", r.to_uppercase()));
    let origin = if plan.is_source_aligned() {
        "straight from the operational systems".to_string()
    } else {
        format!("built from {} upstream contracts", plan.inputs.len())
    };
    Description {
        purpose: Some(format!(
            "{} for the {} domain{scope}, {origin}; one row per {}.",
            title_case(&subject),
            plan.domain_name(),
            singular(plan.noun).replace('_', " ")
        )),
        usage: Some(format!(
            "Join on {}_id. Query the output port tables, not the staging area.",
            singular(plan.noun)
        )),
        limitations: Some(LIMITATIONS[plan.index % LIMITATIONS.len()].into()),
    }
}

fn input_port(input: &super::plan::InputPlan, all: &[ProductPlan]) -> InputPort {
    let upstream = &all[input.product as usize];
    let port = &upstream.ports[input.port as usize];
    let name = if input.port == 0 {
        upstream.id.clone()
    } else {
        format!("{}-{}", upstream.id, port.name)
    };
    InputPort {
        name,
        version: port.versions().get(input.version as usize).cloned(),
        contract_id: port.contract_id.clone(),
        ..InputPort::default()
    }
}

fn output_ports(plan: &ProductPlan) -> Vec<OutputPort> {
    plan.ports
        .iter()
        .map(|port| OutputPort {
            name: port.name.clone(),
            description: Some(format!("{} ({})", plan.name, port.name.replace('-', " "))),
            port_type: Some(
                if port.server == super::plan::ServerKind::Kafka {
                    "topic"
                } else {
                    "tables"
                }
                .into(),
            ),
            version: port.versions().pop(),
            contract_id: Some(port.contract_id.clone()),
            ..OutputPort::default()
        })
        .collect()
}
