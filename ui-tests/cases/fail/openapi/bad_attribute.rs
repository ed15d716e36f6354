use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(openapi(pathh = "$UI_TESTS_DIR/../tests/fixtures/openapi/acme-payments.yaml", operations = "getCharge", code = "error.code"))]
enum E {
    #[status(404)]
    NotFound(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

#[derive(ApiError)]
#[api(openapi(operations("getCharge")))]
enum NoPath {
    #[status(404)]
    NotFound(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
