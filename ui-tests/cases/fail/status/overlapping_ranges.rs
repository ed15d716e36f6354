use http_api_error::{ApiError, Context};

#[derive(ApiError)]
enum E {
    #[status(500..=549)]
    Low(#[context] Context),
    #[status(540..=599)]
    High(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
