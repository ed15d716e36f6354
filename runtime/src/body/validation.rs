//! [`Validation`]: FastAPI / pydantic validation errors, `{title, detail, status, body}`.

use std::borrow::Cow;
use std::fmt;

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::json::{Json, Object};

use super::{ErrorBody, FieldError};

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

    /// pydantic's error `type`, such as `value_error.missing`; serialised as `type`.
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

    /// A short summary: the message, unless `detail` is one.
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// `detail` as one message, as FastAPI's `HTTPException(detail=...)` sends it;
    /// it replaces any issues.
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

    /// The status the body claims; classification goes by the response's status, not
    /// this one.
    #[must_use]
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// The request as the server echoes it in `body`. It may hold secrets, so `Debug`
    /// never prints it.
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

/// Read from the parse tree, by the FastAPI dialect's rules: a member of the
/// wrong type counts as missing, an entry without a `msg` is passed over.
impl<'de> Deserialize<'de> for Validation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Json::Object(object) = Json::deserialize(deserializer)? else {
            return Err(serde::de::Error::custom("expected a JSON object"));
        };
        let detail = match object.get("detail") {
            Some(Json::String(message)) => Some(ValidationDetail::Message(message.to_string())),
            Some(Json::Array(items)) => Some(ValidationDetail::Issues(
                items
                    .iter()
                    .filter_map(Json::as_object)
                    .filter_map(issue)
                    .collect(),
            )),
            _ => None,
        };
        Ok(Validation {
            title: object
                .get("title")
                .and_then(Json::as_str)
                .map(str::to_owned),
            detail,
            status: object.get("status").and_then(status_number),
            echoed_request: object
                .get("body")
                .filter(|body| !body.is_null())
                .map(Json::to_value),
        })
    }
}

/// Some vendors send the status as a string (`"401"`).
pub(crate) fn status_number(value: &Json<'_>) -> Option<u16> {
    match value {
        Json::Number(number) => number.as_u64().and_then(|n| u16::try_from(n).ok()),
        Json::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

fn issue(entry: &Object<'_>) -> Option<ValidationIssue> {
    let msg = entry.get("msg").and_then(Json::as_str)?.to_owned();
    let loc = match entry.get("loc") {
        Some(Json::Array(steps)) => steps
            .iter()
            .filter_map(|step| match step {
                Json::String(key) => Some(LocSegment::Key(key.to_string())),
                Json::Number(index) => index.as_u64().map(LocSegment::Index),
                _ => None,
            })
            .collect(),
        Some(Json::String(key)) => vec![LocSegment::Key(key.to_string())],
        _ => Vec::new(),
    };
    let kind = match entry.get("type") {
        Some(Json::String(kind)) => Some(kind.to_string()),
        Some(Json::Number(kind)) => Some(kind.to_string()),
        _ => None,
    };
    Some(ValidationIssue { loc, msg, kind })
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
