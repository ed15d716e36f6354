//! A vendor with a small rate limit, announced on every response: for the pacing
//! tests, the demo and the simulation.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::any;
use axum::Router;
use http::{HeaderMap, HeaderValue, StatusCode};

/// A limit of `limit` requests per fixed window of `window_ms`, the windows counted
/// from 0.
#[derive(Debug, Clone)]
pub struct FixedWindow {
    limit: u32,
    window_ms: u64,
    /// The current window's number, and the requests it let through.
    current: u64,
    used: u32,
}

impl FixedWindow {
    /// A limit no request has spent yet.
    #[must_use]
    pub fn new(limit: u32, window: Duration) -> Self {
        FixedWindow {
            limit,
            window_ms: u64::try_from(window.as_millis()).unwrap_or(u64::MAX).max(1),
            current: 0,
            used: 0,
        }
    }

    /// The answer to a request at `now_ms`: 200, or 429 with `Retry-After` past
    /// the limit, with what is left announced as `announce` says. The reset is in
    /// whole seconds rounded up: a client never learns an earlier reset than the
    /// truth.
    pub fn answer(&mut self, now_ms: u64, announce: Announce) -> (StatusCode, HeaderMap) {
        let window = now_ms / self.window_ms;
        if window != self.current {
            (self.current, self.used) = (window, 0);
        }
        let reset = (self.window_ms - now_ms % self.window_ms).div_ceil(1000);
        let mut headers = HeaderMap::new();
        let (status, left) = if self.used < self.limit {
            self.used += 1;
            (StatusCode::OK, self.limit - self.used)
        } else {
            headers.insert("retry-after", HeaderValue::from(reset));
            (StatusCode::TOO_MANY_REQUESTS, 0)
        };
        match announce {
            Announce::Nothing => return (status, HeaderMap::new()),
            Announce::Ietf => {
                if let Ok(value) = HeaderValue::from_str(&format!("\"default\";r={left};t={reset}"))
                {
                    headers.insert("ratelimit", value);
                }
            }
            Announce::GitHub { wall_clock } => {
                // An epoch in whole seconds, rounded up as a server's clock would
                // have it: never before the window's true end.
                let now = wall_clock.duration_since(UNIX_EPOCH).map_or(0, |since| {
                    since.as_secs() + u64::from(since.subsec_nanos() > 0)
                });
                headers.insert("x-ratelimit-limit", HeaderValue::from(self.limit));
                headers.insert("x-ratelimit-remaining", HeaderValue::from(left));
                headers.insert("x-ratelimit-used", HeaderValue::from(self.limit - left));
                headers.insert("x-ratelimit-reset", HeaderValue::from(now + reset));
            }
        }
        (status, headers)
    }
}

/// How a [`FixedWindow`] says what is left.
#[derive(Debug, Clone, Copy)]
pub enum Announce {
    /// Nowhere: a 429 without `Retry-After` or any rate-limit field.
    Nothing,
    /// The IETF `RateLimit` field, its reset a delta in seconds.
    Ietf,
    /// GitHub's `x-ratelimit-limit`, `-remaining`, `-used` and `-reset`, the
    /// reset an epoch in seconds counted from `wall_clock`, the server's "now".
    GitHub {
        /// The server's clock at the answer.
        wall_clock: SystemTime,
    },
}

/// A server allowing `limit` requests per window of `window` ([`FixedWindow`],
/// announced), and how many 429s it sent.
///
/// # Panics
///
/// When no loopback port can be bound.
pub async fn start(limit: u32, window: Duration) -> (String, Arc<Mutex<u32>>) {
    type Shared = (Arc<Mutex<FixedWindow>>, Arc<Mutex<u32>>, Instant);
    async fn answer(State((limit, refused, started)): State<Shared>) -> impl IntoResponse {
        let now_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let (status, headers) = limit.lock().expect("lock").answer(now_ms, Announce::Ietf);
        if status == StatusCode::TOO_MANY_REQUESTS {
            *refused.lock().expect("lock") += 1;
        }
        (status, headers, "ok")
    }
    let refused = Arc::new(Mutex::new(0));
    let state: Shared = (
        Arc::new(Mutex::new(FixedWindow::new(limit, window))),
        Arc::clone(&refused),
        Instant::now(),
    );
    let app = Router::new().route("/items", any(answer)).with_state(state);
    let base = crate::serve(app).await;
    (format!("{base}/items"), refused)
}
