//! Error-body types for the shapes real APIs send, and [`ErrorBody`], the view of a
//! body that `message()`, `field_errors()` and `request_id()` read through.
//!
//! Every type here is tolerant: unknown members are ignored, a member of the wrong
//! type or `null` counts as missing, ids and codes may be strings or numbers, and
//! when a key appears twice the last one wins (as in `serde_json::Value`).

use std::borrow::Cow;
use std::fmt;

use std::collections::BTreeMap;

use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::loose;

/// The human-readable parts of an error body.
///
/// Every method has a default that finds nothing, so any body type opts in with
/// one line: `impl http_api_error::body::ErrorBody for MyBody {}`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is used as a `#[body]` but does not implement `ErrorBody`",
    label = "the `#[body]` type must implement `http_api_error::body::ErrorBody`",
    note = "add `impl http_api_error::body::ErrorBody for {Self} {{}}`, and override `message` or `field_errors` to expose them"
)]
pub trait ErrorBody {
    /// The body's general message for people.
    fn message(&self) -> Option<Cow<'_, str>> {
        None
    }

    /// The per-field errors.
    fn field_errors(&self) -> Vec<FieldError> {
        Vec::new()
    }

    /// The request id, when the body carries one.
    fn request_id(&self) -> Option<&str> {
        None
    }
}

/// One field's error: the field (a location path joined with `.`) and the message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldError {
    /// The field id or location, such as `title` or `body.orders.0.quantity`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl FieldError {
    /// A field error.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// A JSON object of field ids mapped to a message or a list of messages, with a
/// general message under `message`, `detail` or `error` (first found wins).
///
/// Nested objects are flattened with `.` (`{"address": {"city": ["required"]}}`
/// is field `address.city`); numbers and booleans are shown as text; `null` and
/// empty lists are no error. A JSON string on its own is the general message.
///
/// ```
/// use http_api_error::body::{ErrorBody, FieldError, FieldErrors};
///
/// let body: FieldErrors =
///     serde_json::from_str(r#"{"message": "Invalid request data", "title": ["Too long."]}"#).unwrap();
/// assert_eq!(body.message().as_deref(), Some("Invalid request data"));
/// assert_eq!(body.field_errors(), vec![FieldError::new("title", "Too long.")]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors {
    message: Option<String>,
    fields: Vec<FieldError>,
}

const GENERAL_MESSAGE_KEYS: [&str; 3] = ["message", "detail", "error"];

impl FieldErrors {
    /// An empty body.
    #[must_use]
    pub fn new() -> Self {
        FieldErrors::default()
    }

    /// Sets the general message.
    #[must_use]
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Adds a message for a field.
    #[must_use]
    pub fn with_field(mut self, field: impl Into<String>, message: impl Into<String>) -> Self {
        let error = FieldError::new(field, message);
        // After any messages the field already has, so the fields stay in key order.
        let at = self.fields.partition_point(|e| e.field <= error.field);
        self.fields.insert(at, error);
        self
    }

    /// The general message.
    #[must_use]
    pub fn general_message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Every field error, in key order.
    #[must_use]
    pub fn fields(&self) -> &[FieldError] {
        &self.fields
    }

    /// The messages for one field.
    pub fn get<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields
            .iter()
            .filter(move |error| error.field == field)
            .map(|error| error.message.as_str())
    }
}

impl<'de> Deserialize<'de> for FieldErrors {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FieldErrorsVisitor)
    }
}

struct FieldErrorsVisitor;

impl<'de> Visitor<'de> for FieldErrorsVisitor {
    type Value = FieldErrors;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON error body")
    }

    fn visit_str<E>(self, message: &str) -> Result<FieldErrors, E> {
        Ok(FieldErrors::new().with_message(message))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FieldErrors, A::Error> {
        let mut general: [Option<String>; GENERAL_MESSAGE_KEYS.len()] = Default::default();
        // Keyed by the top-level field, so a repeated key replaces the earlier one.
        let mut by_field: BTreeMap<String, Vec<FieldError>> = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            if let Some(slot) = GENERAL_MESSAGE_KEYS.iter().position(|k| *k == key) {
                general[slot] = map.next_value::<loose::GeneralMessage>()?.0;
                continue;
            }
            let mut messages = Vec::new();
            map.next_value_seed(loose::FieldMessages {
                field: &key,
                out: &mut messages,
            })?;
            by_field.insert(key, messages);
        }
        let mut fields: Vec<FieldError> = by_field.into_values().flatten().collect();
        fields.sort_by(|a, b| a.field.cmp(&b.field));
        Ok(FieldErrors {
            message: general.into_iter().flatten().next(),
            fields,
        })
    }

    crate::loose::skip_values!(FieldErrors::default(); u64, i64, f64, bool, unit, seq);
}

/// `{"message": ..., "field": ["msg", ...], ...}`, which decodes back to the same value.
impl Serialize for FieldErrors {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(message) = &self.message {
            map.serialize_entry("message", message)?;
        }
        // The fields are kept in key order, so each field's messages are adjacent.
        for group in self.fields.chunk_by(|a, b| a.field == b.field) {
            let messages: Vec<&str> = group.iter().map(|e| e.message.as_str()).collect();
            map.serialize_entry(&group[0].field, &messages)?;
        }
        map.end()
    }
}

impl ErrorBody for FieldErrors {
    fn message(&self) -> Option<Cow<'_, str>> {
        self.message.as_deref().map(Cow::Borrowed)
    }

    fn field_errors(&self) -> Vec<FieldError> {
        self.fields.clone()
    }
}

/// A validation error as FastAPI / pydantic servers send it:
/// `{title, detail, status, body}`, where `detail` is a message or a list of
/// `{loc, msg, type}` and `loc` mixes keys and indexes.
///
/// `body` echoes the request the server rejected. It is kept, reachable through
/// [`Validation::echoed_request`], and never printed by `Debug`.
///
/// ```
/// use http_api_error::body::{ErrorBody, FieldError, Validation};
///
/// let body: Validation = serde_json::from_str(
///     r#"{"title": "Validation error", "status": 422,
///         "detail": [{"loc": ["body", "orders", 0, "quantity"], "msg": "must be > 0", "type": "value_error"}],
///         "body": {"token": "secret"}}"#,
/// ).unwrap();
/// assert_eq!(body.message().as_deref(), Some("Validation error"));
/// assert_eq!(body.field_errors(), vec![FieldError::new("body.orders.0.quantity", "must be > 0")]);
/// assert!(!format!("{body:?}").contains("secret"));
/// ```
#[derive(Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Validation {
    /// A short summary.
    pub title: Option<String>,
    /// The message, or the list of issues.
    pub detail: Option<ValidationDetail>,
    /// The status the body claims (a number, or a number in a string).
    pub status: Option<u16>,
    echoed_request: Option<Value>,
}

/// `detail` of a [`Validation`] body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidationDetail {
    /// `"detail": "Portfolio already exists"`.
    Message(String),
    /// `"detail": [{loc, msg, type}, ...]`.
    Issues(Vec<ValidationIssue>),
}

/// One entry of a validation `detail` list.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidationIssue {
    /// Where: `["body", "orders", 0, "quantity"]`.
    pub loc: Vec<LocSegment>,
    /// What is wrong.
    pub msg: String,
    /// The machine-readable kind (`type` in the JSON), such as `value_error.missing`.
    pub kind: Option<String>,
}

impl ValidationIssue {
    /// An issue at `loc`.
    pub fn new(loc: impl IntoIterator<Item = LocSegment>, msg: impl Into<String>) -> Self {
        ValidationIssue {
            loc: loc.into_iter().collect(),
            msg: msg.into(),
            kind: None,
        }
    }

    /// Sets the machine-readable kind.
    #[must_use]
    pub fn with_kind(mut self, kind: impl Into<String>) -> Self {
        self.kind = Some(kind.into());
        self
    }

    /// `loc` joined with `.`: `body.orders.0.quantity`.
    #[must_use]
    pub fn location(&self) -> String {
        let mut out = String::new();
        for (i, segment) in self.loc.iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            out.push_str(&segment.to_string());
        }
        out
    }
}

/// One step of a validation `loc`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LocSegment {
    /// An object key.
    Key(String),
    /// A list index.
    Index(u64),
}

impl fmt::Display for LocSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocSegment::Key(key) => f.write_str(key),
            LocSegment::Index(index) => write!(f, "{index}"),
        }
    }
}

impl Validation {
    /// An empty body.
    #[must_use]
    pub fn new() -> Self {
        Validation::default()
    }

    /// Sets the title.
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Sets `detail` to a message.
    #[must_use]
    pub fn with_detail_message(mut self, message: impl Into<String>) -> Self {
        self.detail = Some(ValidationDetail::Message(message.into()));
        self
    }

    /// Adds an issue to a list `detail` (replacing a message `detail`).
    #[must_use]
    pub fn with_issue(mut self, issue: ValidationIssue) -> Self {
        match &mut self.detail {
            Some(ValidationDetail::Issues(issues)) => issues.push(issue),
            _ => self.detail = Some(ValidationDetail::Issues(vec![issue])),
        }
        self
    }

    /// Sets the status the body claims.
    #[must_use]
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// Sets the echoed request body.
    #[must_use]
    pub fn with_echoed_request(mut self, body: Value) -> Self {
        self.echoed_request = Some(body);
        self
    }

    /// The request body the server echoed back, if it did. It may hold secrets.
    #[must_use]
    pub fn echoed_request(&self) -> Option<&Value> {
        self.echoed_request.as_ref()
    }

    /// The issues of a list `detail`; empty for a message `detail`.
    #[must_use]
    pub fn issues(&self) -> &[ValidationIssue] {
        match &self.detail {
            Some(ValidationDetail::Issues(issues)) => issues,
            _ => &[],
        }
    }
}

impl fmt::Debug for Validation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validation")
            .field("title", &self.title)
            .field("detail", &self.detail)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl<'de> Deserialize<'de> for Validation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ValidationVisitor)
    }
}

struct ValidationVisitor;

impl<'de> Visitor<'de> for ValidationVisitor {
    type Value = Validation;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Validation, A::Error> {
        const KEYS: &[&str] = &["title", "detail", "status", "body"];
        let mut body = Validation::default();
        while let Some(key) = map.next_key_seed(loose::Key(KEYS))? {
            match key {
                Some(0) => body.title = map.next_value::<loose::Text>()?.0,
                Some(1) => body.detail = map.next_value::<DetailReader>()?.0,
                Some(2) => body.status = map.next_value::<loose::Code>()?.0,
                Some(3) => body.echoed_request = map.next_value::<Option<Value>>()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(body)
    }
}

/// A `detail`: a message, or a list of issues (entries that are not issues are skipped).
struct DetailReader(Option<ValidationDetail>);

impl<'de> Deserialize<'de> for DetailReader {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(DetailVisitor)
            .map(DetailReader)
    }
}

struct DetailVisitor;

impl<'de> Visitor<'de> for DetailVisitor {
    type Value = Option<ValidationDetail>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(ValidationDetail::Message(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(ValidationDetail::Message(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut issues = Vec::new();
        while let Some(IssueReader(issue)) = seq.next_element()? {
            issues.extend(issue);
        }
        Ok(Some(ValidationDetail::Issues(issues)))
    }
    crate::loose::skip_values!(None; u64, i64, f64, bool, unit, map);
}

/// One `{loc, msg, type}` entry; `None` for anything without a `msg`.
struct IssueReader(Option<ValidationIssue>);

impl<'de> Deserialize<'de> for IssueReader {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(IssueVisitor).map(IssueReader)
    }
}

struct IssueVisitor;

impl<'de> Visitor<'de> for IssueVisitor {
    type Value = Option<ValidationIssue>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        const KEYS: &[&str] = &["loc", "msg", "type"];
        let (mut loc, mut msg, mut kind) = (Vec::new(), None, None);
        while let Some(key) = map.next_key_seed(loose::Key(KEYS))? {
            match key {
                Some(0) => loc = map.next_value::<loose::Loc>()?.0,
                Some(1) => msg = map.next_value::<loose::Text>()?.0,
                Some(2) => kind = map.next_value::<loose::Text>()?.0,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(msg.map(|msg| ValidationIssue { loc, msg, kind }))
    }
    crate::loose::skip_values!(None; str, u64, i64, f64, bool, unit, seq);
}

impl Serialize for Validation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(title) = &self.title {
            map.serialize_entry("title", title)?;
        }
        match &self.detail {
            Some(ValidationDetail::Message(message)) => map.serialize_entry("detail", message)?,
            Some(ValidationDetail::Issues(issues)) => map.serialize_entry("detail", issues)?,
            None => {}
        }
        if let Some(status) = self.status {
            map.serialize_entry("status", &status)?;
        }
        if let Some(body) = &self.echoed_request {
            map.serialize_entry("body", body)?;
        }
        map.end()
    }
}

impl Serialize for ValidationIssue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("loc", &self.loc)?;
        map.serialize_entry("msg", &self.msg)?;
        if let Some(kind) = &self.kind {
            map.serialize_entry("type", kind)?;
        }
        map.end()
    }
}

/// A key as a JSON string, an index as a JSON number.
impl Serialize for LocSegment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            LocSegment::Key(key) => serializer.serialize_str(key),
            LocSegment::Index(index) => serializer.serialize_u64(*index),
        }
    }
}

impl ErrorBody for Validation {
    /// A message `detail`, else the title.
    fn message(&self) -> Option<Cow<'_, str>> {
        match &self.detail {
            Some(ValidationDetail::Message(message)) => Some(Cow::Borrowed(message)),
            _ => self.title.as_deref().map(Cow::Borrowed),
        }
    }

    fn field_errors(&self) -> Vec<FieldError> {
        self.issues()
            .iter()
            .map(|issue| FieldError::new(issue.location(), issue.msg.clone()))
            .collect()
    }
}

/// Problem details: RFC 9457 members (`type`, `title`, `status`, `detail`,
/// `instance`) and the ones vendors add (`description`, `request_id`,
/// `timestamp`). A member of the wrong type is ignored.
///
/// ```
/// use http_api_error::body::{ErrorBody, Problem};
///
/// let body: Problem = serde_json::from_str(
///     r#"{"title": "Unauthorized", "description": "JWT invalid", "request_id": 42, "status": "401"}"#,
/// ).unwrap();
/// assert_eq!(body.message().as_deref(), Some("JWT invalid"));
/// assert_eq!(body.request_id(), Some("42"));
/// assert_eq!(body.status, Some(401));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Problem {
    /// `type`: a URI naming the kind of problem.
    pub problem_type: Option<String>,
    /// A short summary.
    pub title: Option<String>,
    /// The status the body claims.
    pub status: Option<u16>,
    /// The explanation of this occurrence.
    pub detail: Option<String>,
    /// A URI naming this occurrence.
    pub instance: Option<String>,
    /// The explanation, as some vendors name it.
    pub description: Option<String>,
    /// The request id (a string, or a number shown as text).
    pub request_id: Option<String>,
    /// When it happened, as sent.
    pub timestamp: Option<String>,
}

impl Problem {
    /// An empty body.
    #[must_use]
    pub fn new() -> Self {
        Problem::default()
    }

    /// Sets the title.
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Sets the detail.
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Sets the description.
    #[must_use]
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the request id.
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Sets the status the body claims.
    #[must_use]
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }
}

impl<'de> Deserialize<'de> for Problem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ProblemVisitor)
    }
}

struct ProblemVisitor;

impl<'de> Visitor<'de> for ProblemVisitor {
    type Value = Problem;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Problem, A::Error> {
        const KEYS: &[&str] = &[
            "type",
            "title",
            "detail",
            "instance",
            "description",
            "request_id",
            "timestamp",
            "status",
        ];
        let mut body = Problem::default();
        while let Some(key) = map.next_key_seed(loose::Key(KEYS))? {
            let slot = match key {
                Some(0) => &mut body.problem_type,
                Some(1) => &mut body.title,
                Some(2) => &mut body.detail,
                Some(3) => &mut body.instance,
                Some(4) => &mut body.description,
                Some(5) => &mut body.request_id,
                Some(6) => &mut body.timestamp,
                Some(7) => {
                    body.status = map.next_value::<loose::Code>()?.0;
                    continue;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            *slot = map.next_value::<loose::Text>()?.0;
        }
        Ok(body)
    }
}

impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        let members = [
            ("type", &self.problem_type),
            ("title", &self.title),
            ("detail", &self.detail),
            ("instance", &self.instance),
            ("description", &self.description),
            ("request_id", &self.request_id),
            ("timestamp", &self.timestamp),
        ];
        for (key, value) in members {
            if let Some(value) = value {
                map.serialize_entry(key, value)?;
            }
        }
        if let Some(status) = self.status {
            map.serialize_entry("status", &status)?;
        }
        map.end()
    }
}

impl ErrorBody for Problem {
    /// `description`, else `detail`, else `title`.
    fn message(&self) -> Option<Cow<'_, str>> {
        self.description
            .as_deref()
            .or(self.detail.as_deref())
            .or(self.title.as_deref())
            .map(Cow::Borrowed)
    }

    fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

/// Any JSON: the general message is looked up as [`FieldErrors`] does, without
/// treating other keys as fields.
impl ErrorBody for Value {
    fn message(&self) -> Option<Cow<'_, str>> {
        match self {
            Value::String(text) => Some(Cow::Borrowed(text)),
            Value::Object(map) => GENERAL_MESSAGE_KEYS
                .iter()
                .find_map(|key| loose::GeneralMessage::deserialize(map.get(*key)?).ok()?.0)
                .map(Cow::Owned),
            _ => None,
        }
    }
}

/// A body that is one JSON string: the string is the message.
impl ErrorBody for String {
    fn message(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Borrowed(self))
    }
}

/// A list of error bodies: the first message, and every field error.
impl<T: ErrorBody> ErrorBody for Vec<T> {
    fn message(&self) -> Option<Cow<'_, str>> {
        self.iter().find_map(ErrorBody::message)
    }

    fn field_errors(&self) -> Vec<FieldError> {
        self.iter().flat_map(ErrorBody::field_errors).collect()
    }

    fn request_id(&self) -> Option<&str> {
        self.iter().find_map(ErrorBody::request_id)
    }
}

impl<T: ErrorBody + ?Sized> ErrorBody for Box<T> {
    fn message(&self) -> Option<Cow<'_, str>> {
        (**self).message()
    }

    fn field_errors(&self) -> Vec<FieldError> {
        (**self).field_errors()
    }

    fn request_id(&self) -> Option<&str> {
        (**self).request_id()
    }
}
