use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(message = "error.message")]
enum E {
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
