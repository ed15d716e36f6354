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
        errors.at(
            &openapi.key,
            "checking against an OpenAPI document needs the `openapi` feature: \
             `http-api-error = { version = \"0.1\", features = [\"openapi\"] }`",
        );
        TokenStream::new()
    }
}

/// Without the feature the attribute is an error that names it. trybuild's cases
/// are built with the feature on (features unify), so this case is a unit test:
/// `cargo test -p http-api-error-derive` runs it.
#[cfg(all(test, not(feature = "openapi")))]
mod tests {
    #[test]
    fn without_the_feature_the_attribute_names_it() {
        let input: syn::DeriveInput = syn::parse_quote! {
            #[api(openapi = "openapi.json")]
            enum E {
                #[status(404)]
                NotFound(#[context] Context),
                #[status(other)]
                Unexpected(#[context] Context),
            }
        };
        let output = crate::expand::derive(&input).to_string();
        assert!(output.contains("needs the `openapi` feature"), "{output}");
    }
}
