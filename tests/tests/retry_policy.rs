//! The retry policy's decisions, with the jitter draw fixed: advice, `Retry-After`
//! as a floor, caps, and no overflow anywhere.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, StatusCode};
use http_api_error::retry::{Decision, RetryPolicy, Stop};
use http_api_error::{ApiError, Context, RetryAfter};

#[derive(Debug, ApiError)]
enum Api {
    #[status(404)]
    NotFound(#[context] Context),
    #[status(502, retry = true)]
    BadGateway(#[context] Context),
    #[status(503, retry = backoff)]
    Unavailable(#[context] Context),
    #[status(500, escalate)]
    Internal(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn error(code: u16, retry_after: Option<&str>) -> Api {
    let mut headers = HeaderMap::new();
    if let Some(value) = retry_after {
        headers.insert("retry-after", value.parse().expect("header value"));
    }
    Api::from_parts(StatusCode::from_u16(code).expect("status"), &headers, b"")
}

fn policy() -> RetryPolicy {
    RetryPolicy::new()
        .max_attempts(5)
        .base_delay(Duration::from_millis(100))
        .multiplier(2.0)
        .max_delay(Duration::from_secs(10))
        .immediate_delay(Duration::from_millis(50))
}

#[test]
fn never_and_escalate_give_up_at_once() {
    assert_eq!(
        policy().decide_with(&error(404, None), 1, 0.5),
        Decision::Stop(Stop::NotRetryable)
    );
    assert_eq!(
        policy().decide_with(&error(500, None), 1, 0.5),
        Decision::Stop(Stop::Escalate)
    );
    assert_eq!(
        policy().decide_with(&error(200, Some("1")), 1, 0.5),
        Decision::Stop(Stop::NotRetryable)
    );
}

#[test]
fn backoff_is_full_jitter_below_a_growing_capped_ceiling() {
    let p = policy();
    assert_eq!(
        p.decide_with(&error(503, None), 1, 0.5),
        Decision::Wait(Duration::from_millis(50))
    );
    assert_eq!(
        p.decide_with(&error(503, None), 3, 1.0),
        Decision::Wait(Duration::from_millis(400))
    );
    assert_eq!(
        p.decide_with(&error(503, None), 3, 0.0),
        Decision::Wait(Duration::ZERO)
    );
    assert_eq!(
        p.backoff_ceiling(8),
        Duration::from_secs(10),
        "capped at max_delay"
    );
    let no_jitter = p.clone().jitter(false);
    assert_eq!(
        no_jitter.decide_with(&error(503, None), 2, 0.1),
        Decision::Wait(Duration::from_millis(200))
    );
}

#[test]
fn immediately_is_a_short_fixed_pause() {
    for attempt in 1..5 {
        assert_eq!(
            policy().decide_with(&error(502, None), attempt, 0.9),
            Decision::Wait(Duration::from_millis(50))
        );
    }
}

#[test]
fn retry_after_is_a_floor() {
    assert_eq!(
        policy().decide_with(&error(503, Some("3")), 1, 0.5),
        Decision::Wait(Duration::from_secs(3))
    );
    assert_eq!(
        policy().decide_with(&error(502, Some("2")), 1, 0.5),
        Decision::Wait(Duration::from_secs(2))
    );
    assert_eq!(
        policy().decide_with(&error(503, Some("0")), 1, 1.0),
        Decision::Wait(Duration::from_millis(100))
    );
    let past = "Sun, 06 Nov 1994 08:49:37 GMT";
    assert_eq!(
        policy().decide_with(&error(503, Some(past)), 1, 1.0),
        Decision::Wait(Duration::from_millis(100))
    );
}

#[test]
fn a_retry_after_beyond_max_delay_gives_up() {
    assert_eq!(
        policy().decide_with(&error(503, Some("11")), 1, 0.5),
        Decision::Stop(Stop::RetryAfterTooLong(Duration::from_secs(11)))
    );
    let huge = error(503, Some("99999999999999999999999"));
    assert_eq!(
        policy().decide_with(&huge, 1, 0.5),
        Decision::Stop(Stop::RetryAfterTooLong(http_api_error::MAX_DELAY))
    );
    let far = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(86_400 * 365 * 100));
    assert!(matches!(
        policy().decide_with(&error(503, Some(&far)), 1, 0.5),
        Decision::Stop(Stop::RetryAfterTooLong(_))
    ));
}

#[test]
fn attempts_are_counted_and_spent() {
    let p = policy();
    assert!(matches!(
        p.decide_with(&error(503, None), 4, 0.5),
        Decision::Wait(_)
    ));
    assert_eq!(
        p.decide_with(&error(503, None), 5, 0.5),
        Decision::Stop(Stop::AttemptsExhausted)
    );
    assert_eq!(
        p.clone()
            .max_attempts(0)
            .decide_with(&error(503, None), 1, 0.5),
        Decision::Stop(Stop::AttemptsExhausted)
    );
}

#[test]
fn nothing_overflows_or_panics_on_extreme_settings() {
    let extreme = RetryPolicy::new()
        .max_attempts(u32::MAX)
        .base_delay(Duration::MAX)
        .multiplier(f64::MAX)
        .max_delay(Duration::MAX)
        .immediate_delay(Duration::MAX);
    for attempt in [0, 1, 2, 64, 1 << 20, u32::MAX - 1, u32::MAX] {
        for unit in [0.0, 0.5, 1.0, f64::NAN, f64::INFINITY, -1.0] {
            let _ = extreme.decide_with(&error(503, Some("18446744073709551615")), attempt, unit);
            let _ = extreme.decide_with(&error(502, None), attempt, unit);
            let _ = policy().decide_with(&error(503, None), attempt, unit);
            let _ = RetryPolicy::new()
                .multiplier(f64::NAN)
                .base_delay(Duration::ZERO)
                .decide_with(&error(503, None), attempt, unit);
        }
        assert!(extreme.backoff_ceiling(attempt) <= Duration::MAX);
    }
    let far = Context::new(StatusCode::SERVICE_UNAVAILABLE)
        .with_retry_after(RetryAfter::At(SystemTime::UNIX_EPOCH));
    let error = Api::Unavailable(far);
    assert_eq!(
        policy().decide_with(&error, 1, 1.0),
        Decision::Wait(Duration::from_millis(100))
    );
}

#[test]
fn a_nan_draw_counts_as_the_ceiling() {
    assert_eq!(
        policy().decide_with(&error(503, None), 2, f64::NAN),
        Decision::Wait(Duration::from_millis(200))
    );
}
