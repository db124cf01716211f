//! The Entropy Data endpoints a sync reads, each call a blocking wrapper
//! around the async fetcher (run on the process's HTTP runtime), so the
//! sync itself stays a plain loop writing to the cache.

use std::collections::{HashMap, HashSet};

use futures_util::StreamExt;
use reqwest::{StatusCode, Url};
use serde_json::Value;

use super::RemoteError;
use super::feed::CloudEvent;
use crate::http::{self, Fetched, Fetcher, HttpError, redact};
use crate::sources::SourceError;

/// A listing that links to more pages than this is broken, not big: 1000
/// items a page make 10 million items.
pub const MAX_PAGES: usize = 10_000;

/// Resources fetched one by one are fetched this many at a time (with at
/// most the settings' concurrency in flight), so memory stays bounded.
const BATCH: usize = 256;

#[derive(Debug, Clone)]
pub struct Api {
    fetcher: Fetcher,
    base: Url,
}

/// One resource fetched by URL.
#[derive(Debug)]
pub enum Single {
    Body { body: Vec<u8>, etag: Option<String> },
    NotModified,
    NotFound,
}

impl Api {
    pub fn new(fetcher: Fetcher, base: &str) -> Result<Api, RemoteError> {
        let with_slash = if base.ends_with('/') {
            base.to_owned()
        } else {
            format!("{base}/")
        };
        let base = Url::parse(&with_slash).map_err(|e| HttpError::BadUrl {
            url: base.to_owned(),
            reason: e.to_string(),
        })?;
        let fetcher = fetcher.bound_to(&base);
        Ok(Api { fetcher, base })
    }

    /// The same server for one sync: every request after the source's
    /// `sync_timeout` from now fails.
    pub fn for_one_sync(&self) -> Api {
        let deadline = std::time::Instant::now() + self.fetcher.settings().sync_timeout;
        Api {
            fetcher: self.fetcher.clone().with_deadline(deadline),
            base: self.base.clone(),
        }
    }

    pub fn url(&self, path: &str) -> Result<Url, RemoteError> {
        self.base.join(path).map_err(|e| {
            RemoteError::from(HttpError::BadUrl {
                url: format!("{}{path}", self.base),
                reason: e.to_string(),
            })
        })
    }

    fn get(&self, url: &Url, etag: Option<String>) -> Result<Fetched, RemoteError> {
        let fetcher = self.fetcher.clone();
        let url = url.clone();
        let outcome = http::run(async move { fetcher.get(&url, etag.as_deref()).await });
        Ok(outcome.ok_or(HttpError::Runtime)??)
    }

    /// Sends `method` to `path` with an optional JSON body; the answer's
    /// status and body (4xx other than 401/403 and 404 are errors).
    pub fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Fetched, RemoteError> {
        let url = self.url(path)?;
        let fetcher = self.fetcher.clone();
        let outcome = http::run(async move {
            fetcher
                .send(method, &url, Default::default(), body.as_ref())
                .await
        });
        Ok(outcome.ok_or(HttpError::Runtime)??)
    }

    /// Every item of a paged listing (`?p=`, `Link: rel="next"`), a page at
    /// a time: `page` gets each page's items. An empty page ends the listing
    /// even when it links further; a chain that links back to a page read
    /// before, or a page that only repeats items already listed, is broken
    /// paging and an error naming the page.
    pub fn list(
        &self,
        path: &str,
        page: &mut dyn FnMut(Vec<Value>) -> Result<(), SourceError>,
    ) -> Result<(), SourceError> {
        let mut url = self.url(path)?;
        let mut pages_read: HashMap<String, usize> = HashMap::new();
        let mut ids: HashSet<String> = HashSet::new();
        for number in 1..=MAX_PAGES {
            pages_read.insert(url.to_string(), number);
            let fetched = self.get(&url, None)?;
            if fetched.status == StatusCode::NOT_FOUND {
                return Ok(());
            }
            let items: Vec<Value> = json(&url, &fetched.body)?;
            let empty = items.is_empty();
            let fresh = items
                .iter()
                .filter(|item| super::id_of(item).is_none_or(|id| ids.insert(id)))
                .count();
            if !empty && fresh == 0 {
                return Err(RemoteError::RepeatedPage {
                    url: redact(&url),
                    page: number,
                }
                .into());
            }
            page(items)?;
            match fetched.next {
                None => return Ok(()),
                Some(_) if empty => return Ok(()),
                Some(next) => {
                    if let Some(&back_to) = pages_read.get(next.as_str()) {
                        return Err(RemoteError::LoopingPages {
                            url: redact(&url),
                            page: number,
                            back_to,
                        }
                        .into());
                    }
                    url = next;
                }
            }
        }
        Err(RemoteError::EndlessPages {
            url: redact(&self.url(path)?),
            pages: MAX_PAGES,
        }
        .into())
    }

    /// The events after `cursor` (from the start without one), a batch at a
    /// time, until the feed's end. `Ok(None)` when the server does not know
    /// the cursor (the feed was reset): the caller syncs in full.
    pub fn events_after(
        &self,
        cursor: Option<&str>,
        batch: &mut dyn FnMut(Vec<CloudEvent>) -> Result<(), SourceError>,
    ) -> Result<Option<()>, SourceError> {
        // An empty cursor: the feed was empty at the last full sync.
        let mut cursor = cursor.filter(|id| !id.is_empty()).map(str::to_owned);
        for _ in 0..MAX_PAGES {
            let mut url = self.url("api/events")?;
            if let Some(id) = &cursor {
                url.query_pairs_mut().append_pair("lastEventId", id);
            }
            let fetched = match self.get(&url, None) {
                Err(RemoteError::Http(HttpError::Status {
                    code: 400 | 410, ..
                })) if cursor.is_some() => {
                    return Ok(None);
                }
                other => other?,
            };
            match fetched.status {
                StatusCode::NOT_FOUND => return Ok(None),
                s if !s.is_success() => return Ok(Some(())),
                _ => {}
            }
            let events: Vec<CloudEvent> = json(&url, &fetched.body)?;
            let Some(last) = events.last() else {
                return Ok(Some(()));
            };
            if cursor.as_deref() == Some(last.id.as_str()) {
                return Ok(Some(()));
            }
            cursor = Some(last.id.clone());
            batch(events)?;
        }
        Err(RemoteError::EndlessPages {
            url: redact(&self.url("api/events")?),
            pages: MAX_PAGES,
        }
        .into())
    }

    /// Fetches `paths` (with their ETags), at most the concurrency bound at
    /// once, a batch at a time; `each_batch` gets them in the order given.
    pub fn fetch_each(
        &self,
        requests: Vec<(String, Option<String>)>,
        each_batch: &mut dyn FnMut(Vec<(Url, Single)>) -> Result<(), SourceError>,
    ) -> Result<(), SourceError> {
        let concurrency = self.fetcher.settings().concurrency.max(1);
        for chunk in requests.chunks(BATCH) {
            let mut urls = Vec::with_capacity(chunk.len());
            for (path, etag) in chunk {
                urls.push((self.url(path)?, etag.clone()));
            }
            let fetcher = self.fetcher.clone();
            let fetched = http::run(async move {
                futures_util::stream::iter(urls)
                    .map(|(url, etag)| {
                        let fetcher = fetcher.clone();
                        async move {
                            let outcome = fetcher.get(&url, etag.as_deref()).await;
                            (url, outcome)
                        }
                    })
                    .buffered(concurrency)
                    .collect::<Vec<_>>()
                    .await
            })
            .ok_or(RemoteError::Http(HttpError::Runtime))?;
            let mut batch = Vec::with_capacity(fetched.len());
            for (url, outcome) in fetched {
                let fetched = outcome.map_err(RemoteError::Http)?;
                let single = match fetched.status {
                    StatusCode::NOT_MODIFIED => Single::NotModified,
                    StatusCode::NOT_FOUND => Single::NotFound,
                    _ => Single::Body {
                        body: fetched.body,
                        etag: fetched.etag,
                    },
                };
                batch.push((url, single));
            }
            each_batch(batch)?;
        }
        Ok(())
    }
}

/// The body as JSON of type `T`, or an error naming the URL, line and column.
pub fn json<T: serde::de::DeserializeOwned>(url: &Url, body: &[u8]) -> Result<T, RemoteError> {
    serde_json::from_slice(body).map_err(|e| RemoteError::InvalidJson {
        url: redact(url),
        line: e.line(),
        column: e.column(),
        message: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_owned(),
    })
}
