//! Errors inside a success: APIs that answer a 2xx with an error in the body
//! (Slack's `{"ok": false, "error": "invalid_auth"}`, S3's CopyObject and
//! CompleteMultipartUpload with an `<Error>` document, GraphQL's `errors`). An enum
//! says where with `#[api(success_error(...))]`; the rules are read here, from the
//! body alone.

use super::dialects;
use super::json::Json;
use super::{decode, Dialect};

/// One way a success carries an error, as `#[api(success_error(...))]` declares
/// it. Plumbing for the derive.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SuccessError {
    /// The value at a JSON pointer is this one: `success_error(pointer = "/ok", equals = false)`.
    Equals(&'static str, Scalar),
    /// The body is of this dialect: `success_error(dialect = graphql)`.
    Dialect(Dialect),
}

/// A JSON scalar written in a declaration.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Str(&'static str),
}

impl Scalar {
    fn matches(self, value: &Json<'_>) -> bool {
        match (self, value) {
            (Scalar::Bool(expected), Json::Bool(found)) => expected == *found,
            (Scalar::Int(expected), Json::Number(found)) => found.as_i64() == Some(expected),
            (Scalar::Str(expected), Json::String(found)) => expected == found,
            _ => false,
        }
    }
}

/// Whether `body` carries an error by one of `rules`. A body that does not parse
/// carries none: a success is taken at its word unless it says otherwise.
pub(crate) fn carries_error(rules: &[SuccessError], body: &[u8]) -> bool {
    if rules.is_empty() {
        return false;
    }
    let Ok(tree) = decode::json_bytes(body).and_then(decode::tree) else {
        return false;
    };
    rules.iter().any(|rule| match *rule {
        SuccessError::Equals(pointer, expected) => tree
            .pointer(pointer)
            .is_some_and(|value| expected.matches(value)),
        SuccessError::Dialect(dialect) => tree
            .as_object()
            .is_some_and(|object| dialects::speaks(object, dialect)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_finds_its_error_and_nothing_else() {
        let slack = [SuccessError::Equals("/ok", Scalar::Bool(false))];
        assert!(carries_error(
            &slack,
            br#"{"ok": false, "error": "invalid_auth"}"#
        ));
        assert!(!carries_error(&slack, br#"{"ok": true, "channel": "C1"}"#));
        assert!(!carries_error(&slack, br#"{"ok": "false"}"#));
        assert!(!carries_error(&slack, b"not json"));
        assert!(!carries_error(&slack, b""));
        let status = [SuccessError::Equals("/status", Scalar::Str("error"))];
        assert!(carries_error(&status, br#"{"status": "error"}"#));
        let code = [SuccessError::Equals("/code", Scalar::Int(-1))];
        assert!(carries_error(&code, br#"{"code": -1}"#));
        assert!(!carries_error(&code, br#"{"code": 1}"#));
        let graphql = [SuccessError::Dialect(Dialect::GraphQl)];
        assert!(carries_error(
            &graphql,
            br#"{"data": null, "errors": [{"type": "RATE_LIMITED", "message": "limit"}]}"#
        ));
        assert!(!carries_error(
            &graphql,
            br#"{"data": {"viewer": {"login": "a"}}}"#
        ));
        // Failed before execution: no `data`; GitHub's entries have a type and a code.
        assert!(carries_error(
            &graphql,
            br#"{"errors": [{"type": "RATE_LIMIT", "code": "graphql_rate_limit", "message": "limit"}]}"#
        ));
        assert!(!carries_error(&[], br#"{"ok": false}"#));
    }
}
