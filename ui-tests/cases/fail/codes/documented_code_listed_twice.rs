use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(codes(400, 400))]
enum E {
    #[status(400)]
    BadRequest,
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
