//! Mutation testing: every fixture in the repository (both vendors, the real DRF
//! and FastAPI captures, the gallery, its XML bodies among them), mutated at random
//! (JSON and XML pieces, hostile ones included), through the enum it
//! belongs to. Nothing may panic, the status and raw bytes must be kept byte for
//! byte, and the advice must be the declaration's for the status, unless a header
//! or code rule that the mutated response still carries applies.
//!
//! Each case also checks the one parse: the typed body decoded from it is serde's
//! plain decode of the bytes (for one of three body types in turn), and the reading
//! every accessor shares is a fresh reading of the bytes.
//!
//! `HTTP_API_ERROR_MUTATIONS` sets the number of cases (20,000 by default). CI runs
//! 1,000,000 in the test profile, whose overflow checks turn any arithmetic
//! overflow into a failure (about 150 s here):
//! `HTTP_API_ERROR_MUTATIONS=1000000 cargo test -p http-api-error-tests --test mutation`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use http_api_error::body::Reading;
use http_api_error::investsuite::InvestSuiteError;
use http_api_error::smartsuite::SmartSuiteError;
use http_api_error::{ApiError, Context, Retry, Statuses};
use http_api_error_tests::gallery::{
    anthropic::AnthropicError, aws::AwsError, aws_xml::AwsXmlError, azure::AzureError,
    discord::DiscordError, github::GitHubError, github_graphql::GitHubGraphQlError,
    google::GoogleError, openai::OpenAiError, shopify::ShopifyError, slack::SlackError,
    stripe::StripeError,
};
use http_api_error_tests::{fixtures_dir, own_fixtures_dir, Fixture};

/// An enum that declares nothing, for the DRF and FastAPI captures.
#[derive(Debug, ApiError)]
enum AnyApi {
    #[status(other)]
    Any(#[context] Context),
}

/// A small, fast, seeded generator: the same cases on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const KEYS: &[&str] = &[
    "message",
    "code",
    "error",
    "errors",
    "detail",
    "type",
    "status",
    "__type",
    "field",
    "loc",
    "param",
    "details",
    "request_id",
    "title",
    "description",
    "_errors",
    "retryDelay",
    "@type",
];

const VALUES: &[&str] = &[
    "null",
    "true",
    "0",
    "-1",
    "1e999",
    "99999999999999999999999999",
    "1.5",
    "\"\"",
    "[]",
    "{}",
    "\"insufficient_quota\"",
    "\"ns#ThrottlingException:x\"",
    "[\"a\", 1, null]",
    "{\"message\": {\"message\": []}}",
    "\"\\ud800\"",
];

const HEADER_NAMES: &[&str] = &[
    "retry-after",
    "retry-after-ms",
    "ratelimit",
    "ratelimit-remaining",
    "ratelimit-reset",
    "x-should-retry",
    "stripe-should-retry",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-ratelimit-remaining-tokens",
    "x-ratelimit-reset-tokens",
    "anthropic-ratelimit-tokens-reset",
    "x-ms-retry-after-ms",
    "x-amzn-errortype",
    "x-request-id",
];

const HEADER_VALUES: &[&str] = &[
    "0",
    "-5",
    "1.5",
    "1e3",
    "",
    "soon",
    "99999999999999999999",
    "4102444800",
    "4102444800000",
    "1h2x",
    "6m0s",
    "120ms",
    "2100-01-01T00:00:00Z",
    "Wed, 21 Oct 2015 07:28:00 GMT",
    "true",
    "false",
    "TRUE",
    "\"default\";r=0;t=30",
    "limit=1, remaining=0, reset=9",
    "r=;t",
    "a#b:c",
];

/// Pieces of XML, hostile ones among them, put anywhere in a body.
const XML_PIECES: &[&str] = &[
    "<Code>Throttling</Code>",
    "<Error>",
    "</Error>",
    "<Errors><Error><Code>SlowDown</Code></Error><Error/></Errors>",
    "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>",
    "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
    "&lol2;",
    "&#xD800;",
    "&amp;&lt;&#65;",
    "<![CDATA[<Code>x</Code>]]>",
    "<?xml version=\"1.0\"?>",
    "<!-- -->",
    "<Message attr=\"v\"/>",
];

/// One mutation of the body bytes.
fn mutate_body(rng: &mut Rng, body: &mut Vec<u8>) {
    match rng.below(11) {
        // Truncate.
        0 => body.truncate(rng.below(body.len() + 1)),
        // Flip bytes.
        1 => {
            for _ in 0..=rng.below(4) {
                if !body.is_empty() {
                    let at = rng.below(body.len());
                    body[at] ^= 1 << rng.below(8);
                }
            }
        }
        // Swap a value for one of another JSON type.
        2 => replace_value(rng, body),
        // Rename a key.
        3 => {
            if let Some(at) = find(body, b"\":") {
                if let Some(start) = body[..at].iter().rposition(|b| *b == b'"') {
                    let key = rng.pick(KEYS).as_bytes();
                    body.splice(start + 1..at, key.iter().copied());
                }
            }
        }
        // Duplicate a key at the front of the object.
        4 if body.first() == Some(&b'{') => {
            let member = format!("\"{}\": {}, ", rng.pick(KEYS), rng.pick(VALUES));
            body.splice(1..1, member.bytes());
        }
        // Nest deeper.
        5 => {
            let depth = 1 + rng.below(200);
            let mut nested = Vec::with_capacity(body.len() + depth * 8);
            for _ in 0..depth {
                nested.extend_from_slice(b"{\"error\": ");
            }
            nested.extend_from_slice(body);
            nested.extend(std::iter::repeat_n(b'}', depth));
            *body = nested;
        }
        // A huge number.
        6 => {
            let middle = body.len() / 2;
            body.splice(middle..middle, *b"1e99999999999999999999");
        }
        // Invalid UTF-8.
        7 => {
            let at = rng.below(body.len() + 1);
            body.splice(at..at, [0xC3, 0x28, 0xFF, 0xFE]);
        }
        // Gzip magic in front.
        8 => {
            body.splice(0..0, [0x1F, 0x8B, 0x08]);
        }
        // A piece of XML anywhere, or deep nesting.
        9 => {
            let at = rng.below(body.len() + 1);
            if rng.below(8) == 0 {
                let depth = 1 + rng.below(300);
                let deep = "<a>".repeat(depth) + &"</a>".repeat(depth);
                body.splice(at..at, deep.bytes());
            } else {
                body.splice(at..at, rng.pick(XML_PIECES).bytes());
            }
        }
        // Untouched.
        _ => {}
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Replaces the value after a `": ` with one of another type.
fn replace_value(rng: &mut Rng, body: &mut Vec<u8>) {
    let positions: Vec<usize> = body
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b':')
        .map(|(i, _)| i + 1)
        .collect();
    if positions.is_empty() {
        return;
    }
    let start = *rng.pick(&positions);
    let end = body[start..]
        .iter()
        .position(|b| matches!(b, b',' | b'}' | b']'))
        .map_or(body.len(), |n| start + n);
    body.splice(start..end, rng.pick(VALUES).bytes());
}

/// One mutation of the headers: mangle, repeat or drop rate-limit headers.
fn mutate_headers(rng: &mut Rng, headers: &mut HeaderMap) {
    for _ in 0..rng.below(4) {
        let name = *rng.pick(HEADER_NAMES);
        let name = HeaderName::from_static(name);
        match rng.below(3) {
            0 => {
                headers.remove(&name);
            }
            _ => {
                let value = *rng.pick(HEADER_VALUES);
                if let Ok(value) = HeaderValue::from_str(value) {
                    headers.append(name, value);
                }
            }
        }
    }
}

/// Whether the response carries a header a rule reads (beyond the status table).
fn carries_rule_header<E: ApiError>(headers: &HeaderMap) -> bool {
    let rules = E::RULES;
    headers.keys().any(|name| {
        let name = name.as_str();
        name == "retry-after" || rules.keeps(name)
    })
}

/// The checks for one mutated response.
fn check<E: ApiError>(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<(), String> {
    let error = E::from_parts(status, headers, body);
    if error.status() != status {
        return Err(format!("status {} became {}", status, error.status()));
    }
    if let Some(context) = error.context() {
        if context.raw_body() != body {
            return Err("raw body changed".to_owned());
        }
    }
    // The reading made from the parse that decoded the body is a fresh reading.
    if let Some(context) = error.context() {
        let fresh = Reading::of(body, status.as_u16(), &E::RULES.pointers);
        if *context.reading() != fresh {
            return Err(format!(
                "the kept reading is {:?}, a fresh one {fresh:?}",
                context.reading()
            ));
        }
    }
    // One body type per case, in turn, to keep the run short.
    match body.len() % 3 {
        0 => one_pass_agrees::<E, serde_json::Value>(status, headers, body)?,
        1 => one_pass_agrees::<E, serde::de::IgnoredAny>(status, headers, body)?,
        _ => one_pass_agrees::<E, Probe>(status, headers, body)?,
    }
    let advice = error.advice();
    let _ = (
        error.message(),
        error.field_errors(),
        error.request_id(),
        error.escalate(),
    );
    let code = error.code().map(std::borrow::Cow::into_owned);
    let declaration = E::declaration_for(status, code.as_deref());
    let declared = declaration.retry_for(status);
    // A status that is no error is never retried, unless a declaration names it
    // exactly (an error inside a success): then it is advised as any status is.
    let named = declaration.statuses == Statuses::Code(status.as_u16());
    if !(400..=599).contains(&status.as_u16()) && !named {
        return (advice.retry == Retry::Never)
            .then_some(())
            .ok_or_else(|| format!("{status} is no error but advice is {:?}", advice.retry));
    }
    if carries_rule_header::<E>(headers) {
        // A header rule may apply: the advice is the declaration's, never, or backoff.
        let allowed = [declared, Retry::Never, Retry::Backoff];
        return allowed
            .contains(&advice.retry)
            .then_some(())
            .ok_or_else(|| format!("advice {:?} is none of {allowed:?}", advice.retry));
    }
    let expected = if declaration.when_asked && advice.delay.is_some() {
        Retry::Backoff
    } else {
        declared
    };
    if advice.retry != expected {
        return Err(format!(
            "advice {:?}, but the declaration `{}` for {status} says {expected:?}",
            advice.retry, declaration.variant
        ));
    }
    // The variant is the declaration's, or the catch-all for a plain `T` that failed.
    let variant = error.variant_name();
    let other = E::declarations()
        .iter()
        .find(|d| d.statuses == Statuses::Other)
        .map(|d| d.variant);
    if variant != declaration.variant && Some(variant) != other {
        return Err(format!(
            "variant {variant}, declared {}",
            declaration.variant
        ));
    }
    Ok(())
}

/// A body type that reads some of the members the code rule looks at and leaves
/// the others out, so that the one-pass decode records members both ways.
#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Probe {
    #[serde(default)]
    error: Option<ProbeDetail>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    errors: Option<Vec<serde_json::Value>>,
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct ProbeDetail {
    #[serde(default)]
    message: Option<String>,
    #[serde(rename = "type", default)]
    kind: Option<serde_json::Value>,
}

/// The body decoded from the one parse against serde's plain decode of the bytes,
/// and the code classification reads against a fresh reading's.
fn one_pass_agrees<E: ApiError, T: serde::de::DeserializeOwned + std::fmt::Debug>(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), String> {
    use http_api_error::__private::{capture, decode_with_code};
    let context = capture::<E>(status, headers, body);
    let (decoded, code) = decode_with_code::<T, E>(&context);
    let fresh = Reading::of(body, status.as_u16(), &E::RULES.pointers).code;
    if E::RULES.code_header.is_none() && code.as_deref() != fresh.as_deref() {
        return Err(format!(
            "the one parse reads the code {code:?}, a fresh reading {fresh:?}"
        ));
    }
    let plain = http_api_error::body::decode_body::<T>(body);
    // A repeated key fails a struct's plain decode and not the `Value`'s (the last
    // one wins): where the plain decode succeeds, the two agree.
    if plain.is_ok() {
        let (decoded, plain) = (format!("{decoded:?}"), format!("{plain:?}"));
        if decoded != plain {
            return Err(format!(
                "the one parse decodes {decoded}, the plain decode {plain}"
            ));
        }
    }
    Ok(())
}

type Checker = fn(StatusCode, &HeaderMap, &[u8]) -> Result<(), String>;

/// Every fixture file with the enum it belongs to.
fn corpus() -> Vec<(String, Fixture, Checker)> {
    let mut corpus = Vec::new();
    let mut add = |dir: &Path, folder: &str, checker: Checker| {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
            return;
        };
        let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.extension().is_some_and(|e| e == "http") {
                let fixture = Fixture::read(&path).expect("fixture");
                corpus.push((path.display().to_string(), fixture, checker));
            }
        }
    };
    let shared = fixtures_dir();
    add(&shared, "smartsuite", check::<SmartSuiteError>);
    add(&shared, "investsuite", check::<InvestSuiteError>);
    let own = own_fixtures_dir();
    add(&own, "captured/drf", check::<AnyApi>);
    add(&own, "captured/fastapi", check::<AnyApi>);
    let gallery = own.join("gallery");
    add(&gallery, "anthropic", check::<AnthropicError>);
    add(&gallery, "aws", check::<AwsError>);
    add(&gallery, "aws-xml", check::<AwsXmlError>);
    add(&gallery, "azure", check::<AzureError>);
    add(&gallery, "discord", check::<DiscordError>);
    add(&gallery, "github", check::<GitHubError>);
    add(&gallery, "github-graphql", check::<GitHubGraphQlError>);
    add(&gallery, "slack", check::<SlackError>);
    add(&gallery, "shopify", check::<ShopifyError>);
    add(&gallery, "google", check::<GoogleError>);
    add(&gallery, "openai", check::<OpenAiError>);
    add(&gallery, "stripe", check::<StripeError>);
    corpus
}

#[test]
fn every_fixture_mutated_keeps_status_bytes_and_declared_advice() {
    let cases: u64 = std::env::var("HTTP_API_ERROR_MUTATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let corpus = corpus();
    assert!(corpus.len() >= 80, "{} fixtures", corpus.len());
    let statuses: Vec<u16> = vec![
        200, 302, 400, 403, 404, 409, 418, 422, 429, 500, 502, 503, 529, 599, 600, 999,
    ];
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let mut failures = Vec::new();
    for case in 0..cases {
        let (name, fixture, checker) = &corpus[rng.below(corpus.len())];
        let mut body = fixture.body.clone();
        let mut headers = fixture.headers.clone();
        for _ in 0..=rng.below(3) {
            mutate_body(&mut rng, &mut body);
        }
        mutate_headers(&mut rng, &mut headers);
        let status = if rng.below(8) == 0 {
            StatusCode::from_u16(*rng.pick(&statuses)).unwrap_or(fixture.status)
        } else {
            fixture.status
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| checker(status, &headers, &body)));
        let problem = match outcome {
            Ok(Ok(())) => continue,
            Ok(Err(problem)) => problem,
            Err(_) => "panicked".to_owned(),
        };
        failures.push(format!(
            "case {case}, {name}, status {status}: {problem}\n  headers {headers:?}\n  body {:?}",
            String::from_utf8_lossy(&body[..body.len().min(300)])
        ));
        if failures.len() >= 10 {
            break;
        }
    }
    println!(
        "mutation: {cases} cases over {} fixtures, {} failed",
        corpus.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
