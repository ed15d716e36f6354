use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(openapi = "openapi/no-such-document.json")]
enum E {
    #[status(404)]
    NotFound(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
