use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(openapi(
    path = "$UI_TESTS_DIR/../tests/fixtures/openapi/acme-payments.yaml",
    operations("getCharges", "deleteCharge"),
    tags("charges")
))]
enum E {
    #[status(404)]
    NotFound(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
