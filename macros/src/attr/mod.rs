//! Attributes into plain structs: `#[status(...)]` on variants, `#[api(...)]` on the
//! enum, `#[body]` / `#[context]` on fields. Tokens are kept for error spans.
//!
//! Keys are read with syn's `parse_nested_meta`, and a key's mistakes are reported
//! without stopping the others, so one compile shows every mistake, not the first.

mod api;
mod openapi;
mod setter;
mod status;
mod success;
mod suggest;

use proc_macro2::{TokenStream, TokenTree};
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::{Attribute, LitInt, LitStr, MetaList, Token};

use crate::ctxt::Errors;

pub use api::ApiParser;
pub use status::parse_status;
#[cfg(feature = "openapi")]
pub use suggest::closest;

/// Codes an error enum may name: everything else reaches `other`.
pub const ERROR_CODES: std::ops::RangeInclusive<u16> = 400..=599;

pub const STATUS_FORMS: &str =
    "write a code like `#[status(404)]`, a range like `#[status(500..=599)]`, or `#[status(other)]`";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Statuses {
    Code(u16),
    Range(u16, u16),
    Other,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    Never,
    Immediately,
    Backoff,
    WhenAsked,
}

pub struct StatusAttr {
    pub statuses: Statuses,
    /// The first argument (`404`, `500..=599`, `other`), for spans.
    pub statuses_tokens: TokenStream,
    /// `code = "a" | "b"`: the vendor error codes, each with its literal.
    pub codes: Vec<(String, TokenStream)>,
    /// The `code` key, for spans.
    pub code_key: Option<syn::Ident>,
    pub retry: Option<(Retry, TokenStream)>,
    pub escalate: bool,
}

/// `rate_limit(remaining = "...", reset = "...", format = ...)`.
pub struct RateLimit {
    pub remaining: Option<String>,
    pub reset: String,
    /// The `ResetFormat` variant's name.
    pub format: &'static str,
    /// A bucket's milliseconds per request leaked (`ResetFormat::Bucket`).
    pub leak_millis: Option<u32>,
}

/// `#[api(success_error(...))]`: how a 2xx response carries an error.
pub enum SuccessRule {
    /// `pointer = "/ok", equals = false`: the value's tokens, a bool, integer or string.
    Equals { pointer: LitStr, value: syn::Lit },
    /// `dialect = graphql`: the `Dialect` variant's name.
    Dialect(&'static str),
}

/// `#[api(message = "/json/pointer", ...)]`.
#[derive(Default)]
pub struct Pointers {
    pub message: Option<LitStr>,
    pub code: Option<LitStr>,
    pub field_errors: Option<LitStr>,
    pub request_id: Option<LitStr>,
    /// The `Dialect` variant's name.
    pub dialect: Option<&'static str>,
}

/// `#[api(openapi = ...)]`: the vendor's document and the part the enum answers for.
// Without the feature only `key` is read, to say the feature is off.
#[cfg_attr(not(feature = "openapi"), allow(dead_code))]
pub struct OpenApiAttr {
    /// `openapi`, where errors about the document as a whole point.
    pub key: TokenStream,
    pub path: LitStr,
    /// Empty: every operation of the document.
    pub operations: Vec<LitStr>,
    pub tags: Vec<LitStr>,
    pub paths: Vec<LitStr>,
    /// A JSON pointer into the error body whose schema enumerates the codes.
    pub code: Option<LitStr>,
}

#[derive(Default)]
// Each bool is a flag a user writes or leaves out (`display`, `render`, ...).
#[allow(clippy::struct_excessive_bools)]
pub struct ApiAttr {
    pub vendor: Option<LitStr>,
    pub codes: Option<Vec<(u16, LitInt)>>,
    pub request_id_headers: Option<Vec<String>>,
    pub should_retry_headers: Option<Vec<String>>,
    pub code_header: Option<String>,
    pub rate_limits: Vec<RateLimit>,
    pub success_errors: Vec<SuccessRule>,
    /// A `success_error(...)` was written, parsed or not: a 2xx variant is then not
    /// reported again for want of one.
    pub success_error_written: bool,
    pub pointers: Pointers,
    pub display: bool,
    pub render: bool,
    /// Every request of the API is safe to repeat, whatever its method.
    pub idempotent: bool,
    pub openapi: Option<OpenApiAttr>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Body,
    Context,
}

impl Role {
    pub fn attribute(self) -> &'static str {
        match self {
            Role::Body => "#[body]",
            Role::Context => "#[context]",
        }
    }
}

/// Runs `key` on each key of `list` (`key`, `key = value`, `key(...)`) through
/// syn's `parse_nested_meta`, one comma-separated entry at a time: a mistake in an
/// entry, even a token that is no key, is reported and the other entries are still
/// read. `false` when something was reported.
fn each_key(
    list: &MetaList,
    errors: &mut Errors,
    mut key: impl FnMut(&ParseNestedMeta, &mut Errors) -> syn::Result<()>,
) -> bool {
    let mut clean = true;
    for entry in entries(list.tokens.clone()) {
        // Each entry keeps its comma and the list's parentheses, so that an error at
        // the end of a value points at the comma or at the `)`, as in the whole list.
        let entry = MetaList {
            tokens: entry,
            ..list.clone()
        };
        let parsed = entry.parse_nested_meta(|meta| {
            let parsed = key(&meta, errors);
            clean &= settle(meta.input, errors, parsed);
            Ok(())
        });
        if let Err(error) = parsed {
            errors.push(error);
            clean = false;
        }
    }
    clean
}

/// `tokens` cut after each top-level comma; commas inside a group stay in it.
fn entries(tokens: TokenStream) -> Vec<TokenStream> {
    let mut entries = Vec::new();
    let mut entry = TokenStream::new();
    for tree in tokens {
        let comma = matches!(&tree, TokenTree::Punct(punct) if punct.as_char() == ',');
        entry.extend([tree]);
        if comma {
            entries.push(std::mem::take(&mut entry));
        }
    }
    if !entry.is_empty() {
        entries.push(entry);
    }
    entries
}

/// Reports a key's error, or tokens after a key that parsed, and moves `input` to
/// the entry's comma. `false` when something was reported.
fn settle(input: ParseStream, errors: &mut Errors, key: syn::Result<()>) -> bool {
    match key {
        Ok(()) if input.is_empty() || input.peek(Token![,]) => return true,
        Ok(()) => {
            if let Ok(found) = input.parse::<TokenTree>() {
                errors.at(found, "expected `,` before the next key");
            }
        }
        Err(error) => errors.push(error),
    }
    while !input.peek(Token![,]) && input.parse::<TokenTree>().is_ok() {}
    false
}

/// The contents of `( ... )` read by `parse`. On an error the rest of the contents is
/// skipped: syn fails the whole attribute over tokens left in a group.
fn in_parens<T>(
    input: ParseStream,
    parse: impl FnOnce(ParseStream) -> syn::Result<T>,
) -> syn::Result<T> {
    let content;
    syn::parenthesized!(content in input);
    let parsed = parse(&content);
    if parsed.is_err() {
        while content.parse::<TokenTree>().is_ok() {}
    }
    parsed
}

/// A status code literal in `400..=599`; reports and gives `None` otherwise.
pub fn error_code(lit: &LitInt, errors: &mut Errors) -> Option<u16> {
    const INTEGER_SUFFIXES: &[&str] = &[
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
    ];
    if !lit.suffix().is_empty() && !INTEGER_SUFFIXES.contains(&lit.suffix()) {
        errors.at(
            lit,
            format_args!(
                "`{lit}` is not a status code: write three digits, as in `404`",
                lit = lit.token()
            ),
        );
        return None;
    }
    if !lit.suffix().is_empty() {
        errors.at(
            lit,
            format_args!(
                "write the status code without a suffix: `{}`",
                lit.base10_digits()
            ),
        );
        return None;
    }
    let code = lit.base10_parse::<u64>().ok();
    match code.and_then(|code| u16::try_from(code).ok()) {
        Some(code) if ERROR_CODES.contains(&code) => Some(code),
        _ => {
            errors.at(
                lit,
                format_args!(
                    "status code {} is outside 400..=599: an error enum declares 4xx and 5xx codes, \
                     and every other status reaches the `#[status(other)]` variant",
                    lit.base10_digits()
                ),
            );
            None
        }
    }
}

/// The role a field's attributes give it. Misplaced `#[status]` / `#[api]` and
/// arguments on `#[body]` / `#[context]` are reported.
pub fn field_role(attrs: &[Attribute], errors: &mut Errors) -> Option<Role> {
    let mut role: Option<(Role, &Attribute)> = None;
    for attr in attrs {
        let this = if attr.path().is_ident("body") {
            Role::Body
        } else if attr.path().is_ident("context") {
            Role::Context
        } else {
            if attr.path().is_ident("status") {
                errors.at(
                    attr,
                    "`#[status(...)]` belongs on the variant, not on a field; \
                     mark fields `#[body]` or `#[context]`",
                );
            } else if attr.path().is_ident("api") {
                errors.at(attr, "`#[api(...)]` belongs on the enum, not on a field");
            }
            continue;
        };
        if attr.meta.require_path_only().is_err() {
            errors.at(
                &attr.meta,
                format_args!("`{}` takes no arguments", this.attribute()),
            );
        }
        match role {
            Some((first, first_attr)) if first == this => errors.conflict(
                attr,
                format_args!("duplicate `{}` on this field", this.attribute()),
                first_attr,
                "first given here",
            ),
            Some((first, first_attr)) => errors.conflict(
                attr,
                format_args!(
                    "a field has one role: `{}` or `{}`, not both",
                    first.attribute(),
                    this.attribute()
                ),
                first_attr,
                "the other role is given here",
            ),
            None => role = Some((this, attr)),
        }
    }
    role.map(|(role, _)| role)
}
