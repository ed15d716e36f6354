//! [`Problem`]: RFC 9457 problem details and the members vendors add to them.

use std::borrow::Cow;

use super::json::Json;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

    /// A short summary of the problem type, the same for every occurrence (RFC 9457
    /// §3.1.3).
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// An explanation of this occurrence (RFC 9457 §3.1.4), read as the message
    /// before `description` and `title`.
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// The explanation under the name some vendors use instead of `detail`; read as
    /// the message when there is no `detail`.
    #[must_use]
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The id a client quotes to the vendor's support;
    /// [`ApiError::request_id`](crate::ApiError::request_id) gives it when no header
    /// does.
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// The status the body claims (RFC 9457 §3.1.2); classification goes by the
    /// response's status, not this one.
    #[must_use]
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }
}

/// Read from the parse tree: a member of the wrong type counts as missing; a
/// numeric request id is kept as text.
impl<'de> Deserialize<'de> for Problem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Json::Object(object) = Json::deserialize(deserializer)? else {
            return Err(serde::de::Error::custom("expected a JSON object"));
        };
        let text = |key: &str| match object.get(key)? {
            Json::String(text) => Some(text.clone().into_owned()),
            Json::Number(number) => Some(number.to_string()),
            _ => None,
        };
        Ok(Problem {
            problem_type: text("type"),
            title: text("title"),
            status: object
                .get("status")
                .and_then(super::validation::status_number),
            detail: text("detail"),
            instance: text("instance"),
            description: text("description"),
            request_id: text("request_id"),
            timestamp: text("timestamp"),
        })
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
    /// `detail`, else `description`, else `title`, as the problem dialect reads them.
    fn message(&self) -> Option<Cow<'_, str>> {
        super::dialects::problem::message(
            self.detail.as_deref(),
            self.description.as_deref(),
            self.title.as_deref(),
            self.status,
        )
        .map(Cow::Borrowed)
    }

    /// The `type`, unless it is `about:blank`.
    fn code(&self) -> Option<Cow<'_, str>> {
        super::dialects::problem::code(self.problem_type.as_deref()).map(Cow::Owned)
    }

    fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}
