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
mod core {}
mod std {}
mod http {}
mod serde {}
mod serde_json {}

/// Errors.
#[derive(ApiError)]
#[api(vendor = "Hygiene", codes(404, 422), request_id_headers("x-trace-id"), display)]
pub enum HygieneError {
    /// Not found.
    #[status(404)]
    NotFound(#[body] ::core::option::Option<::http_api_error::body::FieldErrors>, #[context] Context),
    /// Invalid.
    #[status(422)]
    Invalid(#[body] ::http_api_error::body::FieldErrors, #[context] Context),
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
}
