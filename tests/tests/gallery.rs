//! The gallery: real APIs declared with attributes alone. Every fixture in
//! `tests/fixtures/gallery/` decodes to its case, and the advice agrees with the
//! vendor's official SDK unless the case says why it does better.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http_api_error::ApiError;
use http_api_error_tests::gallery::{
    anthropic::AnthropicError, aws::AwsError, aws_xml::AwsXmlError, azure::AzureError,
    discord::DiscordError, github::GitHubError, github_graphql::GitHubGraphQlError,
    google::GoogleError, openai::OpenAiError, shopify::ShopifyError, slack::SlackError,
    stripe::StripeError,
};
use http_api_error_tests::{own_fixtures_dir, Fixture};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Case {
    file: String,
    vendor: String,
    variant: String,
    status: u16,
    retry: String,
    reason: String,
    delay_secs: Option<Delay>,
    message: Option<String>,
    code: Option<String>,
    request_id: Option<String>,
    field_errors: Vec<(String, String)>,
    sdk: Sdk,
    differs: Option<String>,
}

/// What the vendor's SDK does with the response.
#[derive(Debug, Deserialize)]
struct Sdk {
    retries: bool,
    delay_secs: Option<Delay>,
    source: String,
}

/// A delay in seconds, or the wait until an epoch second.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(untagged)]
enum Delay {
    Secs(f64),
    Until { until_epoch: u64 },
}

impl Delay {
    /// Seconds from now, and how far a reading may be off: never past the crate's
    /// ceiling on delays (`MAX_DELAY`), which a reset far in the future reaches.
    fn expected(self) -> (f64, f64) {
        let (secs, slack) = self.uncapped();
        (secs.min(http_api_error::MAX_DELAY.as_secs_f64()), slack)
    }

    fn uncapped(self) -> (f64, f64) {
        match self {
            Delay::Secs(secs) => (secs, 0.001),
            Delay::Until { until_epoch } => {
                let until = Duration::from_secs(until_epoch).as_secs_f64();
                let now = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .expect("clock")
                    .as_secs_f64();
                // Two seconds of slack: the clock moves while the test runs.
                (until - now, 2.0)
            }
        }
    }
}

/// What one error says, in the terms of a [`Case`].
#[derive(Debug, PartialEq)]
struct Outcome {
    variant: String,
    status: u16,
    retry: String,
    reason: String,
    message: Option<String>,
    code: Option<String>,
    request_id: Option<String>,
    field_errors: Vec<(String, String)>,
}

fn outcome<E: ApiError>(error: &E) -> (Outcome, Option<f64>) {
    let advice = error.advice();
    let mut field_errors: Vec<_> = error
        .field_errors()
        .into_iter()
        .map(|e| (e.field, e.message))
        .collect();
    field_errors.sort();
    let outcome = Outcome {
        variant: error.variant_name().to_owned(),
        status: error.status().as_u16(),
        retry: advice.retry.as_str().to_owned(),
        reason: format!("{:?}", advice.reason),
        message: error.message().map(std::borrow::Cow::into_owned),
        code: error.code().map(std::borrow::Cow::into_owned),
        request_id: error.request_id().map(str::to_owned),
        field_errors,
    };
    (outcome, advice.delay.map(|d| d.as_secs_f64()))
}

/// Every gallery fixture is an error to its enum, 2xx ones included.
fn error<E: ApiError>(case: &Case, fixture: &Fixture) -> E {
    fixture
        .error_in::<E>()
        .unwrap_or_else(|| panic!("{}: read as a success", case.file))
}

fn decode(case: &Case, fixture: &Fixture) -> (Outcome, Option<f64>) {
    match case.vendor.as_str() {
        "anthropic" => outcome(&error::<AnthropicError>(case, fixture)),
        "aws" => outcome(&error::<AwsError>(case, fixture)),
        "aws-xml" => outcome(&error::<AwsXmlError>(case, fixture)),
        "azure" => outcome(&error::<AzureError>(case, fixture)),
        "discord" => outcome(&error::<DiscordError>(case, fixture)),
        "github" => outcome(&error::<GitHubError>(case, fixture)),
        "github-graphql" => outcome(&error::<GitHubGraphQlError>(case, fixture)),
        "slack" => outcome(&error::<SlackError>(case, fixture)),
        "shopify" => outcome(&error::<ShopifyError>(case, fixture)),
        "google" => outcome(&error::<GoogleError>(case, fixture)),
        "openai" => outcome(&error::<OpenAiError>(case, fixture)),
        "stripe" => outcome(&error::<StripeError>(case, fixture)),
        other => panic!("{}: no gallery enum for vendor {other}", case.file),
    }
}

/// Whether a delay matches, within the reading's own slack plus `margin`.
fn close(actual: Option<f64>, expected: Option<Delay>, margin: f64) -> bool {
    match (actual, expected) {
        (None, None) => true,
        (Some(actual), Some(expected)) => {
            let (secs, slack) = expected.expected();
            (actual - secs).abs() <= slack + margin
        }
        _ => false,
    }
}

/// SDKs add small safety offsets (discord.js 50 ms, octokit 1 s on a reset).
const SDK_MARGIN_SECS: f64 = 1.0;

fn cases() -> Vec<Case> {
    let path = own_fixtures_dir().join("gallery/cases.json");
    let text = std::fs::read_to_string(&path).expect("gallery cases.json");
    serde_json::from_str(&text).expect("gallery cases parse")
}

#[test]
fn every_gallery_response_decodes_to_its_case() {
    let cases = cases();
    assert!(cases.len() >= 30, "{} gallery cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let fixture = Fixture::read(&own_fixtures_dir().join("gallery").join(&case.file))
            .expect("fixture loads");
        let (actual, delay) = decode(case, &fixture);
        let mut field_errors = case.field_errors.clone();
        field_errors.sort();
        let expected = Outcome {
            variant: case.variant.clone(),
            status: case.status,
            retry: case.retry.clone(),
            reason: case.reason.clone(),
            message: case.message.clone(),
            code: case.code.clone(),
            request_id: case.request_id.clone(),
            field_errors,
        };
        if actual != expected || !close(delay, case.delay_secs, 0.0) {
            failures.push(format!(
                "{}\n  expected {expected:?}, delay {:?}\n  actual   {actual:?}, delay {delay:?}",
                case.file, case.delay_secs
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_advice_agrees_with_the_vendor_sdk_or_says_why_not() {
    for case in cases() {
        let fixture = Fixture::read(&own_fixtures_dir().join("gallery").join(&case.file))
            .expect("fixture loads");
        let (actual, delay) = decode(&case, &fixture);
        let retries = actual.retry != "never";
        let agrees =
            retries == case.sdk.retries && close(delay, case.sdk.delay_secs, SDK_MARGIN_SECS);
        assert!(
            !case.sdk.source.is_empty(),
            "{}: name the SDK rule",
            case.file
        );
        match &case.differs {
            None => assert!(
                agrees,
                "{}: the SDK ({}) {} with delay {:?}; this crate {} with delay {delay:?}",
                case.file,
                case.sdk.source,
                if case.sdk.retries {
                    "retries"
                } else {
                    "does not retry"
                },
                case.sdk.delay_secs,
                actual.retry
            ),
            Some(why) => {
                assert!(!why.trim().is_empty(), "{}: say why", case.file);
                assert!(
                    !agrees,
                    "{}: marked as differing from the SDK, but agrees",
                    case.file
                );
            }
        }
    }
}

#[test]
fn every_gallery_file_has_a_case() {
    let cases = cases();
    let dir = own_fixtures_dir().join("gallery");
    for vendor in std::fs::read_dir(&dir).expect("gallery folder") {
        let vendor = vendor.expect("entry").path();
        if !vendor.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&vendor).expect("vendor folder") {
            let path = file.expect("entry").path();
            let relative = path
                .strip_prefix(&dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            assert!(
                cases.iter().any(|c| c.file == relative),
                "{relative} has no case"
            );
        }
    }
}
