//! `meshlens show ID`: a product (by id or name) or a contract (by id).

use anyhow::{Result, bail};
use serde::Serialize;

use super::output::{clean, print_json};
use super::{Catalogue, CliCatalogue, GlobalArgs, Outcome};
use crate::model::{Contract, Description, Product, Team};
use crate::text::sanitize_with;

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// A product id or name, or a contract id
    pub id: String,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Shown {
    Product {
        source: String,
        product: Box<Product>,
        /// Every version of each contract the product's output ports publish.
        contracts: Vec<ContractVersions>,
    },
    Contract {
        id: String,
        versions: Vec<SourcedContract>,
    },
}

#[derive(Serialize)]
struct ContractVersions {
    id: String,
    versions: Vec<String>,
}

#[derive(Serialize)]
struct SourcedContract {
    source: String,
    contract: Contract,
}

/// The nearest product ids, then contract ids, to what was asked for.
fn nearest_products_and_contracts(store: &crate::store::Store, text: &str) -> Result<Vec<String>> {
    let mut nearest = crate::lookup::product(store, text)?.nearest();
    nearest.extend(crate::lookup::contract(store, text)?.nearest());
    Ok(nearest)
}

pub fn run(global: &GlobalArgs, args: &ShowArgs) -> Result<Outcome> {
    let catalogue = Catalogue::open(global)?;
    let Some(shown) = find(&catalogue, &args.id)? else {
        let nearest = nearest_products_and_contracts(&catalogue.store, &args.id)?;
        if global.json {
            print_json(&serde_json::json!({ "kind": null, "id": args.id, "nearest": nearest }))?;
        } else {
            println!(
                "{}. Try `meshlens search {}`.",
                super::output::capitalise(&crate::lookup::missing_message(
                    "product or contract",
                    &args.id,
                    &nearest
                )),
                clean(&args.id)
            );
        }
        return Ok(Outcome::Findings);
    };
    if global.json {
        print_json(&shown)?;
    } else {
        match &shown {
            Shown::Product {
                source,
                product,
                contracts,
            } => print_product(source, product, contracts),
            Shown::Contract { versions, .. } => print_contract(versions),
        }
    }
    Ok(Outcome::Ok)
}

fn find(catalogue: &Catalogue, id: &str) -> Result<Option<Shown>> {
    let store = &catalogue.store;
    if let Some(found) = store.product(id)? {
        let contracts = crate::query::product_contracts(store, &found.product)?
            .into_iter()
            .map(|contract| ContractVersions {
                id: contract.id,
                versions: contract.versions.into_iter().map(|v| v.version).collect(),
            })
            .collect();
        return Ok(Some(Shown::Product {
            source: found.source,
            product: Box::new(found.product),
            contracts,
        }));
    }
    let versions = store.contract_versions(id)?;
    if versions.is_empty() {
        return Ok(None);
    }
    if versions.iter().any(|(_, c)| c.id != id) {
        bail!("contract lookup for `{id}` returned other contracts");
    }
    Ok(Some(Shown::Contract {
        id: id.to_string(),
        versions: versions
            .into_iter()
            .map(|(source, contract)| SourcedContract { source, contract })
            .collect(),
    }))
}

fn print_product(source: &str, p: &Product, contracts: &[ContractVersions]) {
    println!("{}  ({})", clean(p.title()), clean(&p.id));
    field("domain", p.domain.as_deref());
    field("status", p.status.as_deref());
    field("version", p.version.as_deref());
    field("source", Some(source));
    if !p.tags.is_empty() {
        field("tags", Some(&p.tags.join(", ")));
    }
    print_description(&p.description);
    print_team(p.team.as_ref());
    for channel in &p.support {
        println!(
            "  support: {} {}",
            clean(&channel.channel),
            clean(channel.url.as_deref().unwrap_or(""))
        );
    }
    if !p.input_ports.is_empty() {
        println!("\nInput ports");
        for port in &p.input_ports {
            println!(
                "  {}  ← contract {} {}",
                clean(&port.name),
                clean(&port.contract_id),
                clean(port.version.as_deref().unwrap_or(""))
            );
        }
    }
    if !p.output_ports.is_empty() {
        println!("\nOutput ports");
        for port in &p.output_ports {
            let contract = port.contract_id.as_deref().unwrap_or("(no contract)");
            let kind = port.port_type.as_deref().unwrap_or("-");
            println!(
                "  {}  [{}]  → contract {} {}",
                clean(&port.name),
                clean(kind),
                clean(contract),
                clean(port.version.as_deref().unwrap_or(""))
            );
        }
    }
    if !contracts.is_empty() {
        println!("\nContracts");
        for c in contracts {
            let versions = if c.versions.is_empty() {
                "not published in this catalogue".to_string()
            } else {
                c.versions.join(", ")
            };
            println!("  {}  {}", clean(&c.id), clean(&versions));
        }
    }
}

fn print_contract(versions: &[SourcedContract]) {
    let Some(newest) = versions.first() else {
        return;
    };
    let c = &newest.contract;
    println!("{}  ({})  contract", clean(c.title()), clean(&c.id));
    field("version", Some(&c.version));
    field("status", c.status.as_deref());
    field("domain", c.domain.as_deref());
    field("product", c.data_product.as_deref());
    field("source", Some(&newest.source));
    let all: Vec<&str> = versions
        .iter()
        .map(|v| v.contract.version.as_str())
        .collect();
    field("versions", Some(&all.join(", ")));
    print_description(&c.description);
    print_team(c.team.as_ref());
    for object in &c.schema {
        println!(
            "\n{} ({} properties)",
            clean(&object.name),
            object.properties.len()
        );
        for (path, property) in c
            .properties()
            .iter()
            .filter(|(p, _)| p.starts_with(&format!("{}.", object.name)))
        {
            let kind = property
                .logical_type
                .as_deref()
                .or(property.physical_type.as_deref())
                .unwrap_or("-");
            let required = if property.required == Some(true) {
                " required"
            } else {
                ""
            };
            println!("  {}  {}{}", clean(path), clean(kind), required);
        }
    }
}

fn field(label: &str, value: Option<&str>) {
    if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
        println!("  {label:>9}: {}", clean(value));
    }
}

fn print_description(d: &Description) {
    for (label, text) in [
        ("purpose", &d.purpose),
        ("usage", &d.usage),
        ("limits", &d.limitations),
    ] {
        if let Some(text) = text {
            println!(
                "  {label:>9}: {}",
                sanitize_with(text.trim(), true).replace('\n', "\n             ")
            );
        }
    }
}

fn print_team(team: Option<&Team>) {
    let Some(team) = team else {
        println!("  {:>9}: (no owning team)", "team");
        return;
    };
    field("team", team.name.as_deref());
    for m in &team.members {
        let name = m.name.as_deref().unwrap_or(&m.username);
        println!(
            "  {:>9}  {} <{}> {}",
            "",
            clean(name),
            clean(&m.username),
            clean(m.role.as_deref().unwrap_or(""))
        );
    }
}
