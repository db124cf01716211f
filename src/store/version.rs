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

/// How a version moved from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bump {
    /// The first version of the contract.
    Initial,
    Major,
    Minor,
    Patch,
    /// Only the pre-release part changed (`1.0.0-rc.1` → `1.0.0-rc.2`, or `→ 1.0.0`).
    PreRelease,
    /// Equal precedence (build metadata only).
    Same,
    /// The new version is older than the previous one.
    Downgrade,
    /// One of the two is not a semantic version.
    NotSemver,
}

impl Bump {
    pub fn label(self) -> &'static str {
        match self {
            Bump::Initial => "initial",
            Bump::Major => "major",
            Bump::Minor => "minor",
            Bump::Patch => "patch",
            Bump::PreRelease => "pre-release",
            Bump::Same => "same",
            Bump::Downgrade => "downgrade",
            Bump::NotSemver => "not semver",
        }
    }

    /// Whether the bump may carry breaking changes under semver: a major
    /// bump, or any bump below 1.0.0, where the minor is the breaking digit
    /// (as Cargo reads it), or a pre-release of a not-yet-released version.
    pub fn allows_breaking(self, previous: &str, next: &str) -> bool {
        match self {
            // A downgrade is a comparison run backwards, not a release.
            Bump::Major | Bump::Initial | Bump::NotSemver | Bump::Downgrade => true,
            Bump::Minor => parse(previous).is_some_and(|v| v.core[0] == 0),
            Bump::PreRelease => parse(next).is_some_and(|v| !v.pre.is_empty()),
            Bump::Patch | Bump::Same => {
                parse(previous).is_some_and(|v| v.core[0] == 0 && v.core[1] == 0)
            }
        }
    }
}

/// The kind of bump from `previous` to `next` (None: `next` is the first version).
pub fn bump(previous: Option<&str>, next: &str) -> Bump {
    let Some(previous) = previous else {
        return Bump::Initial;
    };
    let (Some(old), Some(new)) = (parse(previous), parse(next)) else {
        return Bump::NotSemver;
    };
    match compare_semver(&new, &old) {
        Ordering::Less => Bump::Downgrade,
        Ordering::Equal => Bump::Same,
        Ordering::Greater if new.core[0] != old.core[0] => Bump::Major,
        Ordering::Greater if new.core[1] != old.core[1] => Bump::Minor,
        Ordering::Greater if new.core[2] != old.core[2] => Bump::Patch,
        Ordering::Greater => Bump::PreRelease,
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

    #[test]
    fn bump_kinds() {
        assert_eq!(bump(None, "1.0.0"), Bump::Initial);
        assert_eq!(bump(Some("1.4.2"), "2.0.0"), Bump::Major);
        assert_eq!(bump(Some("1.4.2"), "1.5.0"), Bump::Minor);
        assert_eq!(bump(Some("1.4.2"), "1.4.3"), Bump::Patch);
        assert_eq!(bump(Some("1.0.0-rc.1"), "1.0.0"), Bump::PreRelease);
        assert_eq!(bump(Some("1.0.0+a"), "1.0.0+b"), Bump::Same);
        assert_eq!(bump(Some("2.0.0"), "1.9.0"), Bump::Downgrade);
        assert_eq!(bump(Some("1.0"), "1.1"), Bump::NotSemver);
    }

    #[test]
    fn zero_major_minor_bumps_may_break() {
        assert!(Bump::Minor.allows_breaking("0.3.0", "0.4.0"));
        assert!(!Bump::Minor.allows_breaking("1.3.0", "1.4.0"));
        assert!(!Bump::Patch.allows_breaking("1.3.0", "1.3.1"));
        assert!(Bump::Patch.allows_breaking("0.0.1", "0.0.2"));
        assert!(Bump::Major.allows_breaking("1.3.0", "2.0.0"));
        assert!(Bump::Downgrade.allows_breaking("2.0.0", "1.0.0"));
    }
}
