use http_api_error::ApiError;

#[derive(ApiError)]
enum E {
}

fn main() {}
