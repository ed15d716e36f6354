use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(422)]
    #[context]
    Invalid(Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
