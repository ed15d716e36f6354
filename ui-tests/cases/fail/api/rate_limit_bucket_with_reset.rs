use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(rate_limit(bucket = "x-shopify-shop-api-call-limit", reset = "x-reset", format = delta_seconds))]
enum E {
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
