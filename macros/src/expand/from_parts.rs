//! `from_parts`: a `match` on the status in the classification's order (exact
//! statuses, then ranges, then the catch-all), a `match` on the error code inside
//! for statuses with code variants, and one decode per group of variants sharing a
//! body type.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Member;

use super::{body_key, group_by, has_error_codes, spanned_call, statuses_of, tuple_field};
use crate::ast::{self, Input, Variant};
use crate::attr::Statuses;

/// Match arms in priority order by status alone: exact codes, then ranges; the
/// catch-all is `_`. Variants chosen by an error code are not among them.
fn arms_by_priority<'a>(input: &'a Input) -> impl Iterator<Item = (&'a Variant<'a>, TokenStream)> {
    let exact = input
        .variants
        .iter()
        .filter(|variant| !has_error_codes(variant))
        .filter_map(|variant| match statuses_of(variant) {
            Statuses::Code(code) => Some((variant, quote!(#code))),
            _ => None,
        });
    let ranges = input
        .variants
        .iter()
        .filter_map(|variant| match statuses_of(variant) {
            Statuses::Range(lo, hi) => Some((variant, quote!(#lo..=#hi))),
            _ => None,
        });
    exact.chain(ranges)
}

pub(super) fn from_parts(input: &Input, other: &Variant) -> TokenStream {
    let coded = coded_statuses(input);
    let coded_arms = coded
        .iter()
        .map(|(status, variants)| coded_arm(input, *status, variants, other.index));
    let (exact, ranges): (Vec<_>, Vec<_>) = arms_by_priority(input)
        .filter(|(variant, _)| match statuses_of(variant) {
            Statuses::Code(code) => !coded.iter().any(|(status, _)| *status == code),
            _ => true,
        })
        .partition(|(variant, _)| matches!(statuses_of(variant), Statuses::Code(_)));
    // Exact codes before ranges, so that an or-pattern of a later group never
    // claims a status an earlier arm should have.
    let arms: Vec<TokenStream> = [exact, ranges]
        .iter()
        .flat_map(|arms| group_by(arms, |(variant, _)| body_key(variant)))
        .map(|group| build_group(&group))
        .collect();
    let build_other = build_catch_all(other);
    let other_index = other.index;
    quote! {
        fn from_parts(
            status: ::http_api_error::__private::http::StatusCode,
            headers: &::http_api_error::__private::http::HeaderMap,
            body: &[u8],
        ) -> Self {
            #[allow(unused_imports)]
            use ::http_api_error::__private::{
                decode_captured as __decode, decode_into as __decode_into,
                decode_with_code as __decode_with_code, noted as __noted,
            };
            #[allow(unused_imports)]
            use ::core::{option::Option::{None as __None, Some as __Some}, result::Result::{Err as __Err, Ok as __Ok}};
            // The catch-all, told the index of the declaration the response fell
            // under (`usize::MAX` when that is left to be looked up).
            let __other = |mut __context: ::http_api_error::Context,
                           __error: ::core::option::Option<::http_api_error::body::BodyError>,
                           __declared: ::core::primitive::usize|
             -> Self { #build_other };
            // Every path keeps a context: the variant's own, or the catch-all's.
            #[allow(unused_mut)]
            let mut __context = ::http_api_error::__private::capture::<Self>(status, headers, body);
            match status.as_u16() {
                #(#coded_arms)*
                #(#arms)*
                _ => __other(__context, __None, #other_index),
            }
        }
    }
}

/// The statuses that have variants chosen by an error code, with those variants in
/// declaration order.
fn coded_statuses<'a>(input: &'a Input) -> Vec<(u16, Vec<&'a Variant<'a>>)> {
    let mut coded: Vec<(u16, Vec<&Variant>)> = Vec::new();
    for variant in input
        .variants
        .iter()
        .filter(|variant| has_error_codes(variant))
    {
        let Statuses::Code(status) = statuses_of(variant) else {
            continue;
        };
        match coded.iter_mut().find(|(seen, _)| *seen == status) {
            Some((_, variants)) => variants.push(variant),
            None => coded.push((status, vec![variant])),
        }
    }
    coded
}

/// The arm of a status with code variants: the error code chooses among them, else
/// the status's [`status_fallback`]. When they all decode one body type
/// ([`shared_body`]), the body is decoded once and the code read in the same pass;
/// otherwise the code is read first and the chosen variant decodes its own body.
fn coded_arm(input: &Input, status: u16, variants: &[&Variant], other_index: usize) -> TokenStream {
    let choose: Vec<TokenStream> = variants
        .iter()
        .enumerate()
        .map(|(i, variant)| {
            let error_codes = variant
                .status
                .iter()
                .flat_map(|status| status.codes.iter().map(|(code, _)| code));
            quote!(__Some(#(#error_codes)|*) => #i,)
        })
        .collect();
    let which = |code: TokenStream| {
        quote! {
            match #code.as_deref() {
                #(#choose)*
                _ => ::core::primitive::usize::MAX,
            }
        }
    };
    let fallback = status_fallback(input, status);
    let (head, decoded) = match shared_body(variants, fallback) {
        Some(body) => {
            let decode = spanned_call(
                &quote!(__decode_with_code::<_, Self>),
                body.decoded(),
                &quote!(&__context),
            );
            let which = which(quote!(__code));
            let head = quote! {
                let (__decoded, __which): (_, ::core::primitive::usize) = {
                    let (__decoded, __code) = #decode;
                    (__decoded, #which)
                };
            };
            (head, Some(quote!(__decoded)))
        }
        None => {
            let which = which(quote!(::http_api_error::__private::code::<Self>(
                &__context
            )));
            (
                quote!(let __which: ::core::primitive::usize = #which;),
                None,
            )
        }
    };
    let build = variants.iter().enumerate().map(|(i, variant)| {
        let build = build_variant_from(variant, decoded.as_ref());
        quote!(#i => #build,)
    });
    let fallback = match fallback {
        Some(variant) => build_variant_from(variant, decoded.as_ref()),
        None => quote!(__other(__context, __None, #other_index)),
    };
    quote! {
        #status => {
            #head
            match __which {
                #(#build)*
                _ => #fallback,
            }
        }
    }
}

/// The body type every candidate of a status decodes, when there is one: its code
/// variants and its fallback (not the catch-all) all have a body of that type,
/// plain or in an `Option`.
fn shared_body<'a>(
    variants: &[&'a Variant],
    fallback: Option<&'a Variant>,
) -> Option<&'a ast::Body<'a>> {
    let fallback = fallback?;
    let first = variants.first()?.body.as_ref()?;
    let same = |variant: &Variant| {
        variant
            .body
            .as_ref()
            .is_some_and(|body| body.key == first.key)
    };
    (same(fallback) && variants.iter().all(|variant| same(variant))).then_some(first)
}

/// What a status with code variants becomes when no code matches: its own variant,
/// else the range that holds it; `None` for the catch-all.
fn status_fallback<'a>(input: &'a Input, status: u16) -> Option<&'a Variant<'a>> {
    let plain = input.variants.iter().find(|variant| {
        !has_error_codes(variant) && statuses_of(variant) == Statuses::Code(status)
    });
    let range = || {
        input.variants.iter().find(|variant| {
            matches!(statuses_of(variant), Statuses::Range(lo, hi) if (lo..=hi).contains(&status))
        })
    };
    plain.or_else(range)
}

/// `Self::V(..)` or `Self::V { .. }` with the given body and context expressions in
/// their members, evaluated body first: a decode may note a failure in the context
/// before the context is moved.
fn construct(
    variant: &Variant,
    body: Option<TokenStream>,
    context: Option<TokenStream>,
) -> TokenStream {
    let ident = variant.ident;
    let body = variant.body.as_ref().map(|field| &field.member).zip(body);
    let context = variant.context.as_ref().zip(context);
    let in_order = match (&body, &context) {
        (Some((Member::Unnamed(body), _)), Some((Member::Unnamed(context), _))) => {
            body.index < context.index
        }
        _ => true,
    };
    if let (Some(count), true) = (variant.tuple, in_order) {
        let fields = (0..count).map(|index| tuple_field(index, body.as_ref(), context.as_ref()));
        return quote!(Self::#ident(#(#fields),*));
    }
    let members = body.into_iter().chain(context);
    let members = members.map(|(member, value)| quote!(#member: #value,));
    quote!(Self::#ident { #(#members)* })
}

/// The arms for variants chosen by status whose bodies have one type: the body
/// decoded once for the group, then the variant chosen by `status` again. A lone
/// variant, or variants without a body, get an arm each.
fn build_group(group: &[&(&Variant, TokenStream)]) -> TokenStream {
    let body = match group {
        [(first, _), _, ..] => first.body.as_ref(),
        _ => None,
    };
    let Some(body) = body else {
        let arms = group.iter().map(|(variant, pattern)| {
            let build = build_variant(variant);
            quote!(#pattern => #build,)
        });
        return quote!(#(#arms)*);
    };
    let patterns = group.iter().map(|(_, pattern)| pattern);
    let choose = group.iter().map(|(variant, pattern)| {
        let build = construct(variant, Some(quote!(__body)), Some(quote!(__context)));
        quote!(#pattern => #build,)
    });
    let choose = quote! {
        match status.as_u16() {
            #(#choose)*
            _ => __other(__context, __None, ::core::primitive::usize::MAX),
        }
    };
    let decode = decode_call(body);
    if body.optional.is_some() {
        return quote! {
            #(#patterns)|* => {
                let __body = #decode;
                #choose
            }
        };
    }
    quote! {
        #(#patterns)|* => match #decode {
            __Ok(__body) => #choose,
            __Err(__error) => __other(__context, __Some(__error), ::core::primitive::usize::MAX),
        },
    }
}

/// The call that decodes `body` from the raw bytes: an `Option<T>` body noting a
/// failure in `__context`, a `T` body as a `Result`.
fn decode_call(body: &ast::Body) -> TokenStream {
    let ty = body.decoded();
    if body.optional.is_some() {
        spanned_call(&quote!(__decode_into), ty, &quote!(body, &mut __context))
    } else {
        spanned_call(&quote!(__decode), ty, &quote!(body, &__context))
    }
}

/// Decoding and construction for a variant chosen by its status, from `body` and
/// the captured `__context`.
fn build_variant(variant: &Variant) -> TokenStream {
    build_variant_from(variant, None)
}

/// [`build_variant`], or, given `decoded` (a body already decoded, as a `Result`),
/// the construction from it.
fn build_variant_from(variant: &Variant, decoded: Option<&TokenStream>) -> TokenStream {
    let Some(body) = &variant.body else {
        return construct(variant, None, Some(quote!(__context)));
    };
    let optional = body.optional.is_some();
    let decode = match decoded {
        Some(decoded) if optional => quote!(__noted(#decoded, &mut __context)),
        Some(decoded) => decoded.clone(),
        None => decode_call(body),
    };
    if optional {
        return construct(variant, Some(decode), Some(quote!(__context)));
    }
    let build = construct(variant, Some(quote!(__body)), Some(quote!(__context)));
    let index = variant.index;
    quote!(
        match #decode {
            __Ok(__body) => #build,
            __Err(__error) => __other(__context, __Some(__error), #index),
        }
    )
}

/// The catch-all's construction, inside the `__other` closure: a body of its own is
/// decoded, and the failure that sent the response here is what the context keeps.
fn build_catch_all(variant: &Variant) -> TokenStream {
    // The checks made the catch-all's body an `Option`.
    let decode_body = variant.body.as_ref().map(|body| {
        let decode = decode_call(body);
        quote!(let __body = #decode;)
    });
    let build = construct(variant, Some(quote!(__body)), Some(quote!(__context)));
    quote! {
        #decode_body
        if let __Some(__error) = __error {
            ::http_api_error::__private::note_error(&mut __context, __error);
        }
        ::http_api_error::__private::record_declaration::<Self>(&mut __context, __declared);
        #build
    }
}
