//! [`FieldErrors`]: field ids mapped to messages, with a general message beside them.

use std::borrow::Cow;

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::json::Json;
use super::{ErrorBody, FieldError};

/// An error body's general message and field errors, typed: what a
/// [`Reading`](super::Reading) of the same JSON finds, in any dialect. Made for
/// field maps (Django REST framework, Rails, SmartSuite): an object of field ids
/// mapped to lists of messages, beside a general `message`.
///
/// Nested objects are flattened with `.` (`{"address": {"city": ["required"]}}`
/// is field `address.city`); `null` and empty lists are no error. A JSON string,
/// or a list of strings, is the general message.
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

impl FieldErrors {
    /// An empty body.
    #[must_use]
    pub fn new() -> Self {
        FieldErrors::default()
    }

    /// The message about no single field; serialised as `message`.
    #[must_use]
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// One more message for `field`: a field may have several, serialised as one list
    /// under its key.
    #[must_use]
    pub fn with_field(mut self, field: impl Into<String>, message: impl Into<String>) -> Self {
        let error = FieldError::new(field, message);
        // After any messages the field already has, so the fields stay in key order.
        let at = self.fields.partition_point(|e| e.field <= error.field);
        self.fields.insert(at, error);
        self
    }

    /// The message about no single field, as [`ErrorBody::message`] gives it.
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

/// The message and field errors a [`Reading`](super::Reading) of the same JSON
/// finds: one set of rules for the type and for any body.
impl<'de> Deserialize<'de> for FieldErrors {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = Json::deserialize(deserializer)?;
        let reading = super::Reading::of_tree(&json, 0, &super::Pointers::NONE);
        let mut fields = reading.field_errors;
        fields.sort_by(|a, b| a.field.cmp(&b.field));
        Ok(FieldErrors {
            message: reading.message,
            fields,
        })
    }
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
