//! An `error` object: Stripe (`{"error": {"type", "code", "param", "message"}}`),
//! OpenAI, Anthropic (`{"type": "error", "error": {"type", "message"}}`) and Azure
//! (`{"error": {"code", "message", "target", "details": [...]}}`).

use crate::body::json::{Json, Object};

use super::super::reading::Roles;
use super::super::text::{self, first_code, first_text, string_member};

/// `param` (Stripe, OpenAI) or `target` (Azure) names the field the whole error is
/// about; `details` (Azure) and `errors` lists are read for their field entries
/// only.
pub(super) fn read(object: &Object<'_>, status: u16, roles: &mut Roles) {
    let Some(error) = object.get("error").and_then(Json::as_object) else {
        return;
    };
    roles.message = text::message_member(error, "message")
        .or_else(|| first_text(error, &["detail", "description"]));
    roles.code = first_code(error, &["code", "type"], status);
    let field = string_member(error, "param").or_else(|| string_member(error, "target"));
    if let (Some(field), Some(message)) = (field, &roles.message) {
        roles.fields.push(&field, message);
    }
    for list in ["details", "errors"] {
        if let Some(entries) = error.get(list).and_then(Json::as_array) {
            text::entries(entries, &mut roles.fields);
        }
    }
}
