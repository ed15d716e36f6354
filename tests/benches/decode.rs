//! Run-time cost of turning a failed response into an error, for every fixture:
//! the derive's `from_parts`; the floor (a hand-written `match` on the status plus
//! `serde_json::from_slice` into the same body type, keeping the bytes); the floor
//! with `Retry-After` and the request id kept as a hand-written client keeps them
//! (`floor+headers`, [`floor_headers`]); and the
//! common alternative (an openapi-generator-style `#[serde(untagged)]` enum over
//! the vendor's body shapes, decoded without looking at the status). Then
//! status-only classification against a hand-written `match`.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use http::StatusCode;
use http_api_error::investsuite::InvestSuiteError;
use http_api_error::smartsuite::SmartSuiteError;
use http_api_error::ApiError;
use http_api_error_tests::floor::{
    classified_errors, floor_headers, hand_class, hand_retry, investsuite_floor, request_id_names,
    smartsuite_floor,
};
use http_api_error_tests::{cases, Fixture};
use serde::Deserialize;

/// openapi-generator's shape: one model per documented body, strict required fields,
/// tried in order by `#[serde(untagged)]`, with `Value` last.
mod untagged {
    use super::{BTreeMap, Deserialize};

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Detail {
        pub detail: String,
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    #[allow(dead_code)]
    pub enum Messages {
        One(String),
        Many(Vec<String>),
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    #[allow(dead_code)]
    pub enum SmartSuiteBody {
        Detail(Detail),
        FieldErrors(BTreeMap<String, Messages>),
        UnknownValue(serde_json::Value),
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Loc {
        #[allow(clippy::struct_field_names)]
        pub loc: Vec<serde_json::Value>,
        pub msg: String,
        #[serde(rename = "type")]
        pub kind: String,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct HttpValidationError {
        pub title: String,
        pub detail: Vec<Loc>,
        pub status: u16,
        pub body: Option<serde_json::Value>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct DescribedError {
        pub title: String,
        pub description: String,
        pub request_id: String,
        pub timestamp: String,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct BusinessError {
        pub title: String,
        pub detail: String,
        pub status: u16,
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    #[allow(dead_code)]
    pub enum InvestSuiteBody {
        Validation(HttpValidationError),
        Described(DescribedError),
        Business(BusinessError),
        UnknownValue(serde_json::Value),
    }
}

fn untagged_decode<T: serde::de::DeserializeOwned>(
    status: StatusCode,
    body: &[u8],
) -> (u16, Option<T>, Vec<u8>) {
    (
        status.as_u16(),
        serde_json::from_slice(body).ok(),
        body.to_vec(),
    )
}

fn decode_fixtures(c: &mut Criterion) {
    let cases = cases().expect("cases.json");
    for case in &cases {
        let fixture = Fixture::load(&case.file).expect("fixture");
        let (status, headers, body) = (
            fixture.status,
            fixture.headers.clone(),
            fixture.body.clone(),
        );
        let mut group = c.benchmark_group(format!("decode/{}", case.file));
        if case.file.starts_with("smartsuite/") {
            let names = request_id_names::<SmartSuiteError>();
            group.bench_function("from_parts", |b| {
                b.iter(|| {
                    SmartSuiteError::from_parts(
                        black_box(status),
                        black_box(&headers),
                        black_box(&body),
                    )
                });
            });
            group.bench_function("floor", |b| {
                b.iter(|| smartsuite_floor(black_box(status), black_box(&body)));
            });
            group.bench_function("floor+headers", |b| {
                b.iter(|| {
                    (
                        smartsuite_floor(black_box(status), black_box(&body)),
                        floor_headers(black_box(&headers), &names),
                    )
                });
            });
            group.bench_function("untagged", |b| {
                b.iter(|| {
                    untagged_decode::<untagged::SmartSuiteBody>(black_box(status), black_box(&body))
                });
            });
        } else {
            let names = request_id_names::<InvestSuiteError>();
            group.bench_function("from_parts", |b| {
                b.iter(|| {
                    InvestSuiteError::from_parts(
                        black_box(status),
                        black_box(&headers),
                        black_box(&body),
                    )
                });
            });
            group.bench_function("floor", |b| {
                b.iter(|| investsuite_floor(black_box(status), black_box(&body)));
            });
            group.bench_function("floor+headers", |b| {
                b.iter(|| {
                    (
                        investsuite_floor(black_box(status), black_box(&body)),
                        floor_headers(black_box(&headers), &names),
                    )
                });
            });
            group.bench_function("untagged", |b| {
                b.iter(|| {
                    untagged_decode::<untagged::InvestSuiteBody>(
                        black_box(status),
                        black_box(&body),
                    )
                });
            });
        }
        group.finish();
    }
}

fn classification(c: &mut Criterion) {
    let errors = classified_errors();
    let mut group = c.benchmark_group("classify");
    group.bench_with_input(
        BenchmarkId::new("derived", errors.len()),
        &errors,
        |b, errors| {
            b.iter(|| {
                for error in black_box(errors) {
                    black_box((error.retry(), error.class()));
                }
            });
        },
    );
    group.bench_with_input(
        BenchmarkId::new("hand_match", errors.len()),
        &errors,
        |b, errors| {
            b.iter(|| {
                for error in black_box(errors) {
                    let status = error.status();
                    black_box((hand_retry(status), hand_class(status)));
                }
            });
        },
    );
    group.finish();
}

criterion_group!(benches, decode_fixtures, classification);
criterion_main!(benches);
