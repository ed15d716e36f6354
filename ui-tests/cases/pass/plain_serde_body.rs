// Any `serde::Deserialize` type is a body, with no `ErrorBody` impl: in a plain enum
// and in a generic one. The conventions read message, code and fields from the bytes.
use http::{HeaderMap, StatusCode};
use http_api_error::{ApiError, Context};

#[derive(Debug, serde::Deserialize)]
struct OpenAiBody {
    error: OpenAiDetail,
}

#[derive(Debug, serde::Deserialize)]
struct OpenAiDetail {
    message: String,
    r#type: String,
    code: Option<String>,
}

#[derive(Debug, ApiError)]
#[api(vendor = "OpenAI", display)]
enum OpenAiError {
    #[status(429, code = "insufficient_quota", retry = false)]
    QuotaExceeded(#[body] OpenAiBody, #[context] Context),
    #[status(429)]
    RateLimited(#[body] Option<OpenAiBody>, #[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

#[derive(Debug, ApiError)]
enum Generic<B> {
    #[status(400)]
    BadRequest(#[body] Option<B>, #[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {
    let body = br#"{"error": {"message": "You exceeded your quota.", "type": "insufficient_quota", "code": "insufficient_quota"}}"#;
    let error = OpenAiError::from_parts(StatusCode::TOO_MANY_REQUESTS, &HeaderMap::new(), body);
    let OpenAiError::QuotaExceeded(decoded, _) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(decoded.error.r#type, "insufficient_quota");
    assert_eq!(decoded.error.code.as_deref(), Some("insufficient_quota"));
    assert_eq!(error.message().as_deref(), Some(decoded.error.message.as_str()));
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        "OpenAI API error 429 Too Many Requests: You exceeded your quota."
    );

    let error: Generic<serde_json::Value> =
        Generic::from_parts(StatusCode::BAD_REQUEST, &HeaderMap::new(), br#"{"errors": {"name": ["blank"]}}"#);
    assert_eq!(error.variant_name(), "BadRequest");
    assert_eq!(error.field_errors()[0].field, "name");
}
