// A generic enum: the body type is a parameter, bounded by `ErrorBody` so that its
// own answers are used, beside a const parameter.
use http::{HeaderMap, StatusCode};
use http_api_error::body::{ErrorBody, FieldErrors};
use http_api_error::{ApiError, Context};

#[derive(Debug, ApiError)]
#[api(vendor = "Generic", codes(400, 422))]
enum VendorError<B: ErrorBody, const N: usize> {
    #[status(400)]
    BadRequest(#[body] Option<B>, #[context] Context),
    #[status(422)]
    Invalid {
        #[body]
        body: Vec<B>,
        #[context]
        context: Context,
    },
    #[status(other)]
    Unexpected(#[context] Context),
}

fn classify<E: ApiError>(code: u16, body: &[u8]) -> E {
    E::from_parts(StatusCode::from_u16(code).unwrap(), &HeaderMap::new(), body)
}

fn main() {
    let error: VendorError<FieldErrors, 3> = classify(400, br#"{"detail":"bad"}"#);
    assert_eq!(error.variant_name(), "BadRequest");
    assert_eq!(error.message().as_deref(), Some("bad"));
    let error: VendorError<FieldErrors, 3> = classify(422, b"not json");
    assert_eq!(error.variant_name(), "Unexpected");
    assert_eq!(error.status().as_u16(), 422);
    let error: VendorError<FieldErrors, 3> = classify(422, br#"[{"a": "x"}, {"b": ["y"]}]"#);
    assert_eq!(error.field_errors().len(), 2);
}
