//! `#[status(...)]`: the statuses first (`404`, `500..=599`, `other`), which are
//! not keys and so are read by hand, then `retry`, `escalate` and `code` as keys.

use proc_macro2::{TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::ext::IdentExt;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::{Attribute, Ident, LitBool, LitInt, LitStr, Meta, MetaList, Token};

use super::setter::Attr;
use super::suggest::{closest, edit_distance, unknown_key};
use super::{each_key, error_code, Retry, StatusAttr, Statuses, STATUS_FORMS};
use crate::ctxt::Errors;

const PLACE: &str = "`#[status(...)]`";

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
    // The statuses are no key, so they are read by hand, and the keys after them
    // as any other list.
    let first = |input: ParseStream| {
        let statuses = parse_statuses(input, errors)?;
        if !input.is_empty() && !input.peek(Token![,]) {
            let found: TokenTree = input.parse()?;
            return Err(syn::Error::new_spanned(
                found,
                "expected `,` after the status, as in `#[status(503, retry = backoff)]`",
            ));
        }
        input.parse::<Option<Token![,]>>()?;
        Ok((statuses, input.parse::<TokenStream>()?))
    };
    let ((statuses, statuses_tokens), rest) = match list.parse_args_with(first) {
        Ok(parsed) => parsed,
        Err(error) => {
            errors.push(error);
            return None;
        }
    };
    let mut keys = Keys {
        retry: Attr::new(PLACE, "retry"),
        escalate: Attr::new(PLACE, "escalate"),
        code: Attr::new(PLACE, "code").hint("list several codes in one: `code = \"a\" | \"b\"`"),
    };
    let rest = MetaList {
        tokens: rest,
        ..list.clone()
    };
    each_key(&rest, errors, |meta, errors| keys.parse(meta, errors));

    if let (true, Some((Retry::Immediately | Retry::Backoff | Retry::WhenAsked, retry_tokens))) =
        (keys.escalate.is_set(), keys.retry.get())
    {
        errors.at(
            retry_tokens,
            "`escalate` and a retry conflict: an escalated error is reported to the vendor, not retried; \
             remove this `retry`, or remove `escalate`",
        );
    }
    let escalate = keys.escalate.is_set();
    let (code_key, codes) = match keys.code.take() {
        Some((key, codes)) => (Some(key), codes),
        None => (None, Vec::new()),
    };
    statuses.map(|statuses| StatusAttr {
        statuses,
        statuses_tokens,
        codes,
        code_key,
        retry: keys.retry.take(),
        escalate,
    })
}

struct Keys {
    retry: Attr<(Retry, TokenStream)>,
    escalate: Attr<()>,
    code: Attr<(Ident, Vec<(String, TokenStream)>)>,
}

impl Keys {
    fn parse(&mut self, meta: &ParseNestedMeta, errors: &mut Errors) -> syn::Result<()> {
        let key = &meta.path;
        let Some(ident) = key.get_ident() else {
            return Err(unknown_key(key, &["retry", "escalate", "code"], PLACE));
        };
        match ident.to_string().as_str() {
            "retry" => {
                let retry = parse_retry(meta.value()?)?;
                self.retry.set(key, retry, errors);
            }
            "escalate" => {
                if meta.input.peek(Token![=]) {
                    return Err(syn::Error::new_spanned(
                        key,
                        "`escalate` takes no value: write `escalate`, or leave it out",
                    ));
                }
                self.escalate.set(key, (), errors);
            }
            "code" => {
                let codes = parse_error_codes(meta.value()?, errors)?;
                self.code.set(key, (ident.clone(), codes), errors);
            }
            _ => return Err(unknown_key(key, &["retry", "escalate", "code"], PLACE)),
        }
        Ok(())
    }
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
        if input.parse::<Option<Token![|]>>()?.is_none() {
            return Ok(codes);
        }
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
        // A 2xx is allowed here, for a success that carries an error; whether the
        // enum says how one does is checked with the whole enum in view.
        let success = lo
            .base10_parse::<u16>()
            .ok()
            .filter(|code| lo.suffix().is_empty() && (200..=299).contains(code));
        let code = success.or_else(|| error_code(&lo, errors));
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

fn parse_retry(input: ParseStream) -> syn::Result<(Retry, TokenStream)> {
    const EXPECTED: &str =
        "expected `retry = false` (never), `retry = true` (after a short pause), \
         `retry = backoff` (after growing delays) or `retry = when_asked` \
         (never, unless the response gives a delay)";
    if input.peek(LitBool) {
        let value: LitBool = input.parse()?;
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
            Err(
                match closest(&name, &["backoff", "when_asked", "true", "false"]) {
                    Some(close) => syn::Error::new_spanned(
                        &ident,
                        format_args!(
                            "unknown retry advice `{name}`; did you mean `retry = {close}`?"
                        ),
                    ),
                    None => syn::Error::new_spanned(&ident, EXPECTED),
                },
            )
        }
        Ok(found) => Err(syn::Error::new_spanned(found, EXPECTED)),
        Err(error) => Err(syn::Error::new(error.span(), EXPECTED)),
    }
}
