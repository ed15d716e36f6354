use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(400, code = "A", code = "B")]
    Throttled(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
