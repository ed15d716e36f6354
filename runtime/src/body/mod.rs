//! Error bodies: the one [`Reading`] of any body by its [`Dialect`];
//! [`ErrorBody`], the optional view a body type gives of itself; and ready-made
//! body types, typed views of the same rules.
//!
//! A `#[body]` may be any `serde::Deserialize` type. `message()`, `code()`,
//! `field_errors()` and `request_id()` answer from its [`ErrorBody`] impl when it
//! has one and that answers, and otherwise from the body's [`Reading`].
//!
//! The ready-made types are tolerant: unknown members are ignored, a member of the
//! wrong type or `null` counts as missing, ids and codes may be strings or numbers,
//! and when a key appears twice the last one wins (as in `serde_json::Value`).

use std::borrow::Cow;

pub(crate) mod decode;
mod dialects;
mod field_errors;
mod json;
mod pointer;
mod problem;
mod reading;
mod success;
mod text;

pub(crate) use text::trimmed;
mod validation;
#[cfg(feature = "xml")]
mod xml;

pub use decode::{decode_body, BodyError};
pub use field_errors::FieldErrors;
pub use pointer::is_json_pointer;
pub use problem::Problem;
pub use reading::{normalise_code, Dialect, Pointers, Reading};
pub(crate) use success::carries_error;
#[doc(hidden)]
pub use success::{Scalar, SuccessError};
pub use text::{MAX_FIELD_ERRORS, MAX_MESSAGE_BYTES, MAX_TEXT_BYTES};
pub use validation::{LocSegment, Validation, ValidationDetail, ValidationIssue};

/// What a body type says about itself, when it knows better than the [reading](Reading).
///
/// Optional: a `#[body]` needs only `serde::Deserialize`. Implement this to answer
/// from typed fields; a method that returns `None` (or no field errors) leaves the
/// answer to the [reading](Reading) over the raw bytes.
///
/// ```
/// use std::borrow::Cow;
/// use http_api_error::body::ErrorBody;
///
/// #[derive(serde::Deserialize)]
/// struct AcmeBody {
///     reason: String,
/// }
///
/// impl ErrorBody for AcmeBody {
///     fn message(&self) -> Option<Cow<'_, str>> {
///         Some(Cow::Borrowed(&self.reason))
///     }
/// }
/// ```
pub trait ErrorBody {
    /// The body's general message for people.
    fn message(&self) -> Option<Cow<'_, str>> {
        None
    }

    /// The vendor's machine-readable error code, such as `insufficient_quota`.
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use http_api_error::body::ErrorBody;
    /// use http_api_error::http::{HeaderMap, StatusCode};
    /// use http_api_error::{ApiError, Context};
    ///
    /// #[derive(Debug, serde::Deserialize)]
    /// struct Fault {
    ///     fault_id: u32,
    /// }
    ///
    /// impl ErrorBody for Fault {
    ///     fn code(&self) -> Option<Cow<'_, str>> {
    ///         Some(Cow::Owned(format!("F{}", self.fault_id)))
    ///     }
    /// }
    ///
    /// #[derive(Debug, ApiError)]
    /// enum Acme {
    ///     #[status(other)]
    ///     Any(#[body] Option<Fault>, #[context] Context),
    /// }
    ///
    /// let error = Acme::from_parts(StatusCode::CONFLICT, &HeaderMap::new(), br#"{"fault_id": 7}"#);
    /// assert_eq!(error.code().as_deref(), Some("F7"));
    /// ```
    fn code(&self) -> Option<Cow<'_, str>> {
        None
    }

    /// Errors about single fields of the request; an empty list leaves them to the
    /// reading.
    ///
    /// ```
    /// use http_api_error::body::{ErrorBody, FieldError};
    ///
    /// struct Rejected {
    ///     fields: Vec<(String, String)>,
    /// }
    ///
    /// impl ErrorBody for Rejected {
    ///     fn field_errors(&self) -> Vec<FieldError> {
    ///         self.fields.iter().map(|(field, why)| FieldError::new(field.as_str(), why.as_str())).collect()
    ///     }
    /// }
    ///
    /// let body = Rejected { fields: vec![("email".into(), "is taken".into())] };
    /// assert_eq!(body.field_errors(), vec![FieldError::new("email", "is taken")]);
    /// ```
    fn field_errors(&self) -> Vec<FieldError> {
        Vec::new()
    }

    /// The request id, when the body carries one.
    ///
    /// ```
    /// use http_api_error::body::{ErrorBody, Problem};
    ///
    /// let body: Problem = serde_json::from_str(r#"{"title": "Oops", "request_id": "r-1"}"#).unwrap();
    /// assert_eq!(body.request_id(), Some("r-1"));
    /// ```
    fn request_id(&self) -> Option<&str> {
        None
    }
}

/// One field's error: the field (a location path joined with `.`) and the message.
///
/// ```
/// use http_api_error::body::FieldError;
///
/// let error = FieldError::new("lines.1.sku", "This field is required.");
/// assert_eq!(error.field, "lines.1.sku");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldError {
    /// The field id or location, such as `title` or `body.orders.0.quantity`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl FieldError {
    /// For [`ErrorBody::field_errors`] impls, which build their own.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
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

    fn code(&self) -> Option<Cow<'_, str>> {
        self.iter().find_map(ErrorBody::code)
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

    fn code(&self) -> Option<Cow<'_, str>> {
        (**self).code()
    }

    fn field_errors(&self) -> Vec<FieldError> {
        (**self).field_errors()
    }

    fn request_id(&self) -> Option<&str> {
        (**self).request_id()
    }
}
