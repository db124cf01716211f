//! How many typos a query term may have: 1 for 4+ characters, 2 for 8+.

/// Typos allowed for a term of this length (counted in characters).
pub(crate) fn max_typos(term: &str) -> u8 {
    match term.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Whether `word` is within the typo distance allowed for `term`
/// (optimal string alignment: a transposition counts as one edit).
pub(crate) fn within_typos(term: &str, word: &str) -> bool {
    let allowed = usize::from(max_typos(term));
    allowed > 0 && edit_distance(term, word) <= allowed
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut table = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            table[i * width + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (table[(i - 1) * width + j] + 1)
                    .min(table[i * width + j - 1] + 1)
                    .min(table[(i - 1) * width + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(table[(i - 2) * width + j - 2] + 1);
                }
                best
            };
        }
    }
    table[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transpositions_and_single_edits_count_as_one() {
        assert_eq!(edit_distance("ordres", "orders"), 1);
        assert_eq!(edit_distance("custmer", "customer"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn allowed_typos_grow_with_term_length() {
        assert!(!within_typos("ord", "orb"));
        assert!(within_typos("ordres", "orders"));
        assert!(!within_typos("ordres", "order"));
        assert!(within_typos("custmoer", "customers"));
    }
}
