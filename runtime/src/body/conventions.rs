//! The conventions that read any JSON error body: where public APIs put the message,
//! the machine-readable code, the field errors, the request id and a retry delay.
//!
//! Each rule is one short function below; [`Reading::of`] runs them all. The order
//! in which they are tried is the README's table "Reading any error body".

use core::time::Duration;
use std::borrow::Cow;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::pruned::Json;
use super::{decode, pointer, BodyError, FieldError};

/// Where an API puts what the conventions would not find, as RFC 6901 JSON
/// pointers. Written on the enum as
/// `#[api(message = "/error/message", code = "/error/code")]`.
///
/// A pointer that finds nothing, or a value of no use (`null`, `true`), leaves the
/// answer to the conventions.
///
/// ```
/// use http_api_error::body::{Pointers, Reading};
///
/// const POINTERS: Pointers = Pointers::NONE.with_message("/fault/text").with_code("/fault/id");
/// let reading = Reading::of(br#"{"fault": {"text": "Quota spent", "id": "Q42"}}"#, 429, &POINTERS);
/// assert_eq!(reading.message.as_deref(), Some("Quota spent"));
/// assert_eq!(reading.code.as_deref(), Some("Q42"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct Pointers {
    /// The general message.
    pub message: Option<&'static str>,
    /// The machine-readable error code.
    pub code: Option<&'static str>,
    /// An object of fields to messages, or a list of `{field, message}` entries.
    pub field_errors: Option<&'static str>,
    /// The request id.
    pub request_id: Option<&'static str>,
}

impl Pointers {
    /// No pointers: the conventions alone.
    pub const NONE: Pointers = Pointers {
        message: None,
        code: None,
        field_errors: None,
        request_id: None,
    };

    /// Sets the message pointer.
    #[must_use]
    pub const fn with_message(mut self, pointer: &'static str) -> Self {
        self.message = Some(pointer);
        self
    }

    /// Sets the code pointer.
    #[must_use]
    pub const fn with_code(mut self, pointer: &'static str) -> Self {
        self.code = Some(pointer);
        self
    }

    /// Sets the field-errors pointer.
    #[must_use]
    pub const fn with_field_errors(mut self, pointer: &'static str) -> Self {
        self.field_errors = Some(pointer);
        self
    }

    /// Sets the request-id pointer.
    #[must_use]
    pub const fn with_request_id(mut self, pointer: &'static str) -> Self {
        self.request_id = Some(pointer);
        self
    }
}

/// What the conventions read from one error body.
///
/// ```
/// use http_api_error::body::{FieldError, Pointers, Reading};
///
/// let body = br#"{"error": {"type": "invalid_request_error", "code": "parameter_invalid_integer",
///                 "param": "amount", "message": "Invalid integer: abc"}}"#;
/// let reading = Reading::of(body, 400, &Pointers::NONE);
/// assert_eq!(reading.message.as_deref(), Some("Invalid integer: abc"));
/// assert_eq!(reading.code.as_deref(), Some("parameter_invalid_integer"));
/// assert_eq!(reading.field_errors, vec![FieldError::new("amount", "Invalid integer: abc")]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reading {
    /// The general message for people.
    pub message: Option<String>,
    /// The machine-readable code, normalised by [`normalise_code`].
    pub code: Option<String>,
    /// The per-field errors, list indexes kept in the path (`lines.1.sku`).
    pub field_errors: Vec<FieldError>,
    /// The request id the body carries.
    pub request_id: Option<String>,
    /// A retry delay the body asks for (`google.rpc.RetryInfo`).
    pub retry_delay: Option<Duration>,
}

impl Reading {
    /// Reads a raw body. `status` is the response's: a code equal to it says
    /// nothing new and is skipped. Bytes that are not JSON give a message only when
    /// they are one short line of plain text; otherwise nothing.
    #[must_use]
    pub fn of(body: &[u8], status: u16, pointers: &Pointers) -> Reading {
        match decode::decode_body::<Value>(body) {
            Ok(json) => Reading::of_json(&json, status, pointers),
            Err(_) => Reading {
                message: plain_text_message(body),
                ..Reading::default()
            },
        }
    }

    /// Reads a parsed body.
    #[must_use]
    pub fn of_json(json: &Value, status: u16, pointers: &Pointers) -> Reading {
        Reading {
            message: message(json, pointers),
            code: code(json, status, pointers),
            field_errors: field_errors(json, pointers),
            request_id: request_id(json, pointers).map(str::to_owned),
            retry_delay: retry_delay(json),
        }
    }
}

/// Keys whose value is a general message, in the order they are tried.
const MESSAGE_KEYS: &[&str] = &[
    "message",
    "Message",
    "msg",
    "errorMessage",
    "error_message",
    "detail",
    "error_description",
    "description",
    "title",
];

/// Django's and DRF's keys for messages about no one field.
const NON_FIELD_KEYS: &[&str] = &["non_field_errors", "__all__"];

/// Keys whose value is a machine-readable code, at the top level.
const CODE_KEYS: &[&str] = &["code", "Code", "error_code", "errorCode", "__type"];

/// Keys whose value is a code inside an `error` object (`type`: OpenAI, Anthropic,
/// Stripe; `status`: Google's canonical code).
const ERROR_OBJECT_CODE_KEYS: &[&str] = &["code", "type", "status"];

/// Keys of an error entry that name its field.
const FIELD_KEYS: &[&str] = &[
    "field",
    "param",
    "parameter",
    "loc",
    "location",
    "target",
    "path",
    "source",
];

/// Keys of an error entry whose value is its message, the code last.
const ENTRY_MESSAGE_KEYS: &[&str] = &[
    "message",
    "Message",
    "msg",
    "detail",
    "description",
    "title",
    "reason",
    "code",
];

/// Keys whose value is a request id.
const REQUEST_ID_KEYS: &[&str] = &["request_id", "requestId", "requestID", "RequestId"];

/// Keys a convention reads beyond the message, code and request-id keys.
const OTHER_CONVENTION_KEYS: &[&str] = &[
    "error",
    "errors",
    "details",
    "type",
    "status",
    "documentation_url",
    "instance",
    "timestamp",
];

/// Whether a convention reads `key`: such a member is never taken for a field.
fn is_convention_key(key: &str) -> bool {
    [
        MESSAGE_KEYS,
        NON_FIELD_KEYS,
        CODE_KEYS,
        REQUEST_ID_KEYS,
        OTHER_CONVENTION_KEYS,
    ]
    .iter()
    .any(|keys| keys.contains(&key))
}

fn at<'a>(json: &'a Value, pointer: Option<&str>) -> Option<&'a Value> {
    json.pointer(pointer?)
}

/// `text` trimmed, unless nothing is left.
fn trimmed(text: &str) -> Option<&str> {
    // Most text starts and ends in a visible ASCII character: nothing to trim.
    if let (Some(first), Some(last)) = (text.as_bytes().first(), text.as_bytes().last()) {
        if first.is_ascii_graphic() && last.is_ascii_graphic() {
            return Some(text);
        }
    }
    let text = text.trim();
    (!text.is_empty()).then_some(text)
}

fn non_empty(text: &str) -> Option<String> {
    trimmed(text).map(str::to_owned)
}

/// A string or a number, as text.
fn scalar_text<J: Json>(value: &J) -> Option<String> {
    match (value.as_text(), value.as_number()) {
        (Some(text), _) => non_empty(text),
        (None, Some(number)) => Some(number.to_string()),
        (None, None) => None,
    }
}

/// The strings of a list joined with `; `; `None` when it holds none.
fn joined_strings(items: &[Value]) -> Option<String> {
    let texts: Vec<&str> = items
        .iter()
        .filter_map(Value::as_str)
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .collect();
    (!texts.is_empty()).then(|| texts.join("; "))
}

// ----- message -------------------------------------------------------------------

/// The general message: the `message` pointer's text, else what a person would
/// read first ([`general_message`]).
pub(crate) fn message(json: &Value, pointers: &Pointers) -> Option<String> {
    at(json, pointers.message)
        .and_then(message_value)
        .or_else(|| general_message(json))
}

/// A body that is one string, or a list of strings (DRF's `["..."]`), is the
/// message; a list of entries gives the messages of those that name no field;
/// an object is read by [`object_message`].
fn general_message(json: &Value) -> Option<String> {
    match json {
        Value::String(text) => non_empty(text),
        Value::Array(items) => joined_strings(items).or_else(|| entries_message(items)),
        Value::Object(object) => object_message(object),
        _ => None,
    }
}

/// A value under a message key: a string, strings of a list joined, or an
/// object's own message (FastAPI's `HTTPException(detail={...})`). A list of
/// entries is not a message: those are field errors.
fn message_value(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => non_empty(text),
        Value::Number(number) => Some(number.to_string()),
        Value::Array(items) => joined_strings(items),
        Value::Object(object) => object_message(object),
        _ => None,
    }
}

/// An object's message, in order: its `error` object's message (Stripe, OpenAI,
/// Anthropic, Google, Azure); the first of [`MESSAGE_KEYS`]; DRF's
/// `non_field_errors`; a string `error` (Spring, OAuth); the entries of `errors`
/// that name no field (JSON:API, GitHub, Twitter).
fn object_message(object: &Map<String, Value>) -> Option<String> {
    object
        .get("error")
        .and_then(Value::as_object)
        .and_then(object_message)
        .or_else(|| {
            MESSAGE_KEYS
                .iter()
                .find_map(|key| object.get(*key).and_then(message_value))
        })
        .or_else(|| {
            NON_FIELD_KEYS
                .iter()
                .find_map(|key| object.get(*key)?.as_array().and_then(|l| joined_strings(l)))
        })
        .or_else(|| {
            object
                .get("error")
                .and_then(Value::as_str)
                .and_then(non_empty)
        })
        .or_else(|| match object.get("errors")? {
            Value::String(text) => non_empty(text),
            Value::Array(items) => joined_strings(items).or_else(|| entries_message(items)),
            _ => None,
        })
}

/// The messages of the entries of a list that name no field, joined with `; `.
fn entries_message(items: &[Value]) -> Option<String> {
    let messages: Vec<String> = items
        .iter()
        .filter_map(Value::as_object)
        .filter(|entry| entry_field::<Value>(entry).is_none())
        .filter_map(entry_message)
        .collect();
    (!messages.is_empty()).then(|| messages.join("; "))
}

/// An entry's message: the first of [`ENTRY_MESSAGE_KEYS`], a string or a number.
fn entry_message(entry: &Map<String, Value>) -> Option<String> {
    ENTRY_MESSAGE_KEYS
        .iter()
        .find_map(|key| entry.get(*key).and_then(scalar_text))
}

/// A body that is not JSON is its own message when it is one short line of plain
/// text (`Internal Server Error`, `upstream timed out`); never an HTML page, nor
/// JSON that did not parse.
fn plain_text_message(body: &[u8]) -> Option<String> {
    const MAX_LEN: usize = 200;
    let text = std::str::from_utf8(body).ok()?.trim();
    let plain = !text.is_empty()
        && text.len() <= MAX_LEN
        && !text.starts_with(['<', '{', '['])
        && !text.chars().any(char::is_control);
    plain.then(|| text.to_owned())
}

// ----- code ----------------------------------------------------------------------

/// Every key [`code`] reads, at any depth: the code keys, the members that hold
/// them, and an entry's field keys (an entry that names a field has no general code).
const CODE_READS: &[&[&str]] = &[
    CODE_KEYS,
    ERROR_OBJECT_CODE_KEYS,
    &["error", "error_description", "detail", "errors"],
    FIELD_KEYS,
    &["pointer", "parameter"],
];

impl Reading {
    /// The code [`Reading::of`] finds, without parsing what the code rule never
    /// reads: the body is parsed keeping only the members that rule looks at and
    /// the `code` pointer's steps, its strings borrowed from the body, so the answer
    /// is the same at a fraction of the allocations.
    ///
    /// ```
    /// use http_api_error::body::{Pointers, Reading};
    ///
    /// let body = br#"{"error": {"message": "Too many requests", "type": "requests", "code": "rate_limit_exceeded"}}"#;
    /// assert_eq!(Reading::code_of(body, 429, &Pointers::NONE).as_deref(), Some("rate_limit_exceeded"));
    /// assert_eq!(Reading::code_of(body, 429, &Pointers::NONE), Reading::of(body, 429, &Pointers::NONE).code);
    /// ```
    #[must_use]
    pub fn code_of(body: &[u8], status: u16, pointers: &Pointers) -> Option<String> {
        let json = decode::json_bytes(body).ok()?;
        let pruned = super::pruned::parse(json, &code_wanted(pointers)).ok()?;
        code(&pruned, status, pointers)
    }

    /// `body` (which [`decode::json_bytes`] accepted) decoded into `T`, and the
    /// code [`Reading::code_of`] finds, reading the body once where the decode can
    /// see the members the code rule reads as it goes (see `watch`).
    pub(crate) fn decode_with_code<T: DeserializeOwned>(
        body: &[u8],
        status: u16,
        pointers: &Pointers,
    ) -> (Result<T, BodyError>, Option<String>) {
        let Ok(text) = core::str::from_utf8(decode::without_bom(body)) else {
            return (
                decode::decode_sniffed(body),
                Reading::code_of(body, status, pointers),
            );
        };
        let (decoded, tree) = super::watch::decode::<T>(text, &code_wanted(pointers));
        let code = match tree {
            Some(tree) => code(&tree, status, pointers),
            None => Reading::code_of(body, status, pointers),
        };
        (decoded.map_err(|error| BodyError::malformed(&error)), code)
    }
}

/// The keys whose members [`code`] reads: [`CODE_READS`] and the `code` pointer's
/// steps.
fn code_wanted(pointers: &Pointers) -> impl Fn(&str) -> bool + '_ {
    |key: &str| {
        is_code_read(key)
            || pointers
                .code
                .is_some_and(|pointer| is_pointer_step(pointer, key))
    }
}

/// Whether [`code`] reads members named `key`: one of [`CODE_READS`].
fn is_code_read(key: &str) -> bool {
    CODE_READS.iter().any(|keys| keys.contains(&key))
}

/// Whether `key` is one of `pointer`'s steps (`~1` and `~0` unescaped).
fn is_pointer_step(pointer: &str, key: &str) -> bool {
    pointer::steps(pointer).any(|step| step == key)
}

/// The machine-readable code, normalised: the `code` pointer's value, else the
/// first found by [`object_code`] on the body, or on the first entry of a list.
/// It reads a whole `Value` and the pruned tree of [`Reading::code_of`] alike.
pub(crate) fn code<J: Json>(json: &J, status: u16, pointers: &Pointers) -> Option<String> {
    let found = pointers
        .code
        .and_then(|pointer| json.at_pointer(pointer))
        .and_then(|value| code_text(value, status))
        .or_else(|| match json.as_members() {
            Some(object) => object_code::<J>(object, status),
            None => json
                .as_items()?
                .iter()
                .filter_map(J::as_members)
                .find_map(|entry| object_code::<J>(entry, status)),
        })?;
    normalise_code(&found).map(str::to_owned)
}

/// The first of `keys` in `object` whose value is a code.
fn first_code<'a, J: Json + 'a>(
    object: &'a J::Object,
    keys: &[&str],
    status: u16,
) -> Option<Cow<'a, str>> {
    keys.iter()
        .find_map(|key| J::member(object, key).and_then(|value| code_text(value, status)))
}

/// An object's code, in order: its `error` object's `code`, `type` or `status`;
/// the first of [`CODE_KEYS`]; OAuth's `error` beside an `error_description`;
/// the code of a `detail` object (FastAPI); the first entry of `errors` that names
/// no field and has one (an entry's code about a field is that field's).
fn object_code<'a, J: Json + 'a>(object: &'a J::Object, status: u16) -> Option<Cow<'a, str>> {
    let member = |key: &str| J::member(object, key);
    member("error")
        .and_then(J::as_members)
        .and_then(|error| first_code::<J>(error, ERROR_OBJECT_CODE_KEYS, status))
        .or_else(|| first_code::<J>(object, CODE_KEYS, status))
        .or_else(|| oauth_code::<J>(object))
        .or_else(|| first_code::<J>(member("detail")?.as_members()?, CODE_KEYS, status))
        .or_else(|| {
            member("errors")?
                .as_items()?
                .iter()
                .filter_map(J::as_members)
                .filter(|entry| entry_field::<J>(entry).is_none())
                .find_map(|entry| first_code::<J>(entry, &["code"], status))
        })
}

/// RFC 6749 §5.2: `{"error": "invalid_grant", "error_description": "..."}`.
fn oauth_code<'a, J: Json + 'a>(object: &'a J::Object) -> Option<Cow<'a, str>> {
    J::member(object, "error_description")?;
    trimmed(J::member(object, "error")?.as_text()?).map(Cow::Borrowed)
}

/// A code as text: a string or an integer. One equal to the response's status
/// (Google's `"code": 429`, JSON:API's `"status": "422"`) says nothing and is skipped.
fn code_text<J: Json>(value: &J, status: u16) -> Option<Cow<'_, str>> {
    let text = match (value.as_text(), value.as_number()) {
        (Some(text), _) => Cow::Borrowed(trimmed(text)?),
        (None, Some(number)) if number.is_u64() || number.is_i64() => {
            Cow::Owned(number.to_string())
        }
        _ => return None,
    };
    (text.parse::<u16>().ok() != Some(status) || status == 0).then_some(text)
}

/// A code as it is compared with `#[status(..., code = "...")]`: cut at the first
/// `:`, then without a namespace before the last `#`, trimmed (AWS's
/// `aws.dynamodb#ThrottlingException:http://internal/#x` is `ThrottlingException`).
///
/// ```
/// use http_api_error::body::normalise_code;
///
/// assert_eq!(normalise_code("com.amazonaws.dynamodb.v20120810#ThrottlingException"), Some("ThrottlingException"));
/// assert_eq!(normalise_code("ValidationException:http://internal.example/#frag"), Some("ValidationException"));
/// assert_eq!(normalise_code(" rate_limit_exceeded "), Some("rate_limit_exceeded"));
/// assert_eq!(normalise_code("ns#"), None);
/// ```
#[must_use]
pub fn normalise_code(code: &str) -> Option<&str> {
    // Byte searches: `:` and `#` are ASCII, so every cut falls on a char boundary.
    let bytes = code.as_bytes();
    let end = bytes.iter().position(|&b| b == b':').unwrap_or(bytes.len());
    let start = bytes[..end]
        .iter()
        .rposition(|&b| b == b'#')
        .map_or(0, |i| i + 1);
    trimmed(&code[start..end])
}

// ----- field errors --------------------------------------------------------------

/// Every field error: under the `field_errors` pointer when one is declared and
/// finds something, else by [`object_field_errors`] or, for a list body, from its
/// entries.
pub(crate) fn field_errors(json: &Value, pointers: &Pointers) -> Vec<FieldError> {
    let mut out = Vec::new();
    if let Some(container) = at(json, pointers.field_errors) {
        errors_member(container, &mut out);
        if !out.is_empty() {
            return out;
        }
    }
    match json {
        Value::Object(object) => object_field_errors(object, &mut out),
        Value::Array(items) => entries_field_errors(items, &mut out),
        _ => {}
    }
    out
}

/// An object's field errors, from: its `error` object ([`error_object_field_errors`]);
/// `errors` as a map of fields or a list of entries; FastAPI's `detail` list; DRF's
/// field members ([`drf_field_errors`]); and, when all of those and the message
/// conventions find nothing, its string members ([`lone_string_fields`]).
fn object_field_errors(object: &Map<String, Value>, out: &mut Vec<FieldError>) {
    if let Some(error) = object.get("error").and_then(Value::as_object) {
        error_object_field_errors(error, out);
    }
    if let Some(errors) = object.get("errors") {
        errors_member(errors, out);
    }
    if let Some(Value::Array(detail)) = object.get("detail") {
        entries_field_errors(detail, out);
    }
    drf_field_errors(object, out);
    if out.is_empty() && object_message(object).is_none() {
        lone_string_fields(object, out);
    }
}

/// An object with nothing else to say is a map of fields to messages, one string
/// each (DRF's `raise ValidationError({"amount": "..."})`).
fn lone_string_fields(object: &Map<String, Value>, out: &mut Vec<FieldError>) {
    for (key, value) in object {
        if let (false, Some(message)) = (is_convention_key(key), value.as_str()) {
            if let Some(message) = non_empty(message) {
                out.push(FieldError::new(key.as_str(), message));
            }
        }
    }
}

/// Inside an `error` object: `param` names the field of the whole error (Stripe,
/// OpenAI); `details[]` holds Google's `fieldViolations` and Azure's entries with a
/// `target`; `errors[]` holds Google's older entries with a `location`.
fn error_object_field_errors(error: &Map<String, Value>, out: &mut Vec<FieldError>) {
    let param = error
        .get("param")
        .and_then(Value::as_str)
        .and_then(non_empty);
    if let (Some(param), Some(message)) = (param, error.get("message").and_then(scalar_text)) {
        out.push(FieldError::new(param, message));
    }
    if let Some(details) = error.get("details").and_then(Value::as_array) {
        for detail in details.iter().filter_map(Value::as_object) {
            match detail.get("fieldViolations").and_then(Value::as_array) {
                Some(violations) => entries_field_errors(violations, out),
                None => entry_field_error(detail, out),
            }
        }
    }
    if let Some(errors) = error.get("errors").and_then(Value::as_array) {
        entries_field_errors(errors, out);
    }
}

/// An `errors` member: a map of fields to messages (Rails), or a list of entries.
fn errors_member(errors: &Value, out: &mut Vec<FieldError>) {
    match errors {
        Value::Object(fields) => {
            for (field, messages) in fields {
                field_messages(messages, field, true, out);
            }
        }
        Value::Array(items) => entries_field_errors(items, out),
        _ => {}
    }
}

/// The entries of a list that name a field.
fn entries_field_errors(items: &[Value], out: &mut Vec<FieldError>) {
    for entry in items.iter().filter_map(Value::as_object) {
        entry_field_error(entry, out);
    }
}

/// One `{field | param | loc | source.pointer | ..., message | detail | msg | code}` entry.
fn entry_field_error(entry: &Map<String, Value>, out: &mut Vec<FieldError>) {
    if let (Some(field), Some(message)) = (entry_field::<Value>(entry), entry_message(entry)) {
        out.push(FieldError::new(field, message));
    }
}

/// The field an entry names: a string, a `loc` list joined with `.` (FastAPI), or
/// JSON:API's `source.pointer` / `source.parameter`.
fn entry_field<'a, J: Json + 'a>(entry: &'a J::Object) -> Option<String> {
    FIELD_KEYS.iter().find_map(|key| {
        let value = J::member(entry, key)?;
        if let Some(text) = value.as_text() {
            return non_empty(text);
        }
        if let Some(steps) = value.as_items() {
            return location(steps);
        }
        let source = value.as_members()?;
        J::member(source, "pointer")
            .and_then(J::as_text)
            .and_then(pointer_as_path)
            .or_else(|| {
                J::member(source, "parameter")?
                    .as_text()
                    .and_then(non_empty)
            })
    })
}

/// `["body", "items", 1, "qty"]` as `body.items.1.qty`.
fn location<J: Json>(steps: &[J]) -> Option<String> {
    let steps: Vec<String> = steps.iter().filter_map(scalar_text).collect();
    (!steps.is_empty()).then(|| steps.join("."))
}

/// `/data/attributes/first~1name` as `data.attributes.first/name`.
fn pointer_as_path(pointer: &str) -> Option<String> {
    let steps: Vec<Cow<'_, str>> = pointer::steps(pointer).collect();
    let path = steps.join(".");
    (!path.is_empty()).then_some(path)
}

/// Django REST framework: a member that no other convention reads is a field when
/// it holds lists of messages, directly or in nested objects and lists. A bare
/// string member (`documentation_url`) is never a field.
fn drf_field_errors(object: &Map<String, Value>, out: &mut Vec<FieldError>) {
    for (key, value) in object {
        if !is_convention_key(key) {
            field_messages(value, key, false, out);
        }
    }
}

/// The messages under one field: strings and numbers (inside a list, unless
/// `loose`); nested objects add `.key`; objects inside a list add `.index`, so
/// `{"lines": [{}, {"sku": ["..."]}]}` gives `lines.1.sku`; an `_errors` list
/// (Discord) holds entries for the path it sits in.
fn field_messages(value: &Value, field: &str, loose: bool, out: &mut Vec<FieldError>) {
    match value {
        Value::String(_) | Value::Number(_) if loose => {
            if let Some(message) = scalar_text(value) {
                out.push(FieldError::new(field, message));
            }
        }
        Value::Bool(flag) if loose => out.push(FieldError::new(field, flag.to_string())),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                match item {
                    Value::Object(_) => {
                        field_messages(item, &format!("{field}.{index}"), loose, out);
                    }
                    _ => field_messages(item, field, true, out),
                }
            }
        }
        Value::Object(members) => {
            for (key, member) in members {
                match (key.as_str(), member) {
                    // Discord: `{"content": {"_errors": [{"code", "message"}]}}`
                    // holds the entries of its parent's path.
                    ("_errors", Value::Array(entries)) => {
                        for entry in entries.iter().filter_map(Value::as_object) {
                            if let Some(message) = entry_message(entry) {
                                out.push(FieldError::new(field, message));
                            }
                        }
                    }
                    _ => field_messages(member, &format!("{field}.{key}"), loose, out),
                }
            }
        }
        _ => {}
    }
}

// ----- request id ----------------------------------------------------------------

/// The request id: the `request_id` pointer's value, else the first of
/// [`REQUEST_ID_KEYS`] at the top level, else inside an `error` object.
pub(crate) fn request_id<'a>(json: &'a Value, pointers: &Pointers) -> Option<&'a str> {
    fn in_object(object: &Map<String, Value>) -> Option<&str> {
        REQUEST_ID_KEYS
            .iter()
            .find_map(|key| object.get(*key)?.as_str())
            .map(str::trim)
            .filter(|id| !id.is_empty())
    }
    if let Some(id) = at(json, pointers.request_id).and_then(Value::as_str) {
        return Some(id.trim()).filter(|id| !id.is_empty());
    }
    let object = json.as_object()?;
    in_object(object).or_else(|| in_object(object.get("error")?.as_object()?))
}

// ----- retry delay ---------------------------------------------------------------

/// Google's `google.rpc.RetryInfo` in `error.details[]`: `"retryDelay": "30s"`
/// (decimal seconds with an `s`), or `{"seconds": 30, "nanos": 0}`.
fn retry_delay(json: &Value) -> Option<Duration> {
    json.get("error")?
        .get("details")?
        .as_array()?
        .iter()
        .filter(|detail| {
            detail
                .get("@type")
                .and_then(Value::as_str)
                .is_some_and(|kind| kind.ends_with("google.rpc.RetryInfo"))
        })
        .find_map(|detail| proto_duration(detail.get("retryDelay")?))
}

fn proto_duration(value: &Value) -> Option<Duration> {
    match value {
        Value::String(text) => crate::units::seconds(text.trim().strip_suffix('s')?),
        Value::Object(parts) => {
            let seconds = parts.get("seconds").map_or(Some(0), |s| match s {
                Value::String(text) => text.parse::<u64>().ok(),
                other => other.as_u64(),
            })?;
            let nanos = parts.get("nanos").and_then(Value::as_u64).unwrap_or(0);
            let nanos = u32::try_from(nanos).ok().filter(|n| *n < 1_000_000_000)?;
            Some(Duration::new(seconds, nanos))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_cuts_at_the_first_colon_then_after_the_last_hash() {
        /// The rule as the doc states it, with `str` splits.
        fn by_splits(code: &str) -> Option<&str> {
            let code = code.split(':').next().unwrap_or(code);
            let code = code.rsplit('#').next().unwrap_or(code).trim();
            (!code.is_empty()).then_some(code)
        }
        for code in [
            "",
            ":",
            "#",
            "a",
            " a ",
            "a:b",
            "a#b",
            "a#b#c:d#e",
            "#a:b",
            ":a#b",
            "ns#\u{a0}x\u{a0}",
            "é#ü:ß",
            "aws.dynamodb#ThrottlingException:http://internal/#x",
            "\u{3000}",
            "\ta\t",
            "a ",
            " a",
            "x y",
            "\u{85}a",
            "a\u{2028}",
            "~",
        ] {
            assert_eq!(normalise_code(code), by_splits(code), "{code:?}");
            let whole = Some(code.trim()).filter(|text| !text.is_empty());
            assert_eq!(trimmed(code), whole, "{code:?}");
        }
    }

    #[test]
    fn the_code_alone_reads_as_the_whole_body_does() {
        let pointers = Pointers::NONE.with_code("/meta/reason~1kind");
        for body in [
            r#"{"error": {"code": "a", "type": "b"}, "code": "c"}"#,
            r#"{"error": {"type": 429}, "code": "x:y"}"#,
            r#"{"error": "invalid_grant", "error_description": "no"}"#,
            r#"{"detail": {"code": "  spaced  "}}"#,
            r#"{"errors": [{"field": "a", "code": "f"}, {"code": "g"}]}"#,
            r#"{"errors": [{"source": {"pointer": "/data/x"}, "code": "f"}, {"code": 7}]}"#,
            r#"[{"loc": ["body", 1], "code": "f"}, {"code": "h"}]"#,
            r#"{"meta": {"reason/kind": "ptr"}, "code": "c"}"#,
            r#"{"meta": {"reason/kind": null}, "code": "c", "code": "d"}"#,
            r#"{"code": 429, "error_code": "real"}"#,
            r#"{"code": 1.5, "Code": "e\u0021"}"#,
        ] {
            let whole = Reading::of(body.as_bytes(), 429, &pointers).code;
            assert!(whole.is_some(), "{body}");
            assert_eq!(
                Reading::code_of(body.as_bytes(), 429, &pointers),
                whole,
                "{body}"
            );
        }
    }
}
