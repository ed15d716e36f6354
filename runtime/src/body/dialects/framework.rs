//! The default error bodies of two server frameworks, whose `error` member is the
//! status's reason phrase, never a code:
//! Spring Boot's `{"timestamp", "status", "error", "message", "path", "errors"}`
//! (`DefaultErrorAttributes`), and NestJS's / Fastify's `{"statusCode", "error",
//! "message", "code"}` (`HttpException`; Fastify's `reply.send(error)`), where
//! `message` may be a list (class-validator's messages); and Litestar's
//! `{"status_code", "detail", "extra"}`.

use crate::body::json::{Json, Object};

use super::super::reading::Roles;
use super::super::text::{self, string_member};

pub(super) fn is_spring(object: &Object<'_>) -> bool {
    object.contains_key("timestamp")
        && object.get("status").is_some_and(Json::is_u64)
        && object.get("error").is_some_and(Json::is_string)
        && object.get("path").is_some_and(Json::is_string)
}

pub(super) fn is_litestar(object: &Object<'_>) -> bool {
    object.get("status_code").is_some_and(Json::is_u64)
        && object.get("detail").is_some_and(Json::is_string)
}

pub(super) fn read_litestar(object: &Object<'_>, roles: &mut Roles) {
    roles.message = string_member(object, "detail");
    if let Some(entries) = object.get("extra").and_then(Json::as_array) {
        text::entries(entries, &mut roles.fields);
    }
}

pub(super) fn is_nest(object: &Object<'_>) -> bool {
    object.get("statusCode").is_some_and(Json::is_u64)
        && (object.contains_key("message") || object.contains_key("error"))
}

/// Spring blanks `message`, or writes `No message available`, when it has none or
/// hides it; `errors` holds `{field, defaultMessage}` entries for bound fields.
pub(super) fn read_spring(object: &Object<'_>, roles: &mut Roles) {
    roles.message = string_member(object, "message")
        .filter(|message| message != "No message available")
        .or_else(|| string_member(object, "error"));
    if let Some(entries) = object.get("errors").and_then(Json::as_array) {
        text::entries(entries, &mut roles.fields);
    }
}

/// `message` may be class-validator's list; only Fastify sends a `code`.
pub(super) fn read_nest(object: &Object<'_>, status: u16, roles: &mut Roles) {
    roles.message = match object.get("message") {
        Some(Json::String(message)) => text::message_text(message),
        Some(Json::Array(messages)) => text::joined_strings(messages),
        _ => None,
    }
    .or_else(|| string_member(object, "error"));
    roles.code = text::first_code(object, &["code"], status);
}
