use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(codes(400, 503))]
enum E {
    #[status(400)]
    BadRequest,
    #[status(500..=599)]
    Server(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
