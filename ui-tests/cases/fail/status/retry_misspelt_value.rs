use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(503, retry = backof)]
    Unavailable(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
