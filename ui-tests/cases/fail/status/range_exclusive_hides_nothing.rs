use http_api_error::{ApiError, Context};

// Both mistakes of this variant are reported: the range and the missing context.
#[derive(ApiError)]
enum E {
    #[status(500..599)]
    Server,
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
