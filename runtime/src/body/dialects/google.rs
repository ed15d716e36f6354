//! Google's AIP-193 errors: `{"error": {"code", "message", "status", "details":
//! [{"@type": "type.googleapis.com/google.rpc.BadRequest", ...}]}}`.

use core::time::Duration;

use crate::body::json::{Json, Object};

use super::super::reading::Roles;
use super::super::text::{self, first_code, string_member};

/// An `error` object with a string `status` (the canonical code) or `details`.
pub(super) fn fits(object: &Object<'_>) -> bool {
    object
        .get("error")
        .and_then(Json::as_object)
        .is_some_and(|error| {
            error.get("status").is_some_and(Json::is_string)
                || error
                    .get("details")
                    .and_then(Json::as_array)
                    .is_some_and(|details| {
                        details.iter().any(|detail| detail.get("@type").is_some())
                    })
        })
}

/// The `details` read are those of `google/rpc/error_details.proto` that say
/// something here: `BadRequest`, `RetryInfo` and `RequestInfo`.
pub(super) fn read(object: &Object<'_>, status: u16, roles: &mut Roles) {
    let Some(error) = object.get("error").and_then(Json::as_object) else {
        return;
    };
    roles.message = text::message_member(error, "message");
    roles.code = first_code(error, &["code", "status"], status);
    let details = error.get("details").and_then(Json::as_array);
    for detail in details.into_iter().flatten().filter_map(Json::as_object) {
        let kind = detail.get("@type").and_then(Json::as_str).unwrap_or("");
        if let Some(violations) = detail.get("fieldViolations").and_then(Json::as_array) {
            text::entries(violations, &mut roles.fields);
        } else if kind.ends_with("google.rpc.RetryInfo") {
            roles.retry_delay = roles
                .retry_delay
                .or_else(|| proto_duration(detail.get("retryDelay")?));
        } else if kind.ends_with("google.rpc.RequestInfo") {
            roles.request_id = roles
                .request_id
                .take()
                .or_else(|| string_member(detail, "requestId"));
        }
    }
    // The older `errors[]` entries name their field in `location`.
    if let Some(entries) = error.get("errors").and_then(Json::as_array) {
        text::entries(entries, &mut roles.fields);
    }
}

/// A protobuf `Duration` in JSON: `"30s"` (decimal seconds with an `s`), or
/// `{"seconds": 30, "nanos": 0}`.
fn proto_duration(value: &Json<'_>) -> Option<Duration> {
    match value {
        Json::String(text) => crate::units::seconds(text.trim().strip_suffix('s')?),
        Json::Object(parts) => {
            let seconds = parts.get("seconds").map_or(Some(0), |s| match s {
                Json::String(text) => text.parse::<u64>().ok(),
                other => other.as_u64(),
            })?;
            let nanos = parts.get("nanos").and_then(Json::as_u64).unwrap_or(0);
            let nanos = u32::try_from(nanos).ok().filter(|n| *n < 1_000_000_000)?;
            Some(Duration::new(seconds, nanos))
        }
        _ => None,
    }
}
