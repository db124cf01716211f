//! When to retry a request and how long to wait first: only idempotent
//! requests; 429 and 503 wait what `Retry-After` says (capped), other
//! transient failures (other 5xx, timeouts, dropped connections) wait a
//! jittered exponential backoff ("full jitter": a random time up to the
//! exponential bound, so clients that failed together do not retry
//! together).

use std::time::Duration;

use chrono::{DateTime, Utc};
use rand::Rng;
use reqwest::{Method, StatusCode};

/// Exponential backoff bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub base: Duration,
    pub cap: Duration,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff {
            base: Duration::from_millis(250),
            cap: Duration::from_secs(30),
        }
    }
}

impl Backoff {
    /// The bound before retry number `attempt` (0 for the first retry):
    /// `base × 2^attempt`, at most `cap`.
    pub fn bound(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.min(20)).unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.cap)
    }

    /// A random wait in `0..=bound(attempt)`.
    pub fn delay(&self, attempt: u32, rng: &mut impl Rng) -> Duration {
        let bound = self.bound(attempt).as_millis() as u64;
        Duration::from_millis(rng.random_range(0..=bound))
    }
}

/// `Retry-After` as delay-seconds or an HTTP date, from `now`; a date in
/// the past is no wait.
pub fn retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    Some((when - now).to_std().unwrap_or(Duration::ZERO))
}

fn idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    )
}

/// How long to wait before retry number `attempt` of a request that got
/// `status` (None: a network error or timeout), or None when it must not be
/// retried: not idempotent, not transient, or out of retries. `retry_after`
/// is the response's header, already read; it counts on 429 and 503 only,
/// capped at the backoff's cap.
pub fn retry_delay(
    method: &Method,
    status: Option<StatusCode>,
    retry_after: Option<Duration>,
    attempt: u32,
    retries: u32,
    backoff: &Backoff,
    rng: &mut impl Rng,
) -> Option<Duration> {
    if attempt >= retries || !idempotent(method) {
        return None;
    }
    match status {
        Some(StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE) => Some(
            retry_after
                .map(|wait| wait.min(backoff.cap))
                .unwrap_or_else(|| backoff.delay(attempt, rng)),
        ),
        Some(s) if s.is_server_error() => Some(backoff.delay(attempt, rng)),
        Some(_) => None,
        None => Some(backoff.delay(attempt, rng)),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;

    fn rng() -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(7)
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now: DateTime<Utc> = "2026-11-25T12:00:00Z".parse().unwrap();
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Wed, 25 Nov 2026 12:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            retry_after("Wed, 25 Nov 2026 11:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon", now), None);
        assert_eq!(retry_after("-5", now), None);
    }

    #[test]
    fn only_idempotent_requests_with_transient_failures_are_retried() {
        let b = Backoff::default();
        let wait = Some(Duration::from_secs(7));
        let delay = |method: Method, status: Option<u16>, attempt| {
            retry_delay(
                &method,
                status.map(|s| StatusCode::from_u16(s).unwrap()),
                wait,
                attempt,
                3,
                &b,
                &mut rng(),
            )
        };
        assert_eq!(delay(Method::GET, Some(429), 0), wait);
        assert_eq!(delay(Method::PUT, Some(503), 2), wait);
        assert_eq!(
            delay(Method::POST, Some(503), 0),
            None,
            "POST is not idempotent"
        );
        assert_eq!(delay(Method::GET, Some(503), 3), None, "out of retries");
        assert_eq!(delay(Method::GET, Some(401), 0), None);
        assert_eq!(delay(Method::GET, Some(404), 0), None);
        assert!(delay(Method::GET, Some(500), 1).unwrap() <= b.bound(1));
        assert!(delay(Method::GET, None, 0).unwrap() <= b.bound(0));
        // A server asking for an hour gets the cap.
        let hour = retry_delay(
            &Method::GET,
            Some(StatusCode::TOO_MANY_REQUESTS),
            Some(Duration::from_secs(3600)),
            0,
            3,
            &b,
            &mut rng(),
        );
        assert_eq!(hour, Some(b.cap));
    }

    #[test]
    fn the_bound_doubles_up_to_the_cap() {
        let b = Backoff::default();
        assert_eq!(b.bound(0), Duration::from_millis(250));
        assert_eq!(b.bound(3), Duration::from_secs(2));
        assert_eq!(b.bound(10), Duration::from_secs(30));
        assert_eq!(b.bound(u32::MAX), Duration::from_secs(30));
    }

    proptest! {
        #[test]
        fn a_jittered_delay_stays_within_its_bound(attempt in 0u32..64, seed in any::<u64>()) {
            let b = Backoff::default();
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            prop_assert!(b.delay(attempt, &mut rng) <= b.bound(attempt));
        }
    }
}
