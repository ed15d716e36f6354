//! Google APIs (AIP-193 errors over HTTP/JSON).
//!
//! - Bodies: `{"error": {"code", "message", "status", "details": [...]}}`: the code
//!   is the canonical `status` (`RESOURCE_EXHAUSTED`); `google.rpc.BadRequest`
//!   details give the field errors, `google.rpc.RetryInfo` the delay.
//! - Retries (python-api-core `if_transient_error`): 429, 500 and 503, full jitter
//!   from 1 s doubling to 60 s. RetryInfo is honoured by the Spanner Go client only.
//! - Better here: `RetryInfo.retryDelay` is the wait, so a quota refilling in 30 s
//!   is not asked again after 1 s; 502 and 504 back off as gateways' answers do.

use http_api_error::{ApiError, Context};
use serde::Deserialize;

/// Google's error body.
#[derive(Debug, Clone, Deserialize)]
pub struct GoogleBody {
    /// The `google.rpc.Status`.
    pub error: GoogleStatus,
}

/// `error` of a Google body.
#[derive(Debug, Clone, Deserialize)]
pub struct GoogleStatus {
    /// The HTTP status again.
    pub code: u16,
    /// What went wrong.
    pub message: String,
    /// The canonical code, such as `INVALID_ARGUMENT`.
    #[serde(default)]
    pub status: Option<String>,
}

/// An error response from a Google API.
#[derive(Debug, ApiError)]
#[api(
    vendor = "Google",
    display,
    codes(400, 401, 403, 404, 409, 429, 500, 503)
)]
pub enum GoogleError {
    /// 400: `INVALID_ARGUMENT`, `FAILED_PRECONDITION`, `OUT_OF_RANGE`.
    #[status(400)]
    BadRequest(#[body] Option<GoogleBody>, #[context] Context),
    /// 401: `UNAUTHENTICATED`.
    #[status(401)]
    Unauthenticated(#[body] Option<GoogleBody>, #[context] Context),
    /// 403: `PERMISSION_DENIED`.
    #[status(403)]
    PermissionDenied(#[body] Option<GoogleBody>, #[context] Context),
    /// 404: `NOT_FOUND`.
    #[status(404)]
    NotFound(#[body] Option<GoogleBody>, #[context] Context),
    /// 409: `ABORTED` or `ALREADY_EXISTS`.
    #[status(409)]
    Conflict(#[body] Option<GoogleBody>, #[context] Context),
    /// 429: `RESOURCE_EXHAUSTED`; waits `RetryInfo`.
    #[status(429)]
    ResourceExhausted(#[body] Option<GoogleBody>, #[context] Context),
    /// 500: `INTERNAL`.
    #[status(500, retry = backoff)]
    Internal(#[body] Option<GoogleBody>, #[context] Context),
    /// 503: `UNAVAILABLE`.
    #[status(503)]
    Unavailable(#[body] Option<GoogleBody>, #[context] Context),
    /// Anything else.
    #[status(other)]
    Unexpected(#[context] Context),
}
