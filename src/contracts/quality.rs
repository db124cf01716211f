//! Quality rules: a change matters only to a rule that is a guarantee (a
//! check that can fail: error severity, a threshold, something to measure);
//! thresholds are compared by probing values around their bounds, and list
//! arguments by whether more rows now count as bad.

use super::normalize::Node;
use super::numbers::{THRESHOLDS, Threshold, accepted_direction, probes};
use super::rules::{Trees, Verdict, added_removed, field_position, verdict};
use super::walk::RawChange;
use super::{ChangeKind, Direction};

const WARNING_SEVERITIES: [&str; 6] = ["info", "warning", "warn", "low", "minor", "trivial"];
const UNCHECKED: [&str; 13] = [
    "id",
    "name",
    "rule",
    "description",
    "dimension",
    "businessImpact",
    "method",
    "schedule",
    "scheduler",
    "severity",
    "tags",
    "customProperties",
    "authoritativeDefinitions",
];

/// Whether a quality rule is a check that can fail a test run: error
/// severity (the default), a threshold, and something to measure.
fn is_guarantee(rule: Option<&Node>) -> bool {
    let Some(rule) = rule else {
        return false;
    };
    let severity = rule
        .text("severity")
        .unwrap_or_default()
        .to_ascii_lowercase();
    if WARNING_SEVERITIES.contains(&severity.trim()) || Threshold::of(rule).is_none() {
        return false;
    }
    match rule.text("type").as_deref() {
        Some("sql") => rule.field("query").is_some(),
        Some("text") => false,
        Some("custom") => rule.field("implementation").is_some(),
        _ => rule.field("metric").is_some(),
    }
}

/// Of `keys` changing together, the one whose change carries the grade:
/// the first set in the new version, else the first removed.
fn carrier<'k>(old: Option<&Node>, new: Option<&Node>, keys: &[&'k str]) -> Option<&'k str> {
    let get = |rule: Option<&Node>, k: &str| rule.and_then(|r| r.field(k)).cloned();
    let changed: Vec<&str> = keys
        .iter()
        .copied()
        .filter(|k| get(old, k) != get(new, k))
        .collect();
    changed
        .iter()
        .find(|k| get(new, k).is_some())
        .or(changed.first())
        .copied()
}

pub(super) fn quality(change: &RawChange<'_>, trees: &Trees<'_>) -> Option<Verdict> {
    let at = field_position(&change.path, "quality")?;
    let rule_path = change.path.get(..=at + 1)?;
    let name = &change.path[at + 1];
    let field = change.path.get(at + 2).map(String::as_str);
    let (old, new) = (trees.before.at(rule_path), trees.after.at(rule_path));
    let (was, is) = (is_guarantee(old), is_guarantee(new));
    const DECISIVE: [&str; 7] = [
        "severity",
        "type",
        "engine",
        "implementation",
        "metric",
        "query",
        "unit",
    ];
    let percent = is_percent;
    let direction = match field {
        _ if !was && !is => Direction::Untested,
        None => added_removed(change),
        Some(f) if was != is => {
            let keys: Vec<&str> = DECISIVE.iter().chain(&THRESHOLDS).copied().collect();
            if carrier(old, new, &keys) == Some(f) {
                if is {
                    Direction::Tightens
                } else {
                    Direction::Loosens
                }
            } else {
                Direction::Untested
            }
        }
        Some("arguments")
            if new.and_then(|r| r.text("metric")).is_some()
                && !matches!(
                    new.and_then(|r| r.text("type")).as_deref(),
                    Some("sql" | "custom")
                ) =>
        {
            argument_direction(change, at, old, new)
        }
        Some(f) if THRESHOLDS.contains(&f) => {
            match (old.and_then(Threshold::of), new.and_then(Threshold::of)) {
                _ if carrier(old, new, &THRESHOLDS) != Some(f) => Direction::Untested,
                (Some(a), Some(b)) if percent(old) == percent(new) => {
                    let bounds: Vec<f64> = a.bounds().into_iter().chain(b.bounds()).collect();
                    let integers = !percent(new)
                        && !matches!(
                            new.and_then(|r| r.text("type")).as_deref(),
                            Some("sql" | "custom")
                        );
                    accepted_direction(|v| a.passes(v), |v| b.passes(v), &probes(&bounds, integers))
                }
                _ => Direction::Undetermined,
            }
        }
        Some("unit") if percent(old) == percent(new) => Direction::Untested,
        Some(f) if UNCHECKED.contains(&f) => Direction::Untested,
        Some(_) => Direction::Undetermined,
    };
    let subject = match field {
        Some(_) => format!(
            "{} of quality rule `{name}`",
            change.path[at + 2..].join(".")
        ),
        None => "quality rule".to_owned(),
    };
    Some(verdict("quality-changed", direction, subject))
}

/// Whether a quality rule's threshold is a percentage of rows (else a count).
fn is_percent(rule: Option<&Node>) -> bool {
    rule.and_then(|r| r.text("unit"))
        .is_some_and(|u| matches!(u.trim().to_ascii_lowercase().as_str(), "percent" | "%"))
}

/// A change to a library metric's arguments: adding a valid value, or
/// removing a missing-value marker, counts fewer rows as bad.
fn argument_direction(
    change: &RawChange<'_>,
    at: usize,
    old: Option<&Node>,
    new: Option<&Node>,
) -> Direction {
    let metric = new.and_then(|r| r.text("metric")).unwrap_or_default();
    if old.and_then(|r| r.text("metric")).as_deref() != Some(metric.as_str()) {
        // The metric's own change carries the grade.
        return Direction::Untested;
    }
    let added = change.kind == ChangeKind::Added;
    let Some(argument) = change.path.get(at + 3).map(String::as_str) else {
        // The whole block: only missingValues runs without it.
        return if metric == "missingValues" {
            count_direction(new, added)
        } else {
            Direction::Undetermined
        };
    };
    // Whether adding a value to this argument counts more rows as bad.
    let more_when_added = match (metric.as_str(), argument) {
        ("invalidValues", "validValues") | ("duplicateValues", "properties") => Some(false),
        ("missingValues", "missingValues") => Some(true),
        _ => None,
    };
    match (more_when_added, change.kind) {
        (Some(more_when_added), ChangeKind::Added | ChangeKind::Removed) => {
            count_direction(new, more_when_added == added)
        }
        (Some(_), ChangeKind::Updated) => Direction::Undetermined,
        (None, _) if (metric.as_str(), argument) == ("invalidValues", "pattern") => {
            Direction::Undetermined
        }
        (None, _) => Direction::Untested,
    }
}

/// How counting more (or fewer) bad rows moves a rule, by its threshold.
fn count_direction(rule: Option<&Node>, more: bool) -> Direction {
    let Some(threshold) = rule.and_then(Threshold::of) else {
        return Direction::Undetermined;
    };
    let percent = is_percent(rule);
    let mut bounds = threshold.bounds();
    bounds.push(0.0);
    let accepted: Vec<bool> = probes(&bounds, !percent)
        .into_iter()
        .filter(|p| *p >= 0.0)
        .map(|p| threshold.passes(p))
        .collect();
    if accepted.iter().all(|a| *a) || accepted.iter().all(|a| !*a) {
        return Direction::Untested;
    }
    let falling = accepted.windows(2).all(|w| w[0] >= w[1]);
    let rising = accepted.windows(2).all(|w| w[0] <= w[1]);
    match (falling, rising, more) {
        // Passes up to a limit: more bad rows can only fail it.
        (true, _, true) | (_, true, false) => Direction::Tightens,
        (true, _, false) | (_, true, true) => Direction::Loosens,
        _ => Direction::Both,
    }
}
