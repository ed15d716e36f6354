//! Retry advice beyond the status: classification by the vendor's error code, the
//! should-retry headers, spent rate limits, `retry = when_asked`, and the delay in
//! every dialect with its precedence.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use http_api_error::retry::{Decision, RetryPolicy, Stop};
use http_api_error::{ApiError, Context, DelaySource, Reason, Retry};

#[derive(Debug, ApiError)]
#[api(
    code_header = "x-error-code",
    should_retry_headers("vendor-should-retry"),
    rate_limit(remaining = "x-left", reset = "x-reset-epoch", format = epoch_seconds),
    rate_limit(reset = "x-reset-after", format = delta_seconds)
)]
enum Api {
    #[status(400, code = "Throttled" | "SlowDown", retry = backoff)]
    Throttled(#[context] Context),
    #[status(400)]
    BadRequest(#[context] Context),
    #[status(403, retry = when_asked)]
    Forbidden(#[context] Context),
    #[status(404)]
    NotFound(#[context] Context),
    #[status(429, code = "insufficient_quota", retry = false)]
    Quota(#[context] Context),
    #[status(429)]
    RateLimited(#[context] Context),
    #[status(409, code = "conflict_retry", retry = backoff)]
    RetryableConflict(#[context] Context),
    #[status(400..=499)]
    OtherClient(#[context] Context),
    #[status(500, code = "maintenance", retry = backoff)]
    Maintenance(#[context] Context),
    #[status(500, escalate)]
    Internal(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

/// Durations in many formats, one declared limit each.
#[derive(Debug, ApiError)]
#[api(
    rate_limit(reset = "x-epoch-ms", format = epoch_millis),
    rate_limit(reset = "x-delta-ms", format = delta_millis),
    rate_limit(reset = "x-duration", format = duration),
    rate_limit(reset = "x-rfc3339", format = rfc3339),
    rate_limit(reset = "x-http-date", format = http_date)
)]
enum Formats {
    #[status(429)]
    RateLimited(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(
            HeaderName::from_bytes(name.as_bytes()).expect("name"),
            HeaderValue::from_str(value).expect("value"),
        );
    }
    map
}

fn api(status: u16, pairs: &[(&str, &str)], body: &str) -> Api {
    Api::from_parts(
        StatusCode::from_u16(status).expect("status"),
        &headers(pairs),
        body.as_bytes(),
    )
}

fn epoch_in(secs: u64) -> String {
    (SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs()
        + secs)
        .to_string()
}

fn about(delay: Option<Duration>, secs: u64) -> bool {
    delay.is_some_and(|d| d.as_secs().abs_diff(secs) <= 2)
}

// ----- classification by code ----------------------------------------------------

#[test]
fn status_and_code_beat_status_alone() {
    let error = api(
        429,
        &[],
        r#"{"error": {"code": "insufficient_quota", "message": "m"}}"#,
    );
    assert!(matches!(error, Api::Quota(_)));
    assert_eq!(error.retry(), Retry::Never);
    assert_eq!(error.advice().reason, Reason::DeclaredForCode);
    let error = api(429, &[], r#"{"error": {"code": "rate_limit_exceeded"}}"#);
    assert!(matches!(error, Api::RateLimited(_)));
    assert_eq!(error.retry(), Retry::Backoff);
}

#[test]
fn one_variant_takes_several_codes() {
    for code in ["Throttled", "SlowDown"] {
        let error = api(400, &[], &format!(r#"{{"__type": "ns#{code}"}}"#));
        assert!(matches!(error, Api::Throttled(_)), "{code}");
    }
}

#[test]
fn a_missing_or_undeclared_code_falls_to_the_status_then_the_range_then_other() {
    assert!(matches!(
        api(400, &[], r#"{"code": "Nope"}"#),
        Api::BadRequest(_)
    ));
    assert!(matches!(api(400, &[], ""), Api::BadRequest(_)));
    assert!(matches!(api(400, &[], "<html>"), Api::BadRequest(_)));
    // 409 has a code variant but no plain one: the range takes it.
    let error = api(409, &[], r#"{"code": "other"}"#);
    assert!(matches!(error, Api::OtherClient(_)));
    assert!(matches!(
        api(409, &[], r#"{"code": "conflict_retry"}"#),
        Api::RetryableConflict(_)
    ));
    // 500 falls to its plain, escalated variant.
    let error = api(500, &[], r#"{"code": "boom"}"#);
    assert!(matches!(error, Api::Internal(_)));
    assert!(error.escalate());
    let error = api(500, &[], r#"{"code": "maintenance"}"#);
    assert!(matches!(error, Api::Maintenance(_)));
    assert!(!error.escalate());
}

#[test]
fn the_code_header_beats_the_body() {
    let error = api(
        400,
        &[("x-error-code", "SlowDown:http://x")],
        r#"{"code": "Invalid"}"#,
    );
    assert!(matches!(error, Api::Throttled(_)));
    assert_eq!(error.code().as_deref(), Some("SlowDown"));
}

#[test]
fn codes_of_the_wrong_json_type_are_no_code() {
    for body in [
        r#"{"code": true}"#,
        r#"{"code": ["Throttled"]}"#,
        r#"{"code": {"x": 1}}"#,
        r#"{"code": 1.5}"#,
    ] {
        assert!(matches!(api(400, &[], body), Api::BadRequest(_)), "{body}");
    }
}

#[test]
fn choosing_by_code_keeps_the_one_reading_every_accessor_shares() {
    // Choosing among 400's code variants reads the body once, whole: the message,
    // the code and `Display` answer from that same reading.
    let error = api(400, &[], r#"{"code": "Throttled", "message": "slow"}"#);
    assert!(matches!(error, Api::Throttled(_)));
    let reading = error.context().expect("context").reading();
    assert_eq!(reading.code.as_deref(), Some("Throttled"));
    assert_eq!(reading.message.as_deref(), Some("slow"));
    assert!(std::ptr::eq(
        reading,
        error.context().expect("context").reading()
    ));
    assert_eq!(error.code().as_deref(), Some("Throttled"));
    assert_eq!(error.message().as_deref(), Some("slow"));
}

// ----- should-retry headers ------------------------------------------------------

#[test]
fn should_retry_false_overrides_backoff_and_true_overrides_never() {
    let error = api(429, &[("x-should-retry", "false")], "");
    assert_eq!(error.retry(), Retry::Never);
    assert_eq!(error.advice().reason, Reason::ShouldRetryHeader);
    let error = api(404, &[("X-Should-Retry", "TRUE")], "");
    assert_eq!(error.retry(), Retry::Backoff);
    let error = api(404, &[("vendor-should-retry", "true")], "");
    assert_eq!(error.retry(), Retry::Backoff);
    // The header beats a declaration by code too.
    let error = api(
        429,
        &[("x-should-retry", "true")],
        r#"{"code": "insufficient_quota"}"#,
    );
    assert!(matches!(error, Api::Quota(_)));
    assert_eq!(error.retry(), Retry::Backoff);
}

#[test]
fn contradictory_should_retry_headers_mean_no_and_garbage_is_ignored() {
    let error = api(
        503,
        &[("x-should-retry", "true"), ("vendor-should-retry", "false")],
        "",
    );
    assert_eq!(error.retry(), Retry::Never);
    for garbage in ["yes", "1", "", "tru"] {
        let error = api(503, &[("x-should-retry", garbage)], "");
        assert_eq!(error.retry(), Retry::Backoff, "{garbage:?}");
        assert_eq!(error.advice().reason, Reason::Declared);
    }
}

#[test]
fn an_escalated_error_the_server_asks_to_retry_is_retried_and_still_escalated() {
    let error = api(500, &[("x-should-retry", "true")], "");
    assert!(error.escalate());
    assert_eq!(error.retry(), Retry::Backoff);
    let policy = RetryPolicy::new().jitter(false);
    assert!(matches!(policy.decide(&error, 1), Decision::Wait(_)));
    let error = api(500, &[], "");
    assert_eq!(policy.decide(&error, 1), Decision::Stop(Stop::Escalate));
}

// ----- spent rate limits and `when_asked` ----------------------------------------

#[test]
fn a_spent_limit_turns_a_403_or_429_into_backoff() {
    let reset = epoch_in(90);
    let error = api(403, &[("x-left", "0"), ("x-reset-epoch", &reset)], "");
    assert_eq!(error.retry(), Retry::Backoff);
    assert_eq!(error.advice().reason, Reason::RateLimited);
    assert!(about(error.retry_after(), 90));
    assert_eq!(
        error.advice().delay_source,
        Some(DelaySource::ResetHeader("x-reset-epoch"))
    );
    // Not spent: the reset is no wait, and a 403 stays a 403.
    let error = api(403, &[("x-left", "12"), ("x-reset-epoch", &reset)], "");
    assert_eq!(error.retry(), Retry::Never);
    assert_eq!(error.retry_after(), None);
    // A spent limit does not make a 404 retryable.
    let error = api(404, &[("x-left", "0")], "");
    assert_eq!(error.retry(), Retry::Never);
}

#[test]
fn ietf_ratelimit_fields_in_every_draft_shape() {
    for (name, value, secs) in [
        ("ratelimit", r#""default";r=0;t=30"#, 30),
        ("ratelimit", r#""burst";r=3;t=1, "day";r=0;t=3600"#, 3600),
        ("ratelimit", "limit=100, remaining=0, reset=45", 45),
    ] {
        let error = api(403, &[(name, value)], "");
        assert_eq!(error.retry(), Retry::Backoff, "{value}");
        assert_eq!(
            error.retry_after(),
            Some(Duration::from_secs(secs)),
            "{value}"
        );
        assert_eq!(
            error.advice().delay_source,
            Some(DelaySource::RateLimitField)
        );
    }
    let error = api(
        429,
        &[("ratelimit-remaining", "0"), ("ratelimit-reset", "12")],
        "",
    );
    assert_eq!(error.retry_after(), Some(Duration::from_secs(12)));
    // Not spent, or not parseable: nothing.
    for value in [
        r#""default";r=5;t=30"#,
        "limit=100, remaining=7, reset=45",
        "r=0;;t",
        "\"x\";r=-0.0",
    ] {
        let error = api(403, &[("ratelimit", value)], "");
        assert_eq!(error.retry(), Retry::Never, "{value}");
        assert_eq!(error.retry_after(), None, "{value}");
    }
}

#[test]
fn when_asked_backs_off_only_when_the_response_gives_a_delay() {
    let error = api(403, &[("retry-after", "60")], "");
    assert_eq!(error.retry(), Retry::Backoff);
    assert_eq!(error.advice().reason, Reason::AskedByResponse);
    assert_eq!(error.retry_after(), Some(Duration::from_secs(60)));
    let error = api(403, &[], "");
    assert_eq!(error.retry(), Retry::Never);
    // A 404 declared plainly is not retried even when the response gives a delay.
    let error = api(404, &[("retry-after", "60")], "");
    assert_eq!(error.retry(), Retry::Never);
    assert_eq!(error.retry_after(), Some(Duration::from_secs(60)));
}

// ----- delays --------------------------------------------------------------------

#[test]
fn delay_precedence_retry_after_then_ms_then_declared_then_ietf_then_body() {
    let all = [
        ("retry-after", "5"),
        ("retry-after-ms", "7000"),
        ("x-reset-after", "11"),
        ("ratelimit", r#""default";r=0;t=9"#),
    ];
    let body = r#"{"error": {"details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "13s"}]}}"#;
    let expected = [
        (5, DelaySource::RetryAfter),
        (7, DelaySource::RetryAfterMs),
        (11, DelaySource::ResetHeader("x-reset-after")),
        (9, DelaySource::RateLimitField),
    ];
    for (skip, (secs, source)) in expected.into_iter().enumerate() {
        let error = api(429, &all[skip..], body);
        assert_eq!(error.retry_after(), Some(Duration::from_secs(secs)));
        assert_eq!(error.advice().delay_source, Some(source));
    }
    let error = api(429, &[], body);
    assert_eq!(error.retry_after(), Some(Duration::from_secs(13)));
    assert_eq!(error.advice().delay_source, Some(DelaySource::RetryInfo));
}

#[test]
fn a_malformed_source_gives_way_to_the_next() {
    let error = api(
        429,
        &[
            ("retry-after", "soon"),
            ("retry-after-ms", "-5"),
            ("x-reset-after", "2.5"),
        ],
        "",
    );
    assert_eq!(error.retry_after(), Some(Duration::from_millis(2500)));
}

#[test]
fn retry_after_ms_is_decimal_milliseconds_and_the_longest_wins() {
    let error = api(
        429,
        &[("retry-after-ms", "1500.5"), ("retry-after-ms", "200")],
        "",
    );
    assert_eq!(error.retry_after(), Some(Duration::from_micros(1_500_500)));
}

#[test]
fn epoch_seconds_too_large_to_be_seconds_are_milliseconds_and_the_past_is_zero() {
    let millis = (SystemTime::now().duration_since(UNIX_EPOCH).expect("clock")
        + Duration::from_secs(40))
    .as_millis();
    let error = api(
        403,
        &[("x-left", "0"), ("x-reset-epoch", &millis.to_string())],
        "",
    );
    assert!(about(error.retry_after(), 40), "{:?}", error.retry_after());
    let error = api(403, &[("x-left", "0"), ("x-reset-epoch", "1000000000")], "");
    assert_eq!(error.retry_after(), Some(Duration::ZERO));
    let error = api(
        403,
        &[
            ("x-left", "0"),
            ("x-reset-epoch", "99999999999999999999999999"),
        ],
        "",
    );
    // Far beyond any date: capped.
    assert_eq!(error.retry_after(), Some(http_api_error::MAX_DELAY));
}

#[test]
fn every_reset_format() {
    let in_a_minute = SystemTime::now() + Duration::from_secs(60);
    let epoch_ms = in_a_minute
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_millis()
        .to_string();
    let rfc3339 = humantime::format_rfc3339_seconds(in_a_minute).to_string();
    let http_date = httpdate::fmt_http_date(in_a_minute);
    for (name, value, secs) in [
        ("x-epoch-ms", epoch_ms.as_str(), 60),
        ("x-delta-ms", "60000", 60),
        ("x-duration", "1m0s", 60),
        ("x-duration", "6m0s", 360),
        ("x-duration", "1.5s", 1),
        ("x-rfc3339", rfc3339.as_str(), 60),
        ("x-http-date", http_date.as_str(), 60),
    ] {
        let error = Formats::from_parts(
            StatusCode::TOO_MANY_REQUESTS,
            &headers(&[(name, value)]),
            b"",
        );
        assert!(
            about(error.retry_after(), secs),
            "{name}: {value} gave {:?}",
            error.retry_after()
        );
    }
    for (name, value) in [
        ("x-duration", "1h2x"),
        ("x-duration", "-5s"),
        ("x-rfc3339", "tomorrow"),
        ("x-http-date", "60"),
        ("x-delta-ms", "1e3"),
        ("x-epoch-ms", "-1"),
    ] {
        let error = Formats::from_parts(
            StatusCode::TOO_MANY_REQUESTS,
            &headers(&[(name, value)]),
            b"",
        );
        assert_eq!(error.retry_after(), None, "{name}: {value}");
    }
}

#[test]
fn the_policy_waits_the_refined_delay_and_gives_up_when_it_is_too_long() {
    let policy = RetryPolicy::new()
        .jitter(false)
        .max_delay(Duration::from_secs(30));
    let error = api(403, &[("ratelimit", r#""default";r=0;t=20"#)], "");
    assert_eq!(
        policy.decide(&error, 1),
        Decision::Wait(Duration::from_secs(20))
    );
    let error = api(403, &[("ratelimit", r#""default";r=0;t=3600"#)], "");
    assert_eq!(
        policy.decide(&error, 1),
        Decision::Stop(Stop::RetryAfterTooLong(Duration::from_secs(3600)))
    );
}

#[derive(Debug, ApiError)]
enum Escalated {
    #[status(429, escalate)]
    Limited(#[context] Context),
    #[status(403, code = "secondary", retry = when_asked)]
    Secondary(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

#[test]
fn an_escalated_error_stays_unretried_when_its_limit_is_spent() {
    let error = Escalated::from_parts(
        StatusCode::TOO_MANY_REQUESTS,
        &headers(&[("ratelimit", r#""default";r=0;t=5"#)]),
        b"",
    );
    assert_eq!(error.retry(), Retry::Never);
    assert!(error.escalate());
}

#[test]
fn when_asked_applies_to_a_variant_chosen_by_code() {
    let body = br#"{"code": "secondary"}"#;
    let asked = Escalated::from_parts(
        StatusCode::FORBIDDEN,
        &headers(&[("retry-after", "9")]),
        body,
    );
    assert!(matches!(asked, Escalated::Secondary(_)));
    assert_eq!(asked.advice().reason, Reason::AskedByResponse);
    assert_eq!(asked.retry(), Retry::Backoff);
    let silent = Escalated::from_parts(StatusCode::FORBIDDEN, &HeaderMap::new(), body);
    assert_eq!(silent.retry(), Retry::Never);
}

// ----- absurd delays -----------------------------------------------------------------

#[test]
fn no_delay_is_longer_than_a_day_so_that_now_plus_delay_never_panics() {
    for pairs in [
        &[("retry-after", "99999999999999999999")][..],
        &[("retry-after-ms", "99999999999999999999999")],
        &[("ratelimit", r#""default";r=0;t=999999999"#)],
        &[("x-reset-after", "99999999999999999999")],
    ] {
        let error = api(429, pairs, "");
        let delay = error.advice().delay.expect("a delay");
        assert_eq!(delay, http_api_error::MAX_DELAY, "{pairs:?}");
        assert_eq!(error.retry_after(), Some(http_api_error::MAX_DELAY));
        let _ = std::time::Instant::now() + delay;
    }
    let context = error_context(&[("retry-after", "99999999999999999999")]);
    assert_eq!(context.retry_after(), Some(http_api_error::MAX_DELAY));
}

fn error_context(pairs: &[(&str, &str)]) -> Context {
    let error = api(503, pairs, "");
    error.context().expect("a context").clone()
}

#[test]
fn an_ietf_reset_no_delta_can_be_is_an_epoch() {
    // GitLab sends an epoch where the drafts mean seconds from now.
    let error = api(
        429,
        &[
            ("ratelimit-remaining", "0"),
            ("ratelimit-reset", &epoch_in(30)),
        ],
        "",
    );
    assert!(about(error.retry_after(), 30), "{:?}", error.retry_after());
    assert_eq!(
        error.advice().delay_source,
        Some(DelaySource::RateLimitField)
    );
    // An epoch in the past is no wait; a real delta is a delta.
    let past = api(
        429,
        &[
            ("ratelimit-remaining", "0"),
            ("ratelimit-reset", "1000000000"),
        ],
        "",
    );
    assert_eq!(past.retry_after(), Some(Duration::ZERO));
    let delta = api(
        429,
        &[("ratelimit-remaining", "0"), ("ratelimit-reset", "45")],
        "",
    );
    assert_eq!(delta.retry_after(), Some(Duration::from_secs(45)));
}

/// The IETF names declared in another format: the declaration reads them.
#[derive(Debug, ApiError)]
#[api(rate_limit(
    remaining = "ratelimit-remaining",
    reset = "ratelimit-reset",
    format = epoch_millis
))]
enum DeclaresIetfNames {
    #[status(other)]
    Any(#[context] Context),
}

#[test]
fn a_declared_header_is_read_as_declared_before_the_generic_reading() {
    let in_ms = (SystemTime::now().duration_since(UNIX_EPOCH).expect("clock")
        + Duration::from_secs(20))
    .as_millis()
    .to_string();
    let error = DeclaresIetfNames::from_parts(
        StatusCode::TOO_MANY_REQUESTS,
        &headers(&[("ratelimit-remaining", "0"), ("ratelimit-reset", &in_ms)]),
        b"",
    );
    assert!(about(error.retry_after(), 20), "{:?}", error.retry_after());
    assert_eq!(
        error.advice().delay_source,
        Some(DelaySource::ResetHeader("ratelimit-reset"))
    );
}

/// Shopify's leaky bucket beside a windowed limit.
#[derive(Debug, ApiError)]
#[api(
    rate_limit(bucket = "x-shopify-shop-api-call-limit", leak_per_second = 2),
    rate_limit(bucket = "x-undocumented-bucket"),
    rate_limit(remaining = "x-window-left", reset = "x-window-reset", format = delta_seconds)
)]
enum Buckets {
    #[status(403)]
    Forbidden(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn buckets(status: u16, pairs: &[(&str, &str)]) -> Buckets {
    Buckets::from_parts(
        StatusCode::from_u16(status).expect("status"),
        &headers(pairs),
        b"",
    )
}

#[test]
fn a_full_bucket_backs_off_for_the_leak_time_and_the_longest_spent_limit_wins() {
    let full = buckets(429, &[("x-shopify-shop-api-call-limit", "40/40")]);
    assert_eq!(full.retry(), Retry::Backoff);
    assert_eq!(full.retry_after(), Some(Duration::from_millis(500)));
    assert_eq!(
        full.advice().delay_source,
        Some(DelaySource::ResetHeader("x-shopify-shop-api-call-limit"))
    );
    // Over full by two: three requests must leak out first.
    let over = buckets(429, &[("x-shopify-shop-api-call-limit", "42/40")]);
    assert_eq!(over.retry_after(), Some(Duration::from_millis(1500)));
    // Room left: no wait, and a 403 stays a 403.
    let room = buckets(403, &[("x-shopify-shop-api-call-limit", "39/40")]);
    assert_eq!((room.retry(), room.retry_after()), (Retry::Never, None));
    // A full bucket makes a 403 a rate limit.
    let spent = buckets(403, &[("x-shopify-shop-api-call-limit", " 40 / 40 ")]);
    assert_eq!(spent.retry(), Retry::Backoff);
    assert_eq!(spent.advice().reason, Reason::RateLimited);
    // An undocumented rate: full backs off with no delay of its own.
    let unknown = buckets(403, &[("x-undocumented-bucket", "10/10")]);
    assert_eq!(unknown.retry(), Retry::Backoff);
    assert_eq!(unknown.retry_after(), Some(Duration::ZERO));
    // Several limits spent at once: the longest wait wins.
    let both = buckets(
        429,
        &[
            ("x-shopify-shop-api-call-limit", "40/40"),
            ("x-window-left", "0"),
            ("x-window-reset", "2.25"),
        ],
    );
    assert_eq!(both.retry_after(), Some(Duration::from_millis(2250)));
    // Garbage is no bucket.
    for value in ["40", "a/b", "40/", "/40", "-1/40", "40/40/40"] {
        let error = buckets(403, &[("x-shopify-shop-api-call-limit", value)]);
        assert_eq!(error.retry(), Retry::Never, "{value}");
    }
}

#[test]
fn the_pacer_learns_a_bucket_from_successes() {
    use http_api_error::retry::Pacer;
    use std::time::Instant;
    let pacer = Pacer::new();
    let now = Instant::now();
    pacer.observe::<Buckets>(
        "shop.example.com",
        StatusCode::OK,
        &headers(&[("x-shopify-shop-api-call-limit", "38/40")]),
        now,
    );
    // Two requests fit; the third waits for the bucket to leak.
    assert_eq!(pacer.wait("shop.example.com", now), Duration::ZERO);
    assert_eq!(pacer.wait("shop.example.com", now), Duration::ZERO);
    assert!(pacer.wait("shop.example.com", now) > Duration::ZERO);
}

/// An API that writes its `Retry-After` as a duration, which RFC 9110 would not
/// read, and says so.
#[derive(Debug, ApiError)]
#[api(rate_limit(reset = "retry-after", format = duration))]
enum DurationRetryAfter {
    #[status(429, retry = when_asked)]
    Throttled(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

#[test]
fn a_declared_reset_header_named_retry_after_is_read_by_its_declaration() {
    let error = DurationRetryAfter::from_parts(
        StatusCode::TOO_MANY_REQUESTS,
        &headers(&[("retry-after", "1m30s")]),
        b"",
    );
    let advice = error.advice();
    assert_eq!(advice.delay, Some(Duration::from_secs(90)));
    assert_eq!(advice.retry, Retry::Backoff);
}
