//! AWS's protocols. JSON (`awsJson1_0`, `awsJson1_1`, `restJson1`): `{"__type":
//! "com.amazonaws.dynamodb.v20120810#ThrottlingException", "message": "..."}`.
//! XML, as the tree of the document (see `body/xml.rs`), in the three shapes the
//! AWS SDKs parse: REST-XML (S3, CloudFront) `<Error><Code/><Message/><RequestId/>
//! </Error>`; query (SQS, SNS, STS, IAM) `<ErrorResponse><Error><Type/><Code/>
//! <Message/></Error><RequestId/></ErrorResponse>`; EC2 `<Response><Errors><Error>
//! <Code/><Message/></Error></Errors><RequestID/></Response>`.

use crate::body::json::{Json, Object};

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

/// The error element of one of AWS's XML shapes, and the element beside it that
/// may carry the request id; `None` for any other body.
fn xml_error<'t, 'a>(object: &'t Object<'a>) -> Option<(&'t Object<'a>, &'t Object<'a>)> {
    if object.len() != 1 {
        return None;
    }
    let has_code = |error: &Object<'_>| error.get("Code").is_some_and(Json::is_string);
    if let Some(error) = object.get("Error").and_then(Json::as_object) {
        return has_code(error).then_some((error, error));
    }
    if let Some(response) = object.get("ErrorResponse").and_then(Json::as_object) {
        let error = response.get("Error").and_then(Json::as_object)?;
        return has_code(error).then_some((error, response));
    }
    let response = object.get("Response").and_then(Json::as_object)?;
    let errors = response.get("Errors")?.get("Error")?;
    // Several errors are a list: the first is the one the SDKs report.
    let error = match errors {
        Json::Array(items) => items.first()?.as_object()?,
        other => other.as_object()?,
    };
    has_code(error).then_some((error, response))
}

pub(super) fn fits_xml(object: &Object<'_>) -> bool {
    xml_error(object).is_some()
}

pub(super) fn read_xml(object: &Object<'_>, roles: &mut Roles) {
    let Some((error, outer)) = xml_error(object) else {
        return;
    };
    roles.code = text::string_member(error, "Code")
        .as_deref()
        .and_then(normalise_code)
        .map(str::to_owned);
    roles.message = text::message_member(error, "Message");
    roles.request_id = [error, outer]
        .into_iter()
        .find_map(|element| first_text(element, &["RequestId", "RequestID"]));
}
