//! JSON:API error objects: `{"errors": [{"status", "code", "title", "detail",
//! "source": {"pointer" | "parameter"}}]}` (jsonapi.org, "Error Objects").

use crate::body::json::{Json, Object};

use super::super::reading::Roles;
use super::super::text::{self, entry_field, first_code, first_text};

/// An `errors` list of error objects, each with a member only JSON:API gives one
/// (`status`, `title`, `detail`, `source`, `id`, `links`), beside only the
/// top-level members JSON:API allows: a plain list of `{code, message}` is not.
pub(super) fn fits(object: &Object<'_>) -> bool {
    let Some(Json::Array(errors)) = object.get("errors") else {
        return false;
    };
    let error_object = |error: &Json<'_>| {
        ["status", "title", "detail", "source", "id", "links"]
            .iter()
            .any(|key| error.get(key).is_some())
    };
    object.keys().all(|key| {
        matches!(
            key,
            "errors" | "meta" | "jsonapi" | "links" | "data" | "included"
        )
    }) && !errors.is_empty()
        && errors.iter().all(error_object)
}

/// The code is the one `code` every error shares, else the first of an error about
/// no field: a code about one field among several is that field's, not the
/// response's.
pub(super) fn read(object: &Object<'_>, status: u16, roles: &mut Roles) {
    let errors: Vec<&Object<'_>> = object
        .get("errors")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(Json::as_object)
        .collect();
    let mut general = Vec::new();
    let mut general_code = None;
    for error in &errors {
        let message = first_text(error, &["detail", "title"]);
        // `/data` (or no pointer) is the whole resource: no one field.
        let field = entry_field(error).filter(|field| field != "data");
        if field.is_none() && general_code.is_none() {
            general_code = first_code(error, &["code"], status);
        }
        match (field, message) {
            (Some(field), Some(message)) => roles.fields.push(&field, &message),
            (None, Some(message)) => general.push(message),
            _ => {}
        }
    }
    let codes: Vec<Option<String>> = errors
        .iter()
        .map(|error| first_code(error, &["code"], status))
        .collect();
    let shared = match codes.first() {
        Some(Some(first)) if codes.iter().all(|code| code.as_ref() == Some(first)) => {
            Some(first.clone())
        }
        _ => None,
    };
    roles.code = shared.or(general_code);
    roles.message = text::joined(general.iter().map(String::as_str));
}
