use http_api_error::http::{HeaderMap, StatusCode};
use http_api_error::{ApiError, Context};

#[derive(Debug, serde::Deserialize)]
pub struct OpenAiBody {
    pub error: OpenAiDetail, // plain serde: no trait impl
}

#[derive(Debug, serde::Deserialize)]
pub struct OpenAiDetail {
    pub message: String,
    pub code: Option<String>,
}

#[derive(Debug, ApiError)]
#[api(
    vendor = "OpenAI",
    display,
    rate_limit(
        remaining = "x-ratelimit-remaining-tokens",
        reset = "x-ratelimit-reset-tokens",
        format = duration
    )
)]
pub enum OpenAiError {
    #[status(400)]
    BadRequest(#[body] Option<OpenAiBody>, #[context] Context),
    #[status(429, code = "insufficient_quota", retry = false)]
    QuotaExceeded(#[body] OpenAiBody, #[context] Context),
    #[status(429)] // backoff, delay from the headers
    RateLimited(#[body] Option<OpenAiBody>, #[context] Context),
    #[status(500..=599, retry = backoff)]
    Server(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

pub fn explain(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> String {
    let error = OpenAiError::from_parts(status, headers, body);
    match &error {
        OpenAiError::QuotaExceeded(..) => "top up the account".to_owned(),
        e if e.is_retryable() => format!("retry in {:?}", e.retry_after()),
        e => e.to_string(), // "OpenAI API error 400 Bad Request: Invalid model"
    }
}
