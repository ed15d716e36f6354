use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(request_id_headers("x request id"))]
enum E {
    #[status(404)]
    NotFound,
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
