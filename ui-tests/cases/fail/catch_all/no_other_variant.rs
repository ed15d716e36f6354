use http_api_error::ApiError;

#[derive(ApiError)]
enum E {
    #[status(404)]
    NotFound,
}

fn main() {}
