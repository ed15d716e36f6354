use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(404u16)]
    NotFound,
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
