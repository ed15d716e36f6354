use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(rate_limit(remaining = "x-ratelimit-remaining"))]
enum E {
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
