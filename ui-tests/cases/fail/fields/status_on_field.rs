use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(422)]
    Invalid(#[status(422)] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
