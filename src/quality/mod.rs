//! Quality and health: what each product's contracts declare (rules,
//! freshness SLA), what the run events say (assertion results, updates,
//! failed runs), a trust score from 0 to 100 with its breakdown
//! ([`score`], docs/quality.md), and the on-call health view: every product
//! breaching something now, ranked by severity × blast radius.
//!
//! [`Quality::from_store`] folds the cache once (per generation); asking
//! about a product or for the health view is then a pass over plain data
//! with the clock given by the caller (tests inject it).

mod declared;
mod health;
pub mod score;
mod state;
mod test_results;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use declared::{DeclaredRule, FreshnessSla, QualityContract, QualityNode};
pub use health::{Breach, Health, HealthQuery, judge, ranked};
pub use score::{Score, ScorePart};
pub use state::{Check, CheckResult, Documentation, ProductState, RunState};

use crate::lineage::{Level, Lineage, ProductInfo, dataset_key};
use crate::model::{Contract, LineageEvent, Product};
use crate::store::{Store, StoreError, newest_first};

/// How much a failing check (or a breach) matters.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// ODCS `severity` as written; a rule without one is an error (a
    /// declared rule is a promise), an unknown word a warning.
    pub fn parse(text: Option<&str>) -> Severity {
        match text.map(|t| t.trim().to_ascii_lowercase()).as_deref() {
            None | Some("") | Some("error") | Some("critical") | Some("high") => Severity::Error,
            Some("info") | Some("low") => Severity::Info,
            Some(_) => Severity::Warning,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The clock: `MESHLENS_NOW` (RFC 3339) when set, for reproducible
/// reports and tests, else the system time. An unreadable value is an
/// error the CLI reports ([`now`] falls back to the system time).
pub fn clock() -> Result<DateTime<Utc>, String> {
    match std::env::var("MESHLENS_NOW") {
        Ok(text) => DateTime::parse_from_rfc3339(text.trim())
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| {
                format!(
                    "MESHLENS_NOW `{text}` is not an RFC 3339 time ({e}), e.g. 2026-11-25T12:00:00Z"
                )
            }),
        Err(_) => Ok(Utc::now()),
    }
}

/// [`clock`], the system time when `MESHLENS_NOW` cannot be read.
pub fn now() -> DateTime<Utc> {
    clock().unwrap_or_else(|_| Utc::now())
}

/// Score history points kept per product.
const HISTORY: usize = 60;

/// The quality state of a whole catalogue.
#[derive(Debug, Clone, Default)]
pub struct Quality {
    /// By product index (the lineage's numbering).
    states: Vec<ProductState>,
    by_id: HashMap<String, u32>,
    /// Datasets with assertion results that no product's contract names.
    unmapped: Vec<String>,
    /// Events dated after the build's clock (clock skew), counted.
    future_events: usize,
}

/// A product's quality at a glance: its score and its worst breach now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Badge {
    pub score: u32,
    pub breach: Option<Severity>,
}

/// Everything the Quality tab and `meshlens quality` show of a product.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductQuality {
    pub product: ProductInfo,
    pub score: Score,
    /// Failing first (errors first), then never run, then passing.
    pub checks: Vec<Check>,
    pub freshness_sla: Option<FreshnessSla>,
    pub last_update: Option<DateTime<Utc>>,
    pub last_run: Option<RunState>,
    pub documentation: Documentation,
    pub findings: Vec<String>,
    /// (time, score), oldest first.
    pub history: Vec<(DateTime<Utc>, u32)>,
}

impl Quality {
    /// Reads the cache once: products, the newest version of each
    /// contract, run events (in event-time order). `now` dates clock skew.
    pub fn from_store(
        store: &Store,
        lineage: &Lineage,
        now: DateTime<Utc>,
    ) -> Result<Quality, StoreError> {
        // Decoded on every core; contracts in table order (the newest
        // version of each wins whatever the order).
        let mut builder = QualityBuilder::new(lineage, now);
        store.for_each_product_as(|product: Product| builder.add_product(&product))?;
        store.for_each_contract_version_as(|contract: QualityContract| {
            builder.add_contract_owned(contract)
        })?;
        store.for_each_lineage_event_as(|event: LineageEvent| builder.add_event(&event))?;
        for run in contract_runs(store)? {
            builder.add_contract_run(&run);
        }
        Ok(builder.finish())
    }

    fn declare(
        &mut self,
        index: u32,
        contracts: &[String],
        newest: &HashMap<String, QualityContract>,
    ) {
        let state = &mut self.states[index as usize];
        for id in contracts {
            let Some(contract) = newest.get(id) else {
                continue;
            };
            state.documentation.contract = true;
            state
                .checks
                .extend(declared::rules(contract).iter().map(Check::from_rule));
            let (sla, findings) = declared::freshness_sla(contract);
            state.findings.extend(findings);
            let tighter = match (&state.sla, &sla) {
                (Some(known), Some(new)) => new.allowed_seconds < known.allowed_seconds,
                (None, Some(_)) => true,
                _ => false,
            };
            if tighter {
                state.sla = sla;
            }
        }
    }

    pub fn state(&self, id: &str) -> Option<&ProductState> {
        self.states.get(*self.by_id.get(id)? as usize)
    }

    /// Datasets with results that no product's contract names (reported, not dropped).
    pub fn unmapped(&self) -> &[String] {
        &self.unmapped
    }

    pub fn future_events(&self) -> usize {
        self.future_events
    }

    /// The quality of product `id` as of `now`.
    pub fn product(
        &self,
        lineage: &Lineage,
        id: &str,
        now: DateTime<Utc>,
    ) -> Option<ProductQuality> {
        let index = *self.by_id.get(id)?;
        let info = lineage.product_info(index)?.clone();
        Some(ProductQuality::of(info, &self.states[index as usize], now))
    }

    /// Each product's state, in the lineage's product order.
    pub fn states(&self) -> &[ProductState] {
        &self.states
    }
}

impl ProductQuality {
    /// What a product's quality state says as of `now`.
    pub fn of(product: ProductInfo, state: &ProductState, now: DateTime<Utc>) -> ProductQuality {
        let mut checks = state.checks.clone();
        checks.sort_by_key(|c| {
            let rank = match &c.last {
                Some(r) if !r.passed => 0,
                None => 1,
                Some(_) => 2,
            };
            (rank, std::cmp::Reverse(c.severity))
        });
        ProductQuality {
            product,
            score: score::score(state, now),
            checks,
            freshness_sla: state.sla.clone(),
            last_update: state.last_update,
            last_run: state.run.clone(),
            documentation: state.documentation,
            findings: state.findings.clone(),
            history: state.history.clone(),
        }
    }
}

/// The contracts a product's output ports publish, each once.
impl Quality {
    /// A product's health in a few words: the worst breach and the score.
    pub fn health_label(&self, id: &str, now: DateTime<Utc>) -> Option<String> {
        let state = self.state(id)?;
        let score = score::total(state, now);
        let found = health::breaches(state, now);
        Some(match found.first() {
            None => format!("ok · score {score}"),
            Some((severity, reason, _)) => {
                format!("{} · score {score}: {reason}", severity.label())
            }
        })
    }

    /// Every product's score and worst breach now, by product id: what the
    /// search list shows beside each hit.
    pub fn badges(&self, now: DateTime<Utc>) -> HashMap<String, Badge> {
        self.by_id
            .iter()
            .map(|(id, &index)| {
                let state = &self.states[index as usize];
                let badge = Badge {
                    score: score::total(state, now),
                    breach: health::breaches(state, now).first().map(|b| b.0),
                };
                (id.clone(), badge)
            })
            .collect()
    }

    /// The worst breach of a product now (None: healthy or unknown).
    pub fn breach_severity(&self, id: &str, now: DateTime<Utc>) -> Option<Severity> {
        health::breaches(self.state(id)?, now).first().map(|b| b.0)
    }

    /// Fills every entry's `health` of an impact report.
    pub fn fill_health(&self, impact: &mut crate::lineage::Impact, now: DateTime<Utc>) {
        let entries = std::iter::once(&mut impact.product)
            .chain(impact.downstream.iter_mut())
            .chain(impact.upstream.iter_mut());
        for entry in entries {
            entry.health = self.health_label(&entry.id, now);
        }
    }
}

fn output_contracts(product: &Product) -> Vec<String> {
    let mut ids: Vec<String> = product
        .output_ports
        .iter()
        .filter_map(|p| p.contract_id.clone())
        .filter(|id| !id.trim().is_empty())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn documentation(product: &Product) -> Documentation {
    Documentation {
        description: !product.description.is_empty(),
        owner: product
            .team
            .as_ref()
            .is_some_and(|t| t.name.is_some() || t.id.is_some()),
        contract: false,
    }
}

/// Builds a [`Quality`]: products, then contracts (any order, the newest
/// version of each counts), then run events in event-time order.
pub struct QualityBuilder<'a> {
    quality: Quality,
    outputs: Vec<(u32, Vec<String>)>,
    newest: HashMap<String, QualityContract>,
    declared: bool,
    folder: EventFolder<'a>,
}

impl<'a> QualityBuilder<'a> {
    pub fn new(lineage: &'a Lineage, now: DateTime<Utc>) -> QualityBuilder<'a> {
        let by_id: HashMap<String, u32> = lineage
            .products()
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i as u32))
            .collect();
        QualityBuilder {
            quality: Quality {
                states: vec![ProductState::default(); by_id.len()],
                by_id,
                ..Quality::default()
            },
            outputs: Vec::new(),
            newest: HashMap::new(),
            declared: false,
            folder: EventFolder::new(lineage, now),
        }
    }

    pub fn add_product(&mut self, product: &Product) {
        if let Some(&index) = self.quality.by_id.get(&product.id) {
            self.outputs.push((index, output_contracts(product)));
            self.quality.states[index as usize].documentation = documentation(product);
        }
    }

    pub fn add_contract(&mut self, contract: &Contract) {
        self.add_contract_owned(QualityContract::from(contract));
    }

    /// [`QualityBuilder::add_contract`] without a copy.
    fn add_contract_owned(&mut self, contract: QualityContract) {
        if self.is_newest(&contract) {
            self.newest.insert(contract.id.clone(), contract);
        }
    }

    fn is_newest(&self, contract: &QualityContract) -> bool {
        self.newest
            .get(&contract.id)
            .is_none_or(|known| newest_first(&contract.version, &known.version).is_lt())
    }

    fn declare(&mut self) {
        if self.declared {
            return;
        }
        self.declared = true;
        // The outputs stay: contract test runs are matched against them.
        for (index, contracts) in &self.outputs {
            self.quality.declare(*index, contracts, &self.newest);
        }
        self.newest.clear();
    }

    pub fn add_event(&mut self, event: &LineageEvent) {
        self.declare();
        self.folder.fold(&mut self.quality, event);
    }

    /// A data contract's test run: its checks count for every product
    /// publishing the contract.
    pub fn add_contract_run(&mut self, run: &test_results::ContractRun) {
        self.declare();
        for (index, contracts) in &self.outputs {
            if !contracts.contains(&run.contract) {
                continue;
            }
            let state = &mut self.quality.states[*index as usize];
            for assertion in &run.assertions {
                state.record_assertion(assertion, &run.contract, run.at);
            }
            let score = score::total(state, run.at);
            state.history.push((run.at, score));
            if state.history.len() > HISTORY {
                state.history.remove(0);
            }
        }
    }

    pub fn finish(mut self) -> Quality {
        self.declare();
        self.quality.future_events = self.folder.future_events;
        self.quality
    }
}

/// Folds run events into product states, in event-time order.
struct EventFolder<'a> {
    lineage: &'a Lineage,
    now: DateTime<Utc>,
    /// Job → the products its runs have written.
    job_products: HashMap<String, Vec<u32>>,
    unmapped: std::collections::HashSet<String>,
    future_events: usize,
}

impl<'a> EventFolder<'a> {
    fn new(lineage: &'a Lineage, now: DateTime<Utc>) -> EventFolder<'a> {
        EventFolder {
            lineage,
            now,
            job_products: HashMap::new(),
            unmapped: Default::default(),
            future_events: 0,
        }
    }

    fn product_of(&self, namespace: &str, name: &str) -> Option<u32> {
        let graph = self.lineage.graph(Level::Dataset);
        graph
            .node(graph.find(&dataset_key(namespace, name))?)?
            .product
    }

    fn fold(&mut self, quality: &mut Quality, event: &LineageEvent) {
        let Ok(at) = DateTime::parse_from_rfc3339(&event.event_time) else {
            return;
        };
        let at = at.with_timezone(&Utc);
        if score::age_seconds(at, self.now) < -score::SKEW_TOLERANCE_SECONDS {
            self.future_events += 1;
        }
        let mut touched: Vec<u32> = Vec::new();
        for dataset in event.inputs.iter().chain(&event.outputs) {
            if dataset.assertions.is_empty() {
                continue;
            }
            let key = dataset_key(&dataset.namespace, &dataset.name);
            let Some(product) = self.product_of(&dataset.namespace, &dataset.name) else {
                if self.unmapped.insert(key.clone()) {
                    quality.unmapped.push(key);
                }
                continue;
            };
            for assertion in &dataset.assertions {
                quality.states[product as usize].record_assertion(assertion, &key, at);
            }
            touched.push(product);
        }
        let job = format!("{}/{}", event.job.namespace, event.job.name);
        let mut written: Vec<u32> = event
            .outputs
            .iter()
            .filter_map(|d| self.product_of(&d.namespace, &d.name))
            .collect();
        written.sort_unstable();
        written.dedup();
        let known = self.job_products.entry(job).or_default();
        for &p in &written {
            if !known.contains(&p) {
                known.push(p);
            }
        }
        let runs_of = if written.is_empty() {
            known.clone()
        } else {
            written
        };
        let terminal = matches!(
            event.event_type.to_ascii_uppercase().as_str(),
            "COMPLETE" | "FAIL" | "ABORT"
        );
        if terminal {
            for &product in &runs_of {
                quality.states[product as usize].record_run(event, at);
            }
            touched.extend(runs_of);
        }
        touched.sort_unstable();
        touched.dedup();
        for product in touched {
            let state = &mut quality.states[product as usize];
            let score = score::total(state, at);
            state.history.push((at, score));
            if state.history.len() > HISTORY {
                state.history.remove(0);
            }
        }
    }
}

/// The newest test run of each contract synced from a catalogue server,
/// oldest first.
fn contract_runs(store: &Store) -> Result<Vec<test_results::ContractRun>, StoreError> {
    let mut runs: Vec<test_results::ContractRun> = store
        .resources(crate::sources::ResourceKind::TestResult, None)?
        .iter()
        .filter_map(|(_, result)| test_results::contract_run(&result.json))
        .collect();
    runs.sort_by_key(|run| run.at);
    Ok(runs)
}

#[cfg(test)]
mod tests;
