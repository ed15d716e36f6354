use http_api_error::{ApiError, Context};

// Every mistake below is reported in one compile.
#[derive(ApiError)]
#[api(message = "error.message", rate_limit(reset = "x-reset", format = epoch))]
enum E {
    #[status(429, code = "")]
    RateLimited(#[context] Context),
    #[status(500..=599, code = "overloaded", retry = backof)]
    Server(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
