//! Any bytes as a response: the first two bytes are the status, then header lines
//! `name: value` up to a blank line, then the body. Every enum must keep the status
//! and the body, and answer every accessor and the retry policy without panicking.
//!
//! `cargo +nightly fuzz run --fuzz-dir tests/fuzz from_parts`

#![no_main]

use http_api_error::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use http_api_error::investsuite::InvestSuiteError;
use http_api_error::retry::RetryPolicy;
use http_api_error::smartsuite::SmartSuiteError;
use http_api_error::{ApiError, Context};
use libfuzzer_sys::fuzz_target;

/// Every rule declared, so that every reader runs.
#[derive(Debug, ApiError)]
#[api(
    code_header = "x-error-code",
    should_retry_headers("vendor-should-retry"),
    message = "/fault/text",
    code = "/fault/id",
    field_errors = "/fault/fields",
    request_id = "/meta/id",
    rate_limit(remaining = "x-left", reset = "x-epoch", format = epoch_seconds),
    rate_limit(reset = "x-after", format = delta_seconds),
    rate_limit(reset = "x-duration", format = duration),
    rate_limit(reset = "x-rfc3339", format = rfc3339),
    rate_limit(reset = "x-date", format = http_date)
)]
enum Everything {
    #[status(400, code = "Throttled", retry = backoff)]
    Throttled(#[context] Context),
    #[status(400)]
    BadRequest(#[body] Option<serde_json::Value>, #[context] Context),
    #[status(403, retry = when_asked)]
    Forbidden(#[context] Context),
    #[status(500..=599, escalate)]
    Server(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn exercise<E: ApiError>(status: StatusCode, headers: &HeaderMap, body: &[u8]) {
    let error = E::from_parts(status, headers, body);
    assert_eq!(error.status(), status);
    if let Some(context) = error.context() {
        assert_eq!(context.raw_body(), body);
    }
    let _ = (
        error.advice(),
        error.retry_after(),
        error.escalate(),
        error.class(),
    );
    let _ = (
        error.message(),
        error.code(),
        error.field_errors(),
        error.request_id(),
    );
    let _ =
        RetryPolicy::new().decide_with(&error, u32::from(body.first().copied().unwrap_or(1)), 0.5);
}

fuzz_target!(|data: &[u8]| {
    let Some((status, rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    let Ok(status) = StatusCode::from_u16(100 + u16::from_be_bytes(*status) % 900) else {
        return;
    };
    let split = rest
        .windows(2)
        .position(|w| w == b"\n\n")
        .unwrap_or(rest.len());
    let (head, body) = (&rest[..split], rest.get(split + 2..).unwrap_or_default());
    let mut headers = HeaderMap::new();
    for line in head.split(|b| *b == b'\n') {
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            continue;
        };
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(&line[..colon]),
            HeaderValue::from_bytes(line[colon + 1..].trim_ascii()),
        ) {
            headers.append(name, value);
        }
    }
    exercise::<SmartSuiteError>(status, &headers, body);
    exercise::<InvestSuiteError>(status, &headers, body);
    exercise::<Everything>(status, &headers, body);
});
