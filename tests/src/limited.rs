//! A vendor with a small rate limit, announced on every response: for the pacing
//! tests and the demo.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::any;
use axum::Router;

/// A server allowing `limit` requests per window of `window`, announcing what is
/// left in the IETF `RateLimit` field on every response, 429 with `Retry-After`
/// past the limit; and how many 429s it sent.
///
/// # Panics
///
/// When no loopback port can be bound.
pub async fn start(limit: u32, window: Duration) -> (String, Arc<Mutex<u32>>) {
    type Shared = (
        Arc<Mutex<(std::time::Instant, u32)>>,
        Arc<Mutex<u32>>,
        u32,
        Duration,
    );
    async fn answer(State((state, refused, limit, window)): State<Shared>) -> impl IntoResponse {
        let mut state = state.lock().expect("lock");
        let now = std::time::Instant::now();
        if now.duration_since(state.0) >= window {
            *state = (now, 0);
        }
        let left_ms = window
            .saturating_sub(now.duration_since(state.0))
            .as_millis();
        // Whole seconds, rounded up: a client never learns an earlier reset than the truth.
        let reset = left_ms.div_ceil(1000).to_string();
        if state.1 >= limit {
            *refused.lock().expect("lock") += 1;
            return (
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                [
                    ("ratelimit", format!("\"default\";r=0;t={reset}")),
                    ("retry-after", reset),
                ],
                "slow down",
            );
        }
        state.1 += 1;
        let left = limit - state.1;
        (
            axum::http::StatusCode::OK,
            [
                ("ratelimit", format!("\"default\";r={left};t={reset}")),
                ("x-unused", String::new()),
            ],
            "ok",
        )
    }
    let refused = Arc::new(Mutex::new(0));
    let state: Shared = (
        Arc::new(Mutex::new((std::time::Instant::now(), 0))),
        Arc::clone(&refused),
        limit,
        window,
    );
    let app = Router::new().route("/items", any(answer)).with_state(state);
    let base = crate::serve(app).await;
    (format!("{base}/items"), refused)
}
