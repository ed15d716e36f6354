//! The floors the derive is measured against (`benches/decode.rs`,
//! `examples/profile.rs`): for `from_parts`, a hand-written `match` on the status
//! plus `serde_json::from_slice` into the same body type, keeping a copy of the
//! bytes; for classification, a hand-written `match` with SmartSuite's advice.
//! [`floor_headers`] is the part of the floor that reads the headers the advice
//! and the report need, measured beside it.

use http::header::RETRY_AFTER;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use http_api_error::body::{FieldErrors, Problem, Validation};
use http_api_error::smartsuite::SmartSuiteError;
use http_api_error::{ApiError, Class, Retry};

/// The floor for SmartSuite: what a careful hand-written client does.
pub fn smartsuite_floor(status: StatusCode, body: &[u8]) -> (u16, Option<FieldErrors>, Vec<u8>) {
    let code = status.as_u16();
    let decoded = match code {
        400 | 401 | 403 | 404 | 422 | 500 | 502 | 503 => serde_json::from_slice(body).ok(),
        _ => None,
    };
    (code, decoded, body.to_vec())
}

/// What a hand-written client that honours `Retry-After` and reports request ids
/// keeps of the headers: `Retry-After` and the first of its `request_id` headers
/// that came, each a reference-counted clone, parsed only when asked for. The
/// derive keeps these and also the rate-limit and should-retry headers, and tells
/// JSON from other bytes.
pub fn floor_headers(
    headers: &HeaderMap,
    request_id: &[HeaderName],
) -> (Option<HeaderValue>, Option<HeaderValue>) {
    let retry_after = headers.get(RETRY_AFTER).cloned();
    let request_id = request_id
        .iter()
        .find_map(|name| headers.get(name))
        .cloned();
    (retry_after, request_id)
}

/// The names of an enum's request-id headers, as a hand-written client would
/// build them once: [`floor_headers`]' second argument.
pub fn request_id_names<E: ApiError>() -> Vec<HeaderName> {
    E::RULES
        .request_id_headers
        .iter()
        .map(|name| HeaderName::from_static(name))
        .collect()
}

/// The body the InvestSuite floor decodes.
#[allow(dead_code)]
pub enum InvestSuiteBody {
    /// 400 and 422.
    Validation(Validation),
    /// Every other documented status.
    Problem(Problem),
}

/// The floor for InvestSuite: the same body type per status as the enum.
pub fn investsuite_floor(
    status: StatusCode,
    body: &[u8],
) -> (u16, Option<InvestSuiteBody>, Vec<u8>) {
    let code = status.as_u16();
    let decoded = match code {
        400 | 422 => serde_json::from_slice(body)
            .ok()
            .map(InvestSuiteBody::Validation),
        401 | 403 | 404 | 409 | 500..=599 => serde_json::from_slice(body)
            .ok()
            .map(InvestSuiteBody::Problem),
        _ => None,
    };
    (code, decoded, body.to_vec())
}

/// The statuses classification is measured on: declared, undeclared, and not errors.
pub const CLASSIFIED_STATUSES: [u16; 20] = [
    200, 301, 400, 401, 403, 404, 408, 409, 418, 422, 429, 500, 501, 502, 503, 504, 520, 599, 600,
    999,
];

/// SmartSuite errors for [`CLASSIFIED_STATUSES`], without headers or body.
pub fn classified_errors() -> Vec<SmartSuiteError> {
    CLASSIFIED_STATUSES
        .iter()
        .filter_map(|&code| StatusCode::from_u16(code).ok())
        .map(|status| SmartSuiteError::from_parts(status, &HeaderMap::new(), b""))
        .collect()
}

/// The classification floor's advice: a hand-written table with SmartSuite's.
pub fn hand_retry(status: StatusCode) -> Retry {
    match status.as_u16() {
        502 => Retry::Immediately,
        503 | 408 | 429 | 504 => Retry::Backoff,
        _ => Retry::Never,
    }
}

/// The classification floor's class.
pub fn hand_class(status: StatusCode) -> Class {
    match status.as_u16() {
        400..=499 => Class::Client,
        500..=599 => Class::Server,
        _ => Class::Other,
    }
}
