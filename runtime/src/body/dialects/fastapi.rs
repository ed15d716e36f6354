//! FastAPI / pydantic validation errors: `{"detail": [{"loc": ["body", "age"],
//! "msg": "...", "type": "..."}]}` (FastAPI, "Handling Errors"), and services that
//! wrap that list with a `title` (InvestSuite).

use serde_json::{Map, Value};

use super::super::reading::Roles;
use super::super::text::{self, first_code};

/// `detail` is a list of entries (objects). A list of strings under `detail` is a
/// field map's member, read by that dialect.
pub(crate) fn fits(object: &Map<String, Value>) -> bool {
    object
        .get("detail")
        .and_then(Value::as_array)
        .is_some_and(|items| !items.is_empty() && items.iter().all(Value::is_object))
}

/// Entries with a `loc` are field errors; the others' `msg` is the message, else
/// a string `title` or `message` beside the list.
pub(super) fn read(object: &Map<String, Value>, status: u16, roles: &mut Roles) {
    let items = object.get("detail").and_then(Value::as_array);
    let general = items.and_then(|items| text::entries(items, &mut roles.fields));
    roles.message = general.or_else(|| {
        ["title", "message"]
            .iter()
            .find_map(|key| object.get(*key)?.as_str())
            .and_then(text::message_text)
    });
    roles.code = first_code(object, &["code", "error_code"], status);
}
