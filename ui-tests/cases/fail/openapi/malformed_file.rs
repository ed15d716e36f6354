use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(openapi = "$UI_TESTS_DIR/../tests/fixtures/openapi/malformed.json")]
enum E {
    #[status(404)]
    NotFound(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
