use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(display = true)]
enum E {
    #[status(404)]
    NotFound,
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
