//! Numbers a contract compares: bounds, quality thresholds, durations.
//! A change to a bound is graded by probing values around every bound of
//! both versions: which values did the old version accept that the new one
//! refuses (tightens), and the reverse (loosens)?

use chrono::{DateTime, NaiveDate, NaiveTime};
use serde_json::Value;

use super::Direction;
use super::normalize::Node;

/// A number, or a date / timestamp as seconds since the epoch.
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Ok(n) = text.parse::<f64>() {
        return n.is_finite().then_some(n);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.timestamp() as f64);
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    Some(date.and_time(NaiveTime::MIN).and_utc().timestamp() as f64)
}

pub fn node_number(node: Option<&Node>) -> Option<f64> {
    match node?.scalar()? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => parse_number(s),
        _ => None,
    }
}

/// Values that tell apart predicates which change their answer only at
/// `bounds`: each bound, the midpoints, and one beyond each end (integers
/// around each bound when the values are whole counts).
pub fn probes(bounds: &[f64], integers: bool) -> Vec<f64> {
    let mut sorted: Vec<f64> = bounds.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.dedup();
    let (Some(&first), Some(&last)) = (sorted.first(), sorted.last()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if integers {
        for b in &sorted {
            let mut n = b.floor() - 1.0;
            while n <= b.ceil() + 1.0 {
                out.push(n);
                n += 1.0;
            }
        }
    } else {
        out.extend(&sorted);
        out.extend(sorted.windows(2).map(|w| (w[0] + w[1]) / 2.0));
        out.push(first - 1.0);
        out.push(last + 1.0);
    }
    out.sort_by(f64::total_cmp);
    out.dedup();
    out
}

/// The direction from a predicate accepting values before to one after.
pub fn accepted_direction(
    old: impl Fn(f64) -> bool,
    new: impl Fn(f64) -> bool,
    probes: &[f64],
) -> Direction {
    let loosens = probes.iter().any(|&p| new(p) && !old(p));
    let tightens = probes.iter().any(|&p| old(p) && !new(p));
    match (loosens, tightens) {
        (true, true) => Direction::Both,
        (true, false) => Direction::Loosens,
        (false, true) => Direction::Tightens,
        (false, false) => Direction::Untested,
    }
}

/// The threshold fields of an ODCS quality rule, in the order they are read.
pub const THRESHOLDS: [&str; 8] = [
    "mustBe",
    "mustNotBe",
    "mustBeGreaterThan",
    "mustBeGreaterOrEqualTo",
    "mustBeLessThan",
    "mustBeLessOrEqualTo",
    "mustBeBetween",
    "mustNotBeBetween",
];

/// A quality rule's pass condition on its measured value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Threshold {
    Eq(f64),
    Ne(f64),
    Gt(f64),
    Ge(f64),
    Lt(f64),
    Le(f64),
    Between(f64, f64),
    NotBetween(f64, f64),
}

impl Threshold {
    /// The first threshold a rule sets (None: none, or not a number).
    pub fn of(rule: &Node) -> Option<Threshold> {
        let field = THRESHOLDS.iter().find(|f| rule.field(f).is_some())?;
        let one = || node_number(rule.field(field));
        let two = || match rule.field(field)?.scalar() {
            None => match rule.field(field)? {
                Node::Set(items) if items.len() == 2 => {
                    Some((parse_number(&items[0])?, parse_number(&items[1])?))
                }
                _ => None,
            },
            Some(_) => None,
        };
        Some(match *field {
            "mustBe" => Threshold::Eq(one()?),
            "mustNotBe" => Threshold::Ne(one()?),
            "mustBeGreaterThan" => Threshold::Gt(one()?),
            "mustBeGreaterOrEqualTo" => Threshold::Ge(one()?),
            "mustBeLessThan" => Threshold::Lt(one()?),
            "mustBeLessOrEqualTo" => Threshold::Le(one()?),
            "mustBeBetween" => {
                let (a, b) = two()?;
                Threshold::Between(a, b)
            }
            _ => {
                let (a, b) = two()?;
                Threshold::NotBetween(a, b)
            }
        })
    }

    pub fn passes(self, v: f64) -> bool {
        match self {
            Threshold::Eq(x) => v == x,
            Threshold::Ne(x) => v != x,
            Threshold::Gt(x) => v > x,
            Threshold::Ge(x) => v >= x,
            Threshold::Lt(x) => v < x,
            Threshold::Le(x) => v <= x,
            Threshold::Between(a, b) => a <= v && v <= b,
            Threshold::NotBetween(a, b) => v < a || b < v,
        }
    }

    pub fn bounds(self) -> Vec<f64> {
        match self {
            Threshold::Eq(x)
            | Threshold::Ne(x)
            | Threshold::Gt(x)
            | Threshold::Ge(x)
            | Threshold::Lt(x)
            | Threshold::Le(x) => vec![x],
            Threshold::Between(a, b) | Threshold::NotBetween(a, b) => vec![a, b],
        }
    }
}

/// A duration in seconds: a number with a unit (`d` when none is given, as
/// ODCS's examples read), or an ISO 8601 duration (`P1DT12H`, `PT15M`).
pub fn duration_seconds(value: &Node, unit: Option<&str>) -> Option<f64> {
    let number = match value.scalar()? {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) if s.trim_start().starts_with(['P', 'p']) => return iso_duration(s),
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    Some(number * unit_seconds(unit.unwrap_or("d"))?)
}

/// Seconds in one of a duration unit (None: not a unit meshlens knows).
pub fn unit_seconds(unit: &str) -> Option<f64> {
    const MINUTE: f64 = 60.0;
    const HOUR: f64 = 3600.0;
    const DAY: f64 = 86_400.0;
    Some(match unit.trim().to_ascii_lowercase().as_str() {
        "ms" | "millisecond" | "milliseconds" => 0.001,
        "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "m" | "min" | "mins" | "minute" | "minutes" => MINUTE,
        "h" | "hr" | "hrs" | "hour" | "hours" => HOUR,
        "d" | "day" | "days" => DAY,
        "w" | "wk" | "week" | "weeks" => 7.0 * DAY,
        "mo" | "mon" | "month" | "months" => 30.0 * DAY,
        "y" | "yr" | "yrs" | "year" | "years" => 365.0 * DAY,
        _ => return None,
    })
}

pub fn iso_duration(text: &str) -> Option<f64> {
    let body = text.trim().get(1..)?;
    let (date, time) = body.split_once(['T', 't']).unwrap_or((body, ""));
    let mut total = 0.0;
    let mut any = false;
    for (part, in_time) in [(date, false), (time, true)] {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
                continue;
            }
            let n: f64 = number.parse().ok()?;
            number.clear();
            let unit = match (c.to_ascii_uppercase(), in_time) {
                ('Y', false) => "y",
                ('M', false) => "mo",
                ('W', false) => "w",
                ('D', false) => "d",
                ('H', true) => "h",
                ('M', true) => "m",
                ('S', true) => "s",
                _ => return None,
            };
            total += n * unit_seconds(unit)?;
            any = true;
        }
        if !number.is_empty() {
            return None;
        }
    }
    any.then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_units_and_iso_8601() {
        let n = |v: Value| Node::Scalar(v);
        assert_eq!(
            duration_seconds(&n(Value::from(4)), Some("d")),
            Some(345_600.0)
        );
        assert_eq!(
            duration_seconds(&n(Value::from(2)), Some("hours")),
            Some(7200.0)
        );
        assert_eq!(
            duration_seconds(&n(Value::from("PT15M")), None),
            Some(900.0)
        );
        assert_eq!(
            duration_seconds(&n(Value::from("P1DT12H")), None),
            Some(129_600.0)
        );
        assert_eq!(
            duration_seconds(&n(Value::from(3)), Some("fortnights")),
            None
        );
        assert_eq!(duration_seconds(&n(Value::from("soon")), None), None);
    }

    #[test]
    fn bound_changes_are_graded_by_probes() {
        let probes = probes(&[10.0, 20.0], true);
        let ge = |b: f64| move |v: f64| v >= b;
        assert_eq!(
            accepted_direction(ge(10.0), ge(20.0), &probes),
            Direction::Tightens
        );
        assert_eq!(
            accepted_direction(ge(20.0), ge(10.0), &probes),
            Direction::Loosens
        );
        let gt = |b: f64| move |v: f64| v > b;
        // `> 9` and `>= 10` accept the same whole numbers.
        assert_eq!(
            accepted_direction(gt(9.0), ge(10.0), &super::probes(&[9.0, 10.0], true)),
            Direction::Untested
        );
    }

    #[test]
    fn dates_are_numbers() {
        assert_eq!(parse_number("1970-01-02"), Some(86_400.0));
        assert_eq!(parse_number("1970-01-01T00:01:00Z"), Some(60.0));
        assert_eq!(parse_number("x"), None);
    }
}
