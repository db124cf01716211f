//! One request with the process's client: the API key header (sent to the
//! source's own server only), retries of transient failures (idempotent
//! requests only), `If-None-Match`, a bounded body, the sync's deadline, and
//! errors that tell the user what happened and what to do.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{ETAG, HeaderMap, HeaderValue, IF_NONE_MATCH, LINK, RETRY_AFTER};
use reqwest::{Method, StatusCode, Url};

use super::origin::{foreign_redirect, origin_of, same_server};
use super::{ApiKey, Backoff, HttpSettings, next_link, retry_after, retry_delay};

/// A request that did not succeed, in words a user can act on. Never holds
/// the API key.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum HttpError {
    #[error(
        "{url} refused the API key (401 Unauthorized): check the key named by the source's \
         api_key_env or api_key_file"
    )]
    Unauthorized { url: String },
    #[error("{url} answered 403 Forbidden: the API key may not read this")]
    Forbidden { url: String },
    #[error("{url} answered {status}{}", attempts_note(*.attempts))]
    Status {
        url: String,
        status: String,
        code: u16,
        attempts: u32,
    },
    #[error("cannot reach {url}: {reason}{}", attempts_note(*.attempts))]
    Unreachable {
        url: String,
        reason: String,
        attempts: u32,
    },
    #[error("{url} {}{}", .kind.describe(*.after), attempts_note(*.attempts))]
    Timeout {
        url: String,
        kind: TimeoutKind,
        after: Duration,
        attempts: u32,
    },
    #[error(
        "the sync of this source did not finish within {} (its sync_timeout); stopped before {url}",
        seconds(*.after)
    )]
    Deadline { url: String, after: Duration },
    #[error(
        "{url} answered more than {} (the source's max_response_mb); stopped reading it",
        megabytes(*.limit)
    )]
    TooLarge { url: String, limit: u64 },
    #[error(
        "{url} redirected to {to}, another server than {from}; not followed, so the API key \
         and the request stay with {from} (if the catalogue moved, set the source's url to it)"
    )]
    ForeignRedirect {
        url: String,
        from: String,
        to: String,
    },
    #[error(
        "{server} handed out {url}, which is on another server; not requested (meshlens sends \
         the API key to, and trusts answers from, the source's url only)"
    )]
    ForeignUrl { url: String, server: String },
    #[error("the answer from {url} broke off: {reason}{}", attempts_note(*.attempts))]
    Body {
        url: String,
        reason: String,
        attempts: u32,
    },
    #[error("{url} is not a valid URL: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("the HTTP runtime could not start")]
    Runtime,
}

/// Which timeout ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutKind {
    /// No connection within `connect_timeout`.
    Connect,
    /// Nothing received for `read_timeout`.
    Idle,
    /// The whole answer took longer than `total_timeout` (it kept trickling).
    Total,
}

impl TimeoutKind {
    fn describe(self, after: Duration) -> String {
        let after = seconds(after);
        match self {
            TimeoutKind::Connect => format!("did not accept a connection within {after}"),
            TimeoutKind::Idle => format!("sent nothing for {after}"),
            TimeoutKind::Total => {
                format!("was still sending its answer after {after}; stopped waiting")
            }
        }
    }
}

/// `0.4s`, `30s`, `2m 0s`: a duration as people read it.
fn seconds(duration: Duration) -> String {
    let secs = duration.as_secs();
    if secs >= 60 {
        format!("{}m {}s", secs / 60, secs % 60)
    } else if duration.subsec_millis() == 0 {
        format!("{secs}s")
    } else {
        format!("{}s", duration.as_secs_f32())
    }
}

fn megabytes(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

fn attempts_note(attempts: u32) -> String {
    if attempts > 1 {
        format!(" ({attempts} attempts)")
    } else {
        String::new()
    }
}

impl HttpError {
    /// The server could not be reached at all: the user is offline, or it is down.
    pub fn is_offline(&self) -> bool {
        matches!(
            self,
            HttpError::Unreachable { .. } | HttpError::Timeout { .. }
        )
    }
}

/// A response read whole.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub status: StatusCode,
    pub body: Vec<u8>,
    pub etag: Option<String>,
    /// The `Link: rel="next"` target, resolved against the request URL.
    pub next: Option<Url>,
    /// What `Retry-After` asked for.
    pub retry_after: Option<Duration>,
}

/// The client, its settings and the credentials of one server.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    settings: HttpSettings,
    backoff: Backoff,
    api_key: Option<Arc<ApiKey>>,
    /// The configured url: requests go to its server only.
    server: Option<Url>,
    /// When the current sync of the source must end.
    deadline: Option<Instant>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("settings", &self.settings)
            .field("api_key", &self.api_key.as_ref().map(|_| "[hidden]"))
            .field("server", &self.server.as_ref().map(origin_of))
            .finish()
    }
}

impl Fetcher {
    pub fn new(client: reqwest::Client, settings: HttpSettings, api_key: Option<ApiKey>) -> Self {
        Fetcher {
            client,
            settings,
            backoff: Backoff::default(),
            api_key: api_key.map(Arc::new),
            server: None,
            deadline: None,
        }
    }

    /// Binds the fetcher to the server at `url`: every request must stay
    /// there (see `origin.rs`). A fetcher holding a key sends nothing until
    /// it is bound.
    pub fn bound_to(mut self, url: &Url) -> Self {
        self.server = Some(url.clone());
        self
    }

    /// Requests after `deadline` fail with [`HttpError::Deadline`]; one
    /// under way then is stopped.
    pub fn with_deadline(mut self, deadline: Instant) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Shorter waits between retries (tests and benchmarks).
    pub fn with_backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    pub fn settings(&self) -> &HttpSettings {
        &self.settings
    }

    /// GET `url`, sending `If-None-Match: etag` when given. 2xx, 304 and 404
    /// are answers; 401, 403, other 4xx and (after the retries) 5xx, 429,
    /// timeouts and broken connections are errors.
    pub async fn get(&self, url: &Url, etag: Option<&str>) -> Result<Fetched, HttpError> {
        let mut headers = HeaderMap::new();
        if let Some(value) = etag.and_then(|e| HeaderValue::from_str(e).ok()) {
            headers.insert(IF_NONE_MATCH, value);
        }
        self.send(Method::GET, url, headers, None).await
    }

    /// Sends a request with an optional JSON body, retrying transient
    /// failures when the method is idempotent.
    pub async fn send(
        &self,
        method: Method,
        url: &Url,
        headers: HeaderMap,
        body: Option<&serde_json::Value>,
    ) -> Result<Fetched, HttpError> {
        let finish = |outcome: Result<Fetched, Failure>, attempts: u32| {
            outcome
                .map_err(|f| f.into_error(url, attempts, &self.settings))
                .and_then(|fetched| check_status(fetched, url, attempts))
        };
        self.check_server(url)?;
        let mut attempt = 0;
        loop {
            let outcome = self
                .attempt_within_deadline(&method, url, &headers, body)
                .await;
            let (status, wait) = match &outcome {
                Ok(fetched) if retryable(fetched.status) => {
                    (Some(fetched.status), fetched.retry_after)
                }
                Err(Failure::Request(_) | Failure::Body(_)) => (None, None),
                _ => return finish(outcome, attempt + 1),
            };
            let (retries, backoff) = (self.settings.retries, &self.backoff);
            let delay = retry_delay(
                &method,
                status,
                wait,
                attempt,
                retries,
                backoff,
                &mut rand::rng(),
            );
            match delay {
                Some(delay) if self.deadline_within(delay) => {
                    return Err(self.deadline_error(url));
                }
                Some(delay) => tokio::time::sleep(delay).await,
                None => return finish(outcome, attempt + 1),
            }
            attempt += 1;
        }
    }

    /// The one check before anything is sent: the URL is on the source's
    /// server. A fetcher holding a key and bound to no server sends nothing.
    fn check_server(&self, url: &Url) -> Result<(), HttpError> {
        match &self.server {
            Some(server) if same_server(server, url) => Ok(()),
            Some(server) => Err(HttpError::ForeignUrl {
                url: redact(url),
                server: origin_of(server),
            }),
            None if self.api_key.is_some() => Err(HttpError::BadUrl {
                url: redact(url),
                reason: "the API key is only sent to a source's configured url, and this \
                         request has none"
                    .to_owned(),
            }),
            None => Ok(()),
        }
    }

    /// Whether the deadline passes within `wait` from now.
    fn deadline_within(&self, wait: Duration) -> bool {
        self.deadline
            .is_some_and(|deadline| Instant::now() + wait >= deadline)
    }

    fn deadline_error(&self, url: &Url) -> HttpError {
        HttpError::Deadline {
            url: redact(url),
            after: self.settings.sync_timeout,
        }
    }

    async fn attempt_within_deadline(
        &self,
        method: &Method,
        url: &Url,
        headers: &HeaderMap,
        body: Option<&serde_json::Value>,
    ) -> Result<Fetched, Failure> {
        let Some(deadline) = self.deadline else {
            return self.attempt(method, url, headers, body).await;
        };
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(Failure::Fatal(self.deadline_error(url)));
        }
        tokio::time::timeout(remaining, self.attempt(method, url, headers, body))
            .await
            .unwrap_or_else(|_| Err(Failure::Fatal(self.deadline_error(url))))
    }

    /// What a failed request or body read means. A refused redirect is
    /// final; an answer still trickling in after `total_timeout` is not
    /// retried (it would take as long again).
    fn classify(&self, error: reqwest::Error, url: &Url, elapsed: Duration, body: bool) -> Failure {
        if let Some(refused) = foreign_redirect(&error) {
            return Failure::Fatal(HttpError::ForeignRedirect {
                url: redact(url),
                from: refused.from,
                to: refused.to,
            });
        }
        let total = self.settings.total_timeout;
        if error.is_timeout() && elapsed >= total {
            return Failure::Fatal(HttpError::Timeout {
                url: redact(url),
                kind: TimeoutKind::Total,
                after: total,
                attempts: 1,
            });
        }
        if body {
            Failure::Body(error)
        } else {
            Failure::Request(error)
        }
    }

    async fn attempt(
        &self,
        method: &Method,
        url: &Url,
        headers: &HeaderMap,
        body: Option<&serde_json::Value>,
    ) -> Result<Fetched, Failure> {
        let mut request = self
            .client
            .request(method.clone(), url.clone())
            .headers(headers.clone());
        if let Some(key) = &self.api_key {
            let mut value =
                HeaderValue::from_str(key.expose()).map_err(|_| Failure::Fatal(bad_key()))?;
            value.set_sensitive(true);
            request = request.header("x-api-key", value);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let started = Instant::now();
        let failed =
            |error: reqwest::Error, body: bool| self.classify(error, url, started.elapsed(), body);
        let mut response = request.send().await.map_err(|e| failed(e, false))?;
        let status = response.status();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let etag = header(ETAG);
        let next = header(LINK)
            .and_then(|link| next_link(&link))
            .and_then(|target| url.join(&target).ok());
        let retry_after = header(RETRY_AFTER).and_then(|v| retry_after(&v, chrono::Utc::now()));
        let limit = self.settings.max_response;
        let too_large = || {
            Failure::Fatal(HttpError::TooLarge {
                url: redact(url),
                limit,
            })
        };
        if response
            .content_length()
            .is_some_and(|length| length > limit)
        {
            return Err(too_large());
        }
        // Read a chunk at a time, so an endless or huge answer is refused
        // once past the limit, never held whole (gzip bodies are counted
        // after decompression). The chunks are joined once at the end: a
        // growing buffer would hold up to three times the body while it
        // doubles.
        let mut chunks = Vec::new();
        let mut received = 0u64;
        while let Some(chunk) = response.chunk().await.map_err(|e| failed(e, true))? {
            received += chunk.len() as u64;
            if received > limit {
                return Err(too_large());
            }
            chunks.push(chunk);
        }
        let body = chunks.concat();
        Ok(Fetched {
            status,
            body,
            etag,
            next,
            retry_after,
        })
    }
}

fn bad_key() -> HttpError {
    HttpError::BadUrl {
        url: "the API key".to_owned(),
        reason: "it contains characters a header cannot carry".to_owned(),
    }
}

fn retryable(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

fn check_status(fetched: Fetched, url: &Url, attempts: u32) -> Result<Fetched, HttpError> {
    let status = fetched.status;
    let url = redact(url);
    match status {
        s if s.is_success() || s == StatusCode::NOT_MODIFIED || s == StatusCode::NOT_FOUND => {
            Ok(fetched)
        }
        StatusCode::UNAUTHORIZED => Err(HttpError::Unauthorized { url }),
        StatusCode::FORBIDDEN => Err(HttpError::Forbidden { url }),
        _ => Err(HttpError::Status {
            url,
            status: status.to_string(),
            code: status.as_u16(),
            attempts,
        }),
    }
}

/// A failed attempt, before it is known whether it will be retried.
enum Failure {
    Request(reqwest::Error),
    Body(reqwest::Error),
    Fatal(HttpError),
}

impl Failure {
    fn into_error(self, url: &Url, attempts: u32, settings: &HttpSettings) -> HttpError {
        let url = redact(url);
        match self {
            Failure::Fatal(error) => error,
            Failure::Request(e) if e.is_timeout() && e.is_connect() => HttpError::Timeout {
                url,
                kind: TimeoutKind::Connect,
                after: settings.connect_timeout,
                attempts,
            },
            Failure::Request(e) | Failure::Body(e) if e.is_timeout() => HttpError::Timeout {
                url,
                kind: TimeoutKind::Idle,
                after: settings.read_timeout,
                attempts,
            },
            Failure::Request(e) => HttpError::Unreachable {
                url,
                reason: describe(&e),
                attempts,
            },
            Failure::Body(e) => HttpError::Body {
                url,
                reason: describe(&e),
                attempts,
            },
        }
    }
}

/// The innermost cause of a reqwest error ("connection refused"), without
/// the URL reqwest repeats (and which may carry a query).
fn describe(error: &reqwest::Error) -> String {
    let mut source: &dyn std::error::Error = error;
    while let Some(inner) = source.source() {
        source = inner;
    }
    source.to_string()
}

/// The URL without user info (a key someone put in the config's `url`).
pub fn redact(url: &Url) -> String {
    let mut url = url.clone();
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.to_string()
}
