//! [`FieldErrors`]: field ids mapped to messages, with a general message beside them.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::loose;
use super::{ErrorBody, FieldError};

/// A JSON object of field ids mapped to a message or a list of messages, with a
/// general message under `message`, `detail` or `error` (first found wins). A
/// body that is a list of strings is the general message.
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
                index: None,
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

    /// A list of strings (DRF's `raise ValidationError("...")`) is the general message.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<FieldErrors, A::Error> {
        Ok(FieldErrors {
            message: loose::joined_texts(seq)?,
            fields: Vec::new(),
        })
    }

    loose::skip_values!(FieldErrors::default(); u64, i64, f64, bool, unit);
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
