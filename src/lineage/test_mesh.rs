//! Hand-made catalogue pieces for tests (lineage, quality): products with
//! input and output ports, contracts on a Postgres server `db:5432`
//! (database `shop`, schema `public`), and the run datasets they name.

use crate::model::{
    Contract, InputPort, LineageDataset, OutputPort, Product, SchemaObject, Server, SupportChannel,
    Team,
};

pub(crate) fn product(id: &str, inputs: &[&str], outputs: &[&str]) -> Product {
    Product {
        id: id.into(),
        name: id.to_uppercase(),
        team: Some(Team {
            name: Some(format!("team-{id}")),
            ..Team::default()
        }),
        support: vec![SupportChannel {
            channel: format!("#{id}"),
            ..SupportChannel::default()
        }],
        input_ports: inputs
            .iter()
            .map(|c| InputPort {
                name: "in".into(),
                contract_id: (*c).into(),
                ..InputPort::default()
            })
            .collect(),
        output_ports: outputs
            .iter()
            .map(|c| OutputPort {
                name: "out".into(),
                contract_id: Some((*c).into()),
                ..OutputPort::default()
            })
            .collect(),
        ..Product::default()
    }
}

/// A contract on a Postgres server `db:5432`, database `shop`, schema `public`.
pub(crate) fn pg_contract(id: &str, table: &str) -> Contract {
    Contract {
        id: id.into(),
        version: "1.0.0".into(),
        servers: vec![Server {
            server: "prod".into(),
            server_type: Some("postgres".into()),
            host: Some("db".into()),
            port: Some("5432".into()),
            database: Some("shop".into()),
            schema: Some("public".into()),
            ..Server::default()
        }],
        schema: vec![SchemaObject {
            name: table.into(),
            physical_name: Some(table.into()),
            ..SchemaObject::default()
        }],
        ..Contract::default()
    }
}

pub(crate) fn pg(table: &str) -> LineageDataset {
    LineageDataset {
        namespace: "postgres://db:5432".into(),
        name: format!("shop.public.{table}"),
        ..LineageDataset::default()
    }
}
