use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(openapi = "$UI_TESTS_DIR/../tests/fixtures/openapi/split.yaml")]
enum E {
    #[status(404)]
    NotFound(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
