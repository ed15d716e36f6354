//! Field maps: an object of fields to lists of messages, as Django REST framework
//! (`serializer.errors`), Rails (`{"errors": {"email": ["is invalid"]}}`) and
//! Laravel (`{"message", "errors": {...}}`) send them. Every member that holds
//! messages is a field, whatever its name: `title`, `detail` and `status` are
//! fields of a blog post or a ticket as often as anything else.

use serde_json::{Map, Value};

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
pub(crate) fn fits(object: &Map<String, Value>) -> bool {
    let mut fields = false;
    for (key, value) in object {
        let holds = match value {
            // A flag (`"ok": false`) marks an envelope, not a map of fields.
            Value::Bool(_) => return false,
            Value::Array(items) => is_message_list(items),
            Value::Object(members) => is_message_map(members) && holds_messages(value),
            _ => continue,
        };
        if !holds {
            return false;
        }
        // DRF's `non_field_errors` alone is a field map's too: its messages.
        fields |= match (key.as_str(), value) {
            ("errors", Value::Object(members)) => !members.is_empty(),
            (key, _) => key != "errors",
        };
    }
    fields
}

/// Whether a map holds a list of messages or an error entry somewhere: a map of
/// strings alone (`{"detail": {"code", "message"}}`) is one error, not fields.
fn holds_messages(value: &Value) -> bool {
    match value {
        Value::Array(items) => !items.is_empty(),
        Value::Object(members) => text::is_entry(members) || members.values().any(holds_messages),
        _ => false,
    }
}

/// A list of messages (strings, numbers), or of nested maps (DRF's `many=True`:
/// `[{}, {"sku": ["..."]}]`).
fn is_message_list(items: &[Value]) -> bool {
    items.iter().all(|item| match item {
        Value::String(_) | Value::Number(_) => true,
        Value::Object(members) => is_message_map(members),
        _ => false,
    })
}

/// A map whose members all hold messages: strings, lists, nested maps, or
/// Discord's `_errors` entries.
fn is_message_map(members: &Map<String, Value>) -> bool {
    members.iter().all(|(key, value)| match value {
        Value::String(_) | Value::Number(_) => true,
        Value::Array(items) => key == "_errors" || is_message_list(items),
        Value::Object(members) => is_message_map(members),
        _ => false,
    })
}

pub(crate) fn read(object: &Map<String, Value>, roles: &mut Roles) {
    let mut general: Vec<&str> = Vec::new();
    for (key, value) in object {
        match (key.as_str(), value) {
            (key, Value::String(text)) if MESSAGE_KEYS.contains(&key) => {
                roles.message = roles.message.take().or_else(|| text::message_text(text));
            }
            (key, Value::Array(items)) if key == "errors" || NON_FIELD_KEYS.contains(&key) => {
                general.extend(items.iter().filter_map(Value::as_str));
            }
            ("errors", Value::Object(fields)) => {
                members(fields, &mut String::new(), &mut roles.fields);
            }
            (key, Value::String(_)) if NOT_FIELDS.contains(&key) => {}
            (_, Value::Array(_) | Value::Object(_) | Value::String(_)) => {
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

pub(crate) fn members(object: &Map<String, Value>, path: &mut String, fields: &mut Fields) {
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
fn messages(key: &str, value: &Value, path: &mut String, fields: &mut Fields) {
    let mark = path.len();
    if key != "_errors" {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
    }
    match value {
        Value::String(_) | Value::Number(_) if is_secret_key(key) => {}
        Value::String(_) | Value::Number(_) => {
            if let Some(message) = text::scalar_text(value) {
                fields.push(path, &message);
            }
        }
        Value::Array(items) if key == "_errors" => {
            for entry in items.iter().filter_map(Value::as_object) {
                if let Some(message) = text::entry_message(entry) {
                    fields.push(path, &message);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                if fields.full() {
                    break;
                }
                match item {
                    Value::Object(_) => messages(&index.to_string(), item, path, fields),
                    Value::String(_) | Value::Number(_) => {
                        if let Some(message) = text::scalar_text(item) {
                            fields.push(path, &message);
                        }
                    }
                    _ => {}
                }
            }
        }
        // express-validator's `mapped()`: each field holds its one entry.
        Value::Object(entry) if text::is_entry(entry) => {
            if let Some(message) = text::entry_message(entry) {
                let named = text::entry_field(entry);
                fields.push(named.as_deref().unwrap_or(path), &message);
            }
        }
        Value::Object(members) => {
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
