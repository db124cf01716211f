//! What users type in the search box: free text plus `field:value` filters.

use serde::{Deserialize, Serialize};

/// The two kinds of documents in the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Product,
    Contract,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Product => "product",
            Kind::Contract => "contract",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        match text.trim().to_lowercase().as_str() {
            "product" | "products" => Some(Kind::Product),
            "contract" | "contracts" => Some(Kind::Contract),
            _ => None,
        }
    }
}

/// Hits per page when the query does not say.
pub const DEFAULT_LIMIT: usize = 50;

/// A search: free text (may be empty: browse) and exact, case-insensitive filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery {
    pub text: String,
    pub domain: Option<String>,
    pub team: Option<String>,
    pub tag: Option<String>,
    pub status: Option<String>,
    pub kind: Option<Kind>,
    pub limit: usize,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            text: String::new(),
            domain: None,
            team: None,
            tag: None,
            status: None,
            kind: None,
            limit: DEFAULT_LIMIT,
        }
    }
}

impl SearchQuery {
    pub fn text(text: impl Into<String>) -> SearchQuery {
        SearchQuery {
            text: text.into(),
            ..SearchQuery::default()
        }
    }
}

/// Splits the input into words; a double-quoted stretch (also after
/// `field:`) is one word, its quotes removed. An unclosed quote runs to the end.
fn words(input: &str) -> Vec<(String, bool)> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut in_quotes = false;
    for c in input.chars() {
        match c {
            '"' => {
                in_quotes = !in_quotes;
                quoted = true;
            }
            c if c.is_whitespace() && !in_quotes => {
                if !current.is_empty() || quoted {
                    words.push((std::mem::take(&mut current), quoted));
                }
                quoted = false;
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() || quoted {
        words.push((current, quoted));
    }
    words
}

/// Parses `orders domain:sales team:"Payments Core" tag:pii status:active
/// kind:contract`. Known fields are `domain`, `team`, `tag`, `status` and
/// `kind`; anything else (including `kind:` with an unknown kind) stays in the
/// text. A later filter of the same field wins.
pub fn parse_query(input: &str) -> SearchQuery {
    let mut query = SearchQuery::default();
    let mut text: Vec<String> = Vec::new();
    for (word, _) in words(input) {
        if !apply_filter(&mut query, &word) && !word.is_empty() {
            text.push(word);
        }
    }
    query.text = text.join(" ");
    query
}

fn apply_filter(query: &mut SearchQuery, word: &str) -> bool {
    let Some((field, value)) = word.split_once(':') else {
        return false;
    };
    let value = value.trim();
    if value.is_empty() {
        return false;
    }
    let slot = match field.to_lowercase().as_str() {
        "domain" => &mut query.domain,
        "team" => &mut query.team,
        "tag" => &mut query.tag,
        "status" => &mut query.status,
        "kind" => {
            return match Kind::parse(value) {
                Some(kind) => {
                    query.kind = Some(kind);
                    true
                }
                None => false,
            };
        }
        _ => return false,
    };
    *slot = Some(value.to_owned());
    true
}

/// Writes a query back in the syntax [`parse_query`] reads.
pub fn format_query(query: &SearchQuery) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !query.text.trim().is_empty() {
        parts.push(query.text.trim().to_owned());
    }
    let filters = [
        ("domain", &query.domain),
        ("team", &query.team),
        ("tag", &query.tag),
        ("status", &query.status),
    ];
    for (field, value) in filters {
        if let Some(value) = value {
            parts.push(format!("{field}:{}", quote_if_needed(value)));
        }
    }
    if let Some(kind) = query.kind {
        parts.push(format!("kind:{}", kind.as_str()));
    }
    parts.join(" ")
}

fn quote_if_needed(value: &str) -> String {
    if value.chars().any(char::is_whitespace) {
        format!("\"{value}\"")
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn parses_text_and_every_filter() {
        let query = parse_query(
            "orders domain:sales team:\"Payments Core\" tag:pii status:active kind:contract",
        );
        assert_eq!(
            query,
            SearchQuery {
                text: "orders".into(),
                domain: Some("sales".into()),
                team: Some("Payments Core".into()),
                tag: Some("pii".into()),
                status: Some("active".into()),
                kind: Some(Kind::Contract),
                limit: DEFAULT_LIMIT,
            }
        );
    }

    #[test]
    fn unknown_fields_and_kinds_stay_in_the_text() {
        let query = parse_query("owner:alice  kind:table orders domain:");
        assert_eq!(query.text, "owner:alice kind:table orders domain:");
        assert_eq!((query.domain, query.kind), (None, None));
    }

    #[test]
    fn quoted_text_is_one_word_and_field_names_ignore_case() {
        let query = parse_query("\"online orders\" DOMAIN:Sales team:\"Payments");
        assert_eq!(query.text, "online orders");
        assert_eq!(query.domain.as_deref(), Some("Sales"));
        assert_eq!(query.team.as_deref(), Some("Payments"));
    }

    fn value() -> impl Strategy<Value = String> {
        "[A-Za-z0-9_.-]{1,8}( [A-Za-z0-9_.-]{1,8}){0,2}"
    }

    proptest! {
        #[test]
        fn format_then_parse_is_identity(
            text in "([a-z0-9]{1,8})( [a-z0-9]{1,8}){0,3}|",
            domain in proptest::option::of(value()),
            team in proptest::option::of(value()),
            tag in proptest::option::of(value()),
            status in proptest::option::of(value()),
            kind in proptest::option::of(prop_oneof![Just(Kind::Product), Just(Kind::Contract)]),
        ) {
            let query = SearchQuery { text, domain, team, tag, status, kind, limit: DEFAULT_LIMIT };
            prop_assert_eq!(parse_query(&format_query(&query)), query);
        }

        #[test]
        fn parsing_never_loses_plain_words(input in "[ a-z:\"]{0,30}") {
            let query = parse_query(&input);
            for word in query.text.split(' ').filter(|w| !w.is_empty()) {
                prop_assert!(!word.contains('"'));
            }
            let reparsed = parse_query(&format_query(&query));
            prop_assert_eq!(reparsed.domain, query.domain);
            prop_assert_eq!(reparsed.kind, query.kind);
        }
    }
}
