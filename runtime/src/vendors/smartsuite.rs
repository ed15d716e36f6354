//! The SmartSuite API's errors, ready-made: its documented status table as an
//! [`ApiError`] enum.
//!
//! | status | variant | retry | body |
//! |---|---|---|---|
//! | 400 | [`BadRequest`](SmartSuiteError::BadRequest) | never | [`FieldErrors`] |
//! | 401 | [`Unauthorized`](SmartSuiteError::Unauthorized) | never | [`FieldErrors`] |
//! | 403 | [`Forbidden`](SmartSuiteError::Forbidden) | never | [`FieldErrors`] |
//! | 404 | [`NotFound`](SmartSuiteError::NotFound) | never | [`FieldErrors`] |
//! | 422 | [`InvalidRequest`](SmartSuiteError::InvalidRequest) | never | [`FieldErrors`] |
//! | 500 | [`InternalServerError`](SmartSuiteError::InternalServerError) | never | [`FieldErrors`] |
//! | 502 | [`BadGateway`](SmartSuiteError::BadGateway) | immediately | [`FieldErrors`] |
//! | 503 | [`ServiceUnavailable`](SmartSuiteError::ServiceUnavailable) | backoff, honouring `Retry-After` | [`FieldErrors`] |
//! | any other | [`Unexpected`](SmartSuiteError::Unexpected) | [`Retry::default_for`](crate::Retry::default_for) | none |
//!
//! Bodies are "a JSON-encoded body that contains field ids and a string containing
//! the error message". Every body is optional, so the variant depends on the
//! status alone, and every variant keeps its [`Context`].
//!
//! ```
//! use http::{HeaderMap, StatusCode};
//! use http_api_error::smartsuite::SmartSuiteError;
//! use http_api_error::{ApiError, Retry};
//!
//! let body = br#"{"sc2a7f0b1": "Invalid choice: 'Urgent'."}"#;
//! let error = SmartSuiteError::from_parts(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), body);
//! assert!(matches!(error, SmartSuiteError::InvalidRequest(Some(_), _)));
//! assert_eq!(error.field_errors()[0].field, "sc2a7f0b1");
//! assert_eq!(error.retry(), Retry::Never);
//! ```

use crate::body::FieldErrors;
use crate::{ApiError, Context};

/// An error response from the SmartSuite API.
#[derive(Debug, Clone, PartialEq, ApiError)]
#[api(
    vendor = "SmartSuite",
    codes(400, 401, 403, 404, 422, 500, 502, 503),
    display,
    render
)]
pub enum SmartSuiteError {
    /// 400: the request was malformed.
    #[status(400)]
    BadRequest(#[body] Option<FieldErrors>, #[context] Context),
    /// 401: the API key is missing or invalid.
    #[status(401)]
    Unauthorized(#[body] Option<FieldErrors>, #[context] Context),
    /// 403: the key may not do this.
    #[status(403)]
    Forbidden(#[body] Option<FieldErrors>, #[context] Context),
    /// 404: no such record, table or solution.
    #[status(404)]
    NotFound(#[body] Option<FieldErrors>, #[context] Context),
    /// 422: field values were rejected; see `field_errors()`.
    #[status(422, retry = false)]
    InvalidRequest(#[body] Option<FieldErrors>, #[context] Context),
    /// 500: SmartSuite failed.
    #[status(500)]
    InternalServerError(#[body] Option<FieldErrors>, #[context] Context),
    /// 502: a gateway failed; retry.
    #[status(502, retry = true)]
    BadGateway(#[body] Option<FieldErrors>, #[context] Context),
    /// 503: overloaded or throttled; retry with backoff, not before `Retry-After`.
    #[status(503, retry = backoff)]
    ServiceUnavailable(#[body] Option<FieldErrors>, #[context] Context),
    /// Any status SmartSuite does not document.
    #[status(other)]
    Unexpected(#[context] Context),
}
