use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(429, code = "")]
    RateLimited(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
