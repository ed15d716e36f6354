use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(500)]
    Internal,
    #[status(501)]
    NotImplemented,
    #[status(500..=501)]
    Server(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
