//! The body conventions: real Django REST framework and FastAPI responses captured on
//! 127.0.0.1 (`tests/fixtures/captured/`), and one test per row of the README's
//! conventions table, each in the shape a public API documents.

use http::{HeaderMap, StatusCode};
use http_api_error::body::{FieldError, Pointers, Reading};
use http_api_error::{ApiError, Context};
use http_api_error_tests::{own_fixtures_dir, Fixture};
use serde::Deserialize;

/// An enum that knows nothing of the API: every answer comes from the conventions.
#[derive(Debug, ApiError)]
#[api(display)]
enum AnyApi {
    #[status(other)]
    Any(#[context] Context),
}

/// An enum that declares its API FastAPI's: `{"detail": [...]}` is then FastAPI's
/// `HTTPException` detail, not a field map's member named `detail`.
#[derive(Debug, ApiError)]
#[api(display, dialect = fastapi)]
enum FastApi {
    #[status(other)]
    Any(#[context] Context),
}

/// The same with pointers declared.
#[derive(Debug, ApiError)]
#[api(
    message = "/fault/text",
    code = "/fault/id",
    field_errors = "/fault/fields",
    request_id = "/meta/trace"
)]
enum Pointed {
    #[status(other)]
    Any(#[context] Context),
}

fn read(status: u16, body: &str) -> AnyApi {
    AnyApi::from_parts(
        StatusCode::from_u16(status).expect("status"),
        &HeaderMap::new(),
        body.as_bytes(),
    )
}

fn fields(error: &impl ApiError) -> Vec<(String, String)> {
    let mut fields: Vec<_> = error
        .field_errors()
        .into_iter()
        .map(|e| (e.field, e.message))
        .collect();
    fields.sort();
    fields
}

fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<_> = pairs
        .iter()
        .map(|(f, m)| ((*f).to_owned(), (*m).to_owned()))
        .collect();
    pairs.sort();
    pairs
}

#[derive(Debug, Deserialize)]
struct CapturedCase {
    file: String,
    status: u16,
    message: Option<String>,
    field_errors: Vec<(String, String)>,
    code: Option<String>,
    retry_after_secs: Option<u64>,
}

#[test]
fn every_captured_response_reads_as_a_person_would() {
    let dir = own_fixtures_dir().join("captured");
    let text = std::fs::read_to_string(dir.join("cases.json")).expect("captured cases.json");
    let cases: Vec<CapturedCase> = serde_json::from_str(&text).expect("cases parse");
    assert!(cases.len() >= 26, "{} captured cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let fixture = Fixture::read(&dir.join(&case.file)).expect("fixture loads");
        let error = if case.file.starts_with("fastapi/") {
            Captured::FastApi(fixture.decode())
        } else {
            Captured::Any(fixture.decode())
        };
        let error: &dyn Accessors = match &error {
            Captured::FastApi(error) => error,
            Captured::Any(error) => error,
        };
        let mut expected_fields = case.field_errors.clone();
        expected_fields.sort();
        let actual = (
            error.case_status(),
            error.case_message(),
            error.case_fields(),
            error.case_code(),
            error.case_retry_after_secs(),
        );
        let expected = (
            case.status,
            case.message.clone(),
            expected_fields,
            case.code.clone(),
            case.retry_after_secs,
        );
        if actual != expected {
            failures.push(format!(
                "{}\n  expected {expected:?}\n  actual   {actual:?}",
                case.file
            ));
        }
        assert_eq!(error.case_raw_body(), fixture.body.as_slice());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A captured response read by the enum its framework's users would declare.
enum Captured {
    FastApi(FastApi),
    Any(AnyApi),
}

/// What the captured cases compare, for either enum.
trait Accessors {
    fn case_status(&self) -> u16;
    fn case_message(&self) -> Option<String>;
    fn case_fields(&self) -> Vec<(String, String)>;
    fn case_code(&self) -> Option<String>;
    fn case_retry_after_secs(&self) -> Option<u64>;
    fn case_raw_body(&self) -> &[u8];
}

impl<E: ApiError> Accessors for E {
    fn case_status(&self) -> u16 {
        ApiError::status(self).as_u16()
    }
    fn case_message(&self) -> Option<String> {
        ApiError::message(self).map(std::borrow::Cow::into_owned)
    }
    fn case_fields(&self) -> Vec<(String, String)> {
        fields(self)
    }
    fn case_code(&self) -> Option<String> {
        ApiError::code(self).map(std::borrow::Cow::into_owned)
    }
    fn case_retry_after_secs(&self) -> Option<u64> {
        ApiError::retry_after(self).map(|d| d.as_secs())
    }
    fn case_raw_body(&self) -> &[u8] {
        self.context().map(Context::raw_body).unwrap_or_default()
    }
}

#[test]
fn every_captured_file_has_a_case() {
    let dir = own_fixtures_dir().join("captured");
    let text = std::fs::read_to_string(dir.join("cases.json")).expect("captured cases.json");
    let cases: Vec<CapturedCase> = serde_json::from_str(&text).expect("cases parse");
    for framework in ["drf", "fastapi"] {
        for entry in std::fs::read_dir(dir.join(framework)).expect("folder") {
            let name = entry
                .expect("entry")
                .file_name()
                .into_string()
                .expect("name");
            let file = format!("{framework}/{name}");
            assert!(cases.iter().any(|c| c.file == file), "{file} has no case");
        }
    }
}

// ----- message -----------------------------------------------------------------

#[test]
fn message_keys_in_order() {
    assert_eq!(
        read(400, r#"{"message": "m", "detail": "d"}"#)
            .message()
            .as_deref(),
        Some("m")
    );
    assert_eq!(
        read(400, r#"{"Message": "AWS style"}"#)
            .message()
            .as_deref(),
        Some("AWS style")
    );
    assert_eq!(
        read(400, r#"{"msg": "short"}"#).message().as_deref(),
        Some("short")
    );
    assert_eq!(
        read(400, r#"{"detail": "d", "title": "t"}"#)
            .message()
            .as_deref(),
        Some("d")
    );
    assert_eq!(
        read(400, r#"{"title": "Only a title"}"#)
            .message()
            .as_deref(),
        Some("Only a title")
    );
    assert_eq!(
        read(400, r#"{"error": "Not Found"}"#).message().as_deref(),
        Some("Not Found")
    );
}

#[test]
fn an_error_object_is_read_first() {
    // Stripe, OpenAI, Anthropic, Google, Azure.
    let error = read(
        402,
        r#"{"message": "outer", "error": {"type": "card_error", "code": "card_declined", "message": "Your card was declined."}}"#,
    );
    assert_eq!(error.message().as_deref(), Some("Your card was declined."));
    assert_eq!(error.code().as_deref(), Some("card_declined"));
}

#[test]
fn oauth_error_is_the_code_beside_its_description() {
    let error = read(
        400,
        r#"{"error": "invalid_grant", "error_description": "The code has expired."}"#,
    );
    assert_eq!(error.message().as_deref(), Some("The code has expired."));
    assert_eq!(error.code().as_deref(), Some("invalid_grant"));
}

#[test]
fn spring_boot_message_beats_its_reason_phrase() {
    let error = read(
        404,
        r#"{"timestamp": "2026-01-01T00:00:00.000+00:00", "status": 404, "error": "Not Found", "message": "No order 7", "path": "/orders/7"}"#,
    );
    assert_eq!(error.message().as_deref(), Some("No order 7"));
    assert_eq!(error.code(), None, "the status echo is no code");
    assert!(error.field_errors().is_empty());
}

#[test]
fn a_bare_string_or_list_of_strings_is_the_message() {
    assert_eq!(
        read(400, r#""Quota exceeded""#).message().as_deref(),
        Some("Quota exceeded")
    );
    assert_eq!(
        read(400, r#"["a", "b"]"#).message().as_deref(),
        Some("a; b")
    );
}

#[test]
fn entries_without_a_field_are_general_messages() {
    // Twitter / X v1.1, GitHub GraphQL-style.
    let error = read(
        429,
        r#"{"errors": [{"code": 88, "message": "Rate limit exceeded"}]}"#,
    );
    assert_eq!(error.message().as_deref(), Some("Rate limit exceeded"));
    assert_eq!(error.code().as_deref(), Some("88"));
    // Salesforce: a bare list of entries.
    let error = read(
        401,
        r#"[{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]"#,
    );
    assert_eq!(
        error.message().as_deref(),
        Some("Session expired or invalid")
    );
    assert_eq!(error.code().as_deref(), Some("INVALID_SESSION_ID"));
}

#[test]
fn a_short_plain_text_body_is_its_own_message_but_html_is_not() {
    assert_eq!(
        read(502, "upstream timed out").message().as_deref(),
        Some("upstream timed out")
    );
    assert_eq!(
        read(502, "<html><body>Bad Gateway</body></html>").message(),
        None
    );
    assert_eq!(read(502, &"x".repeat(201)).message(), None);
    assert_eq!(read(500, "").message(), None);
}

#[test]
fn field_errors_stand_in_for_a_missing_message_in_display() {
    let error = read(
        400,
        r#"{"email": ["Enter a valid email address."], "age": ["Too young."]}"#,
    );
    assert_eq!(error.message(), None);
    assert_eq!(
        error.to_string(),
        "API error 400 Bad Request: age: Too young.; email: Enter a valid email address."
    );
    let many = read(
        400,
        r#"{"a": ["1"], "b": ["2"], "c": ["3"], "d": ["4"], "e": ["5"]}"#,
    );
    assert_eq!(
        many.to_string(),
        "API error 400 Bad Request: a: 1; b: 2; c: 3 (and 2 more)"
    );
}

// ----- code --------------------------------------------------------------------

#[test]
fn code_keys_and_error_object_members() {
    // OpenAI: `code` is null, so `type` answers.
    let error = read(
        400,
        r#"{"error": {"message": "m", "type": "invalid_request_error", "param": null, "code": null}}"#,
    );
    assert_eq!(error.code().as_deref(), Some("invalid_request_error"));
    // Anthropic: the top-level `type` is "error" and says nothing.
    let error = read(
        529,
        r#"{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}, "request_id": "req_1"}"#,
    );
    assert_eq!(error.code().as_deref(), Some("overloaded_error"));
    assert_eq!(error.request_id(), Some("req_1"));
    // Google: `code` echoes the status; `status` is the canonical code.
    let error = read(
        429,
        r#"{"error": {"code": 429, "message": "Quota", "status": "RESOURCE_EXHAUSTED"}}"#,
    );
    assert_eq!(error.code().as_deref(), Some("RESOURCE_EXHAUSTED"));
    for key in ["code", "Code", "error_code", "errorCode"] {
        let error = read(400, &format!(r#"{{"{key}": "E42"}}"#));
        assert_eq!(error.code().as_deref(), Some("E42"), "{key}");
    }
}

#[test]
fn aws_codes_lose_their_namespace_and_suffix() {
    let error = read(
        400,
        r#"{"__type": "com.amazonaws.dynamodb.v20120810#ThrottlingException", "message": "Rate exceeded"}"#,
    );
    assert_eq!(error.code().as_deref(), Some("ThrottlingException"));
    let error = read(
        400,
        r#"{"__type": "aws.protocoltests#FooError:http://internal.amazon.com/coral/#x"}"#,
    );
    assert_eq!(error.code().as_deref(), Some("FooError"));
}

#[test]
fn codes_of_the_wrong_type_are_absent() {
    for body in [
        r#"{"code": true}"#,
        r#"{"code": {"a": 1}}"#,
        r#"{"code": 1.5}"#,
        r#"{"code": ""}"#,
        r#"{"code": null}"#,
    ] {
        assert_eq!(read(400, body).code(), None, "{body}");
    }
}

// ----- field errors ------------------------------------------------------------

#[test]
fn stripe_and_openai_param_names_the_field() {
    let error = read(
        400,
        r#"{"error": {"type": "invalid_request_error", "param": "amount", "message": "Invalid integer: abc"}}"#,
    );
    assert_eq!(
        error.field_errors(),
        vec![FieldError::new("amount", "Invalid integer: abc")]
    );
}

#[test]
fn github_entries_fall_back_to_their_code() {
    let error = read(
        422,
        r#"{"message": "Validation Failed", "errors": [{"resource": "Issue", "field": "title", "code": "missing_field"}], "documentation_url": "https://docs.example/x"}"#,
    );
    assert_eq!(error.message().as_deref(), Some("Validation Failed"));
    assert_eq!(
        error.field_errors(),
        vec![FieldError::new("title", "missing_field")]
    );
}

#[test]
fn json_api_source_pointer_becomes_a_path() {
    let error = read(
        422,
        r#"{"errors": [{"status": "422", "code": "too_short", "title": "Invalid Attribute", "detail": "must be 3 characters", "source": {"pointer": "/data/attributes/first~1name"}}]}"#,
    );
    assert_eq!(
        error.field_errors(),
        vec![FieldError::new(
            "data.attributes.first/name",
            "must be 3 characters"
        )]
    );
    // The one code every error shares is the body's.
    assert_eq!(error.code().as_deref(), Some("too_short"));
    // Among several errors, a code about one field is that field's; an error
    // about no field lends the body its code.
    let error = read(
        422,
        r#"{"errors": [{"code": "too_short", "detail": "short", "source": {"pointer": "/data/attributes/name"}},
                       {"code": "blank", "detail": "blank", "source": {"pointer": "/data/attributes/email"}}]}"#,
    );
    assert_eq!(error.code(), None);
    let error = read(
        429,
        r#"{"errors": [{"status": "429", "code": "rate_limited", "title": "Slow down"}]}"#,
    );
    assert_eq!(error.code().as_deref(), Some("rate_limited"));
    assert_eq!(error.message().as_deref(), Some("Slow down"));
}

#[test]
fn google_field_violations_and_legacy_locations() {
    let error = read(
        400,
        r#"{"error": {"code": 400, "message": "Invalid", "status": "INVALID_ARGUMENT", "details": [
            {"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"field": "book.title", "description": "required"}]},
            {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "BAD", "domain": "example.com"}],
            "errors": [{"domain": "global", "reason": "required", "message": "Required parameter: part", "location": "part", "locationType": "parameter"}]}}"#,
    );
    assert_eq!(
        fields(&error),
        pairs(&[
            ("book.title", "required"),
            ("part", "Required parameter: part")
        ])
    );
}

#[test]
fn azure_details_name_their_target() {
    let error = read(
        400,
        r#"{"error": {"code": "InvalidArgument", "message": "Bad", "details": [{"code": "NullValue", "target": "name", "message": "name must not be null"}]}}"#,
    );
    assert_eq!(
        error.field_errors(),
        vec![FieldError::new("name", "name must not be null")]
    );
    assert_eq!(error.code().as_deref(), Some("InvalidArgument"));
}

#[test]
fn rails_errors_map_and_drf_members() {
    let error = read(
        422,
        r#"{"errors": {"email": ["is invalid", "is taken"], "name": "can't be blank"}}"#,
    );
    assert_eq!(
        fields(&error),
        pairs(&[
            ("email", "is invalid"),
            ("email", "is taken"),
            ("name", "can't be blank")
        ])
    );
    // A string member beside a message is no field: it is metadata.
    let error = read(
        404,
        r#"{"message": "Not Found", "documentation_url": "https://x", "hint": "check the id"}"#,
    );
    assert!(error.field_errors().is_empty());
}

// ----- request id and pointers -------------------------------------------------

#[test]
fn request_id_keys() {
    for key in ["request_id", "requestId", "requestID", "RequestId"] {
        let error = read(500, &format!(r#"{{"{key}": "r-9"}}"#));
        assert_eq!(error.request_id(), Some("r-9"), "{key}");
    }
    let error = read(
        500,
        r#"{"error": {"message": "x", "request_id": "in-error"}}"#,
    );
    assert_eq!(error.request_id(), Some("in-error"));
}

#[test]
fn pointers_come_first_and_fall_back_when_they_find_nothing() {
    let body = br#"{"message": "conventional", "fault": {"text": "pointed", "id": "F1", "fields": {"qty": ["too big"]}}, "meta": {"trace": "t-1"}}"#;
    let error = Pointed::from_parts(StatusCode::BAD_REQUEST, &HeaderMap::new(), body);
    assert_eq!(error.message().as_deref(), Some("pointed"));
    assert_eq!(error.code().as_deref(), Some("F1"));
    assert_eq!(
        error.field_errors(),
        vec![FieldError::new("qty", "too big")]
    );
    assert_eq!(error.request_id(), Some("t-1"));
    let error = Pointed::from_parts(
        StatusCode::BAD_REQUEST,
        &HeaderMap::new(),
        br#"{"message": "conventional"}"#,
    );
    assert_eq!(error.message().as_deref(), Some("conventional"));
}

#[test]
fn google_retry_info_is_read_as_a_delay() {
    for (delay, millis) in [
        (r#""30s""#, 30_000),
        (r#""1.500s""#, 1_500),
        (r#"{"seconds": 2, "nanos": 500000000}"#, 2_500),
    ] {
        let body = format!(
            r#"{{"error": {{"code": 429, "status": "RESOURCE_EXHAUSTED", "message": "m", "details": [{{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": {delay}}}]}}}}"#
        );
        let reading = Reading::of(body.as_bytes(), 429, &Pointers::NONE);
        assert_eq!(
            reading.retry_delay,
            Some(core::time::Duration::from_millis(millis)),
            "{delay}"
        );
        assert_eq!(
            read(429, &body).retry_after(),
            Some(core::time::Duration::from_millis(millis))
        );
    }
    for bad in [
        r#""-1s""#,
        r#""soon""#,
        r#""30""#,
        r#"{"seconds": -1}"#,
        r#"{"nanos": 2000000000}"#,
    ] {
        let body = format!(
            r#"{{"error": {{"details": [{{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": {bad}}}]}}}}"#
        );
        assert_eq!(
            Reading::of(body.as_bytes(), 429, &Pointers::NONE).retry_delay,
            None,
            "{bad}"
        );
    }
}
