use http_api_error::ApiError;

#[derive(ApiError)]
#[api(vendor = "Acme", codes(404, 418))]
enum E {
    #[status(404)]
    NotFound,
    #[status(404, retyr = true)]
    Gone,
    #[status(700)]
    Weird,
    #[status(500..=599)]
    Server { message: String },
    NoStatus,
}

fn main() {}
