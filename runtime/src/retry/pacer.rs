//! Pacing from what responses say of the API's limit: a request to a limit known to
//! be spent waits for its reset instead of being sent into a 429. Every response
//! teaches it, successes included, so that a client learns the limit before it
//! hits it rather than by hitting it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use http::{HeaderMap, StatusCode};

use super::adaptive::Adaptive;
use crate::advice::Quota;
use crate::ApiError;

/// What a pacer knows of one partition's limit.
#[derive(Debug, Clone, Copy, Default)]
struct Window {
    /// A send rate learnt from throttling responses that said nothing of the limit.
    adaptive: Adaptive,
    /// Requests left before `reset_at`, less those let through since.
    remaining: Option<u64>,
    reset_at: Option<Instant>,
    /// A throttling response's delay: nothing is sent before it.
    blocked_until: Option<Instant>,
}

/// Paces requests by the rate-limit headers of the responses, per partition (the
/// request's host in the integrations), shared by every clone.
///
/// Before a request, [`Pacer::wait`] says how long to hold it: until a throttling
/// response's delay has passed, or, when the last response said no request is
/// left, until the window resets. Each request let through takes one of the
/// requests left, so that concurrent tasks do not all spend the last one. After a
/// response, [`Pacer::observe`] learns the limit from its headers: the IETF
/// `RateLimit` fields (every draft's shape) and the enum's declared
/// `rate_limit(...)` headers, successes included; a 429 or 503 with a delay blocks
/// the partition for that long. An API that throttles without saying anything of
/// its limit gets a send rate of its own: off until the first 429 without
/// rate-limit headers, then cut to 0.7 of what was being sent at each such
/// response and grown back along a cubic curve by successes (the AWS SDKs'
/// adaptive mode). No request is held longer than 30 s by that rate: past it,
/// requests wait 30 s without taking a turn.
///
/// ```
/// use std::time::{Duration, Instant};
/// use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
/// use http_api_error::retry::Pacer;
/// use http_api_error::{ApiError, Context};
///
/// #[derive(Debug, ApiError)]
/// enum Acme {
///     #[status(other)]
///     Any(#[context] Context),
/// }
///
/// let pacer = Pacer::new();
/// let now = Instant::now();
/// let mut headers = HeaderMap::new();
/// headers.insert("ratelimit", HeaderValue::from_static("\"default\";r=1;t=30"));
/// pacer.observe::<Acme>("api.example.com", StatusCode::OK, &headers, now);
/// // One request left: it goes; the next waits for the window's reset.
/// assert_eq!(pacer.wait("api.example.com", now), Duration::ZERO);
/// assert_eq!(pacer.wait("api.example.com", now), Duration::from_secs(30));
/// ```
#[derive(Clone, Default)]
pub struct Pacer {
    windows: Arc<Mutex<HashMap<String, Window>>>,
}

impl Pacer {
    /// A pacer that knows nothing yet.
    #[must_use]
    pub fn new() -> Self {
        Pacer::default()
    }

    /// How long a request to `partition` should wait at `now` before it is sent;
    /// the request takes one of the requests left, or its turn at the learnt rate.
    pub fn wait(&self, partition: &str, now: Instant) -> Duration {
        let mut windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        let window = windows.entry(partition.to_owned()).or_default();
        let paced = window.adaptive.wait(now);
        Self::window_wait(window, now).max(paced)
    }

    fn window_wait(window: &mut Window, now: Instant) -> Duration {
        if let Some(until) = window.blocked_until {
            if until > now {
                return until - now;
            }
            window.blocked_until = None;
        }
        match (window.remaining, window.reset_at) {
            // The window has reset since: what is left is unknown until a response says.
            (_, Some(reset_at)) if reset_at <= now => {
                window.remaining = None;
                window.reset_at = None;
                Duration::ZERO
            }
            (Some(0), Some(reset_at)) => reset_at - now,
            (Some(left), _) => {
                window.remaining = Some(left.saturating_sub(1));
                Duration::ZERO
            }
            (None, _) => Duration::ZERO,
        }
    }

    /// Learns from a response to `partition` received at `now`: its rate-limit
    /// headers as `E` declares them and as the IETF fields give them, and, on a
    /// 429 or 503, the delay it asks for.
    pub fn observe<E: ApiError>(
        &self,
        partition: &str,
        status: StatusCode,
        headers: &HeaderMap,
        now: Instant,
    ) {
        self.observe_error(partition, &E::from_parts(status, headers, b""), now);
    }

    /// [`Pacer::observe`] for a response already made into an error.
    pub fn observe_error<E: ApiError>(&self, partition: &str, error: &E, now: Instant) {
        let Some(context) = error.context() else {
            return;
        };
        let quota = crate::advice::quota(context, &E::RULES);
        let status = context.status();
        let throttling = matches!(status.as_u16(), 429 | 503);
        // The delay alone: the rest of the advice is not needed here.
        let throttled = throttling.then(|| error.retry_after()).flatten();
        let mut windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        let window = windows.entry(partition.to_owned()).or_default();
        // A limit the response says nothing of is learnt from 429s and successes
        // (a 503 is an outage more often than a limit: the budget answers those).
        if status == StatusCode::TOO_MANY_REQUESTS && quota.remaining.is_none() {
            window.adaptive.throttled(now);
        } else if status.is_success() {
            window.adaptive.succeeded(now);
        }
        Self::learn(window, quota, throttled, now);
    }

    fn learn(window: &mut Window, quota: Quota, throttled: Option<Duration>, now: Instant) {
        if let Some(remaining) = quota.remaining {
            window.remaining = Some(remaining);
            window.reset_at = quota.reset.and_then(|reset| now.checked_add(reset));
        }
        if let Some(delay) = throttled {
            let until = now.checked_add(delay);
            window.blocked_until = window.blocked_until.max(until);
        }
    }
}

impl core::fmt::Debug for Pacer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let partitions = self
            .windows
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len();
        f.debug_struct("Pacer")
            .field("partitions", &partitions)
            .finish()
    }
}

impl PartialEq for Pacer {
    /// The same shared state.
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.windows, &other.windows)
    }
}
