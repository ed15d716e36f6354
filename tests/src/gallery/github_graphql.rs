//! The GitHub GraphQL API.
//!
//! - A query that fails answers HTTP 200 with `{"errors": [...]}` (no `data` when
//!   it failed before execution): `success_error(dialect = graphql)` makes those
//!   errors. A spent primary rate limit is one, with entries like
//!   `{"type": "RATE_LIMIT", "code": "graphql_rate_limit", "message": ...}` and
//!   `x-ratelimit-remaining: 0`; the code chooses the variant.
//! - Bad credentials are an HTTP 401 with GitHub's REST body; secondary limits a
//!   403 with `retry-after`.
//! - Retries (octokit `plugin-throttling`): a GraphQL `RATE_LIMIT` error waits
//!   until `x-ratelimit-reset`; other GraphQL errors are thrown, not retried.

use http_api_error::{ApiError, Context};

/// An error from the GitHub GraphQL API.
#[derive(Debug, ApiError)]
#[api(
    vendor = "GitHub GraphQL",
    display,
    success_error(dialect = graphql),
    request_id_headers("x-github-request-id"),
    rate_limit(
        remaining = "x-ratelimit-remaining",
        reset = "x-ratelimit-reset",
        format = epoch_seconds
    )
)]
pub enum GitHubGraphQlError {
    /// The query's points are spent for this hour: wait for the reset.
    #[status(200, code = "graphql_rate_limit" | "RATE_LIMIT" | "RATE_LIMITED", retry = backoff)]
    RateLimited(#[context] Context),
    /// Any other error in a 200: the query was wrong.
    #[status(200)]
    QueryFailed(#[context] Context),
    /// 401: the token is missing or wrong.
    #[status(401)]
    Unauthorized(#[context] Context),
    /// 403: a secondary rate limit (`retry-after`) or no permission.
    #[status(403, retry = when_asked)]
    Forbidden(#[context] Context),
    /// 5xx: back off.
    #[status(500..=599, retry = backoff)]
    ServerError(#[context] Context),
    /// Anything else.
    #[status(other)]
    Unexpected(#[context] Context),
}
