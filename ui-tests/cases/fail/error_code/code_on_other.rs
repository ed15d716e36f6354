use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(400)]
    BadRequest(#[context] Context),
    #[status(other, code = "unknown")]
    Unexpected(#[context] Context),
}

fn main() {}
