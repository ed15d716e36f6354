//! The enum as the derive sees it: variants with their parsed `#[status]` and the
//! members that hold the body and the context, borrowing the syn nodes for spans.

use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Ident, Index, Member, Type};

use crate::attr::{self, ApiAttr, Role, StatusAttr};
use crate::ctxt::Errors;

pub struct Input<'a> {
    pub original: &'a DeriveInput,
    pub api: ApiAttr,
    pub variants: Vec<Variant<'a>>,
}

pub struct Variant<'a> {
    /// Its position in the enum, which is its index in `declarations()`.
    pub index: usize,
    pub ident: &'a Ident,
    /// `None` when missing or unusable; already reported.
    pub status: Option<StatusAttr>,
    /// A `#[status]` was written but could not be used.
    pub status_unusable: bool,
    pub body: Option<Body<'a>>,
    pub context: Option<Member>,
    /// The number of fields of a tuple variant, written `V(..)`; `None` for `V { .. }` and `V`.
    pub tuple: Option<usize>,
}

pub struct Body<'a> {
    pub member: Member,
    pub ty: &'a Type,
    /// `T` of an `Option<T>` body.
    pub optional: Option<&'a Type>,
    /// The decoded type as written, which bodies that decode alike share.
    pub key: String,
}

impl Body<'_> {
    pub fn decoded(&self) -> &Type {
        self.optional.unwrap_or(self.ty)
    }
}

/// Reads the derive input, reporting every misplaced or malformed attribute.
/// `None` only when there is no enum to work with.
pub fn parse<'a>(input: &'a DeriveInput, errors: &mut Errors) -> Option<Input<'a>> {
    let mut api = attr::ApiParser::new();
    for attr in &input.attrs {
        if attr.path().is_ident("api") {
            api.parse(attr, errors);
        } else if attr.path().is_ident("status") {
            errors.at(
                attr,
                "`#[status(...)]` belongs on each variant, not on the enum; \
                 the enum takes `#[api(...)]`",
            );
        } else if attr.path().is_ident("body") || attr.path().is_ident("context") {
            errors.at(
                attr,
                "`#[body]` and `#[context]` belong on fields of a variant, not on the enum",
            );
        }
    }

    let data = match &input.data {
        Data::Enum(data) => data,
        Data::Struct(data) => {
            errors.at(
                data.struct_token,
                "`ApiError` is derived for an enum of a vendor's errors, one variant per status; \
                 this is a struct",
            );
            return None;
        }
        Data::Union(data) => {
            errors.at(
                data.union_token,
                "`ApiError` is derived for an enum of a vendor's errors, one variant per status; \
                 this is a union",
            );
            return None;
        }
    };

    let variants = data
        .variants
        .iter()
        .enumerate()
        .map(|(index, variant)| parse_variant(index, variant, errors))
        .collect();
    Some(Input {
        original: input,
        api: api.finish(),
        variants,
    })
}

fn parse_variant<'a>(index: usize, variant: &'a syn::Variant, errors: &mut Errors) -> Variant<'a> {
    let mut status = None;
    let mut first_status = None;
    for attr in &variant.attrs {
        if attr.path().is_ident("status") {
            if let Some(first) = first_status {
                errors.conflict(
                    attr,
                    "a variant takes one `#[status(...)]`; cover several codes with a range \
                     or with separate variants",
                    first,
                    "the first `#[status]` is here",
                );
                continue;
            }
            first_status = Some(attr);
            status = attr::parse_status(attr, errors);
        } else if attr.path().is_ident("body") || attr.path().is_ident("context") {
            errors.at(
                attr,
                "`#[body]` and `#[context]` belong on the variant's fields, not on the variant",
            );
        } else if attr.path().is_ident("api") {
            errors.at(
                attr,
                "`#[api(...)]` belongs on the enum, not on a variant; a variant takes `#[status(...)]`",
            );
        }
    }
    if first_status.is_none() {
        errors.at(
            &variant.ident,
            format_args!(
                "variant `{}` has no `#[status(...)]`: {}",
                variant.ident,
                attr::STATUS_FORMS
            ),
        );
    }

    let (body, context) = parse_fields(variant, errors);

    Variant {
        index,
        ident: &variant.ident,
        status_unusable: first_status.is_some() && status.is_none(),
        status,
        body,
        context,
        tuple: matches!(variant.fields, syn::Fields::Unnamed(_)).then(|| variant.fields.len()),
    }
}

/// The variant's `#[body]` and `#[context]` fields, reporting fields with no role,
/// a role given twice and a context of another type.
fn parse_fields<'a>(
    variant: &'a syn::Variant,
    errors: &mut Errors,
) -> (Option<Body<'a>>, Option<Member>) {
    let mut body: Option<Body> = None;
    let mut context: Option<Member> = None;
    for (index, field) in variant.fields.iter().enumerate() {
        let member = match &field.ident {
            Some(ident) => Member::Named(ident.clone()),
            None => Member::Unnamed(Index {
                index: u32::try_from(index).unwrap_or(u32::MAX),
                span: field.ty.span(),
            }),
        };
        match attr::field_role(&field.attrs, errors) {
            Some(Role::Body) => {
                if let Some(first) = &body {
                    errors.conflict(
                        field,
                        "a variant has at most one `#[body]` field",
                        first.ty,
                        "the first `#[body]` is here",
                    );
                } else {
                    let optional = option_inner(&field.ty);
                    body = Some(Body {
                        member,
                        ty: &field.ty,
                        optional,
                        key: optional.unwrap_or(&field.ty).to_token_stream().to_string(),
                    });
                }
            }
            Some(Role::Context) => {
                if !is_context_type(&field.ty) {
                    errors.at(
                        &field.ty,
                        format_args!(
                            "a `#[context]` field has type `http_api_error::Context`, not `{}`",
                            type_text(&field.ty)
                        ),
                    );
                } else if let Some(first) = &context {
                    errors.conflict(
                        field,
                        "a variant has at most one `#[context]` field",
                        first,
                        "the first `#[context]` is here",
                    );
                } else {
                    context = Some(member);
                }
            }
            None => errors.at(
                field,
                "this field has no role: mark it `#[body]` (the decoded JSON error body) \
                 or `#[context]` (an `http_api_error::Context`: status, raw body, headers)",
            ),
        }
    }
    (body, context)
}

/// The `Context` type, by any path that ends in `Context`.
fn is_context_type(ty: &Type) -> bool {
    match ty {
        Type::Path(path) => {
            path.qself.is_none()
                && path
                    .path
                    .segments
                    .last()
                    .is_some_and(|last| last.ident == "Context" && last.arguments.is_none())
        }
        Type::Paren(inner) => is_context_type(&inner.elem),
        Type::Group(inner) => is_context_type(&inner.elem),
        _ => false,
    }
}

/// A type as a user would write it, for messages.
pub fn type_text(ty: &Type) -> String {
    quote::ToTokens::to_token_stream(ty)
        .to_string()
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" <", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
        .replace("& ", "&")
}

/// `T` when `ty` is `Option<T>`, spelled `Option`, `std::option::Option` or
/// `core::option::Option`.
fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else {
        return None;
    };
    if path.qself.is_some() {
        return None;
    }
    let segments: Vec<_> = path.path.segments.iter().collect();
    let (last, prefix) = segments.split_last()?;
    let prefix_ok = match prefix {
        [] => path.path.leading_colon.is_none(),
        [krate, module] => {
            (krate.ident == "std" || krate.ident == "core")
                && module.ident == "option"
                && krate.arguments.is_none()
                && module.arguments.is_none()
        }
        _ => false,
    };
    if !prefix_ok || last.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.iter().collect::<Vec<_>>().as_slice() {
        [syn::GenericArgument::Type(inner)] => Some(inner),
        _ => None,
    }
}
