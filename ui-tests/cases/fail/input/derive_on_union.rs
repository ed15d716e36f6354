use http_api_error::ApiError;

#[derive(ApiError)]
union E {
    code: u16,
    other: u32,
}

fn main() {}
