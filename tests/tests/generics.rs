//! Generic enums: the body type is chosen by the user of the enum. Bounded by
//! `ErrorBody`, the body's own answers are used; unbounded, any `Deserialize` type
//! fits and the conventions read the raw body.

use http::{HeaderMap, StatusCode};
use http_api_error::body::{ErrorBody, FieldErrors, Problem};
use http_api_error::{ApiError, Context};
use serde::Deserialize;

#[derive(Debug, ApiError)]
#[api(vendor = "Generic", display)]
enum VendorError<B: ErrorBody> {
    #[status(400)]
    BadRequest(#[body] Option<B>, #[context] Context),
    #[status(422)]
    Invalid(#[body] B, #[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

#[derive(Debug, Deserialize)]
struct Custom {
    reason: String,
}

impl ErrorBody for Custom {
    fn message(&self) -> Option<std::borrow::Cow<'_, str>> {
        Some(self.reason.as_str().into())
    }
}

/// No `ErrorBody` bound: any `Deserialize` body.
#[derive(Debug, ApiError)]
#[api(vendor = "Plain", display)]
enum PlainError<B> {
    #[status(422)]
    Invalid(#[body] B, #[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

/// A body type with no `ErrorBody` impl.
#[derive(Debug, Deserialize)]
struct Bare {
    #[allow(dead_code)]
    message: String,
}

fn decode<E: ApiError>(code: u16, body: &[u8]) -> E {
    E::from_parts(
        StatusCode::from_u16(code).expect("status"),
        &HeaderMap::new(),
        body,
    )
}

#[test]
fn an_unbounded_generic_enum_takes_any_deserialize_body_and_reads_by_convention() {
    let error: PlainError<Bare> = decode(422, br#"{"message":"Invalid amount"}"#);
    assert!(matches!(error, PlainError::Invalid(..)));
    assert!(error.error_body().is_none());
    assert_eq!(error.message().as_deref(), Some("Invalid amount"));
    // `Custom`'s impl is not seen without the bound: its `reason` is no convention.
    let error: PlainError<Custom> = decode(422, br#"{"reason":"because"}"#);
    assert!(matches!(error, PlainError::Invalid(..)));
    assert_eq!(error.message(), None);
    // With nothing else to say, its one string member reads as a field error.
    assert_eq!(
        error.to_string(),
        "Plain API error 422 Unprocessable Entity: reason: because"
    );
}

#[test]
fn one_enum_serves_several_body_types() {
    let error: VendorError<FieldErrors> = decode(400, br#"{"detail":"bad"}"#);
    assert!(error.error_body().is_some());
    assert_eq!(error.message().as_deref(), Some("bad"));
    let error: VendorError<Problem> = decode(400, br#"{"title":"Bad","description":"worse"}"#);
    assert_eq!(error.message().as_deref(), Some("worse"));
    let error: VendorError<Custom> = decode(422, br#"{"reason":"because"}"#);
    assert!(matches!(error, VendorError::Invalid(..)));
    assert_eq!(
        error.to_string(),
        "Generic API error 422 Unprocessable Entity: because"
    );
}

#[test]
fn a_user_body_type_falls_back_like_any_other() {
    let error: VendorError<Custom> = decode(422, br#"{"other":"shape"}"#);
    assert!(matches!(error, VendorError::Unexpected(_)));
    assert_eq!(error.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
