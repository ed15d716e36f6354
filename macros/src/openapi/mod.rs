//! `#[api(openapi = "...")]`: the enum checked against the vendor's OpenAPI
//! document at compile time. The attribute is read without the `openapi` feature
//! too, so that a build without it says which feature to turn on.

#[cfg(feature = "openapi")]
mod claims;
#[cfg(feature = "openapi")]
mod document;
#[cfg(feature = "openapi")]
mod names;

use proc_macro2::TokenStream;

use crate::ast::Input;
use crate::attr::OpenApiAttr;
use crate::ctxt::Errors;

/// Reports what the document declares and no variant claims. The tokens make the
/// build read the document, so that cargo rebuilds when it changes.
pub fn check(input: &Input, errors: &mut Errors) -> TokenStream {
    let Some(openapi) = &input.api.openapi else {
        return TokenStream::new();
    };
    #[cfg(feature = "openapi")]
    {
        claims::check(input, openapi, errors)
    }
    #[cfg(not(feature = "openapi"))]
    {
        feature_off(openapi, errors);
        TokenStream::new()
    }
}

/// Compiled with the feature too, so that its test runs in every build.
#[cfg_attr(feature = "openapi", allow(dead_code))]
fn feature_off(openapi: &OpenApiAttr, errors: &mut Errors) {
    errors.at(
        &openapi.key,
        "checking against an OpenAPI document needs the `openapi` feature: \
         `http-api-error = { version = \"0.1\", features = [\"openapi\"] }`",
    );
}

/// Without the feature the attribute is an error that names it. trybuild's cases
/// are built with the feature on (features unify), so this is a unit test; the
/// message is tested in every build, the whole derive without the feature
/// (`cargo test -p http-api-error-derive`).
#[cfg(test)]
mod tests {
    use crate::ctxt::Errors;

    fn input() -> syn::DeriveInput {
        syn::parse_quote! {
            #[api(openapi = "openapi.json")]
            enum E {
                #[status(404)]
                NotFound(#[context] Context),
                #[status(other)]
                Unexpected(#[context] Context),
            }
        }
    }

    #[test]
    fn the_message_names_the_feature() {
        let input = input();
        let mut errors = Errors::default();
        let parsed = crate::ast::parse(&input, &mut errors);
        let openapi = parsed
            .as_ref()
            .and_then(|parsed| parsed.api.openapi.as_ref());
        assert!(openapi.is_some() && errors.is_empty());
        if let Some(openapi) = openapi {
            super::feature_off(openapi, &mut errors);
        }
        let output = errors.into_compile_errors().to_string();
        assert!(output.contains("needs the `openapi` feature"), "{output}");
    }

    #[cfg(not(feature = "openapi"))]
    #[test]
    fn without_the_feature_the_derive_says_so() {
        let output = crate::expand::derive(&input()).to_string();
        assert!(output.contains("needs the `openapi` feature"), "{output}");
    }
}
