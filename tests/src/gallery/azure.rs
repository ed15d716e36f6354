//! Azure REST APIs.
//!
//! - Bodies: `{"error": {"code", "message", "target", "details": [{"code", "target",
//!   "message"}]}}`; the `x-ms-error-code` header beats the body's code
//!   (azure_core `check_success`).
//! - Request id: `x-ms-request-id`.
//! - Retries (azure-sdk-for-rust `RetryPolicy`): 408, 429, 500, 502, 503, 504. On
//!   429 and 503 the delay is `x-ms-retry-after-ms`, `retry-after-ms`, then
//!   `retry-after`, at least the policy's own backoff.
//! - Here the same headers are read on every status.

use http_api_error::{ApiError, Context};

/// An error response from an Azure REST API. No body type: the conventions read
/// Azure's `error` object.
#[derive(Debug, ApiError)]
#[api(
    vendor = "Azure",
    display,
    code_header = "x-ms-error-code",
    request_id_headers("x-ms-request-id"),
    rate_limit(reset = "x-ms-retry-after-ms", format = delta_millis)
)]
pub enum AzureError {
    /// 400: the request is invalid; `field_errors()` names the targets.
    #[status(400)]
    BadRequest(#[context] Context),
    /// 401: no valid credential.
    #[status(401)]
    Unauthorized(#[context] Context),
    /// 403: not authorized.
    #[status(403)]
    Forbidden(#[context] Context),
    /// 404: no such resource.
    #[status(404)]
    NotFound(#[context] Context),
    /// 409: the resource exists or is busy.
    #[status(409)]
    Conflict(#[context] Context),
    /// 412: a precondition (`If-Match`) failed.
    #[status(412)]
    PreconditionFailed(#[context] Context),
    /// 429: throttled.
    #[status(429)]
    Throttled(#[context] Context),
    /// 5xx: 500 backs off here; 502, 503 and 504 by the default table.
    #[status(500, retry = backoff)]
    Internal(#[context] Context),
    /// Other 5xx.
    #[status(501..=599)]
    Server(#[context] Context),
    /// Anything else.
    #[status(other)]
    Unexpected(#[context] Context),
}
