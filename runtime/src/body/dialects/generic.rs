//! The generic dialect, for a body no other dialect claims: where public APIs most
//! often put a message, a code and field errors when they follow no published shape
//! (GitHub's `{"message", "errors": [...]}`, Twitter's `{"errors": [{"code",
//! "message"}]}`, `{"error": "..."}`, a map of fields to one message each).

use crate::body::json::{Json, Object};

use super::super::reading::Roles;
use super::super::text::{self, first_code, is_secret_key, Fields};

/// Keys whose value is a general message, in the order they are tried.
const MESSAGE_KEYS: &[&str] = &[
    "message",
    "Message",
    "msg",
    "errorMessage",
    "error_message",
    "detail",
    "error_description",
    "description",
    "title",
    "error",
];

/// Keys whose value is a machine-readable code, in the order they are tried.
const CODE_KEYS: &[&str] = &["code", "Code", "error_code", "errorCode"];

/// Members never read as a field, however they look.
const NOT_FIELDS: &[&str] = &[
    "errors",
    "status",
    "statusCode",
    "type",
    "timestamp",
    "instance",
    "documentation_url",
    "request_id",
    "requestId",
];

pub(super) fn read(object: &Object<'_>, status: u16, roles: &mut Roles) {
    if envelope(object, roles) {
        return;
    }
    roles.message = message(object);
    let from_errors = match object.get("errors") {
        Some(Json::Array(items)) => text::entries(items, &mut roles.fields),
        Some(Json::Object(fields)) => {
            super::field_map::members(fields, &mut String::new(), &mut roles.fields);
            None
        }
        Some(Json::String(message)) => text::message_text(message),
        _ => None,
    };
    if roles.message.is_none() {
        roles.message = from_errors;
    }
    roles.code = code(object, status);
    if roles.message.is_none() && roles.fields.list.is_empty() {
        lone_strings(object, &mut roles.fields);
    }
}

/// Slack's Web API: `{"ok": false, "error": "invalid_auth", "response_metadata":
/// {"messages": [...]}}`, whose `error` is a code.
fn envelope(object: &Object<'_>, roles: &mut Roles) -> bool {
    if object.get("ok") != Some(&Json::Bool(false)) {
        return false;
    }
    roles.code = text::string_member(object, "error");
    roles.message = object
        .get("response_metadata")
        .and_then(|metadata| metadata.get("messages")?.as_array())
        .and_then(|messages| text::joined_strings(messages))
        .or_else(|| text::string_member(object, "warning"));
    true
}

/// An object under a message key is read the same way, as FastAPI's
/// `HTTPException(detail={...})` sends one.
fn message(object: &Object<'_>) -> Option<String> {
    MESSAGE_KEYS.iter().find_map(|key| match object.get(key)? {
        Json::String(message) => text::message_text(message),
        Json::Object(inner) => message(inner),
        _ => None,
    })
}

pub(super) fn code(object: &Object<'_>, status: u16) -> Option<String> {
    first_code(object, CODE_KEYS, status)
        .or_else(|| first_code(object.get("detail")?.as_object()?, CODE_KEYS, status))
        .or_else(|| {
            object
                .get("errors")?
                .as_array()?
                .iter()
                .filter_map(Json::as_object)
                .filter(|entry| text::entry_field(entry).is_none())
                .find_map(|entry| first_code(entry, &["code"], status))
        })
}

/// `{"amount": "Insufficient funds."}`: each string member a field's message. An
/// object with a secret-like key is an echoed request: none of it is a field.
fn lone_strings(object: &Object<'_>, fields: &mut Fields) {
    if object.keys().any(is_secret_key) {
        return;
    }
    for (key, value) in object {
        if let (false, Some(message)) = (NOT_FIELDS.contains(&key), value.as_str()) {
            fields.push(key, message);
        }
    }
}
