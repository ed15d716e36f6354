use http_api_error::{ApiError, Context};

struct Plain;

impl http_api_error::body::ErrorBody for Plain {}

struct Other;

#[derive(ApiError)]
enum E {
    #[status(422)]
    Invalid(#[body] Plain, #[context] Context),
    #[status(other)]
    Unexpected(#[body] Option<Other>, #[context] Context),
}

fn main() {}
