//! Retrying with backon while following each error's advice: [`when_advised`] for
//! `Retryable::when` and [`adjust_delay`] for `Retry::adjust`, so that a backon
//! user retries what the error enum advises and waits at least what the response
//! asks. Enabled by the `backon` feature.
//!
//! ```
//! use core::time::Duration;
//! use backon::{ConstantBuilder, Retryable};
//! use http_api_error::backon::{adjust_delay, when_advised};
//! use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
//! use http_api_error::{ApiError, Context};
//!
//! #[derive(Debug, ApiError)]
//! enum AcmeError {
//!     #[status(404)]
//!     NotFound(#[context] Context),
//!     #[status(other)]
//!     Unexpected(#[context] Context),
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let mut tries = 0;
//! let fetch = || {
//!     tries += 1;
//!     let answer = if tries == 1 {
//!         // Send the request here; on an error status, build the error.
//!         let mut headers = HeaderMap::new();
//!         headers.insert("retry-after-ms", HeaderValue::from_static("20"));
//!         Err(AcmeError::from_parts(StatusCode::TOO_MANY_REQUESTS, &headers, b""))
//!     } else {
//!         Ok("records")
//!     };
//!     async move { answer }
//! };
//! let mut slept = Vec::new();
//! let records = fetch
//!     .retry(ConstantBuilder::default().with_delay(Duration::from_millis(1)))
//!     .when(when_advised)
//!     .adjust(adjust_delay)
//!     .notify(|_, wait| slept.push(wait))
//!     .await;
//! assert_eq!(records.unwrap(), "records");
//! // The response's 20 ms beat backon's 1 ms.
//! assert_eq!(slept, [Duration::from_millis(20)]);
//! # }
//! ```
//!
//! backon's blocking retry (`BlockingRetryable`) has `when` but no `adjust`: use
//! [`when_advised`] there, or [`RetryPolicy::run_blocking`](crate::retry::RetryPolicy::run_blocking)
//! to honour the delay. backon knows nothing of the request: it cannot tell a
//! `POST` from a `GET` (retry a `POST` only with an idempotency key), nor spend a
//! [`RetryBudget`](crate::retry::RetryBudget); the crate's own loops do both.

use core::time::Duration;

use crate::retry::{Decision, RetryPolicy};
use crate::ApiError;

/// For `Retryable::when`: whether `error` advises a retry
/// ([`ApiError::is_retryable`]).
///
/// ```
/// use http_api_error::backon::when_advised;
/// use http_api_error::http::{HeaderMap, StatusCode};
/// use http_api_error::{ApiError, Context};
///
/// #[derive(Debug, ApiError)]
/// enum AcmeError {
///     #[status(other)]
///     Unexpected(#[context] Context),
/// }
///
/// let error = |status| AcmeError::from_parts(status, &HeaderMap::new(), b"");
/// assert!(when_advised(&error(StatusCode::SERVICE_UNAVAILABLE)));
/// assert!(!when_advised(&error(StatusCode::NOT_FOUND)));
/// ```
pub fn when_advised<E: ApiError>(error: &E) -> bool {
    error.is_retryable()
}

/// For `Retry::adjust`: backon's next delay, raised to the delay the response
/// asks for (`Retry-After` and every dialect the enum reads); `None`, which stops
/// backon, when backon has no delay left, when the error advises no retry, or
/// when the response asks to wait longer than the default
/// [`RetryPolicy::max_delay`] (60 s). [`adjust_delay_up_to`] sets that limit.
///
/// This is the rule [`RetryPolicy`] applies to its own backoff: the response's
/// delay is a floor, never shortened by a backoff that happens to be shorter.
///
/// ```
/// use core::time::Duration;
/// use http_api_error::backon::adjust_delay;
/// use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
/// use http_api_error::{ApiError, Context};
///
/// #[derive(Debug, ApiError)]
/// enum AcmeError {
///     #[status(other)]
///     Unexpected(#[context] Context),
/// }
///
/// let mut headers = HeaderMap::new();
/// headers.insert("retry-after", HeaderValue::from_static("3"));
/// let throttled = AcmeError::from_parts(StatusCode::TOO_MANY_REQUESTS, &headers, b"");
/// let backon = Some(Duration::from_secs(1));
/// assert_eq!(adjust_delay(&throttled, backon), Some(Duration::from_secs(3)));
/// assert_eq!(adjust_delay(&throttled, Some(Duration::from_secs(8))), Some(Duration::from_secs(8)));
/// // backon's attempts are spent: the response's delay does not add one.
/// assert_eq!(adjust_delay(&throttled, None), None);
/// headers.insert("retry-after", HeaderValue::from_static("3600"));
/// let hour = AcmeError::from_parts(StatusCode::TOO_MANY_REQUESTS, &headers, b"");
/// assert_eq!(adjust_delay(&hour, backon), None);
/// ```
pub fn adjust_delay<E: ApiError>(error: &E, backoff: Option<Duration>) -> Option<Duration> {
    adjusted(&RetryPolicy::new(), error, backoff)
}

/// [`adjust_delay`] that stops when the response asks to wait longer than
/// `max_delay` instead of 60 s.
///
/// ```
/// use core::time::Duration;
/// use http_api_error::backon::adjust_delay_up_to;
/// use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
/// use http_api_error::{ApiError, Context};
///
/// #[derive(Debug, ApiError)]
/// enum AcmeError {
///     #[status(other)]
///     Unexpected(#[context] Context),
/// }
///
/// let mut headers = HeaderMap::new();
/// headers.insert("retry-after", HeaderValue::from_static("120"));
/// let throttled = AcmeError::from_parts(StatusCode::TOO_MANY_REQUESTS, &headers, b"");
/// let mut adjust = adjust_delay_up_to(Duration::from_secs(300));
/// assert_eq!(adjust(&throttled, Some(Duration::from_secs(1))), Some(Duration::from_secs(120)));
/// ```
pub fn adjust_delay_up_to<E: ApiError>(
    max_delay: Duration,
) -> impl FnMut(&E, Option<Duration>) -> Option<Duration> {
    let policy = RetryPolicy::new().max_delay(max_delay);
    move |error, backoff| adjusted(&policy, error, backoff)
}

fn adjusted<E: ApiError>(
    policy: &RetryPolicy,
    error: &E,
    backoff: Option<Duration>,
) -> Option<Duration> {
    let backoff = backoff?;
    // `advice()` once: the verdict and the delay come from the same reading.
    let advice = error.advice();
    if advice.retry == crate::Retry::Never {
        return None;
    }
    match policy.honour_asked(backoff, advice.delay) {
        Decision::Wait(wait) => Some(wait),
        Decision::Stop(_) => None,
    }
}
