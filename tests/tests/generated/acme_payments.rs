// Written by openapi-gen from `fixtures/openapi/acme-payments.yaml`: a starting declaration, yours to edit.
// It needs `serde` (with `derive`) and `serde_json` beside `http-api-error`
// (feature `openapi`).

#[derive(Debug, ::serde::Deserialize)]
pub struct ErrorDetail {
    pub code: ::core::option::Option<::std::string::String>,
    pub message: ::std::string::String,
    pub param: ::core::option::Option<::std::string::String>,
    pub r#type: ::std::string::String,
}

#[derive(Debug, ::serde::Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, ::http_api_error::ApiError)]
#[api(vendor = "Acme Payments", codes(400, 401, 402, 404, 409, 429), code = "/error/code", openapi(path = "fixtures/openapi/acme-payments.yaml", code = "/error/code"))]
pub enum AcmeError {
    /// The request was malformed or a parameter is invalid.
    ///
    /// Documented for `createRefund`.
    #[status(400)]
    BadRequest(#[body] ErrorBody, #[context] ::http_api_error::Context),
    /// `card_declined`, which the document's error schema enumerates.
    ///
    /// The schema that lists it is shared by statuses 400, 401, 402, 404, 409, 429, 5XX: move it to the one that sends it.
    #[status(400, code = "card_declined")]
    CardDeclined(#[body] ErrorBody, #[context] ::http_api_error::Context),
    /// `expired_card`, which the document's error schema enumerates.
    ///
    /// The schema that lists it is shared by statuses 400, 401, 402, 404, 409, 429, 5XX: move it to the one that sends it.
    #[status(400, code = "expired_card")]
    ExpiredCard(#[body] ErrorBody, #[context] ::http_api_error::Context),
    /// `rate_limit`, which the document's error schema enumerates.
    ///
    /// The schema that lists it is shared by statuses 400, 401, 402, 404, 409, 429, 5XX: move it to the one that sends it.
    #[status(400, code = "rate_limit")]
    RateLimit(#[body] ErrorBody, #[context] ::http_api_error::Context),
    /// `resource_missing`, which the document's error schema enumerates.
    ///
    /// The schema that lists it is shared by statuses 400, 401, 402, 404, 409, 429, 5XX: move it to the one that sends it.
    #[status(400, code = "resource_missing")]
    ResourceMissing(#[body] ErrorBody, #[context] ::http_api_error::Context),
    /// `parameter_invalid`, which the document's error schema enumerates.
    ///
    /// The schema that lists it is shared by statuses 400, 401, 402, 404, 409, 429, 5XX: move it to the one that sends it.
    #[status(400, code = "parameter_invalid")]
    ParameterInvalid(#[body] ErrorBody, #[context] ::http_api_error::Context),
    /// No valid API key was given.
    ///
    /// Documented for `listCharges`.
    #[status(401)]
    Unauthorized(#[body] ErrorBody, #[context] ::http_api_error::Context),
    /// The card was declined.
    ///
    /// Documented for `createCharge`.
    #[status(402)]
    PaymentRequired(#[body] ErrorBody, #[context] ::http_api_error::Context),
    /// No charge with that id.
    ///
    /// Documented for `getCharge`.
    #[status(404)]
    NotFound(#[body] ErrorBody, #[context] ::http_api_error::Context),
    /// An idempotency key was reused with other parameters.
    ///
    /// Documented for `createCharge`.
    #[status(409)]
    Conflict(#[body] ErrorBody, #[context] ::http_api_error::Context),
    /// Too many requests hit the API too quickly.
    ///
    /// Documented for `listCharges`, `createCharge`.
    #[status(429)]
    TooManyRequests(#[body] ErrorBody, #[context] ::http_api_error::Context),
    /// Acme had a problem; retry with the same idempotency key.
    ///
    /// Documented for `createCharge`.
    #[status(500..=599)]
    ServerError(#[body] ErrorBody, #[context] ::http_api_error::Context),
    /// Any other status, and bodies that do not decode.
    #[status(other)]
    Unexpected(#[context] ::http_api_error::Context),
}
