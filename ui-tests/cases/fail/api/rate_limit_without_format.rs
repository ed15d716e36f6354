use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(rate_limit(reset = "x-ratelimit-reset"))]
enum E {
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
