use http_api_error::{ApiError, Context};

struct Plain;

impl http_api_error::body::ErrorBody for Plain {}

#[derive(ApiError)]
enum E {
    #[status(422)]
    Invalid(#[body] Option<Plain>, #[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
