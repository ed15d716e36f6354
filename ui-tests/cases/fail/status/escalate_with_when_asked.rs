use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(500, escalate, retry = when_asked)]
    Internal(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
