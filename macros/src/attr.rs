//! Attributes into plain structs: `#[status(...)]` on variants, `#[api(...)]` on the
//! enum, `#[body]` / `#[context]` on fields. Tokens are kept for error spans.

use proc_macro2::{TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::{Attribute, Ident, LitInt, LitStr, Meta, Token};

use crate::ctxt::Errors;
use crate::shared_rules::{code_without_namespace, is_header_name, is_json_pointer};

/// Codes an error enum may name: everything else reaches `other`.
pub const ERROR_CODES: std::ops::RangeInclusive<u16> = 400..=599;

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
    pub code_key: Option<Ident>,
    pub retry: Option<(Retry, TokenStream)>,
    pub escalate: bool,
}

/// `rate_limit(remaining = "...", reset = "...", format = ...)`.
pub struct RateLimit {
    pub remaining: Option<String>,
    pub reset: String,
    /// The `ResetFormat` variant's name.
    pub format: &'static str,
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

/// The dialects of `dialect = ...`, with their `Dialect` variant.
const DIALECTS: &[(&str, &str)] = &[
    ("problem", "Problem"),
    ("json_api", "JsonApi"),
    ("graphql", "GraphQl"),
    ("google", "Google"),
    ("error_object", "ErrorObject"),
    ("oauth", "OAuth"),
    ("aws", "Aws"),
    ("fastapi", "FastApi"),
    ("spring", "Spring"),
    ("nest", "Nest"),
    ("litestar", "Litestar"),
    ("field_map", "FieldMap"),
    ("generic", "Generic"),
];

#[derive(Default)]
pub struct ApiAttr {
    pub vendor: Option<LitStr>,
    pub codes: Option<Vec<(u16, LitInt)>>,
    pub request_id_headers: Option<Vec<String>>,
    pub should_retry_headers: Option<Vec<String>>,
    pub code_header: Option<String>,
    pub rate_limits: Vec<RateLimit>,
    pub pointers: Pointers,
    pub display: bool,
    pub render: bool,
}

/// The reset formats of `rate_limit(format = ...)`, with their `ResetFormat` variant.
const RESET_FORMATS: &[(&str, &str)] = &[
    ("epoch_seconds", "EpochSeconds"),
    ("epoch_millis", "EpochMillis"),
    ("delta_seconds", "DeltaSeconds"),
    ("delta_millis", "DeltaMillis"),
    ("duration", "Duration"),
    ("rfc3339", "Rfc3339"),
    ("http_date", "HttpDate"),
];

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

pub const STATUS_FORMS: &str =
    "write a code like `#[status(404)]`, a range like `#[status(500..=599)]`, or `#[status(other)]`";

/// Parses one `#[status(...)]`; `None` when it is too broken to use.
pub fn parse_status(attr: &Attribute, errors: &mut Errors) -> Option<StatusAttr> {
    let list = match &attr.meta {
        Meta::List(list) if !list.tokens.is_empty() => list,
        Meta::List(_) | Meta::Path(_) => {
            errors.at(
                attr,
                format_args!("`#[status]` needs a status: {STATUS_FORMS}"),
            );
            return None;
        }
        Meta::NameValue(name_value) => {
            errors.at(
                name_value,
                format_args!("`#[status = ...]` is not the form: {STATUS_FORMS}"),
            );
            return None;
        }
    };
    let parser = |input: ParseStream| parse_status_args(input, errors);
    match parser.parse2(list.tokens.clone()) {
        Ok(status) => status,
        Err(error) => {
            errors.push(error);
            None
        }
    }
}

fn parse_status_args(input: ParseStream, errors: &mut Errors) -> syn::Result<Option<StatusAttr>> {
    let (statuses, statuses_tokens) = parse_statuses(input, errors)?;
    let mut retry: Option<(Retry, TokenStream)> = None;
    let mut escalate: Option<Ident> = None;
    let mut codes: Option<(Ident, Vec<(String, TokenStream)>)> = None;
    if !input.is_empty() && !input.peek(Token![,]) {
        let found: TokenTree = input.parse()?;
        return Err(syn::Error::new_spanned(
            found,
            "expected `,` after the status, as in `#[status(503, retry = backoff)]`",
        ));
    }
    parse_keys(input, errors, |key, input, errors| {
        match key.to_string().as_str() {
            "retry" => {
                input.parse::<Token![=]>()?;
                let value = parse_retry(input)?;
                if retry.is_some() {
                    errors.at(&key, "duplicate `retry` key; give it once");
                } else {
                    retry = Some(value);
                }
                Ok(())
            }
            "escalate" => {
                if input.peek(Token![=]) {
                    return Err(syn::Error::new_spanned(
                        &key,
                        "`escalate` takes no value: write `escalate`, or leave it out",
                    ));
                }
                if escalate.is_some() {
                    errors.at(&key, "duplicate `escalate` key; give it once");
                } else {
                    escalate = Some(key);
                }
                Ok(())
            }
            "code" => {
                input.parse::<Token![=]>()?;
                let values = parse_error_codes(input, errors)?;
                if codes.is_some() {
                    errors.at(
                        &key,
                        "duplicate `code` key; list several codes in one: `code = \"a\" | \"b\"`",
                    );
                } else {
                    codes = Some((key, values));
                }
                Ok(())
            }
            _ => Err(unknown_key(
                &key,
                &["retry", "escalate", "code"],
                "`#[status(...)]`",
            )),
        }
    })?;

    if let (Some(_), Some((Retry::Immediately | Retry::Backoff | Retry::WhenAsked, retry_tokens))) =
        (&escalate, &retry)
    {
        errors.at(
            retry_tokens,
            "`escalate` and a retry conflict: an escalated error is reported to the vendor, not retried; \
             remove this `retry`, or remove `escalate`",
        );
    }
    let (code_key, codes) = match codes {
        Some((key, codes)) => (Some(key), codes),
        None => (None, Vec::new()),
    };
    Ok(statuses.map(|statuses| StatusAttr {
        statuses,
        statuses_tokens,
        codes,
        code_key,
        retry,
        escalate: escalate.is_some(),
    }))
}

/// `"a"`, `"a" | "b"`, or integer codes (`88`), as text. An empty code, or one
/// given twice, is reported.
fn parse_error_codes(
    input: ParseStream,
    errors: &mut Errors,
) -> syn::Result<Vec<(String, TokenStream)>> {
    const EXPECTED: &str =
        "expected the vendor's error code as a string, as in `code = \"insufficient_quota\"`, \
         or several joined with `|`";
    let mut codes: Vec<(String, TokenStream)> = Vec::new();
    loop {
        let (code, tokens) = if input.peek(LitStr) {
            let lit: LitStr = input.parse()?;
            (lit.value(), lit.to_token_stream())
        } else if input.peek(LitInt) {
            let lit: LitInt = input.parse()?;
            (lit.base10_digits().to_owned(), lit.to_token_stream())
        } else {
            return Err(match input.parse::<TokenTree>() {
                Ok(found) => syn::Error::new_spanned(found, EXPECTED),
                Err(error) => syn::Error::new(error.span(), EXPECTED),
            });
        };
        if code.trim().is_empty() {
            errors.at(
                &tokens,
                "an error code cannot be empty: write the code the vendor sends, \
                 or leave `code` out to match every code of this status",
            );
        } else if code.trim() != code {
            errors.at(
                &tokens,
                format_args!(
                    "codes are compared trimmed, so this one never matches: write `\"{}\"`",
                    code.trim()
                ),
            );
        } else if code_without_namespace(&code) != code {
            let bare = code_without_namespace(&code).trim();
            errors.at(
                &tokens,
                format_args!(
                    "codes are compared without a namespace before `#` or a suffix after `:` \
                     (as AWS sends them), so this one never matches: write `\"{bare}\"`"
                ),
            );
        } else if let Some((_, first)) = codes.iter().find(|(seen, _)| *seen == code) {
            errors.conflict(
                &tokens,
                format_args!("code `{code}` is listed twice"),
                first,
                "first listed here",
            );
        } else {
            codes.push((code, tokens));
        }
        if !input.peek(Token![|]) {
            return Ok(codes);
        }
        input.parse::<Token![|]>()?;
    }
}

/// The first argument. A value outside `400..=599` is reported and gives `None`.
fn parse_statuses(
    input: ParseStream,
    errors: &mut Errors,
) -> syn::Result<(Option<Statuses>, TokenStream)> {
    if input.peek(LitInt) {
        let lo: LitInt = input.parse()?;
        if input.peek(Token![..=]) {
            let dots: Token![..=] = input.parse()?;
            let hi: LitInt = input.parse().map_err(|_| {
                syn::Error::new_spanned(
                    quote!(#lo #dots),
                    format_args!(
                        "expected the end of the range, as in `{}..=599`",
                        lo.base10_digits()
                    ),
                )
            })?;
            let tokens = quote!(#lo #dots #hi);
            let statuses = parse_range(&lo, &hi, &tokens, errors);
            return Ok((statuses, tokens));
        }
        if input.peek(Token![..]) {
            let dots: Token![..] = input.parse()?;
            let hi = input.parse::<LitInt>().ok();
            let tokens = quote!(#lo #dots #hi);
            // `lo..hi` means `lo..=hi-1`.
            let last = hi
                .as_ref()
                .and_then(|hi| hi.base10_parse::<u16>().ok())
                .and_then(|hi| hi.checked_sub(1));
            let example = match last {
                Some(last) => format!("`{}..={last}`", lo.base10_digits()),
                None => format!("`{}..=599`", lo.base10_digits()),
            };
            let message = format!("status ranges are inclusive: write {example}");
            let (Some(hi), Some(last)) = (&hi, last) else {
                return Err(syn::Error::new_spanned(tokens, message));
            };
            errors.at(&tokens, message);
            // Read as the inclusive range it means, so the variant's other checks run.
            let last = LitInt::new(&last.to_string(), hi.span());
            let statuses = parse_range(&lo, &last, &tokens, errors);
            return Ok((statuses, tokens));
        }
        let code = error_code(&lo, errors);
        return Ok((code.map(Statuses::Code), lo.to_token_stream()));
    }
    if input.peek(Ident::peek_any) {
        let ident = input.fork().call(Ident::parse_any)?;
        if ident == "other" {
            input.call(Ident::parse_any)?;
            return Ok((Some(Statuses::Other), ident.to_token_stream()));
        }
        if input.peek2(Token![=]) || ident == "escalate" {
            return Err(syn::Error::new_spanned(
                &ident,
                format_args!("the status comes first: {STATUS_FORMS}, then `{ident}`"),
            ));
        }
        let hint = if edit_distance(&ident.to_string().to_lowercase(), "other") <= 2 {
            "did you mean `other`? "
        } else {
            ""
        };
        return Err(syn::Error::new_spanned(
            &ident,
            format_args!("unknown status `{ident}`: {hint}{STATUS_FORMS}"),
        ));
    }
    if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        return Err(syn::Error::new_spanned(
            &lit,
            format_args!(
                "a status code is a number, not a string: write `#[status({})]`",
                lit.value().trim()
            ),
        ));
    }
    let found: TokenTree = input.parse()?;
    Err(syn::Error::new_spanned(
        found,
        format_args!("expected a status: {STATUS_FORMS}"),
    ))
}

fn parse_range(
    lo: &LitInt,
    hi: &LitInt,
    tokens: &TokenStream,
    errors: &mut Errors,
) -> Option<Statuses> {
    let (lo_code, hi_code) = (error_code(lo, errors)?, error_code(hi, errors)?);
    // Each mistake is reported, then read as what it means, so that the variant's
    // other checks still run in the same compile.
    if lo_code > hi_code {
        errors.at(
            tokens,
            format_args!(
                "this range is reversed and covers no code: write `{hi_code}..={lo_code}`"
            ),
        );
        return Some(Statuses::Range(hi_code, lo_code));
    }
    if lo_code == hi_code {
        errors.at(
            tokens,
            format_args!("this range covers one code: write `#[status({lo_code})]`"),
        );
        return Some(Statuses::Code(lo_code));
    }
    Some(Statuses::Range(lo_code, hi_code))
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

fn parse_retry(input: ParseStream) -> syn::Result<(Retry, TokenStream)> {
    const EXPECTED: &str =
        "expected `retry = false` (never), `retry = true` (after a short pause), \
         `retry = backoff` (after growing delays) or `retry = when_asked` \
         (never, unless the response gives a delay)";
    if input.peek(syn::LitBool) {
        let value: syn::LitBool = input.parse()?;
        let retry = if value.value {
            Retry::Immediately
        } else {
            Retry::Never
        };
        return Ok((retry, value.to_token_stream()));
    }
    match input.parse::<TokenTree>() {
        Ok(TokenTree::Ident(ident)) if ident == "backoff" => {
            Ok((Retry::Backoff, ident.to_token_stream()))
        }
        Ok(TokenTree::Ident(ident)) if ident == "when_asked" => {
            Ok((Retry::WhenAsked, ident.to_token_stream()))
        }
        Ok(TokenTree::Ident(ident)) => {
            let name = ident.to_string();
            let close = ["backoff", "when_asked", "true", "false"]
                .into_iter()
                .find(|value| edit_distance(&name, value) <= 2);
            Err(match close {
                Some(close) => syn::Error::new_spanned(
                    &ident,
                    format_args!("unknown retry advice `{name}`; did you mean `retry = {close}`?"),
                ),
                None => syn::Error::new_spanned(&ident, EXPECTED),
            })
        }
        Ok(found) => Err(syn::Error::new_spanned(found, EXPECTED)),
        Err(error) => Err(syn::Error::new(error.span(), EXPECTED)),
    }
}

/// Parses `#[api(...)]` into `api`; several `#[api]` attributes add up.
pub fn parse_api(attr: &Attribute, api: &mut ApiAttr, errors: &mut Errors) {
    let Meta::List(list) = &attr.meta else {
        errors.at(
            attr,
            "`#[api]` needs arguments, such as `#[api(vendor = \"Acme\", codes(400, 404))]`",
        );
        return;
    };
    let parser = |input: ParseStream| {
        parse_keys(input, errors, |key, input, errors| {
            api_key(&key, input, api, errors)
        })
    };
    if let Err(error) = parser.parse2(list.tokens.clone()) {
        errors.push(error);
    }
}

const API_KEYS: &[&str] = &[
    "vendor",
    "codes",
    "request_id_headers",
    "should_retry_headers",
    "code_header",
    "rate_limit",
    "message",
    "code",
    "field_errors",
    "request_id",
    "dialect",
    "display",
    "render",
];

/// `dialect = field_map`: the `Dialect` every object body is read by.
fn parse_dialect(
    key: &Ident,
    input: ParseStream,
    api: &mut ApiAttr,
    errors: &mut Errors,
) -> syn::Result<()> {
    input.parse::<Token![=]>()?;
    let name: Ident = input.parse().map_err(|error| {
        syn::Error::new(
            error.span(),
            "expected a dialect's name, unquoted: `dialect = field_map`",
        )
    })?;
    let found = DIALECTS.iter().find(|(known, _)| name == known);
    match found {
        Some((_, variant)) => {
            if api.pointers.dialect.is_some() {
                errors.at(key, "duplicate `dialect` key; give it once");
            }
            api.pointers.dialect = Some(variant);
        }
        None => {
            let names: Vec<&str> = DIALECTS.iter().map(|(known, _)| *known).collect();
            errors.at(
                &name,
                format_args!(
                    "unknown dialect `{name}`; expected one of: {}",
                    names.join(", ")
                ),
            );
        }
    }
    Ok(())
}

/// One key of `#[api(...)]` and its value.
fn api_key(
    key: &Ident,
    input: ParseStream,
    api: &mut ApiAttr,
    errors: &mut Errors,
) -> syn::Result<()> {
    match key.to_string().as_str() {
        "vendor" => {
            input.parse::<Token![=]>()?;
            let vendor: LitStr = input.parse().map_err(|error| {
                syn::Error::new(
                    error.span(),
                    "expected the vendor's name as a string: `vendor = \"Acme\"`",
                )
            })?;
            set_once(
                &mut api.vendor,
                vendor,
                key,
                errors,
                "duplicate `vendor` key; give it once",
            );
        }
        "codes" => {
            let codes = parse_codes(input, errors)?;
            set_once(
                &mut api.codes,
                codes,
                key,
                errors,
                "duplicate `codes(...)`; list every code in one",
            );
        }
        list @ ("request_id_headers" | "should_retry_headers") => {
            let headers = parse_header_names(input, errors)?;
            let slot = if list == "request_id_headers" {
                &mut api.request_id_headers
            } else {
                &mut api.should_retry_headers
            };
            let message = format!("duplicate `{list}(...)`; list every header in one");
            set_once(slot, headers, key, errors, &message);
        }
        "code_header" => {
            input.parse::<Token![=]>()?;
            if let Some(name) = parse_header_name(input, errors)? {
                set_once(
                    &mut api.code_header,
                    name,
                    key,
                    errors,
                    "duplicate `code_header` key; give it once",
                );
            }
        }
        "rate_limit" => {
            if let Some(rate_limit) = parse_rate_limit(key, input, errors)? {
                api.rate_limits.push(rate_limit);
            }
        }
        pointer @ ("message" | "code" | "field_errors" | "request_id") => {
            input.parse::<Token![=]>()?;
            let slot = match pointer {
                "message" => &mut api.pointers.message,
                "code" => &mut api.pointers.code,
                "field_errors" => &mut api.pointers.field_errors,
                _ => &mut api.pointers.request_id,
            };
            if let Some(lit) = parse_pointer(input, pointer, errors)? {
                let message = format!("duplicate `{pointer}` key; give it once");
                set_once(slot, lit, key, errors, &message);
            }
        }
        "dialect" => parse_dialect(key, input, api, errors)?,
        flag @ ("display" | "render") => {
            if input.peek(Token![=]) {
                return Err(syn::Error::new_spanned(
                    key,
                    format_args!("`{flag}` takes no value: write `{flag}`, or leave it out"),
                ));
            }
            let seen = if flag == "display" {
                &mut api.display
            } else {
                &mut api.render
            };
            if *seen {
                errors.at(key, format_args!("duplicate `{flag}` key; give it once"));
            }
            *seen = true;
        }
        _ => return Err(unknown_key(key, API_KEYS, "`#[api(...)]`")),
    }
    Ok(())
}

/// Fills `slot`, or reports `duplicate` at the key that gave it a second time.
fn set_once<T>(slot: &mut Option<T>, value: T, key: &Ident, errors: &mut Errors, duplicate: &str) {
    if slot.is_some() {
        errors.at(key, duplicate);
    } else {
        *slot = Some(value);
    }
}

fn parse_codes(input: ParseStream, errors: &mut Errors) -> syn::Result<Vec<(u16, LitInt)>> {
    const EXPECTED: &str =
        "expected the documented status codes in parentheses: `codes(400, 404, 500)`";
    let content;
    syn::parenthesized!(content in input);
    let lits = content
        .parse_terminated(<LitInt as syn::parse::Parse>::parse, Token![,])
        .map_err(|error| syn::Error::new(error.span(), EXPECTED))?;
    let mut codes: Vec<(u16, LitInt)> = Vec::new();
    for lit in lits {
        let Some(code) = error_code(&lit, errors) else {
            continue;
        };
        if let Some((_, first)) = codes.iter().find(|(seen, _)| *seen == code) {
            errors.conflict(
                &lit,
                format_args!("code {code} is listed twice in `codes(...)`"),
                first,
                format_args!("{code} is first listed here"),
            );
        } else {
            codes.push((code, lit));
        }
    }
    Ok(codes)
}

fn parse_header_names(input: ParseStream, errors: &mut Errors) -> syn::Result<Vec<String>> {
    const EXPECTED: &str =
        "expected header names as strings in parentheses: `request_id_headers(\"x-trace-id\")`";
    let content;
    syn::parenthesized!(content in input);
    let lits = content
        .parse_terminated(<LitStr as syn::parse::Parse>::parse, Token![,])
        .map_err(|error| syn::Error::new(error.span(), EXPECTED))?;
    if lits.is_empty() {
        errors.push(syn::Error::new(input.span(), EXPECTED));
    }
    let mut names = Vec::new();
    for lit in lits {
        let name = lit.value();
        if is_header_name(&name) {
            names.push(name.to_ascii_lowercase());
        } else {
            errors.at(
                &lit,
                format_args!(
                    "`{name}` is not a header name: use letters, digits and `-`, as in \"x-request-id\""
                ),
            );
        }
    }
    Ok(names)
}

/// One header name as a string literal; an invalid one is reported and gives `None`.
fn parse_header_name(input: ParseStream, errors: &mut Errors) -> syn::Result<Option<String>> {
    let lit: LitStr = input.parse().map_err(|error| {
        syn::Error::new(
            error.span(),
            "expected a header name as a string, as in \"x-amzn-errortype\"",
        )
    })?;
    let name = lit.value();
    if is_header_name(&name) {
        Ok(Some(name.to_ascii_lowercase()))
    } else {
        errors.at(
            &lit,
            format_args!(
                "`{name}` is not a header name: use letters, digits and `-`, as in \"x-request-id\""
            ),
        );
        Ok(None)
    }
}

/// A JSON pointer literal; one that is not RFC 6901 is reported and gives `None`.
fn parse_pointer(
    input: ParseStream,
    key: &str,
    errors: &mut Errors,
) -> syn::Result<Option<LitStr>> {
    let lit: LitStr = input.parse().map_err(|error| {
        syn::Error::new(
            error.span(),
            format_args!("expected a JSON pointer as a string, as in `{key} = \"/error/{key}\"`"),
        )
    })?;
    let pointer = lit.value();
    if is_json_pointer(&pointer) {
        return Ok(Some(lit));
    }
    let hint = if pointer.starts_with('/') {
        "in a JSON pointer `~` is written `~0` and `/` inside a key `~1`".to_owned()
    } else {
        format!(
            "a JSON pointer starts with `/` and separates keys with `/`: write `\"/{}\"`",
            pointer.replace('.', "/")
        )
    };
    errors.at(
        &lit,
        format_args!("`{pointer}` is not a JSON pointer (RFC 6901): {hint}"),
    );
    Ok(None)
}

/// `rate_limit(remaining = "...", reset = "...", format = ...)`; `None` when a
/// mistake was reported.
fn parse_rate_limit(
    key: &Ident,
    input: ParseStream,
    errors: &mut Errors,
) -> syn::Result<Option<RateLimit>> {
    let content;
    syn::parenthesized!(content in input);
    let mut remaining = None;
    let mut reset = None;
    let mut format: Option<&'static str> = None;
    let mut broken = false;
    parse_keys(&content, errors, |key, input, errors| {
        input.parse::<Token![=]>()?;
        match key.to_string().as_str() {
            name @ ("remaining" | "reset") => {
                let header = parse_header_name(input, errors)?;
                broken |= header.is_none();
                let slot = if name == "remaining" {
                    &mut remaining
                } else {
                    &mut reset
                };
                if slot.is_some() {
                    errors.at(&key, format_args!("duplicate `{name}` key; give it once"));
                }
                *slot = header;
            }
            "format" => {
                let ident = input.call(Ident::parse_any)?;
                let name = ident.to_string();
                match RESET_FORMATS.iter().find(|(format, _)| *format == name) {
                    Some((_, variant)) => format = Some(variant),
                    None => {
                        broken = true;
                        errors.push(unknown_value(
                            &ident,
                            &RESET_FORMATS.iter().map(|(f, _)| *f).collect::<Vec<_>>(),
                            "reset format",
                        ));
                    }
                }
            }
            _ => {
                return Err(unknown_key(
                    &key,
                    &["remaining", "reset", "format"],
                    "`rate_limit(...)`",
                ))
            }
        }
        Ok(())
    })?;
    let Some(reset) = reset else {
        if !broken {
            errors.at(
                key,
                "`rate_limit(...)` needs the header that says when the limit refills: \
                 `rate_limit(remaining = \"x-ratelimit-remaining\", reset = \"x-ratelimit-reset\", format = epoch_seconds)`",
            );
        }
        return Ok(None);
    };
    let Some(format) = format else {
        if !broken {
            errors.at(
                key,
                format_args!(
                    "`rate_limit(...)` needs the reset header's `format`: one of {}",
                    listed(RESET_FORMATS.iter().map(|(format, _)| *format))
                ),
            );
        }
        return Ok(None);
    };
    Ok((!broken).then_some(RateLimit {
        remaining,
        reset,
        format,
    }))
}

/// `key = value, key, ...` after the first argument. A bad key is reported and
/// skipped up to the next comma, so every key of an attribute gets checked.
fn parse_keys<'a>(
    input: ParseStream<'a>,
    errors: &mut Errors,
    mut on_key: impl FnMut(Ident, ParseStream<'a>, &mut Errors) -> syn::Result<()>,
) -> syn::Result<()> {
    let mut first = true;
    while !input.is_empty() {
        if !first || input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
        }
        first = false;
        let result = input
            .call(Ident::parse_any)
            .and_then(|key| on_key(key, input, errors));
        if let Err(error) = result {
            errors.push(error);
            skip_to_comma(input)?;
        } else if !input.is_empty() && !input.peek(Token![,]) {
            let found: TokenTree = input.parse()?;
            errors.at(found, "expected `,` before the next key");
            skip_to_comma(input)?;
        }
    }
    Ok(())
}

fn skip_to_comma(input: ParseStream) -> syn::Result<()> {
    input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((tree, next)) = rest.token_tree() {
            if matches!(&tree, TokenTree::Punct(punct) if punct.as_char() == ',') {
                return Ok(((), rest));
            }
            rest = next;
        }
        Ok(((), rest))
    })
}

fn unknown_key(key: &Ident, known: &[&str], place: &str) -> syn::Error {
    let name = key.unraw().to_string();
    let list = known
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let message = match known.iter().find(|k| edit_distance(&name, k) <= 2) {
        Some(close) => format!("unknown key `{name}` in {place}; did you mean `{close}`?"),
        None => format!("unknown key `{name}` in {place}; expected one of {list}"),
    };
    syn::Error::new_spanned(key, message)
}

fn unknown_value(value: &Ident, known: &[&str], what: &str) -> syn::Error {
    let name = value.unraw().to_string();
    let message = match known.iter().find(|k| edit_distance(&name, k) <= 2) {
        Some(close) => format!("unknown {what} `{name}`; did you mean `{close}`?"),
        None => format!(
            "unknown {what} `{name}`; expected one of {}",
            listed(known.iter().copied())
        ),
    };
    syn::Error::new_spanned(value, message)
}

/// `` `a`, `b`, `c` ``.
fn listed<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Levenshtein distance, for "did you mean".
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
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
