use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(code = "/error/a~b")]
enum E {
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
