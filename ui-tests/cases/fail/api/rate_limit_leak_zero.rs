use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(rate_limit(bucket = "x-shopify-shop-api-call-limit", leak_per_second = 0))]
enum E {
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
