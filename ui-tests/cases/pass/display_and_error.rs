// `#[api(display)]` implements `Display` and `std::error::Error`, also for generic enums.
use http::{HeaderMap, StatusCode};
use http_api_error::body::FieldErrors;
use http_api_error::{ApiError, Context};

#[derive(Debug, ApiError)]
#[api(vendor = "Acme", display)]
enum AcmeError<B> {
    #[status(404)]
    NotFound(#[body] Option<B>, #[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn fails() -> Result<(), Box<dyn std::error::Error>> {
    let error: AcmeError<FieldErrors> =
        AcmeError::from_parts(StatusCode::NOT_FOUND, &HeaderMap::new(), br#"{"detail":"Not found."}"#);
    Err(error)?
}

fn main() {
    let error = fails().unwrap_err();
    assert_eq!(error.to_string(), "Acme API error 404 Not Found: Not found.");
}
