use http_api_error::{ApiError, Context};

#[derive(ApiError)]
#[api(code_header = "x-amzn-errortype")]
enum E {
    #[status(400, code = "com.amazonaws.dynamodb.v20120810#ThrottlingException")]
    Throttled(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn main() {}
