//! Collects every mistake found in one derive, so that a single compile reports all
//! of them instead of stopping at the first.

use std::fmt::Display;

use proc_macro2::TokenStream;
use quote::ToTokens;

#[derive(Default)]
pub struct Errors {
    errors: Vec<syn::Error>,
}

impl Errors {
    pub fn push(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    pub fn at(&mut self, tokens: impl ToTokens, message: impl Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    /// An error at `tokens` that also points at an earlier, conflicting `first`.
    pub fn conflict(
        &mut self,
        tokens: impl ToTokens,
        message: impl Display,
        first: impl ToTokens,
        first_note: impl Display,
    ) {
        let mut error = syn::Error::new_spanned(tokens, message);
        error.combine(syn::Error::new_spanned(first, first_note));
        self.push(error);
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Every error as `compile_error!` invocations, in the order they were found.
    pub fn into_compile_errors(self) -> TokenStream {
        self.errors
            .into_iter()
            .map(syn::Error::into_compile_error)
            .collect()
    }
}
