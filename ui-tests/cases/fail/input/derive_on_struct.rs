use http_api_error::{ApiError, Context};

#[derive(ApiError)]
struct E {
    #[context]
    context: Context,
}

fn main() {}
