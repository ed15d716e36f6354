use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(422)]
    Invalid(#[body(optional)] Option<serde_json::Value>),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
