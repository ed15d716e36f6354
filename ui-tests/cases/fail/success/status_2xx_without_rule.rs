use http_api_error::{ApiError, Context};

#[derive(Debug, ApiError)]
enum E {
    #[status(200, code = "invalid_auth")]
    NotAuthed(#[context] Context),
    #[status(other)]
    Other(#[context] Context),
}

fn main() {}
