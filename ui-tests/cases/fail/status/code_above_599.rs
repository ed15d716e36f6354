use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(600)]
    Weird,
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
