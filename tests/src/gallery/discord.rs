//! The Discord API.
//!
//! - Bodies: `{"code": 50035, "message", "errors": {"content": {"_errors": [{"code",
//!   "message"}]}}}`: the conventions read the numeric code and the nested field
//!   errors (an `_errors` list belongs to its parent's path).
//! - Rate limits: `Retry-After` and `X-RateLimit-Reset-After` in decimal seconds,
//!   `X-RateLimit-Remaining`; a 429 body repeats `retry_after`.
//! - Retries (discord.js `SequentialHandler`): a 429 waits `Retry-After` and is
//!   retried without limit; 5xx are retried three times at once; 4xx never.
//! - Here a 429 is bounded by the retry policy's attempts like any other error.

use http_api_error::{ApiError, Context};

/// An error response from the Discord API.
#[derive(Debug, ApiError)]
#[api(
    vendor = "Discord",
    display,
    rate_limit(
        remaining = "x-ratelimit-remaining",
        reset = "x-ratelimit-reset-after",
        format = delta_seconds
    )
)]
pub enum DiscordError {
    /// 400: invalid form body; `field_errors()` says where.
    #[status(400)]
    BadRequest(#[context] Context),
    /// 401: the token is missing or wrong.
    #[status(401)]
    Unauthorized(#[context] Context),
    /// 403: missing permissions.
    #[status(403)]
    Forbidden(#[context] Context),
    /// 404: unknown resource.
    #[status(404)]
    NotFound(#[context] Context),
    /// 429: rate limited.
    #[status(429)]
    RateLimited(#[context] Context),
    /// 5xx: retried after a short pause.
    #[status(500..=599, retry = true)]
    Server(#[context] Context),
    /// Anything else.
    #[status(other)]
    Unexpected(#[context] Context),
}
