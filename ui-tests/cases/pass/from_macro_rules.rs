// An enum written by a `macro_rules!` that takes its body types as `ty` and `ident`: the
// generated code's own names keep their meaning next to the caller's types.
use http::{HeaderMap, StatusCode};
use http_api_error::body::{FieldErrors, Problem};
use http_api_error::render::RenderResponse;
use http_api_error::{ApiError, Context};

macro_rules! api_error {
    ($name:ident, $plain:ty, $optional:ident) => {
        #[derive(Debug, ApiError)]
        #[api(render)]
        enum $name {
            #[status(409)]
            Conflict(#[body] $plain, #[context] Context),
            #[status(410)]
            Gone(#[body] $plain, #[context] Context),
            #[status(422)]
            Invalid(#[body] Option<$optional>, #[context] Context),
            #[status(other)]
            Unexpected(#[body] Option<$optional>, #[context] Context),
        }
    };
}

api_error!(MacroError, Problem, FieldErrors);

fn decode(code: u16, body: &[u8]) -> MacroError {
    MacroError::from_parts(StatusCode::from_u16(code).unwrap(), &HeaderMap::new(), body)
}

fn main() {
    assert!(matches!(decode(409, br#"{"title": "Taken"}"#), MacroError::Conflict(..)));
    assert!(matches!(decode(410, br#"{"title": "Gone"}"#), MacroError::Gone(..)));
    let error = decode(410, b"[1");
    assert!(matches!(error, MacroError::Unexpected(None, _)));
    assert_eq!(error.declaration().variant, "Gone");
    let error = decode(422, br#"{"name": ["required"]}"#);
    assert_eq!(error.field_errors().len(), 1);
    assert!(error.body_json().is_some());
}
