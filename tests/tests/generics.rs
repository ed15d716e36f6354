//! Generic enums: the body type is chosen by the user of the enum.

use http::{HeaderMap, StatusCode};
use http_api_error::body::{ErrorBody, FieldErrors, Problem};
use http_api_error::{ApiError, Context};
use serde::Deserialize;

#[derive(Debug, ApiError)]
#[api(vendor = "Generic", display)]
enum VendorError<B> {
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

fn decode<B>(code: u16, body: &[u8]) -> VendorError<B>
where
    VendorError<B>: ApiError,
{
    VendorError::from_parts(
        StatusCode::from_u16(code).expect("status"),
        &HeaderMap::new(),
        body,
    )
}

#[test]
fn one_enum_serves_several_body_types() {
    let error: VendorError<FieldErrors> = decode(400, br#"{"detail":"bad"}"#);
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
