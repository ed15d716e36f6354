//! Retry advice: the default table, what the attribute writes, and `escalate`.

use http::{HeaderMap, StatusCode};
use http_api_error::{ApiError, Context, Retry};

#[derive(Debug, ApiError)]
enum Advice {
    #[status(400)]
    BadRequest,
    #[status(408)]
    Timeout(#[context] Context),
    #[status(409, retry = true)]
    Conflict,
    #[status(422, retry = backoff)]
    Unprocessable,
    #[status(429, retry = false)]
    NoRetryThrottle,
    #[status(500, escalate)]
    Internal,
    #[status(501..=599, escalate)]
    Server(#[context] Context),
    #[status(other, retry = backoff)]
    Unexpected(#[context] Context),
}

#[derive(Debug, ApiError)]
enum Defaults {
    #[status(400..=599)]
    Any(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn advice<E: ApiError>(code: u16) -> E {
    E::from_parts(
        StatusCode::from_u16(code).expect("status"),
        &HeaderMap::new(),
        b"",
    )
}

#[test]
fn default_table_backs_off_408_429_502_503_504_and_never_retries_the_rest() {
    for code in 400..=599 {
        let expected = if [408, 429, 502, 503, 504].contains(&code) {
            Retry::Backoff
        } else {
            Retry::Never
        };
        let error: Defaults = advice(code);
        assert_eq!(error.retry(), expected, "status {code}");
        assert_eq!(
            error.is_retryable(),
            expected != Retry::Never,
            "status {code}"
        );
        assert_eq!(Retry::default_for(error.status()), expected);
    }
}

#[test]
fn written_advice_overrides_the_default() {
    assert_eq!(advice::<Advice>(408).retry(), Retry::Backoff);
    assert_eq!(advice::<Advice>(409).retry(), Retry::Immediately);
    assert_eq!(advice::<Advice>(422).retry(), Retry::Backoff);
    assert_eq!(advice::<Advice>(429).retry(), Retry::Never);
    assert_eq!(advice::<Advice>(400).retry(), Retry::Never);
    assert!(advice::<Advice>(409).is_retryable());
}

#[test]
fn escalate_implies_never_and_is_reported() {
    for code in [500, 502, 503, 504, 599] {
        let error: Advice = advice(code);
        assert!(error.escalate(), "status {code}");
        assert_eq!(error.retry(), Retry::Never, "status {code}");
        assert!(!error.is_retryable(), "status {code}");
    }
    assert!(!advice::<Advice>(400).escalate());
}

#[test]
fn the_catch_all_advice_applies_to_error_statuses_only() {
    assert_eq!(advice::<Advice>(418).retry(), Retry::Backoff);
    for code in [100, 200, 204, 301, 304, 399, 600, 999] {
        let error: Advice = advice(code);
        assert!(matches!(error, Advice::Unexpected(_)), "status {code}");
        assert_eq!(error.retry(), Retry::Never, "status {code} is not an error");
        assert!(!error.is_retryable());
    }
}

#[test]
fn declarations_carry_the_written_advice() {
    let declared: Vec<(&str, Option<Retry>, bool)> = Advice::declarations()
        .iter()
        .map(|d| (d.variant, d.retry, d.escalate))
        .collect();
    assert_eq!(
        declared,
        vec![
            ("BadRequest", None, false),
            ("Timeout", None, false),
            ("Conflict", Some(Retry::Immediately), false),
            ("Unprocessable", Some(Retry::Backoff), false),
            ("NoRetryThrottle", Some(Retry::Never), false),
            ("Internal", Some(Retry::Never), true),
            ("Server", Some(Retry::Never), true),
            ("Unexpected", Some(Retry::Backoff), false),
        ]
    );
}
