use http_api_error::{ApiError, Context};

#[derive(Debug, ApiError)]
#[api(success_error(pointer = "ok", equals = 1.5))]
enum E {
    #[status(200)]
    Failed(#[context] Context),
    #[status(other)]
    Other(#[context] Context),
}

fn main() {}
