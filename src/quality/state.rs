//! Per product, what the run events said: each check's latest result and
//! since when it fails, the last update, the last run; folded event by
//! event in event-time order.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Severity;
use super::declared::{DeclaredRule, FreshnessSla};
use crate::model::{LineageEvent, QualityAssertion};

/// The latest result of a check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    pub passed: bool,
    pub at: DateTime<Utc>,
    /// The dataset (`namespace/name`) the result is about.
    pub dataset: String,
}

/// A declared rule, an observed assertion, or both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub name: String,
    pub contract: Option<String>,
    /// Object or property path, or the assertion's column.
    pub target: Option<String>,
    pub dimension: Option<String>,
    pub severity: Severity,
    /// Declared by a contract (false: only seen in run results).
    pub declared: bool,
    pub last: Option<CheckResult>,
    /// The first failing result of the current run of failures.
    pub failing_since: Option<DateTime<Utc>>,
}

impl Check {
    pub fn from_rule(rule: &DeclaredRule) -> Check {
        Check {
            name: rule.name.clone(),
            contract: Some(rule.contract.clone()),
            target: rule.target.clone(),
            dimension: rule.dimension.clone(),
            severity: rule.severity,
            declared: true,
            last: None,
            failing_since: None,
        }
    }

    pub fn failing(&self) -> bool {
        self.last.as_ref().is_some_and(|r| !r.passed)
    }

    fn matches(&self, assertion: &str, column: Option<&str>) -> bool {
        if !self.name.eq_ignore_ascii_case(assertion) {
            return false;
        }
        match (column, self.target.as_deref()) {
            (None, _) => true,
            (Some(c), Some(target)) => target
                .rsplit('.')
                .next()
                .is_some_and(|last| last.eq_ignore_ascii_case(c)),
            (Some(_), None) => false,
        }
    }
}

/// The last terminal run (COMPLETE, FAIL or ABORT) writing the product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunState {
    pub job: String,
    pub event_type: String,
    pub succeeded: bool,
    pub at: DateTime<Utc>,
    pub error: Option<String>,
    /// The first failed run since the last completed one.
    pub failing_since: Option<DateTime<Utc>>,
}

/// What the catalogue documents about a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Documentation {
    pub description: bool,
    pub owner: bool,
    /// An output port names a contract the catalogue holds.
    pub contract: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProductState {
    pub checks: Vec<Check>,
    pub sla: Option<FreshnessSla>,
    pub last_update: Option<DateTime<Utc>>,
    pub run: Option<RunState>,
    pub documentation: Documentation,
    /// Things meshlens could not read (SLA values without a unit, ...).
    pub findings: Vec<String>,
    /// (event time, score then), oldest first.
    pub history: Vec<(DateTime<Utc>, u32)>,
}

impl ProductState {
    pub fn record_assertion(
        &mut self,
        assertion: &QualityAssertion,
        dataset: &str,
        at: DateTime<Utc>,
    ) {
        let column = assertion.column.as_deref();
        let index = match self
            .checks
            .iter()
            .position(|c| c.matches(&assertion.assertion, column))
        {
            Some(i) => i,
            None => {
                self.checks.push(Check {
                    name: assertion.assertion.clone(),
                    contract: None,
                    target: assertion.column.clone(),
                    dimension: None,
                    severity: Severity::parse(assertion.severity.as_deref()),
                    declared: false,
                    last: None,
                    failing_since: None,
                });
                self.checks.len() - 1
            }
        };
        let check = &mut self.checks[index];
        check.failing_since = if assertion.success {
            None
        } else if check.failing() {
            check.failing_since.or(Some(at))
        } else {
            Some(at)
        };
        check.last = Some(CheckResult {
            passed: assertion.success,
            at,
            dataset: dataset.to_owned(),
        });
    }

    /// A run that wrote one of the product's datasets reached a terminal state.
    pub fn record_run(&mut self, event: &LineageEvent, at: DateTime<Utc>) {
        let succeeded = match event.event_type.to_ascii_uppercase().as_str() {
            "COMPLETE" => true,
            "FAIL" | "ABORT" => false,
            _ => return,
        };
        let failing_since = match &self.run {
            _ if succeeded => None,
            Some(previous) if !previous.succeeded => previous.failing_since.or(Some(at)),
            _ => Some(at),
        };
        if succeeded {
            self.last_update = Some(self.last_update.map_or(at, |t| t.max(at)));
        }
        self.run = Some(RunState {
            job: format!("{}/{}", event.job.namespace, event.job.name),
            event_type: event.event_type.to_ascii_uppercase(),
            succeeded,
            at,
            error: event.error_message.clone(),
            failing_since,
        });
    }
}
