//! One reader per error-body dialect, each naming the document it follows. Which
//! one reads a body is decided in one place, [`recognise`]; the README's dialect
//! table says the same.

use crate::body::json::{Json, Object};

use super::reading::{Dialect, Roles};

mod aws;
mod error_object;
pub(crate) mod fastapi;
pub(crate) mod field_map;
mod framework;
mod generic;
mod google;
pub(crate) mod graphql;
mod json_api;
mod oauth;
pub(crate) mod problem;

/// The dialect of a JSON object body, the first that fits, in this order:
///
/// 1. GraphQL and 2. JSON:API: an `errors` list beside only the members their
///    specifications allow at the top level, so that neither takes a vendor's body
///    that merely has an `errors` list;
/// 3. FastAPI / pydantic: a `detail` list of entries (before problem details,
///    which services wrap it in: `{"title", "status", "detail": [...]}`);
/// 4. RFC 9457 problem details: a string `type` or `title` with another problem
///    member of the type the RFC gives it (before the `error` object, which a
///    problem may carry as an extension);
/// 5. Google: an `error` object with a string `status` or a `details` list;
/// 6. an `error` object (Stripe, OpenAI, Anthropic, Azure);
/// 7. OAuth 2.0: a string `error` beside `error_description` or `error_uri`;
/// 8. AWS JSON: a `__type`; AWS XML: one `Error`, `ErrorResponse` or `Response`
///    root holding an error element with a `Code` (XML bodies' trees; see
///    `body/xml.rs`);
/// 9. Spring Boot, 10. NestJS / Fastify and 11. Litestar: their frameworks'
///    fixed members;
/// 12. a field map (DRF, Rails, Laravel): members that are lists or maps of
///     messages, besides scalars (a general message, a code);
/// 13. the generic dialect, for everything else.
///
/// Earlier entries are the more specific shapes: each later one would also take some
/// bodies of the earlier ones (a problem's `errors` extension is not JSON:API's,
/// a Google `error` object is an `error` object).
pub(crate) fn recognise(object: &Object<'_>) -> Dialect {
    if graphql::fits(object) {
        Dialect::GraphQl
    } else if json_api::fits(object) {
        Dialect::JsonApi
    } else if fastapi::fits(object) {
        Dialect::FastApi
    } else if problem::fits(object) {
        Dialect::Problem
    } else if google::fits(object) {
        Dialect::Google
    } else if object.get("error").is_some_and(Json::is_object) {
        Dialect::ErrorObject
    } else if oauth::fits(object) {
        Dialect::OAuth
    } else if object.get("__type").is_some_and(Json::is_string) {
        Dialect::Aws
    } else if aws::fits_xml(object) {
        Dialect::AwsXml
    } else if framework::is_spring(object) {
        Dialect::Spring
    } else if framework::is_nest(object) {
        Dialect::Nest
    } else if framework::is_litestar(object) {
        Dialect::Litestar
    } else if field_map::fits(object) {
        Dialect::FieldMap
    } else {
        Dialect::Generic
    }
}

/// Whether `object` speaks `dialect` for an API declared to answer in it: as
/// recognised, or a GraphQL `errors` list without what sets GraphQL apart from a
/// plain list (`data`, `locations`, ...), which such an API sends when a request
/// fails before execution.
pub(crate) fn speaks(object: &Object<'_>, dialect: Dialect) -> bool {
    (dialect == Dialect::GraphQl && graphql::reports_errors(object)) || recognise(object) == dialect
}

pub(crate) fn read(dialect: Dialect, object: &Object<'_>, status: u16, roles: &mut Roles) {
    match dialect {
        Dialect::GraphQl => graphql::read(object, roles),
        Dialect::JsonApi => json_api::read(object, status, roles),
        Dialect::Google => google::read(object, status, roles),
        Dialect::ErrorObject => error_object::read(object, status, roles),
        Dialect::OAuth => oauth::read(object, roles),
        Dialect::Aws => aws::read(object, roles),
        Dialect::AwsXml => aws::read_xml(object, roles),
        Dialect::FastApi => fastapi::read(object, status, roles),
        Dialect::Problem => problem::read(object, roles),
        Dialect::Spring => framework::read_spring(object, roles),
        Dialect::Nest => framework::read_nest(object, status, roles),
        Dialect::Litestar => framework::read_litestar(object, roles),
        Dialect::FieldMap => field_map::read(object, roles),
        Dialect::Generic | Dialect::List | Dialect::Text | Dialect::None => {
            generic::read(object, status, roles);
        }
    }
}

/// A list of strings is DRF's `raise ValidationError("...")`.
pub(crate) fn read_list(items: &[Json<'_>], status: u16, roles: &mut Roles) {
    roles.message = super::text::joined_strings(items)
        .or_else(|| super::text::entries(items, &mut roles.fields));
    roles.code = items
        .iter()
        .filter_map(Json::as_object)
        .find_map(|entry| generic::code(entry, status));
}
