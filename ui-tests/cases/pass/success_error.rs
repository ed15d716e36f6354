//! Errors inside a success, in each form a rule takes.
use http_api_error::{ApiError, Context};

#[derive(Debug, ApiError)]
#[api(
    success_error(pointer = "/ok", equals = false),
    success_error(pointer = "/status", equals = "error"),
    success_error(pointer = "/code", equals = -1),
    success_error(dialect = graphql),
    success_error(dialect = aws_xml)
)]
enum E {
    #[status(200, code = "ratelimited", retry = backoff)]
    RateLimited(#[context] Context),
    #[status(200)]
    Failed(#[context] Context),
    #[status(204)]
    Empty(#[context] Context),
    #[status(other)]
    Other(#[context] Context),
}

fn main() {}
