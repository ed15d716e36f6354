//! The InvestSuite API's errors, ready-made: its documented status table as an
//! [`ApiError`] enum. No 4xx is retried; 5xx are escalated.
//!
//! | status | variant | retry | escalate | body |
//! |---|---|---|---|---|
//! | 400 | [`BadRequest`](InvestSuiteError::BadRequest) | never | no | [`Validation`] |
//! | 401 | [`Unauthorized`](InvestSuiteError::Unauthorized) | never | no | [`Problem`] |
//! | 403 | [`Forbidden`](InvestSuiteError::Forbidden) | never | no | [`Problem`] |
//! | 404 | [`NotFound`](InvestSuiteError::NotFound) | never | no | [`Problem`] |
//! | 409 | [`BusinessLogicError`](InvestSuiteError::BusinessLogicError) | never | no | [`Problem`] |
//! | 422 | [`ValidationError`](InvestSuiteError::ValidationError) | never | no | [`Validation`] |
//! | 500 | [`InternalServerError`](InvestSuiteError::InternalServerError) | never | yes | [`Problem`] |
//! | 501..=599 | [`ServerError`](InvestSuiteError::ServerError) | never | yes | [`Problem`] |
//! | any other | [`Unexpected`](InvestSuiteError::Unexpected) | [`Retry::default_for`](crate::Retry::default_for) | no | none |
//!
//! Validation bodies are `{title, detail, status, body}`; `body` echoes the request
//! and is never printed. The others are `{title, description, request_id,
//! timestamp}`, whose `request_id` fills [`ApiError::request_id`] when no header does.
//!
//! ```
//! use http::{HeaderMap, StatusCode};
//! use http_api_error::investsuite::InvestSuiteError;
//! use http_api_error::ApiError;
//!
//! let body = br#"{"title": "Unauthorized", "description": "JWT invalid", "request_id": "8d3c"}"#;
//! let error = InvestSuiteError::from_parts(StatusCode::UNAUTHORIZED, &HeaderMap::new(), body);
//! assert_eq!(error.message().as_deref(), Some("JWT invalid"));
//! assert_eq!(error.request_id(), Some("8d3c"));
//! assert!(!error.is_retryable());
//! ```

use crate::body::{Problem, Validation};
use crate::{ApiError, Context};

/// An error response from the InvestSuite API.
#[derive(Debug, Clone, PartialEq, ApiError)]
#[api(
    vendor = "InvestSuite",
    codes(400, 401, 403, 404, 409, 422, 500),
    display,
    render
)]
pub enum InvestSuiteError {
    /// 400: the request was malformed; `field_errors()` says where.
    #[status(400, retry = false)]
    BadRequest(#[body] Option<Validation>, #[context] Context),
    /// 401: the token is missing, expired or invalid.
    #[status(401, retry = false)]
    Unauthorized(#[body] Option<Problem>, #[context] Context),
    /// 403: the token lacks a scope.
    #[status(403, retry = false)]
    Forbidden(#[body] Option<Problem>, #[context] Context),
    /// 404: no such resource.
    #[status(404, retry = false)]
    NotFound(#[body] Option<Problem>, #[context] Context),
    /// 409: a business rule forbids the request in the current state.
    #[status(409, retry = false)]
    BusinessLogicError(#[body] Option<Problem>, #[context] Context),
    /// 422: the request did not validate; `field_errors()` says where.
    #[status(422, retry = false)]
    ValidationError(#[body] Option<Validation>, #[context] Context),
    /// 500: InvestSuite failed; tell them.
    #[status(500, escalate)]
    InternalServerError(#[body] Option<Problem>, #[context] Context),
    /// Any other 5xx; tell them.
    #[status(501..=599, escalate)]
    ServerError(#[body] Option<Problem>, #[context] Context),
    /// Any status InvestSuite does not document.
    #[status(other)]
    Unexpected(#[context] Context),
}
