//! OAuth 2.0 error responses: `{"error": "invalid_grant", "error_description":
//! "...", "error_uri": "..."}` (RFC 6749 §5.2).

use crate::body::json::{Json, Object};

use super::super::reading::Roles;
use super::super::text::{self, string_member};

pub(super) fn fits(object: &Object<'_>) -> bool {
    object.get("error").is_some_and(Json::is_string)
        && (object.contains_key("error_description") || object.contains_key("error_uri"))
}

pub(super) fn read(object: &Object<'_>, roles: &mut Roles) {
    roles.code = string_member(object, "error");
    roles.message = text::message_member(object, "error_description");
}
