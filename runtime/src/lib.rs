//! Declare a REST API's errors as an enum; derive status classification, error-body
//! decoding and retry advice, checked by the compiler.
//!
//! Copy the vendor's table of error statuses into an enum, one variant a row, and
//! derive [`ApiError`]:
//!
//! ```
//! use http::{HeaderMap, StatusCode};
//! use http_api_error::body::FieldErrors;
//! use http_api_error::{ApiError, Class, Context, Retry};
//!
//! #[derive(Debug, ApiError)]
//! #[api(vendor = "Acme", codes(400, 404, 422, 503), display)]
//! pub enum AcmeError {
//!     #[status(400)]
//!     BadRequest(#[body] Option<FieldErrors>, #[context] Context),
//!     #[status(404)]
//!     NotFound(#[body] Option<FieldErrors>),
//!     #[status(422, retry = false)]
//!     InvalidRequest(#[body] FieldErrors, #[context] Context),
//!     #[status(503, retry = backoff)]
//!     ServiceUnavailable(#[body] Option<FieldErrors>, #[context] Context),
//!     #[status(500..=599, escalate)]
//!     ServerError(#[context] Context),
//!     #[status(other)]
//!     Unexpected(#[context] Context),
//! }
//!
//! let mut headers = HeaderMap::new();
//! headers.insert("retry-after", "30".parse().unwrap());
//! let body = br#"{"detail": "Request was throttled."}"#;
//! let error = AcmeError::from_parts(StatusCode::SERVICE_UNAVAILABLE, &headers, body);
//!
//! assert!(matches!(error, AcmeError::ServiceUnavailable(Some(_), _)));
//! assert_eq!(error.class(), Class::Server);
//! assert_eq!(error.retry(), Retry::Backoff);
//! assert_eq!(error.retry_after(), Some(core::time::Duration::from_secs(30)));
//! assert_eq!(error.message().as_deref(), Some("Request was throttled."));
//! assert_eq!(error.to_string(), "Acme API error 503 Service Unavailable: Request was throttled.");
//!
//! // A 422 whose body is not the declared shape keeps its status and its advice,
//! // and lands in the catch-all with the raw bytes and the reason.
//! let error = AcmeError::from_parts(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), b"<html>");
//! assert!(matches!(error, AcmeError::Unexpected(_)));
//! assert_eq!(error.status(), StatusCode::UNPROCESSABLE_ENTITY);
//! assert_eq!(error.context().unwrap().raw_body(), b"<html>");
//! ```
//!
//! # A guide, from declaring an API to retrying it
//!
//! 1. **Declare** one variant per status the vendor documents, a catch-all, and
//!    `codes(...)` so that the compiler checks none is missing. A variant may be
//!    narrowed to one of the vendor's error codes: `#[status(429, code =
//!    "insufficient_quota")]`. Every attribute is on the [derive's
//!    page](derive@ApiError).
//! 2. **Body types** are any `serde::Deserialize` type, or none at all: the
//!    [dialects](body::Reading) read the message, code, field errors and request
//!    id of any JSON error body. Point at what they would miss with
//!    `#[api(message = "/json/pointer")]`, or implement [`body::ErrorBody`].
//! 3. **Classify** a response with [`ApiError::from_parts`], or straight from
//!    reqwest with [`reqwest::ResponseExt`] (feature `reqwest`) or ureq with
//!    [`ureq::ResponseExt`] (feature `ureq`).
//! 4. **Advise**: [`ApiError::advice`] says whether to retry and how long the
//!    response asks to wait, refining the declaration with should-retry headers,
//!    spent rate limits and delays in every dialect (`Retry-After`,
//!    `retry-after-ms`, IETF `RateLimit`, the API's own reset headers declared with
//!    `#[api(rate_limit(...))]`, `google.rpc.RetryInfo`).
//! 5. **Retry** with [`retry::RetryPolicy`]: by hand with `decide`, in a loop with
//!    `run` (`run_blocking` for blocking clients), or inside a client stack with
//!    [`middleware::RetryApiErrors`] (reqwest-middleware),
//!    [`middleware::ApiErrorStrategy`] (reqwest-retry), [`tower::ApiRetryPolicy`],
//!    [`ureq::AgentExt`], or backon's builders with [`backon::adjust_delay`].
//!
//! ```
//! use core::time::Duration;
//! use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
//! use http_api_error::retry::{Decision, RetryPolicy};
//! use http_api_error::{ApiError, Context};
//!
//! #[derive(Debug, serde::Deserialize)]
//! struct Body {
//!     error: Detail, // no trait impl: the reading of the body finds the message
//! }
//! #[derive(Debug, serde::Deserialize)]
//! struct Detail {
//!     message: String,
//! }
//!
//! #[derive(Debug, ApiError)]
//! #[api(vendor = "Acme", display, codes(429))]
//! enum AcmeError {
//!     #[status(429, code = "quota_exceeded", retry = false)]
//!     QuotaExceeded(#[body] Body, #[context] Context),
//!     #[status(429)]
//!     RateLimited(#[body] Option<Body>, #[context] Context),
//!     #[status(other)]
//!     Unexpected(#[context] Context),
//! }
//!
//! let policy = RetryPolicy::new().max_attempts(3);
//! let mut headers = HeaderMap::new();
//! headers.insert("retry-after", HeaderValue::from_static("2"));
//! let body = br#"{"error": {"code": "rate_limited", "message": "Slow down"}}"#;
//! let error = AcmeError::from_parts(StatusCode::TOO_MANY_REQUESTS, &headers, body);
//! assert_eq!(error.message().as_deref(), Some("Slow down"));
//! let Decision::Wait(wait) = policy.decide(&error, 1) else { panic!() };
//! assert!(wait >= Duration::from_secs(2));
//!
//! let body = br#"{"error": {"code": "quota_exceeded", "message": "Quota spent"}}"#;
//! let error = AcmeError::from_parts(StatusCode::TOO_MANY_REQUESTS, &headers, body);
//! assert!(matches!(error, AcmeError::QuotaExceeded(..)));
//! assert!(matches!(policy.decide(&error, 1), Decision::Stop(_)));
//! ```
//!
//! The README lists every attribute, the dialects, the advice rules and the
//! rate-limit dialects; the [`ApiError`](derive@ApiError) derive's page repeats the
//! attributes.
//!
//! # Features
//!
//! - `smartsuite`: [`smartsuite::SmartSuiteError`], ready-made.
//! - `investsuite`: [`investsuite::InvestSuiteError`], ready-made.
//! - `reqwest`: [`reqwest::ResponseExt`], errors from `reqwest::Response`s with a body cap.
//! - `reqwest-middleware`: [`middleware::RetryApiErrors`], a retry middleware that
//!   follows each error's advice and delay.
//! - `reqwest-retry`: [`middleware::ApiErrorStrategy`], a `RetryableStrategy` for
//!   `reqwest-retry`.
//! - `tower`: [`tower::ApiRetryPolicy`], a `tower::retry::Policy` for
//!   `http::Response` services, and [`tower::PaceLayer`], which paces every try.
//! - `progenitor`: [`progenitor::ErrorExt`], a progenitor-generated client's
//!   error made into the enum.
//! - `tracing`: spans and events of the retry loop (the README lists their fields).
//! - `ureq`: [`ureq::ResponseExt`] and [`ureq::AgentExt`], errors from ureq 3
//!   responses with a body cap, and a blocking retry loop.
//! - `backon`: [`backon::when_advised`] and [`backon::adjust_delay`], so that
//!   backon retries as each error advises and waits the response's delay.

#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate self as http_api_error;

mod advice;
mod api_error;
pub mod body;
mod classify;
mod display;
mod integrations;
mod response;
pub mod retry;
mod shared_rules;
#[cfg(test)]
mod shared_rules_tests;
mod units;
mod vendors;

#[doc(hidden)]
pub mod __private;

/// The `http` crate, re-exported so that `StatusCode`, `HeaderMap` and friends need
/// no dependency of your own.
pub use http;

pub use advice::{Advice, DelaySource, Reason, ResetFormat, DEFAULT_SHOULD_RETRY_HEADER};
pub use api_error::ApiError;
pub use classify::{Class, Declaration, Retry, Statuses};
#[cfg(feature = "backon")]
#[cfg_attr(docsrs, doc(cfg(feature = "backon")))]
pub use integrations::backon;
#[cfg(feature = "reqwest-middleware")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest-middleware")))]
pub use integrations::middleware;
#[cfg(feature = "progenitor")]
#[cfg_attr(docsrs, doc(cfg(feature = "progenitor")))]
pub use integrations::progenitor;
pub use integrations::render;
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub use integrations::reqwest;
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub use integrations::tower;
#[cfg(feature = "ureq")]
#[cfg_attr(docsrs, doc(cfg(feature = "ureq")))]
pub use integrations::ureq;
pub use response::{Context, RetryAfter, DEFAULT_KEPT_HEADERS, DEFAULT_REQUEST_ID_HEADERS};
pub use units::MAX_DELAY;
#[cfg(feature = "investsuite")]
#[cfg_attr(docsrs, doc(cfg(feature = "investsuite")))]
pub use vendors::investsuite;
#[cfg(feature = "smartsuite")]
#[cfg_attr(docsrs, doc(cfg(feature = "smartsuite")))]
pub use vendors::smartsuite;

/// Derives [`ApiError`](trait@ApiError) for an enum of a vendor's errors.
///
/// # Variant attribute: `#[status(...)]`, exactly one per variant
///
/// | argument | meaning |
/// |---|---|
/// | `404` | this exact code, in `400..=599` |
/// | `501..=599` | every code of the inclusive range, in `400..=599`, that no exact code claims |
/// | `other` | the catch-all: every status no other variant claims (exactly one variant) |
/// | `code = "insufficient_quota"` | only when the body's (or `code_header`'s) error code is this; `code = "A" \| "B"` for several |
/// | `retry = false` / `true` / `backoff` | never / after a short pause / with growing delays |
/// | `retry = when_asked` | never, unless the response gives a delay (a `Retry-After` on a 403) |
/// | `escalate` | the vendor asks to be told; implies `retry = false` |
///
/// Without `retry`, 408, 429, 502, 503 and 504 back off and every other code is
/// never retried ([`Retry::default_for`]). Status and code beat status alone,
/// which beats a range, which beats `other`.
///
/// # Field attributes: every field has exactly one
///
/// - `#[body]`: the JSON error body, `T` or `Option<T>` for any
///   `serde::Deserialize` type. `Option<T>` is `None` when the body is empty or
///   not `T`; a plain `T` that does not decode sends the response to the `other`
///   variant. When `T` implements [`body::ErrorBody`], its answers come first.
/// - `#[context]`: a [`Context`]. Range and `other` variants must have one.
///
/// # Enum attribute: `#[api(...)]`, optional
///
/// | key | meaning |
/// |---|---|
/// | `vendor = "Acme"` | the vendor's name, for `Display` and docs |
/// | `codes(400, 401, ...)` | the documented statuses: each needs a variant with exactly that status |
/// | `request_id_headers("x-trace-id", ...)` | where the request id is, instead of [`DEFAULT_REQUEST_ID_HEADERS`] |
/// | `message = "/error/text"` | a JSON pointer to the message; also `code`, `field_errors`, `request_id` |
/// | `dialect = fastapi` | the body's dialect, instead of recognising it: `problem`, `json_api`, `graphql`, `google`, `error_object`, `oauth`, `aws`, `fastapi`, `spring`, `nest`, `litestar`, `field_map`, `generic` |
/// | `code_header = "x-amzn-errortype"` | a header carrying the error code; it beats the body |
/// | `should_retry_headers("stripe-should-retry", ...)` | headers whose `true`/`false` overrides the advice, besides `x-should-retry` |
/// | `rate_limit(remaining = "...", reset = "...", format = epoch_seconds)` | one of the API's rate limits; repeat for several |
/// | `display` | also implement `Display` and `std::error::Error` |
/// | `render` | also implement [`render::RenderResponse`]: body types must implement `serde::Serialize` |
///
/// Reset formats: `epoch_seconds`, `epoch_millis`, `delta_seconds`,
/// `delta_millis`, `duration` (`6m0s`), `rfc3339`, `http_date` ([`ResetFormat`]).
pub use http_api_error_derive::ApiError;
