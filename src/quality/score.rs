//! The trust score (docs/quality.md): 100 points in four parts, each with
//! a note saying why it got what it got.
//!
//! | part | points | full marks when |
//! |---|---|---|
//! | checks | 40 | every check passes (weights: error 3, warning 2, info 1; a declared rule with no result counts as not passing) |
//! | freshness | 25 | the last update is within the SLA (`frequency` + `latency`); linear to 0 at twice the SLA |
//! | last run | 15 | the last run writing the product completed |
//! | documentation | 20 | 5 each: description, owner, contract, freshness SLA |

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Severity;
use super::state::{Check, ProductState, RunState};

pub const CHECKS: f64 = 40.0;
pub const FRESHNESS: f64 = 25.0;
pub const LAST_RUN: f64 = 15.0;
pub const DOCUMENTATION: f64 = 20.0;
/// Events dated more than this after `now` are clock skew.
pub const SKEW_TOLERANCE_SECONDS: f64 = 300.0;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScorePart {
    pub name: &'static str,
    pub points: f64,
    pub max: f64,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// 0 to 100, the parts' points rounded.
    pub total: u32,
    pub parts: Vec<ScorePart>,
}

/// The total alone, without the notes (the health view and the history
/// need only the number).
pub fn total(state: &ProductState, now: DateTime<Utc>) -> u32 {
    let points = checks_points(&state.checks)
        + freshness_points(state, now)
        + last_run_points(state.run.as_ref())
        + documentation_points(state);
    points.round().clamp(0.0, 100.0) as u32
}

fn checks_points(checks: &[Check]) -> f64 {
    let total: f64 = checks.iter().map(|c| weight(c.severity)).sum();
    if total == 0.0 {
        return 0.0;
    }
    let passing: f64 = checks
        .iter()
        .filter(|c| c.last.as_ref().is_some_and(|r| r.passed))
        .map(|c| weight(c.severity))
        .sum();
    CHECKS * passing / total
}

/// Freshness points (0 when it cannot be judged: no SLA, no update, clock skew).
fn freshness_points(state: &ProductState, now: DateTime<Utc>) -> f64 {
    let (Some(sla), Some(updated)) = (&state.sla, state.last_update) else {
        return 0.0;
    };
    let age = age_seconds(updated, now);
    if age < -SKEW_TOLERANCE_SECONDS {
        return 0.0;
    }
    let (age, allowed) = (age.max(0.0), sla.allowed_seconds);
    if age <= allowed {
        FRESHNESS
    } else {
        FRESHNESS * (1.0 - (age - allowed) / allowed).max(0.0)
    }
}

fn last_run_points(run: Option<&RunState>) -> f64 {
    if run.is_some_and(|r| r.succeeded) {
        LAST_RUN
    } else {
        0.0
    }
}

fn documentation_items(state: &ProductState) -> [(bool, &'static str); 4] {
    let docs = &state.documentation;
    [
        (docs.description, "description"),
        (docs.owner, "owner"),
        (docs.contract, "contract"),
        (state.sla.is_some(), "freshness SLA"),
    ]
}

fn documentation_points(state: &ProductState) -> f64 {
    let items = documentation_items(state);
    let present = items.iter().filter(|(has, _)| *has).count();
    DOCUMENTATION * present as f64 / items.len() as f64
}

pub fn score(state: &ProductState, now: DateTime<Utc>) -> Score {
    let parts = vec![
        checks_part(&state.checks),
        freshness_part(state, now),
        last_run_part(state.run.as_ref()),
        documentation_part(state),
    ];
    let total = parts
        .iter()
        .map(|p| p.points)
        .sum::<f64>()
        .round()
        .clamp(0.0, 100.0) as u32;
    Score { total, parts }
}

fn weight(severity: Severity) -> f64 {
    match severity {
        Severity::Error => 3.0,
        Severity::Warning => 2.0,
        Severity::Info => 1.0,
    }
}

fn checks_part(checks: &[Check]) -> ScorePart {
    if checks.is_empty() {
        return ScorePart {
            name: "checks",
            points: 0.0,
            max: CHECKS,
            note: "no quality rules declared and no results: nothing to trust".to_owned(),
        };
    }
    let failing = checks
        .iter()
        .filter(|c| c.last.as_ref().is_some_and(|r| !r.passed))
        .count();
    let untested = checks.iter().filter(|c| c.last.is_none()).count();
    let passed = checks.len() - failing - untested;
    let mut note = format!("{passed} of {} checks pass", checks.len());
    if failing > 0 {
        note.push_str(&format!(", {failing} failing"));
    }
    if untested > 0 {
        note.push_str(&format!(", {untested} never ran"));
    }
    ScorePart {
        name: "checks",
        points: checks_points(checks),
        max: CHECKS,
        note,
    }
}

/// Seconds from `then` to `now` (negative: `then` is in the future).
pub fn age_seconds(then: DateTime<Utc>, now: DateTime<Utc>) -> f64 {
    (now - then).num_milliseconds() as f64 / 1000.0
}

fn freshness_part(state: &ProductState, now: DateTime<Utc>) -> ScorePart {
    let part = |points: f64, note: String| ScorePart {
        name: "freshness",
        points,
        max: FRESHNESS,
        note,
    };
    let Some(sla) = &state.sla else {
        return part(
            0.0,
            "no latency or frequency in the contract's SLA: freshness cannot be judged".to_owned(),
        );
    };
    let Some(updated) = state.last_update else {
        return part(0.0, format!("no update recorded (SLA {})", sla.text));
    };
    let age = age_seconds(updated, now);
    if age < -SKEW_TOLERANCE_SECONDS {
        return part(
            0.0,
            format!(
                "clock skew: the last update is dated {} in the future; not counted as fresh",
                human_duration(-age)
            ),
        );
    }
    let age = age.max(0.0);
    let verdict = if age <= sla.allowed_seconds {
        "within"
    } else {
        "beyond"
    };
    part(
        freshness_points(state, now),
        format!(
            "updated {} ago, {verdict} the SLA ({})",
            human_duration(age),
            sla.text
        ),
    )
}

fn last_run_part(run: Option<&RunState>) -> ScorePart {
    let (points, note) = match run {
        None => (0.0, "no runs recorded".to_owned()),
        Some(run) if run.succeeded => (LAST_RUN, format!("last run of {} completed", run.job)),
        Some(run) => (
            0.0,
            format!(
                "last run of {} ended {}{}",
                run.job,
                run.event_type,
                run.error
                    .as_deref()
                    .map(|e| format!(": {e}"))
                    .unwrap_or_default()
            ),
        ),
    };
    ScorePart {
        name: "last run",
        points,
        max: LAST_RUN,
        note,
    }
}

fn documentation_part(state: &ProductState) -> ScorePart {
    let items = documentation_items(state);
    let missing: Vec<&str> = items
        .iter()
        .filter(|(has, _)| !has)
        .map(|(_, n)| *n)
        .collect();
    let points = documentation_points(state);
    let note = if missing.is_empty() {
        "description, owner, contract and SLA all present".to_owned()
    } else {
        format!("missing: {}", missing.join(", "))
    };
    ScorePart {
        name: "documentation",
        points,
        max: DOCUMENTATION,
        note,
    }
}

/// `3 d 4 h`, `25 min`, `40 s`: the two largest units.
pub fn human_duration(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s} s"),
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}
