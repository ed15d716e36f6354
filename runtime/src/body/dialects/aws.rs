//! AWS JSON protocols (`awsJson1_0`, `awsJson1_1`, `restJson1`): `{"__type":
//! "com.amazonaws.dynamodb.v20120810#ThrottlingException", "message": "..."}`.

use crate::body::json::Object;

use super::super::reading::{normalise_code, Roles};
use super::super::text::{self, first_text};

/// `__type` is cut as the AWS SDKs cut it before comparing (`normalise_code`).
pub(super) fn read(object: &Object<'_>, roles: &mut Roles) {
    roles.code = first_text(object, &["__type", "code", "Code"])
        .as_deref()
        .and_then(normalise_code)
        .map(str::to_owned);
    roles.message = ["message", "Message", "errorMessage"]
        .iter()
        .find_map(|key| object.get(key)?.as_str())
        .and_then(text::message_text);
}
