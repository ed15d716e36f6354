//! The `#[derive(ApiError)]` macro. Use it through the `http-api-error` crate, which
//! re-exports it and holds everything the generated code refers to.

#![forbid(unsafe_code)]

mod ast;
mod attr;
mod check;
mod ctxt;
mod expand;
mod openapi;
mod shared_rules;

// rustdoc shows this after the docs of the runtime's re-export: the blank first
// line starts a paragraph of its own.
///
/// This derive lives in `http-api-error-derive`; use it through `http-api-error`,
/// which re-exports it and holds everything the generated code refers to.
#[proc_macro_derive(ApiError, attributes(api, status, body, context))]
pub fn derive_api_error(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand::derive(&input).into()
}
