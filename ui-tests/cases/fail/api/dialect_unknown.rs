use http_api_error::{ApiError, Context};

#[derive(Debug, ApiError)]
#[api(dialect = fast_api)]
enum Api {
    #[status(other)]
    Any(#[context] Context),
}

fn main() {}
