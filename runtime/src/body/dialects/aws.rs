//! AWS JSON protocols (`awsJson1_0`, `awsJson1_1`, `restJson1`): `{"__type":
//! "com.amazonaws.dynamodb.v20120810#ThrottlingException", "message": "..."}`.

use serde_json::{Map, Value};

use super::super::reading::{normalise_code, Roles};
use super::super::text::{self, first_text};

/// The code is `__type` (else `code`) without its namespace or the text after a
/// `:`, as the AWS SDKs read it; the message is `message`, `Message` or
/// `errorMessage`.
pub(super) fn read(object: &Map<String, Value>, roles: &mut Roles) {
    roles.code = first_text(object, &["__type", "code", "Code"])
        .as_deref()
        .and_then(normalise_code)
        .map(str::to_owned);
    roles.message = ["message", "Message", "errorMessage"]
        .iter()
        .find_map(|key| object.get(*key)?.as_str())
        .and_then(text::message_text);
}
