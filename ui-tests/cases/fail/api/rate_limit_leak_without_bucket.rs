use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(rate_limit(reset = "x-reset", format = delta_seconds, leak_per_second = 2))]
enum E {
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
