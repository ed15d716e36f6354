//! Rules that span several attributes, one small function per rule.

use crate::ast::{Input, Variant};
use crate::attr::{StatusAttr, Statuses};
use crate::ctxt::Errors;
use crate::shared_rules::code_without_namespace;

pub fn all(input: &Input, errors: &mut Errors) {
    has_variants(input, errors);
    one_catch_all(input, errors);
    distinct_codes(input, errors);
    error_codes_only_on_exact_statuses(input, errors);
    disjoint_ranges(input, errors);
    ranges_reachable(input, errors);
    documented_codes_have_variants(input, errors);
    wide_variants_keep_context(input, errors);
    catch_all_body_is_optional(input, errors);
    aws_codes_are_bare(input, errors);
    successes_need_a_rule(input, errors);
}

/// A 2xx variant is reachable only through `#[api(success_error(...))]`: without
/// one, a 2xx is a success and never becomes an error.
fn successes_need_a_rule(input: &Input, errors: &mut Errors) {
    if input.api.success_error_written {
        return;
    }
    for (_, status) in statuses(input) {
        if let Statuses::Code(code @ 200..=299) = status.statuses {
            errors.at(
                &status.statuses_tokens,
                format_args!(
                    "status {code} is a success: say how it carries an error with \
                     `#[api(success_error(pointer = \"/ok\", equals = false))]` or \
                     `#[api(success_error(dialect = graphql))]`, or declare 4xx and 5xx only"
                ),
            );
        }
    }
}

/// The variants whose `#[status]` parsed, with it; the others were reported already.
fn statuses<'a>(input: &'a Input) -> impl Iterator<Item = (&'a Variant<'a>, &'a StatusAttr)> {
    input
        .variants
        .iter()
        .filter_map(|variant| Some((variant, variant.status.as_ref()?)))
}

/// An enum with no variants could classify nothing.
fn has_variants(input: &Input, errors: &mut Errors) {
    if input.variants.is_empty() {
        errors.at(
            &input.original.ident,
            "this enum has no variants: add one per documented status, \
             and a catch-all `#[status(other)] Unexpected(#[context] http_api_error::Context)`",
        );
    }
}

/// Exactly one `#[status(other)]`, so classification is total and unambiguous.
fn one_catch_all(input: &Input, errors: &mut Errors) {
    let mut catch_alls = statuses(input).filter(|(_, status)| status.statuses == Statuses::Other);
    match catch_alls.next() {
        // A status that failed to parse may be the catch-all: its own error says so.
        None if input.variants.iter().any(|variant| variant.status_unusable) => {}
        None if !input.variants.is_empty() => errors.at(
            &input.original.ident,
            "no catch-all variant: add `#[status(other)] Unexpected(#[context] http_api_error::Context)` \
             for undocumented statuses and bodies that do not decode",
        ),
        None => {}
        Some((first, first_status)) => {
            for (_, again) in catch_alls {
                errors.conflict(
                    &again.statuses_tokens,
                    "a second `#[status(other)]`: one catch-all receives every undeclared status",
                    &first_status.statuses_tokens,
                    format_args!("the catch-all is `{}`", first.ident),
                );
            }
        }
    }
}

/// A status names one variant by itself, and a (status, error code) pair names one
/// variant.
fn distinct_codes(input: &Input, errors: &mut Errors) {
    let codes: Vec<_> = statuses(input)
        .filter_map(|(variant, status)| match status.statuses {
            Statuses::Code(code) => Some((variant, status, code)),
            _ => None,
        })
        .collect();
    for (i, (_, status, code)) in codes.iter().enumerate() {
        let earlier = &codes[..i];
        if status.codes.is_empty() {
            if let Some((first, first_status, _)) = earlier
                .iter()
                .find(|(_, seen, seen_code)| seen_code == code && seen.codes.is_empty())
            {
                errors.conflict(
                    &status.statuses_tokens,
                    format_args!(
                        "duplicate status code {code}: `{}` already has it; one variant per code \
                         (tell variants of one status apart with `code = \"...\"`)",
                        first.ident
                    ),
                    &first_status.statuses_tokens,
                    format_args!("{code} is first declared on `{}`", first.ident),
                );
            }
            continue;
        }
        for (error_code, tokens) in &status.codes {
            let first = earlier.iter().find_map(|(variant, seen, seen_code)| {
                let (_, first_tokens) = seen.codes.iter().find(|(c, _)| c == error_code)?;
                (seen_code == code).then_some((variant, first_tokens))
            });
            if let Some((first, first_tokens)) = first {
                errors.conflict(
                    tokens,
                    format_args!(
                        "status {code} with code `{error_code}` is already `{}`; \
                         one variant per status and code",
                        first.ident
                    ),
                    first_tokens,
                    format_args!("first declared on `{}`", first.ident),
                );
            }
        }
    }
}

/// An error code refines one exact status: a range or the catch-all cannot take one.
fn error_codes_only_on_exact_statuses(input: &Input, errors: &mut Errors) {
    for (variant, status) in statuses(input) {
        let Some(key) = &status.code_key else {
            continue;
        };
        let what = match status.statuses {
            Statuses::Code(_) => continue,
            Statuses::Range(..) => "a range",
            Statuses::Other => "the catch-all",
        };
        errors.at(
            key,
            format_args!(
                "`code` refines one exact status, and `{}` is {what}: \
                 declare a variant like `#[status(429, code = \"...\")]` instead",
                variant.ident
            ),
        );
    }
}

/// Ranges do not overlap, so "range beats other" has one answer.
fn disjoint_ranges(input: &Input, errors: &mut Errors) {
    let ranges: Vec<_> = statuses(input)
        .filter_map(|(variant, status)| match status.statuses {
            Statuses::Range(lo, hi) => Some((variant, status, lo, hi)),
            _ => None,
        })
        .collect();
    for (i, (_, status, lo, hi)) in ranges.iter().enumerate() {
        if let Some((first, first_status, first_lo, first_hi)) = ranges[..i]
            .iter()
            .find(|(_, _, other_lo, other_hi)| lo <= other_hi && other_lo <= hi)
        {
            errors.conflict(
                &status.statuses_tokens,
                format_args!(
                    "range {lo}..={hi} overlaps {first_lo}..={first_hi} of `{}`; \
                     ranges must not share a code (an exact code may sit inside a range)",
                    first.ident
                ),
                &first_status.statuses_tokens,
                format_args!("{first_lo}..={first_hi} is declared on `{}`", first.ident),
            );
        }
    }
}

/// A range keeps at least one code that no exact variant claims (a variant with an
/// error code claims its status only for that code).
fn ranges_reachable(input: &Input, errors: &mut Errors) {
    let exact: Vec<u16> = statuses(input)
        .filter_map(|(_, status)| match status.statuses {
            Statuses::Code(code) if status.codes.is_empty() => Some(code),
            _ => None,
        })
        .collect();
    for (variant, status) in statuses(input) {
        if let Statuses::Range(lo, hi) = status.statuses {
            if (lo..=hi).all(|code| exact.contains(&code)) {
                errors.at(
                    &status.statuses_tokens,
                    format_args!(
                        "every code of {lo}..={hi} has its own variant, so `{}` can never be chosen; \
                         remove it or widen the range",
                        variant.ident
                    ),
                );
            }
        }
    }
}

/// Every code in `codes(...)` has a variant with exactly that code.
fn documented_codes_have_variants(input: &Input, errors: &mut Errors) {
    let Some(codes) = &input.api.codes else {
        return;
    };
    for (code, lit) in codes {
        if statuses(input).any(|(_, status)| status.statuses == Statuses::Code(*code)) {
            continue;
        }
        let covering = statuses(input).find_map(|(variant, status)| match status.statuses {
            Statuses::Range(lo, hi) if (lo..=hi).contains(code) => Some(variant),
            _ => None,
        });
        let message = match covering {
            Some(variant) => format!(
                "documented code {code} has no variant of its own, only the range on `{}`; \
                 add a variant with `#[status({code})]`",
                variant.ident
            ),
            None => {
                format!("documented code {code} has no variant: add one with `#[status({code})]`")
            }
        };
        errors.at(lit, message);
    }
}

/// A range or catch-all variant must keep which status it received.
fn wide_variants_keep_context(input: &Input, errors: &mut Errors) {
    for (variant, status) in statuses(input) {
        if variant.context.is_some() {
            continue;
        }
        let what = match status.statuses {
            Statuses::Code(_) => continue,
            Statuses::Range(..) => "a range variant",
            Statuses::Other => "the catch-all variant",
        };
        errors.at(
            &status.statuses_tokens,
            format_args!(
                "`{}` is {what} and covers many statuses, so it must keep the one it received: \
                 add a `#[context] http_api_error::Context` field",
                variant.ident
            ),
        );
    }
}

/// The catch-all receives bodies that failed to decode, so its own body may be absent.
fn catch_all_body_is_optional(input: &Input, errors: &mut Errors) {
    for (variant, status) in statuses(input) {
        if status.statuses != Statuses::Other {
            continue;
        }
        if let Some(body) = &variant.body {
            if body.optional.is_none() {
                errors.at(
                    body.ty,
                    format_args!(
                        "the catch-all receives bodies that did not decode, so its body must be optional: \
                         write `#[body] Option<{}>`",
                        crate::ast::type_text(body.ty)
                    ),
                );
            }
        }
    }
}

/// Where codes are AWS's (a `code_header`, or `dialect = aws` / `aws_xml`), the runtime cuts
/// them at `:` and drops a namespace before `#`, as the AWS SDKs do, so a declared
/// code with either never matches. Elsewhere codes are kept whole: an RFC 9457
/// problem type is a URI.
fn aws_codes_are_bare(input: &Input, errors: &mut Errors) {
    let api = &input.api;
    let aws_dialect = matches!(api.pointers.dialect, Some("Aws" | "AwsXml"));
    if api.code_header.is_none() && !aws_dialect {
        return;
    }
    for (_, status) in statuses(input) {
        for (code, tokens) in &status.codes {
            let bare = code_without_namespace(code);
            if bare != code {
                errors.at(
                    tokens,
                    format_args!(
                        "this enum reads AWS's codes, which are compared without a namespace \
                         before `#` or a suffix after `:`, so this one never matches: write `\"{bare}\"`"
                    ),
                );
            }
        }
    }
}
