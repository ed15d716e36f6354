//! One key's value, kept from its first occurrence: a key given twice is reported
//! here, for every key of every attribute, with both places.

use proc_macro2::TokenStream;
use quote::ToTokens;

use crate::ctxt::Errors;

pub struct Attr<T> {
    /// The key as written in messages: `vendor`, `codes(...)`.
    name: &'static str,
    /// The attribute or list it sits in: `` `#[api(...)]` ``.
    place: &'static str,
    /// What to write instead of a second one.
    hint: &'static str,
    first: Option<(TokenStream, T)>,
}

impl<T> Attr<T> {
    pub fn new(place: &'static str, name: &'static str) -> Self {
        Attr {
            name,
            place,
            hint: "give it once",
            first: None,
        }
    }

    pub fn hint(self, hint: &'static str) -> Self {
        Attr { hint, ..self }
    }

    /// Keeps `value` unless the key was given before; then the second `key` is
    /// reported and points back at the first.
    pub fn set(&mut self, key: impl ToTokens, value: T, errors: &mut Errors) {
        match &self.first {
            Some((first, _)) => errors.conflict(
                key,
                format_args!("duplicate `{}` in {}; {}", self.name, self.place, self.hint),
                first,
                format_args!("`{}` is first given here", self.name),
            ),
            None => self.first = Some((key.into_token_stream(), value)),
        }
    }

    pub fn is_set(&self) -> bool {
        self.first.is_some()
    }

    pub fn get(&self) -> Option<&T> {
        self.first.as_ref().map(|(_, value)| value)
    }

    pub fn take(self) -> Option<T> {
        self.first.map(|(_, value)| value)
    }
}
