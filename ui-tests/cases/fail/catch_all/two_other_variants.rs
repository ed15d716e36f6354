use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(other)]
    Unexpected(#[context] Context),
    #[status(other)]
    Unknown(#[context] Context),
}

fn main() {}
