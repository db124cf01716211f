//! Fuzzy quick-jump over product names and ids (nucleo, as in fzf).

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::store::{Store, StoreError};

/// Ranks (id, name) entries against what the user typed so far.
pub struct NameMatcher {
    entries: Vec<(String, String)>,
    matcher: Matcher,
    buffer: Vec<char>,
}

impl std::fmt::Debug for NameMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NameMatcher")
            .field("entries", &self.entries.len())
            .finish()
    }
}

impl NameMatcher {
    pub fn new(entries: Vec<(String, String)>) -> NameMatcher {
        NameMatcher {
            entries,
            matcher: Matcher::new(Config::DEFAULT),
            buffer: Vec::new(),
        }
    }

    /// Every product of the cache (one query, no JSON decoding).
    pub fn from_store(store: &Store) -> Result<NameMatcher, StoreError> {
        Ok(NameMatcher::new(store.product_names()?))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The best `limit` entries for `pattern` as (score, id, name), best
    /// first; an entry scores the better of its name and its id. Ties go by
    /// name. An empty pattern matches nothing.
    pub fn top(&mut self, pattern: &str, limit: usize) -> Vec<(u32, &str, &str)> {
        if pattern.trim().is_empty() || limit == 0 {
            return Vec::new();
        }
        let pattern = Pattern::parse(pattern, CaseMatching::Ignore, Normalization::Smart);
        let mut scored: Vec<(u32, usize)> = Vec::new();
        for (position, (id, name)) in self.entries.iter().enumerate() {
            let name_score =
                pattern.score(Utf32Str::new(name, &mut self.buffer), &mut self.matcher);
            let id_score = pattern.score(Utf32Str::new(id, &mut self.buffer), &mut self.matcher);
            if let Some(score) = name_score.max(id_score) {
                scored.push((score, position));
            }
        }
        let entries = &self.entries;
        let order = |a: &(u32, usize), b: &(u32, usize)| {
            b.0.cmp(&a.0)
                .then_with(|| entries[a.1].1.cmp(&entries[b.1].1))
        };
        if scored.len() > limit {
            scored.select_nth_unstable_by(limit - 1, order);
            scored.truncate(limit);
        }
        scored.sort_by(order);
        scored
            .into_iter()
            .map(|(score, position)| {
                let (id, name) = &entries[position];
                (score, id.as_str(), name.as_str())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> NameMatcher {
        let entries = [
            ("online-orders", "Online Orders"),
            ("order-returns", "Order Returns"),
            ("customer-master", "Customer Master"),
            ("payments-ledger", "Payments Ledger"),
        ];
        NameMatcher::new(
            entries
                .iter()
                .map(|(id, name)| (id.to_string(), name.to_string()))
                .collect(),
        )
    }

    fn ids(hits: Vec<(u32, &str, &str)>) -> Vec<String> {
        hits.into_iter().map(|(_, id, _)| id.to_owned()).collect()
    }

    #[test]
    fn subsequences_of_names_match_best_first() {
        let mut matcher = matcher();
        assert_eq!(ids(matcher.top("cusmas", 10)), vec!["customer-master"]);
        assert_eq!(
            ids(matcher.top("orders", 10)),
            vec!["online-orders", "order-returns"]
        );
    }

    #[test]
    fn ids_match_too_and_limit_applies() {
        let mut matcher = matcher();
        assert_eq!(ids(matcher.top("ledger", 1)), vec!["payments-ledger"]);
        assert_eq!(matcher.top("r", 2).len(), 2);
        assert_eq!(matcher.top("", 5), vec![]);
        assert_eq!(matcher.top("zzz", 5), vec![]);
    }
}
