use http_api_error::{ApiError, Context};

struct Plain;

#[derive(ApiError)]
enum E {
    #[status(429, code = "quota", retry = false)]
    Quota(#[body] Plain, #[context] Context),
    #[status(429)]
    Limited(#[body] Option<Plain>, #[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
