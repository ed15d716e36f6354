use http_api_error::{ApiError, Context};

#[derive(serde::Deserialize)]
struct Plain {
    message: String,
}

#[derive(ApiError)]
enum E {
    #[status(422)]
    Invalid(#[body] Option<Plain>, #[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
