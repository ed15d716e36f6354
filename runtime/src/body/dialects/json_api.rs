//! JSON:API error objects: `{"errors": [{"status", "code", "title", "detail",
//! "source": {"pointer" | "parameter"}}]}` (jsonapi.org, "Error Objects").

use serde_json::{Map, Value};

use super::super::reading::Roles;
use super::super::text::{self, entry_field, first_code, first_text};

/// An `errors` list of objects beside only the top-level members JSON:API allows.
pub(super) fn fits(object: &Map<String, Value>) -> bool {
    let Some(Value::Array(errors)) = object.get("errors") else {
        return false;
    };
    object.keys().all(|key| {
        matches!(key.as_str(), "errors" | "meta" | "jsonapi" | "links" | "data" | "included")
    }) && !errors.is_empty()
        && errors.iter().all(Value::is_object)
}

/// An error with a `source` is about that field (its pointer as a path); the
/// others' `detail` (else `title`) is the message. The first `code` is the code.
pub(super) fn read(object: &Map<String, Value>, status: u16, roles: &mut Roles) {
    let errors = object.get("errors").and_then(Value::as_array);
    let mut general = Vec::new();
    for error in errors.into_iter().flatten().filter_map(Value::as_object) {
        let message = first_text(error, &["detail", "title"]);
        match (entry_field(error), message) {
            (Some(field), Some(message)) => roles.fields.push(&field, &message),
            (None, Some(message)) => general.push(message),
            _ => {}
        }
        if roles.code.is_none() {
            roles.code = first_code(error, &["code"], status);
        }
    }
    roles.message = text::joined(general.iter().map(String::as_str));
}
