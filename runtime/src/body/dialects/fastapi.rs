//! FastAPI / pydantic validation errors: `{"detail": [{"loc": ["body", "age"],
//! "msg": "...", "type": "..."}]}` (FastAPI, "Handling Errors"), and services that
//! wrap that list with a `title` (InvestSuite).

use crate::body::json::{Json, Object};

use super::super::reading::Roles;
use super::super::text::{self, first_code};

/// Objects only: a list of strings under `detail` is a field map's member (Django
/// REST framework), read by that dialect.
pub(crate) fn fits(object: &Object<'_>) -> bool {
    object
        .get("detail")
        .and_then(Json::as_array)
        .is_some_and(|items| !items.is_empty() && items.iter().all(Json::is_object))
}

/// Declared as the API's dialect, `detail` may also be what
/// `HTTPException(detail=...)` sends: a string or a list of strings, the message,
/// or an object, read as a body of its own.
pub(super) fn read(object: &Object<'_>, status: u16, roles: &mut Roles) {
    let general = match object.get("detail") {
        Some(Json::Array(items)) => text::joined_strings(items)
            .into_iter()
            .chain(text::entries(items, &mut roles.fields))
            .reduce(|a, b| format!("{a}; {b}")),
        Some(Json::String(detail)) => text::message_text(detail),
        Some(detail @ Json::Object(_)) => {
            let inner =
                super::super::Reading::of_tree(detail, status, &super::super::Pointers::NONE);
            roles.code = inner.code;
            inner.message
        }
        _ => None,
    };
    roles.message = general.or_else(|| {
        ["title", "message"]
            .iter()
            .find_map(|key| object.get(key)?.as_str())
            .and_then(text::message_text)
    });
    roles.code = first_code(object, &["code", "error_code"], status).or(roles.code.take());
}
