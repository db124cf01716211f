//! An Entropy Data (formerly Data Mesh Manager) catalogue server
//! (../shared/standards/entropy-data/openapi.yaml).
//!
//! The first sync, or one whose event cursor the server no longer knows, is
//! *full*: it notes where the event feed ends, then lists teams, data
//! products, data contracts (each fetched in its original YAML, with
//! `If-None-Match`), test results and access requests; what the cache held
//! and the server no longer lists is dropped. Later syncs are *incremental*:
//! the events after the cursor, reduced to the last change of each resource,
//! each resource read again or dropped. Anything that fails fails the whole
//! source, and the sync driver rolls its part back: the cache never holds
//! half a sync.

mod api;
mod convert;
mod feed;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use reqwest::Url;
use serde_json::Value;

use self::api::{Api, Single, json};
use self::convert::Converted;
use self::feed::{Change, CloudEvent, net_changes};
use super::{
    LoadMode, Loaded, Previous, Resource, ResourceKind, ResourceRef, Sink, Source, SourceError,
};
use crate::http::{Fetcher, HttpError, redact};

pub use self::api::MAX_PAGES;
pub use self::convert::team as team_from_json;

/// A catalogue server's answer that cannot be used.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum RemoteError {
    #[error(transparent)]
    Http(#[from] HttpError),
    #[error("{url} did not answer valid JSON (line {line}, column {column}): {message}")]
    InvalidJson {
        url: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// The source cannot be used as configured (its API key is unreadable).
    #[error("{0}")]
    Setup(String),
    #[error(
        "{url} kept linking to a next page after {pages} pages; stopped (the server's paging is broken)"
    )]
    EndlessPages { url: String, pages: usize },
    #[error(
        "page {page} of the listing ({url}) links back to page {back_to}; stopped (the server's paging loops)"
    )]
    LoopingPages {
        url: String,
        page: usize,
        back_to: usize,
    },
    #[error(
        "page {page} of the listing ({url}) only repeats items of earlier pages; stopped (the server's paging is broken)"
    )]
    RepeatedPage { url: String, page: usize },
}

impl RemoteError {
    /// The server could not be reached: the explorer says "offline".
    pub fn is_offline(&self) -> bool {
        matches!(self, RemoteError::Http(e) if e.is_offline())
    }
}

/// An Entropy Data server as a catalogue source.
pub struct EntropySource {
    name: String,
    base_url: String,
    api: Result<Api, RemoteError>,
}

impl EntropySource {
    pub fn new(name: impl Into<String>, base_url: &str, fetcher: Fetcher) -> EntropySource {
        EntropySource {
            name: name.into(),
            base_url: base_url.trim_end_matches('/').to_owned(),
            api: Api::new(fetcher, base_url),
        }
    }

    fn api(&self) -> Result<&Api, RemoteError> {
        self.api.as_ref().map_err(Clone::clone)
    }

    /// Creates or updates the access request `access["id"]`
    /// (`PUT /api/access/{id}`: the same id twice is one request).
    pub fn put_access(&self, id: &str, access: &Value) -> Result<(), RemoteError> {
        let path = format!("api/access/{}", urlencode(id));
        self.api()?
            .call(reqwest::Method::PUT, &path, Some(access.clone()))
            .map(|_| ())
    }

    /// The server's copy of an access request, `None` if it has none.
    pub fn get_access(&self, id: &str) -> Result<Option<Value>, RemoteError> {
        let path = format!("api/access/{}", urlencode(id));
        let api = self.api()?;
        let fetched = api.call(reqwest::Method::GET, &path, None)?;
        if fetched.status == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        json(&api.url(&path)?, &fetched.body).map(Some)
    }

    /// Cancels an access request (`POST /api/access/{id}/cancel`); `false`
    /// when the server does not have it.
    pub fn cancel_access(&self, id: &str) -> Result<bool, RemoteError> {
        let path = format!("api/access/{}/cancel", urlencode(id));
        let fetched = self.api()?.call(reqwest::Method::POST, &path, None)?;
        Ok(fetched.status != reqwest::StatusCode::NOT_FOUND)
    }

    /// A source that fails every sync with `reason` (an API key file that
    /// is not private, say), so the cache still opens.
    pub fn unusable(name: impl Into<String>, base_url: &str, reason: String) -> EntropySource {
        EntropySource {
            name: name.into(),
            base_url: base_url.trim_end_matches('/').to_owned(),
            api: Err(RemoteError::Setup(reason)),
        }
    }
}

impl Source for EntropySource {
    fn name(&self) -> &str {
        &self.name
    }

    fn kind(&self) -> &'static str {
        "entropy-data"
    }

    fn location(&self) -> String {
        Url::parse(&self.base_url).map_or_else(|_| self.base_url.clone(), |url| redact(&url))
    }

    fn is_remote(&self) -> bool {
        true
    }

    fn access_target(&self) -> super::AccessTarget<'_> {
        super::AccessTarget::Server(self)
    }

    fn load(&self, previous: &Previous, sink: &mut Sink<'_>) -> Result<(), SourceError> {
        let api = self
            .api
            .as_ref()
            .map_err(|e| SourceError::Remote(e.clone()))?
            .for_one_sync();
        let mut sync = ServerSync {
            source: &self.name,
            api: &api,
            previous,
            sink,
        };
        if let Some(cursor) = &previous.cursor
            && sync.incremental(cursor)?
        {
            return Ok(());
        }
        sync.full()
    }
}

/// One sync of one server.
struct ServerSync<'a, 'b> {
    source: &'a str,
    api: &'a Api,
    previous: &'a Previous,
    sink: &'a mut Sink<'b>,
}

impl ServerSync<'_, '_> {
    fn full(&mut self) -> Result<(), SourceError> {
        let cursor = self.feed_end()?;
        (self.sink)(Loaded::Begin(LoadMode::Refresh))?;
        self.list_resources("api/teams", ResourceKind::Team)?;
        self.list_products()?;
        self.list_contracts()?;
        self.list_test_results()?;
        self.list_resources("api/access", ResourceKind::Access)?;
        if let Some(cursor) = cursor {
            (self.sink)(Loaded::Cursor(cursor))?;
        }
        Ok(())
    }

    /// Applies the events after `cursor`; `false` when the server does not
    /// know the cursor any more (a full sync is needed).
    fn incremental(&mut self, cursor: &str) -> Result<bool, SourceError> {
        let mut events: Vec<CloudEvent> = Vec::new();
        let known = self
            .api
            .events_after(Some(cursor), &mut |batch| {
                events.extend(batch);
                Ok(())
            })?
            .is_some();
        if !known {
            return Ok(false);
        }
        (self.sink)(Loaded::Begin(LoadMode::Apply))?;
        let changes = net_changes(&events);
        let mut refresh: BTreeMap<ResourceKind, Vec<String>> = BTreeMap::new();
        let mut test_results_changed = false;
        for (reference, change) in changes {
            if reference.kind == ResourceKind::TestResult {
                // The newest run of each contract is kept: a new run or a
                // deleted one can change which that is. Read them again.
                test_results_changed = true;
                continue;
            }
            match change {
                Change::Delete => (self.sink)(Loaded::Removed(reference))?,
                Change::Refresh => refresh
                    .entry(reference.kind)
                    .or_default()
                    .push(reference.id),
            }
        }
        for (kind, ids) in refresh {
            self.refresh(kind, ids)?;
        }
        if test_results_changed {
            (self.sink)(Loaded::ReplaceAll(ResourceKind::TestResult))?;
            self.list_test_results()?;
        }
        if let Some(last) = events.last() {
            (self.sink)(Loaded::Cursor(last.id.clone()))?;
        }
        Ok(true)
    }

    /// The id of the feed's last event: what a full sync resumes after.
    /// Taken before the listings, so changes made while they are read are
    /// applied again by the next sync (applying twice changes nothing).
    /// An empty feed gives the empty cursor: the next sync reads it from
    /// the start. A server without a feed (404) gives none: every sync is full.
    fn feed_end(&mut self) -> Result<Option<String>, SourceError> {
        let mut last = String::new();
        let feed = self.api.events_after(None, &mut |batch| {
            if let Some(event) = batch.last() {
                last.clone_from(&event.id);
            }
            Ok(())
        })?;
        Ok(feed.map(|()| last))
    }

    fn list_products(&mut self) -> Result<(), SourceError> {
        let source = self.source;
        let sink = &mut *self.sink;
        let base = self.api.url("api/dataproducts/")?;
        self.api.list("api/dataproducts", &mut |items| {
            sink(Loaded::Page)?;
            let converted: Vec<(String, Converted)> = items
                .par_iter()
                .map(|item| {
                    let url = item_url(&base, item);
                    let product = convert::product(source, &url, item);
                    (url, product)
                })
                .collect();
            for (url, product) in converted {
                emit(sink, &url, product)?;
            }
            Ok(())
        })?;
        Ok(())
    }

    /// Lists the contracts, then reads each in its original YAML.
    fn list_contracts(&mut self) -> Result<(), SourceError> {
        let mut ids = Vec::new();
        let sink = &mut *self.sink;
        self.api.list("api/datacontracts", &mut |items| {
            sink(Loaded::Page)?;
            ids.extend(items.iter().filter_map(id_of));
            Ok(())
        })?;
        self.refresh(ResourceKind::Contract, ids)
    }

    /// Test results: the newest of each data contract, read whole (the
    /// listing leaves the checks out). Older runs are history the health
    /// view does not use.
    fn list_test_results(&mut self) -> Result<(), SourceError> {
        let mut newest: HashMap<String, (String, String)> = HashMap::new();
        let sink = &mut *self.sink;
        self.api.list("api/test-results", &mut |items| {
            sink(Loaded::Page)?;
            for item in &items {
                let (Some(id), Some(contract)) = (id_of(item), text(item, "dataContractId")) else {
                    continue;
                };
                let end = text(item, "timestampEnd").unwrap_or_default();
                let entry = newest
                    .entry(contract)
                    .or_insert_with(|| (end.clone(), id.clone()));
                if end > entry.0 {
                    *entry = (end, id);
                }
            }
            Ok(())
        })?;
        let mut ids: Vec<String> = newest.into_values().map(|(_, id)| id).collect();
        ids.sort();
        self.refresh(ResourceKind::TestResult, ids)
    }

    fn list_resources(&mut self, path: &str, kind: ResourceKind) -> Result<(), SourceError> {
        let sink = &mut *self.sink;
        self.api.list(path, &mut |items| {
            sink(Loaded::Page)?;
            for json in items {
                if let Some(id) = id_of(&json) {
                    sink(Loaded::Resource(Resource { kind, id, json }))?;
                }
            }
            Ok(())
        })?;
        Ok(())
    }

    /// Reads each resource again by id; one the server no longer has is
    /// dropped.
    fn refresh(&mut self, kind: ResourceKind, ids: Vec<String>) -> Result<(), SourceError> {
        let requests: Vec<(String, Option<String>)> = ids
            .iter()
            .map(|id| {
                let path = resource_path(kind, id);
                let etag = self
                    .api
                    .url(&path)
                    .ok()
                    .and_then(|url| self.previous.etags.get(url.as_str()).cloned());
                (path, etag)
            })
            .collect();
        let source = self.source;
        let sink = &mut *self.sink;
        let mut ids = ids.into_iter();
        self.api.fetch_each(requests, &mut |batch| {
            let batch: Vec<(ResourceRef, Url, Single)> = batch
                .into_iter()
                .map(|(url, single)| {
                    let id = ids.next().unwrap_or_default();
                    (ResourceRef { kind, id }, url, single)
                })
                .collect();
            // Parsing (YAML contracts above all) runs on every core; the
            // results reach the cache in request order.
            let decoded: Vec<Result<Vec<Loaded>, RemoteError>> = batch
                .into_par_iter()
                .map(|(reference, url, single)| decode(source, reference, &url, single))
                .collect();
            for loaded in decoded {
                for item in loaded? {
                    sink(item)?;
                }
            }
            Ok(())
        })?;
        Ok(())
    }
}

/// What one fetched resource gives the sink.
fn decode(
    source: &str,
    reference: ResourceRef,
    url: &Url,
    single: Single,
) -> Result<Vec<Loaded>, RemoteError> {
    let (body, etag) = match single {
        Single::NotFound => return Ok(vec![Loaded::Removed(reference)]),
        Single::NotModified => return Ok(vec![Loaded::Unchanged(reference)]),
        Single::Body { body, etag } => (body, etag),
    };
    let mut out = Vec::with_capacity(2);
    if let Some(etag) = etag {
        out.push(Loaded::Etag {
            url: url.to_string(),
            etag,
        });
    }
    let url_text = redact(url);
    out.push(match reference.kind {
        ResourceKind::Contract => loaded(&url_text, convert::contract(source, &url_text, &body)),
        ResourceKind::Product => {
            let value: Value = json(url, &body)?;
            loaded(&url_text, convert::product(source, &url_text, &value))
        }
        kind => Loaded::Resource(Resource {
            kind,
            id: reference.id,
            json: json(url, &body)?,
        }),
    });
    Ok(out)
}

fn loaded(url: &str, converted: Converted) -> Loaded {
    match converted {
        Converted::Record(record) => Loaded::Record(record, url.into()),
        Converted::Issue(issue) => Loaded::Issue(issue),
    }
}

fn emit(sink: &mut Sink<'_>, url: &str, converted: Converted) -> Result<(), SourceError> {
    sink(loaded(url, converted))
}

fn resource_path(kind: ResourceKind, id: &str) -> String {
    let id = urlencode(id);
    match kind {
        ResourceKind::Product => format!("api/dataproducts/{id}"),
        ResourceKind::Contract => format!("api/datacontracts/{id}/datacontract.yaml"),
        ResourceKind::Team => format!("api/teams/{id}"),
        ResourceKind::TestResult => format!("api/test-results/{id}"),
        ResourceKind::Access => format!("api/access/{id}"),
    }
}

/// An id as one URL path segment (ids may hold `/`, spaces, `#`...).
fn urlencode(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn item_url(base: &Url, item: &Value) -> String {
    let id = id_of(item).unwrap_or_default();
    base.join(&urlencode(&id))
        .map_or_else(|_| base.to_string(), |url| redact(&url))
}

fn id_of(item: &Value) -> Option<String> {
    text(item, "id")
}

fn text(item: &Value, key: &str) -> Option<String> {
    match item.get(key)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
