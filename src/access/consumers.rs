//! Who an access request may be for: a team, a user or a data product the
//! catalogue knows (products and their teams, and the teams a catalogue
//! server's last sync mirrored, members included). An unknown one is a
//! problem of the consumer field, with the nearest known names; a known one
//! is written as the catalogue spells it.

use std::collections::BTreeSet;

use super::Consumer;
use crate::lookup::{Lookup, missing_message};
use crate::sources::ResourceKind;
use crate::store::{Store, StoreError};

/// The consumer as the catalogue knows it, or why it is not known. `me`,
/// the `[me] user` of the config, is always a known user.
pub fn check(
    store: &Store,
    consumer: &Consumer,
    me: Option<&str>,
) -> Result<Result<Consumer, String>, StoreError> {
    Ok(match consumer {
        Consumer::Product(text) => crate::lookup::product(store, text)?
            .or_message("product", text)
            .map(Consumer::Product),
        Consumer::Team(text) => known(&teams(store)?, text, "team").map(Consumer::Team),
        Consumer::User(text) if me.is_some_and(|me| me.eq_ignore_ascii_case(text)) => {
            Ok(consumer.clone())
        }
        Consumer::User(text) => known(&users(store)?, text, "user").map(Consumer::User),
    })
}

/// `text` among `names` ignoring case (the catalogue's spelling); or the
/// id form of one of them as typed (`sales-analytics` for "Sales
/// Analytics", as catalogue servers make team ids); or a message with the
/// nearest.
fn known(names: &BTreeSet<String>, text: &str, what: &str) -> Result<String, String> {
    let wanted = text.trim().to_lowercase();
    if let Some(name) = names.iter().find(|name| name.to_lowercase() == wanted) {
        return Ok(name.clone());
    }
    if names.iter().any(|name| slug(name) == wanted) {
        return Ok(text.trim().to_owned());
    }
    let entries = names.iter().map(|n| (n.clone(), n.clone())).collect();
    match crate::lookup::nearest(entries, text) {
        Lookup::Missing { nearest } => Err(missing_message(what, text, &nearest)),
        Lookup::Found(name) => Ok(name),
    }
}

/// "Sales Analytics" → "sales-analytics".
fn slug(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// Teams that own products, and the teams a server mirrored (by id and name).
fn teams(store: &Store) -> Result<BTreeSet<String>, StoreError> {
    let mut names: BTreeSet<String> = store.teams()?.into_iter().map(|(t, _)| t).collect();
    for (_, resource) in store.resources(ResourceKind::Team, None)? {
        names.insert(resource.id.clone());
        if let Some(name) = resource.json.get("name").and_then(|n| n.as_str()) {
            names.insert(name.to_owned());
        }
    }
    Ok(names)
}

/// Members of the products' teams and of the mirrored teams.
fn users(store: &Store) -> Result<BTreeSet<String>, StoreError> {
    #[derive(serde::Deserialize)]
    struct Owners {
        #[serde(default)]
        team: Option<TeamMembers>,
    }
    #[derive(serde::Deserialize)]
    struct TeamMembers {
        #[serde(default)]
        members: Vec<Username>,
    }
    #[derive(serde::Deserialize)]
    struct Username {
        #[serde(default)]
        username: Option<String>,
    }
    let mut users = BTreeSet::new();
    store.for_each_product_as(|owners: Owners| {
        let members = owners.team.map(|t| t.members).unwrap_or_default();
        users.extend(members.into_iter().filter_map(|m| m.username));
    })?;
    for (_, resource) in store.resources(ResourceKind::Team, None)? {
        let team = crate::sources::entropy::team_from_json(&resource.json);
        users.extend(team.members.into_iter().map(|m| m.username));
    }
    Ok(users)
}
