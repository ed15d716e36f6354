//! `#[api(openapi = "...")]` and `#[api(openapi(path = "...", ...))]`: where the
//! vendor's OpenAPI document is and which part of it the enum answers for. Read
//! with or without the `openapi` feature, so that a mistake is reported either way.

use proc_macro2::{Delimiter, TokenTree};
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::token::Paren;
use syn::{Ident, LitStr, MacroDelimiter, MetaList, Token};

use super::setter::Attr;
use super::suggest::unknown_key;
use super::{each_key, in_parens, OpenApiAttr};
use crate::ctxt::Errors;
use crate::shared_rules::is_json_pointer;

const PLACE: &str = "`openapi(...)`";

const KEYS: &[&str] = &["path", "operations", "tags", "paths", "code"];

const FORMS: &str = "`openapi = \"openapi.json\"`, or \
     `openapi(path = \"openapi.yaml\", operations(\"getRepo\"), code = \"/error/code\")`";

/// `openapi = "..."` or `openapi(...)`; `None` when a mistake was reported.
pub fn parse(meta: &ParseNestedMeta, errors: &mut Errors) -> syn::Result<Option<OpenApiAttr>> {
    let key = meta.path.to_token_stream();
    if meta.input.peek(Token![=]) {
        let path: LitStr = meta.value()?.parse().map_err(|error| {
            syn::Error::new(
                error.span(),
                format_args!("expected the document's path as a string: {FORMS}"),
            )
        })?;
        return Ok(Some(OpenApiAttr {
            key,
            path,
            operations: Vec::new(),
            tags: Vec::new(),
            paths: Vec::new(),
            code: None,
        }));
    }
    let Some((inside, span, _)) = meta.input.cursor().group(Delimiter::Parenthesis) else {
        return Err(meta.error(format_args!("write {FORMS}")));
    };
    let list = MetaList {
        path: meta.path.clone(),
        delimiter: MacroDelimiter::Paren(Paren { span }),
        tokens: inside.token_stream(),
    };
    meta.input.parse::<TokenTree>()?;
    let mut keys = Keys {
        path: Attr::new(PLACE, "path"),
        operations: Attr::new(PLACE, "operations(...)").hint("list every operation in one"),
        tags: Attr::new(PLACE, "tags(...)").hint("list every tag in one"),
        paths: Attr::new(PLACE, "paths(...)").hint("list every path in one"),
        code: Attr::new(PLACE, "code"),
    };
    let clean = each_key(&list, errors, |meta, errors| keys.key(meta, errors));
    let Some(path) = keys.path.take() else {
        if clean {
            errors.at(
                &meta.path,
                "`openapi(...)` needs the document: `openapi(path = \"openapi.json\", ...)`",
            );
        }
        return Ok(None);
    };
    if !clean {
        return Ok(None);
    }
    Ok(Some(OpenApiAttr {
        key,
        path,
        operations: keys.operations.take().unwrap_or_default(),
        tags: keys.tags.take().unwrap_or_default(),
        paths: keys.paths.take().unwrap_or_default(),
        code: keys.code.take(),
    }))
}

struct Keys {
    path: Attr<LitStr>,
    operations: Attr<Vec<LitStr>>,
    tags: Attr<Vec<LitStr>>,
    paths: Attr<Vec<LitStr>>,
    code: Attr<LitStr>,
}

impl Keys {
    fn key(&mut self, meta: &ParseNestedMeta, errors: &mut Errors) -> syn::Result<()> {
        let key = &meta.path;
        match key.get_ident().map(Ident::to_string).as_deref() {
            Some("path") => {
                let document: LitStr = meta.value()?.parse().map_err(|error| {
                    syn::Error::new(
                        error.span(),
                        "expected the document's path as a string: `path = \"openapi.json\"`",
                    )
                })?;
                self.path.set(key, document, errors);
            }
            Some(name @ ("operations" | "tags" | "paths")) => {
                let (slot, example) = match name {
                    "operations" => (&mut self.operations, "getRepo"),
                    "tags" => (&mut self.tags, "repos"),
                    _ => (&mut self.paths, "/repos/{owner}/{repo}"),
                };
                let expected = format!("write `{name}(\"{example}\")`: a list of strings");
                if meta.input.cursor().group(Delimiter::Parenthesis).is_none() {
                    return Err(meta.error(expected));
                }
                let names = in_parens(meta.input, |content: ParseStream| {
                    content
                        .parse_terminated(<LitStr as syn::parse::Parse>::parse, Token![,])
                        .map_err(|error| syn::Error::new(error.span(), &expected))
                })?;
                if names.is_empty() {
                    return Err(syn::Error::new_spanned(key, expected));
                }
                slot.set(key, names.into_iter().collect(), errors);
            }
            Some("code") => {
                let pointer: LitStr = meta.value()?.parse().map_err(|error| {
                    syn::Error::new(
                        error.span(),
                        "expected a JSON pointer into the error body as a string: \
                         `code = \"/error/code\"`",
                    )
                })?;
                if is_json_pointer(&pointer.value()) && !pointer.value().is_empty() {
                    self.code.set(key, pointer, errors);
                } else {
                    errors.at(
                        &pointer,
                        "`code` is a JSON pointer into the error body, to the member whose \
                         schema enumerates the codes: `code = \"/error/code\"`",
                    );
                }
            }
            _ => return Err(unknown_key(key, KEYS, PLACE)),
        }
        Ok(())
    }
}
