// `thiserror::Error` and `ApiError` derive on one enum: `Display` stays thiserror's.
use http::{HeaderMap, StatusCode};
use http_api_error::body::FieldErrors;
use http_api_error::{ApiError, Context};

#[derive(Debug, thiserror::Error, ApiError)]
#[api(vendor = "Acme", codes(404))]
enum AcmeError {
    #[error("not found")]
    #[status(404)]
    NotFound(#[body] Option<FieldErrors>, #[context] Context),
    #[error("unexpected status {}", .0.status())]
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {
    let error = AcmeError::from_parts(StatusCode::IM_A_TEAPOT, &HeaderMap::new(), b"");
    assert_eq!(error.to_string(), "unexpected status 418 I'm a teapot");
    let boxed: Box<dyn std::error::Error> = Box::new(error);
    assert!(boxed.to_string().starts_with("unexpected"));
}
