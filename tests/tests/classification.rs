//! Classification is by status alone, total over 100..=999: an exact code beats a
//! range, a range beats `other`.

use http::{HeaderMap, StatusCode};
use http_api_error::body::FieldErrors;
use http_api_error::{ApiError, Class, Context, Statuses};

#[derive(Debug, ApiError)]
enum Acme {
    #[status(400)]
    BadRequest(#[body] Option<FieldErrors>, #[context] Context),
    #[status(404)]
    NotFound,
    #[status(420..=429)]
    Throttled(#[context] Context),
    #[status(425)]
    TooEarly(#[context] Context),
    #[status(503)]
    Unavailable(#[context] Context),
    #[status(500..=599)]
    Server(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn classify(code: u16) -> Acme {
    let status = StatusCode::from_u16(code).expect("valid status");
    Acme::from_parts(status, &HeaderMap::new(), b"")
}

/// The rule, written independently of the generated `match`.
fn expected_variant(code: u16) -> &'static str {
    match code {
        400 => "BadRequest",
        404 => "NotFound",
        425 => "TooEarly",
        503 => "Unavailable",
        420..=429 => "Throttled",
        500..=599 => "Server",
        _ => "Unexpected",
    }
}

#[test]
fn every_status_from_100_to_999_lands_in_the_declared_variant() {
    for code in 100..=999 {
        let error = classify(code);
        assert_eq!(
            error.variant_name(),
            expected_variant(code),
            "status {code}"
        );
        assert_eq!(error.status().as_u16(), code, "status {code} is kept");
        assert_eq!(
            Acme::declaration_of(error.status()).variant,
            expected_variant(code)
        );
    }
}

#[test]
fn boundaries_399_400_599_600() {
    assert!(matches!(classify(399), Acme::Unexpected(_)));
    assert_eq!(classify(399).class(), Class::Other);
    assert!(matches!(classify(400), Acme::BadRequest(None, _)));
    assert_eq!(classify(400).class(), Class::Client);
    assert!(matches!(classify(599), Acme::Server(_)));
    assert_eq!(classify(599).class(), Class::Server);
    assert!(matches!(classify(600), Acme::Unexpected(_)));
    assert_eq!(classify(600).class(), Class::Other);
    assert_eq!(classify(499).class(), Class::Client);
    assert_eq!(classify(500).class(), Class::Server);
}

#[test]
fn exact_code_beats_range_and_range_beats_other() {
    assert!(matches!(classify(425), Acme::TooEarly(_)));
    assert!(matches!(classify(424), Acme::Throttled(_)));
    assert!(matches!(classify(503), Acme::Unavailable(_)));
    assert!(matches!(classify(502), Acme::Server(_)));
    assert!(matches!(classify(430), Acme::Unexpected(_)));
}

#[test]
fn a_variant_without_context_reports_its_code() {
    let error = classify(404);
    assert!(matches!(error, Acme::NotFound));
    assert_eq!(error.status(), StatusCode::NOT_FOUND);
    assert!(error.context().is_none());
}

#[test]
fn declaration_table_lists_every_variant_in_order() {
    let table: Vec<(&str, Statuses)> = Acme::declarations()
        .iter()
        .map(|declaration| (declaration.variant, declaration.statuses))
        .collect();
    assert_eq!(
        table,
        vec![
            ("BadRequest", Statuses::Code(400)),
            ("NotFound", Statuses::Code(404)),
            ("Throttled", Statuses::Range(420, 429)),
            ("TooEarly", Statuses::Code(425)),
            ("Unavailable", Statuses::Code(503)),
            ("Server", Statuses::Range(500, 599)),
            ("Unexpected", Statuses::Other),
        ]
    );
}

#[test]
fn from_response_matches_from_parts() {
    let response = http::Response::builder()
        .status(503)
        .header("x-request-id", "abc")
        .body(b"{}".to_vec())
        .expect("response");
    let error = Acme::from_response(response);
    assert!(matches!(error, Acme::Unavailable(_)));
    assert_eq!(error.request_id(), Some("abc"));
}

/// Code variants at a status with its own variant (429), at one that falls to a range
/// (503), and one left to the catch-all (409).
#[derive(Debug, ApiError)]
enum Coded {
    #[status(429, code = "quota" | "plan")]
    Quota(#[context] Context),
    #[status(429, code = "slow_down")]
    SlowDown(#[context] Context),
    #[status(429)]
    TooMany(#[context] Context),
    #[status(503, code = "maintenance", retry = false)]
    Maintenance(#[context] Context),
    #[status(500..=599, escalate)]
    Server(#[context] Context),
    #[status(409, code = "locked")]
    Locked(#[context] Context),
    #[status(400..=499)]
    Client(#[context] Context),
    #[status(404)]
    NotFound(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

proptest::proptest! {
    /// The runtime's one lookup (`declaration_for`) and the generated `match` in
    /// `from_parts` agree on every status and code, and the catch-all answers with
    /// the declaration it was classified under.
    #[test]
    fn the_lookup_agrees_with_the_generated_match(
        // The declared statuses and their neighbours, then any.
        code in proptest::prop_oneof![
            proptest::sample::select(vec![399, 400, 404, 409, 428, 429, 430, 499, 500, 503, 599, 600]),
            100u16..=999,
        ],
        error_code in proptest::option::of(proptest::sample::select(
            vec!["quota", "plan", "slow_down", "maintenance", "locked", "other"],
        )),
    ) {
        let status = StatusCode::from_u16(code).expect("valid status");
        let body = error_code.map_or_else(String::new, |c| format!(r#"{{"code": "{c}"}}"#));
        let error = Coded::from_parts(status, &HeaderMap::new(), body.as_bytes());
        let looked_up = Coded::declaration_for(status, error_code);
        proptest::prop_assert_eq!(error.variant_name(), looked_up.variant);
        proptest::prop_assert_eq!(error.declaration(), looked_up);
        // With no headers to refine it, the advice is the declaration's.
        proptest::prop_assert_eq!(error.retry(), looked_up.retry_for(status));
    }
}
