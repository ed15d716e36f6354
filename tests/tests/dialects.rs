//! Every dialect in the shape its specification or documentation gives (values of
//! our own), the invariants of the one reading as properties, the ready-made body
//! types agreeing with it, and hostile bodies that must stay small and safe to log.

use http::{HeaderMap, StatusCode};
use http_api_error::body::{
    Dialect, ErrorBody, FieldError, FieldErrors, Pointers, Problem, Reading, Validation,
    MAX_FIELD_ERRORS, MAX_TEXT_BYTES,
};
use http_api_error::{ApiError, Context};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

#[derive(Debug, ApiError)]
#[api(vendor = "Acme", display)]
enum Acme {
    #[status(other)]
    Any(#[context] Context),
}

#[derive(Debug, ApiError)]
#[api(display, code = "/type")]
enum TypeAsCode {
    #[status(other)]
    Any(#[context] Context),
}

/// A problem type chooses a variant as any code does: declared whole.
#[derive(Debug, ApiError)]
enum ProblemTypes {
    #[status(429, code = "https://api.example.org/probs/quota#daily")]
    DailyQuota(#[context] Context),
    #[status(other)]
    Other(#[context] Context),
}

fn read(status: u16, body: &Value) -> Reading {
    Reading::of(body.to_string().as_bytes(), status, &Pointers::NONE)
}

fn acme(status: u16, body: &str) -> Acme {
    let status = StatusCode::from_u16(status).expect("status");
    Acme::from_parts(status, &HeaderMap::new(), body.as_bytes())
}

fn pairs(reading: &Reading) -> Vec<(&str, &str)> {
    reading
        .field_errors
        .iter()
        .map(|e| (e.field.as_str(), e.message.as_str()))
        .collect()
}

// ----- one test per dialect ------------------------------------------------------

#[test]
fn rfc_9457_validation_extension_names_fields_by_pointer() {
    let reading = read(
        422,
        &json!({"type": "https://api.example.org/probs/invalid", "title": "The order is not valid.",
                "status": 422, "errors": [
                    {"detail": "must be at least 1", "pointer": "#/quantity"},
                    {"detail": "must be a known colour", "pointer": "#/options/colour"}]}),
    );
    assert_eq!(reading.dialect, Dialect::Problem);
    assert_eq!(reading.message.as_deref(), Some("The order is not valid."));
    assert_eq!(
        reading.code.as_deref(),
        Some("https://api.example.org/probs/invalid")
    );
    assert_eq!(
        pairs(&reading),
        [
            ("quantity", "must be at least 1"),
            ("options.colour", "must be a known colour")
        ]
    );
}

#[test]
fn rfc_7807_invalid_params_name_their_fields() {
    let reading = read(
        400,
        &json!({"type": "https://api.example.org/probs/params", "title": "Parameters did not validate.",
                "invalid-params": [{"name": "limit", "reason": "must be at most 100"}]}),
    );
    assert_eq!(pairs(&reading), [("limit", "must be at most 100")]);
}

#[test]
fn a_problems_extension_members_are_never_fields_and_its_type_is_its_code() {
    let reading = read(
        403,
        &json!({"type": "https://api.example.org/probs/no-credit", "title": "Not enough credit.",
                "detail": "The balance is 12, the call costs 40.", "instance": "/accounts/77/calls/9",
                "balance": 12, "accounts": ["/accounts/77", "/accounts/78"]}),
    );
    assert_eq!(reading.dialect, Dialect::Problem);
    assert!(
        reading.field_errors.is_empty(),
        "{:?}",
        reading.field_errors
    );
    assert_eq!(
        reading.message.as_deref(),
        Some("The balance is 12, the call costs 40.")
    );
    assert_eq!(
        reading.code.as_deref(),
        Some("https://api.example.org/probs/no-credit")
    );
    let blank = read(
        404,
        &json!({"type": "about:blank", "title": "Not Found", "status": 404}),
    );
    assert_eq!(
        blank.code, None,
        "about:blank means nothing beyond the status"
    );
}

#[test]
fn a_problem_type_declared_as_a_code_chooses_its_variant() {
    let body = r#"{"type": "https://api.example.org/probs/quota#daily", "title": "Quota"}"#;
    let error = ProblemTypes::from_parts(
        StatusCode::TOO_MANY_REQUESTS,
        &HeaderMap::new(),
        body.as_bytes(),
    );
    assert!(matches!(error, ProblemTypes::DailyQuota(_)), "{error:?}");
}

#[test]
fn a_type_uri_declared_as_the_code_is_kept_whole() {
    let body = r#"{"type": "https://api.example.org/probs/quota#daily", "title": "Quota"}"#;
    let error = TypeAsCode::from_parts(
        StatusCode::TOO_MANY_REQUESTS,
        &HeaderMap::new(),
        body.as_bytes(),
    );
    assert_eq!(
        error.code().as_deref(),
        Some("https://api.example.org/probs/quota#daily")
    );
    // Only AWS's codes are cut at `:` and `#`.
    assert_eq!(
        read(400, &json!({"code": "urn:acme:quota:daily"}))
            .code
            .as_deref(),
        Some("urn:acme:quota:daily")
    );
    let aws = read(
        400,
        &json!({"__type": "com.example.orders#QuotaExceededException:http://internal/", "message": "Over quota"}),
    );
    assert_eq!(aws.dialect, Dialect::Aws);
    assert_eq!(aws.code.as_deref(), Some("QuotaExceededException"));
    assert_eq!(aws.message.as_deref(), Some("Over quota"));
}

#[test]
fn a_field_map_is_all_fields_whatever_their_names() {
    // The issue's body: a ticket with `title` and `due_date` missing.
    let body = r#"{"title": ["This field is required."], "due_date": ["This field is required."]}"#;
    let error = acme(400, body);
    assert_eq!(error.message(), None);
    assert_eq!(error.field_errors().len(), 2);
    assert_eq!(
        error.to_string(),
        "Acme API error 400 Bad Request: due_date: This field is required.; title: This field is required."
    );
    // FieldErrors, the ready-made type, reads it alike.
    let typed: FieldErrors = serde_json::from_str(body).expect("field errors");
    assert_eq!(typed.general_message(), None);
    assert_eq!(typed.fields().len(), 2);
}

#[test]
fn rails_and_laravel_keep_their_fields_under_errors() {
    let reading = read(
        422,
        &json!({"errors": {"email": ["is invalid"], "password": ["is too short (minimum is 12 characters)"]}}),
    );
    assert_eq!(reading.dialect, Dialect::FieldMap);
    assert_eq!(
        pairs(&reading),
        [
            ("email", "is invalid"),
            ("password", "is too short (minimum is 12 characters)")
        ]
    );
    let reading = read(
        422,
        &json!({"message": "The name field is required.", "errors": {"name": ["The name field is required."]}}),
    );
    assert_eq!(
        reading.message.as_deref(),
        Some("The name field is required.")
    );
    assert_eq!(pairs(&reading), [("name", "The name field is required.")]);
}

#[test]
fn where_a_value_was_sent_is_not_which_field_it_is() {
    // express-validator 7.
    let reading = read(
        422,
        &json!({"errors": [
            {"type": "field", "value": "x", "msg": "Invalid e-mail", "path": "email", "location": "body"},
            {"type": "field", "value": "", "msg": "Required", "path": "items[2].sku", "location": "body"}]}),
    );
    assert_eq!(
        pairs(&reading),
        [("email", "Invalid e-mail"), ("items.2.sku", "Required")]
    );
    // Litestar.
    let reading = read(
        400,
        &json!({"status_code": 400, "detail": "Validation failed for POST /orders",
                "extra": [{"message": "Expected `int`, got `str`", "key": "quantity", "source": "body"}]}),
    );
    assert_eq!(reading.dialect, Dialect::Litestar);
    assert_eq!(pairs(&reading), [("quantity", "Expected `int`, got `str`")]);
    let shown = acme(
        400,
        r#"{"errors": [{"msg": "Too short", "path": "name", "location": "body"}, {"msg": "Required", "path": "age", "location": "query"}]}"#,
    )
    .to_string();
    assert!(shown.contains("name: Too short; age: Required"), "{shown}");
    assert!(
        !shown.contains("body:") && !shown.contains("query:"),
        "{shown}"
    );
}

#[test]
fn an_envelope_s_messages_are_not_fields() {
    let reading = read(
        200,
        &json!({"ok": false, "error": "invalid_arguments",
                "response_metadata": {"messages": ["[ERROR] missing required field: channel"]}}),
    );
    assert!(
        reading.field_errors.is_empty(),
        "{:?}",
        reading.field_errors
    );
    assert_eq!(reading.code.as_deref(), Some("invalid_arguments"));
    assert_eq!(
        reading.message.as_deref(),
        Some("[ERROR] missing required field: channel")
    );
}

#[test]
fn oauth_graphql_spring_nest_and_fastify() {
    let oauth = read(
        400,
        &json!({"error": "invalid_grant", "error_description": "The refresh token has expired."}),
    );
    assert_eq!(
        (
            oauth.dialect,
            oauth.code.as_deref(),
            oauth.message.as_deref()
        ),
        (
            Dialect::OAuth,
            Some("invalid_grant"),
            Some("The refresh token has expired.")
        )
    );
    let graphql = read(
        400,
        &json!({"errors": [{"message": "Unknown field \"nme\" on \"User\".", "locations": [{"line": 1, "column": 9}],
                            "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}], "data": null}),
    );
    assert_eq!(graphql.dialect, Dialect::GraphQl);
    assert_eq!(graphql.code.as_deref(), Some("GRAPHQL_VALIDATION_FAILED"));
    assert!(graphql.field_errors.is_empty());
    let spring = read(
        400,
        &json!({"timestamp": "2026-01-05T10:00:00.000+00:00", "status": 400, "error": "Bad Request",
                "path": "/orders", "errors": [{"field": "quantity", "defaultMessage": "must be greater than 0", "code": "Min"}]}),
    );
    assert_eq!(spring.dialect, Dialect::Spring);
    assert_eq!(spring.code, None, "Spring's `error` is the reason phrase");
    assert_eq!(pairs(&spring), [("quantity", "must be greater than 0")]);
    let nest = read(
        400,
        &json!({"statusCode": 400, "message": ["email must be an email", "age must not be less than 13"], "error": "Bad Request"}),
    );
    assert_eq!(
        nest.message.as_deref(),
        Some("email must be an email; age must not be less than 13")
    );
    assert_eq!(nest.code, None);
    let fastify = read(
        400,
        &json!({"statusCode": 400, "code": "FST_ERR_VALIDATION", "error": "Bad Request", "message": "body must have required property 'email'"}),
    );
    assert_eq!(fastify.code.as_deref(), Some("FST_ERR_VALIDATION"));
}

#[test]
fn a_declared_dialect_skips_recognition() {
    #[derive(Debug, ApiError)]
    #[api(dialect = fastapi)]
    enum FastApiService {
        #[status(other)]
        Any(#[context] Context),
    }
    let body = br#"{"detail": ["This coupon has expired."]}"#;
    let error = FastApiService::from_parts(StatusCode::BAD_REQUEST, &HeaderMap::new(), body);
    assert_eq!(error.message().as_deref(), Some("This coupon has expired."));
    assert!(error.field_errors().is_empty());
    // Undeclared, the same shape is a field map's member named `detail`.
    let reading = Reading::of(body, 400, &Pointers::NONE);
    assert_eq!(pairs(&reading), [("detail", "This coupon has expired.")]);
}

// ----- safe to log ----------------------------------------------------------------

#[test]
fn an_echoed_request_with_secrets_is_no_list_of_field_errors() {
    let error = acme(
        400,
        r#"{"username": "bob", "password": "hunter2", "api_key": "ak_999"}"#,
    );
    assert!(error.field_errors().is_empty());
    let shown = error.to_string();
    assert!(
        !shown.contains("hunter2") && !shown.contains("ak_999"),
        "{shown}"
    );
    // A field map's bare string under a secret-like key is a value, left out.
    let error = acme(
        400,
        r#"{"email": ["Enter a valid email."], "password": "hunter2"}"#,
    );
    assert_eq!(
        error.field_errors(),
        vec![FieldError::new("email", "Enter a valid email.")]
    );
    // The server's messages about a secret field stay: they are its wording.
    let error = acme(400, r#"{"password": ["This password is too common."]}"#);
    assert_eq!(error.field_errors().len(), 1);
}

#[test]
fn display_escapes_control_characters_and_stays_short() {
    let forged = "{\"message\": \"bad\\n2026-01-01 INFO user=admin logged in\\u001b[2J\"}";
    let shown = acme(400, forged).to_string();
    assert!(
        !shown.contains('\n') && !shown.contains('\u{1b}'),
        "{shown:?}"
    );
    assert!(shown.contains("bad\\n2026"), "{shown}");
    let long = format!(r#"{{"message": "{}"}}"#, "x".repeat(1 << 20));
    let shown = acme(400, &long).to_string();
    assert!(
        shown.chars().count() < 400,
        "{} chars",
        shown.chars().count()
    );
    assert!(shown.ends_with('…'));
}

// ----- hostile bodies: the reading stays small -------------------------------------

#[test]
fn a_long_key_repeated_builds_no_large_reading() {
    // 64 KiB: one 32 KiB key over 16,000 messages would copy the key 16,000 times.
    let key = "k".repeat(32 * 1024);
    let ones = vec!["1"; 16_000].join(",");
    let body = format!(r#"{{"{key}": [{ones}]}}"#);
    let error = acme(400, &body);
    let fields = error.field_errors();
    let bytes: usize = fields.iter().map(|e| e.field.len() + e.message.len()).sum();
    assert!(fields.len() <= MAX_FIELD_ERRORS);
    assert!(bytes <= 70 * 1024, "{bytes} bytes of field errors");
    assert!(fields
        .iter()
        .all(|e| e.field.len() <= MAX_TEXT_BYTES + '…'.len_utf8()));
    assert_eq!(
        error.context().expect("context").raw_body(),
        body.as_bytes()
    );
}

#[test]
fn a_huge_field_map_and_deep_nesting_stay_bounded() {
    let members: Vec<String> = (0..200_000).map(|i| format!(r#""f{i}": ["m"]"#)).collect();
    let body = format!("{{{}}}", members.join(","));
    let reading = Reading::of(body.as_bytes(), 400, &Pointers::NONE);
    assert_eq!(reading.field_errors.len(), MAX_FIELD_ERRORS);
    // 60 deep, then a list of messages: the path keeps every step.
    let depth = 60;
    let body = format!(
        "{}[\"deep\"]{}",
        r#"{"a":"#.repeat(depth),
        "}".repeat(depth)
    );
    let reading = Reading::of(body.as_bytes(), 400, &Pointers::NONE);
    assert_eq!(reading.field_errors.len(), 1);
    assert_eq!(reading.field_errors[0].field.split('.').count(), depth);
}

// ----- properties -----------------------------------------------------------------

/// Member names, message-like ones among them.
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "title",
            "detail",
            "message",
            "error",
            "status",
            "type",
            "description",
            "msg",
            "code",
            "email",
            "due_date",
            "name",
        ])
        .prop_map(str::to_owned),
        "[a-z][a-z_]{0,8}",
    ]
    .prop_filter("not a wrapper", |name| {
        !["errors", "non_field_errors", "__all__", "_errors"].contains(&name.as_str())
    })
}

fn messages() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[A-Za-z][A-Za-z .]{0,20}[a-z.]", 1..3)
}

/// A field map: every member a list of messages.
fn field_map() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::btree_map(field_name(), messages(), 1..6).prop_map(|members| {
        members
            .into_iter()
            .map(|(name, messages)| (name, json!(messages)))
            .collect()
    })
}

/// A problem with extension members of every kind.
fn problem() -> impl Strategy<Value = Map<String, Value>> {
    let extension = prop_oneof![
        "[a-z ]{1,10}".prop_map(Value::from),
        messages().prop_map(|m| json!(m)),
        (field_name(), messages()).prop_map(|(k, m)| json!({ k: m })),
        any::<u32>().prop_map(Value::from),
    ];
    (
        "[a-z]{1,8}",
        "[A-Z][a-z ]{1,20}",
        400u16..600,
        prop::collection::btree_map(field_name(), extension, 0..5),
    )
        .prop_map(|(kind, title, status, extensions)| {
            let mut problem: Map<String, Value> = extensions
                .into_iter()
                .filter(|(key, _)| {
                    ![
                        "type",
                        "title",
                        "status",
                        "detail",
                        "instance",
                        "description",
                        "code",
                        "extra",
                        "invalid-params",
                    ]
                    .contains(&key.as_str())
                })
                .collect();
            problem.insert(
                "type".into(),
                json!(format!("https://api.example.org/probs/{kind}")),
            );
            problem.insert("title".into(), json!(title));
            problem.insert("status".into(), json!(status));
            problem
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_member_of_a_field_map_is_a_field_and_none_is_the_message(map in field_map()) {
        let body = Value::Object(map.clone());
        let reading = read(400, &body);
        prop_assert_eq!(reading.dialect, Dialect::FieldMap);
        prop_assert_eq!(&reading.message, &None);
        let mut expected: Vec<(String, String)> = map
            .iter()
            .flat_map(|(name, list)| {
                list.as_array().into_iter().flatten().filter_map(Value::as_str)
                    .map(move |m| (name.clone(), m.trim().to_owned()))
            })
            .collect();
        let mut actual: Vec<(String, String)> =
            reading.field_errors.iter().map(|e| (e.field.clone(), e.message.clone())).collect();
        expected.sort();
        actual.sort();
        prop_assert_eq!(actual, expected);
    }

    #[test]
    fn a_problem_s_extensions_are_never_fields(problem in problem()) {
        let reading = read(422, &Value::Object(problem.clone()));
        prop_assert_eq!(reading.dialect, Dialect::Problem);
        prop_assert!(reading.field_errors.is_empty(), "{:?}", reading.field_errors);
        prop_assert_eq!(reading.code.as_deref(), problem["type"].as_str());
    }

    #[test]
    fn the_ready_made_types_agree_with_the_reading(
        body in prop_oneof![
            field_map().prop_map(Value::Object),
            problem().prop_map(Value::Object),
            (field_name(), messages()).prop_map(|(field, m)| json!({"title": "Invalid", "status": 422,
                "detail": [{"loc": ["body", field], "msg": m[0], "type": "value_error"}]})),
        ]
    ) {
        let bytes = body.to_string();
        let reading = Reading::of(bytes.as_bytes(), 400, &Pointers::NONE);
        let sorted = |mut fields: Vec<FieldError>| { fields.sort(); fields };
        let typed: FieldErrors = serde_json::from_str(&bytes).expect("any JSON is FieldErrors");
        prop_assert_eq!(typed.general_message(), reading.message.as_deref());
        prop_assert_eq!(sorted(typed.field_errors()), sorted(reading.field_errors.clone()));
        if reading.dialect == Dialect::Problem {
            let typed: Problem = serde_json::from_str(&bytes).expect("a problem");
            prop_assert_eq!(typed.message().map(std::borrow::Cow::into_owned), reading.message.clone());
            prop_assert_eq!(typed.code().map(std::borrow::Cow::into_owned), reading.code.clone());
        }
        if reading.dialect == Dialect::FastApi {
            let typed: Validation = serde_json::from_str(&bytes).expect("a validation");
            prop_assert_eq!(typed.message().map(std::borrow::Cow::into_owned), reading.message.clone());
            prop_assert_eq!(sorted(typed.field_errors()), sorted(reading.field_errors.clone()));
        }
        // Through an enum, every accessor answers from the same reading.
        let error = Acme::from_parts(StatusCode::BAD_REQUEST, &HeaderMap::new(), bytes.as_bytes());
        prop_assert_eq!(error.message().map(std::borrow::Cow::into_owned), reading.message.clone());
        prop_assert_eq!(error.field_errors(), reading.field_errors.clone());
        prop_assert_eq!(error.code().map(std::borrow::Cow::into_owned), reading.code.clone());
    }
}
