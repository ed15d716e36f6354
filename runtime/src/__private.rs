//! Support for generated code; not part of the API.

pub use core;
pub use http;
pub use serde;
pub use serde_json;

use core::fmt;
use std::borrow::Cow;

use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

pub use crate::advice::{RateLimitHeaders, Rules};
use crate::api_error::Tables;
use crate::body::{
    decode, normalise_code, BodyError, ErrorBody, FieldError, FieldErrors, Problem, Reading,
    Validation,
};
use crate::classify::Classified;
use crate::response::Wanted;
use crate::{ApiError, Context, Declaration, Retry, Statuses};

/// What the derive generates for an enum, apart from [`ApiError::from_parts`]:
/// the plumbing [`ApiError`]'s methods read through. Not for hand-written impls.
pub trait Derived {
    /// One declaration per variant, in the order the variants are written.
    const DECLARATIONS: &'static [Declaration];
    /// `#[api(vendor = "...")]`.
    const VENDOR: Option<&'static str> = None;
    /// What `#[api(...)]` says about where the API puts things.
    const RULES: Rules = Rules::DEFAULT;
    /// The variant's declaration index, context and decoded body.
    fn held(&self) -> Held<'_>;
    /// The variant's context, for an integration to amend (a body cut at a cap).
    fn context_mut(&mut self) -> Option<&mut Context>;
}

/// What one variant holds, as [`Derived::held`] reports it.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct Held<'a> {
    /// The variant's index in [`Derived::DECLARATIONS`].
    pub index: usize,
    pub context: Option<&'a Context>,
    /// `None` when the variant has no body, its `Option<T>` body did not decode, or
    /// its body type does not implement [`ErrorBody`].
    pub body: Option<&'a dyn ErrorBody>,
}

impl<'a> Held<'a> {
    #[must_use]
    #[inline]
    pub fn new(
        index: usize,
        context: Option<&'a Context>,
        body: Option<&'a dyn ErrorBody>,
    ) -> Self {
        Held {
            index,
            context,
            body,
        }
    }
}

/// What the accessors read, in one place for every enum: the typed body's
/// [`ErrorBody`] first, then the context's one reading of the body (a request-id
/// header beats both).
impl<'a> Held<'a> {
    pub(crate) fn message(self) -> Option<Cow<'a, str>> {
        self.body.and_then(ErrorBody::message).or_else(|| {
            let reading = self.context?.reading();
            reading.message.as_deref().map(Cow::Borrowed)
        })
    }

    /// Borrowed from the reading where the body type has none of its own, so
    /// that `Display` copies nothing.
    pub(crate) fn field_errors(self) -> Cow<'a, [FieldError]> {
        let typed = self.body.map(ErrorBody::field_errors).unwrap_or_default();
        if !typed.is_empty() {
            return Cow::Owned(typed);
        }
        self.context.map_or(Cow::Borrowed(&[][..]), |context| {
            Cow::Borrowed(&context.reading().field_errors[..])
        })
    }

    pub(crate) fn request_id(self) -> Option<&'a str> {
        let context = self.context;
        context
            .and_then(Context::request_id)
            .or_else(|| self.body.and_then(ErrorBody::request_id))
            .or_else(|| context?.reading().request_id.as_deref())
    }
}

impl core::fmt::Debug for Held<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Held")
            .field("index", &self.index)
            .field("context", &self.context)
            .field("body", &self.body.map(|_| ".."))
            .finish()
    }
}

/// The filter of the header names `E`'s rules read, computed at compile time.
trait HeaderMask {
    const MASK: u64;
}

impl<E: ApiError> HeaderMask for E {
    const MASK: u64 = E::RULES.header_mask();
}

/// A declaration as the derive writes it: the statuses, then what the attribute
/// adds, in a `const` (`Row::code("NotFound", 404).retry(Retry::Never).0`).
pub struct Row(pub Declaration);

impl Row {
    const fn new(variant: &'static str, statuses: Statuses) -> Row {
        Row(Declaration {
            variant,
            statuses,
            codes: &[],
            retry: None,
            when_asked: false,
            escalate: false,
        })
    }

    #[must_use]
    pub const fn code(variant: &'static str, code: u16) -> Row {
        Row::new(variant, Statuses::Code(code))
    }

    #[must_use]
    pub const fn range(variant: &'static str, lo: u16, hi: u16) -> Row {
        Row::new(variant, Statuses::Range(lo, hi))
    }

    #[must_use]
    pub const fn other(variant: &'static str) -> Row {
        Row::new(variant, Statuses::Other)
    }

    #[must_use]
    pub const fn retry(mut self, retry: Retry) -> Row {
        self.0.retry = Some(retry);
        self
    }

    /// Never retried, whatever `retry` said.
    #[must_use]
    pub const fn escalate(mut self) -> Row {
        self.0.retry = Some(Retry::Never);
        self.0.escalate = true;
        self
    }

    #[must_use]
    pub const fn codes(mut self, codes: &'static [&'static str]) -> Row {
        self.0.codes = codes;
        self
    }

    /// Never retried unless the response gives a delay.
    #[must_use]
    pub const fn when_asked(mut self) -> Row {
        self.0.retry = Some(Retry::Never);
        self.0.when_asked = true;
        self
    }
}

#[inline]
pub fn note_error(context: &mut Context, error: BodyError) {
    context.set_body_error(error);
}

/// Records in `context` the declaration `E` classified a response in its
/// catch-all under: `index`, or where that is `usize::MAX`, the status's.
#[inline]
pub fn record_declaration<E: Derived>(context: &mut Context, index: usize) {
    let index = match index {
        usize::MAX => match <E as Tables>::TABLE.index(context.status()) {
            Some(index) => index,
            None => return,
        },
        index => index,
    };
    context.set_classified(Classified::new(E::DECLARATIONS, index));
}

#[must_use]
#[inline]
pub fn capture<E: ApiError>(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Context {
    let mut context = capture_by(status, headers, body, &E::RULES, <E as HeaderMask>::MASK);
    context.set_pointers(|| E::RULES.pointers);
    context
}

/// [`capture`] for every enum, compiled once.
fn capture_by(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    rules: &Rules,
    mask: u64,
) -> Context {
    let wanted = Wanted {
        request_id: rules.request_id_headers,
        mask,
        keeps: &|name: &str| rules.names(name),
    };
    Context::capture_wanted(status, headers, body, &wanted)
}

/// The error code that chooses among a status's code variants: the declared code
/// header, else the body's reading. A context captured by an enum that reads the
/// code elsewhere (moved into this one's catch-all) is read again by `E`'s rules.
pub fn code<E: ApiError>(context: &Context) -> Option<Cow<'_, str>> {
    if let Some(code) = header_code::<E>(context) {
        return Some(Cow::Borrowed(code));
    }
    if context.pointers() != E::RULES.pointers {
        let status = context.status().as_u16();
        return Reading::of(context.raw_body(), status, &E::RULES.pointers)
            .code
            .map(Cow::Owned);
    }
    context.reading().code.as_deref().map(Cow::Borrowed)
}

/// The error code from the declared code header, normalised as AWS's codes are.
pub fn header_code<E: ApiError>(context: &Context) -> Option<&str> {
    context
        .header(E::RULES.code_header?)
        .find_map(normalise_code)
}

/// The body `context` captured decoded into `T`, and the error code [`code`]
/// finds: the body is parsed once, for both.
pub fn decode_with_code<T: DeserializeOwned, E: ApiError>(
    context: &Context,
) -> (Result<T, BodyError>, Option<Cow<'_, str>>) {
    let decoded = decode_captured(context.raw_body(), context);
    (decoded, code::<E>(context))
}

/// Decodes the body `context` captured, reusing its verdict on whether the bytes
/// can be JSON at all. The body is parsed once, into a tree that both `T` and
/// the context's [`Reading`] are read from; `T` is decoded from the text only when
/// it cannot be from the tree (then for serde_json's error with its position),
/// or when the body was read before.
pub fn decode_captured<T: DeserializeOwned>(
    body: &[u8],
    context: &Context,
) -> Result<T, BodyError> {
    if let Some(error) = context.body_error() {
        return Err(error.clone());
    }
    if context.is_read() {
        return decode::decode_sniffed(body);
    }
    match decode::tree(body) {
        Ok(json) => {
            let decoded = decode::typed(&json, body).or_else(|_| decode::decode_sniffed(body));
            let status = context.status().as_u16();
            context.keep_reading(|pointers| Reading::of_tree(&json, status, pointers));
            decoded
        }
        Err(_) => {
            context.keep_reading(|_| Reading::of_text(body));
            decode::decode_sniffed(body)
        }
    }
}

#[inline]
pub fn decode_into<T: DeserializeOwned>(body: &[u8], context: &mut Context) -> Option<T> {
    noted(decode_captured::<T>(body, context), context)
}

#[inline]
pub fn noted<T>(decoded: Result<T, BodyError>, context: &mut Context) -> Option<T> {
    match decoded {
        Ok(decoded) => Some(decoded),
        Err(error) => {
            context.set_body_error(error);
            None
        }
    }
}

/// A body field, seen through [`ErrorBody`] when its type implements it and as
/// nothing otherwise. Generated code calls `(&View(body)).error_body()` with both
/// traits below in scope: method lookup takes [`ViaErrorBody`] when the bound holds
/// and falls back to [`ViaReading`] one auto-reference later.
pub struct View<'a, T: ?Sized>(pub &'a T);

/// The [`View`] of a body type that implements [`ErrorBody`].
pub trait ViaErrorBody<'a> {
    /// The body as an [`ErrorBody`].
    fn error_body(&self) -> Option<&'a dyn ErrorBody>;
}

impl<'a, T: ErrorBody + 'a> ViaErrorBody<'a> for View<'a, T> {
    #[inline]
    fn error_body(&self) -> Option<&'a dyn ErrorBody> {
        Some(self.0)
    }
}

/// The [`View`] of any other body type: the context's [`Reading`] answers for it.
pub trait ViaReading<'a> {
    /// Nothing: the reading of the raw body answers instead.
    fn error_body(&self) -> Option<&'a dyn ErrorBody>;
}

impl<'a, T: ?Sized> ViaReading<'a> for &View<'a, T> {
    #[inline]
    fn error_body(&self) -> Option<&'a dyn ErrorBody> {
        None
    }
}

/// The [`View`] of an `Option<T>` body: through [`ErrorBody`] when `T` implements it
/// and the body is there.
pub struct ViewOption<'a, T>(pub &'a Option<T>);

impl<'a, T: ErrorBody + 'a> ViaErrorBody<'a> for ViewOption<'a, T> {
    #[inline]
    fn error_body(&self) -> Option<&'a dyn ErrorBody> {
        match self.0 {
            Some(body) => Some(body),
            None => None,
        }
    }
}

impl<'a, T> ViaReading<'a> for &ViewOption<'a, T> {
    #[inline]
    fn error_body(&self) -> Option<&'a dyn ErrorBody> {
        None
    }
}

/// What `RenderResponse::body_json` gives.
type BodyJson = Option<Result<Vec<u8>, serde_json::Error>>;

/// `RenderResponse::body_json` of one body type.
type Encode<T> = fn(&T) -> BodyJson;

/// `RenderResponse::body_json` of a `#[body] T` field.
pub fn body_json<T: serde::Serialize>(body: &T) -> BodyJson {
    Some(serde_json::to_vec(body))
}

/// `RenderResponse::body_json` of a `#[body] Option<T>` field.
pub fn optional_body_json<T: serde::Serialize>(body: &Option<T>) -> BodyJson {
    body.as_ref().map(serde_json::to_vec)
}

/// Instantiates decoding for the runtime's own body types here, once: debug
/// builds of user crates then share these copies instead of generating their own.
/// (`decode_into` instantiates `decode_captured` for the same types.)
pub static SHARED_DECODERS: [fn(&[u8], &mut Context) -> bool; 7] = [
    |body, context| decode_into::<crate::body::FieldErrors>(body, context).is_some(),
    |body, context| decode_into::<crate::body::Validation>(body, context).is_some(),
    |body, context| decode_into::<crate::body::Problem>(body, context).is_some(),
    |body, context| decode_into::<serde_json::Value>(body, context).is_some(),
    |body, _| crate::body::decode_body::<crate::body::FieldErrors>(body).is_ok(),
    |body, _| crate::body::decode_body::<crate::body::Validation>(body).is_ok(),
    |body, _| crate::body::decode_body::<crate::body::Problem>(body).is_ok(),
];

/// Instantiates serialising the runtime's own body types here, once, for
/// `RenderResponse` (see [`SHARED_DECODERS`]).
#[allow(clippy::type_complexity)] // one function pointer per body type is the point
pub static SHARED_ENCODERS: (
    Encode<FieldErrors>,
    Encode<Validation>,
    Encode<Problem>,
    Encode<Option<FieldErrors>>,
    Encode<Option<Validation>>,
    Encode<Option<Problem>>,
) = (
    body_json,
    body_json,
    body_json,
    optional_body_json,
    optional_body_json,
    optional_body_json,
);

/// `Display` for enums with `#[api(display)]`.
#[inline]
pub fn display<E: ApiError>(error: &E, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let held = error.held();
    let status = crate::api_error::status_in::<E>(held);
    crate::display::write_error(f, E::VENDOR, status, held)
}
