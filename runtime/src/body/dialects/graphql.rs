//! GraphQL over HTTP: `{"errors": [{"message", "locations", "path", "extensions"}],
//! "data": ...}` (GraphQL specification, "Response Format").

use crate::body::json::{Json, Object};

use super::super::reading::Roles;
use super::super::text::{self, string_member};

/// An `errors` list of entries with a `message`, beside only `data` and
/// `extensions`, the other members the specification allows; and a `data` member
/// or an entry with `locations`, `path` or `extensions`, which set GraphQL apart
/// from a plain list of `{code, message}` errors.
pub(super) fn fits(object: &Object<'_>) -> bool {
    let Some(Json::Array(errors)) = object.get("errors") else {
        return false;
    };
    let graphql_entry = |entry: &Json<'_>| {
        ["locations", "path", "extensions"]
            .iter()
            .any(|key| entry.get(key).is_some())
    };
    reports_errors(object) && (object.contains_key("data") || errors.iter().any(graphql_entry))
}

/// A GraphQL response that reports errors, for an API declared to speak GraphQL
/// (`success_error(dialect = graphql)`): an `errors` list of entries with a
/// `message`, beside only `data` and `extensions`. Looser than [`fits`], which tells
/// GraphQL from any API's body: a request that fails before execution has no
/// `data` (GraphQL over HTTP), and GitHub's entries carry a `type` and a `code`
/// instead of `locations`.
pub(crate) fn reports_errors(object: &Object<'_>) -> bool {
    let Some(Json::Array(errors)) = object.get("errors") else {
        return false;
    };
    object
        .keys()
        .all(|key| matches!(key, "errors" | "data" | "extensions"))
        && !errors.is_empty()
        && errors
            .iter()
            .all(|entry| entry.get("message").is_some_and(Json::is_string))
}

/// A `path` is where in the response the error is, not an input field, so there
/// are no field errors.
pub(super) fn read(object: &Object<'_>, roles: &mut Roles) {
    let errors = object
        .get("errors")
        .and_then(Json::as_array)
        .unwrap_or_default();
    roles.message = text::joined(errors.iter().filter_map(|e| e.get("message")?.as_str()));
    // The specification's place for a code is `extensions.code`; GitHub's GraphQL
    // API puts one in the entry's `code` (`graphql_rate_limit`) beside a `type`
    // (`RATE_LIMIT`, `NOT_FOUND`), the generic dialect's order.
    roles.code = errors.iter().find_map(|entry| {
        let in_extensions = || string_member(entry.get("extensions")?.as_object()?, "code");
        let entry = entry.as_object()?;
        in_extensions()
            .or_else(|| string_member(entry, "code"))
            .or_else(|| string_member(entry, "type"))
    });
}
