use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[status(404)]
enum E {
    #[status(404)]
    NotFound,
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
