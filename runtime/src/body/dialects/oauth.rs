//! OAuth 2.0 error responses: `{"error": "invalid_grant", "error_description":
//! "...", "error_uri": "..."}` (RFC 6749 §5.2).

use serde_json::{Map, Value};

use super::super::reading::Roles;
use super::super::text::{self, string_member};

pub(super) fn fits(object: &Map<String, Value>) -> bool {
    object.get("error").is_some_and(Value::is_string)
        && (object.contains_key("error_description") || object.contains_key("error_uri"))
}

pub(super) fn read(object: &Map<String, Value>, roles: &mut Roles) {
    roles.code = string_member(object, "error");
    roles.message = text::message_member(object, "error_description");
}
