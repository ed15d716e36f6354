use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(others)]
    Rest(#[context] Context),
}

fn main() {}
