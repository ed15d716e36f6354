//! The Anthropic API.
//!
//! - Bodies: `{"type": "error", "error": {"type", "message"}, "request_id"}`: the
//!   code is `error.type` (`rate_limit_error`, `overloaded_error`, ...).
//! - Request id: `request-id`, or the body's `request_id`.
//! - Rate limits: `anthropic-ratelimit-{requests,tokens}-{remaining,reset}`, the
//!   resets as RFC 3339 times.
//! - Retries (anthropic-sdk-python `_should_retry`): `x-should-retry` first; then
//!   408, 409, 429 and 5xx (529 "overloaded" among them). Delay: `retry-after-ms`,
//!   then `retry-after`, honoured up to 60 s; else 0.5 s doubling to 8 s.
//! - Better here: a spent limit without `retry-after` waits until its reset time,
//!   which the SDK never reads.

use http_api_error::{ApiError, Context};
use serde::Deserialize;

/// Anthropic's error body.
#[derive(Debug, Clone, Deserialize)]
pub struct AnthropicBody {
    /// The error.
    pub error: AnthropicDetail,
    /// The request id, also in the `request-id` header.
    #[serde(default)]
    pub request_id: Option<String>,
}

/// `error` of an Anthropic body.
#[derive(Debug, Clone, Deserialize)]
pub struct AnthropicDetail {
    /// `invalid_request_error`, `rate_limit_error`, `overloaded_error`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// What went wrong.
    pub message: String,
}

/// An error response from the Anthropic API.
#[derive(Debug, ApiError)]
#[api(
    vendor = "Anthropic",
    display,
    codes(400, 401, 402, 403, 404, 413, 429, 500, 529),
    request_id_headers("request-id"),
    rate_limit(
        remaining = "anthropic-ratelimit-requests-remaining",
        reset = "anthropic-ratelimit-requests-reset",
        format = rfc3339
    ),
    rate_limit(
        remaining = "anthropic-ratelimit-tokens-remaining",
        reset = "anthropic-ratelimit-tokens-reset",
        format = rfc3339
    )
)]
pub enum AnthropicError {
    /// 400: `invalid_request_error`.
    #[status(400)]
    InvalidRequest(#[body] Option<AnthropicBody>, #[context] Context),
    /// 401: `authentication_error`.
    #[status(401)]
    Authentication(#[body] Option<AnthropicBody>, #[context] Context),
    /// 402: `billing_error`.
    #[status(402)]
    Billing(#[body] Option<AnthropicBody>, #[context] Context),
    /// 403: `permission_error`.
    #[status(403)]
    Permission(#[body] Option<AnthropicBody>, #[context] Context),
    /// 404: `not_found_error`.
    #[status(404)]
    NotFound(#[body] Option<AnthropicBody>, #[context] Context),
    /// 409: a conflict; retried.
    #[status(409, retry = backoff)]
    Conflict(#[body] Option<AnthropicBody>, #[context] Context),
    /// 413: `request_too_large`.
    #[status(413)]
    RequestTooLarge(#[body] Option<AnthropicBody>, #[context] Context),
    /// 429: `rate_limit_error`.
    #[status(429)]
    RateLimited(#[body] Option<AnthropicBody>, #[context] Context),
    /// 500: `api_error`.
    #[status(500, retry = backoff)]
    Api(#[body] Option<AnthropicBody>, #[context] Context),
    /// 529: `overloaded_error`.
    #[status(529, retry = backoff)]
    Overloaded(#[body] Option<AnthropicBody>, #[context] Context),
    /// Other 5xx.
    #[status(501..=599, retry = backoff)]
    Server(#[context] Context),
    /// Anything else.
    #[status(other)]
    Unexpected(#[context] Context),
}
