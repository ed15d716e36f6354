//! The path a user's program runs on one failed response, timed on every fixture
//! (the seed vendors', the captured servers', the gallery's) against a hand-written
//! client doing the same with serde, in the same run; then 1 MiB bodies against
//! serde_json parsing them to a `Value`. Prints markdown tables (BENCHMARKS.md).
//!
//! ```text
//! cargo run --release -p http-api-error-tests --example whole_path
//! ```
//!
//! - derive: `from_parts`, `advice()`, `message()`, `field_errors()` and
//!   `to_string()` on the enum the fixture belongs to.
//! - hand: `serde_json::from_slice` into a struct of the members it reads (the rest
//!   skipped), `Retry-After` and the request id from the headers, the bytes kept,
//!   and the message formatted; no field errors, no other header.
//!
//! `whole_path <fixture> <calls> [hand]` runs one path alone, for a profiler.
//!
//! Each figure is the median over rounds of the time per call; rounds of the two
//! alternate, so that a drift of the machine's speed reaches both.

#![allow(
    clippy::cast_precision_loss,
    clippy::semicolon_if_nothing_returned,
    clippy::type_complexity
)] // a timing harness: nanoseconds as f64; closures as statements

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use http::header::RETRY_AFTER;
use http::{HeaderMap, HeaderName, StatusCode};
use http_api_error::investsuite::InvestSuiteError;
use http_api_error::smartsuite::SmartSuiteError;
use http_api_error::{ApiError, Context};
use http_api_error_tests::gallery::{
    anthropic::AnthropicError, aws::AwsError, azure::AzureError, discord::DiscordError,
    github::GitHubError, google::GoogleError, openai::OpenAiError, stripe::StripeError,
};
use http_api_error_tests::{fixtures_dir, own_fixtures_dir, Fixture};
use serde::Deserialize;
use serde_json::Value;

/// Nothing declared, as a user of an undocumented API writes it.
#[derive(Debug, ApiError)]
#[api(display)]
enum AnyApi {
    #[status(other)]
    Any(#[context] Context),
}

/// What a hand-written client decodes: the members it reads, loosely typed where
/// APIs vary.
#[derive(Deserialize)]
struct HandBody {
    #[serde(default)]
    message: Option<Value>,
    #[serde(default)]
    detail: Option<Value>,
    #[serde(default)]
    title: Option<Value>,
    #[serde(default)]
    error: Option<Value>,
    #[serde(default)]
    request_id: Option<Value>,
}

fn hand_message(body: &HandBody) -> Option<&str> {
    [&body.message, &body.detail, &body.title]
        .into_iter()
        .flatten()
        .find_map(Value::as_str)
        .or_else(|| {
            let error = body.error.as_ref()?;
            error.as_str().or_else(|| error.get("message")?.as_str())
        })
}

/// The hand-written client's whole path.
fn hand(status: StatusCode, headers: &HeaderMap, body: &[u8], id: &HeaderName) -> String {
    let decoded: Option<HandBody> = serde_json::from_slice(body).ok();
    let retry_after = headers
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok()?.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let request_id = headers
        .get(id)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
        .or_else(|| {
            decoded
                .as_ref()?
                .request_id
                .as_ref()?
                .as_str()
                .map(str::to_owned)
        });
    let kept = body.to_vec();
    let message = decoded.as_ref().and_then(hand_message).unwrap_or("");
    black_box((retry_after, request_id, kept));
    format!("API error {}: {message}", status.as_u16())
}

/// The derive's whole path.
fn derive<E: ApiError + std::fmt::Display>(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> String {
    let error = E::from_parts(status, headers, body);
    black_box((error.advice(), error.message(), error.field_errors()));
    error.to_string()
}

/// Median time per call of `run`, over `rounds` rounds of `batch` calls each,
/// taking turns with `other`.
fn race(mut a: impl FnMut(), mut b: impl FnMut()) -> (f64, f64) {
    // A batch of about a millisecond.
    let start = Instant::now();
    let mut calls = 0u32;
    while start.elapsed() < Duration::from_millis(1) {
        a();
        calls += 1;
    }
    let batch = calls.max(1);
    let (mut times_a, mut times_b) = (Vec::new(), Vec::new());
    for _ in 0..31 {
        for (run, times) in [
            (&mut a as &mut dyn FnMut(), &mut times_a),
            (&mut b, &mut times_b),
        ] {
            let start = Instant::now();
            for _ in 0..batch {
                run();
            }
            times.push(start.elapsed().as_nanos() as f64 / f64::from(batch));
        }
    }
    (median(&mut times_a), median(&mut times_b))
}

fn median(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

type Path_ = fn(StatusCode, &HeaderMap, &[u8]) -> String;

fn fixtures() -> Vec<(String, Fixture, Path_)> {
    let mut all = Vec::new();
    let mut add = |dir: &Path, folder: &str, prefix: &str, path: Path_| {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
            return;
        };
        let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for file in files
            .into_iter()
            .filter(|f| f.extension().is_some_and(|e| e == "http"))
        {
            let name = format!(
                "{prefix}{folder}/{}",
                file.file_name().unwrap_or_default().to_string_lossy()
            );
            if let Ok(fixture) = Fixture::read(&file) {
                all.push((name, fixture, path));
            }
        }
    };
    let shared = fixtures_dir();
    add(&shared, "smartsuite", "", derive::<SmartSuiteError>);
    add(&shared, "investsuite", "", derive::<InvestSuiteError>);
    let captured = own_fixtures_dir().join("captured");
    for folder in [
        "drf",
        "fastapi",
        "express",
        "fastify",
        "litestar",
        "problem-details",
        "jsonapi",
        "strawberry",
        "apollo",
    ] {
        add(&captured, folder, "captured/", derive::<AnyApi>);
    }
    let gallery = own_fixtures_dir().join("gallery");
    add(&gallery, "anthropic", "gallery/", derive::<AnthropicError>);
    add(&gallery, "aws", "gallery/", derive::<AwsError>);
    add(&gallery, "azure", "gallery/", derive::<AzureError>);
    add(&gallery, "discord", "gallery/", derive::<DiscordError>);
    add(&gallery, "github", "gallery/", derive::<GitHubError>);
    add(&gallery, "google", "gallery/", derive::<GoogleError>);
    add(&gallery, "openai", "gallery/", derive::<OpenAiError>);
    add(&gallery, "stripe", "gallery/", derive::<StripeError>);
    all
}

/// 1 MiB bodies: one long message, a field map of many members, and a body 60
/// objects deep with a list of messages at the bottom.
fn large_bodies() -> Vec<(&'static str, Vec<u8>)> {
    const MIB: usize = 1 << 20;
    let message = format!(r#"{{"message": "{}"}}"#, "x".repeat(MIB));
    let mut members = Vec::new();
    let mut size = 0;
    let mut i = 0;
    while size < MIB {
        let member = format!(r#""field_{i}": ["This field is required."]"#);
        size += member.len() + 1;
        members.push(member);
        i += 1;
    }
    let field_map = format!("{{{}}}", members.join(","));
    let list = vec![r#""This field is required.""#; MIB / 26].join(",");
    let deep = format!("{}[{list}]{}", r#"{"a":"#.repeat(60), "}".repeat(60));
    vec![
        ("one 1 MiB message", message.into_bytes()),
        ("field map, 1 MiB", field_map.into_bytes()),
        ("60 deep, 1 MiB", deep.into_bytes()),
    ]
}

fn main() {
    let id = HeaderName::from_static("x-request-id");
    // `whole_path <fixture> <calls>`: the derive's path alone, for a profiler.
    let mut args = std::env::args().skip(1);
    if let (Some(only), Some(calls)) = (args.next(), args.next()) {
        let calls: u64 = calls.parse().unwrap_or(1);
        let by_hand = args.next().as_deref() == Some("hand");
        for (name, fixture, path) in fixtures().into_iter().filter(|f| f.0 == only) {
            for _ in 0..calls {
                let (status, headers, body) =
                    (fixture.status, &fixture.headers, black_box(&fixture.body));
                if by_hand {
                    black_box(hand(status, headers, body, &id));
                } else {
                    black_box(path(status, headers, body));
                }
            }
            println!("{name}: {calls} calls");
        }
        return;
    }
    println!("| fixture | bytes | derive | hand | derive / hand |");
    println!("|---|---:|---:|---:|---:|");
    let mut ratios = Vec::new();
    for (name, fixture, path) in fixtures() {
        let (status, headers, body) = (fixture.status, &fixture.headers, &fixture.body[..]);
        let (a, b) = race(
            || drop(black_box(path(status, black_box(headers), black_box(body)))),
            || {
                drop(black_box(hand(
                    status,
                    black_box(headers),
                    black_box(body),
                    &id,
                )))
            },
        );
        ratios.push((a / b, name.clone()));
        println!(
            "| {name} | {} | {a:.0} ns | {b:.0} ns | {:.2}× |",
            body.len(),
            a / b
        );
    }
    ratios.sort_by(|x, y| x.0.total_cmp(&y.0));
    let within = ratios.iter().filter(|(ratio, _)| *ratio <= 1.5).count();
    println!();
    println!(
        "{within} of {} fixtures within 1.5×; median {:.2}×, worst {:.2}× ({})",
        ratios.len(),
        ratios[ratios.len() / 2].0,
        ratios.last().map_or(0.0, |r| r.0),
        ratios.last().map_or("", |r| r.1.as_str()),
    );
    println!();
    println!("| 1 MiB body | derive | serde_json to a `Value` | derive / `Value` |");
    println!("|---|---:|---:|---:|");
    let headers = HeaderMap::new();
    for (name, body) in large_bodies() {
        let (a, b) = race(
            || {
                drop(black_box(derive::<AnyApi>(
                    StatusCode::BAD_REQUEST,
                    &headers,
                    black_box(&body),
                )))
            },
            || {
                drop(black_box(
                    serde_json::from_slice::<Value>(black_box(&body)).ok(),
                ))
            },
        );
        println!(
            "| {name} | {:.2} ms | {:.2} ms | {:.2}× |",
            a / 1e6,
            b / 1e6,
            a / b
        );
    }
}
