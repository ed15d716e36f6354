use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(4o4)]
    NotFound(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
