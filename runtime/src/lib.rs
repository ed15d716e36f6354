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

#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate self as http_api_error;

pub mod body;
mod context;
mod declaration;
mod decode;
mod loose;
pub mod render;
#[cfg(feature = "reqwest")]
pub mod reqwest;
pub mod retry;

#[cfg(feature = "investsuite")]
pub mod investsuite;
#[cfg(feature = "smartsuite")]
pub mod smartsuite;

use std::borrow::Cow;
use std::time::Duration;

use http::{HeaderMap, StatusCode};

pub use context::{BodyError, Context, RetryAfter, DEFAULT_REQUEST_ID_HEADERS};
pub use declaration::{Class, Declaration, Retry, Statuses};
pub use decode::decode_body;

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
/// | `retry = false` / `true` / `backoff` | never / after a short pause / with growing delays |
/// | `escalate` | the vendor asks to be told; implies `retry = false` |
///
/// Without `retry`, 408, 429, 502, 503 and 504 back off and every other code is
/// never retried ([`Retry::default_for`]).
///
/// # Field attributes: every field has exactly one
///
/// - `#[body]`: the JSON error body, `T` or `Option<T>`, where `T` implements
///   `serde::Deserialize` and [`body::ErrorBody`]. `Option<T>` is `None` when the
///   body is empty or not `T`; a plain `T` that does not decode sends the
///   response to the `other` variant.
/// - `#[context]`: a [`Context`]. Range and `other` variants must have one.
///
/// # Enum attribute: `#[api(...)]`, optional
///
/// | key | meaning |
/// |---|---|
/// | `vendor = "Acme"` | the vendor's name, for `Display` and docs |
/// | `codes(400, 401, ...)` | the documented codes: each needs a variant with exactly that code |
/// | `request_id_headers("x-trace-id", ...)` | where the request id is, instead of [`DEFAULT_REQUEST_ID_HEADERS`] |
/// | `display` | also implement `Display` and `std::error::Error` |
/// | `render` | also implement [`render::RenderResponse`]: body types must implement `serde::Serialize` |
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
/// Classification is by status alone, and total: every status lands in one
/// variant. Nothing here panics, whatever the status, headers or body.
pub trait ApiError: Sized {
    /// The declaration table, one row per variant, in declaration order.
    const DECLARATIONS: &'static [Declaration];

    /// The vendor's name from `#[api(vendor = "...")]`.
    const VENDOR: Option<&'static str> = None;

    /// The headers that carry a request id, first match wins.
    const REQUEST_ID_HEADERS: &'static [&'static str] = DEFAULT_REQUEST_ID_HEADERS;

    /// Builds the error for a response.
    fn from_parts(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Self;

    /// The declaration a status falls under: an exact code, else a range, else `other`.
    fn declaration_of(status: StatusCode) -> &'static Declaration;

    /// What the variant holds: its row of [`ApiError::DECLARATIONS`], its context
    /// and its decoded body. The accessors below read through it.
    fn parts(&self) -> Parts<'_>;

    /// The variant's [`Context`] to amend, such as marking a body read in part.
    fn context_mut(&mut self) -> Option<&mut Context>;

    /// The response status: the context's, else the variant's single code.
    #[inline]
    fn status(&self) -> StatusCode {
        let parts = self.parts();
        if let Some(context) = parts.context {
            return context.status();
        }
        match Self::DECLARATIONS
            .get(parts.declaration)
            .map(|d| d.statuses)
        {
            Some(Statuses::Code(code)) => __private::status(code),
            // Only a single-code variant may lack a context; the derive checks it.
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The variant's [`Context`], if it has one.
    fn context(&self) -> Option<&Context> {
        self.parts().context
    }

    /// The variant's decoded body, if it has one and it decoded.
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

    /// The declaration of this error's status.
    ///
    /// That is the variant's own, except for a response whose body did not decode
    /// into a plain `#[body] T`: it lives in `other`, and keeps its status's declaration.
    fn declaration(&self) -> &'static Declaration {
        Self::declaration_of(self.status())
    }

    /// The vendor's advice for this status.
    fn retry(&self) -> Retry {
        let status = self.status();
        Self::declaration_of(status).retry_for(status)
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
        self.retry() != Retry::Never && !self.escalate()
    }

    /// How long the server asked to wait (`Retry-After`), when the variant has a context.
    fn retry_after(&self) -> Option<Duration> {
        self.context().and_then(Context::retry_after)
    }

    /// The request id: from a header, else from the body.
    fn request_id(&self) -> Option<&str> {
        self.context()
            .and_then(Context::request_id)
            .or_else(|| self.error_body().and_then(ErrorBody::request_id))
    }

    /// The body's message for people.
    fn message(&self) -> Option<Cow<'_, str>> {
        self.error_body().and_then(ErrorBody::message)
    }

    /// The body's per-field errors.
    fn field_errors(&self) -> Vec<FieldError> {
        self.error_body()
            .map(ErrorBody::field_errors)
            .unwrap_or_default()
    }
}

/// Support for generated code; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use core;
    pub use http;
    pub use serde;
    pub use serde_json;

    use core::fmt;

    use http::StatusCode;
    use serde::de::DeserializeOwned;

    use crate::body::ErrorBody;
    use crate::{ApiError, Context};

    /// A status the derive has already checked to be in `400..=599`.
    #[must_use]
    #[inline]
    pub fn status(code: u16) -> StatusCode {
        StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// Decodes the body `context` captured, reusing its verdict on whether the
    /// bytes can be JSON at all.
    pub fn decode_captured<T: DeserializeOwned>(
        body: &[u8],
        context: &Context,
    ) -> Result<T, crate::BodyError> {
        match context.body_error() {
            Some(error) => Err(error.clone()),
            None => crate::decode::decode_sniffed(body),
        }
    }

    /// Decodes an `Option<T>` body, noting a failure or the body's request id in `context`.
    pub fn decode_into<T: DeserializeOwned + ErrorBody>(
        body: &[u8],
        context: &mut Context,
    ) -> Option<T> {
        match decode_captured::<T>(body, context) {
            Ok(decoded) => {
                context.__fill_request_id(decoded.request_id());
                Some(decoded)
            }
            Err(error) => {
                context.__set_body_error(error);
                None
            }
        }
    }

    /// The `error_body()` view of a `#[body] T` field.
    #[inline]
    pub fn body<T: ErrorBody>(body: &T) -> Option<&dyn ErrorBody> {
        Some(body)
    }

    /// The `error_body()` view of a `#[body] Option<T>` field.
    #[inline]
    pub fn optional_body<T: ErrorBody>(body: &Option<T>) -> Option<&dyn ErrorBody> {
        body.as_ref().map(|body| body as &dyn ErrorBody)
    }

    /// `RenderResponse::body_json` of a `#[body] T` field.
    pub fn body_json<T: serde::Serialize>(body: &T) -> Option<Result<Vec<u8>, serde_json::Error>> {
        Some(serde_json::to_vec(body))
    }

    /// `RenderResponse::body_json` of a `#[body] Option<T>` field.
    pub fn optional_body_json<T: serde::Serialize>(
        body: &Option<T>,
    ) -> Option<Result<Vec<u8>, serde_json::Error>> {
        body.as_ref().map(serde_json::to_vec)
    }

    /// Instantiates decoding for the runtime's own body types here, once: debug
    /// builds of user crates then share these copies instead of generating their own.
    /// (`decode_into` instantiates `decode_captured` for the same types.)
    pub static SHARED_DECODERS: [fn(&[u8], &mut Context) -> bool; 7] = [
        |body, context| decode_into::<crate::body::FieldErrors>(body, context).is_some(),
        |body, context| decode_into::<crate::body::Validation>(body, context).is_some(),
        |body, context| decode_into::<crate::body::Problem>(body, context).is_some(),
        |body, context| decode_into::<serde_json::Value>(body, context).is_some(),
        |body, _| crate::decode_body::<crate::body::FieldErrors>(body).is_ok(),
        |body, _| crate::decode_body::<crate::body::Validation>(body).is_ok(),
        |body, _| crate::decode_body::<crate::body::Problem>(body).is_ok(),
    ];

    /// `Display` for enums with `#[api(display)]`: vendor, status and message.
    pub fn display<E: ApiError>(error: &E, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = error.status();
        if let Some(vendor) = E::VENDOR {
            write!(f, "{vendor} ")?;
        }
        write!(f, "API error {}", status.as_u16())?;
        if let Some(reason) = status.canonical_reason() {
            write!(f, " {reason}")?;
        }
        if let Some(message) = error.message() {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}
