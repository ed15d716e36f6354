use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(request_id_headers = "x-trace-id")]
enum E {
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
