use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(500..=500)]
    Server(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
