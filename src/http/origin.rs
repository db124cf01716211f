//! The one rule of where a source's requests may go: to the origin (scheme,
//! host and port) of its configured `url`, or to the `https` upgrade of
//! that same host. The API key is sent there and nowhere else, and only
//! answers from there are trusted: a redirect, a `Link` page or any URL a
//! server hands back that points elsewhere is refused, saying where it
//! pointed. An `https` source never goes down to `http`.

use reqwest::Url;
use reqwest::redirect::{Attempt, Policy};

/// Redirects followed in one request before giving up (reqwest's default).
const MAX_REDIRECTS: usize = 10;

/// `scheme://host:port` of `url`, the port always written out.
pub fn origin_of(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port_or_known_default() {
        Some(port) => format!("{}://{host}:{port}", url.scheme()),
        None => format!("{}://{host}", url.scheme()),
    }
}

/// Whether a request to `target` stays with the server configured as
/// `configured`: the same origin, or `http` upgraded to `https` on the same
/// host (a port change with it is allowed only from 80 to 443).
pub fn same_server(configured: &Url, target: &Url) -> bool {
    if configured.origin() == target.origin() {
        return true;
    }
    let same_host = configured.host_str().is_some()
        && configured.host_str().map(str::to_ascii_lowercase)
            == target.host_str().map(str::to_ascii_lowercase);
    let upgrade = configured.scheme() == "http" && target.scheme() == "https";
    let port_ok = configured.port() == target.port()
        || (configured.port_or_known_default() == Some(80)
            && target.port_or_known_default() == Some(443));
    same_host && upgrade && port_ok
}

/// A redirect to another server, refused before anything was sent there.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("a redirect from {from} to {to}")]
pub struct ForeignRedirect {
    pub from: String,
    pub to: String,
}

/// Redirects within the server are followed (with the key, as the
/// request was); one to another origin stops the request with
/// [`ForeignRedirect`], so nothing (no key, no body) reaches it.
pub fn redirect_policy() -> Policy {
    Policy::custom(|attempt: Attempt<'_>| {
        let Some(first) = attempt.previous().first().cloned() else {
            return attempt.follow();
        };
        if attempt.previous().len() > MAX_REDIRECTS {
            return attempt.error(format!("more than {MAX_REDIRECTS} redirects"));
        }
        if same_server(&first, attempt.url()) {
            return attempt.follow();
        }
        let refused = ForeignRedirect {
            from: origin_of(&first),
            to: origin_of(attempt.url()),
        };
        attempt.error(refused)
    })
}

/// The refused redirect behind a request error, if that is what stopped it.
pub fn foreign_redirect(error: &(dyn std::error::Error + 'static)) -> Option<ForeignRedirect> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = source {
        if let Some(refused) = error.downcast_ref::<ForeignRedirect>() {
            return Some(refused.clone());
        }
        source = error.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn the_same_origin_is_the_same_server() {
        let configured = url("https://mesh.example.com/");
        assert!(same_server(
            &configured,
            &url("https://mesh.example.com:443/api/dataproducts?p=2")
        ));
        assert!(same_server(
            &configured,
            &url("https://MESH.example.com/api")
        ));
    }

    #[test]
    fn another_port_host_or_a_downgrade_is_another_server() {
        let configured = url("https://mesh.example.com/");
        for other in [
            "https://mesh.example.com:8443/api",
            "https://evil.example.com/api",
            "http://mesh.example.com/api",
            "https://mesh.example.com.evil.net/api",
        ] {
            assert!(!same_server(&configured, &url(other)), "{other}");
        }
        let local = url("http://127.0.0.1:8080/");
        assert!(!same_server(&local, &url("http://127.0.0.1:8081/api")));
        assert!(!same_server(&local, &url("http://localhost:8080/api")));
    }

    #[test]
    fn http_may_be_upgraded_to_https_on_the_same_host() {
        assert!(same_server(
            &url("http://mesh.example.com/"),
            &url("https://mesh.example.com/api")
        ));
        assert!(same_server(
            &url("http://mesh.example.com:8080/"),
            &url("https://mesh.example.com:8080/api")
        ));
        assert!(!same_server(
            &url("http://mesh.example.com:8080/"),
            &url("https://mesh.example.com/api")
        ));
    }

    #[test]
    fn origins_are_written_with_their_port() {
        assert_eq!(
            origin_of(&url("https://mesh.example.com/api")),
            "https://mesh.example.com:443"
        );
        assert_eq!(
            origin_of(&url("http://127.0.0.1:9000/x?y")),
            "http://127.0.0.1:9000"
        );
    }
}
