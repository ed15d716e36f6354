//! One test per run-time row of `shared/BAD_INPUTS.md`: what real servers send.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, HeaderValue, StatusCode};
use http_api_error::body::BodyError;
use http_api_error::body::{ErrorBody, FieldErrors, Problem, Validation};
use http_api_error::investsuite::InvestSuiteError;
use http_api_error::smartsuite::SmartSuiteError;
use http_api_error::{ApiError, Class, Context, Retry};

fn smartsuite(code: u16, headers: &[(&str, &str)], body: &[u8]) -> SmartSuiteError {
    decode(code, headers, body)
}

fn decode<E: ApiError>(code: u16, headers: &[(&str, &str)], body: &[u8]) -> E {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        map.append(
            http::HeaderName::from_bytes(name.as_bytes()).expect("name"),
            HeaderValue::from_bytes(value.as_bytes()).expect("value"),
        );
    }
    E::from_parts(StatusCode::from_u16(code).expect("status"), &map, body)
}

fn body_error<E: ApiError>(error: &E) -> Option<&BodyError> {
    error.context().and_then(Context::body_error)
}

fn raw<E: ApiError>(error: &E) -> &[u8] {
    error.context().map(Context::raw_body).expect("context")
}

const NGINX: &[u8] = b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";

#[test]
fn html_from_a_load_balancer_is_classified_by_status_kept_raw_and_reported_not_json() {
    for code in [502, 503, 504, 520, 521, 522, 523, 524] {
        let error = smartsuite(code, &[("content-type", "text/html")], NGINX);
        assert_eq!(error.status().as_u16(), code);
        assert_eq!(raw(&error), NGINX, "{code}");
        assert_eq!(body_error(&error), Some(&BodyError::NotJson), "{code}");
        assert_eq!(error.class(), Class::Server);
    }
    assert_eq!(smartsuite(502, &[], NGINX).retry(), Retry::Immediately);
    assert_eq!(smartsuite(503, &[], NGINX).retry(), Retry::Backoff);
    assert_eq!(smartsuite(504, &[], NGINX).retry(), Retry::Backoff);
    assert_eq!(smartsuite(520, &[], NGINX).retry(), Retry::Never);
    let error: InvestSuiteError = decode(503, &[], NGINX);
    assert!(matches!(error, InvestSuiteError::ServerError(None, _)));
    assert!(error.escalate());
}

#[test]
fn an_empty_body_on_any_status_is_none_without_parsing() {
    for code in [400, 401, 403, 404, 422, 500, 502, 503] {
        let error = smartsuite(code, &[("content-type", "application/json")], b"");
        assert!(error.error_body().is_none(), "{code}");
        assert_ne!(
            error.variant_name(),
            "Unexpected",
            "{code}: the variant stays"
        );
        assert_eq!(body_error(&error), Some(&BodyError::Empty), "{code}");
    }
    assert_eq!(
        body_error(&smartsuite(404, &[], b" \r\n\t ")),
        Some(&BodyError::Empty)
    );
}

#[test]
fn content_type_is_never_trusted_alone() {
    let json = br#"{"detail":"Not found."}"#;
    for content_type in [
        None,
        Some("text/plain"),
        Some("text/html"),
        Some("application/json; charset=utf-8"),
        Some("application/problem+json"),
        Some("application/vnd.api+json"),
    ] {
        let headers: Vec<(&str, &str)> = content_type
            .map(|c| ("content-type", c))
            .into_iter()
            .collect();
        let error = smartsuite(404, &headers, json);
        assert_eq!(
            error.message().as_deref(),
            Some("Not found."),
            "{content_type:?}"
        );
    }
    let error = smartsuite(404, &[("content-type", "application/json")], b"Not found");
    assert_eq!(body_error(&error), Some(&BodyError::NotJson));
}

#[test]
fn a_utf8_bom_is_stripped() {
    let error = smartsuite(400, &[], b"\xEF\xBB\xBF{\"detail\":\"bom\"}");
    assert_eq!(error.message().as_deref(), Some("bom"));
    assert_eq!(&raw(&error)[..3], b"\xEF\xBB\xBF", "the raw bytes keep it");
}

#[test]
fn bytes_that_are_not_utf8_and_lone_surrogates_keep_error_and_raw() {
    for body in [
        &b"{\"detail\":\"\xff\xfe\"}"[..],
        br#"{"detail":"\ud800"}"#,
        b"\xff\xfe\xfd",
    ] {
        let error = smartsuite(400, &[], body);
        assert!(error.error_body().is_none(), "{body:?}");
        assert!(body_error(&error).is_some(), "{body:?}");
        assert_eq!(raw(&error), body);
        let preview = error.context().expect("context").body_preview(8);
        assert!(preview.chars().count() <= 8);
    }
}

#[test]
fn truncated_json_keeps_the_error_and_the_bytes() {
    let body = br#"{"detail":"Request was thrott"#;
    let error = smartsuite(503, &[], body);
    assert!(matches!(
        body_error(&error),
        Some(BodyError::Malformed { .. })
    ));
    assert_eq!(raw(&error), body);
    assert!(matches!(
        error,
        SmartSuiteError::ServiceUnavailable(None, _)
    ));
}

#[test]
fn a_very_large_body_is_kept_whole_by_from_parts() {
    let mut body = br#"{"detail":""#.to_vec();
    body.extend(std::iter::repeat_n(b'x', 4 << 20));
    body.extend(br#""}"#);
    let error = smartsuite(400, &[], &body);
    assert_eq!(raw(&error).len(), body.len());
    // The reading caps the message; the raw body keeps every byte.
    let message = error.message().expect("a message");
    assert_eq!(
        message.len(),
        http_api_error::body::MAX_MESSAGE_BYTES + '…'.len_utf8()
    );
    assert!(!error.context().expect("context").is_truncated());
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    let depth = 100_000;
    let unclosed = "[".repeat(depth);
    let error = smartsuite(400, &[], unclosed.as_bytes());
    assert!(matches!(
        body_error(&error),
        Some(BodyError::Malformed { .. })
    ));

    // Where a value is read, serde_json's recursion limit answers.
    let nested_field = format!("{{\"f\":{}{}}}", "[".repeat(depth), "]".repeat(depth));
    let error = smartsuite(422, &[], nested_field.as_bytes());
    assert!(
        matches!(body_error(&error), Some(BodyError::Malformed { message, .. }) if message.contains("recursion limit")),
        "{:?}",
        body_error(&error)
    );
    let nested_objects = format!("{}{}", "{\"a\":".repeat(depth / 2), "1");
    let error = smartsuite(422, &[], nested_objects.as_bytes());
    assert!(body_error(&error).is_some());

    // Nesting past serde_json's limit anywhere in the body is an error, even in a
    // member the body type leaves out: the body is parsed once, whole, for the
    // typed body and the reading alike. The raw bytes and the status stay.
    let ignored = format!(
        "{{\"title\":\"t\",\"extra\":{}{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let error: InvestSuiteError = decode(401, &[], ignored.as_bytes());
    assert_eq!(error.status(), 401);
    assert_eq!(
        error.context().expect("context").raw_body(),
        ignored.as_bytes()
    );
    assert!(
        matches!(body_error(&error), Some(BodyError::Malformed { message, .. }) if message.contains("recursion limit"))
    );
}

#[test]
fn duplicate_keys_last_one_wins() {
    let error = smartsuite(404, &[], br#"{"detail":"first","detail":"second"}"#);
    assert_eq!(error.message().as_deref(), Some("second"));
    let body: Problem =
        serde_json::from_str(r#"{"title":"a","title":"b","request_id":"1","request_id":"2"}"#)
            .expect("problem");
    assert_eq!(
        (body.title.as_deref(), body.request_id.as_deref()),
        (Some("b"), Some("2"))
    );
    let body: Validation =
        serde_json::from_str(r#"{"detail":"a","detail":[{"loc":["x"],"msg":"m"}]}"#)
            .expect("validation");
    assert_eq!(body.field_errors().len(), 1);
}

#[test]
fn ids_and_codes_may_be_numbers_or_strings() {
    let error: InvestSuiteError = decode(
        401,
        &[],
        br#"{"title":"Unauthorized","request_id":12345,"status":"401"}"#,
    );
    assert_eq!(error.request_id(), Some("12345"));
    let InvestSuiteError::Unauthorized(Some(problem), _) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(problem.status, Some(401));
    let body: Validation = serde_json::from_str(
        r#"{"status":422,"detail":[{"loc":["items",3,"id"],"msg":"bad","type":7}]}"#,
    )
    .expect("validation");
    assert_eq!(body.status, Some(422));
    assert_eq!(body.issues()[0].kind.as_deref(), Some("7"));
    assert_eq!(body.field_errors()[0].field, "items.3.id");
    let body: FieldErrors =
        serde_json::from_str(r#"{"code": 17, "id": ["x", 3]}"#).expect("fields");
    // A number beside the fields is the body's code, not a field.
    assert_eq!(body.get("code").count(), 0);
    assert_eq!(body.get("id").collect::<Vec<_>>(), vec!["x", "3"]);
}

#[test]
fn unknown_fields_and_new_codes_are_accepted() {
    let error: InvestSuiteError = decode(
        403,
        &[],
        br#"{"title":"Forbidden","description":"no","new_member":{"x":[1]},"code":"E_NEW"}"#,
    );
    assert_eq!(error.message().as_deref(), Some("no"));
    let error: InvestSuiteError = decode(422, &[], br#"{"title":"Validation error","detail":[{"loc":["q"],"msg":"m","type":"t","ctx":{},"input":"x","url":"u"}],"extra":true}"#);
    assert_eq!(error.field_errors().len(), 1);
}

#[test]
fn null_where_a_value_was_expected_is_missing() {
    let error: InvestSuiteError = decode(
        401,
        &[],
        br#"{"title":null,"description":null,"detail":"JWT expired","request_id":null}"#,
    );
    assert_eq!(error.message().as_deref(), Some("JWT expired"));
    assert_eq!(error.request_id(), None);
    let body: FieldErrors =
        serde_json::from_str(r#"{"detail":null,"message":"m","name":null}"#).expect("fields");
    assert_eq!(body.general_message(), Some("m"));
    assert!(body.fields().is_empty());
    let body: Validation =
        serde_json::from_str(r#"{"title":"t","detail":null,"body":null}"#).expect("validation");
    assert!(body.echoed_request().is_none());
    assert_eq!(body.message().as_deref(), Some("t"));
}

#[test]
fn gzip_bytes_nobody_decompressed_are_reported_as_compressed() {
    let gzip = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xab, 0xae, 0x05, 0x00,
    ];
    let error = smartsuite(400, &[("content-type", "application/json")], &gzip);
    assert_eq!(
        body_error(&error),
        Some(&BodyError::Compressed { encoding: "gzip" })
    );
    assert_eq!(raw(&error), gzip);
    assert!(body_error(&error)
        .expect("error")
        .to_string()
        .contains("gzip"));
}

#[test]
fn undocumented_statuses_reach_other_with_default_advice() {
    let expected = [
        (418, Retry::Never),
        (429, Retry::Backoff),
        (504, Retry::Backoff),
        (501, Retry::Never),
        (505, Retry::Never),
        (520, Retry::Never),
        (530, Retry::Never),
        (599, Retry::Never),
        (600, Retry::Never),
        (999, Retry::Never),
    ];
    for (code, retry) in expected {
        let error = smartsuite(code, &[], b"{}");
        assert!(matches!(error, SmartSuiteError::Unexpected(_)), "{code}");
        assert_eq!(error.retry(), retry, "{code}");
        assert_eq!(error.status().as_u16(), code);
    }
    let error: InvestSuiteError = decode(429, &[], b"");
    assert_eq!(error.retry(), Retry::Backoff);
    let error: InvestSuiteError = decode(503, &[], b"");
    assert!(matches!(error, InvestSuiteError::ServerError(..)));
    assert_eq!(
        error.retry(),
        Retry::Never,
        "InvestSuite escalates its 5xx instead"
    );
}

#[test]
fn informational_success_and_redirect_statuses_are_other_and_never_retried() {
    for code in [100, 101, 200, 201, 204, 301, 302, 304, 308] {
        let error = smartsuite(code, &[("retry-after", "5")], b"{\"detail\":\"ok\"}");
        assert!(matches!(error, SmartSuiteError::Unexpected(_)), "{code}");
        assert_eq!(error.class(), Class::Other);
        assert_eq!(error.retry(), Retry::Never);
        assert!(!error.is_retryable());
    }
}

#[test]
fn retry_after_in_seconds_and_in_all_three_date_forms() {
    let error = smartsuite(503, &[("retry-after", "120")], b"");
    assert_eq!(error.retry_after(), Some(Duration::from_mins(2)));
    let future = SystemTime::now() + Duration::from_hours(1);
    let imf = httpdate::fmt_http_date(future);
    let error = smartsuite(503, &[("retry-after", &imf)], b"");
    let wait = error.retry_after().expect("a date parses");
    assert!(
        wait > Duration::from_secs(3500) && wait <= Duration::from_hours(1),
        "{wait:?}"
    );
    for past in [
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
    ] {
        let error = smartsuite(503, &[("retry-after", past)], b"");
        assert_eq!(error.retry_after(), Some(Duration::ZERO), "{past}");
    }
}

#[test]
fn retry_after_garbage_is_absent_and_huge_values_saturate() {
    for value in [
        "-5",
        "1.5.0",
        ".5",
        "1e3",
        "",
        "   ",
        "soon",
        "5s",
        "+5",
        "0x10",
        "Wed, 99 Foo 2015",
    ] {
        let error = smartsuite(503, &[("retry-after", value)], b"");
        assert_eq!(error.retry_after(), None, "{value:?}");
    }
    let error = smartsuite(503, &[("retry-after", " 7 ")], b"");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    // Some APIs send a decimal: that many seconds.
    let error = smartsuite(503, &[("retry-after", "1.5")], b"");
    assert_eq!(error.retry_after(), Some(Duration::from_millis(1500)));
    let error = smartsuite(
        503,
        &[("retry-after", "99999999999999999999999999999")],
        b"",
    );
    assert_eq!(error.retry_after(), Some(http_api_error::MAX_DELAY));
    let error = smartsuite(
        503,
        &[
            ("retry-after", "garbage"),
            ("retry-after", "3"),
            ("retry-after", "10"),
        ],
        b"",
    );
    assert_eq!(
        error.retry_after(),
        Some(Duration::from_secs(10)),
        "repeated: the longest wait"
    );
    let mut headers = HeaderMap::new();
    headers.insert(
        "retry-after",
        HeaderValue::from_bytes(b"\xff5").expect("obs-text"),
    );
    let error = SmartSuiteError::from_parts(StatusCode::SERVICE_UNAVAILABLE, &headers, b"");
    assert_eq!(error.retry_after(), None);
}

#[test]
fn an_echoed_request_body_or_token_is_never_printed() {
    let body = br#"{"title":"Bad request","detail":[{"loc":["body","password"],"msg":"too short","type":"x"}],"status":400,"body":{"password":"hunter2","token":"sk_live_123"}}"#;
    let error: InvestSuiteError = decode(400, &[("authorization", "Bearer sk_live_123")], body);
    let printed = format!("{error:?} {error} {error:#?}");
    assert!(
        !printed.contains("hunter2") && !printed.contains("sk_live_123"),
        "{printed}"
    );
    let InvestSuiteError::BadRequest(Some(validation), context) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        validation
            .echoed_request()
            .and_then(|b| b["password"].as_str()),
        Some("hunter2")
    );
    assert_eq!(
        context.raw_body(),
        body,
        "reachable through the explicit accessor"
    );
}
