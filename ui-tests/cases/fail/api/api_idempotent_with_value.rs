use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(idempotent = true)]
enum E {
    #[status(404)]
    NotFound,
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
