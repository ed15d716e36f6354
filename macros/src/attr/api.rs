//! `#[api(...)]` on the enum: the vendor, the documented codes, the headers and
//! body pointers its errors are read with, and the impls to write.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::token::Paren;
use syn::{Attribute, Ident, Lit, LitInt, LitStr, MacroDelimiter, Meta, MetaList, Token};

use super::setter::Attr;
use super::suggest::{closest, listed, unknown_key};
use super::{each_key, error_code, in_parens, ApiAttr, Pointers, RateLimit, SuccessRule};
use crate::ctxt::Errors;
use crate::shared_rules::{is_header_name, is_json_pointer};

const PLACE: &str = "`#[api(...)]`";

const KEYS: &[&str] = &[
    "vendor",
    "codes",
    "request_id_headers",
    "should_retry_headers",
    "code_header",
    "rate_limit",
    "success_error",
    "message",
    "code",
    "field_errors",
    "request_id",
    "dialect",
    "display",
    "render",
    "idempotent",
    "openapi",
];

/// The dialects of `dialect = ...`, with their `Dialect` variant.
pub(super) const DIALECTS: &[(&str, &str)] = &[
    ("problem", "Problem"),
    ("json_api", "JsonApi"),
    ("graphql", "GraphQl"),
    ("google", "Google"),
    ("error_object", "ErrorObject"),
    ("oauth", "OAuth"),
    ("aws", "Aws"),
    ("aws_xml", "AwsXml"),
    ("fastapi", "FastApi"),
    ("spring", "Spring"),
    ("nest", "Nest"),
    ("litestar", "Litestar"),
    ("field_map", "FieldMap"),
    ("generic", "Generic"),
];

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

/// Every `#[api(...)]` of one enum: several add up, and a key given in two of
/// them is a duplicate as if given twice in one.
pub struct ApiParser {
    vendor: Attr<LitStr>,
    codes: Attr<Vec<(u16, LitInt)>>,
    request_id_headers: Attr<Vec<String>>,
    should_retry_headers: Attr<Vec<String>>,
    code_header: Attr<String>,
    rate_limits: Vec<RateLimit>,
    success_errors: Vec<SuccessRule>,
    success_error_written: bool,
    message: Attr<LitStr>,
    code: Attr<LitStr>,
    field_errors: Attr<LitStr>,
    request_id: Attr<LitStr>,
    dialect: Attr<&'static str>,
    display: Attr<()>,
    render: Attr<()>,
    idempotent: Attr<()>,
    openapi: Attr<super::OpenApiAttr>,
}

impl ApiParser {
    pub fn new() -> Self {
        ApiParser {
            vendor: Attr::new(PLACE, "vendor"),
            codes: Attr::new(PLACE, "codes(...)").hint("list every code in one"),
            request_id_headers: Attr::new(PLACE, "request_id_headers(...)")
                .hint("list every header in one"),
            should_retry_headers: Attr::new(PLACE, "should_retry_headers(...)")
                .hint("list every header in one"),
            code_header: Attr::new(PLACE, "code_header"),
            rate_limits: Vec::new(),
            success_errors: Vec::new(),
            success_error_written: false,
            message: Attr::new(PLACE, "message"),
            code: Attr::new(PLACE, "code"),
            field_errors: Attr::new(PLACE, "field_errors"),
            request_id: Attr::new(PLACE, "request_id"),
            dialect: Attr::new(PLACE, "dialect"),
            display: Attr::new(PLACE, "display"),
            render: Attr::new(PLACE, "render"),
            idempotent: Attr::new(PLACE, "idempotent"),
            openapi: Attr::new(PLACE, "openapi"),
        }
    }

    pub fn parse(&mut self, attr: &Attribute, errors: &mut Errors) {
        let Meta::List(list) = &attr.meta else {
            errors.at(
                attr,
                "`#[api]` needs arguments, such as `#[api(vendor = \"Acme\", codes(400, 404))]`",
            );
            return;
        };
        each_key(list, errors, |meta, errors| self.key(meta, errors));
    }

    pub fn finish(self) -> ApiAttr {
        ApiAttr {
            vendor: self.vendor.take(),
            codes: self.codes.take(),
            request_id_headers: self.request_id_headers.take(),
            should_retry_headers: self.should_retry_headers.take(),
            code_header: self.code_header.take(),
            rate_limits: self.rate_limits,
            success_errors: self.success_errors,
            success_error_written: self.success_error_written,
            pointers: Pointers {
                message: self.message.take(),
                code: self.code.take(),
                field_errors: self.field_errors.take(),
                request_id: self.request_id.take(),
                dialect: self.dialect.take(),
            },
            display: self.display.is_set(),
            render: self.render.is_set(),
            idempotent: self.idempotent.is_set(),
            openapi: self.openapi.take(),
        }
    }

    fn key(&mut self, meta: &ParseNestedMeta, errors: &mut Errors) -> syn::Result<()> {
        let key = &meta.path;
        let Some(ident) = key.get_ident() else {
            return Err(unknown_key(key, KEYS, PLACE));
        };
        match ident.to_string().as_str() {
            "vendor" => {
                let vendor: LitStr = meta.value()?.parse().map_err(|error| {
                    syn::Error::new(
                        error.span(),
                        "expected the vendor's name as a string: `vendor = \"Acme\"`",
                    )
                })?;
                self.vendor.set(key, vendor, errors);
            }
            "codes" => {
                let form = |given: Option<&Lit>| {
                    let codes = match given {
                        Some(Lit::Int(code)) => code.to_string(),
                        _ => "400, 404, 500".to_owned(),
                    };
                    format!("`codes({codes})`: the documented status codes")
                };
                let codes = list(meta, form, |content| parse_codes(content, errors))?;
                self.codes.set(key, codes, errors);
            }
            name @ ("request_id_headers" | "should_retry_headers") => {
                let (slot, example) = if name == "request_id_headers" {
                    (&mut self.request_id_headers, "x-request-id")
                } else {
                    (&mut self.should_retry_headers, "x-should-retry")
                };
                let form = |given: Option<&Lit>| {
                    let header = match given {
                        Some(Lit::Str(header)) if is_header_name(&header.value()) => header.value(),
                        _ => example.to_owned(),
                    };
                    format!("`{name}(\"{header}\")`: a list of header names")
                };
                let headers = list(meta, form, |content| {
                    parse_header_names(content, name, example, errors)
                })?;
                slot.set(key, headers, errors);
            }
            "code_header" => {
                if let Some(name) = parse_header_name(meta.value()?, errors)? {
                    self.code_header.set(key, name, errors);
                }
            }
            "rate_limit" => {
                if let Some(rate_limit) = parse_rate_limit(meta, errors)? {
                    self.rate_limits.push(rate_limit);
                }
            }
            "success_error" => {
                self.success_error_written = true;
                if let Some(rule) = super::success::parse_success_error(meta, errors)? {
                    self.success_errors.push(rule);
                }
            }
            name @ ("message" | "code" | "field_errors" | "request_id") => {
                let slot = match name {
                    "message" => &mut self.message,
                    "code" => &mut self.code,
                    "field_errors" => &mut self.field_errors,
                    _ => &mut self.request_id,
                };
                if let Some(lit) = parse_pointer(meta.value()?, name, errors)? {
                    slot.set(key, lit, errors);
                }
            }
            "dialect" => {
                let dialect = parse_name(meta.value()?, "dialect", DIALECTS, "dialect")?;
                self.dialect.set(key, dialect, errors);
            }
            flag @ ("display" | "render" | "idempotent") => {
                if meta.input.peek(Token![=]) {
                    return Err(syn::Error::new_spanned(
                        key,
                        format_args!("`{flag}` takes no value: write `{flag}`, or leave it out"),
                    ));
                }
                let slot = match flag {
                    "display" => &mut self.display,
                    "render" => &mut self.render,
                    _ => &mut self.idempotent,
                };
                slot.set(key, (), errors);
            }
            "openapi" => {
                if let Some(openapi) = super::openapi::parse(meta, errors)? {
                    self.openapi.set(key, openapi, errors);
                }
            }
            _ => return Err(unknown_key(key, KEYS, PLACE)),
        }
        Ok(())
    }
}

/// A key that takes a list in parentheses, its contents read by `parse`.
fn list<T>(
    meta: &ParseNestedMeta,
    form: impl FnOnce(Option<&Lit>) -> String,
    parse: impl FnOnce(ParseStream) -> syn::Result<T>,
) -> syn::Result<T> {
    if meta.input.cursor().group(Delimiter::Parenthesis).is_none() {
        return Err(not_a_list(meta, form));
    }
    in_parens(meta.input, parse)
}

/// A list key given anything but parentheses, such as
/// `request_id_headers = "x-request-id"`, is answered with the form to write, which
/// `form` makes from the literal given, if one was.
pub(super) fn not_a_list(
    meta: &ParseNestedMeta,
    form: impl FnOnce(Option<&Lit>) -> String,
) -> syn::Error {
    let input = meta.input;
    let given = if input.peek(Token![=]) && input.peek2(Lit) {
        let ahead = input.fork();
        ahead
            .parse::<Token![=]>()
            .and_then(|_| ahead.parse::<Lit>())
            .ok()
    } else {
        None
    };
    while !input.peek(Token![,]) && input.parse::<TokenTree>().is_ok() {}
    meta.error(format_args!(
        "write {}, in parentheses",
        form(given.as_ref())
    ))
}

fn parse_codes(input: ParseStream, errors: &mut Errors) -> syn::Result<Vec<(u16, LitInt)>> {
    const EXPECTED: &str =
        "expected the documented status codes in parentheses: `codes(400, 404, 500)`";
    let lits = input
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

fn parse_header_names(
    input: ParseStream,
    key: &str,
    example: &str,
    errors: &mut Errors,
) -> syn::Result<Vec<String>> {
    let expected =
        format!("expected header names as strings in parentheses: `{key}(\"{example}\")`");
    let lits = input
        .parse_terminated(<LitStr as syn::parse::Parse>::parse, Token![,])
        .map_err(|error| syn::Error::new(error.span(), &expected))?;
    if lits.is_empty() {
        errors.push(syn::Error::new(input.span(), &expected));
    }
    let mut names = Vec::new();
    for lit in lits {
        if let Some(name) = header_name(&lit, errors) {
            names.push(name);
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
    Ok(header_name(&lit, errors))
}

fn header_name(lit: &LitStr, errors: &mut Errors) -> Option<String> {
    let name = lit.value();
    if is_header_name(&name) {
        return Some(name.to_ascii_lowercase());
    }
    errors.at(
        lit,
        format_args!(
            "`{name}` is not a header name: use letters, digits and `-`, as in \"x-request-id\""
        ),
    );
    None
}

/// A JSON pointer literal; one that is not RFC 6901 is reported and gives `None`.
pub(super) fn parse_pointer(
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

/// `key = name`, one of `known`, unquoted, as the variant it names. A quoted name
/// is answered with the unquoted form, and a misspelt one with a known name close
/// to it.
pub(super) fn parse_name(
    input: ParseStream,
    key: &str,
    known: &[(&str, &'static str)],
    what: &str,
) -> syn::Result<&'static str> {
    let (name, tokens, quoted) = if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        (lit.value(), lit.to_token_stream(), true)
    } else {
        let ident = input.call(Ident::parse_any).map_err(|error| {
            syn::Error::new(
                error.span(),
                format_args!(
                    "expected a {what}'s name, unquoted: `{key} = {}`",
                    known[0].0
                ),
            )
        })?;
        (ident.unraw().to_string(), ident.to_token_stream(), false)
    };
    let names: Vec<&str> = known.iter().map(|(name, _)| *name).collect();
    let message = match known.iter().find(|(known, _)| *known == name) {
        Some((_, variant)) if !quoted => return Ok(variant),
        Some(_) => format!("write `{key} = {name}` (unquoted): a {what} is a name, not a string"),
        None => match (closest(&name, &names), quoted) {
            (Some(close), false) => format!("unknown {what} `{name}`; did you mean `{close}`?"),
            (Some(close), true) => {
                format!("unknown {what} \"{name}\"; did you mean `{key} = {close}` (unquoted)?")
            }
            (None, quoted) => format!(
                "unknown {what} `{name}`; expected one of {}{}",
                listed(names.iter().copied()),
                if quoted { ", unquoted" } else { "" }
            ),
        },
    };
    Err(syn::Error::new_spanned(tokens, message))
}

const RATE_LIMIT: &str = "`rate_limit(...)`";

const RATE_LIMIT_FORM: &str = "`rate_limit(remaining = \"x-ratelimit-remaining\", reset = \"x-ratelimit-reset\", format = epoch_seconds)`";

struct RateLimitKeys {
    remaining: Attr<String>,
    reset: Attr<String>,
    format: Attr<&'static str>,
    bucket: Attr<String>,
    leak_per_second: Attr<(f64, TokenStream)>,
    /// Once a key is reported, a missing `reset` or `format` may be that key: it is
    /// not reported again, and no rate limit is made.
    broken: bool,
}

/// `rate_limit(...)`; `None` when a mistake was reported.
fn parse_rate_limit(meta: &ParseNestedMeta, errors: &mut Errors) -> syn::Result<Option<RateLimit>> {
    let Some((inside, span, _)) = meta.input.cursor().group(Delimiter::Parenthesis) else {
        return Err(not_a_list(meta, |_| RATE_LIMIT_FORM.to_owned()));
    };
    let list = MetaList {
        path: meta.path.clone(),
        delimiter: MacroDelimiter::Paren(Paren { span }),
        tokens: inside.token_stream(),
    };
    meta.input.parse::<TokenTree>()?;
    let mut keys = RateLimitKeys {
        remaining: Attr::new(RATE_LIMIT, "remaining"),
        reset: Attr::new(RATE_LIMIT, "reset"),
        format: Attr::new(RATE_LIMIT, "format"),
        bucket: Attr::new(RATE_LIMIT, "bucket"),
        leak_per_second: Attr::new(RATE_LIMIT, "leak_per_second"),
        broken: false,
    };
    keys.broken |= !each_key(&list, errors, |meta, errors| keys.key(meta, errors));
    if keys.broken {
        return Ok(None);
    }
    if let Some(bucket) = keys.bucket.get().cloned() {
        return Ok(bucket_limit(&keys, bucket, meta, errors));
    }
    if let Some((_, tokens)) = keys.leak_per_second.take() {
        errors.at(
            &tokens,
            format_args!("`leak_per_second` is a bucket's: {BUCKET_FORM}"),
        );
        return Ok(None);
    }
    let Some(reset) = keys.reset.take() else {
        errors.at(
            &meta.path,
            format_args!(
                "`rate_limit(...)` needs the header that says when the limit refills: {RATE_LIMIT_FORM}"
            ),
        );
        return Ok(None);
    };
    let Some(format) = keys.format.take() else {
        errors.at(
            &meta.path,
            format_args!(
                "`rate_limit(...)` needs the reset header's `format`: one of {}",
                listed(RESET_FORMATS.iter().map(|(format, _)| *format))
            ),
        );
        return Ok(None);
    };
    Ok(Some(RateLimit {
        remaining: keys.remaining.take(),
        reset,
        format,
        leak_millis: None,
    }))
}

const BUCKET_FORM: &str =
    "`rate_limit(bucket = \"x-shopify-shop-api-call-limit\", leak_per_second = 2)`";

/// `rate_limit(bucket = "...", leak_per_second = 2)`: a `used/size` header, read alone.
fn bucket_limit(
    keys: &RateLimitKeys,
    bucket: String,
    meta: &ParseNestedMeta,
    errors: &mut Errors,
) -> Option<RateLimit> {
    if keys.remaining.is_set() || keys.reset.is_set() || keys.format.is_set() {
        errors.at(
            &meta.path,
            format_args!(
                "a bucket's header says both what is used and its size, so it takes no \
                 `remaining`, `reset` or `format`: {BUCKET_FORM}"
            ),
        );
        return None;
    }
    // Milliseconds for one request to leak out; 0 when the rate is not documented.
    let leak_millis = match keys.leak_per_second.get() {
        None => 0,
        Some((rate, tokens)) => {
            let millis = 1000.0 / rate;
            if !(rate.is_finite() && *rate > 0.0 && millis >= 1.0 && millis <= f64::from(u32::MAX))
            {
                errors.at(
                    tokens,
                    "`leak_per_second` is how many requests leave the bucket each second: \
                     a number above 0 and at most 1000",
                );
                return None;
            }
            // In range, checked above.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let millis = millis.round() as u32;
            millis
        }
    };
    Some(RateLimit {
        remaining: None,
        reset: bucket,
        format: "Bucket",
        leak_millis: Some(leak_millis),
    })
}

impl RateLimitKeys {
    fn key(&mut self, meta: &ParseNestedMeta, errors: &mut Errors) -> syn::Result<()> {
        let key = &meta.path;
        match key.get_ident().map(Ident::to_string).as_deref() {
            Some(name @ ("remaining" | "reset")) => {
                let slot = if name == "remaining" {
                    &mut self.remaining
                } else {
                    &mut self.reset
                };
                match parse_header_name(meta.value()?, errors)? {
                    Some(header) => slot.set(key, header, errors),
                    None => self.broken = true,
                }
            }
            Some("format") => {
                let variant = parse_name(meta.value()?, "format", RESET_FORMATS, "reset format")?;
                self.format.set(key, variant, errors);
            }
            Some("bucket") => match parse_header_name(meta.value()?, errors)? {
                Some(header) => self.bucket.set(key, header, errors),
                None => self.broken = true,
            },
            Some("leak_per_second") => {
                let lit: Lit = meta.value()?.parse()?;
                let rate = match &lit {
                    Lit::Int(int) => int.base10_parse::<f64>()?,
                    Lit::Float(float) => float.base10_parse::<f64>()?,
                    _ => {
                        return Err(syn::Error::new_spanned(
                            lit,
                            "`leak_per_second` is a number: `leak_per_second = 2`",
                        ))
                    }
                };
                self.leak_per_second
                    .set(key, (rate, lit.to_token_stream()), errors);
            }
            _ => {
                return Err(unknown_key(
                    key,
                    &["remaining", "reset", "format", "bucket", "leak_per_second"],
                    RATE_LIMIT,
                ))
            }
        }
        Ok(())
    }
}
