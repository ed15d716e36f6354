//! Runs one fixture through `from_parts` (or the floor) many times, for a profiler:
//!
//! ```text
//! cargo build --release -p http-api-error-tests --example profile
//! valgrind --tool=callgrind target/release/examples/profile smartsuite/429-undocumented.http 10000
//! valgrind --tool=callgrind target/release/examples/profile smartsuite/429-undocumented.http 10000 floor
//! ```
//!
//! `... 10000 classify` runs `retry()` and `class()` on the classification bench's
//! 20 statuses (the fixture is not read), and `... 10000 classify-floor` the hand
//! `match` they are measured against; `... 10000 floor-headers` the floor's reading
//! of `Retry-After` and the request id alone. `... 10000 code` runs `Reading::of` on
//! the fixture's body alone, and `... 10000 code-value` a whole `serde_json::Value`
//! parse of it, for comparison.
//! With `HTTP_API_ERROR_FIXTURES=tests/fixtures/gallery`, an `openai/`, `stripe/` or
//! `aws/` fixture runs through that gallery enum's `from_parts`.
//! Instructions per call are the total over the count, less a run with count 0.
//! The floor is `benches/decode.rs`'s (`tests/src/floor.rs`).

use std::hint::black_box;

use http_api_error::body::{Pointers, Reading};
use http_api_error::investsuite::InvestSuiteError;
use http_api_error::smartsuite::SmartSuiteError;
use http_api_error::ApiError;
use http_api_error_tests::floor::{
    classified_errors, floor_headers, hand_class, hand_retry, investsuite_floor, request_id_names,
    smartsuite_floor,
};
use http_api_error_tests::gallery::{aws::AwsError, openai::OpenAiError, stripe::StripeError};
use http_api_error_tests::Fixture;

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let file = args
        .next()
        .ok_or("usage: profile <vendor/file.http> <count> [floor | floor-headers | classify | classify-floor | code | code-value]")?;
    let count: u64 = args
        .next()
        .ok_or("a count")?
        .parse()
        .map_err(|e| format!("count: {e}"))?;
    let mode = args.next();
    let floor = mode.as_deref() == Some("floor");
    if mode.as_deref() == Some("floor-headers") {
        let headers = Fixture::load(&file)?.headers;
        let names = if file.starts_with("smartsuite") {
            request_id_names::<SmartSuiteError>()
        } else {
            request_id_names::<InvestSuiteError>()
        };
        for _ in 0..count {
            black_box(floor_headers(black_box(&headers), &names));
        }
        return Ok(());
    }
    if mode.as_deref() == Some("classify") || mode.as_deref() == Some("classify-floor") {
        let errors = classified_errors();
        let hand = mode.as_deref() == Some("classify-floor");
        for _ in 0..count {
            for error in black_box(&errors) {
                if hand {
                    let status = error.status();
                    black_box((hand_retry(status), hand_class(status)));
                } else {
                    black_box((error.retry(), error.class()));
                }
            }
        }
        return Ok(());
    }
    let fixture = Fixture::load(&file)?;
    let (status, headers, body) = (fixture.status, &fixture.headers, &fixture.body[..]);
    if mode.as_deref() == Some("code") || mode.as_deref() == Some("code-value") {
        let value = mode.as_deref() == Some("code-value");
        for _ in 0..count {
            if value {
                black_box(serde_json::from_slice::<serde_json::Value>(black_box(body)).ok());
            } else {
                black_box(Reading::of(
                    black_box(body),
                    status.as_u16(),
                    &Pointers::NONE,
                ));
            }
        }
        return Ok(());
    }
    for _ in 0..count {
        if floor && file.starts_with("smartsuite") {
            black_box(smartsuite_floor(status, black_box(body)));
        } else if floor {
            black_box(investsuite_floor(status, black_box(body)));
        } else if file.starts_with("openai/") {
            black_box(OpenAiError::from_parts(
                status,
                black_box(headers),
                black_box(body),
            ));
        } else if file.starts_with("stripe/") {
            black_box(StripeError::from_parts(
                status,
                black_box(headers),
                black_box(body),
            ));
        } else if file.starts_with("aws/") {
            black_box(AwsError::from_parts(
                status,
                black_box(headers),
                black_box(body),
            ));
        } else if file.starts_with("smartsuite") {
            black_box(SmartSuiteError::from_parts(
                status,
                black_box(headers),
                black_box(body),
            ));
        } else {
            black_box(InvestSuiteError::from_parts(
                status,
                black_box(headers),
                black_box(body),
            ));
        }
    }
    Ok(())
}
