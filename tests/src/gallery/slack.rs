//! The Slack Web API.
//!
//! - Every method answers HTTP 200 with `{"ok": false, "error": "invalid_auth"}`
//!   when it fails: `success_error(pointer = "/ok", equals = false)` makes those
//!   errors, the `error` string their code (the generic dialect reads Slack's
//!   envelope), `response_metadata.messages` their message.
//! - Rate limits: HTTP 429 with `Retry-After` in seconds and `error: ratelimited`.
//! - Retries (`@slack/web-api`'s `WebClient`): a 429 is retried after
//!   `Retry-After`; `ok: false` is thrown as a platform error and not retried;
//!   5xx are retried by its `retryConfig` (10 retries over 30 minutes by default).

use http_api_error::{ApiError, Context};

/// An error from the Slack Web API.
#[derive(Debug, ApiError)]
#[api(
    vendor = "Slack",
    display,
    success_error(pointer = "/ok", equals = false)
)]
pub enum SlackError {
    /// `ok: false` with an authentication code: the token is wrong or revoked.
    #[status(
        200,
        code = "invalid_auth" | "not_authed" | "account_inactive" | "token_revoked" | "token_expired"
    )]
    NotAuthed(#[context] Context),
    /// `ok: false` because the method was called too often (Slack sends a 429
    /// for this; some methods answer 200 with the code).
    #[status(200, code = "ratelimited", retry = backoff)]
    RateLimitedInBody(#[context] Context),
    /// Any other `ok: false`: a platform error, not retried.
    #[status(200)]
    Failed(#[context] Context),
    /// 429 with `Retry-After`.
    #[status(429)]
    RateLimited(#[context] Context),
    /// 5xx: back off.
    #[status(500..=599, retry = backoff)]
    ServerError(#[context] Context),
    /// Anything else.
    #[status(other)]
    Unexpected(#[context] Context),
}
