//! `#[api(success_error(...))]`: how a 2xx response carries an error, as a pointer
//! and the value it equals or as a dialect only errors have.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::token::Paren;
use syn::{Ident, Lit, LitStr, MacroDelimiter, MetaList};

use super::api::{not_a_list, parse_name, parse_pointer, DIALECTS};
use super::setter::Attr;
use super::suggest::unknown_key;
use super::{each_key, SuccessRule};
use crate::ctxt::Errors;

const SUCCESS_ERROR: &str = "`success_error(...)`";

const SUCCESS_ERROR_FORMS: &str = "`success_error(pointer = \"/ok\", equals = false)` or \
     `success_error(dialect = graphql)`";

/// Dialects every object body may fit: naming one would make every success an error.
const CATCH_ALL_DIALECTS: &[&str] = &["Generic", "FieldMap"];

/// `success_error(...)`; `None` when a mistake was reported.
pub(super) fn parse_success_error(
    meta: &ParseNestedMeta,
    errors: &mut Errors,
) -> syn::Result<Option<SuccessRule>> {
    let Some((inside, span, _)) = meta.input.cursor().group(Delimiter::Parenthesis) else {
        return Err(not_a_list(meta, |_| SUCCESS_ERROR_FORMS.to_owned()));
    };
    let list = MetaList {
        path: meta.path.clone(),
        delimiter: MacroDelimiter::Paren(Paren { span }),
        tokens: inside.token_stream(),
    };
    meta.input.parse::<TokenTree>()?;
    let mut pointer: Attr<LitStr> = Attr::new(SUCCESS_ERROR, "pointer");
    let mut equals: Attr<Lit> = Attr::new(SUCCESS_ERROR, "equals");
    let mut dialect: Attr<(&'static str, TokenStream)> = Attr::new(SUCCESS_ERROR, "dialect");
    let mut bad_pointer = false;
    let clean = each_key(&list, errors, |meta, errors| {
        let key = &meta.path;
        match key.get_ident().map(Ident::to_string).as_deref() {
            Some("pointer") => match parse_pointer(meta.value()?, "pointer", errors)? {
                Some(at) => pointer.set(key, at, errors),
                None => bad_pointer = true,
            },
            Some("equals") => {
                let value: Lit = meta.value()?.parse()?;
                if !matches!(value, Lit::Bool(_) | Lit::Int(_) | Lit::Str(_)) {
                    return Err(syn::Error::new_spanned(
                        value,
                        "`equals` takes a JSON scalar: `false`, a whole number or a string",
                    ));
                }
                if let Lit::Int(int) = &value {
                    int.base10_parse::<i64>()?;
                }
                equals.set(key, value, errors);
            }
            Some("dialect") => {
                let value = meta.value()?;
                let tokens = value.fork().parse::<TokenTree>()?.to_token_stream();
                let variant = parse_name(value, "dialect", DIALECTS, "dialect")?;
                if CATCH_ALL_DIALECTS.contains(&variant) {
                    return Err(syn::Error::new_spanned(
                        tokens,
                        "every JSON object can read as this dialect, so every success would be an \
                         error: name one that only errors have (`graphql`, `aws_xml`, `problem`), \
                         or a `pointer` and the value it `equals`",
                    ));
                }
                dialect.set(key, (variant, tokens), errors);
            }
            _ => {
                return Err(unknown_key(
                    key,
                    &["pointer", "equals", "dialect"],
                    SUCCESS_ERROR,
                ))
            }
        }
        Ok(())
    });
    if !clean || bad_pointer {
        return Ok(None);
    }
    match (pointer.take(), equals.take(), dialect.take()) {
        (Some(pointer), Some(value), None) => Ok(Some(SuccessRule::Equals { pointer, value })),
        (None, None, Some((variant, _))) => Ok(Some(SuccessRule::Dialect(variant))),
        (Some(_), None, None) => {
            errors.at(
                &meta.path,
                "`success_error(pointer = ...)` needs the value that marks an error: \
                 `success_error(pointer = \"/ok\", equals = false)`",
            );
            Ok(None)
        }
        (None, Some(_), None) => {
            errors.at(
                &meta.path,
                "`success_error(equals = ...)` needs the `pointer` to compare: \
                 `success_error(pointer = \"/ok\", equals = false)`",
            );
            Ok(None)
        }
        (None, None, None) => {
            errors.at(
                &meta.path,
                format_args!(
                    "`success_error` says how a 2xx carries an error: write {SUCCESS_ERROR_FORMS}"
                ),
            );
            Ok(None)
        }
        (_, _, Some((_, tokens))) => {
            errors.at(
                &tokens,
                "a `success_error(...)` is either a dialect or a pointer and its value: \
                 write one `success_error(...)` for each",
            );
            Ok(None)
        }
    }
}
