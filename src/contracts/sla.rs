//! SLA changes, graded by what each property promises: a latency, an update
//! frequency or a time to detect that grows is a weaker promise (loosens);
//! so is a shorter retention, a lower availability or throughput, a higher
//! error rate, an earlier end of support. datacontract-cli grades only a
//! `freshness` SLA it can test; meshlens grades the whole Data QoS table
//! ODCS recommends (docs/diff.md).

use chrono::{DateTime, NaiveTime};

use super::normalize::Node;
use super::numbers::{duration_seconds, node_number};
use super::rules::{Trees, Verdict};
use super::walk::RawChange;
use super::{ChangeKind, Direction};

/// How a property's value reads, and which way is the stronger promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Promise {
    /// A duration: smaller is stronger (latency, frequency, time to detect).
    ShorterIsStronger,
    /// A duration: larger is stronger (retention).
    LongerIsStronger,
    /// A number: larger is stronger (availability, throughput).
    HigherIsStronger,
    /// A number: smaller is stronger (error rate).
    LowerIsStronger,
    /// A date in the version's life (general availability, end of support,
    /// end of life): it describes the version, so a new version's new dates
    /// are no weaker a promise.
    Lifecycle,
    /// A time of day: earlier is stronger (time of availability).
    EarlierInTheDay,
}

/// The property's kind, by its ODCS name or synonym (case-insensitive).
fn promise(property: &str) -> Option<Promise> {
    let name = property.trim().to_ascii_lowercase();
    Some(match name.as_str() {
        "latency" | "ly" | "freshness" | "frequency" | "fy" | "timetodetect" | "td"
        | "timetonotify" | "tn" | "timetorepair" | "tr" => Promise::ShorterIsStronger,
        "retention" | "re" => Promise::LongerIsStronger,
        "availability" | "av" | "throughput" | "th" => Promise::HigherIsStronger,
        "errorrate" | "er" => Promise::LowerIsStronger,
        "generalavailability" | "ga" | "endofsupport" | "es" | "endoflife" | "el" => {
            Promise::Lifecycle
        }
        "timeofavailability" => Promise::EarlierInTheDay,
        _ => return None,
    })
}

/// The SLA's value as a comparable number (None: it cannot be read).
fn measure(sla: &Node, promise: Promise) -> Option<f64> {
    let value = sla.field("value")?;
    let unit = sla.text("unit");
    match promise {
        Promise::ShorterIsStronger | Promise::LongerIsStronger => {
            duration_seconds(value, unit.as_deref())
        }
        Promise::HigherIsStronger | Promise::LowerIsStronger => node_number(Some(value)),
        Promise::Lifecycle => None,
        Promise::EarlierInTheDay => time_of_day(&value.display()?),
    }
}

/// `09:00`, `09:00:00`, or with an offset (`09:00-08:00`): seconds into the UTC day.
fn time_of_day(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Ok(t) = NaiveTime::parse_from_str(text, "%H:%M") {
        return Some(f64::from(t.num_seconds_from_midnight()));
    }
    if let Ok(t) = NaiveTime::parse_from_str(text, "%H:%M:%S") {
        return Some(f64::from(t.num_seconds_from_midnight()));
    }
    let with_date = format!("1970-01-02T{text}");
    for layout in ["%Y-%m-%dT%H:%M%:z", "%Y-%m-%dT%H:%M:%S%:z"] {
        if let Ok(t) = DateTime::parse_from_str(&with_date, layout) {
            return Some(t.timestamp() as f64 - 86_400.0);
        }
    }
    None
}

use chrono::Timelike;

/// The direction of a move from `old` to `new` for this kind of promise.
fn moved(promise: Promise, old: f64, new: f64) -> Direction {
    if old == new {
        return Direction::Untested;
    }
    let stronger = match promise {
        Promise::ShorterIsStronger | Promise::LowerIsStronger | Promise::EarlierInTheDay => {
            new < old
        }
        Promise::LongerIsStronger | Promise::HigherIsStronger => new > old,
        Promise::Lifecycle => return Direction::Untested,
    };
    if stronger {
        Direction::Tightens
    } else {
        Direction::Loosens
    }
}

pub fn sla(change: &RawChange<'_>, trees: &Trees<'_>) -> Option<Verdict> {
    if change.path.first().map(String::as_str) != Some("slaProperties") || change.path.len() < 2 {
        return None;
    }
    let key = &change.path[1];
    let property = key.split('#').next().unwrap_or(key);
    let field = change.path.get(2).map(String::as_str);
    let entry = &change.path[..2];
    let direction = match field {
        _ if promise(property) == Some(Promise::Lifecycle) => Direction::Untested,
        None => match change.kind {
            ChangeKind::Added => Direction::Tightens,
            ChangeKind::Removed => Direction::Loosens,
            ChangeKind::Updated => Direction::Undetermined,
        },
        Some("value" | "unit" | "valueExt") => match promise(property) {
            None => Direction::Undetermined,
            Some(promise) => {
                let old = trees.before.at(entry).and_then(|s| measure(s, promise));
                let new = trees.after.at(entry).and_then(|s| measure(s, promise));
                match (old, new) {
                    (Some(a), Some(b)) => moved(promise, a, b),
                    _ => Direction::Undetermined,
                }
            }
        },
        Some("element") => Direction::Both,
        Some(_) => Direction::Untested,
    };
    Some(Verdict {
        rule: "sla-changed",
        direction,
        subject: format!("SLA `{property}`"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_read_offsets() {
        assert_eq!(time_of_day("09:00"), Some(32_400.0));
        assert_eq!(time_of_day("09:00-08:00"), Some(61_200.0));
        assert_eq!(time_of_day("noon"), None);
    }

    #[test]
    fn stronger_and_weaker_promises() {
        assert_eq!(
            moved(Promise::ShorterIsStronger, 3600.0, 7200.0),
            Direction::Loosens
        );
        assert_eq!(
            moved(Promise::LongerIsStronger, 10.0, 5.0),
            Direction::Loosens
        );
        assert_eq!(
            moved(Promise::HigherIsStronger, 99.0, 99.9),
            Direction::Tightens
        );
        assert_eq!(moved(Promise::Lifecycle, 1.0, 2.0), Direction::Untested);
    }
}
