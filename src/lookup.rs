//! What a name the user typed stands for: a product, contract or team by
//! its id or its name (ignoring case), or, when nothing has it, the nearest
//! matches to offer instead (fuzzy, as the quick-jump). Both faces resolve
//! through here, so `:product Customer Master` in the explorer and
//! `meshlens show "customer master"` find the same product.

use crate::index::NameMatcher;
use crate::store::{Store, StoreError};

/// How many nearest matches a miss offers.
const NEAREST: usize = 3;

/// The outcome of a lookup by id or name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The id of what the text names.
    Found(String),
    /// Nothing has that id or name: the nearest `id (name)`s, best first.
    Missing { nearest: Vec<String> },
}

impl Lookup {
    /// The nearest matches of a miss (none for a hit).
    pub fn nearest(self) -> Vec<String> {
        match self {
            Lookup::Found(_) => Vec::new(),
            Lookup::Missing { nearest } => nearest,
        }
    }

    /// The id, or a message naming what was not found and what is near.
    pub fn or_message(self, what: &str, text: &str) -> Result<String, String> {
        match self {
            Lookup::Found(id) => Ok(id),
            Lookup::Missing { nearest } => Err(missing_message(what, text, &nearest)),
        }
    }
}

/// "no product `x` in the catalogue; nearest: a (A), b (B)".
pub fn missing_message(what: &str, text: &str, nearest: &[String]) -> String {
    let mut message = format!(
        "no {what} `{}` in the catalogue",
        crate::text::sanitize(text.trim())
    );
    if !nearest.is_empty() {
        let nearest: Vec<String> = nearest
            .iter()
            .map(|n| crate::text::sanitize(n).into_owned())
            .collect();
        message.push_str(&format!("; nearest: {}", nearest.join(", ")));
    }
    message
}

/// A product by id, else by name (ignoring case).
pub fn product(store: &Store, text: &str) -> Result<Lookup, StoreError> {
    let text = text.trim();
    match store.product(text)? {
        Some(found) => Ok(Lookup::Found(found.product.id)),
        None => Ok(nearest(store.product_names()?, text)),
    }
}

/// A contract by id, else by id or name ignoring case.
pub fn contract(store: &Store, text: &str) -> Result<Lookup, StoreError> {
    let text = text.trim();
    if store.newest_contract(text)?.is_some() {
        return Ok(Lookup::Found(text.to_owned()));
    }
    match store.contract_named(text)? {
        Some(id) => Ok(Lookup::Found(id)),
        None => Ok(nearest(store.contract_names()?, text)),
    }
}

/// A team that owns products, by its name or id as the products give it
/// (ignoring case).
pub fn team(store: &Store, text: &str) -> Result<Lookup, StoreError> {
    let text = text.trim();
    let teams = store.teams()?;
    let wanted = text.to_lowercase();
    if let Some((team, _)) = teams.iter().find(|(team, _)| team.to_lowercase() == wanted) {
        return Ok(Lookup::Found(team.clone()));
    }
    let entries = teams.into_iter().map(|(t, _)| (t.clone(), t)).collect();
    Ok(nearest(entries, text))
}

/// The nearest (id, name) entries to `text` as `id (name)`, or `id` when the
/// name is the id: a [`Lookup::Missing`] for a text that matched nothing.
pub fn nearest(entries: Vec<(String, String)>, text: &str) -> Lookup {
    let mut matcher = NameMatcher::new(entries);
    let nearest = matcher
        .closest(text, NEAREST)
        .into_iter()
        .map(|(_, id, name)| {
            if id == name {
                id.to_owned()
            } else {
                format!("{id} ({name})")
            }
        })
        .collect();
    Lookup::Missing { nearest }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Store {
        crate::sources::demo_store()
    }

    #[test]
    fn products_are_found_by_id_or_name_in_any_case() {
        let store = demo();
        let by_id = product(&store, "sales-orders-cleansed").unwrap();
        assert_eq!(by_id, Lookup::Found("sales-orders-cleansed".into()));
        let name = store
            .product("sales-orders-cleansed")
            .unwrap()
            .unwrap()
            .product
            .name;
        let by_name = product(&store, &format!("  {}  ", name.to_uppercase())).unwrap();
        assert_eq!(by_name, by_id);
    }

    #[test]
    fn a_miss_offers_the_nearest_and_says_what_it_looked_for() {
        let store = demo();
        let Lookup::Missing { nearest } = product(&store, "sales-ordrs").unwrap() else {
            panic!("found");
        };
        assert!(
            nearest
                .first()
                .is_some_and(|n| n.starts_with("sales-orders")),
            "{nearest:?}"
        );
        let message = product(&store, "nosuch")
            .unwrap()
            .or_message("product", "nosuch")
            .unwrap_err();
        assert_eq!(message, "no product `nosuch` in the catalogue");
        let escaped = missing_message("team", "\u{1b}[31mx", &[]);
        assert!(!escaped.contains('\u{1b}'), "{escaped:?}");
    }

    #[test]
    fn contracts_and_teams_by_id_or_name() {
        let store = demo();
        let id = "urn:datacontract:sales:orders-cleansed";
        assert_eq!(contract(&store, id).unwrap(), Lookup::Found(id.into()));
        assert_eq!(
            contract(&store, &id.to_uppercase()).unwrap(),
            Lookup::Found(id.into())
        );
        let (team_name, _) = store.teams().unwrap().remove(0);
        assert_eq!(
            team(&store, &team_name.to_lowercase()).unwrap(),
            Lookup::Found(team_name.clone())
        );
        assert!(matches!(
            team(&store, "no such team").unwrap(),
            Lookup::Missing { .. }
        ));
    }
}
