//! Support for generated code; not part of the API.

pub use core;
pub use http;
pub use serde;
pub use serde_json;

use core::fmt;
use std::borrow::Cow;

use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::advice::{fingerprint, search_coded, search_row, StatusTable, SEARCHED_ROWS};
use crate::body::{
    decode, normalise_code, BodyError, ErrorBody, FieldErrors, Pointers, Problem, Reading,
    Validation,
};
use crate::response::Wanted;
use crate::{ApiError, Context, Declaration, Parts, Rules};

/// The filter of the header names `E`'s rules read, computed at compile time.
trait HeaderMask {
    const MASK: u64;
}

impl<E: ApiError> HeaderMask for E {
    const MASK: u64 = E::RULES.header_mask();
}

/// Which declaration each status falls under, computed at compile time.
trait Table {
    /// A reference, so that a lookup reads the table in place instead of copying it.
    const TABLE: &'static StatusTable;
    /// What a recorded row is a row of.
    const FINGERPRINT: u64;
}

impl<E: ApiError> Table for E {
    const TABLE: &'static StatusTable = &StatusTable::of(E::DECLARATIONS);
    const FINGERPRINT: u64 = fingerprint(
        E::DECLARATIONS,
        &[E::RULES.code_header, E::RULES.pointers.code],
    );
}

/// Records in `context` the row of `E::DECLARATIONS` a response put in the
/// catch-all fell under (`usize::MAX` when that is left to be looked up).
#[inline]
pub fn record_row<E: ApiError>(context: &mut Context, row: usize) {
    context.__set_row(row, <E as Table>::FINGERPRINT);
}

/// The row [`record_row`] recorded in `context` for `E`, if any.
#[inline]
pub(crate) fn recorded_row<E: ApiError>(context: &Context) -> Option<usize> {
    context.row_in(<E as Table>::FINGERPRINT)
}

/// The declaration of a table without a catch-all, for statuses it leaves out.
static UNDECLARED: Declaration = Declaration::__other("");

/// [`ApiError::declaration_of`]: the row of `E::DECLARATIONS` for `status` by
/// status alone. A short table is searched (unrolled into comparisons, with no
/// load from memory); a long one is looked up in a table built at compile time.
#[inline]
pub fn declaration_of<E: ApiError>(status: StatusCode) -> &'static Declaration {
    let found = if E::DECLARATIONS.len() <= SEARCHED_ROWS {
        search_row(E::DECLARATIONS, status)
    } else {
        <E as Table>::TABLE
            .row(status)
            .and_then(|row| E::DECLARATIONS.get(row))
    };
    found.unwrap_or(&UNDECLARED)
}

/// The context of a response, keeping what `E`'s rules name.
#[must_use]
#[inline]
pub fn capture<E: ApiError>(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Context {
    capture_by(status, headers, body, &E::RULES, <E as HeaderMask>::MASK)
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
/// header, else the body by `E`'s pointers and the conventions. A body not read
/// yet is parsed for its code alone.
pub fn code<E: ApiError>(context: &Context) -> Option<Cow<'_, str>> {
    match header_code::<E>(context) {
        Some(code) => Some(Cow::Borrowed(code)),
        None => code_in_body(context, &E::RULES.pointers),
    }
}

/// The error code from the declared code header, normalised.
pub fn header_code<E: ApiError>(context: &Context) -> Option<&str> {
    code_in_header(context, &E::RULES)
}

fn code_in_header<'c>(context: &'c Context, rules: &Rules) -> Option<&'c str> {
    context.header(rules.code_header?).find_map(normalise_code)
}

/// [`code`]'s answer from the body: the reading's when the body was read, else a
/// parse of the body for its code alone.
fn code_in_body<'c>(context: &'c Context, pointers: &Pointers) -> Option<Cow<'c, str>> {
    if context.__is_read() {
        return context.reading(pointers).code.as_deref().map(Cow::Borrowed);
    }
    Reading::code_of(context.raw_body(), context.status().as_u16(), pointers).map(Cow::Owned)
}

/// The body `context` captured decoded into `T`, and the error code [`code`]
/// finds under `rules`: in one pass over the body, when the code is read from a
/// body not read yet.
pub fn decode_with_code<'c, T: DeserializeOwned>(
    context: &'c Context,
    rules: &Rules,
) -> (Result<T, BodyError>, Option<Cow<'c, str>>) {
    let body = context.raw_body();
    if let Some(code) = code_in_header(context, rules) {
        return (decode_captured(body, context), Some(Cow::Borrowed(code)));
    }
    if context.body_error().is_some() || context.__is_read() {
        return (
            decode_captured(body, context),
            code_in_body(context, &rules.pointers),
        );
    }
    let (decoded, code) =
        Reading::decode_with_code(body, context.status().as_u16(), &rules.pointers);
    (decoded, code.map(Cow::Owned))
}

/// Whether some variant of `E` is chosen by `status` and an error code.
#[inline]
pub fn has_code_variants<E: ApiError>(status: StatusCode) -> bool {
    if E::DECLARATIONS.len() <= SEARCHED_ROWS {
        search_coded(E::DECLARATIONS, status)
    } else {
        <E as Table>::TABLE.has_code_variants(status)
    }
}

/// Decodes the body `context` captured, reusing its verdict on whether the
/// bytes can be JSON at all.
pub fn decode_captured<T: DeserializeOwned>(
    body: &[u8],
    context: &Context,
) -> Result<T, BodyError> {
    match context.body_error() {
        Some(error) => Err(error.clone()),
        None => decode::decode_sniffed(body),
    }
}

/// Decodes an `Option<T>` body, noting a failure in `context`.
#[inline]
pub fn decode_into<T: DeserializeOwned>(body: &[u8], context: &mut Context) -> Option<T> {
    noted(decode_captured::<T>(body, context), context)
}

/// An `Option<T>` body from a decode's result, noting a failure in `context`.
#[inline]
pub fn noted<T>(decoded: Result<T, BodyError>, context: &mut Context) -> Option<T> {
    match decoded {
        Ok(decoded) => Some(decoded),
        Err(error) => {
            context.__set_body_error(error);
            None
        }
    }
}

/// A body field, seen through [`ErrorBody`] when its type implements it and as
/// nothing otherwise. Generated code calls `(&View(body)).error_body()` with both
/// traits below in scope: method lookup takes [`ViaErrorBody`] when the bound holds
/// and falls back to [`ViaConventions`] one auto-reference later.
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

/// The [`View`] of any other body type: the conventions answer for it.
pub trait ViaConventions<'a> {
    /// Nothing: the conventions read the raw body instead.
    fn error_body(&self) -> Option<&'a dyn ErrorBody>;
}

impl<'a, T: ?Sized> ViaConventions<'a> for &View<'a, T> {
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

impl<'a, T> ViaConventions<'a> for &ViewOption<'a, T> {
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
    |body, _| crate::decode_body::<crate::body::FieldErrors>(body).is_ok(),
    |body, _| crate::decode_body::<crate::body::Validation>(body).is_ok(),
    |body, _| crate::decode_body::<crate::body::Problem>(body).is_ok(),
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

/// How many field errors `Display` shows when a body has no general message.
const FIELD_ERRORS_SHOWN: usize = 3;

/// `Display` for enums with `#[api(display)]`: vendor, status and message; without
/// a message, the first field errors.
#[inline]
pub fn display<E: ApiError>(error: &E, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let parts = error.parts();
    let status = crate::status_in::<E>(parts);
    write_error(f, E::VENDOR, status, parts, &E::RULES.pointers)
}

/// [`display`] for every enum, compiled once.
fn write_error(
    f: &mut fmt::Formatter<'_>,
    vendor: Option<&str>,
    status: StatusCode,
    parts: Parts<'_>,
    pointers: &Pointers,
) -> fmt::Result {
    if let Some(vendor) = vendor {
        write!(f, "{vendor} ")?;
    }
    write!(f, "API error {}", status.as_u16())?;
    if let Some(reason) = status.canonical_reason() {
        write!(f, " {reason}")?;
    }
    if let Some(message) = parts.message(pointers) {
        return write!(f, ": {message}");
    }
    let fields = parts.field_errors(pointers);
    for (i, field) in fields.iter().take(FIELD_ERRORS_SHOWN).enumerate() {
        let sep = if i == 0 { ": " } else { "; " };
        write!(f, "{sep}{}: {}", field.field, field.message)?;
    }
    if fields.len() > FIELD_ERRORS_SHOWN {
        write!(f, " (and {} more)", fields.len() - FIELD_ERRORS_SHOWN)?;
    }
    Ok(())
}
