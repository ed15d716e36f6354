use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(-404)]
    NotFound,
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
