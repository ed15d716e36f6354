use http_api_error::{ApiError, Context};

#[derive(Debug, ApiError)]
#[api(success_error(dialect = generic))]
enum E {
    #[status(200)]
    Failed(#[context] Context),
    #[status(other)]
    Other(#[context] Context),
}

fn main() {}
