use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(404)]
    NotFound,
    #[status(other)]
    Unexpected(#[body] serde_json::Value, #[context] Context),
}

fn main() {}
