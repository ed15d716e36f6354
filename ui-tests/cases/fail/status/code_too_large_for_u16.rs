use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(70000)]
    Huge,
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
