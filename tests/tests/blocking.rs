//! The blocking retry loop (`run_blocking`, `run_sent_blocking`) decides as the
//! async one does: the idempotency table, the budget, the pacer, the give-up
//! reasons. Sleeps are recorded, never slept.

// The closures return the error enum itself, as users' do: its `Context` makes it
// larger than clippy's threshold for an `Err`.
#![allow(clippy::result_large_err)]

use std::time::Duration;

use http::{HeaderMap, HeaderValue, Method, StatusCode};
use http_api_error::retry::{Pacer, RetryBudget, RetryPolicy, SentRequest, Stop};
use http_api_error::{ApiError, Context};

#[derive(Debug, ApiError)]
enum Acme {
    #[status(500..=599, retry = backoff)]
    Server(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn error(status: u16, headers: &[(&'static str, &'static str)]) -> Acme {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        map.insert(*name, HeaderValue::from_static(value));
    }
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::IM_A_TEAPOT);
    Acme::from_parts(status, &map, b"")
}

fn policy() -> RetryPolicy {
    RetryPolicy::new()
        .max_attempts(4)
        .base_delay(Duration::from_millis(10))
        .jitter(false)
}

#[test]
fn a_post_stops_after_a_500_and_after_a_429_it_waits() {
    let post = SentRequest::new(Method::POST, "api");
    let mut slept = Vec::new();
    let failed = policy()
        .run_sent_blocking(&post, |_| Err::<(), _>(error(500, &[])), |w| slept.push(w))
        .expect_err("a POST is not sent again");
    assert_eq!((failed.reason, failed.attempts), (Stop::NotIdempotent, 1));
    assert!(slept.is_empty());

    let mut tries = 0;
    let result = policy().run_sent_blocking(
        &post,
        |_| {
            tries += 1;
            if tries == 1 {
                Err(error(429, &[("retry-after", "3")]))
            } else {
                Ok("done")
            }
        },
        |w| slept.push(w),
    );
    assert_eq!(result.expect("the second try"), "done");
    assert_eq!(slept, [Duration::from_secs(3)]);
}

#[test]
fn the_budget_stops_the_loop_and_says_why() {
    let policy = policy().budget(RetryBudget::new().capacity(5).retry_cost(5));
    let get = SentRequest::new(Method::GET, "api");
    let failed = policy
        .run_sent_blocking(&get, |_| Err::<(), _>(error(503, &[])), |_| {})
        .expect_err("gives up");
    assert_eq!((failed.reason, failed.attempts), (Stop::BudgetExhausted, 2));
    assert_eq!(failed.waited, [Duration::from_millis(10)]);
}

#[test]
fn the_pacer_learns_from_the_error_and_holds_the_next_try() {
    let policy = policy().pacer(Pacer::new());
    let get = SentRequest::new(Method::GET, "api");
    let mut slept = Vec::new();
    let result = policy.run_sent_blocking(
        &get,
        |attempt| {
            if attempt == 1 {
                // The limit is spent for 30 s.
                Err(error(503, &[("ratelimit", "\"default\";r=0;t=30")]))
            } else {
                Ok(attempt)
            }
        },
        |wait| slept.push(wait),
    );
    assert_eq!(result.map_err(|failed| failed.reason), Ok(2));
    // The decision's wait is the reset; the sleeps are recorded, not slept, so
    // the pacer, taught by the error, still holds the second try for about as
    // long (less the microseconds the test took).
    assert_eq!(slept.len(), 2, "{slept:?}");
    assert_eq!(slept[0], Duration::from_secs(30));
    assert!(slept[1] > Duration::from_secs(20), "{slept:?}");
}

#[test]
fn run_blocking_gives_up_when_the_attempts_are_spent() {
    let mut tries = 0;
    let failed = policy()
        .max_attempts(2)
        .base_delay(Duration::ZERO)
        .run_blocking(|_| {
            tries += 1;
            Err::<(), _>(error(502, &[]))
        })
        .expect_err("gives up");
    assert_eq!(
        (failed.reason, failed.attempts, tries),
        (Stop::AttemptsExhausted, 2, 2)
    );
}
