use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    NotFound,
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
