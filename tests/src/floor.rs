//! The floors `from_parts` is measured against (`benches/decode.rs`,
//! `examples/profile.rs`): a hand-written `match` on the status plus
//! `serde_json::from_slice` into the same body type, keeping a copy of the bytes.

use http::StatusCode;
use http_api_error::body::{FieldErrors, Problem, Validation};

/// The floor for SmartSuite: what a careful hand-written client does.
pub fn smartsuite_floor(status: StatusCode, body: &[u8]) -> (u16, Option<FieldErrors>, Vec<u8>) {
    let code = status.as_u16();
    let decoded = match code {
        400 | 401 | 403 | 404 | 422 | 500 | 502 | 503 => serde_json::from_slice(body).ok(),
        _ => None,
    };
    (code, decoded, body.to_vec())
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
