//! The CLI and the explorer give the same answers to the same question,
//! because both ask the one query layer (src/query). Over every contract of
//! the demo whose newest version breaks something: the consumers the
//! explorer's contract view lists are those `meshlens diff --json` names,
//! in the same order.

mod support;

use meshlens::sources::EmbeddedDemo;
use meshlens::tui::action::{Effect, Msg};
use meshlens::tui::headless::Headless;
use support::Env;

fn explorer_consumers(headless: &Headless, id: &str) -> Vec<String> {
    let effect = Effect::LoadContract {
        id: id.to_owned(),
        version: None,
    };
    match headless.backend.execute(&effect, &|_| {}) {
        Some(Msg::ContractLoaded {
            detail: Ok(Some(detail)),
            ..
        }) => detail
            .consumers
            .iter()
            .map(|c| c.product.id.clone())
            .collect(),
        other => panic!("no contract {id}: {other:?}"),
    }
}

#[test]
fn consumers_of_every_demo_contract_agree_between_cli_and_explorer() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    let headless = Headless::open(dir.path(), vec![Box::new(EmbeddedDemo)], 120, 40).unwrap();
    let listed = env.json(&["search", "kind:contract", "--limit", "500"]);
    let ids: Vec<String> = listed["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(ids.len() >= 40, "{} contracts", ids.len());
    let mut with_consumers = 0;
    for id in &ids {
        let diff = env.json(&["diff", id]);
        // The CLI names consumers of a breaking change only.
        if diff["breaking"] != true {
            continue;
        }
        let cli = diff["consumers"].as_array().unwrap();
        let cli: Vec<String> = cli
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(explorer_consumers(&headless, id), cli, "consumers of {id}");
        with_consumers += usize::from(!cli.is_empty());
    }
    assert!(
        with_consumers >= 5,
        "{with_consumers} contracts have consumers"
    );
}
