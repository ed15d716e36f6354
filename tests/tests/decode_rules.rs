//! Rule 2: decoding never panics, never loses the raw bytes, never changes the status.
//! `Option<T>` becomes `None`; a plain `T` that fails sends the response to `other`,
//! which still answers from the status's own declaration.

use http::{HeaderMap, StatusCode};
use http_api_error::body::BodyError;
use http_api_error::body::{FieldErrors, Problem};
use http_api_error::{ApiError, Class, Context, Retry};

#[derive(Debug, ApiError)]
enum Vendor {
    #[status(404)]
    NotFound(#[body] Option<FieldErrors>, #[context] Context),
    #[status(410)]
    Gone(#[body] Option<FieldErrors>),
    #[status(422, retry = false)]
    Invalid(#[body] FieldErrors, #[context] Context),
    #[status(409)]
    Conflict {
        #[body]
        body: Problem,
    },
    #[status(502, retry = true)]
    BadGateway(#[body] FieldErrors, #[context] Context),
    #[status(500, escalate)]
    Internal(#[body] Problem, #[context] Context),
    #[status(other)]
    Unexpected(#[body] Option<serde_json::Value>, #[context] Context),
}

fn decode(code: u16, body: &[u8]) -> Vendor {
    Vendor::from_parts(
        StatusCode::from_u16(code).expect("status"),
        &HeaderMap::new(),
        body,
    )
}

#[test]
fn optional_body_that_is_empty_is_none_and_the_variant_stays() {
    let error = decode(404, b"");
    let Vendor::NotFound(None, context) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(context.body_error(), Some(&BodyError::Empty));
    assert_eq!(error.status(), StatusCode::NOT_FOUND);
}

#[test]
fn optional_body_that_does_not_decode_is_none_and_the_reason_is_kept() {
    let error = decode(404, b"[1, 2");
    let Vendor::NotFound(None, context) = &error else {
        panic!("{error:?}")
    };
    assert!(matches!(
        context.body_error(),
        Some(BodyError::Malformed { .. })
    ));
    assert_eq!(context.raw_body(), b"[1, 2");
    assert!(matches!(decode(410, b"<html>"), Vendor::Gone(None)));
    assert!(matches!(
        decode(410, br#"{"detail":"gone"}"#),
        Vendor::Gone(Some(_))
    ));
}

#[test]
fn plain_body_that_does_not_decode_goes_to_other_with_status_bytes_and_reason() {
    let error = decode(422, b"<html>oops</html>");
    let Vendor::Unexpected(None, context) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(context.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(context.raw_body(), b"<html>oops</html>");
    assert_eq!(context.body_error(), Some(&BodyError::NotJson));
    assert_eq!(error.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error.class(), Class::Client);
    assert_eq!(error.retry(), Retry::Never);
    assert_eq!(error.declaration().variant, "Invalid");
}

#[test]
fn the_catch_all_keeps_the_declared_advice_of_the_status() {
    let error = decode(502, b"<html><h1>502 Bad Gateway</h1></html>");
    assert!(matches!(error, Vendor::Unexpected(..)));
    assert_eq!(error.retry(), Retry::Immediately);
    assert!(error.is_retryable());

    let error = decode(500, b"");
    assert!(matches!(error, Vendor::Unexpected(..)));
    assert!(error.escalate());
    assert_eq!(
        error.context().and_then(Context::body_error),
        Some(&BodyError::Empty)
    );
}

#[test]
fn plain_body_without_context_still_falls_back_with_a_context() {
    let error = decode(409, b"not json");
    let Vendor::Unexpected(_, context) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(context.status(), StatusCode::CONFLICT);
    assert_eq!(context.raw_body(), b"not json");
    let error = decode(409, br#"{"title":"Conflict"}"#);
    assert!(matches!(error, Vendor::Conflict { .. }));
    assert_eq!(error.message().as_deref(), Some("Conflict"));
}

#[test]
fn the_catch_all_decodes_its_own_optional_body_and_keeps_the_first_failure() {
    let error = decode(418, br#"{"message":"teapot"}"#);
    assert!(matches!(error, Vendor::Unexpected(Some(_), _)));
    assert_eq!(error.message().as_deref(), Some("teapot"));
    assert_eq!(error.context().and_then(Context::body_error), None);

    // A 500 whose body is not a Problem (an array) reaches `other`, which can read it as JSON.
    let error = decode(500, b"[\"boom\"]");
    assert!(matches!(error, Vendor::Unexpected(Some(_), _)));
    assert!(matches!(
        error.context().and_then(Context::body_error),
        Some(BodyError::Malformed { .. })
    ));
}

#[test]
fn variants_sharing_a_body_type_each_keep_their_status() {
    let fields = br#"{"name":["required"]}"#;
    assert!(matches!(decode(404, fields), Vendor::NotFound(Some(_), _)));
    assert!(matches!(decode(410, fields), Vendor::Gone(Some(_))));
    assert!(matches!(decode(422, fields), Vendor::Invalid(..)));
    assert!(matches!(decode(502, fields), Vendor::BadGateway(..)));
    let problem = br#"{"title":"Boom"}"#;
    assert!(matches!(decode(409, problem), Vendor::Conflict { .. }));
    assert!(matches!(decode(500, problem), Vendor::Internal(..)));
    // A failure in one of them still answers from that status's declaration.
    let error = decode(502, b"[1");
    assert!(matches!(error, Vendor::Unexpected(..)));
    assert_eq!(error.declaration().variant, "BadGateway");
}

#[test]
fn decoded_body_feeds_message_field_errors_and_request_id() {
    let error = decode(422, br#"{"message":"Invalid","name":["required"]}"#);
    assert!(matches!(error, Vendor::Invalid(..)));
    assert_eq!(error.message().as_deref(), Some("Invalid"));
    assert_eq!(error.field_errors().len(), 1);

    let error = decode(500, br#"{"title":"Boom","request_id":"r-1"}"#);
    assert_eq!(error.request_id(), Some("r-1"));
    // The context's own request id is the header's: there is none.
    assert_eq!(error.context().and_then(Context::request_id), None);
}

#[test]
fn a_request_id_header_wins_over_the_body() {
    let mut headers = HeaderMap::new();
    headers.insert("X-Correlation-ID", " hdr-7 ".parse().expect("header"));
    let error = Vendor::from_parts(
        StatusCode::INTERNAL_SERVER_ERROR,
        &headers,
        br#"{"title":"Boom","request_id":"body-1"}"#,
    );
    assert_eq!(error.request_id(), Some("hdr-7"));
}

#[derive(Debug, ApiError)]
#[api(request_id_headers("X-Trace-Id"))]
enum Traced {
    #[status(other)]
    Unexpected(#[context] Context),
}

#[test]
fn named_request_id_headers_replace_the_defaults() {
    let mut headers = HeaderMap::new();
    headers.insert("x-request-id", "default".parse().expect("header"));
    let error = Traced::from_parts(StatusCode::BAD_REQUEST, &headers, b"");
    assert_eq!(error.request_id(), None);
    headers.insert("x-trace-id", "trace-1".parse().expect("header"));
    let error = Traced::from_parts(StatusCode::BAD_REQUEST, &headers, b"");
    assert_eq!(error.request_id(), Some("trace-1"));
}

/// A body that needs its `limit`.
#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Quota {
    code: String,
    limit: u32,
}

/// One variant per body type, so that each failure is its own arm; declared as
/// `$name` with the enum attributes given.
macro_rules! lone {
    ($(#[$($api:tt)*])* $name:ident) => {
        #[derive(Debug, ApiError)]
        $(#[$($api)*])*
        enum $name {
            #[status(422)]
            Invalid(#[body] FieldErrors, #[context] Context),
            #[status(429, code = "quota", retry = false)]
            Quota(#[body] Quota, #[context] Context),
            #[status(503, retry = true)]
            Unavailable(#[context] Context),
            #[status(other)]
            Unexpected(#[context] Context),
        }
    };
}

lone!(Lone);

fn lone(code: u16, body: &[u8]) -> Lone {
    Lone::from_parts(
        StatusCode::from_u16(code).expect("status"),
        &HeaderMap::new(),
        body,
    )
}

#[test]
fn the_catch_all_answers_from_the_row_the_response_fell_under() {
    let error = lone(422, b"[1");
    assert!(matches!(error, Lone::Unexpected(_)));
    assert_eq!(error.declaration().variant, "Invalid");

    // Chosen by its code, then its body failed: the code variant's advice stays.
    assert!(matches!(
        lone(429, br#"{"code": "quota", "limit": 5}"#),
        Lone::Quota(..)
    ));
    let error = lone(429, br#"{"code": "quota"}"#);
    assert!(matches!(error, Lone::Unexpected(_)));
    assert_eq!(error.declaration().variant, "Quota");
    assert_eq!(error.retry(), Retry::Never);

    let error = lone(429, br#"{"code": "slow_down"}"#);
    assert_eq!(error.declaration().variant, "Unexpected");
    assert_eq!(error.retry(), Retry::Backoff);
    assert_eq!(lone(418, b"").declaration().variant, "Unexpected");

    // A catch-all built by hand is looked up by its status.
    let error = Lone::Unexpected(Context::new(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(error.declaration().variant, "Unavailable");
    assert_eq!(error.retry(), Retry::Immediately);
}

/// A broader enum a caller might convert `Lone` into.
#[derive(Debug, ApiError)]
enum General {
    #[status(404)]
    NotFound(#[context] Context),
    #[status(422, retry = backoff)]
    Unprocessable(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

#[test]
fn a_context_moved_into_another_enum_answers_from_that_enum() {
    // `Lone` records row 0 (`Invalid`) for this response in its catch-all.
    let Lone::Unexpected(context) = lone(422, b"[1") else {
        panic!("422 with a broken body goes to the catch-all")
    };
    let general = General::Unexpected(context.clone());
    assert_eq!(general.declaration().variant, "Unprocessable");
    assert_eq!(general.retry(), Retry::Backoff);
    // Back in an enum of its own table, the recorded row answers again.
    assert_eq!(
        Lone::Unexpected(context.clone()).declaration().variant,
        "Invalid"
    );
    // A new body may carry another code: the row is looked up again.
    let Lone::Unexpected(slow_down) = lone(429, br#"{"code": "slow_down"}"#) else {
        panic!("an undeclared code goes to the catch-all")
    };
    let quota = Lone::Unexpected(slow_down.with_body(&br#"{"code": "quota"}"#[..]));
    assert_eq!(quota.declaration().variant, "Quota");
}

lone!(
    /// `Lone`'s declarations, with the code read from another place.
    #[api(code = "/detail/reason")]
    LoneByPointer
);

#[test]
fn a_row_recorded_by_an_enum_reading_the_code_elsewhere_is_looked_up_again() {
    let body = br#"{"code": "slow_down", "detail": {"reason": "quota"}}"#;
    // `Lone` reads `slow_down`, declared nowhere: the catch-all's own row.
    let Lone::Unexpected(context) = lone(429, body) else {
        panic!("an undeclared code goes to the catch-all")
    };
    assert_eq!(
        Lone::Unexpected(context.clone()).declaration().variant,
        "Unexpected"
    );
    // The same rows, but the code read by the pointer: `quota`.
    let moved = LoneByPointer::Unexpected(context);
    assert_eq!(moved.declaration().variant, "Quota");
    assert_eq!(moved.retry(), Retry::Never);
}

#[test]
fn a_new_body_forgets_the_old_bodys_error() {
    let Lone::Unexpected(context) = lone(422, b"<html>") else {
        panic!("422 with HTML goes to the catch-all")
    };
    assert_eq!(context.body_error(), Some(&BodyError::NotJson));
    let replaced = context.with_body(&br#"{"message": "fine"}"#[..]);
    assert_eq!(replaced.body_error(), None);
    assert_eq!(replaced.reading().message.as_deref(), Some("fine"));
    let empty = replaced.with_body(Vec::new());
    assert_eq!(empty.body_error(), Some(&BodyError::Empty));
}
