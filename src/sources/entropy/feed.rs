//! The CloudEvents feed (`GET /api/events?lastEventId=`): which resource an
//! event is about and whether it was deleted. Types are matched on their
//! suffix (`...DataProductUpdatedEvent`), since the prefix changed with the
//! product's name (`com.datamesh-manager.events.` → `com.entropy-data.events.`).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::sources::{ResourceKind, ResourceRef};

/// One CloudEvent, as much of it as a sync needs.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct CloudEvent {
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: String,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub data: Option<serde_json::Value>,
}

/// What an event asks of the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Read the resource again (created or updated).
    Refresh,
    Delete,
}

/// Event types by suffix: the resource kind and the change.
const TYPES: &[(&str, ResourceKind, Change)] = &[
    (
        "DataProductCreatedEvent",
        ResourceKind::Product,
        Change::Refresh,
    ),
    (
        "DataProductUpdatedEvent",
        ResourceKind::Product,
        Change::Refresh,
    ),
    (
        "DataProductDeletedEvent",
        ResourceKind::Product,
        Change::Delete,
    ),
    (
        "DataContractCreatedEvent",
        ResourceKind::Contract,
        Change::Refresh,
    ),
    (
        "DataContractUpdatedEvent",
        ResourceKind::Contract,
        Change::Refresh,
    ),
    (
        "DataContractDeletedEvent",
        ResourceKind::Contract,
        Change::Delete,
    ),
    ("TeamCreatedEvent", ResourceKind::Team, Change::Refresh),
    ("TeamUpdatedEvent", ResourceKind::Team, Change::Refresh),
    ("TeamDeletedEvent", ResourceKind::Team, Change::Delete),
    (
        "TestResultsCreatedEvent",
        ResourceKind::TestResult,
        Change::Refresh,
    ),
    (
        "TestResultsDeletedEvent",
        ResourceKind::TestResult,
        Change::Delete,
    ),
    ("AccessDeletedEvent", ResourceKind::Access, Change::Delete),
];

impl CloudEvent {
    /// The resource this event changes and how, or `None` for an event
    /// meshlens does not mirror (source systems, tags, assets, ...).
    pub fn change(&self) -> Option<(ResourceRef, Change)> {
        let (kind, change) = self.classify()?;
        let id = self.resource_id(kind)?;
        Some((ResourceRef { kind, id }, change))
    }

    fn classify(&self) -> Option<(ResourceKind, Change)> {
        let t = self.event_type.as_str();
        if let Some((_, kind, change)) = TYPES.iter().find(|(suffix, ..)| t.ends_with(suffix)) {
            return Some((*kind, *change));
        }
        // An output port lives in its data product: read the product again.
        if t.ends_with("OutputPortCreatedEvent")
            || t.ends_with("OutputPortUpdatedEvent")
            || t.ends_with("OutputPortDeletedEvent")
        {
            return Some((ResourceKind::Product, Change::Refresh));
        }
        // Requested, approved, rejected, activated, canceled, provisioned...
        let access_state = t
            .rsplit('.')
            .next()
            .is_some_and(|name| name.starts_with("Access") && name.ends_with("Event"));
        access_state.then_some((ResourceKind::Access, Change::Refresh))
    }

    fn resource_id(&self, kind: ResourceKind) -> Option<String> {
        let data = self.data.as_ref();
        let field = |name: &str| data?.get(name)?.as_str().map(str::to_owned);
        let id = match kind {
            ResourceKind::Product if self.event_type.contains("OutputPort") => {
                field("dataProductId")
            }
            _ => field("id"),
        };
        id.or_else(|| self.subject.clone())
            .filter(|id| !id.is_empty())
    }
}

/// The net change of a run of events: for each resource, its last change.
/// Ordered by kind so that products are read before the contracts, test
/// results and access requests that name them.
pub fn net_changes(events: &[CloudEvent]) -> BTreeMap<ResourceRef, Change> {
    let mut changes = BTreeMap::new();
    for event in events {
        if let Some((reference, change)) = event.change() {
            changes.insert(reference, change);
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str, event_type: &str, subject: &str) -> CloudEvent {
        CloudEvent {
            id: id.into(),
            event_type: event_type.into(),
            subject: Some(subject.into()),
            data: Some(serde_json::json!({ "id": subject })),
        }
    }

    #[test]
    fn types_match_on_their_suffix_under_either_prefix() {
        let old = event(
            "1",
            "com.datamesh-manager.events.DataProductUpdatedEvent",
            "p",
        );
        let new = event("2", "com.entropy-data.events.DataContractDeletedEvent", "c");
        assert_eq!(
            old.change(),
            Some((
                ResourceRef {
                    kind: ResourceKind::Product,
                    id: "p".into()
                },
                Change::Refresh
            ))
        );
        assert_eq!(
            new.change().map(|(r, c)| (r.kind, c)),
            Some((ResourceKind::Contract, Change::Delete))
        );
        let approved = event("3", "com.entropy-data.events.AccessApprovedEvent", "a");
        assert_eq!(
            approved.change().map(|(r, c)| (r.kind, c)),
            Some((ResourceKind::Access, Change::Refresh))
        );
        let tag = event("4", "com.entropy-data.events.TagCreatedEvent", "t");
        assert_eq!(tag.change(), None);
    }

    /// The official sample feed (../shared/standards), when it is present.
    #[test]
    fn the_wiremock_sample_feed_classifies() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/standards/entropy-data/wiremock/events.json"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("skipped: {path} is absent (../shared is not in a user's clone)");
            return;
        };
        let mappings: serde_json::Value = serde_json::from_str(&text).unwrap();
        let events: Vec<CloudEvent> =
            serde_json::from_value(mappings["mappings"][0]["response"]["jsonBody"].clone())
                .unwrap();
        let changes: Vec<(ResourceKind, String, Change)> = events
            .iter()
            .filter_map(CloudEvent::change)
            .map(|(r, c)| (r.kind, r.id, c))
            .collect();
        assert_eq!(
            changes[0],
            (
                ResourceKind::Product,
                "my-example-data-product".into(),
                Change::Refresh
            )
        );
        assert!(
            changes.iter().any(
                |(kind, id, _)| *kind == ResourceKind::Access && id == "2OzPnlv1OVp20sKQaqRQAl"
            )
        );
    }

    #[test]
    fn the_last_event_of_a_resource_decides() {
        let events = [
            event("1", "x.DataProductCreatedEvent", "p"),
            event("2", "x.DataProductDeletedEvent", "p"),
            event("3", "x.DataProductCreatedEvent", "q"),
            event("4", "x.DataProductUpdatedEvent", "q"),
        ];
        let changes: Vec<(String, Change)> = net_changes(&events)
            .into_iter()
            .map(|(r, c)| (r.id, c))
            .collect();
        assert_eq!(
            changes,
            [("p".into(), Change::Delete), ("q".into(), Change::Refresh)]
        );
    }
}
