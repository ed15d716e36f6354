//! Which documented error statuses and codes the enum's variants claim: a status by
//! an exact `#[status(N)]` (with or without `code`) or a range, a code by a
//! `code = "..."`. The catch-all claims nothing: the point of the document is a
//! variant per documented error.

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;
use syn::LitStr;

use super::document::{Document, Documented, Located};
use super::names::{camel, variant_name};
use crate::ast::Input;
use crate::attr::{closest, OpenApiAttr, Statuses};
use crate::ctxt::Errors;

/// How many operations a message names before counting the rest.
const NAMED: usize = 3;

pub fn check(input: &Input, openapi: &OpenApiAttr, errors: &mut Errors) -> TokenStream {
    let written = openapi.path.value();
    let full = match locate(&written) {
        Ok(full) => full,
        Err(sentence) => {
            errors.at(&openapi.path, sentence);
            return TokenStream::new();
        }
    };
    let document = match Document::read(&full, openapi.code.is_some()) {
        Ok(document) => document,
        Err(sentence) => {
            errors.at(
                &openapi.path,
                format_args!("the OpenAPI document `{written}`: {sentence}"),
            );
            return TokenStream::new();
        }
    };
    // Reading the document with `include_bytes!` puts it in cargo's dep-info, so
    // the crate rebuilds when it changes. Inside a function no one calls, rustc
    // reads it without making it a constant: on a 13.6 MB document that is about
    // 0.1 s instead of 0.3 s (BENCHMARKS.md). A path that is not UTF-8 cannot be
    // written in the macro: the check still runs, the rebuild on change is lost.
    let include = full.to_str().map(|full| {
        quote! {
            const _: () = {
                #[allow(dead_code)]
                fn openapi_document() {
                    let _ = ::core::include_bytes!(#full);
                }
            };
        }
    });
    let Some(selected) = select(&document, openapi, errors) else {
        return include.unwrap_or_default();
    };
    statuses_claimed(input, openapi, &selected, errors);
    if let Some(pointer) = &openapi.code {
        codes_claimed(input, &document, pointer, &selected, errors);
    }
    include.unwrap_or_default()
}

/// The document's file: relative to the crate's manifest directory, or to an
/// environment variable the path starts with (`$OUT_DIR/openapi.json`).
fn locate(written: &str) -> Result<PathBuf, String> {
    if let Some(rest) = written.strip_prefix('$') {
        let (name, tail) = rest.split_once('/').unwrap_or((rest, ""));
        let base = std::env::var_os(name).ok_or_else(|| {
            format!(
                "the OpenAPI document `{written}`: the environment variable `{name}` is not set"
            )
        })?;
        return Ok(PathBuf::from(base).join(tail));
    }
    let base = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    Ok(base.unwrap_or_default().join(written))
}

/// The operations the enum answers for; `None` when the narrowing names something
/// the document does not have (reported).
fn select<'a>(
    document: &'a Document,
    openapi: &OpenApiAttr,
    errors: &mut Errors,
) -> Option<Vec<Located<'a>>> {
    let all: Vec<Located> = document.operations().collect();
    let ids: Vec<&str> = all
        .iter()
        .filter_map(|op| op.operation.operation_id.as_deref())
        .collect();
    let mut tags: Vec<&str> = all
        .iter()
        .flat_map(|op| op.operation.tags.iter().map(String::as_str))
        .collect();
    tags.sort_unstable();
    tags.dedup();
    let paths: Vec<&str> = document.paths.keys().map(String::as_str).collect();
    let written = openapi.path.value();
    let mut known = true;
    known &= all_known(&openapi.operations, &ids, "operation", &written, errors);
    known &= all_known(&openapi.tags, &tags, "tag", &written, errors);
    known &= all_known(&openapi.paths, &paths, "path", &written, errors);
    if !known {
        return None;
    }
    let listed = |names: &[LitStr], name: &str| {
        names.is_empty() || names.iter().any(|lit| lit.value() == name)
    };
    // A path whose `$ref` was not followed may hold any operation, of any tag:
    // unless the paths narrowed to leave it out, it cannot be checked.
    let mut checkable = true;
    for (_, error) in document
        .unresolved
        .iter()
        .filter(|(path, _)| listed(&openapi.paths, path))
    {
        errors.at(
            &openapi.path,
            format_args!("the OpenAPI document `{written}`: {error}"),
        );
        checkable = false;
    }
    if !checkable {
        return None;
    }
    let selected: Vec<Located> = all
        .into_iter()
        .filter(|op| {
            let id = op.operation.operation_id.as_deref().unwrap_or_default();
            listed(&openapi.operations, id)
                && (openapi.tags.is_empty()
                    || op
                        .operation
                        .tags
                        .iter()
                        .any(|tag| listed(&openapi.tags, tag)))
                && listed(&openapi.paths, op.path)
        })
        .collect();
    if selected.is_empty() {
        errors.at(
            &openapi.key,
            format_args!(
                "no operation of the OpenAPI document `{written}` is selected: \
                 an operation must match every one of `operations`, `tags` and `paths` given"
            ),
        );
        return None;
    }
    Some(selected)
}

/// Every name of `listed` is one of `known`; each that is not is reported.
fn all_known(
    listed: &[LitStr],
    known: &[&str],
    what: &str,
    document: &str,
    errors: &mut Errors,
) -> bool {
    let mut clean = true;
    for lit in listed {
        let name = lit.value();
        if known.contains(&name.as_str()) {
            continue;
        }
        clean = false;
        let hint = match closest(&name, known) {
            Some(close) => format!("; did you mean `{close}`?"),
            None => String::new(),
        };
        errors.at(
            lit,
            format_args!("the OpenAPI document `{document}` has no {what} `{name}`{hint}"),
        );
    }
    clean
}

/// Each documented error status (or `4XX` class), with the operations that document it.
fn documented<'a>(selected: &'a [Located<'a>]) -> BTreeMap<Documented, Vec<String>> {
    let mut found: BTreeMap<Documented, Vec<String>> = BTreeMap::new();
    for op in selected {
        for key in op.operation.responses.keys() {
            if let Some(documented) = Documented::from_key(key) {
                found.entry(documented).or_default().push(op.name());
            }
        }
    }
    found
}

/// Every documented error status is claimed by an exact variant or a range, and a
/// `4XX` class by variants that cover each of its statuses.
fn statuses_claimed(
    input: &Input,
    openapi: &OpenApiAttr,
    selected: &[Located],
    errors: &mut Errors,
) {
    let claims = |status: u16| {
        input
            .variants
            .iter()
            .filter_map(|variant| variant.status.as_ref())
            .any(|attr| match attr.statuses {
                Statuses::Code(code) => code == status,
                Statuses::Range(lo, hi) => (lo..=hi).contains(&status),
                Statuses::Other => false,
            })
    };
    for (documented, operations) in documented(selected) {
        if documented.range().all(claims) {
            continue;
        }
        let named = named(&operations);
        let message = match documented {
            Documented::Status(status) => format!(
                "the OpenAPI document declares status {status} for {named}, and no variant claims it: \
                 add `#[status({status})] {}(#[context] http_api_error::Context)`, or a range that covers it",
                variant_name(status)
            ),
            Documented::Class(class) => format!(
                "the OpenAPI document declares `{class}XX` for {named}, and the variants do not cover \
                 every {class}xx status: add `#[status({class}00..={class}99)] {}(#[context] http_api_error::Context)`",
                if class == 4 { "ClientError" } else { "ServerError" }
            ),
        };
        errors.at(&openapi.path, message);
    }
}

/// Every code the error schemas enumerate at `pointer` is some variant's `code`.
fn codes_claimed(
    input: &Input,
    document: &Document,
    pointer: &LitStr,
    selected: &[Located],
    errors: &mut Errors,
) {
    // Each code, with the statuses and operations whose error schema enumerates it.
    let mut codes: BTreeMap<String, (Vec<Documented>, Vec<String>)> = BTreeMap::new();
    for op in selected {
        for (key, response) in &op.operation.responses {
            let Some(documented) = Documented::from_key(key) else {
                continue;
            };
            for schema in document.response_schemas(response) {
                for member in document.at_pointer(schema, &pointer.value()) {
                    for code in document.enumerated(member) {
                        let (statuses, operations) = codes.entry(code).or_default();
                        if !statuses.contains(&documented) {
                            statuses.push(documented);
                        }
                        let name = op.name();
                        if !operations.contains(&name) {
                            operations.push(name);
                        }
                    }
                }
            }
        }
    }
    if codes.is_empty() {
        errors.at(
            pointer,
            format_args!(
                "no error schema of the selected operations enumerates codes at `{}`: \
                 point `code` at the member whose schema has an `enum`, or leave it out",
                pointer.value()
            ),
        );
        return;
    }
    let claimed: Vec<&str> = input
        .variants
        .iter()
        .filter_map(|variant| variant.status.as_ref())
        .flat_map(|status| status.codes.iter().map(|(code, _)| code.as_str()))
        .collect();
    for (code, (statuses, operations)) in codes {
        if claimed.contains(&code.as_str()) {
            continue;
        }
        let mut statuses = statuses;
        statuses.sort_unstable();
        let variant = camel(&code);
        // A code under one status says where it belongs; a schema shared by many
        // statuses does not, and the user picks.
        let add = match statuses.as_slice() {
            [Documented::Status(status)] => format!(
                "add `#[status({status}, code = \"{code}\")] {variant}(#[context] http_api_error::Context)`"
            ),
            _ => format!(
                "add `code = \"{code}\"` to a variant of the status that sends it, as in \
                 `#[status(400, code = \"{code}\")] {variant}(#[context] http_api_error::Context)`"
            ),
        };
        let statuses: Vec<String> = statuses.iter().map(ToString::to_string).collect();
        errors.at(
            pointer,
            format_args!(
                "the OpenAPI document enumerates error code `{code}` (in the error schema of \
                 {} {} in {}), and no variant claims it: {add}",
                if statuses.len() == 1 {
                    "status"
                } else {
                    "statuses"
                },
                statuses.join(", "),
                named(&operations),
            ),
        );
    }
}

/// `` `a`, `b`, `c` and 4 more ``.
fn named(operations: &[String]) -> String {
    let shown: Vec<String> = operations
        .iter()
        .take(NAMED)
        .map(|name| format!("`{name}`"))
        .collect();
    match operations.len().saturating_sub(NAMED) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}
