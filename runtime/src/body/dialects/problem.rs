//! RFC 9457 (formerly 7807) problem details: `{"type", "title", "status",
//! "detail", "instance"}` and extension members, with the RFC's validation
//! extensions `errors: [{"detail", "pointer"}]` and `invalid-params: [{"name",
//! "reason"}]`.

use crate::body::json::{Json, Object};

use super::super::reading::Roles;
use super::super::text::{self, short, string_member};

/// At least two of the RFC's members, with the types it gives them: one lone
/// `title` is left to the generic dialect, which reads it as well.
pub(crate) fn fits(object: &Object<'_>) -> bool {
    let is_string = |key| object.get(key).is_some_and(Json::is_string);
    let status = object.get("status").is_some_and(|status| {
        status.is_u64() || status.as_str().is_some_and(|s| s.parse::<u16>().is_ok())
    });
    let members = [
        is_string("type"),
        is_string("title"),
        status,
        is_string("detail"),
        is_string("instance"),
    ];
    (members[0] || members[1]) && members.iter().filter(|found| **found).count() >= 2
}

/// `detail`, else `description` (a common extension), else `title`. A `detail`
/// that only repeats the reason phrase of the problem's `status` says less than
/// the title, and is passed over (Litestar's problem details put the specific
/// text in `title`).
pub(crate) fn message<'a>(
    detail: Option<&'a str>,
    description: Option<&'a str>,
    title: Option<&'a str>,
    status: Option<u16>,
) -> Option<&'a str> {
    let reason = status
        .and_then(|status| http::StatusCode::from_u16(status).ok())
        .and_then(|status| status.canonical_reason());
    let detail = detail
        .and_then(text::trimmed)
        .filter(|detail| reason.is_none_or(|reason| !detail.eq_ignore_ascii_case(reason)));
    [detail, description, title]
        .into_iter()
        .flatten()
        .find_map(text::trimmed)
}

/// The problem's `type`, unless it is `about:blank` (RFC 9457 §4.2.1: no meaning
/// beyond the status), kept whole: it is a URI, not a namespaced name.
pub(crate) fn code(problem_type: Option<&str>) -> Option<String> {
    problem_type
        .and_then(short)
        .filter(|kind| kind != "about:blank")
}

/// Field errors come from the validation extensions (and Litestar's `extra`)
/// only: other extension members are the vendor's, never fields.
pub(super) fn read(object: &Object<'_>, roles: &mut Roles) {
    let text = |key| object.get(key).and_then(Json::as_str);
    let status = object
        .get("status")
        .and_then(super::super::validation::status_number);
    roles.message = message(text("detail"), text("description"), text("title"), status)
        .and_then(text::message_text);
    roles.code = code(text("type")).or_else(|| string_member(object, "code"));
    // Litestar's problem details keep its validation entries in `extra`.
    for list in ["errors", "invalid-params", "extra"] {
        if let Some(entries) = object.get(list).and_then(Json::as_array) {
            let general = text::entries(entries, &mut roles.fields);
            if roles.message.is_none() {
                roles.message = general;
            }
        }
    }
}
