//! Every status the document declares is claimed, `5XX` by a range, and every code
//! it enumerates at `/error/code` by a variant's `code`.

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
    #[status(402, code = "expired_card")]
    ExpiredCard(#[context] Context),
    #[status(404, code = "resource_missing")]
    NotFound(#[context] Context),
    #[status(409)]
    Conflict(#[context] Context),
    #[status(429, code = "rate_limit")]
    RateLimited(#[context] Context),
    #[status(500..=599)]
    Server(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}


/// A path item that is a `$ref` in the document is followed; one in another file
/// is left out by narrowing to the other paths.
#[derive(ApiError)]
#[api(openapi(path = "$UI_TESTS_DIR/../tests/fixtures/openapi/split.yaml", paths("/health")))]
enum Health {
    #[status(503)]
    Maintenance(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
