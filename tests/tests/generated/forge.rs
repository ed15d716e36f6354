// Written by openapi-gen from `fixtures/openapi/forge.json`: a starting declaration, yours to edit.
// It needs `serde` (with `derive`) and `serde_json` beside `http-api-error`
// (feature `openapi`).

/// Basic Error.
#[derive(Debug, ::serde::Deserialize)]
pub struct BasicError {
    pub documentation_url: ::core::option::Option<::std::string::String>,
    pub message: ::core::option::Option<::std::string::String>,
    pub status: ::core::option::Option<::std::string::String>,
    pub url: ::core::option::Option<::std::string::String>,
}

#[derive(Debug, ::serde::Deserialize)]
pub struct ValidationErrorErrorsItem {
    pub code: ::std::string::String,
    pub field: ::core::option::Option<::std::string::String>,
    pub index: ::core::option::Option<i64>,
    pub message: ::core::option::Option<::std::string::String>,
    pub resource: ::core::option::Option<::std::string::String>,
}

/// Validation Error.
#[derive(Debug, ::serde::Deserialize)]
pub struct ValidationError {
    pub documentation_url: ::std::string::String,
    pub errors: ::core::option::Option<::std::vec::Vec<ValidationErrorErrorsItem>>,
    pub message: ::std::string::String,
}

#[derive(Debug, ::serde::Deserialize)]
pub struct ServiceUnavailableBody {
    pub code: ::core::option::Option<::std::string::String>,
    pub documentation_url: ::core::option::Option<::std::string::String>,
    pub message: ::core::option::Option<::std::string::String>,
}

#[derive(Debug, ::http_api_error::ApiError)]
#[api(vendor = "Forge", codes(400, 403, 404, 410, 422, 503), code = "/errors/0/code", openapi(path = "fixtures/openapi/forge.json", code = "/errors/0/code"))]
pub enum ForgeError {
    /// Bad Request
    ///
    /// Documented for `issues/create`.
    #[status(400)]
    BadRequest(#[body] BasicError, #[context] ::http_api_error::Context),
    /// Forbidden
    ///
    /// Documented for `repos/get`, `repos/delete`, `repos/update` and 2 more.
    #[status(403)]
    Forbidden(#[body] BasicError, #[context] ::http_api_error::Context),
    /// Resource not found
    ///
    /// Documented for `repos/get`, `repos/delete`, `repos/update` and 1 more.
    #[status(404)]
    NotFound(#[body] BasicError, #[context] ::http_api_error::Context),
    /// Gone
    ///
    /// Documented for `issues/create`.
    #[status(410)]
    Gone(#[body] BasicError, #[context] ::http_api_error::Context),
    /// Validation failed, or the endpoint has been spammed.
    ///
    /// Documented for `repos/update`, `issues/create`, `search/code`.
    #[status(422)]
    UnprocessableContent(#[body] ValidationError, #[context] ::http_api_error::Context),
    /// `missing`, which the document's error schema enumerates.
    #[status(422, code = "missing")]
    Missing(#[body] ValidationError, #[context] ::http_api_error::Context),
    /// `missing_field`, which the document's error schema enumerates.
    #[status(422, code = "missing_field")]
    MissingField(#[body] ValidationError, #[context] ::http_api_error::Context),
    /// `invalid`, which the document's error schema enumerates.
    #[status(422, code = "invalid")]
    Invalid(#[body] ValidationError, #[context] ::http_api_error::Context),
    /// `already_exists`, which the document's error schema enumerates.
    #[status(422, code = "already_exists")]
    AlreadyExists(#[body] ValidationError, #[context] ::http_api_error::Context),
    /// `unprocessable`, which the document's error schema enumerates.
    #[status(422, code = "unprocessable")]
    Unprocessable(#[body] ValidationError, #[context] ::http_api_error::Context),
    /// `custom`, which the document's error schema enumerates.
    #[status(422, code = "custom")]
    Custom(#[body] ValidationError, #[context] ::http_api_error::Context),
    /// Service unavailable
    ///
    /// Documented for `issues/create`, `search/code`.
    #[status(503)]
    ServiceUnavailable(#[body] ServiceUnavailableBody, #[context] ::http_api_error::Context),
    /// Any other status, and bodies that do not decode.
    #[status(other)]
    Unexpected(#[context] ::http_api_error::Context),
}
