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
//!    [conventions](body::Reading) read the message, code, field errors and request
//!    id of any JSON error body. Point at what they would miss with
//!    `#[api(message = "/json/pointer")]`, or implement [`body::ErrorBody`].
//! 3. **Classify** a response with [`ApiError::from_parts`], or straight from
//!    reqwest with [`reqwest::ResponseExt`] (feature `reqwest`).
//! 4. **Advise**: [`ApiError::advice`] says whether to retry and how long the
//!    response asks to wait, refining the declaration with should-retry headers,
//!    spent rate limits and delays in every dialect (`Retry-After`,
//!    `retry-after-ms`, IETF `RateLimit`, the API's own reset headers declared with
//!    `#[api(rate_limit(...))]`, `google.rpc.RetryInfo`).
//! 5. **Retry** with [`retry::RetryPolicy`]: by hand with `decide`, in a loop with
//!    `run`, or inside a client stack with [`middleware::RetryApiErrors`]
//!    (reqwest-middleware), [`middleware::ApiErrorStrategy`] (reqwest-retry) or
//!    [`tower::ApiRetryPolicy`].
//!
//! ```
//! use core::time::Duration;
//! use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
//! use http_api_error::retry::{Decision, RetryPolicy};
//! use http_api_error::{ApiError, Context};
//!
//! #[derive(Debug, serde::Deserialize)]
//! struct Body {
//!     error: Detail, // no trait impl: the conventions read it
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
//! assert!(matches!(policy.decide(&error, 1), Decision::GiveUp(_)));
//! ```
//!
//! The README lists every attribute, the conventions, the advice rules and the
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
//!   `http::Response` services.

#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate self as http_api_error;

mod advice;
pub mod body;
mod integrations;
mod response;
mod shared_rules;
#[cfg(test)]
mod shared_rules_tests;
mod units;
mod vendors;

#[doc(hidden)]
pub mod __private;

use std::borrow::Cow;
use std::time::Duration;

use http::{HeaderMap, StatusCode};

/// The `http` crate, re-exported so that `StatusCode`, `HeaderMap` and friends need
/// no dependency of your own.
pub use http;

pub use advice::policy as retry;
pub use advice::{
    Advice, Class, Declaration, DelaySource, RateLimitHeaders, Reason, ResetFormat, Retry, Rules,
    Statuses, DEFAULT_SHOULD_RETRY_HEADER,
};
pub use body::{decode_body, BodyError};
#[cfg(feature = "reqwest-middleware")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest-middleware")))]
pub use integrations::middleware;
pub use integrations::render;
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub use integrations::reqwest;
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub use integrations::tower;
pub use response::{Context, RetryAfter, DEFAULT_KEPT_HEADERS, DEFAULT_REQUEST_ID_HEADERS};
#[cfg(feature = "investsuite")]
#[cfg_attr(docsrs, doc(cfg(feature = "investsuite")))]
pub use vendors::investsuite;
#[cfg(feature = "smartsuite")]
#[cfg_attr(docsrs, doc(cfg(feature = "smartsuite")))]
pub use vendors::smartsuite;

use body::{ErrorBody, FieldError};

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
/// | `code_header = "x-amzn-errortype"` | a header carrying the error code; it beats the body |
/// | `should_retry_headers("stripe-should-retry", ...)` | headers whose `true`/`false` overrides the advice, besides `x-should-retry` |
/// | `rate_limit(remaining = "...", reset = "...", format = epoch_seconds)` | one of the API's rate limits; repeat for several |
/// | `display` | also implement `Display` and `std::error::Error` |
/// | `render` | also implement [`render::RenderResponse`]: body types must implement `serde::Serialize` |
///
/// Reset formats: `epoch_seconds`, `epoch_millis`, `delta_seconds`,
/// `delta_millis`, `duration` (`6m0s`), `rfc3339`, `http_date` ([`ResetFormat`]).
pub use http_api_error_derive::ApiError;

/// What one variant holds, as [`ApiError::parts`] reports it.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct Parts<'a> {
    /// The variant's index in [`ApiError::DECLARATIONS`].
    pub declaration: usize,
    /// Its context, if it has one.
    pub context: Option<&'a Context>,
    /// Its decoded body, if it has one and it decoded.
    pub body: Option<&'a dyn ErrorBody>,
}

impl<'a> Parts<'a> {
    /// What a variant holds.
    #[must_use]
    #[inline]
    pub fn new(
        declaration: usize,
        context: Option<&'a Context>,
        body: Option<&'a dyn ErrorBody>,
    ) -> Self {
        Parts {
            declaration,
            context,
            body,
        }
    }
}

/// What the accessors read, in one place for every enum: the typed body's
/// [`ErrorBody`] first, then the context's one reading of the body.
impl<'a> Parts<'a> {
    pub(crate) fn message(self) -> Option<Cow<'a, str>> {
        self.body.and_then(ErrorBody::message).or_else(|| {
            let reading = self.context?.reading();
            reading.message.as_deref().map(Cow::Borrowed)
        })
    }

    pub(crate) fn field_errors(self) -> Vec<FieldError> {
        let typed = self.body.map(ErrorBody::field_errors).unwrap_or_default();
        if !typed.is_empty() {
            return typed;
        }
        self.context
            .map(|context| context.reading().field_errors.clone())
            .unwrap_or_default()
    }

    pub(crate) fn request_id(self) -> Option<&'a str> {
        let context = self.context;
        context
            .and_then(Context::request_id)
            .or_else(|| self.body.and_then(ErrorBody::request_id))
            .or_else(|| context?.reading().request_id.as_deref())
    }
}

/// [`ApiError::status`] of the variant `parts` describes: the context's, else the
/// variant's single code.
#[inline]
pub(crate) fn status_in<E: ApiError>(parts: Parts<'_>) -> StatusCode {
    if let Some(context) = parts.context {
        return context.status();
    }
    match E::DECLARATIONS.get(parts.declaration) {
        Some(declaration) => declaration.representative_status(),
        None => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// [`ApiError::declaration`] of the variant `parts` describes: its own row, or in
/// the catch-all, the row of the status (and of the code the classification read:
/// the header, else the body's).
#[inline]
fn declaration_in<E: ApiError>(parts: Parts<'_>) -> &'static Declaration {
    match E::DECLARATIONS.get(parts.declaration) {
        Some(own) if own.statuses != Statuses::Other => own,
        _ => {
            // `from_parts` records the row it found.
            let recorded = parts.context.and_then(__private::recorded_row::<E>);
            if let Some(found) = recorded.and_then(|row| E::DECLARATIONS.get(row)) {
                return found;
            }
            let status = status_in::<E>(parts);
            let code = __private::has_code_variants::<E>(status)
                .then(|| parts.context.and_then(__private::code::<E>))
                .flatten();
            E::declaration_for(status, code.as_deref())
        }
    }
}

impl core::fmt::Debug for Parts<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Parts")
            .field("declaration", &self.declaration)
            .field("context", &self.context)
            .field("body", &self.body.map(|_| ".."))
            .finish()
    }
}

/// An enum of one API's errors. Derive it with [`#[derive(ApiError)]`](derive@ApiError).
///
/// Classification is by status, then by the vendor's error code where a variant
/// declares one, and is total: every status lands in one variant. Nothing here
/// panics, whatever the status, headers or body.
///
/// ```
/// use http_api_error::http::{HeaderMap, StatusCode};
/// use http_api_error::{ApiError, Context, Retry};
///
/// #[derive(Debug, ApiError)]
/// #[api(vendor = "Acme", display)]
/// enum AcmeError {
///     #[status(404)]
///     NotFound(#[context] Context),
///     #[status(503)]
///     Unavailable(#[context] Context),
///     #[status(other)]
///     Unexpected(#[context] Context),
/// }
///
/// fn handle<E: ApiError + std::fmt::Display>(error: E) -> String {
///     match error.retry() {
///         Retry::Never => format!("giving up: {error}"),
///         _ => format!("will retry after {:?}", error.retry_after()),
///     }
/// }
///
/// let error = AcmeError::from_parts(StatusCode::NOT_FOUND, &HeaderMap::new(), br#"{"message": "Gone"}"#);
/// assert_eq!(handle(error), "giving up: Acme API error 404 Not Found: Gone");
/// ```
pub trait ApiError: Sized {
    /// The declaration table, one row per variant, in declaration order.
    const DECLARATIONS: &'static [Declaration];

    /// The vendor's name from `#[api(vendor = "...")]`.
    const VENDOR: Option<&'static str> = None;

    /// Where the API puts request ids, codes and rate limits (`#[api(...)]`).
    const RULES: Rules = Rules::DEFAULT;

    /// Builds the error for a response.
    ///
    /// ```
    /// # use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
    /// # use http_api_error::{ApiError, Context};
    /// # #[derive(Debug, ApiError)]
    /// # #[api(vendor = "Acme", display)]
    /// # enum Acme {
    /// #     #[status(404)]
    /// #     NotFound(#[context] Context),
    /// #     #[status(422)]
    /// #     Invalid(#[context] Context),
    /// #     #[status(429, code = "quota_exceeded", retry = false)]
    /// #     QuotaExceeded(#[context] Context),
    /// #     #[status(503, retry = backoff)]
    /// #     Unavailable(#[context] Context),
    /// #     #[status(500..=599, escalate)]
    /// #     Server(#[context] Context),
    /// #     #[status(other)]
    /// #     Unexpected(#[context] Context),
    /// # }
    /// let error = Acme::from_parts(StatusCode::NOT_FOUND, &HeaderMap::new(), br#"{"message": "No such record"}"#);
    /// assert!(matches!(error, Acme::NotFound(_)));
    /// // Every status lands somewhere: 418 is not declared.
    /// let error = Acme::from_parts(StatusCode::IM_A_TEAPOT, &HeaderMap::new(), b"");
    /// assert!(matches!(error, Acme::Unexpected(_)));
    /// ```
    fn from_parts(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Self;

    /// The declaration a status falls under by status alone: an exact code, else a
    /// range, else `other`.
    ///
    /// ```
    /// # use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
    /// # use http_api_error::{ApiError, Context};
    /// # #[derive(Debug, ApiError)]
    /// # #[api(vendor = "Acme", display)]
    /// # enum Acme {
    /// #     #[status(404)]
    /// #     NotFound(#[context] Context),
    /// #     #[status(422)]
    /// #     Invalid(#[context] Context),
    /// #     #[status(429, code = "quota_exceeded", retry = false)]
    /// #     QuotaExceeded(#[context] Context),
    /// #     #[status(503, retry = backoff)]
    /// #     Unavailable(#[context] Context),
    /// #     #[status(500..=599, escalate)]
    /// #     Server(#[context] Context),
    /// #     #[status(other)]
    /// #     Unexpected(#[context] Context),
    /// # }
    /// assert_eq!(Acme::declaration_of(StatusCode::NOT_FOUND).variant, "NotFound");
    /// assert_eq!(Acme::declaration_of(StatusCode::BAD_GATEWAY).variant, "Server");
    /// assert_eq!(Acme::declaration_of(StatusCode::OK).variant, "Unexpected");
    /// ```
    ///
    /// Looked up in a table built from [`ApiError::DECLARATIONS`] at compile time;
    /// a table without `other` gives a catch-all with an empty variant name for the
    /// statuses it leaves out.
    #[inline]
    fn declaration_of(status: StatusCode) -> &'static Declaration {
        __private::declaration_of::<Self>(status)
    }

    /// What the variant holds: its row of [`ApiError::DECLARATIONS`], its context
    /// and its decoded body. The accessors below read through it.
    fn parts(&self) -> Parts<'_>;

    /// The variant's [`Context`] to amend, such as marking a body read in part.
    fn context_mut(&mut self) -> Option<&mut Context>;

    /// The declaration for a status and an error code: the variant declared for
    /// both, else [`ApiError::declaration_of`] the status.
    ///
    /// ```
    /// # use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
    /// # use http_api_error::{ApiError, Context};
    /// # #[derive(Debug, ApiError)]
    /// # #[api(vendor = "Acme", display)]
    /// # enum Acme {
    /// #     #[status(404)]
    /// #     NotFound(#[context] Context),
    /// #     #[status(422)]
    /// #     Invalid(#[context] Context),
    /// #     #[status(429, code = "quota_exceeded", retry = false)]
    /// #     QuotaExceeded(#[context] Context),
    /// #     #[status(503, retry = backoff)]
    /// #     Unavailable(#[context] Context),
    /// #     #[status(500..=599, escalate)]
    /// #     Server(#[context] Context),
    /// #     #[status(other)]
    /// #     Unexpected(#[context] Context),
    /// # }
    /// let quota = Acme::declaration_for(StatusCode::TOO_MANY_REQUESTS, Some("quota_exceeded"));
    /// assert_eq!(quota.variant, "QuotaExceeded");
    /// let other = Acme::declaration_for(StatusCode::TOO_MANY_REQUESTS, Some("slow_down"));
    /// assert_eq!(other.variant, "Unexpected");
    /// ```
    fn declaration_for(status: StatusCode, code: Option<&str>) -> &'static Declaration {
        code.and_then(|code| {
            Self::DECLARATIONS
                .iter()
                .find(|declaration| declaration.covers_code(status, code))
        })
        .unwrap_or_else(|| Self::declaration_of(status))
    }

    /// The response status: the context's, else the variant's single code.
    ///
    /// ```
    /// # use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
    /// # use http_api_error::{ApiError, Context};
    /// # #[derive(Debug, ApiError)]
    /// # #[api(vendor = "Acme", display)]
    /// # enum Acme {
    /// #     #[status(404)]
    /// #     NotFound(#[context] Context),
    /// #     #[status(422)]
    /// #     Invalid(#[context] Context),
    /// #     #[status(429, code = "quota_exceeded", retry = false)]
    /// #     QuotaExceeded(#[context] Context),
    /// #     #[status(503, retry = backoff)]
    /// #     Unavailable(#[context] Context),
    /// #     #[status(500..=599, escalate)]
    /// #     Server(#[context] Context),
    /// #     #[status(other)]
    /// #     Unexpected(#[context] Context),
    /// # }
    /// let error = Acme::from_parts(StatusCode::BAD_GATEWAY, &HeaderMap::new(), b"<html>");
    /// assert_eq!(error.status(), StatusCode::BAD_GATEWAY);
    /// ```
    #[inline]
    fn status(&self) -> StatusCode {
        status_in::<Self>(self.parts())
    }

    /// The variant's [`Context`], if it has one.
    ///
    /// ```
    /// # use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
    /// # use http_api_error::{ApiError, Context};
    /// # #[derive(Debug, ApiError)]
    /// # #[api(vendor = "Acme", display)]
    /// # enum Acme {
    /// #     #[status(404)]
    /// #     NotFound(#[context] Context),
    /// #     #[status(422)]
    /// #     Invalid(#[context] Context),
    /// #     #[status(429, code = "quota_exceeded", retry = false)]
    /// #     QuotaExceeded(#[context] Context),
    /// #     #[status(503, retry = backoff)]
    /// #     Unavailable(#[context] Context),
    /// #     #[status(500..=599, escalate)]
    /// #     Server(#[context] Context),
    /// #     #[status(other)]
    /// #     Unexpected(#[context] Context),
    /// # }
    /// let error = Acme::from_parts(StatusCode::BAD_GATEWAY, &HeaderMap::new(), b"<html>");
    /// let context = error.context().unwrap();
    /// assert_eq!(context.raw_body(), b"<html>");
    /// assert_eq!(context.body_error(), Some(&http_api_error::BodyError::NotJson));
    /// ```
    fn context(&self) -> Option<&Context> {
        self.parts().context
    }

    /// The variant's decoded body, when it has one, it decoded, and its type
    /// implements [`ErrorBody`].
    ///
    /// ```
    /// use http_api_error::body::{ErrorBody, FieldErrors};
    /// use http_api_error::http::{HeaderMap, StatusCode};
    /// use http_api_error::{ApiError, Context};
    ///
    /// #[derive(Debug, ApiError)]
    /// enum Acme {
    ///     #[status(422)]
    ///     Invalid(#[body] Option<FieldErrors>, #[context] Context),
    ///     #[status(other)]
    ///     Unexpected(#[body] Option<serde_json::Value>, #[context] Context),
    /// }
    ///
    /// let error = Acme::from_parts(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), br#"{"name": ["blank"]}"#);
    /// let body = error.error_body().unwrap();
    /// assert_eq!(body.field_errors()[0].field, "name");
    /// ```
    fn error_body(&self) -> Option<&dyn ErrorBody> {
        self.parts().body
    }

    /// The variant's name.
    ///
    /// ```
    /// # use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
    /// # use http_api_error::{ApiError, Context};
    /// # #[derive(Debug, ApiError)]
    /// # #[api(vendor = "Acme", display)]
    /// # enum Acme {
    /// #     #[status(404)]
    /// #     NotFound(#[context] Context),
    /// #     #[status(422)]
    /// #     Invalid(#[context] Context),
    /// #     #[status(429, code = "quota_exceeded", retry = false)]
    /// #     QuotaExceeded(#[context] Context),
    /// #     #[status(503, retry = backoff)]
    /// #     Unavailable(#[context] Context),
    /// #     #[status(500..=599, escalate)]
    /// #     Server(#[context] Context),
    /// #     #[status(other)]
    /// #     Unexpected(#[context] Context),
    /// # }
    /// let error = Acme::from_parts(StatusCode::SERVICE_UNAVAILABLE, &HeaderMap::new(), b"");
    /// assert_eq!(error.variant_name(), "Unavailable");
    /// ```
    fn variant_name(&self) -> &'static str {
        Self::DECLARATIONS
            .get(self.parts().declaration)
            .map_or("", |declaration| declaration.variant)
    }

    /// Builds the error for a whole `http::Response`.
    ///
    /// ```
    /// # use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
    /// # use http_api_error::{ApiError, Context};
    /// # #[derive(Debug, ApiError)]
    /// # #[api(vendor = "Acme", display)]
    /// # enum Acme {
    /// #     #[status(404)]
    /// #     NotFound(#[context] Context),
    /// #     #[status(422)]
    /// #     Invalid(#[context] Context),
    /// #     #[status(429, code = "quota_exceeded", retry = false)]
    /// #     QuotaExceeded(#[context] Context),
    /// #     #[status(503, retry = backoff)]
    /// #     Unavailable(#[context] Context),
    /// #     #[status(500..=599, escalate)]
    /// #     Server(#[context] Context),
    /// #     #[status(other)]
    /// #     Unexpected(#[context] Context),
    /// # }
    /// let response = http_api_error::http::Response::builder().status(404).body(Vec::new()).unwrap();
    /// assert!(matches!(Acme::from_response(response), Acme::NotFound(_)));
    /// ```
    fn from_response<B: AsRef<[u8]>>(response: http::Response<B>) -> Self {
        let (parts, body) = response.into_parts();
        Self::from_parts(parts.status, &parts.headers, body.as_ref())
    }

    /// The declaration this error falls under.
    ///
    /// That is the variant's own, except in the catch-all: a response whose body
    /// did not decode into a plain `#[body] T` lives there, and keeps its status's
    /// declaration (by its error code, where the status has code variants).
    #[inline]
    fn declaration(&self) -> &'static Declaration {
        declaration_in::<Self>(self.parts())
    }

    /// The advice for this response: the declaration, refined by what the response
    /// says (should-retry headers, spent rate limits), and the delay it asks for.
    /// The README's "Retry advice" section has the order of the rules.
    ///
    /// ```
    /// use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
    /// use http_api_error::{ApiError, Context, Reason, Retry};
    ///
    /// #[derive(Debug, ApiError)]
    /// enum Acme {
    ///     #[status(403, retry = when_asked)]
    ///     Forbidden(#[context] Context),
    ///     #[status(other)]
    ///     Unexpected(#[context] Context),
    /// }
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("retry-after", HeaderValue::from_static("60"));
    /// let advice = Acme::from_parts(StatusCode::FORBIDDEN, &headers, b"").advice();
    /// assert_eq!((advice.retry, advice.reason), (Retry::Backoff, Reason::AskedByResponse));
    /// assert_eq!(advice.delay, Some(core::time::Duration::from_secs(60)));
    /// ```
    fn advice(&self) -> Advice {
        let parts = self.parts();
        advice::advise(declaration_in::<Self>(parts), parts.context, &Self::RULES)
    }

    /// Whether to retry: [`ApiError::advice`]'s verdict, without reading a delay
    /// unless a `retry = when_asked` declaration needs one.
    ///
    /// ```
    /// # use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
    /// # use http_api_error::{ApiError, Context};
    /// # #[derive(Debug, ApiError)]
    /// # #[api(vendor = "Acme", display)]
    /// # enum Acme {
    /// #     #[status(404)]
    /// #     NotFound(#[context] Context),
    /// #     #[status(422)]
    /// #     Invalid(#[context] Context),
    /// #     #[status(429, code = "quota_exceeded", retry = false)]
    /// #     QuotaExceeded(#[context] Context),
    /// #     #[status(503, retry = backoff)]
    /// #     Unavailable(#[context] Context),
    /// #     #[status(500..=599, escalate)]
    /// #     Server(#[context] Context),
    /// #     #[status(other)]
    /// #     Unexpected(#[context] Context),
    /// # }
    /// use http_api_error::Retry;
    /// let body = br#"{"error": {"code": "quota_exceeded", "message": "Plan quota spent"}}"#;
    /// let error = Acme::from_parts(StatusCode::TOO_MANY_REQUESTS, &HeaderMap::new(), body);
    /// assert!(matches!(error, Acme::QuotaExceeded(_)));
    /// assert_eq!(error.retry(), Retry::Never);
    /// // The server can say otherwise.
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-should-retry", HeaderValue::from_static("false"));
    /// let error = Acme::from_parts(StatusCode::SERVICE_UNAVAILABLE, &headers, b"");
    /// assert_eq!(error.retry(), Retry::Never);
    /// ```
    #[inline]
    fn retry(&self) -> Retry {
        let parts = self.parts();
        let (context, rules) = (parts.context, &Self::RULES);
        advice::verdict(declaration_in::<Self>(parts), context, rules, || {
            advice::delay(context, rules).is_some()
        })
        .0
    }

    /// Whether the vendor asks to be told about this error.
    ///
    /// ```
    /// # use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
    /// # use http_api_error::{ApiError, Context};
    /// # #[derive(Debug, ApiError)]
    /// # #[api(vendor = "Acme", display)]
    /// # enum Acme {
    /// #     #[status(404)]
    /// #     NotFound(#[context] Context),
    /// #     #[status(422)]
    /// #     Invalid(#[context] Context),
    /// #     #[status(429, code = "quota_exceeded", retry = false)]
    /// #     QuotaExceeded(#[context] Context),
    /// #     #[status(503, retry = backoff)]
    /// #     Unavailable(#[context] Context),
    /// #     #[status(500..=599, escalate)]
    /// #     Server(#[context] Context),
    /// #     #[status(other)]
    /// #     Unexpected(#[context] Context),
    /// # }
    /// let error = Acme::from_parts(StatusCode::INTERNAL_SERVER_ERROR, &HeaderMap::new(), b"");
    /// assert!(error.escalate());
    /// assert!(!error.is_retryable());
    /// ```
    fn escalate(&self) -> bool {
        self.declaration().escalate
    }

    /// Client (4xx), server (5xx) or other.
    ///
    /// ```
    /// # use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
    /// # use http_api_error::{ApiError, Context};
    /// # #[derive(Debug, ApiError)]
    /// # #[api(vendor = "Acme", display)]
    /// # enum Acme {
    /// #     #[status(404)]
    /// #     NotFound(#[context] Context),
    /// #     #[status(422)]
    /// #     Invalid(#[context] Context),
    /// #     #[status(429, code = "quota_exceeded", retry = false)]
    /// #     QuotaExceeded(#[context] Context),
    /// #     #[status(503, retry = backoff)]
    /// #     Unavailable(#[context] Context),
    /// #     #[status(500..=599, escalate)]
    /// #     Server(#[context] Context),
    /// #     #[status(other)]
    /// #     Unexpected(#[context] Context),
    /// # }
    /// use http_api_error::Class;
    /// assert_eq!(Acme::from_parts(StatusCode::NOT_FOUND, &HeaderMap::new(), b"").class(), Class::Client);
    /// assert_eq!(Acme::from_parts(StatusCode::BAD_GATEWAY, &HeaderMap::new(), b"").class(), Class::Server);
    /// assert_eq!(Acme::from_parts(StatusCode::FOUND, &HeaderMap::new(), b"").class(), Class::Other);
    /// ```
    fn class(&self) -> Class {
        Class::of(self.status())
    }

    /// Whether sending the request again may succeed.
    ///
    /// ```
    /// # use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
    /// # use http_api_error::{ApiError, Context};
    /// # #[derive(Debug, ApiError)]
    /// # #[api(vendor = "Acme", display)]
    /// # enum Acme {
    /// #     #[status(404)]
    /// #     NotFound(#[context] Context),
    /// #     #[status(422)]
    /// #     Invalid(#[context] Context),
    /// #     #[status(429, code = "quota_exceeded", retry = false)]
    /// #     QuotaExceeded(#[context] Context),
    /// #     #[status(503, retry = backoff)]
    /// #     Unavailable(#[context] Context),
    /// #     #[status(500..=599, escalate)]
    /// #     Server(#[context] Context),
    /// #     #[status(other)]
    /// #     Unexpected(#[context] Context),
    /// # }
    /// assert!(Acme::from_parts(StatusCode::SERVICE_UNAVAILABLE, &HeaderMap::new(), b"").is_retryable());
    /// assert!(!Acme::from_parts(StatusCode::NOT_FOUND, &HeaderMap::new(), b"").is_retryable());
    /// ```
    fn is_retryable(&self) -> bool {
        self.retry() != Retry::Never
    }

    /// How long the response asks to wait, from now: `Retry-After`, else the other
    /// rate-limit dialects ([`DelaySource`]), when the variant has a context.
    ///
    /// ```
    /// # use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
    /// # use http_api_error::{ApiError, Context};
    /// # #[derive(Debug, ApiError)]
    /// # #[api(vendor = "Acme", display)]
    /// # enum Acme {
    /// #     #[status(404)]
    /// #     NotFound(#[context] Context),
    /// #     #[status(422)]
    /// #     Invalid(#[context] Context),
    /// #     #[status(429, code = "quota_exceeded", retry = false)]
    /// #     QuotaExceeded(#[context] Context),
    /// #     #[status(503, retry = backoff)]
    /// #     Unavailable(#[context] Context),
    /// #     #[status(500..=599, escalate)]
    /// #     Server(#[context] Context),
    /// #     #[status(other)]
    /// #     Unexpected(#[context] Context),
    /// # }
    /// use core::time::Duration;
    /// let mut headers = HeaderMap::new();
    /// headers.insert("retry-after-ms", HeaderValue::from_static("1500"));
    /// let error = Acme::from_parts(StatusCode::SERVICE_UNAVAILABLE, &headers, b"");
    /// assert_eq!(error.retry_after(), Some(Duration::from_millis(1500)));
    /// ```
    fn retry_after(&self) -> Option<Duration> {
        advice::delay(self.context(), &Self::RULES).map(|(delay, _)| delay)
    }

    /// The request id: from a request-id header, else the body's [`ErrorBody`],
    /// else the body by the conventions.
    ///
    /// ```
    /// # use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
    /// # use http_api_error::{ApiError, Context};
    /// # #[derive(Debug, ApiError)]
    /// # #[api(vendor = "Acme", display)]
    /// # enum Acme {
    /// #     #[status(404)]
    /// #     NotFound(#[context] Context),
    /// #     #[status(422)]
    /// #     Invalid(#[context] Context),
    /// #     #[status(429, code = "quota_exceeded", retry = false)]
    /// #     QuotaExceeded(#[context] Context),
    /// #     #[status(503, retry = backoff)]
    /// #     Unavailable(#[context] Context),
    /// #     #[status(500..=599, escalate)]
    /// #     Server(#[context] Context),
    /// #     #[status(other)]
    /// #     Unexpected(#[context] Context),
    /// # }
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-request-id", HeaderValue::from_static("req-42"));
    /// let error = Acme::from_parts(StatusCode::NOT_FOUND, &headers, b"");
    /// assert_eq!(error.request_id(), Some("req-42"));
    /// let error = Acme::from_parts(StatusCode::NOT_FOUND, &HeaderMap::new(), br#"{"request_id": "req-7"}"#);
    /// assert_eq!(error.request_id(), Some("req-7"));
    /// ```
    fn request_id(&self) -> Option<&str> {
        self.parts().request_id()
    }

    /// The body's message for people: its [`ErrorBody`], else the conventions.
    ///
    /// ```
    /// # use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
    /// # use http_api_error::{ApiError, Context};
    /// # #[derive(Debug, ApiError)]
    /// # #[api(vendor = "Acme", display)]
    /// # enum Acme {
    /// #     #[status(404)]
    /// #     NotFound(#[context] Context),
    /// #     #[status(422)]
    /// #     Invalid(#[context] Context),
    /// #     #[status(429, code = "quota_exceeded", retry = false)]
    /// #     QuotaExceeded(#[context] Context),
    /// #     #[status(503, retry = backoff)]
    /// #     Unavailable(#[context] Context),
    /// #     #[status(500..=599, escalate)]
    /// #     Server(#[context] Context),
    /// #     #[status(other)]
    /// #     Unexpected(#[context] Context),
    /// # }
    /// let body = br#"{"error": {"type": "invalid_request_error", "message": "Unknown parameter: colour"}}"#;
    /// let error = Acme::from_parts(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), body);
    /// assert_eq!(error.message().as_deref(), Some("Unknown parameter: colour"));
    /// assert_eq!(error.to_string(), "Acme API error 422 Unprocessable Entity: Unknown parameter: colour");
    /// ```
    fn message(&self) -> Option<Cow<'_, str>> {
        self.parts().message()
    }

    /// The vendor's error code: the declared code header, else the body's
    /// [`ErrorBody`], else the conventions; normalised by [`body::normalise_code`].
    ///
    /// ```
    /// # use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
    /// # use http_api_error::{ApiError, Context};
    /// # #[derive(Debug, ApiError)]
    /// # #[api(vendor = "Acme", display)]
    /// # enum Acme {
    /// #     #[status(404)]
    /// #     NotFound(#[context] Context),
    /// #     #[status(422)]
    /// #     Invalid(#[context] Context),
    /// #     #[status(429, code = "quota_exceeded", retry = false)]
    /// #     QuotaExceeded(#[context] Context),
    /// #     #[status(503, retry = backoff)]
    /// #     Unavailable(#[context] Context),
    /// #     #[status(500..=599, escalate)]
    /// #     Server(#[context] Context),
    /// #     #[status(other)]
    /// #     Unexpected(#[context] Context),
    /// # }
    /// let body = br#"{"__type": "com.acme#ValidationException", "message": "Bad input"}"#;
    /// let error = Acme::from_parts(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), body);
    /// assert_eq!(error.code().as_deref(), Some("ValidationException"));
    /// ```
    fn code(&self) -> Option<Cow<'_, str>> {
        let context = self.context();
        if let Some(code) = context.and_then(__private::header_code::<Self>) {
            return Some(Cow::Borrowed(code));
        }
        if let Some(code) = self.error_body().and_then(ErrorBody::code) {
            return match code {
                Cow::Borrowed(code) => body::trimmed(code).map(Cow::Borrowed),
                Cow::Owned(code) => body::trimmed(&code).map(|c| Cow::Owned(c.to_owned())),
            };
        }
        let reading = context?.reading();
        reading.code.as_deref().map(Cow::Borrowed)
    }

    /// The body's per-field errors: its [`ErrorBody`]'s when it gives any, else the
    /// conventions'.
    ///
    /// ```
    /// # use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
    /// # use http_api_error::{ApiError, Context};
    /// # #[derive(Debug, ApiError)]
    /// # #[api(vendor = "Acme", display)]
    /// # enum Acme {
    /// #     #[status(404)]
    /// #     NotFound(#[context] Context),
    /// #     #[status(422)]
    /// #     Invalid(#[context] Context),
    /// #     #[status(429, code = "quota_exceeded", retry = false)]
    /// #     QuotaExceeded(#[context] Context),
    /// #     #[status(503, retry = backoff)]
    /// #     Unavailable(#[context] Context),
    /// #     #[status(500..=599, escalate)]
    /// #     Server(#[context] Context),
    /// #     #[status(other)]
    /// #     Unexpected(#[context] Context),
    /// # }
    /// use http_api_error::body::FieldError;
    /// let body = br#"{"detail": [{"loc": ["body", "items", 1, "qty"], "msg": "must be positive"}]}"#;
    /// let error = Acme::from_parts(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), body);
    /// assert_eq!(error.field_errors(), vec![FieldError::new("body.items.1.qty", "must be positive")]);
    /// ```
    fn field_errors(&self) -> Vec<FieldError> {
        self.parts().field_errors()
    }
}
