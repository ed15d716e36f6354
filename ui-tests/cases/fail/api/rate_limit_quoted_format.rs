use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(rate_limit(reset = "x-ratelimit-reset", format = "rfc3339"))]
enum E {
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
