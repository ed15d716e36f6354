use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(429, code = "insufficient_quota", retry = false)]
    QuotaExceeded(#[context] Context),
    #[status(429, code = "rate_limit" | "insufficient_quota")]
    RateLimited(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
