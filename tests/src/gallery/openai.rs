//! The OpenAI API.
//!
//! - Bodies: `{"error": {"message", "type", "param", "code"}}`.
//! - Request id: `x-request-id`.
//! - Rate limits: `x-ratelimit-remaining-requests` / `x-ratelimit-reset-requests`
//!   and the same for tokens, the resets as durations (`1s`, `6m0s`, `20ms`).
//! - Retries (openai-python `_should_retry`): `x-should-retry` first; then 408, 409,
//!   429 and 5xx. Delay (`_calculate_retry_timeout`): `retry-after-ms`, then
//!   `retry-after`, honoured up to 120 s; else 0.5 s doubling to 8 s.
//! - Better here: a 429 `insufficient_quota` is never retried (the quota does not
//!   come back by asking again; the SDK retries every 429), and a spent token limit
//!   waits for its reset header, which the SDK never reads.

use http_api_error::{ApiError, Context};
use serde::Deserialize;

/// OpenAI's error body.
#[derive(Debug, Clone, Deserialize)]
pub struct OpenAiBody {
    /// The error.
    pub error: OpenAiDetail,
}

/// `error` of an OpenAI body.
#[derive(Debug, Clone, Deserialize)]
pub struct OpenAiDetail {
    /// What went wrong.
    pub message: String,
    /// The kind, such as `invalid_request_error`.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// The parameter at fault.
    #[serde(default)]
    pub param: Option<String>,
    /// A code such as `insufficient_quota`.
    #[serde(default)]
    pub code: Option<String>,
}

/// An error response from the OpenAI API.
#[derive(Debug, ApiError)]
#[api(
    vendor = "OpenAI",
    display,
    codes(400, 401, 403, 404, 409, 422, 429),
    request_id_headers("x-request-id"),
    rate_limit(
        remaining = "x-ratelimit-remaining-requests",
        reset = "x-ratelimit-reset-requests",
        format = duration
    ),
    rate_limit(
        remaining = "x-ratelimit-remaining-tokens",
        reset = "x-ratelimit-reset-tokens",
        format = duration
    )
)]
pub enum OpenAiError {
    /// 400: the request is malformed.
    #[status(400)]
    BadRequest(#[body] Option<OpenAiBody>, #[context] Context),
    /// 401: the key is wrong or revoked.
    #[status(401)]
    Authentication(#[body] Option<OpenAiBody>, #[context] Context),
    /// 403: not allowed from here, or for this model.
    #[status(403)]
    PermissionDenied(#[body] Option<OpenAiBody>, #[context] Context),
    /// 404: no such model or object.
    #[status(404)]
    NotFound(#[body] Option<OpenAiBody>, #[context] Context),
    /// 409: a conflict; retried.
    #[status(409, retry = backoff)]
    Conflict(#[body] Option<OpenAiBody>, #[context] Context),
    /// 422: the request cannot be processed.
    #[status(422)]
    Unprocessable(#[body] Option<OpenAiBody>, #[context] Context),
    /// 429 `insufficient_quota`: the plan's quota is spent; never retried.
    #[status(429, code = "insufficient_quota", retry = false)]
    QuotaExceeded(#[body] OpenAiBody, #[context] Context),
    /// 429: a rate limit; waits for its reset.
    #[status(429)]
    RateLimited(#[body] Option<OpenAiBody>, #[context] Context),
    /// 5xx: OpenAI failed or is overloaded.
    #[status(500..=599, retry = backoff)]
    Server(#[body] Option<OpenAiBody>, #[context] Context),
    /// Anything else.
    #[status(other)]
    Unexpected(#[context] Context),
}
