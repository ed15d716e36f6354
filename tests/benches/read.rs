//! Run-time cost of the body conventions and of classification by error code.
//!
//! - `read`: `from_parts` and then `message()` + `field_errors()`, on the same bytes,
//!   three ways: through the conventions (an enum with no body type), through a
//!   typed body whose `ErrorBody` impl answers, and `from_parts` alone (what the
//!   lazy reading adds on top).
//! - `code`: `from_parts` on a 429 whose status has code variants (the body is read
//!   for its code), the same 429 through an enum without code variants, and a 401
//!   that has none.
//! - `gallery`: `from_parts` on every gallery response (`tests/fixtures/gallery/`)
//!   against its floor: a `match` on the status plus decoding the vendor's body type
//!   with `serde_json::from_slice`, keeping a copy of the bytes; and that floor with
//!   `Retry-After` and the request id kept as a hand-written client keeps them
//!   (`floor+headers`).

use std::borrow::Cow;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use http::{HeaderMap, StatusCode};
use http_api_error::body::{ErrorBody, FieldError};
use http_api_error::{ApiError, Context};
use http_api_error_tests::floor::{floor_headers, request_id_names};
use http_api_error_tests::gallery::anthropic::{AnthropicBody, AnthropicError};
use http_api_error_tests::gallery::aws::{AwsBody, AwsError};
use http_api_error_tests::gallery::azure::AzureError;
use http_api_error_tests::gallery::discord::DiscordError;
use http_api_error_tests::gallery::github::{GitHubBody, GitHubError};
use http_api_error_tests::gallery::google::{GoogleBody, GoogleError};
use http_api_error_tests::gallery::openai::{OpenAiBody, OpenAiError};
use http_api_error_tests::gallery::stripe::{StripeBody, StripeError};
use http_api_error_tests::{own_fixtures_dir, Fixture};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Deserialize;

/// Nothing declared: the conventions answer.
#[derive(Debug, ApiError)]
enum Conventions {
    #[status(other)]
    Any(#[context] Context),
}

/// The OpenAI / Stripe shape, typed, with its own `ErrorBody`.
#[derive(Debug, Deserialize)]
struct Typed {
    error: TypedDetail,
}

#[derive(Debug, Deserialize)]
struct TypedDetail {
    message: String,
    #[serde(default)]
    param: Option<String>,
}

impl ErrorBody for Typed {
    fn message(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Borrowed(&self.error.message))
    }

    fn field_errors(&self) -> Vec<FieldError> {
        self.error
            .param
            .iter()
            .map(|param| FieldError::new(param.as_str(), self.error.message.as_str()))
            .collect()
    }
}

#[derive(Debug, ApiError)]
enum TypedApi {
    #[status(other)]
    Any(#[body] Option<Typed>, #[context] Context),
}

/// OpenAI's statuses and body without its code variant: the code lookup's baseline.
#[derive(Debug, ApiError)]
enum OpenAiByStatus {
    #[status(401)]
    Authentication(#[body] Option<OpenAiBody>, #[context] Context),
    #[status(429)]
    RateLimited(#[body] Option<OpenAiBody>, #[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

const BODIES: &[(&str, &[u8])] = &[
    (
        "stripe-param",
        br#"{"error": {"code": "parameter_invalid_integer", "doc_url": "https://stripe.com/docs/error-codes/parameter-invalid-integer", "message": "Invalid integer: ten", "param": "amount", "type": "invalid_request_error"}}"#,
    ),
    (
        "openai-quota",
        br#"{"error": {"message": "You exceeded your current quota, please check your plan and billing details.", "type": "insufficient_quota", "param": null, "code": "insufficient_quota"}}"#,
    ),
];

fn read(c: &mut Criterion) {
    let mut group = c.benchmark_group("read");
    let headers = HeaderMap::new();
    for (name, body) in BODIES {
        group.bench_with_input(BenchmarkId::new("conventions", name), body, |b, body| {
            b.iter(|| {
                let error = Conventions::from_parts(StatusCode::BAD_REQUEST, &headers, body);
                black_box((error.message().map(Cow::into_owned), error.field_errors()))
            });
        });
        group.bench_with_input(
            BenchmarkId::new("typed_error_body", name),
            body,
            |b, body| {
                b.iter(|| {
                    let error = TypedApi::from_parts(StatusCode::BAD_REQUEST, &headers, body);
                    black_box((error.message().map(Cow::into_owned), error.field_errors()))
                });
            },
        );
        group.bench_with_input(
            BenchmarkId::new("from_parts_only", name),
            body,
            |b, body| {
                b.iter(|| {
                    black_box(Conventions::from_parts(
                        StatusCode::BAD_REQUEST,
                        &headers,
                        body,
                    ))
                });
            },
        );
    }
    group.finish();
}

fn code(c: &mut Criterion) {
    let mut group = c.benchmark_group("code");
    let headers = HeaderMap::new();
    let body = BODIES[1].1;
    group.bench_function("429_with_code_variants", |b| {
        b.iter(|| {
            black_box(OpenAiError::from_parts(
                StatusCode::TOO_MANY_REQUESTS,
                &headers,
                body,
            ))
        });
    });
    group.bench_function("429_by_status_only", |b| {
        b.iter(|| {
            black_box(OpenAiByStatus::from_parts(
                StatusCode::TOO_MANY_REQUESTS,
                &headers,
                body,
            ))
        });
    });
    group.bench_function("401_no_code_variants", |b| {
        b.iter(|| {
            black_box(OpenAiError::from_parts(
                StatusCode::UNAUTHORIZED,
                &headers,
                body,
            ))
        });
    });
    group.bench_function("401_by_status_only", |b| {
        b.iter(|| {
            black_box(OpenAiByStatus::from_parts(
                StatusCode::UNAUTHORIZED,
                &headers,
                body,
            ))
        });
    });
    group.finish();
}

/// The floor: the status, the body decoded into the vendor's type, the bytes kept.
fn floor<B: DeserializeOwned>(status: StatusCode, body: &[u8]) -> (u16, Option<B>, Vec<u8>) {
    let code = status.as_u16();
    let decoded = match code {
        400..=599 => serde_json::from_slice(body).ok(),
        _ => None,
    };
    (code, decoded, body.to_vec())
}

fn bench_pair<E: ApiError, B: DeserializeOwned>(c: &mut Criterion, name: &str, fixture: &Fixture) {
    let mut group = c.benchmark_group(format!("gallery/{name}"));
    let (status, headers, body) = (fixture.status, &fixture.headers, &fixture.body);
    group.bench_function("from_parts", |b| {
        b.iter(|| E::from_parts(black_box(status), black_box(headers), black_box(body)));
    });
    group.bench_function("floor", |b| {
        b.iter(|| floor::<B>(black_box(status), black_box(body)));
    });
    let names = request_id_names::<E>();
    group.bench_function("floor+headers", |b| {
        b.iter(|| {
            (
                floor::<B>(black_box(status), black_box(body)),
                floor_headers(black_box(headers), &names),
            )
        });
    });
    group.finish();
}

fn gallery(c: &mut Criterion) {
    let dir = own_fixtures_dir().join("gallery");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("gallery")
        .filter_map(Result::ok)
        .filter(|vendor| vendor.path().is_dir())
        .flat_map(|vendor| {
            std::fs::read_dir(vendor.path())
                .expect("vendor")
                .filter_map(Result::ok)
        })
        .map(|entry| entry.path())
        .collect();
    files.sort();
    for path in files {
        let fixture = Fixture::read(&path).expect("fixture");
        let name = path
            .strip_prefix(&dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        match name.split('/').next().unwrap_or_default() {
            "anthropic" => bench_pair::<AnthropicError, AnthropicBody>(c, &name, &fixture),
            "aws" => bench_pair::<AwsError, AwsBody>(c, &name, &fixture),
            "azure" => bench_pair::<AzureError, IgnoredAny>(c, &name, &fixture),
            "discord" => bench_pair::<DiscordError, IgnoredAny>(c, &name, &fixture),
            "github" => bench_pair::<GitHubError, GitHubBody>(c, &name, &fixture),
            "google" => bench_pair::<GoogleError, GoogleBody>(c, &name, &fixture),
            "openai" => bench_pair::<OpenAiError, OpenAiBody>(c, &name, &fixture),
            "stripe" => bench_pair::<StripeError, StripeBody>(c, &name, &fixture),
            _ => {}
        }
    }
}

criterion_group!(benches, read, code, gallery);
criterion_main!(benches);
