//! The HTTP machinery every catalogue-server source shares (issue 7): one
//! client for the process with explicit timeouts (reqwest has none by
//! default), and the pieces of a polite retry loop: which responses are
//! worth retrying, how long to wait (`Retry-After`, else jittered
//! exponential backoff), and the `Link: rel="next"` page chain.

mod credentials;
mod fetch;
mod link;
mod origin;
mod retry;
mod runtime;

use std::time::Duration;

pub use credentials::{ApiKey, CredentialError, load_api_key};
pub use fetch::{Fetched, Fetcher, HttpError, TimeoutKind, redact};
pub use link::next_link;
pub use origin::{origin_of, same_server};
pub use retry::{Backoff, retry_after, retry_delay};
pub use runtime::run;

/// Timeouts, retries and the bound on requests in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpSettings {
    /// Establishing the TCP + TLS connection.
    pub connect_timeout: Duration,
    /// Between two reads of the response (a stalled server).
    pub read_timeout: Duration,
    /// A whole request, body included.
    pub total_timeout: Duration,
    /// Retries after the first attempt (idempotent requests only).
    pub retries: u32,
    /// Requests in flight at once, per source.
    pub concurrency: usize,
    /// The largest answer read, in bytes (counted as it streams in).
    pub max_response: u64,
    /// How long one sync of a source may take, all requests included.
    pub sync_timeout: Duration,
}

/// Generous for real listings (a page of 1,000 products is a few MB).
pub const DEFAULT_MAX_RESPONSE: u64 = 64 << 20;

impl Default for HttpSettings {
    fn default() -> HttpSettings {
        HttpSettings {
            connect_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_secs(30),
            total_timeout: Duration::from_secs(120),
            retries: 3,
            concurrency: 4,
            max_response: DEFAULT_MAX_RESPONSE,
            sync_timeout: Duration::from_secs(60 * 60),
        }
    }
}

/// The one client of the process (default settings), built on first use.
pub fn shared_client() -> Result<reqwest::Client, HttpError> {
    static CLIENT: std::sync::OnceLock<Result<reqwest::Client, String>> =
        std::sync::OnceLock::new();
    CLIENT
        .get_or_init(|| client(&HttpSettings::default()).map_err(|e| e.to_string()))
        .clone()
        .map_err(|reason| HttpError::BadUrl {
            url: "the HTTP client".to_owned(),
            reason,
        })
}

/// The process's client: rustls, gzip, the settings' timeouts, redirects
/// followed within a server only, and a user agent naming meshlens and its
/// version.
pub fn client(settings: &HttpSettings) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .use_rustls_tls()
        .redirect(origin::redirect_policy())
        .connect_timeout(settings.connect_timeout)
        .read_timeout(settings.read_timeout)
        .timeout(settings.total_timeout)
        .user_agent(concat!("meshlens/", env!("CARGO_PKG_VERSION")))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_never_sent_by_a_fetcher_bound_to_no_server() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("key");
        std::fs::write(&file, "k-123\n").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        let key = load_api_key(None, Some(&file)).unwrap();
        let settings = HttpSettings::default();
        let fetcher = Fetcher::new(client(&settings).unwrap(), settings, Some(key));
        // Port 9 (discard): nothing listens, and nothing is tried.
        let url = reqwest::Url::parse("http://127.0.0.1:9/api/dataproducts").unwrap();
        let error = run(async move { fetcher.get(&url, None).await })
            .unwrap()
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "http://127.0.0.1:9/api/dataproducts is not a valid URL: the API key is only sent \
             to a source's configured url, and this request has none"
        );
    }

    #[test]
    fn the_client_builds_with_the_default_timeouts() {
        let settings = HttpSettings::default();
        assert_eq!(settings.connect_timeout, Duration::from_secs(5));
        assert!(client(&settings).is_ok());
    }
}
