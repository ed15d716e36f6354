//! Arbitrary rate-limit headers in every dialect and arbitrary JSON bodies through an
//! enum that declares every rule: nothing panics, the status and bytes are kept,
//! and the rules that must hold whatever the values do hold.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use http_api_error::body::{Pointers, Reading};
use http_api_error::retry::RetryPolicy;
use http_api_error::{ApiError, Context, Reason, Retry};
use proptest::prelude::*;
use serde_json::Value;

#[derive(Debug, ApiError)]
#[api(
    code_header = "x-error-code",
    should_retry_headers("vendor-should-retry"),
    message = "/fault/text",
    code = "/fault/id",
    rate_limit(remaining = "x-left", reset = "x-epoch", format = epoch_seconds),
    rate_limit(remaining = "x-left-ms", reset = "x-epoch-ms", format = epoch_millis),
    rate_limit(reset = "x-after", format = delta_seconds),
    rate_limit(reset = "x-after-ms", format = delta_millis),
    rate_limit(reset = "x-duration", format = duration),
    rate_limit(reset = "x-rfc3339", format = rfc3339),
    rate_limit(reset = "x-date", format = http_date)
)]
enum Everything {
    #[status(400, code = "Throttled" | "88", retry = backoff)]
    Throttled(#[context] Context),
    #[status(400)]
    BadRequest(#[body] Option<Value>, #[context] Context),
    #[status(403, retry = when_asked)]
    Forbidden(#[context] Context),
    #[status(429, code = "insufficient_quota", retry = false)]
    Quota(#[context] Context),
    #[status(429)]
    RateLimited(#[context] Context),
    #[status(500, escalate)]
    Internal(#[context] Context),
    #[status(501..=599)]
    Server(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

const NAMES: &[&str] = &[
    "retry-after",
    "retry-after-ms",
    "ratelimit",
    "ratelimit-policy",
    "ratelimit-remaining",
    "ratelimit-reset",
    "x-should-retry",
    "vendor-should-retry",
    "x-error-code",
    "x-left",
    "x-left-ms",
    "x-epoch",
    "x-epoch-ms",
    "x-after",
    "x-after-ms",
    "x-duration",
    "x-rfc3339",
    "x-date",
];

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Values real servers send and get wrong, in every format.
fn header_value() -> impl Strategy<Value = String> {
    let now = now_secs();
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        (0u64..100_000, 0u32..1000).prop_map(|(a, b)| format!("{a}.{b}")),
        (0u64..7200).prop_map(move |d| (now + d).to_string()),
        (0u64..7200).prop_map(move |d| ((now + d) * 1000).to_string()),
        (0u64..7200).prop_map(move |d| (now - d.min(now)).to_string()),
        Just("1h2x".to_owned()),
        Just("6m0s".to_owned()),
        Just("-5s".to_owned()),
        Just("1.5s".to_owned()),
        Just("120ms".to_owned()),
        Just("99999999999999999999h".to_owned()),
        (0u64..7200).prop_map(move |d| {
            humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_secs(now + d)).to_string()
        }),
        Just("1999-12-31T23:59:59Z".to_owned()),
        (0u64..7200)
            .prop_map(move |d| httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(now + d))),
        (any::<i16>(), any::<i32>()).prop_map(|(r, t)| format!("\"default\";r={r};t={t}")),
        (any::<i16>(), any::<i32>())
            .prop_map(|(r, t)| format!("limit=100, remaining={r}, reset={t}")),
        prop_oneof![
            Just("true"),
            Just("false"),
            Just("TRUE"),
            Just("yes"),
            Just("")
        ]
        .prop_map(str::to_owned),
        prop_oneof![
            Just("Throttled"),
            Just("ns#Throttled:x"),
            Just("insufficient_quota"),
            Just(":"),
            Just("#")
        ]
        .prop_map(str::to_owned),
        "[ -~]{0,24}",
    ]
}

fn headers() -> impl Strategy<Value = Vec<(usize, String)>> {
    prop::collection::vec((0..NAMES.len(), header_value()), 0..8)
}

/// JSON with codes, messages and ids of every type, nested at random.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[a-z_#: ]{0,12}".prop_map(Value::String),
        prop_oneof![Just("Throttled"), Just("insufficient_quota"), Just("88")]
            .prop_map(|s| Value::String(s.to_owned())),
    ];
    let keys = prop_oneof![
        Just("message"),
        Just("code"),
        Just("error"),
        Just("errors"),
        Just("detail"),
        Just("type"),
        Just("status"),
        Just("__type"),
        Just("field"),
        Just("loc"),
        Just("param"),
        Just("details"),
        Just("request_id"),
        Just("fault"),
        Just("text"),
        Just("id"),
        Just("_errors"),
        Just("source"),
        Just("pointer"),
        Just("@type"),
        Just("retryDelay"),
        Just("fieldViolations"),
        Just("x"),
    ];
    leaf.prop_recursive(6, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..6).prop_map(|members| {
                Value::Object(
                    members
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect(),
                )
            }),
        ]
    })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => json().prop_map(|v| serde_json::to_vec(&v).unwrap_or_default()),
        1 => prop::collection::vec(any::<u8>(), 0..64),
    ]
}

fn build(
    status: u16,
    pairs: &[(usize, String)],
    body: &[u8],
) -> Option<(StatusCode, HeaderMap, Everything)> {
    let status = StatusCode::from_u16(status).ok()?;
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        if let Ok(value) = HeaderValue::from_str(value) {
            map.append(HeaderName::from_static(NAMES[*name]), value);
        }
    }
    let error = Everything::from_parts(status, &map, body);
    Some((status, map, error))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_dialect_any_body_keeps_everything_and_never_panics(
        status in 100u16..1000,
        pairs in headers(),
        body in body(),
        attempt in any::<u32>(),
        unit in any::<f64>(),
    ) {
        let Some((status, map, error)) = build(status, &pairs, &body) else { return Ok(()) };
        prop_assert_eq!(error.status(), status);
        let context = error.context().expect("every variant keeps a context");
        prop_assert_eq!(context.raw_body(), body.as_slice());
        let advice = error.advice();
        let _ = (error.message(), error.field_errors(), error.request_id(), error.escalate());
        if let Some(code) = error.code() {
            prop_assert!(!code.is_empty() && code.trim() == code, "{code:?}");
            // AWS's codes are cut at `:` and `#`; other codes are kept whole.
            if context.reading().dialect == http_api_error::body::Dialect::Aws {
                prop_assert!(!code.contains(['#', ':']), "{code:?}");
            }
        }
        // Not an error: never retried, whatever the headers say.
        if (400..=599).contains(&status.as_u16()) {
            // A should-retry `false` always wins.
            let said_false = ["x-should-retry", "vendor-should-retry"].iter().any(|name| {
                map.get_all(*name).iter().any(|v| v.to_str().is_ok_and(|v| v.trim().eq_ignore_ascii_case("false")))
            });
            if said_false {
                prop_assert_eq!(advice.retry, Retry::Never);
            }
        } else {
            // Not an error: never retried, whatever the headers say.
            prop_assert_eq!(advice.retry, Retry::Never);
            prop_assert_eq!(advice.reason, Reason::NotAnError);
        }
        // Whatever it says, the policy answers without panicking.
        let _ = RetryPolicy::new().decide_with(&error, attempt, unit);
    }

    #[test]
    fn conventions_read_any_json_without_panicking(value in json(), status in 100u16..1000) {
        let bytes = serde_json::to_vec(&value).unwrap_or_default();
        let pointers = Pointers::NONE.with_message("/fault/text").with_code("/fault/id").with_field_errors("/errors").with_request_id("/x");
        let reading = Reading::of(&bytes, status, &pointers);
        if let Some(code) = &reading.code {
            prop_assert!(!code.is_empty());
            prop_assert!(code.parse::<u16>().ok() != Some(status), "a status echo is no code");
        }
        if let Some(message) = &reading.message {
            prop_assert!(!message.trim().is_empty());
        }
        // Bytes and parsed value read alike (floats compared as serde_json reads them back).
        let reparsed: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        prop_assert_eq!(&Reading::of_json(&reparsed, status, &pointers), &reading);
    }
}

#[test]
fn deeply_nested_and_huge_bodies_read_as_nothing_or_something_without_panicking() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let reading = Reading::of(deep.as_bytes(), 400, &Pointers::NONE);
    assert_eq!(reading, Reading::default());
    let nested_error = format!("{}\"deep\"{}", r#"{"error": "#.repeat(120), "}".repeat(120));
    let _ = Reading::of(nested_error.as_bytes(), 400, &Pointers::NONE);
    let huge = format!(
        r#"{{"message": "{}", "code": 1e999999}}"#,
        "x".repeat(1 << 20)
    );
    let reading = Reading::of(huge.as_bytes(), 400, &Pointers::NONE);
    assert_eq!(
        reading,
        Reading::default(),
        "1e999999 is not JSON serde_json reads"
    );
    let huge = format!(
        r#"{{"message": "{}", "code": 123456789012345678901234567890}}"#,
        "x".repeat(1 << 20)
    );
    let reading = Reading::of(huge.as_bytes(), 400, &Pointers::NONE);
    // The message is capped: a reading stays small whatever the body.
    let message = reading.message.expect("a message");
    assert!(message.starts_with("xxx") && message.ends_with('…'));
    assert_eq!(
        message.len(),
        http_api_error::body::MAX_MESSAGE_BYTES + '…'.len_utf8()
    );
    assert_eq!(reading.code, None, "a float is no code");
}

#[test]
fn duplicate_keys_the_last_wins_in_the_conventions_too() {
    let reading = Reading::of(
        br#"{"message": "first", "message": "last", "code": "a", "code": "b"}"#,
        400,
        &Pointers::NONE,
    );
    assert_eq!(reading.message.as_deref(), Some("last"));
    assert_eq!(reading.code.as_deref(), Some("b"));
}
