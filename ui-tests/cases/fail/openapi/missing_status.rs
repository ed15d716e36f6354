use http_api_error::{ApiError, Context};

// The document declares 400, 401, 402, 404, 409, 429 and 5XX.
#[derive(ApiError)]
#[api(openapi = "$UI_TESTS_DIR/../tests/fixtures/openapi/acme-payments.yaml")]
enum E {
    #[status(400)]
    BadRequest(#[context] Context),
    #[status(401)]
    Unauthorized(#[context] Context),
    #[status(402)]
    PaymentRequired(#[context] Context),
    #[status(404)]
    NotFound(#[context] Context),
    #[status(429)]
    TooManyRequests(#[context] Context),
    // A catch-all claims nothing: 409 and 5XX still need variants.
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
