use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(200)]
    Ok,
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
