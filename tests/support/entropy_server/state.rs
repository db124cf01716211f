//! The catalogue held by the fake Entropy Data server: insertion-ordered collections, the event feed,
//! settings, pending faults and the request log. Everything here is synchronous; the HTTP side locks the
//! state, copies what it needs and unlocks before any await.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hasher};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};

use super::{Fault, Logged};

pub const EVENT_TYPE_PREFIX: &str = "com.entropy-data.events.";
pub const DEFAULT_PAGE_SIZE: usize = 1000;
pub const TEST_RESULTS_PAGE_SIZE: usize = 100;
const DATASCHEMA_PREFIX: &str =
    "https://api.entropy-data.com/api/openapi.yaml#/components/schemas/";
const EVENT_ID_PREFIX: &str = "00000000-0000-0000-0000-";

/// Items keyed by id, listed in creation order; an update keeps the original position.
pub struct Collection<T> {
    by_position: BTreeMap<u64, (String, T)>,
    position_of: HashMap<String, u64>,
    next_position: u64,
}

impl<T> Default for Collection<T> {
    fn default() -> Self {
        Collection {
            by_position: BTreeMap::new(),
            position_of: HashMap::new(),
            next_position: 0,
        }
    }
}

impl<T> Collection<T> {
    /// Returns true when the id was new (created), false when it replaced an item (updated).
    pub fn put(&mut self, id: &str, item: T) -> bool {
        if let Some(position) = self.position_of.get(id) {
            self.by_position.insert(*position, (id.to_string(), item));
            return false;
        }
        let position = self.next_position;
        self.next_position += 1;
        self.position_of.insert(id.to_string(), position);
        self.by_position.insert(position, (id.to_string(), item));
        true
    }

    pub fn remove(&mut self, id: &str) -> bool {
        match self.position_of.remove(id) {
            Some(position) => self.by_position.remove(&position).is_some(),
            None => false,
        }
    }

    pub fn get(&self, id: &str) -> Option<&T> {
        let position = self.position_of.get(id)?;
        self.by_position.get(position).map(|(_, item)| item)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut T> {
        let position = self.position_of.get(id)?;
        self.by_position.get_mut(position).map(|(_, item)| item)
    }

    pub fn len(&self) -> usize {
        self.by_position.len()
    }

    pub fn in_creation_order(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.by_position.values().map(|(_, item)| item)
    }

    pub fn sorted_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.position_of.keys().cloned().collect();
        ids.sort();
        ids
    }
}

pub struct StoredContract {
    pub yaml: String,
    /// The YAML as JSON, or `{"id": ...}` alone when the YAML does not parse (the raw text is still served).
    pub json: Value,
}

pub struct Event {
    pub id: String,
    /// e.g. `DataProductCreatedEvent` (without the type prefix).
    pub kind: &'static str,
    pub subject: String,
    pub time: String,
}

impl Event {
    pub fn to_cloud_event(&self, source: &str) -> Value {
        json!({
            "specversion": "1.0",
            "id": self.id,
            "type": format!("{EVENT_TYPE_PREFIX}{}", self.kind),
            "source": source,
            "time": self.time,
            "subject": self.subject,
            "datacontenttype": "application/json",
            "dataschema": format!("{DATASCHEMA_PREFIX}{}", self.kind),
            "data": {"id": self.subject, "timestamp": self.time},
        })
    }
}

pub struct PendingFault {
    pub path_prefix: String,
    pub fault: Fault,
    pub remaining: usize,
}

pub struct State {
    pub products: Collection<Value>,
    pub contracts: Collection<StoredContract>,
    pub teams: Collection<Value>,
    pub test_results: Collection<Value>,
    pub access: Collection<Value>,
    pub events: Vec<Event>,
    pub api_key: Option<String>,
    /// None = the OpenAPI defaults (1000, and 100 for test results).
    pub page_size: Option<usize>,
    pub events_page_size: usize,
    pub faults: Vec<PendingFault>,
    pub log: Vec<Logged>,
    /// Set by `release`: requests held by `Fault::Hold` go on.
    pub released: bool,
}

impl Default for State {
    fn default() -> Self {
        State {
            products: Collection::default(),
            contracts: Collection::default(),
            teams: Collection::default(),
            test_results: Collection::default(),
            access: Collection::default(),
            events: Vec::new(),
            api_key: None,
            page_size: None,
            events_page_size: DEFAULT_PAGE_SIZE,
            faults: Vec::new(),
            log: Vec::new(),
            released: false,
        }
    }
}

impl State {
    pub fn record(&mut self, kind: &'static str, subject: &str) {
        let id = event_id(self.events.len() as u64 + 1);
        self.events.push(Event {
            id,
            kind,
            subject: subject.to_string(),
            time: now_rfc3339(),
        });
    }

    pub fn put_product(&mut self, id: &str, product: Value) {
        let created = self.products.put(id, product);
        self.record(created_or_updated(created, "DataProduct"), id);
    }

    pub fn put_contract(&mut self, id: &str, yaml: &str) {
        let json = yaml_text_to_json(yaml).unwrap_or_else(|| json!({ "id": id }));
        let stored = StoredContract {
            yaml: yaml.to_string(),
            json,
        };
        let created = self.contracts.put(id, stored);
        self.record(created_or_updated(created, "DataContract"), id);
    }

    pub fn put_team(&mut self, id: &str, team: Value) {
        let created = self.teams.put(id, team);
        self.record(created_or_updated(created, "Team"), id);
    }

    /// Test results are immutable in Entropy Data: a second put of an id replaces it but only the first
    /// emits TestResultsCreatedEvent (there is no TestResultsUpdatedEvent).
    pub fn put_test_result(&mut self, id: &str, result: Value) {
        if self.test_results.put(id, result) {
            self.record("TestResultsCreatedEvent", id);
        }
    }

    /// `access` must already be normalised (see `normalise_access`).
    pub fn put_access(&mut self, id: &str, access: Value) {
        let created = self.access.put(id, access);
        self.record(created_or_updated(created, "Access"), id);
    }

    /// The OpenAPI: "Cancels an approved access to get deactivated at a specified end date (can be now)".
    /// We deactivate now: `info.endDate` = today (UTC) and `info.active` = false; `info.status` is kept.
    pub fn cancel_access(&mut self, id: &str) -> bool {
        let Some(access) = self.access.get_mut(id) else {
            return false;
        };
        if let Some(info) = access.get_mut("info").and_then(Value::as_object_mut) {
            info.insert("endDate".into(), Value::String(today_utc()));
            info.insert("active".into(), Value::Bool(false));
        }
        self.record("AccessCanceledEvent", id);
        true
    }

    /// Removes `id` from the collection chosen by `pick`; an event only when something was removed.
    pub fn delete_from<T>(
        &mut self,
        pick: fn(&mut State) -> &mut Collection<T>,
        id: &str,
        kind: &'static str,
    ) {
        if pick(self).remove(id) {
            self.record(kind, id);
        }
    }

    /// The index (into `events`) of the first event after `last_event_id`, or None when the id is unknown.
    pub fn events_start_after(&self, last_event_id: &str) -> Option<usize> {
        let counter = last_event_id.strip_prefix(EVENT_ID_PREFIX)?;
        let number = u64::from_str_radix(counter, 16).ok()?;
        let known = number >= 1 && number <= self.events.len() as u64;
        (known && event_id(number) == last_event_id).then_some(number as usize)
    }

    /// Takes one use of the first pending fault whose prefix matches `path`.
    pub fn take_fault(&mut self, path: &str) -> Option<Fault> {
        let index = self
            .faults
            .iter()
            .position(|pending| pending.remaining > 0 && path.starts_with(&pending.path_prefix))?;
        let pending = &mut self.faults[index];
        pending.remaining -= 1;
        let fault = pending.fault.clone();
        if pending.remaining == 0 {
            self.faults.remove(index);
        }
        Some(fault)
    }
}

fn created_or_updated(created: bool, resource: &str) -> &'static str {
    match (resource, created) {
        ("DataProduct", true) => "DataProductCreatedEvent",
        ("DataProduct", false) => "DataProductUpdatedEvent",
        ("DataContract", true) => "DataContractCreatedEvent",
        ("DataContract", false) => "DataContractUpdatedEvent",
        ("Team", true) => "TeamCreatedEvent",
        ("Team", false) => "TeamUpdatedEvent",
        ("Access", true) => "AccessCreatedEvent",
        _ => "AccessUpdatedEvent",
    }
}

/// A counter shaped like a UUID: fixed width, so lexical order is chronological order.
pub fn event_id(number: u64) -> String {
    format!("{EVENT_ID_PREFIX}{number:012x}")
}

/// Sets `id` to the path id and `info.status` to "requested" when absent. None when `access` is no object.
pub fn normalise_access(id: &str, mut access: Value) -> Option<Value> {
    let object = access.as_object_mut()?;
    object.insert("id".into(), Value::String(id.to_string()));
    let info = object
        .entry("info")
        .or_insert_with(|| Value::Object(Map::new()));
    if !info.is_object() {
        *info = Value::Object(Map::new());
    }
    if let Some(info) = info.as_object_mut() {
        info.entry("status")
            .or_insert_with(|| Value::String("requested".into()));
    }
    Some(access)
}

/// The list view of a test result: the OpenAPI omits checks and logs there.
pub fn test_result_summary(result: &Value) -> Value {
    let mut summary = result.clone();
    if let Some(object) = summary.as_object_mut() {
        object.remove("checks");
        object.remove("logs");
    }
    summary
}

pub fn etag_of(body: &str) -> String {
    let mut hasher = DefaultHasher::new();
    hasher.write(body.as_bytes());
    format!("\"{:016x}\"", hasher.finish())
}

/// Parses JSON or YAML text (by content) into JSON. None when it is neither.
pub fn document_to_json(text: &str) -> Option<Value> {
    if text.trim_start().starts_with('{')
        && let Ok(value) = serde_json::from_str::<Value>(text)
    {
        return Some(value);
    }
    yaml_text_to_json(text)
}

pub fn yaml_text_to_json(text: &str) -> Option<Value> {
    let yaml: serde_norway::Value = serde_norway::from_str(text).ok()?;
    Some(yaml_to_json(yaml))
}

fn yaml_to_json(yaml: serde_norway::Value) -> Value {
    use serde_norway::Value as Yaml;
    match yaml {
        Yaml::Null => Value::Null,
        Yaml::Bool(flag) => Value::Bool(flag),
        Yaml::Number(number) => yaml_number_to_json(&number),
        Yaml::String(text) => Value::String(text),
        Yaml::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Yaml::Mapping(mapping) => Value::Object(
            mapping
                .into_iter()
                .map(|(key, value)| (yaml_key_to_string(key), yaml_to_json(value)))
                .collect(),
        ),
        Yaml::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn yaml_number_to_json(number: &serde_norway::Number) -> Value {
    if let Some(integer) = number.as_i64() {
        Value::from(integer)
    } else if let Some(integer) = number.as_u64() {
        Value::from(integer)
    } else {
        number
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number)
    }
}

fn yaml_key_to_string(key: serde_norway::Value) -> String {
    match yaml_to_json(key) {
        Value::String(text) => text,
        Value::Null => "null".to_string(),
        other => other.to_string(),
    }
}

/// Compares dotted versions numerically where both parts are numbers ("1.10.0" > "1.9.0").
pub fn compare_versions(left: &str, right: &str) -> Ordering {
    let mut left_parts = left.split(['.', '-', '+']);
    let mut right_parts = right.split(['.', '-', '+']);
    loop {
        match (left_parts.next(), right_parts.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(a), Some(b)) => {
                let order = match (a.parse::<u64>(), b.parse::<u64>()) {
                    (Ok(a), Ok(b)) => a.cmp(&b),
                    _ => a.cmp(b),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

pub fn now_rfc3339() -> String {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    format_utc(since_epoch.as_secs(), since_epoch.subsec_micros())
}

fn today_utc() -> String {
    now_rfc3339()[..10].to_string()
}

/// RFC 3339 in UTC with microseconds, e.g. `2024-11-09T17:26:56.640037Z`.
pub fn format_utc(epoch_secs: u64, micros: u32) -> String {
    let (year, month, day) = civil_from_days((epoch_secs / 86_400) as i64);
    let seconds_of_day = epoch_secs % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{micros:06}Z",
        seconds_of_day / 3600,
        seconds_of_day % 3600 / 60,
        seconds_of_day % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(days_since_epoch: i64) -> (i64, u32, u32) {
    let shifted = days_since_epoch + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month as u32, day as u32)
}
