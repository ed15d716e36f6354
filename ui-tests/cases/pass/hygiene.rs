// Generated code names nothing from the prelude and raises no lint, even when the
// user's crate shadows the prelude's names.
#![deny(warnings, unused_qualifications, unused_results, missing_docs)]
#![allow(dead_code)]
//! Hygiene.

use http_api_error::{ApiError, Context};

struct Option;
struct Some;
struct None;
struct Result;
struct Ok;
struct Err;
struct Vec;
struct String;
struct Box;
struct Self_;
struct Declaration;
struct Retry;
struct Rules;
struct Parts;
#[allow(non_camel_case_types)]
struct usize;
mod core {}
mod std {}
mod http {}
mod serde {}
mod serde_json {}

/// Errors.
#[derive(ApiError)]
#[api(
    vendor = "Hygiene",
    codes(404, 409, 422, 429),
    request_id_headers("x-trace-id"),
    should_retry_headers("x-hygiene-retry"),
    code_header = "x-hygiene-code",
    rate_limit(remaining = "x-left", reset = "x-reset", format = epoch_seconds),
    message = "/error/text",
    code = "/error/kind",
    display,
    render
)]
pub enum HygieneError {
    /// Not found.
    #[status(404)]
    NotFound(#[body] ::core::option::Option<::http_api_error::body::FieldErrors>, #[context] Context),
    /// Invalid.
    #[status(422, retry = false)]
    Invalid(#[body] ::http_api_error::body::FieldErrors, #[context] Context),
    /// Conflict: a plain body of the same type, decoded in one group with 422's.
    #[status(409, retry = backoff)]
    Conflict(#[body] ::http_api_error::body::FieldErrors, #[context] Context),
    /// Out of quota, by its code.
    #[status(429, code = "quota" | "billing", retry = false)]
    Quota(#[body] ::http_api_error::body::Problem, #[context] Context),
    /// Asked to wait.
    #[status(429, retry = when_asked)]
    Limited(#[context] Context),
    /// Invalid.
    #[status(500..=599, escalate)]
    Server(#[context] Context),
    /// Anything else.
    #[status(other)]
    Unexpected(#[context] Context),
}

impl ::core::fmt::Debug for HygieneError {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(self.variant_name())
    }
}

fn main() {
    let error = HygieneError::from_parts(
        ::http::StatusCode::NOT_FOUND,
        &::http::HeaderMap::new(),
        b"{}",
    );
    assert_eq!(error.variant_name(), "NotFound");
    let decode = |code: u16, body: &[u8]| {
        HygieneError::from_parts(
            ::http::StatusCode::from_u16(code).unwrap(),
            &::http::HeaderMap::new(),
            body,
        )
    };
    assert_eq!(decode(429, br#"{"error": {"kind": "billing"}}"#).variant_name(), "Quota");
    assert_eq!(decode(429, b"{}").variant_name(), "Limited");
    assert_eq!(decode(409, b"{}").variant_name(), "Conflict");
    let error = decode(422, b"[1");
    assert_eq!(error.variant_name(), "Unexpected");
    assert_eq!(error.declaration().variant, "Invalid");
    let error = decode(404, br#"{"error": {"text": "gone"}}"#);
    assert_eq!(error.message().as_deref(), ::core::option::Option::Some("gone"));
}
