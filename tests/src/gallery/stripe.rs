//! The Stripe API.
//!
//! - Bodies: `{"error": {"type", "code", "decline_code", "message", "param"}}`; the
//!   conventions read `error.message`, `error.code` (else `type`) and `param` as
//!   the field.
//! - Request id: `request-id`.
//! - Retries (stripe-python `_should_retry`, stripe-node `_shouldRetry`):
//!   `Stripe-Should-Retry: true/false` decides first; then 409 and 5xx retry.
//!   stripe-go retries a 429 only when its code is `lock_timeout`.
//! - Better here: a plain 429 backs off, as Stripe's rate-limit docs advise, where
//!   stripe-python and stripe-node leave it to the caller.

use http_api_error::{ApiError, Context};
use serde::Deserialize;

/// Stripe's error body.
#[derive(Debug, Clone, Deserialize)]
pub struct StripeBody {
    /// The error.
    pub error: StripeDetail,
}

/// `error` of a Stripe body.
#[derive(Debug, Clone, Deserialize)]
pub struct StripeDetail {
    /// `api_error`, `card_error`, `idempotency_error` or `invalid_request_error`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short code such as `card_declined`.
    #[serde(default)]
    pub code: Option<String>,
    /// For a card error, why the bank declined.
    #[serde(default)]
    pub decline_code: Option<String>,
}

/// An error response from the Stripe API.
#[derive(Debug, ApiError)]
#[api(
    vendor = "Stripe",
    display,
    codes(400, 401, 402, 403, 404, 409, 424, 429, 500),
    request_id_headers("request-id"),
    should_retry_headers("stripe-should-retry")
)]
pub enum StripeError {
    /// 400: a parameter is missing or wrong; `field_errors()` names it.
    #[status(400)]
    InvalidRequest(#[body] Option<StripeBody>, #[context] Context),
    /// 401: no valid API key.
    #[status(401)]
    Authentication(#[body] Option<StripeBody>, #[context] Context),
    /// 402: the request failed, such as a declined card.
    #[status(402)]
    RequestFailed(#[body] Option<StripeBody>, #[context] Context),
    /// 403: the key may not do this.
    #[status(403)]
    Permission(#[body] Option<StripeBody>, #[context] Context),
    /// 404: no such object.
    #[status(404)]
    NotFound(#[body] Option<StripeBody>, #[context] Context),
    /// 409: the request conflicts with another one.
    #[status(409, retry = backoff)]
    Conflict(#[body] Option<StripeBody>, #[context] Context),
    /// 424: an external dependency failed.
    #[status(424)]
    ExternalDependency(#[body] Option<StripeBody>, #[context] Context),
    /// 429 `lock_timeout`: another request holds the object; retry.
    #[status(429, code = "lock_timeout", retry = backoff)]
    LockTimeout(#[body] StripeBody, #[context] Context),
    /// 429: too many requests.
    #[status(429)]
    RateLimited(#[body] Option<StripeBody>, #[context] Context),
    /// 500: Stripe failed.
    #[status(500, retry = backoff)]
    Api(#[body] Option<StripeBody>, #[context] Context),
    /// 502, 503, 504.
    #[status(502..=504)]
    Unavailable(#[body] Option<StripeBody>, #[context] Context),
    /// Anything else.
    #[status(other)]
    Unexpected(#[context] Context),
}
