//! Code generation: `impl ApiError` (its `from_parts`, in `from_parts.rs`), the
//! hidden `impl Derived` the trait's methods read through (the declarations, the
//! rules, `held`, `context_mut`), and `Display` and `Error` when asked. On any
//! mistake, the errors and a stub impl, so that call sites do not fail a second
//! time.

use proc_macro2::{Ident, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{DeriveInput, Generics, Member, Type, WherePredicate};

mod from_parts;

use from_parts::from_parts;

use crate::ast::{self, Input, Variant};
use crate::attr::{Retry, Statuses, SuccessRule};
use crate::check;
use crate::ctxt::Errors;
pub fn derive(input: &DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    let parsed = ast::parse(input, &mut errors);
    let mut document = TokenStream::new();
    if let Some(parsed) = &parsed {
        check::all(parsed, &mut errors);
        document = crate::openapi::check(parsed, &mut errors);
    }
    let display = parsed.as_ref().is_some_and(|parsed| parsed.api.display);
    let mut tokens = match parsed {
        Some(parsed) if errors.is_empty() => expand(&parsed),
        _ => {
            let mut tokens = errors.into_compile_errors();
            tokens.extend(stub(input, display));
            tokens
        }
    };
    tokens.extend(document);
    tokens
}

fn expand(input: &Input) -> TokenStream {
    let ident = &input.original.ident;
    let generics = with_body_bounds(input, false);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();

    let declarations = input.variants.iter().map(declaration);
    let count = input.variants.len();
    let vendor = input.api.vendor.as_ref().map(|vendor| {
        quote! {
            const VENDOR: ::core::option::Option<&'static str> = ::core::option::Option::Some(#vendor);
        }
    });
    let rules = rules(input);

    // The checks guarantee exactly one catch-all before expansion is reached.
    let Some(other) = catch_all(input) else {
        return stub(input.original, input.api.display);
    };
    let from_parts = from_parts(input, other);
    let held = held(input);
    let context_mut = context_mut(input);
    let display = input
        .api
        .display
        .then(|| display(input.original, &generics));
    let render = input.api.render.then(|| render(input));

    quote! {
        #[automatically_derived]
        impl #impl_generics ::http_api_error::ApiError for #ident #ty_generics #where_clause {
            #from_parts
        }
        #[automatically_derived]
        impl #impl_generics ::http_api_error::__private::Derived for #ident #ty_generics #where_clause {
            // A `static`, so that the table has one address in every crate: a
            // catch-all's context recognises its enum's table by it.
            const DECLARATIONS: &'static [::http_api_error::Declaration] = {
                #[allow(unused_imports)]
                use ::http_api_error::{__private::Row as __D, Retry as __R};
                static __DECLARATIONS: [::http_api_error::Declaration; #count] = [#(#declarations),*];
                &__DECLARATIONS
            };
            #vendor
            #rules
            #held
            #context_mut
        }
        #display
        #render
    }
}

/// `RenderResponse`, for `#[api(render)]`: each variant's body serialised.
fn render(input: &Input) -> TokenStream {
    let ident = &input.original.ident;
    let generics = with_body_bounds(input, true);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let arms = input.variants.iter().map(|variant| {
        let pattern = pattern(variant, true, false);
        let json = body_json_call(variant);
        quote!(#pattern => #json,)
    });
    quote! {
        #[automatically_derived]
        impl #impl_generics ::http_api_error::render::RenderResponse for #ident #ty_generics #where_clause {
            fn body_json(
                &self,
            ) -> ::core::option::Option<
                ::core::result::Result<
                    ::std::vec::Vec<u8>,
                    ::http_api_error::__private::serde_json::Error,
                >,
            > {
                match self { #(#arms)* }
            }
        }
    }
}

/// The variant's declaration: a short constructor for its statuses, then only what
/// the attribute wrote (`__D` and `__R` are imported where the declarations go).
fn declaration(variant: &Variant) -> TokenStream {
    let name = variant.ident.to_string();
    // A variant without a usable status never reaches expansion: it was reported.
    let Some(status) = &variant.status else {
        return quote!(__D::other(#name).0);
    };
    let base = match status.statuses {
        Statuses::Code(code) => quote!(__D::code(#name, #code)),
        Statuses::Range(lo, hi) => quote!(__D::range(#name, #lo, #hi)),
        Statuses::Other => quote!(__D::other(#name)),
    };
    let retry = status.retry.as_ref().map(|(retry, _)| match retry {
        Retry::Never => quote!(.retry(__R::Never)),
        Retry::Immediately => quote!(.retry(__R::Immediately)),
        Retry::Backoff => quote!(.retry(__R::Backoff)),
        Retry::WhenAsked => quote!(.when_asked()),
    });
    // After the advice: an escalated declaration is never retried.
    let escalate = status.escalate.then(|| quote!(.escalate()));
    let codes: Vec<&str> = status.codes.iter().map(|(code, _)| code.as_str()).collect();
    let codes = (!codes.is_empty()).then(|| quote!(.codes(&[#(#codes),*])));
    quote!(#base #retry #escalate #codes .0)
}

/// `const RULES`, when `#[api(...)]` declares any: each declared item set on
/// `Rules::DEFAULT` (the capture keeps every header the rules name).
fn rules(input: &Input) -> Option<TokenStream> {
    let api = &input.api;
    let pointers = &api.pointers;
    let mut calls = Vec::new();
    if let Some(names) = &api.request_id_headers {
        calls.push(quote!(.with_request_id_headers(&[#(#names),*])));
    }
    if let Some(names) = &api.should_retry_headers {
        calls.push(quote!(.with_should_retry_headers(&[#(#names),*])));
    }
    if let Some(name) = &api.code_header {
        calls.push(quote!(.with_code_header(#name)));
    }
    if !api.rate_limits.is_empty() {
        let limits = api.rate_limits.iter().map(|limit| {
            let reset = &limit.reset;
            let format = Ident::new(limit.format, proc_macro2::Span::call_site());
            let format = match limit.leak_millis {
                Some(leak_millis) => quote!(#format { leak_millis: #leak_millis }),
                None => quote!(#format),
            };
            let remaining = limit
                .remaining
                .as_ref()
                .map(|remaining| quote!(.with_remaining(#remaining)));
            quote!(::http_api_error::__private::RateLimitHeaders::new(#reset, ::http_api_error::ResetFormat::#format) #remaining)
        });
        calls.push(quote!(.with_rate_limits(&[#(#limits),*])));
    }
    if api.idempotent {
        calls.push(quote!(.idempotent()));
    }
    if !api.success_errors.is_empty() {
        let rules = api.success_errors.iter().map(|rule| match rule {
            SuccessRule::Equals { pointer, value } => {
                let scalar = match value {
                    syn::Lit::Bool(_) => quote!(Bool(#value)),
                    syn::Lit::Int(_) => quote!(Int(#value)),
                    _ => quote!(Str(#value)),
                };
                quote!(::http_api_error::body::SuccessError::Equals(#pointer, ::http_api_error::body::Scalar::#scalar))
            }
            SuccessRule::Dialect(variant) => {
                let variant = Ident::new(variant, proc_macro2::Span::call_site());
                quote!(::http_api_error::body::SuccessError::Dialect(::http_api_error::body::Dialect::#variant))
            }
        });
        calls.push(quote!(.with_success_errors(&[#(#rules),*])));
    }
    let pointer_calls: Vec<TokenStream> = [
        ("with_message", &pointers.message),
        ("with_code", &pointers.code),
        ("with_field_errors", &pointers.field_errors),
        ("with_request_id", &pointers.request_id),
    ]
    .into_iter()
    .filter_map(|(method, pointer)| {
        let method = Ident::new(method, proc_macro2::Span::call_site());
        pointer.as_ref().map(|pointer| quote!(.#method(#pointer)))
    })
    .chain(pointers.dialect.map(|variant| {
        let variant = Ident::new(variant, proc_macro2::Span::call_site());
        quote!(.with_dialect(::http_api_error::body::Dialect::#variant))
    }))
    // A dialect a success may carry its error in is one the API speaks: its
    // bodies in that shape are read by it (a declared `dialect` reads them all).
    .chain(
        api.success_errors
            .iter()
            .find_map(|rule| match rule {
                SuccessRule::Dialect(variant) if pointers.dialect.is_none() => Some(variant),
                _ => None,
            })
            .map(|variant| {
                let variant = Ident::new(variant, proc_macro2::Span::call_site());
                quote!(.with_spoken(::http_api_error::body::Dialect::#variant))
            }),
    )
    .collect();
    if !pointer_calls.is_empty() {
        calls.push(
            quote!(.with_pointers(::http_api_error::body::Pointers::NONE #(#pointer_calls)*)),
        );
    }
    (!calls.is_empty()).then(|| {
        quote! {
            const RULES: ::http_api_error::__private::Rules = ::http_api_error::__private::Rules::DEFAULT #(#calls)*;
        }
    })
}

fn statuses_of(variant: &Variant) -> Statuses {
    variant
        .status
        .as_ref()
        .map_or(Statuses::Other, |status| status.statuses)
}

fn has_error_codes(variant: &Variant) -> bool {
    variant
        .status
        .as_ref()
        .is_some_and(|status| !status.codes.is_empty())
}

fn catch_all<'a>(input: &'a Input) -> Option<&'a Variant<'a>> {
    input
        .variants
        .iter()
        .find(|variant| statuses_of(variant) == Statuses::Other)
}

/// What goes in field `index` of a tuple variant: the value given for the member
/// there, else `_` (in a pattern).
fn tuple_field(
    index: usize,
    body: Option<&(&Member, TokenStream)>,
    context: Option<&(&Member, TokenStream)>,
) -> TokenStream {
    let at = |member: &Member| matches!(member, Member::Unnamed(i) if i.index as usize == index);
    [body, context]
        .into_iter()
        .flatten()
        .find(|(member, _)| at(member))
        .map_or_else(|| quote!(_), |(_, value)| value.clone())
}

/// What makes two variants' bodies decode alike: the decoded type as written, and
/// whether it is an `Option`.
fn body_key<'a>(variant: &'a Variant) -> Option<(&'a str, bool)> {
    variant
        .body
        .as_ref()
        .map(|body| (body.key.as_str(), body.optional.is_some()))
}

/// `callee(args)`, its type parameter inferred from where the result goes: the
/// callee and the parentheses spanned at the body type `ty`, so that a missing
/// impl is reported there, the arguments left at the call site, so that they name
/// the generated locals even in an enum written by a `macro_rules!` (a path to an
/// item resolves the same at either span; a local does not).
fn spanned_call(callee: &TokenStream, ty: &Type, args: &TokenStream) -> TokenStream {
    let span = ty.span();
    let callee: TokenStream = callee
        .clone()
        .into_iter()
        .map(|mut token| {
            token.set_span(span);
            token
        })
        .collect();
    quote_spanned!(span=> #callee(#args))
}

/// `held()`: one `match` from the variant to its index, then one arm per group of
/// variants whose context and body look alike (an or-pattern), so that the code
/// per variant is two short patterns.
fn held(input: &Input) -> TokenStream {
    let index_arms = input.variants.iter().enumerate().map(|(index, variant)| {
        let pattern = pattern(variant, false, false);
        quote!(#pattern => #index,)
    });
    let groups = group_by(&input.variants, |variant| {
        (variant.context.is_some(), body_key(variant))
    });
    let arms = groups.iter().map(|group| {
        let patterns = group.iter().map(|variant| pattern(variant, true, true));
        let first = group[0];
        let context_view = if first.context.is_some() {
            quote!(__Some(__context))
        } else {
            quote!(__None)
        };
        let body_view = body_view(first);
        quote!(#(#patterns)|* => __Held::new(__index, #context_view, #body_view),)
    });
    quote! {
        #[inline]
        fn held(&self) -> ::http_api_error::__private::Held<'_> {
            // A body type is seen through `ErrorBody` when it implements it,
            // else not at all (method lookup through `View` decides).
            #[allow(unused_imports)]
            use ::http_api_error::__private::{
                ViaReading as _, ViaErrorBody as _, View as __View, ViewOption as __ViewOption,
            };
            #[allow(unused_imports)]
            use ::http_api_error::__private::Held as __Held;
            #[allow(unused_imports)]
            use ::core::option::Option::{None as __None, Some as __Some};
            let __index: ::core::primitive::usize = match self { #(#index_arms)* };
            match self { #(#arms)* }
        }
    }
}

/// A variant's body as an `Option<&dyn ErrorBody>`, bound as `__body` by its
/// pattern, through `__View` or `__ViewOption` (imported by `held`), so that any
/// `Deserialize` type is a body.
fn body_view(variant: &Variant) -> TokenStream {
    let Some(body) = &variant.body else {
        return quote!(__None);
    };
    let span = body.decoded().span();
    let view = if body.optional.is_some() {
        quote_spanned!(span=> __ViewOption)
    } else {
        quote_spanned!(span=> __View)
    };
    quote!((&#view(__body)).error_body())
}

/// `context_mut()`: one or-pattern arm for the variants with a context, one for
/// those without.
fn context_mut(input: &Input) -> TokenStream {
    let (with, without): (Vec<&Variant>, Vec<&Variant>) = input
        .variants
        .iter()
        .partition(|variant| variant.context.is_some());
    let with = (!with.is_empty()).then(|| {
        let patterns = with.iter().map(|variant| pattern(variant, false, true));
        quote!(#(#patterns)|* => ::core::option::Option::Some(__context),)
    });
    let without = (!without.is_empty()).then(|| {
        let patterns = without.iter().map(|variant| pattern(variant, false, false));
        quote!(#(#patterns)|* => ::core::option::Option::None,)
    });
    quote! {
        fn context_mut(&mut self) -> ::core::option::Option<&mut ::http_api_error::Context> {
            match self { #with #without }
        }
    }
}

/// `items` in groups of equal `key`, each group in declaration order, the groups
/// in the order of their first item.
fn group_by<'t, T, K: PartialEq>(items: &'t [T], key: impl Fn(&'t T) -> K) -> Vec<Vec<&'t T>> {
    let mut groups: Vec<(K, Vec<&T>)> = Vec::new();
    for item in items {
        let k = key(item);
        match groups.iter_mut().find(|(seen, _)| *seen == k) {
            Some((_, group)) => group.push(item),
            None => groups.push((k, vec![item])),
        }
    }
    groups.into_iter().map(|(_, group)| group).collect()
}

/// `Self::V(__body, __context)` or `Self::V { body: __body, context: __context, .. }`,
/// binding the members asked for that the variant has.
fn pattern(variant: &Variant, body: bool, context: bool) -> TokenStream {
    let ident = variant.ident;
    let body = variant
        .body
        .as_ref()
        .filter(|_| body)
        .map(|body| (&body.member, quote!(__body)));
    let context = variant
        .context
        .as_ref()
        .filter(|_| context)
        .map(|member| (member, quote!(__context)));
    match variant.tuple {
        Some(_) if body.is_none() && context.is_none() => quote!(Self::#ident(..)),
        Some(count) => {
            let fields =
                (0..count).map(|index| tuple_field(index, body.as_ref(), context.as_ref()));
            quote!(Self::#ident(#(#fields),*))
        }
        None => {
            let members = body.into_iter().chain(context);
            let members = members.map(|(member, binding)| quote!(#member: #binding,));
            quote!(Self::#ident { #(#members)* .. })
        }
    }
}

/// For `RenderResponse`: a variant's body (bound as `__body` by its [`pattern`])
/// as JSON through `__private::optional_body_json` (`Option<T>`) or
/// `__private::body_json` (`T`); `None` for a variant without a body. Spanned at
/// the body type, so that a missing `Serialize` impl is reported there.
fn body_json_call(variant: &Variant) -> TokenStream {
    let Some(body) = &variant.body else {
        return quote!(::core::option::Option::None);
    };
    let helper = if body.optional.is_some() {
        quote!(::http_api_error::__private::optional_body_json)
    } else {
        quote!(::http_api_error::__private::body_json)
    };
    spanned_call(&helper, body.decoded(), &quote!(__body))
}

/// The enum's generics, plus `T: DeserializeOwned` (and `Serialize` when
/// `serialize`) for every body type that mentions a type parameter. Concrete body
/// types need no bound: their impls are checked where they are used. A generic
/// body's `ErrorBody` is used when the enum's own bounds require it.
fn with_body_bounds(input: &Input, serialize: bool) -> Generics {
    let mut generics = input.original.generics.clone();
    let params: Vec<Ident> = generics
        .type_params()
        .map(|param| param.ident.clone())
        .collect();
    if params.is_empty() {
        return generics;
    }
    let predicates: Vec<WherePredicate> = input
        .variants
        .iter()
        .filter_map(|variant| variant.body.as_ref())
        .map(ast::Body::decoded)
        .filter(|ty| mentions_any(ty.to_token_stream(), &params))
        .map(|ty: &Type| {
            let serialize =
                serialize.then(|| quote!(+ ::http_api_error::__private::serde::Serialize));
            syn::parse_quote_spanned! {ty.span()=>
                #ty: ::http_api_error::__private::serde::de::DeserializeOwned
                    #serialize
            }
        })
        .collect();
    generics.make_where_clause().predicates.extend(predicates);
    generics
}

fn mentions_any(tokens: TokenStream, params: &[Ident]) -> bool {
    tokens.into_iter().any(|tree| match tree {
        proc_macro2::TokenTree::Ident(ident) => params.contains(&ident),
        proc_macro2::TokenTree::Group(group) => mentions_any(group.stream(), params),
        _ => false,
    })
}

fn display(input: &DeriveInput, generics: &Generics) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let mut error_generics = generics.clone();
    error_generics
        .make_where_clause()
        .predicates
        .push(syn::parse_quote!(Self: ::core::fmt::Debug));
    let error_where = &error_generics.where_clause;
    quote! {
        #[automatically_derived]
        impl #impl_generics ::core::fmt::Display for #ident #ty_generics #where_clause {
            fn fmt(&self, __formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::http_api_error::__private::display(self, __formatter)
            }
        }

        #[automatically_derived]
        impl #impl_generics ::std::error::Error for #ident #ty_generics #error_where {}
    }
}

/// An impl whose bodies are never run, emitted next to the errors.
fn stub(input: &DeriveInput, display: bool) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let display = display.then(|| {
        quote! {
            #[automatically_derived]
            impl #impl_generics ::core::fmt::Display for #ident #ty_generics #where_clause {
                fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::unreachable!()
                }
            }

            #[automatically_derived]
            impl #impl_generics ::std::error::Error for #ident #ty_generics #where_clause {}
        }
    });
    quote! {
        #[automatically_derived]
        impl #impl_generics ::http_api_error::ApiError for #ident #ty_generics #where_clause {
            fn from_parts(
                _: ::http_api_error::__private::http::StatusCode,
                _: &::http_api_error::__private::http::HeaderMap,
                _: &[u8],
            ) -> Self {
                ::core::unreachable!()
            }
        }

        #[automatically_derived]
        impl #impl_generics ::http_api_error::__private::Derived for #ident #ty_generics #where_clause {
            const DECLARATIONS: &'static [::http_api_error::Declaration] = &[];

            fn held(&self) -> ::http_api_error::__private::Held<'_> {
                ::core::unreachable!()
            }

            fn context_mut(&mut self) -> ::core::option::Option<&mut ::http_api_error::Context> {
                ::core::unreachable!()
            }
        }
        #display
    }
}
