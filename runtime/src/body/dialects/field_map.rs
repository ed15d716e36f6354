//! Field maps: an object of fields to lists of messages, as Django REST framework
//! (`serializer.errors`), Rails (`{"errors": {"email": ["is invalid"]}}`) and
//! Laravel (`{"message", "errors": {...}}`) send them. Every member that holds
//! messages is a field, whatever its name: `title`, `detail` and `status` are
//! fields of a blog post or a ticket as often as anything else.

use crate::body::json::{Json, Object};

use super::super::reading::Roles;
use super::super::text::{self, is_secret_key, Fields};

/// Members that hold messages about no one field (DRF, Django).
const NON_FIELD_KEYS: &[&str] = &["non_field_errors", "__all__"];

/// Keys whose string is the general message beside the fields.
const MESSAGE_KEYS: &[&str] = &["message", "detail", "error", "title", "description"];

/// Keys whose string is no field's message: the code, ids and links beside the
/// fields. Any other string member is a field's one message (DRF's
/// `raise ValidationError({"amount": "..."})`).
const NOT_FIELDS: &[&str] = &[
    "code",
    "error_code",
    "errorCode",
    "type",
    "request_id",
    "requestId",
    "documentation_url",
    "timestamp",
    "instance",
];

/// At least one member holds messages for a field, and every other member is a
/// scalar (a general message, a code, a link: read or passed over, never a field).
pub(crate) fn fits(object: &Object<'_>) -> bool {
    let mut fields = false;
    for (key, value) in object {
        let holds = match value {
            // A flag (`"ok": false`) marks an envelope, not a map of fields.
            Json::Bool(_) => return false,
            Json::Array(items) => is_message_list(items),
            Json::Object(members) => is_message_map(members) && holds_messages(value),
            _ => continue,
        };
        if !holds {
            return false;
        }
        // DRF's `non_field_errors` alone is a field map's too: its messages.
        fields |= match (key, value) {
            ("errors", Json::Object(members)) => !members.is_empty(),
            (key, _) => key != "errors",
        };
    }
    fields
}

/// Whether a map holds a list of messages or an error entry somewhere: a map of
/// strings alone (`{"detail": {"code", "message"}}`) is one error, not fields.
fn holds_messages(value: &Json<'_>) -> bool {
    match value {
        Json::Array(items) => !items.is_empty(),
        Json::Object(members) => text::is_entry(members) || members.values().any(holds_messages),
        _ => false,
    }
}

/// A list of messages (strings, numbers), or of nested maps (DRF's `many=True`:
/// `[{}, {"sku": ["..."]}]`).
fn is_message_list(items: &[Json<'_>]) -> bool {
    items.iter().all(|item| match item {
        Json::String(_) | Json::Number(_) => true,
        Json::Object(members) => is_message_map(members),
        _ => false,
    })
}

/// A map whose members all hold messages: strings, lists, nested maps, or
/// Discord's `_errors` entries.
fn is_message_map(members: &Object<'_>) -> bool {
    members.iter().all(|(key, value)| match value {
        Json::String(_) | Json::Number(_) => true,
        Json::Array(items) => key == "_errors" || is_message_list(items),
        Json::Object(members) => is_message_map(members),
        _ => false,
    })
}

pub(crate) fn read(object: &Object<'_>, roles: &mut Roles) {
    let mut general: Vec<&str> = Vec::new();
    for (key, value) in object {
        match (key, value) {
            (key, Json::String(text)) if MESSAGE_KEYS.contains(&key) => {
                roles.message = roles.message.take().or_else(|| text::message_text(text));
            }
            (key, Json::Array(items)) if key == "errors" || NON_FIELD_KEYS.contains(&key) => {
                general.extend(items.iter().filter_map(Json::as_str));
            }
            ("errors", Json::Object(fields)) => {
                members(fields, &mut String::new(), &mut roles.fields);
            }
            (key, Json::String(_)) if NOT_FIELDS.contains(&key) => {}
            (_, Json::Array(_) | Json::Object(_) | Json::String(_)) => {
                let mut path = String::new();
                messages(key, value, &mut path, &mut roles.fields);
            }
            _ => {}
        }
    }
    if roles.message.is_none() {
        roles.message = text::joined(general);
    }
    roles.code = super::generic::code(object, 0);
}

pub(crate) fn members(object: &Object<'_>, path: &mut String, fields: &mut Fields) {
    for (key, value) in object {
        if fields.full() {
            return;
        }
        messages(key, value, path, fields);
    }
}

/// `{"lines": [{}, {"sku": ["..."]}]}` gives `lines.1.sku`; Discord's `_errors`
/// list holds entries for the path it sits in, so it adds no step. A bare string
/// under a secret-like key is an echoed value, not a message. The path is one
/// buffer, grown and cut back, instead of a string per level.
fn messages(key: &str, value: &Json<'_>, path: &mut String, fields: &mut Fields) {
    let mark = path.len();
    if key != "_errors" {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
    }
    match value {
        Json::String(_) | Json::Number(_) if is_secret_key(key) => {}
        Json::String(_) | Json::Number(_) => {
            if let Some(message) = text::scalar_text(value) {
                fields.push(path, &message);
            }
        }
        Json::Array(items) if key == "_errors" => {
            for entry in items.iter().filter_map(Json::as_object) {
                if let Some(message) = text::entry_message(entry) {
                    fields.push(path, &message);
                }
            }
        }
        Json::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                if fields.full() {
                    break;
                }
                match item {
                    Json::Object(_) => messages(&index.to_string(), item, path, fields),
                    Json::String(_) | Json::Number(_) => {
                        if let Some(message) = text::scalar_text(item) {
                            fields.push(path, &message);
                        }
                    }
                    _ => {}
                }
            }
        }
        // express-validator's `mapped()`: each field holds its one entry.
        Json::Object(entry) if text::is_entry(entry) => {
            if let Some(message) = text::entry_message(entry) {
                let named = text::entry_field(entry);
                fields.push(named.as_deref().unwrap_or(path), &message);
            }
        }
        Json::Object(members) => {
            for (key, member) in members {
                if fields.full() {
                    break;
                }
                messages(key, member, path, fields);
            }
        }
        _ => {}
    }
    path.truncate(mark);
}
