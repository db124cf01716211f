//! Ordering of contract versions: semantic versions newest first, then any
//! other version strings, lexically.

use std::cmp::Ordering;

/// A parsed `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]` (a leading `v` is allowed).
#[derive(Debug, PartialEq, Eq)]
struct SemVer<'a> {
    core: [u64; 3],
    pre: Vec<&'a str>,
}

fn parse(version: &str) -> Option<SemVer<'_>> {
    let trimmed = version.trim();
    let bare = trimmed.strip_prefix(['v', 'V']).unwrap_or(trimmed);
    let without_build = bare.split_once('+').map_or(bare, |(head, _)| head);
    let (core_text, pre_text) = match without_build.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (without_build, None),
    };
    let mut core = [0u64; 3];
    let mut parts = core_text.split('.');
    for slot in &mut core {
        let part = parts.next()?;
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    if parts.next().is_some() {
        return None;
    }
    let pre = match pre_text {
        Some(text) if text.is_empty() || text.split('.').any(str::is_empty) => return None,
        Some(text) => text.split('.').collect(),
        None => Vec::new(),
    };
    Some(SemVer { core, pre })
}

fn compare_identifier(a: &str, b: &str) -> Ordering {
    let numeric = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
    match (numeric(a), numeric(b)) {
        (true, true) => a.len().cmp(&b.len()).then_with(|| a.cmp(b)),
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => a.cmp(b),
    }
}

fn compare_semver(a: &SemVer<'_>, b: &SemVer<'_>) -> Ordering {
    a.core
        .cmp(&b.core)
        .then_with(|| match (a.pre.is_empty(), b.pre.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => {
                for (x, y) in a.pre.iter().zip(&b.pre) {
                    let order = compare_identifier(x, y);
                    if order != Ordering::Equal {
                        return order;
                    }
                }
                a.pre.len().cmp(&b.pre.len())
            }
        })
}

/// Orders versions newest first: semantic versions by precedence (descending),
/// then every non-semver string after them, lexically ascending. Versions of
/// equal precedence (build metadata only) fall back to the string order so
/// the result is total and stable.
pub fn newest_first(a: &str, b: &str) -> Ordering {
    match (parse(a), parse(b)) {
        (Some(x), Some(y)) => compare_semver(&y, &x).then_with(|| a.cmp(b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut versions: Vec<&str>) -> Vec<&str> {
        versions.sort_by(|a, b| newest_first(a, b));
        versions
    }

    #[test]
    fn numeric_components_compare_as_numbers() {
        assert_eq!(
            sorted(vec!["1.2.0", "1.10.0", "1.9.3", "2.0.0", "0.9.0"]),
            vec!["2.0.0", "1.10.0", "1.9.3", "1.2.0", "0.9.0"]
        );
    }

    #[test]
    fn prerelease_sorts_below_its_release_by_semver_precedence() {
        assert_eq!(
            sorted(vec![
                "1.0.0-alpha",
                "1.0.0",
                "1.0.0-rc.1",
                "1.0.0-beta.11",
                "1.0.0-beta.2",
                "1.0.0-alpha.1",
                "1.0.0-beta",
            ]),
            vec![
                "1.0.0",
                "1.0.0-rc.1",
                "1.0.0-beta.11",
                "1.0.0-beta.2",
                "1.0.0-beta",
                "1.0.0-alpha.1",
                "1.0.0-alpha",
            ]
        );
    }

    #[test]
    fn non_semver_strings_come_after_lexically() {
        assert_eq!(
            sorted(vec!["latest", "1.0", "v2.0.0", "1.0.1", "draft", "01.x"]),
            vec!["v2.0.0", "1.0.1", "01.x", "1.0", "draft", "latest"]
        );
    }

    #[test]
    fn build_metadata_is_ignored_for_precedence() {
        assert_eq!(
            sorted(vec!["1.0.0+b2", "1.1.0", "1.0.0+b1"]),
            vec!["1.1.0", "1.0.0+b1", "1.0.0+b2"]
        );
    }

    #[test]
    fn malformed_versions_are_not_semver() {
        for text in [
            "1.2",
            "1.2.3.4",
            "1..3",
            "1.2.3-",
            "1.2.3-a..b",
            "a.b.c",
            "",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
