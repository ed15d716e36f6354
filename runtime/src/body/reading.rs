//! One reading of an error body: its dialect recognised from its shape, then each
//! role (message, code, field errors, request id, retry delay) read by that
//! dialect's documented meaning, within limits that keep it small and safe to log.

use core::time::Duration;

use crate::body::json::Json;

use super::dialects;
use super::text::{self, Fields};
use super::{decode, FieldError};

/// The dialect an error body speaks, recognised from its shape (see the README's
/// dialect table for how each is told and where each role is read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Dialect {
    /// RFC 9457 / 7807 problem details, with the RFC's `errors` and
    /// `invalid-params` validation extensions.
    Problem,
    /// JSON:API `errors`.
    JsonApi,
    /// GraphQL's `errors` beside `data`.
    GraphQl,
    /// Google's AIP-193 `error` with `status` and `details`.
    Google,
    /// An `error` object: Stripe, OpenAI, Anthropic, Azure.
    ErrorObject,
    /// OAuth 2.0: `error` and `error_description` (RFC 6749 §5.2).
    OAuth,
    /// AWS JSON protocols: `__type`.
    Aws,
    /// AWS XML protocols (feature `xml`): REST-XML's `<Error>`, query's
    /// `<ErrorResponse>`, EC2's `<Response><Errors>`.
    AwsXml,
    /// FastAPI / pydantic: a `detail` list of `{loc, msg, type}`.
    FastApi,
    /// Spring Boot's default `{timestamp, status, error, message, path}`.
    Spring,
    /// NestJS / Fastify: `{statusCode, error, message}`.
    Nest,
    /// Litestar: `{status_code, detail, extra}`.
    Litestar,
    /// A map of fields to lists of messages: Django REST framework, Rails, Laravel.
    FieldMap,
    /// A JSON list of messages or error entries.
    List,
    /// An object no other dialect claims, read where public APIs most often put a
    /// message, a code and field errors.
    Generic,
    /// A JSON string, or a body of one short line of plain text.
    Text,
    /// Nothing to read: no body, an HTML page, bytes that are not JSON.
    None,
}

/// Where an API puts what its dialect would not find, as RFC 6901 JSON pointers,
/// and optionally the dialect, so that recognition is skipped. Written on the enum
/// as `#[api(message = "/error/message", code = "/error/code")]`. Non-exhaustive:
/// build one from [`Pointers::NONE`] with the `with_` methods, which are `const`.
///
/// A pointer that finds nothing, or a value of no use (`null`, `true`), leaves the
/// answer to the dialect.
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
    /// `#[api(message = "...")]`.
    pub message: Option<&'static str>,
    /// `#[api(code = "...")]`.
    pub code: Option<&'static str>,
    /// `#[api(field_errors = "...")]`: an object of fields to messages, or a list of
    /// `{field, message}` entries.
    pub field_errors: Option<&'static str>,
    /// `#[api(request_id = "...")]`.
    pub request_id: Option<&'static str>,
    /// The dialect every object body of the API is read by.
    pub dialect: Option<Dialect>,
    /// A dialect the API is declared to answer in beside others
    /// (`success_error(dialect = ...)`): a body that speaks it, as loosely as that
    /// rule tells (a GraphQL `errors` list without `data`), is read by it; other
    /// bodies are recognised as usual.
    pub spoken: Option<Dialect>,
}

impl Pointers {
    /// No pointers: the dialects alone.
    pub const NONE: Pointers = Pointers {
        message: None,
        code: None,
        field_errors: None,
        request_id: None,
        dialect: None,
        spoken: None,
    };

    /// The message is at `pointer`, whatever the dialect says.
    #[must_use]
    pub const fn with_message(mut self, pointer: &'static str) -> Self {
        self.message = Some(pointer);
        self
    }

    /// The error code is at `pointer`, whatever the dialect says.
    #[must_use]
    pub const fn with_code(mut self, pointer: &'static str) -> Self {
        self.code = Some(pointer);
        self
    }

    /// The field errors are at `pointer`, whatever the dialect says.
    #[must_use]
    pub const fn with_field_errors(mut self, pointer: &'static str) -> Self {
        self.field_errors = Some(pointer);
        self
    }

    /// The request id is at `pointer`, whatever the dialect says.
    #[must_use]
    pub const fn with_request_id(mut self, pointer: &'static str) -> Self {
        self.request_id = Some(pointer);
        self
    }

    /// Reads every object body by `dialect`, without recognising it.
    #[must_use]
    pub const fn with_dialect(mut self, dialect: Dialect) -> Self {
        self.dialect = Some(dialect);
        self
    }

    /// Reads a body that speaks `dialect` by it; see [`Pointers::spoken`].
    #[must_use]
    pub const fn with_spoken(mut self, dialect: Dialect) -> Self {
        self.spoken = Some(dialect);
        self
    }
}

/// What one error body says, read once.
///
/// Bounded whatever the body: at most [`MAX_FIELD_ERRORS`](super::MAX_FIELD_ERRORS)
/// field errors, each part at most [`MAX_TEXT_BYTES`](super::MAX_TEXT_BYTES), the
/// message at most [`MAX_MESSAGE_BYTES`](super::MAX_MESSAGE_BYTES) (longer text is
/// cut and ends in `…`).
///
/// ```
/// use http_api_error::body::{Dialect, FieldError, Pointers, Reading};
///
/// let body = br#"{"error": {"type": "invalid_request_error", "code": "parameter_invalid_integer",
///                 "param": "amount", "message": "Invalid integer: abc"}}"#;
/// let reading = Reading::of(body, 400, &Pointers::NONE);
/// assert_eq!(reading.dialect, Dialect::ErrorObject);
/// assert_eq!(reading.message.as_deref(), Some("Invalid integer: abc"));
/// assert_eq!(reading.code.as_deref(), Some("parameter_invalid_integer"));
/// assert_eq!(reading.field_errors, vec![FieldError::new("amount", "Invalid integer: abc")]);
///
/// // A Django REST framework field map: every member is a field, whatever its name.
/// let body = br#"{"title": ["This field is required."], "due_date": ["This field is required."]}"#;
/// let reading = Reading::of(body, 400, &Pointers::NONE);
/// assert_eq!(reading.dialect, Dialect::FieldMap);
/// assert_eq!(reading.message, None);
/// assert_eq!(reading.field_errors.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reading {
    /// The dialect the body was read by.
    pub dialect: Dialect,
    /// The general message for people.
    pub message: Option<String>,
    /// The machine-readable code: kept whole, but for AWS's, which is cut as
    /// [`normalise_code`] says.
    pub code: Option<String>,
    /// The per-field errors, list indexes kept in the path (`lines.1.sku`).
    pub field_errors: Vec<FieldError>,
    /// The request id the body carries.
    pub request_id: Option<String>,
    /// A retry delay the body asks for (`google.rpc.RetryInfo`).
    pub retry_delay: Option<Duration>,
}

impl Default for Reading {
    fn default() -> Self {
        Reading {
            dialect: Dialect::None,
            message: None,
            code: None,
            field_errors: Vec::new(),
            request_id: None,
            retry_delay: None,
        }
    }
}

/// The roles as a dialect fills them in.
#[derive(Debug, Default)]
pub(crate) struct Roles {
    pub(crate) message: Option<String>,
    pub(crate) code: Option<String>,
    pub(crate) fields: Fields,
    pub(crate) request_id: Option<String>,
    pub(crate) retry_delay: Option<Duration>,
}

impl Reading {
    /// Reads a raw body. `status` is the response's: a code equal to it says
    /// nothing new and is skipped. Bytes that are not JSON give a message only when
    /// they are one short line of plain text; otherwise nothing.
    #[must_use]
    pub fn of(body: &[u8], status: u16, pointers: &Pointers) -> Reading {
        match decode::json_bytes(body).and_then(decode::tree) {
            Ok(json) => Reading::of_tree(&json, status, pointers),
            Err(_) => Reading::of_text(body),
        }
    }

    /// A body that is not JSON: [`Dialect::Text`] when it is one short line of
    /// plain text (`Internal Server Error`, `upstream timed out`); never an HTML
    /// page, nor JSON that did not parse.
    pub(crate) fn of_text(body: &[u8]) -> Reading {
        const MAX_LEN: usize = 200;
        let text = std::str::from_utf8(body).map_or("", str::trim);
        let plain = !text.is_empty()
            && text.len() <= MAX_LEN
            && !text.starts_with(['<', '{', '['])
            && !text.chars().any(char::is_control);
        if !plain {
            return Reading::default();
        }
        Reading {
            dialect: Dialect::Text,
            message: Some(text.to_owned()),
            ..Reading::default()
        }
    }

    /// Reads a parsed body by its dialect's rules; what the pointers find wins.
    #[must_use]
    pub fn of_json(json: &serde_json::Value, status: u16, pointers: &Pointers) -> Reading {
        Reading::of_tree(&Json::of_value(json), status, pointers)
    }

    pub(crate) fn of_tree(json: &Json<'_>, status: u16, pointers: &Pointers) -> Reading {
        let mut roles = Roles::default();
        let dialect = match json {
            Json::Object(object) => {
                let dialect = pointers
                    .dialect
                    .or_else(|| pointers.spoken.filter(|&d| dialects::speaks(object, d)))
                    .unwrap_or_else(|| dialects::recognise(object));
                dialects::read(dialect, object, status, &mut roles);
                roles.request_id = roles.request_id.take().or_else(|| text::request_id(object));
                dialect
            }
            Json::Array(items) => {
                dialects::read_list(items, status, &mut roles);
                Dialect::List
            }
            Json::String(message) => {
                roles.message = text::message_text(message);
                Dialect::Text
            }
            _ => Dialect::None,
        };
        let at = |pointer: Option<&str>| json.pointer(pointer?);
        if let Some(message) = at(pointers.message).and_then(message_value) {
            roles.message = Some(message);
        }
        if let Some(code) = at(pointers.code).and_then(|code| text::code_text(code, status)) {
            roles.code = Some(code);
        }
        if let Some(container) = at(pointers.field_errors) {
            let mut declared = Fields::default();
            match container {
                Json::Object(fields) => {
                    dialects::field_map::members(fields, &mut String::new(), &mut declared);
                }
                Json::Array(items) => drop(text::entries(items, &mut declared)),
                _ => {}
            }
            if !declared.list.is_empty() {
                roles.fields = declared;
            }
        }
        if let Some(id) = at(pointers.request_id).and_then(text::scalar_text) {
            roles.request_id = Some(id);
        }
        Reading {
            dialect,
            message: roles.message,
            code: roles.code,
            field_errors: roles.fields.list,
            request_id: roles.request_id,
            retry_delay: roles.retry_delay,
        }
    }
}

fn message_value(value: &Json<'_>) -> Option<String> {
    match value {
        Json::String(text) => text::message_text(text),
        Json::Number(number) => Some(number.to_string()),
        Json::Array(items) => text::joined_strings(items),
        Json::Object(_) => Reading::of_tree(value, 0, &Pointers::NONE).message,
        _ => None,
    }
}

/// An AWS error code as the AWS SDKs compare it: cut at the first `:`, then
/// without a namespace before the last `#`, trimmed
/// (`aws.dynamodb#ThrottlingException:http://internal/#x` is
/// `ThrottlingException`). Applied to AWS bodies and to a declared `code_header`;
/// other codes are kept whole.
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
    text::trimmed(crate::shared_rules::code_without_namespace(code))
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
            assert_eq!(text::trimmed(code), whole, "{code:?}");
        }
    }
}
