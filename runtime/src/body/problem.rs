//! [`Problem`]: RFC 9457 problem details and the members vendors add to them.

use std::borrow::Cow;
use std::fmt;

use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::loose;
use super::ErrorBody;

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
