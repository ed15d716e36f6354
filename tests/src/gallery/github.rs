//! The GitHub REST API.
//!
//! - Bodies: `{"message", "documentation_url", "errors": [{"resource", "field", "code"}]}`;
//!   the conventions read the message and the field errors (a field's `code` stands
//!   in for a missing message).
//! - Request id: `x-github-request-id`.
//! - Rate limits (octokit `plugin-throttling`): a 403 or 429 with
//!   `x-ratelimit-remaining: 0` waits until `x-ratelimit-reset` (epoch seconds); a
//!   secondary limit is a 403 with `retry-after`. Here the first is the spent-limit
//!   rule and the second `retry = when_asked`; octokit tells a secondary limit by
//!   the message text.
//! - Retries (octokit `plugin-retry`): everything but 400, 401, 403, 404, 410, 422
//!   and 451, so 409, 429 and 5xx back off.

use http_api_error::{ApiError, Context};
use serde::Deserialize;

/// GitHub's error body.
#[derive(Debug, Clone, Deserialize)]
pub struct GitHubBody {
    /// What went wrong.
    pub message: String,
    /// The docs page for it.
    #[serde(default)]
    pub documentation_url: Option<String>,
}

/// An error response from the GitHub REST API.
#[derive(Debug, ApiError)]
#[api(
    vendor = "GitHub",
    display,
    codes(401, 403, 404, 409, 410, 422, 429),
    request_id_headers("x-github-request-id"),
    rate_limit(
        remaining = "x-ratelimit-remaining",
        reset = "x-ratelimit-reset",
        format = epoch_seconds
    )
)]
pub enum GitHubError {
    /// 401: the token is missing or wrong.
    #[status(401)]
    Unauthorized(#[body] Option<GitHubBody>, #[context] Context),
    /// 403: no permission, or a rate limit (spent primary, or secondary with `retry-after`).
    #[status(403, retry = when_asked)]
    Forbidden(#[body] Option<GitHubBody>, #[context] Context),
    /// 404: no such resource, or no access to it.
    #[status(404)]
    NotFound(#[body] Option<GitHubBody>, #[context] Context),
    /// 409: a conflict, such as a ref that moved.
    #[status(409, retry = backoff)]
    Conflict(#[body] Option<GitHubBody>, #[context] Context),
    /// 410: gone for good.
    #[status(410)]
    Gone(#[body] Option<GitHubBody>, #[context] Context),
    /// 422: validation failed; see `field_errors()`.
    #[status(422)]
    ValidationFailed(#[body] Option<GitHubBody>, #[context] Context),
    /// 429: a rate limit.
    #[status(429)]
    TooManyRequests(#[body] Option<GitHubBody>, #[context] Context),
    /// 5xx: GitHub failed.
    #[status(500..=599, retry = backoff)]
    ServerError(#[context] Context),
    /// Anything else.
    #[status(other)]
    Unexpected(#[context] Context),
}
