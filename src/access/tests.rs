use chrono::NaiveDate;
use serde_json::json;

use super::deliver::{Delivery, Destinations, status_of, waits_for};
use super::outbox::{AccessError, enqueue};
use super::*;
use crate::model::{Role, Team};
use crate::store::{RequestStatus, Store};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn draft() -> Draft {
    Draft {
        product_id: "orders".into(),
        port: "main".into(),
        consumer: Some(Consumer::Team("finance".into())),
        purpose: "  monthly revenue report  ".into(),
        start: String::new(),
        end: "2027-03-31".into(),
    }
}

fn ports() -> Vec<String> {
    vec!["main".into(), "events".into()]
}

#[test]
fn consumers_read_kind_colon_id() {
    assert_eq!(
        Consumer::parse("team:finance"),
        Ok(Consumer::Team("finance".into()))
    );
    assert_eq!(
        Consumer::parse("user:ada@example.com"),
        Ok(Consumer::User("ada@example.com".into()))
    );
    assert_eq!(
        Consumer::parse("product:sales-orders"),
        Ok(Consumer::Product("sales-orders".into()))
    );
    assert!(
        Consumer::parse("finance")
            .unwrap_err()
            .contains("team:ID, user:ID or product:ID")
    );
    assert!(
        Consumer::parse("group:x")
            .unwrap_err()
            .contains("`group` is not a consumer kind")
    );
    assert!(Consumer::parse("team: ").unwrap_err().contains("is empty"));
    assert_eq!(
        Consumer::Team("finance".into()).to_json(),
        json!({"teamId": "finance"})
    );
}

#[test]
fn a_valid_draft_starts_today_and_trims_the_purpose() {
    let valid = draft().validate(&ports(), today()).unwrap();
    assert_eq!(valid.purpose, "monthly revenue report");
    assert_eq!(valid.start, today());
    assert_eq!(valid.end, NaiveDate::from_ymd_opt(2027, 3, 31));
}

#[test]
fn every_problem_is_named_by_its_field() {
    let bad = Draft {
        port: "nope".into(),
        consumer: None,
        purpose: "   ".into(),
        start: "2026-12-01".into(),
        end: "2026-11-30".into(),
        ..draft()
    };
    let problems = bad.validate(&ports(), today()).unwrap_err();
    let fields: Vec<Field> = problems.iter().map(|(f, _)| *f).collect();
    assert_eq!(
        fields,
        [Field::Port, Field::Consumer, Field::Purpose, Field::End]
    );
    assert_eq!(
        problems[0].1,
        "no output port `nope`; choose one of: main, events"
    );
    assert_eq!(problems[3].1, "must be after the start date (2026-12-01)");
    let dates = Draft {
        start: "25/11/2026".into(),
        end: "2026-02-30".into(),
        ..draft()
    };
    let problems = dates.validate(&ports(), today()).unwrap_err();
    assert_eq!(
        problems[0],
        (
            Field::Start,
            "`25/11/2026` is not a date: write YYYY-MM-DD".into()
        )
    );
    assert_eq!(
        problems[1],
        (
            Field::End,
            "`2026-02-30` is not a date: write YYYY-MM-DD".into()
        )
    );
    let past = Draft {
        start: "2026-01-01".into(),
        ..draft()
    };
    let problems = past.validate(&ports(), today()).unwrap_err();
    assert_eq!(
        problems,
        [(Field::Start, "is in the past (today is 2026-11-25)".into())]
    );
}

fn product() -> Product {
    Product {
        id: "orders".into(),
        team: Some(Team {
            name: Some("sales-team".into()),
            ..Team::default()
        }),
        output_ports: vec![crate::model::OutputPort {
            name: "main".into(),
            contract_id: Some("orders-contract".into()),
            ..Default::default()
        }],
        ..Product::default()
    }
}

#[test]
fn approvers_come_from_the_contract_roles_else_the_owning_team() {
    let contract = Contract {
        roles: vec![Role {
            role: "orders_reader".into(),
            first_level_approvers: Some("Sales Lead, Data Steward".into()),
            second_level_approvers: Some("CISO".into()),
            ..Role::default()
        }],
        ..Contract::default()
    };
    let approvers = Approvers::of(&product(), Some(&contract));
    assert_eq!(approvers.first_level, ["Sales Lead", "Data Steward"]);
    assert_eq!(approvers.second_level, ["CISO"]);
    assert_eq!(
        approvers.describe(),
        "Sales Lead, Data Steward, then CISO (contract role orders_reader)"
    );
    let team = Approvers::of(&product(), None);
    assert_eq!(team.describe(), "sales-team (owning team)");
}

#[test]
fn the_access_resource_has_the_openapi_shape() {
    let valid = draft().validate(&ports(), today()).unwrap();
    let access = access_json("0b6f", "orders", "main", Some("orders-contract"), &valid);
    assert_eq!(
        access,
        json!({
            "id": "0b6f",
            "info": {"purpose": "monthly revenue report", "startDate": "2026-11-25", "endDate": "2027-03-31"},
            "provider": {"dataProductId": "orders", "outputPortId": "main", "dataContractId": "orders-contract"},
            "consumer": {"teamId": "finance"}
        })
    );
}

#[test]
fn server_statuses_read_from_the_access_resource() {
    let status = |info: serde_json::Value| status_of(&json!({ "info": info }));
    assert_eq!(
        status(json!({"status": "requested"})),
        RequestStatus::Requested
    );
    assert_eq!(
        status(json!({"status": "approved"})),
        RequestStatus::Approved
    );
    assert_eq!(
        status(json!({"status": "approved", "active": true})),
        RequestStatus::Active
    );
    assert_eq!(
        status(json!({"status": "rejected"})),
        RequestStatus::Rejected
    );
    let provisioning =
        json!({"info": {"status": "approved"}, "provisioning": {"status": "provisioning-started"}});
    assert_eq!(status_of(&provisioning), RequestStatus::Provisioning);
}

#[test]
fn the_outbox_keeps_requests_and_an_append_only_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("c.sqlite")).unwrap();
    let valid = draft().validate(&ports(), today()).unwrap();
    let entry = enqueue(&mut store, "folder", &product(), "main", None, &valid).unwrap();
    assert_eq!(entry.status, RequestStatus::Queued);
    assert_eq!(entry.access["id"], entry.id.as_str());
    assert!(matches!(
        enqueue(&mut store, "folder", &product(), "main", None, &valid),
        Err(AccessError::Duplicate(id)) if id == entry.id
    ));
    // The request is written as files beside the folder source.
    let folder = dir.path().join("mesh");
    let sources = folder_source(&folder);
    let destinations = to_folder(&sources, dir.path());
    let delivery = destinations.deliver(&mut store, &entry).unwrap();
    let yaml = folder
        .join("access-requests")
        .join(format!("{}.yaml", entry.id));
    assert_eq!(delivery, Delivery::Written(yaml.display().to_string()));
    let written: serde_json::Value =
        serde_norway::from_str(&std::fs::read_to_string(&yaml).unwrap()).unwrap();
    assert_eq!(written, entry.access);
    let json_path = yaml.with_extension("json");
    let json_file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json_path).unwrap()).unwrap();
    assert_eq!(json_file, entry.access);
    let stored = store.access_request(&entry.id[..8]).unwrap().unwrap();
    assert_eq!(stored.status, RequestStatus::Written);
    assert!(waits_for(&stored).starts_with("you: commit or send "));
    let audit = store.access_audit().unwrap();
    let actions: Vec<&str> = audit.iter().map(|l| l.action.as_str()).collect();
    assert_eq!(actions, ["requested", "written"]);
    let conn = rusqlite::Connection::open(crate::store::outbox_path(&dir.path().join("c.sqlite")))
        .unwrap();
    let refused = conn.execute("DELETE FROM access_audit", []).unwrap_err();
    assert!(refused.to_string().contains("append-only"), "{refused}");
    let refused = conn
        .execute("UPDATE access_audit SET detail = 'x'", [])
        .unwrap_err();
    assert!(refused.to_string().contains("append-only"), "{refused}");
}

#[test]
fn requests_are_never_written_through_a_link_out_of_the_catalogue_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("c.sqlite")).unwrap();
    let valid = draft().validate(&ports(), today()).unwrap();
    let entry = enqueue(&mut store, "folder", &product(), "main", None, &valid).unwrap();
    let folder = dir.path().join("mesh");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, folder.join("access-requests")).unwrap();
    let sources = folder_source(&folder);
    let destinations = to_folder(&sources, dir.path());
    let delivery = destinations.deliver(&mut store, &entry).unwrap();
    assert_eq!(
        delivery,
        Delivery::Queued(format!(
            "cannot write the request under {}: it is a symbolic link; requests are only \
             written inside the catalogue folder",
            folder.join("access-requests").display()
        ))
    );
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    assert_eq!(
        store.access_request(&entry.id).unwrap().unwrap().status,
        RequestStatus::Queued
    );
    // A link planted at the request's file name is replaced, not followed.
    std::fs::remove_file(folder.join("access-requests")).unwrap();
    std::fs::create_dir(folder.join("access-requests")).unwrap();
    let target = elsewhere.join("victim");
    std::fs::write(&target, "keep me").unwrap();
    let planted = folder
        .join("access-requests")
        .join(format!("{}.yaml", entry.id));
    std::os::unix::fs::symlink(&target, &planted).unwrap();
    std::os::unix::fs::symlink(&target, planted.with_extension("tmp")).unwrap();
    let delivery = destinations.deliver(&mut store, &entry).unwrap();
    assert_eq!(delivery, Delivery::Written(planted.display().to_string()));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    assert!(
        !std::fs::symlink_metadata(&planted)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

fn folder_source(folder: &std::path::Path) -> Vec<Box<dyn crate::sources::Source>> {
    vec![Box::new(crate::sources::DirSource::new("folder", folder))]
}

/// Where requests go: the folder source, else `dir/cache`.
fn to_folder<'a>(
    sources: &'a [Box<dyn crate::sources::Source>],
    dir: &std::path::Path,
) -> Destinations<'a> {
    Destinations {
        sources,
        fallback_dir: dir.join("cache"),
        offline: false,
    }
}
