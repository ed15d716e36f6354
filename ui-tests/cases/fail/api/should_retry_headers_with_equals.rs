use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(should_retry_headers = "x-should-retry")]
enum E {
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
