//! Hand-rolled YAML for the model types the generator fills in. Only the
//! fields the generator sets are written; `tests/synthetic_*` reads every file
//! back with serde_norway and compares.

use super::yaml::Yaml;
use crate::model::{
    Contract, Description, Extra, Product, QualityRule, SchemaObject, SchemaProperty, Server,
    SlaProperty, SupportChannel, Team,
};

/// Appends the ODPS document of `product` to `buf`.
pub fn product_yaml(buf: &mut String, product: &Product) {
    let mut y = Yaml::new(buf);
    y.str(0, "apiVersion", &product.api_version);
    extra_first(&mut y, &product.extra, "kind");
    y.str(0, "id", &product.id);
    y.str(0, "name", &product.name);
    y.opt_str(0, "version", product.version.as_deref());
    y.opt_str(0, "domain", product.domain.as_deref());
    y.opt_str(0, "status", product.status.as_deref());
    description(&mut y, &product.description);
    y.flow_list(0, "tags", &product.tags);
    if let Some(team) = &product.team {
        team_yaml(&mut y, team);
    }
    support(&mut y, &product.support);
    if !product.input_ports.is_empty() {
        y.open(0, "inputPorts");
        for port in &product.input_ports {
            y.item();
            y.str(4, "name", &port.name);
            y.opt_str(4, "version", port.version.as_deref());
            y.str(4, "contractId", &port.contract_id);
        }
    }
    if !product.output_ports.is_empty() {
        y.open(0, "outputPorts");
        for port in &product.output_ports {
            y.item();
            y.str(4, "name", &port.name);
            y.opt_str(4, "description", port.description.as_deref());
            y.opt_str(4, "type", port.port_type.as_deref());
            y.opt_str(4, "version", port.version.as_deref());
            y.opt_str(4, "contractId", port.contract_id.as_deref());
        }
    }
    extra_rest(&mut y, 0, &product.extra, "kind");
}

/// Appends the ODCS document of `contract` to `buf`.
pub fn contract_yaml(buf: &mut String, contract: &Contract) {
    let mut y = Yaml::new(buf);
    y.str(0, "apiVersion", &contract.api_version);
    extra_first(&mut y, &contract.extra, "kind");
    y.str(0, "id", &contract.id);
    y.str(0, "version", &contract.version);
    y.opt_str(0, "status", contract.status.as_deref());
    y.opt_str(0, "name", contract.name.as_deref());
    y.opt_str(0, "domain", contract.domain.as_deref());
    y.opt_str(0, "dataProduct", contract.data_product.as_deref());
    y.opt_str(
        0,
        "contractCreatedTs",
        contract.contract_created_ts.as_deref(),
    );
    description(&mut y, &contract.description);
    if !contract.servers.is_empty() {
        y.open(0, "servers");
        for server in &contract.servers {
            server_yaml(&mut y, server);
        }
    }
    if !contract.schema.is_empty() {
        y.open(0, "schema");
        for object in &contract.schema {
            schema_object(&mut y, object);
        }
    }
    quality(&mut y, 0, &contract.quality);
    sla(&mut y, &contract.sla_properties);
    if let Some(team) = &contract.team {
        team_yaml(&mut y, team);
    }
    support(&mut y, &contract.support);
    y.flow_list(0, "tags", &contract.tags);
    extra_rest(&mut y, 0, &contract.extra, "kind");
}

fn extra_first(y: &mut Yaml, extra: &Extra, key: &str) {
    if let Some(value) = extra.get(key) {
        y.value(0, key, value);
    }
}

fn extra_rest(y: &mut Yaml, indent: usize, extra: &Extra, skip: &str) {
    for (key, value) in extra.iter().filter(|(k, _)| k.as_str() != skip) {
        y.value(indent, key, value);
    }
}

fn description(y: &mut Yaml, description: &Description) {
    if description.is_empty() {
        return;
    }
    y.open(0, "description");
    y.opt_str(2, "purpose", description.purpose.as_deref());
    y.opt_str(2, "usage", description.usage.as_deref());
    y.opt_str(2, "limitations", description.limitations.as_deref());
}

fn team_yaml(y: &mut Yaml, team: &Team) {
    y.open(0, "team");
    y.opt_str(2, "name", team.name.as_deref());
    y.open(2, "members");
    for member in &team.members {
        y.item();
        y.str(6, "username", &member.username);
        y.opt_str(6, "name", member.name.as_deref());
        y.opt_str(6, "role", member.role.as_deref());
    }
}

fn support(y: &mut Yaml, channels: &[SupportChannel]) {
    if channels.is_empty() {
        return;
    }
    y.open(0, "support");
    for channel in channels {
        y.item();
        y.str(4, "channel", &channel.channel);
        y.opt_str(4, "url", channel.url.as_deref());
        y.opt_str(4, "tool", channel.tool.as_deref());
        y.opt_str(4, "scope", channel.scope.as_deref());
    }
}

fn server_yaml(y: &mut Yaml, server: &Server) {
    y.item();
    y.str(4, "server", &server.server);
    y.opt_str(4, "type", server.server_type.as_deref());
    y.opt_str(4, "environment", server.environment.as_deref());
    y.opt_str(4, "host", server.host.as_deref());
    match server.port.as_deref() {
        Some(port) if port.bytes().all(|b| b.is_ascii_digit()) && !port.is_empty() => {
            y.raw(4, "port", port)
        }
        other => y.opt_str(4, "port", other),
    }
    y.opt_str(4, "database", server.database.as_deref());
    y.opt_str(4, "schema", server.schema.as_deref());
    extra_rest(y, 4, &server.extra, "");
}

fn schema_object(y: &mut Yaml, object: &SchemaObject) {
    y.item();
    y.str(4, "name", &object.name);
    y.opt_str(4, "physicalName", object.physical_name.as_deref());
    y.opt_str(4, "physicalType", object.physical_type.as_deref());
    y.opt_str(4, "description", object.description.as_deref());
    y.open(4, "properties");
    for property in &object.properties {
        schema_property(y, property);
    }
    quality(y, 4, &object.quality);
}

fn schema_property(y: &mut Yaml, property: &SchemaProperty) {
    y.item();
    y.str(8, "name", &property.name);
    y.opt_str(8, "logicalType", property.logical_type.as_deref());
    y.opt_str(8, "physicalType", property.physical_type.as_deref());
    y.opt_bool(8, "required", property.required);
    y.opt_bool(8, "unique", property.unique);
    y.opt_bool(8, "primaryKey", property.primary_key);
    y.opt_str(8, "classification", property.classification.as_deref());
    y.opt_str(8, "description", property.description.as_deref());
    quality(y, 8, &property.quality);
}

fn quality(y: &mut Yaml, indent: usize, rules: &[QualityRule]) {
    if rules.is_empty() {
        return;
    }
    y.open(indent, "quality");
    for rule in rules {
        y.item();
        y.opt_str(indent + 4, "type", rule.rule_type.as_deref());
        y.opt_str(indent + 4, "metric", rule.metric.as_deref());
        y.opt_str(indent + 4, "description", rule.description.as_deref());
        y.opt_str(indent + 4, "dimension", rule.dimension.as_deref());
        y.opt_str(indent + 4, "severity", rule.severity.as_deref());
        y.opt_str(indent + 4, "query", rule.query.as_deref());
        extra_rest(y, indent + 4, &rule.extra, "");
    }
}

fn sla(y: &mut Yaml, properties: &[SlaProperty]) {
    if properties.is_empty() {
        return;
    }
    y.open(0, "slaProperties");
    for property in properties {
        y.item();
        y.str(4, "property", &property.property);
        y.value(4, "value", &property.value);
        y.opt_str(4, "unit", property.unit.as_deref());
    }
}
