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

impl NameMatcher {
    /// The entries a mistyped `text` most likely meant, best first: every
    /// word of the text must be found in a word of the entry's id or name
    /// (or two adjacent ones), with letters left out (`paymnts`) or about one
    /// typo in four letters (`absense`). Unlike [`NameMatcher::top`], letters
    /// scattered over a long name do not count, so a text that names nothing
    /// gets nothing.
    pub fn closest(&mut self, text: &str, limit: usize) -> Vec<(u32, &str, &str)> {
        let wanted: Vec<String> = words(text).map(str::to_lowercase).collect();
        if wanted.is_empty() || limit == 0 {
            return Vec::new();
        }
        let pattern = Pattern::parse(text, CaseMatching::Ignore, Normalization::Smart);
        let mut found: Vec<(u32, usize)> = Vec::new();
        for (position, (id, name)) in self.entries.iter().enumerate() {
            if !wanted
                .iter()
                .all(|word| word_in(word, id) || word_in(word, name))
            {
                continue;
            }
            let name_score =
                pattern.score(Utf32Str::new(name, &mut self.buffer), &mut self.matcher);
            let id_score = pattern.score(Utf32Str::new(id, &mut self.buffer), &mut self.matcher);
            found.push((name_score.max(id_score).unwrap_or(0), position));
        }
        let entries = &self.entries;
        found.sort_by(|a, b| {
            let (name_a, name_b) = (&entries[a.1].1, &entries[b.1].1);
            b.0.cmp(&a.0)
                .then_with(|| name_a.len().cmp(&name_b.len()))
                .then_with(|| name_a.cmp(name_b))
        });
        found
            .into_iter()
            .take(limit)
            .map(|(score, position)| {
                let (id, name) = &entries[position];
                (score, id.as_str(), name.as_str())
            })
            .collect()
    }
}

/// The runs of letters and digits of `text`.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
}

/// `word` (lower case) is in one of the words of `text`, or spans two adjacent ones
/// (`customermaster`: the start of the word abbreviates the first, the rest
/// the second).
fn word_in(word: &str, text: &str) -> bool {
    let mut previous: Option<&str> = None;
    for token in words(text) {
        if word_matches(word, token) || previous.is_some_and(|first| spans(word, first, token)) {
            return true;
        }
        previous = Some(token);
    }
    false
}

fn spans(word: &str, first: &str, second: &str) -> bool {
    word.char_indices().skip(1).any(|(split, _)| {
        is_abbreviation(&word[..split], first.chars())
            && is_abbreviation(&word[split..], second.chars())
    })
}

fn word_matches(word: &str, token: &str) -> bool {
    is_abbreviation(word, token.chars()) || has_typos(word, token)
}

/// `word` is `token` with letters left out, starting with the same letter.
fn is_abbreviation(word: &str, mut token: impl Iterator<Item = char>) -> bool {
    let mut wanted = word.chars();
    let Some(first) = wanted.next() else {
        return true;
    };
    if token.next().is_none_or(|c| !same_letter(c, first)) {
        return false;
    }
    wanted.all(|w| token.any(|c| same_letter(c, w)))
}

fn same_letter(c: char, lower: char) -> bool {
    if c.is_ascii() {
        return c.to_ascii_lowercase() == lower;
    }
    c == lower || c.to_lowercase().eq(std::iter::once(lower))
}

/// `word` is `token`, or the start of it, with about one typo (a letter
/// changed, added, dropped or two swapped) in four letters after the first
/// (a first letter mistyped is rare, and checking it would cost the most).
fn has_typos(word: &str, token: &str) -> bool {
    let length = word.chars().count();
    let allowed = length / 4;
    if allowed == 0 || token.chars().count() + allowed < length {
        return false;
    }
    let mut word_start = word.chars();
    let mut token_start = token.chars();
    let (w1, w2) = (word_start.next(), word_start.next());
    let (t1, t2) = (token_start.next(), token_start.next());
    let same = |t: Option<char>, w: Option<char>| t.zip(w).is_some_and(|(t, w)| same_letter(t, w));
    if !(same(t1, w1) || (same(t1, w2) && same(t2, w1))) {
        return false;
    }
    let token = token.to_lowercase();
    let start: String = token.chars().take(length).collect();
    strsim::osa_distance(word, &start) <= allowed || strsim::osa_distance(word, &token) <= allowed
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
    fn the_closest_names_forgive_left_out_letters_and_typos_not_scatter() {
        let mut matcher = matcher();
        assert_eq!(
            ids(matcher.closest("custmer master", 3)),
            ["customer-master"]
        );
        assert_eq!(
            ids(matcher.closest("Customer Mastre", 3)),
            ["customer-master"]
        );
        assert_eq!(
            ids(matcher.closest("customermaster", 3)),
            ["customer-master"]
        );
        assert_eq!(ids(matcher.closest("paymnts", 3)), ["payments-ledger"]);
        assert_eq!(
            ids(matcher.closest("order", 3)),
            ["online-orders", "order-returns"]
        );
        // Letters scattered over the names: `top` finds them, `closest` not.
        assert_eq!(ids(matcher.top("omer", 3)), ["customer-master"]);
        assert_eq!(ids(matcher.closest("omer", 3)), Vec::<String>::new());
        assert_eq!(ids(matcher.closest("nosuch", 3)), Vec::<String>::new());
        assert_eq!(ids(matcher.closest(" - ", 3)), Vec::<String>::new());
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
