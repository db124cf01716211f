//! The on-call view: every product breaching something now (failing
//! error- or warning-severity checks, stale beyond its SLA, a failed last
//! run), ranked by severity × blast radius (downstream products), with
//! whom to call and since when.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::score::{self, age_seconds, human_duration};
use super::{ProductState, Quality, Severity};
use crate::lineage::{Level, Lineage, ProductInfo};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthQuery {
    pub now: DateTime<Utc>,
    /// Only products of this domain (case-insensitive).
    pub domain: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breach {
    pub product: std::sync::Arc<ProductInfo>,
    pub severity: Severity,
    /// What breaches, most severe first, in words.
    pub reasons: Vec<String>,
    /// When the oldest of the breaches began, where known.
    pub since: Option<DateTime<Utc>>,
    /// Products downstream, at any depth.
    pub blast_radius: u32,
    /// Severity weight (error 3, warning 1) × (blast radius + 1); ties go
    /// to the more severe, then to the longest failing.
    pub rank: u64,
    pub score: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Health {
    pub at: DateTime<Utc>,
    /// Products looked at (after the domain filter).
    pub products: usize,
    /// Highest rank first.
    pub breaches: Vec<Breach>,
    pub unmapped: Vec<String>,
    pub future_events: usize,
}

impl Health {
    /// Whether anything breaches at `threshold` or above.
    pub fn breaches_at(&self, threshold: Severity) -> bool {
        self.breaches.iter().any(|b| b.severity >= threshold)
    }
}

/// (severity, reason, since) of each thing `state` breaches at `now`.
pub fn breaches(
    state: &ProductState,
    now: DateTime<Utc>,
) -> Vec<(Severity, String, Option<DateTime<Utc>>)> {
    let mut out = Vec::new();
    for check in state
        .checks
        .iter()
        .filter(|c| c.failing() && c.severity >= Severity::Warning)
    {
        let target = check
            .target
            .as_deref()
            .map(|t| format!(" on {t}"))
            .unwrap_or_default();
        out.push((
            check.severity,
            format!(
                "check `{}`{target} failing ({})",
                check.name,
                check.severity.label()
            ),
            check.failing_since,
        ));
    }
    if let Some(run) = state.run.as_ref().filter(|r| !r.succeeded) {
        let error = run
            .error
            .as_deref()
            .map(|e| format!(": {e}"))
            .unwrap_or_default();
        out.push((
            Severity::Error,
            format!("last run of {} ended {}{error}", run.job, run.event_type),
            run.failing_since,
        ));
    }
    if let Some(sla) = &state.sla {
        match state.last_update {
            None => out.push((
                Severity::Warning,
                format!("no update recorded (SLA {})", sla.text),
                None,
            )),
            Some(updated) => {
                let age = age_seconds(updated, now);
                if age < -score::SKEW_TOLERANCE_SECONDS {
                    out.push((
                        Severity::Warning,
                        format!(
                            "clock skew: last update dated {} in the future",
                            human_duration(-age)
                        ),
                        None,
                    ));
                } else if age > sla.allowed_seconds {
                    let severity = if age > 2.0 * sla.allowed_seconds {
                        Severity::Error
                    } else {
                        Severity::Warning
                    };
                    let stale_since = updated
                        + chrono::Duration::milliseconds((sla.allowed_seconds * 1000.0) as i64);
                    out.push((
                        severity,
                        format!(
                            "stale: updated {} ago, SLA {}",
                            human_duration(age),
                            sla.text
                        ),
                        Some(stale_since),
                    ));
                }
            }
        }
    }
    out.sort_by_key(|b| std::cmp::Reverse(b.0));
    out
}

/// The breach of one product now, if it breaches anything: `blast_radius`
/// products downstream of it.
pub fn judge(
    product: std::sync::Arc<ProductInfo>,
    state: &ProductState,
    now: DateTime<Utc>,
    blast_radius: u32,
) -> Option<Breach> {
    let found = breaches(state, now);
    let severity = found.first()?.0;
    let weight = if severity == Severity::Error { 3 } else { 1 };
    Some(Breach {
        product,
        severity,
        since: found.iter().filter_map(|b| b.2).min(),
        reasons: found.into_iter().map(|b| b.1).collect(),
        rank: weight * (blast_radius as u64 + 1),
        blast_radius,
        score: score::total(state, now),
    })
}

/// Highest rank first; ties to the more severe, then the longest failing,
/// then by id.
pub fn ranked(mut list: Vec<Breach>) -> Vec<Breach> {
    list.sort_by(|a, b| {
        b.rank
            .cmp(&a.rank)
            .then_with(|| b.severity.cmp(&a.severity))
            .then_with(|| match (a.since, b.since) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.product.id.cmp(&b.product.id))
    });
    list
}

impl Quality {
    pub fn health(&self, lineage: &Lineage, query: &HealthQuery) -> Health {
        use rayon::prelude::*;
        let graph = lineage.graph(Level::Product);
        let in_scope = |info: &ProductInfo| match &query.domain {
            Some(domain) => info
                .domain
                .as_deref()
                .is_some_and(|d| d.eq_ignore_ascii_case(domain)),
            None => true,
        };
        let products = lineage.products().iter().filter(|p| in_scope(p)).count();
        let counts = lineage.downstream_of_all();
        // Each product is judged on its own: spread over every core.
        let list: Vec<Breach> = self
            .states
            .par_iter()
            .enumerate()
            .filter_map(|(index, state)| {
                let info = lineage
                    .shared_product_info(index as u32)
                    .filter(|i| in_scope(i))?;
                let node = graph.find(&info.id).unwrap_or(u32::MAX);
                let radius = counts.get(node as usize).copied().unwrap_or(0);
                judge(info.clone(), state, query.now, radius)
            })
            .collect();
        Health {
            at: query.now,
            products,
            breaches: ranked(list),
            unmapped: self.unmapped.clone(),
            future_events: self.future_events,
        }
    }
}
