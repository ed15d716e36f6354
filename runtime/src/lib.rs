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
//! The README lists every attribute and the default retry table; the
//! [`ApiError`](derive@ApiError) derive's page repeats them.
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
pub trait ApiError: Sized {
    /// The declaration table, one row per variant, in declaration order.
    const DECLARATIONS: &'static [Declaration];

    /// The vendor's name from `#[api(vendor = "...")]`.
    const VENDOR: Option<&'static str> = None;

    /// Where the API puts request ids, codes and rate limits (`#[api(...)]`).
    const RULES: Rules = Rules::DEFAULT;

    /// Builds the error for a response.
    fn from_parts(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Self;

    /// The declaration a status falls under by status alone: an exact code, else a
    /// range, else `other`.
    fn declaration_of(status: StatusCode) -> &'static Declaration;

    /// What the variant holds: its row of [`ApiError::DECLARATIONS`], its context
    /// and its decoded body. The accessors below read through it.
    fn parts(&self) -> Parts<'_>;

    /// The variant's [`Context`] to amend, such as marking a body read in part.
    fn context_mut(&mut self) -> Option<&mut Context>;

    /// The declaration for a status and an error code: the variant declared for
    /// both, else [`ApiError::declaration_of`] the status.
    fn declaration_for(status: StatusCode, code: Option<&str>) -> &'static Declaration {
        code.and_then(|code| {
            Self::DECLARATIONS
                .iter()
                .find(|declaration| declaration.covers_code(status, code))
        })
        .unwrap_or_else(|| Self::declaration_of(status))
    }

    /// The response status: the context's, else the variant's single code.
    #[inline]
    fn status(&self) -> StatusCode {
        let parts = self.parts();
        if let Some(context) = parts.context {
            return context.status();
        }
        match Self::DECLARATIONS.get(parts.declaration) {
            Some(declaration) => declaration.representative_status(),
            None => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The variant's [`Context`], if it has one.
    fn context(&self) -> Option<&Context> {
        self.parts().context
    }

    /// The variant's decoded body, when it has one, it decoded, and its type
    /// implements [`ErrorBody`].
    fn error_body(&self) -> Option<&dyn ErrorBody> {
        self.parts().body
    }

    /// The variant's name.
    fn variant_name(&self) -> &'static str {
        Self::DECLARATIONS
            .get(self.parts().declaration)
            .map_or("", |declaration| declaration.variant)
    }

    /// Builds the error for a whole `http::Response`.
    fn from_response<B: AsRef<[u8]>>(response: http::Response<B>) -> Self {
        let (parts, body) = response.into_parts();
        Self::from_parts(parts.status, &parts.headers, body.as_ref())
    }

    /// The declaration this error falls under.
    ///
    /// That is the variant's own, except in the catch-all: a response whose body
    /// did not decode into a plain `#[body] T` lives there, and keeps its status's
    /// declaration (by its error code, where the status has code variants).
    fn declaration(&self) -> &'static Declaration {
        let parts = self.parts();
        match Self::DECLARATIONS.get(parts.declaration) {
            Some(own) if own.statuses != Statuses::Other => own,
            _ => {
                let status = self.status();
                let code = __private::has_code_variants::<Self>(status)
                    .then(|| self.code())
                    .flatten();
                Self::declaration_for(status, code.as_deref())
            }
        }
    }

    /// The advice for this response: the declaration, refined by what the response
    /// says (should-retry headers, spent rate limits), and the delay it asks for.
    /// The README's "Retry advice" section has the order of the rules.
    fn advice(&self) -> Advice {
        advice::advise(self.declaration(), self.context(), &Self::RULES)
    }

    /// Whether to retry: [`ApiError::advice`]'s verdict, without reading a delay
    /// unless a `retry = when_asked` declaration needs one.
    fn retry(&self) -> Retry {
        let (context, rules) = (self.context(), &Self::RULES);
        advice::verdict(self.declaration(), context, rules, || {
            advice::delay(context, rules).is_some()
        })
        .0
    }

    /// Whether the vendor asks to be told about this error.
    fn escalate(&self) -> bool {
        self.declaration().escalate
    }

    /// Client (4xx), server (5xx) or other.
    fn class(&self) -> Class {
        Class::of(self.status())
    }

    /// Whether sending the request again may succeed.
    fn is_retryable(&self) -> bool {
        self.retry() != Retry::Never
    }

    /// How long the response asks to wait, from now: `Retry-After`, else the other
    /// rate-limit dialects ([`DelaySource`]), when the variant has a context.
    fn retry_after(&self) -> Option<Duration> {
        advice::delay(self.context(), &Self::RULES).map(|(delay, _)| delay)
    }

    /// The request id: from a request-id header, else the body's [`ErrorBody`],
    /// else the body by the conventions.
    fn request_id(&self) -> Option<&str> {
        let context = self.context();
        context
            .and_then(Context::request_id)
            .or_else(|| self.error_body().and_then(ErrorBody::request_id))
            .or_else(|| {
                context?
                    .reading(&Self::RULES.pointers)
                    .request_id
                    .as_deref()
            })
    }

    /// The body's message for people: its [`ErrorBody`], else the conventions.
    fn message(&self) -> Option<Cow<'_, str>> {
        self.error_body().and_then(ErrorBody::message).or_else(|| {
            let reading = self.context()?.reading(&Self::RULES.pointers);
            reading.message.as_deref().map(Cow::Borrowed)
        })
    }

    /// The vendor's error code: the declared code header, else the body's
    /// [`ErrorBody`], else the conventions; normalised by [`body::normalise_code`].
    fn code(&self) -> Option<Cow<'_, str>> {
        let context = self.context();
        if let Some(code) = context.and_then(__private::header_code::<Self>) {
            return Some(Cow::Borrowed(code));
        }
        if let Some(code) = self.error_body().and_then(ErrorBody::code) {
            return match code {
                Cow::Borrowed(code) => body::normalise_code(code).map(Cow::Borrowed),
                Cow::Owned(code) => body::normalise_code(&code).map(|c| Cow::Owned(c.to_owned())),
            };
        }
        let reading = context?.reading(&Self::RULES.pointers);
        reading.code.as_deref().map(Cow::Borrowed)
    }

    /// The body's per-field errors: its [`ErrorBody`]'s when it gives any, else the
    /// conventions'.
    fn field_errors(&self) -> Vec<FieldError> {
        let typed = self
            .error_body()
            .map(ErrorBody::field_errors)
            .unwrap_or_default();
        if !typed.is_empty() {
            return typed;
        }
        self.context()
            .map(|context| context.reading(&Self::RULES.pointers).field_errors.clone())
            .unwrap_or_default()
    }
}
