// Unit, tuple and struct variants, with the body and context in any order.
use http::{HeaderMap, StatusCode};
use http_api_error::body::{FieldErrors, Problem};
use http_api_error::{ApiError, Context};

#[derive(Debug, ApiError)]
enum ShapesError {
    #[status(401)]
    Unit,
    #[status(403)]
    TupleContextFirst(#[context] Context, #[body] Option<Problem>),
    #[status(404)]
    TupleBodyOnly(#[body] Option<FieldErrors>),
    #[status(409)]
    TupleContextOnly(#[context] Context),
    #[status(422)]
    Struct {
        #[context]
        context: Context,
        #[body]
        body: FieldErrors,
    },
    #[status(429)]
    StructBodyOnly {
        #[body]
        body: FieldErrors,
    },
    #[status(500..=599)]
    Range {
        #[context]
        context: Context,
    },
    #[status(other)]
    Unexpected {
        #[body]
        body: Option<serde_json::Value>,
        #[context]
        context: Context,
    },
}

fn decode(code: u16, body: &[u8]) -> ShapesError {
    ShapesError::from_parts(StatusCode::from_u16(code).unwrap(), &HeaderMap::new(), body)
}

fn main() {
    assert!(matches!(decode(401, b""), ShapesError::Unit));
    assert!(matches!(decode(403, b"{}"), ShapesError::TupleContextFirst(_, Some(_))));
    // The body is decoded before the context is moved, whatever the field order.
    match decode(403, b"[1") {
        ShapesError::TupleContextFirst(context, None) => assert!(context.body_error().is_some()),
        other => panic!("{other:?}"),
    }
    let problem = decode(403, br#"{"title": "Forbidden", "detail": "No access"}"#);
    assert_eq!(problem.message().as_deref(), Some("No access"));
    assert!(matches!(decode(404, b""), ShapesError::TupleBodyOnly(None)));
    assert!(matches!(decode(409, b""), ShapesError::TupleContextOnly(_)));
    assert!(matches!(decode(422, b"{}"), ShapesError::Struct { .. }));
    assert!(matches!(decode(429, b"{}"), ShapesError::StructBodyOnly { .. }));
    assert!(matches!(decode(429, b"[1"), ShapesError::Unexpected { body: None, .. }));
    assert!(matches!(decode(503, b""), ShapesError::Range { .. }));
    assert!(matches!(decode(302, b"{}"), ShapesError::Unexpected { body: Some(_), .. }));
    assert_eq!(decode(401, b"").status(), StatusCode::UNAUTHORIZED);
    assert_eq!(decode(404, b"").status(), StatusCode::NOT_FOUND);
}
