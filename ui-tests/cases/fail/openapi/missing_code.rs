use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(openapi(path = "$UI_TESTS_DIR/../tests/fixtures/openapi/acme-payments.yaml", code = "/error/code"))]
enum E {
    #[status(400, code = "parameter_invalid")]
    ParameterInvalid(#[context] Context),
    #[status(401)]
    Unauthorized(#[context] Context),
    #[status(402, code = "card_declined")]
    CardDeclined(#[context] Context),
    #[status(404)]
    NotFound(#[context] Context),
    #[status(409)]
    Conflict(#[context] Context),
    #[status(429)]
    TooManyRequests(#[context] Context),
    #[status(500..=599)]
    Server(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
