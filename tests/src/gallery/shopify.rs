//! The Shopify Admin REST API.
//!
//! - Errors are an `errors` member: a string (`{"errors": "Not Found"}`) or, on a
//!   422, a map of fields to messages (`{"errors": {"title": ["can't be blank"]}}`).
//! - Rate limit: a leaky bucket per app and store (40 requests, leaking 2 a
//!   second on standard plans), its fill announced on every response as
//!   `X-Shopify-Shop-Api-Call-Limit: 32/40`; past it a 429 with a decimal
//!   `Retry-After: 2.0`. Declared as a bucket, so that the pacer learns the room
//!   left from successes and a full bucket without `Retry-After` still waits the
//!   leak time of one request.
//! - Retries (`@shopify/shopify-api`'s REST client): a 429 waits `Retry-After`
//!   and is retried, as is a 5xx (after a fixed second); other errors are thrown.

use http_api_error::{ApiError, Context};

/// An error from the Shopify Admin REST API.
#[derive(Debug, ApiError)]
#[api(
    vendor = "Shopify",
    display,
    rate_limit(bucket = "x-shopify-shop-api-call-limit", leak_per_second = 2)
)]
pub enum ShopifyError {
    /// 401: the access token is missing or wrong.
    #[status(401)]
    Unauthorized(#[context] Context),
    /// 402: the shop's payment is overdue; the store is frozen.
    #[status(402)]
    PaymentRequired(#[context] Context),
    /// 403: the app lacks the scope.
    #[status(403)]
    Forbidden(#[context] Context),
    /// 404: no such resource.
    #[status(404)]
    NotFound(#[context] Context),
    /// 422: the resource did not validate; field errors per field.
    #[status(422)]
    Unprocessable(#[context] Context),
    /// 423: the shop is locked.
    #[status(423)]
    Locked(#[context] Context),
    /// 429: the bucket is full.
    #[status(429)]
    RateLimited(#[context] Context),
    /// 5xx: back off.
    #[status(500..=599, retry = backoff)]
    ServerError(#[context] Context),
    /// Anything else.
    #[status(other)]
    Unexpected(#[context] Context),
}
