use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(code_header = "x error type")]
enum E {
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
