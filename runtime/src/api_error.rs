//! The trait users call: classification, advice and what the body says.

use std::borrow::Cow;
use std::time::Duration;

use http::{HeaderMap, StatusCode};

use crate::__private::{self, Derived, Held};
use crate::advice::{self, Advice};
use crate::body::{self, ErrorBody, FieldError};
use crate::classify::{self, Class, Declaration, Retry, StatusTable, Statuses};
use crate::Context;

/// Each enum's [`StatusTable`], built at compile time from its declarations.
pub(crate) trait Tables {
    /// A reference, so that a lookup reads the table in place instead of copying it.
    const TABLE: &'static StatusTable;
}

impl<E: Derived> Tables for E {
    const TABLE: &'static StatusTable = &StatusTable::of(E::DECLARATIONS);
}

/// [`ApiError::status`] of the variant `held` describes: the context's, else the
/// variant's single code.
#[inline]
pub(crate) fn status_in<E: ApiError>(held: Held<'_>) -> StatusCode {
    if let Some(context) = held.context {
        return context.status();
    }
    match E::DECLARATIONS.get(held.index) {
        Some(declaration) => declaration.representative_status(),
        None => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// [`ApiError::declaration`] of the variant `held` describes: its own, or in the
/// catch-all, the one `from_parts` classified the response under. A context that
/// was not classified by `E` (built by hand, or moved from another enum that
/// decides otherwise) is looked up by `E`'s declarations.
#[inline]
fn declaration_in<E: ApiError>(held: Held<'_>) -> &'static Declaration {
    match E::DECLARATIONS.get(held.index) {
        Some(own) if own.statuses != Statuses::Other => own,
        _ => {
            let context = held.context;
            let recorded = context
                .and_then(Context::classified)
                .and_then(|classified| classified.under(E::DECLARATIONS));
            if let Some(recorded) = recorded {
                return recorded;
            }
            let status = status_in::<E>(held);
            let code = <E as Tables>::TABLE
                .has_code_variants(status)
                .then(|| context.and_then(__private::code::<E>))
                .flatten();
            E::declaration_for(status, code.as_deref())
        }
    }
}

/// An enum of one API's errors. Derive it with [`#[derive(ApiError)]`](derive@crate::ApiError).
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
// `Derived` holds what the derive generates for the methods below; it is not a
// promise to users, who derive this trait rather than implement it.
pub trait ApiError: Sized + Derived {
    /// The declarations, one per variant, in the order the variants are written.
    ///
    /// ```
    #[doc = include_str!("doc/acme.md")]
    /// use http_api_error::Statuses;
    /// let declarations = Acme::declarations();
    /// assert_eq!(declarations.len(), 6);
    /// assert_eq!(declarations[4].statuses, Statuses::Range(500, 599));
    /// assert!(declarations[4].escalate);
    /// ```
    #[must_use]
    fn declarations() -> &'static [Declaration] {
        Self::DECLARATIONS
    }

    /// Builds the error for a response.
    ///
    /// ```
    #[doc = include_str!("doc/acme.md")]
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
    #[doc = include_str!("doc/acme.md")]
    /// assert_eq!(Acme::declaration_of(StatusCode::NOT_FOUND).variant, "NotFound");
    /// assert_eq!(Acme::declaration_of(StatusCode::BAD_GATEWAY).variant, "Server");
    /// assert_eq!(Acme::declaration_of(StatusCode::OK).variant, "Unexpected");
    /// ```
    ///
    /// Looked up in a table built from [`ApiError::declarations`] at compile time;
    /// a table without `other` gives a catch-all with an empty variant name for the
    /// statuses it leaves out.
    #[inline]
    fn declaration_of(status: StatusCode) -> &'static Declaration {
        classify::lookup(Self::DECLARATIONS, <Self as Tables>::TABLE, status, None)
    }

    /// The declaration for a status and an error code: the variant declared for
    /// both, else [`ApiError::declaration_of`] the status.
    ///
    /// ```
    #[doc = include_str!("doc/acme.md")]
    /// let quota = Acme::declaration_for(StatusCode::TOO_MANY_REQUESTS, Some("quota_exceeded"));
    /// assert_eq!(quota.variant, "QuotaExceeded");
    /// let other = Acme::declaration_for(StatusCode::TOO_MANY_REQUESTS, Some("slow_down"));
    /// assert_eq!(other.variant, "Unexpected");
    /// ```
    fn declaration_for(status: StatusCode, code: Option<&str>) -> &'static Declaration {
        classify::lookup(Self::DECLARATIONS, <Self as Tables>::TABLE, status, code)
    }

    /// The response status: the context's, else the variant's single code.
    ///
    /// ```
    #[doc = include_str!("doc/acme.md")]
    /// let error = Acme::from_parts(StatusCode::BAD_GATEWAY, &HeaderMap::new(), b"<html>");
    /// assert_eq!(error.status(), StatusCode::BAD_GATEWAY);
    /// ```
    #[inline]
    fn status(&self) -> StatusCode {
        status_in::<Self>(self.held())
    }

    /// The variant's [`Context`], if it has one.
    ///
    /// ```
    #[doc = include_str!("doc/acme.md")]
    /// let error = Acme::from_parts(StatusCode::BAD_GATEWAY, &HeaderMap::new(), b"<html>");
    /// let context = error.context().unwrap();
    /// assert_eq!(context.raw_body(), b"<html>");
    /// assert_eq!(context.body_error(), Some(&http_api_error::body::BodyError::NotJson));
    /// ```
    fn context(&self) -> Option<&Context> {
        self.held().context
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
        self.held().body
    }

    /// The variant's name as written, for logs and metrics.
    ///
    /// ```
    #[doc = include_str!("doc/acme.md")]
    /// let error = Acme::from_parts(StatusCode::SERVICE_UNAVAILABLE, &HeaderMap::new(), b"");
    /// assert_eq!(error.variant_name(), "Unavailable");
    /// ```
    fn variant_name(&self) -> &'static str {
        Self::DECLARATIONS
            .get(self.held().index)
            .map_or("", |declaration| declaration.variant)
    }

    /// Builds the error for a whole `http::Response`.
    ///
    /// ```
    #[doc = include_str!("doc/acme.md")]
    /// let response = http_api_error::http::Response::builder().status(404).body(Vec::new()).unwrap();
    /// assert!(matches!(Acme::from_response(response), Acme::NotFound(_)));
    /// ```
    fn from_response<B: AsRef<[u8]>>(response: http::Response<B>) -> Self {
        let (parts, body) = response.into_parts();
        Self::from_parts(parts.status, &parts.headers, body.as_ref())
    }

    /// The error a response carries, or `None` for a success: every 4xx and 5xx,
    /// and a 2xx whose body carries an error by the enum's
    /// `#[api(success_error(...))]` (Slack's `{"ok": false}`, S3's `<Error>` in a
    /// 200, GraphQL's `errors`). An enum that declares no such rule answers from
    /// the status alone, without looking at the body.
    ///
    /// ```
    /// use http_api_error::http::{HeaderMap, StatusCode};
    /// use http_api_error::{ApiError, Context};
    ///
    /// #[derive(Debug, ApiError)]
    /// #[api(vendor = "Slack", success_error(pointer = "/ok", equals = false))]
    /// enum SlackError {
    ///     #[status(200, code = "invalid_auth" | "not_authed")]
    ///     NotAuthed(#[context] Context),
    ///     #[status(200)]
    ///     Failed(#[context] Context),
    ///     #[status(other)]
    ///     Other(#[context] Context),
    /// }
    ///
    /// let ok = HeaderMap::new();
    /// let failed = SlackError::error_in(StatusCode::OK, &ok, br#"{"ok": false, "error": "invalid_auth"}"#);
    /// assert!(matches!(failed, Some(SlackError::NotAuthed(_))));
    /// assert!(SlackError::error_in(StatusCode::OK, &ok, br#"{"ok": true}"#).is_none());
    /// assert!(SlackError::error_in(StatusCode::NOT_FOUND, &ok, b"").is_some());
    /// ```
    fn error_in(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Option<Self> {
        carries_error::<Self>(status, body).then(|| Self::from_parts(status, headers, body))
    }

    /// The response itself when it is a success, else its error, as
    /// [`ApiError::error_in`] tells them apart.
    ///
    /// ```
    #[doc = include_str!("doc/acme.md")]
    /// let response = http_api_error::http::Response::builder().status(200).body(b"{}".to_vec()).unwrap();
    /// assert!(Acme::check_response(response).is_ok());
    /// let response = http_api_error::http::Response::builder().status(404).body(Vec::new()).unwrap();
    /// assert!(matches!(Acme::check_response(response), Err(Acme::NotFound(_))));
    /// ```
    fn check_response<B: AsRef<[u8]>>(
        response: http::Response<B>,
    ) -> Result<http::Response<B>, Self> {
        let (parts, body) = response.into_parts();
        match Self::error_in(parts.status, &parts.headers, body.as_ref()) {
            Some(error) => Err(error),
            None => Ok(http::Response::from_parts(parts, body)),
        }
    }

    /// The declaration this error falls under.
    ///
    /// That is the variant's own, except in the catch-all: a response whose body
    /// did not decode into a plain `#[body] T` lives there, and keeps its status's
    /// declaration (by its error code, where the status has code variants).
    #[inline]
    fn declaration(&self) -> &'static Declaration {
        declaration_in::<Self>(self.held())
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
        let held = self.held();
        advice::advise(declaration_in::<Self>(held), held.context, &Self::RULES)
    }

    /// Whether to retry: [`ApiError::advice`]'s verdict, without reading a delay
    /// unless a `retry = when_asked` declaration needs one.
    ///
    /// ```
    #[doc = include_str!("doc/acme.md")]
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
        let held = self.held();
        let (context, rules) = (held.context, &Self::RULES);
        advice::verdict(declaration_in::<Self>(held), context, rules, || {
            advice::delay(context, rules).is_some()
        })
        .0
    }

    /// Whether the vendor asks to be told about this error.
    ///
    /// ```
    #[doc = include_str!("doc/acme.md")]
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
    #[doc = include_str!("doc/acme.md")]
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
    #[doc = include_str!("doc/acme.md")]
    /// assert!(Acme::from_parts(StatusCode::SERVICE_UNAVAILABLE, &HeaderMap::new(), b"").is_retryable());
    /// assert!(!Acme::from_parts(StatusCode::NOT_FOUND, &HeaderMap::new(), b"").is_retryable());
    /// ```
    fn is_retryable(&self) -> bool {
        self.retry() != Retry::Never
    }

    /// How long the response asks to wait, from now: `Retry-After`, else the other
    /// rate-limit dialects ([`DelaySource`](crate::DelaySource)), when the variant has a context.
    ///
    /// ```
    #[doc = include_str!("doc/acme.md")]
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
    /// else the body's [reading](crate::body::Reading).
    ///
    /// ```
    #[doc = include_str!("doc/acme.md")]
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-request-id", HeaderValue::from_static("req-42"));
    /// let error = Acme::from_parts(StatusCode::NOT_FOUND, &headers, b"");
    /// assert_eq!(error.request_id(), Some("req-42"));
    /// let error = Acme::from_parts(StatusCode::NOT_FOUND, &HeaderMap::new(), br#"{"request_id": "req-7"}"#);
    /// assert_eq!(error.request_id(), Some("req-7"));
    /// ```
    fn request_id(&self) -> Option<&str> {
        self.held().request_id()
    }

    /// The body's message for people: its [`ErrorBody`], else the body's
    /// [reading](crate::body::Reading).
    ///
    /// ```
    #[doc = include_str!("doc/acme.md")]
    /// let body = br#"{"error": {"type": "invalid_request_error", "message": "Unknown parameter: colour"}}"#;
    /// let error = Acme::from_parts(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), body);
    /// assert_eq!(error.message().as_deref(), Some("Unknown parameter: colour"));
    /// assert_eq!(error.to_string(), "Acme API error 422 Unprocessable Entity: Unknown parameter: colour");
    /// ```
    fn message(&self) -> Option<Cow<'_, str>> {
        self.held().message()
    }

    /// The vendor's error code: the declared code header's, cut as
    /// [`body::normalise_code`] says; else the body's [`ErrorBody`]'s, trimmed; else
    /// the body's [reading](crate::body::Reading)'s, kept whole but for AWS's.
    ///
    /// ```
    #[doc = include_str!("doc/acme.md")]
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
    /// body's [reading](crate::body::Reading)'s.
    ///
    /// ```
    #[doc = include_str!("doc/acme.md")]
    /// use http_api_error::body::FieldError;
    /// let body = br#"{"detail": [{"loc": ["body", "items", 1, "qty"], "msg": "must be positive"}]}"#;
    /// let error = Acme::from_parts(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), body);
    /// assert_eq!(error.field_errors(), vec![FieldError::new("body.items.1.qty", "must be positive")]);
    /// ```
    fn field_errors(&self) -> Vec<FieldError> {
        self.held().field_errors().into_owned()
    }
}

/// Whether a response of `status` with `body` is an error to `E`: every 4xx and
/// 5xx, and a 2xx whose body carries one by the enum's `success_error` rules.
pub(crate) fn carries_error<E: ApiError>(status: StatusCode, body: &[u8]) -> bool {
    crate::classify::is_error(status)
        || (status.is_success() && crate::body::carries_error(E::RULES.success_errors, body))
}
