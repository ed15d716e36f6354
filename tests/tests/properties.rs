//! Arbitrary responses through both vendor enums: no panic, the status and the raw
//! bytes kept exactly, and the variant the declaration table names.

use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use http_api_error::investsuite::InvestSuiteError;
use http_api_error::smartsuite::SmartSuiteError;
use http_api_error::{ApiError, Class, Retry, Statuses};
use proptest::prelude::*;

/// The variant for a code, read from `declarations()` rather than the generated `match`.
fn declared_variant<E: ApiError>(code: u16) -> &'static str {
    let table = E::declarations();
    let exact = table.iter().find(|d| d.statuses == Statuses::Code(code));
    let range = || {
        table
            .iter()
            .find(|d| matches!(d.statuses, Statuses::Range(lo, hi) if (lo..=hi).contains(&code)))
    };
    let other = || table.iter().find(|d| d.statuses == Statuses::Other);
    exact
        .or_else(range)
        .or_else(other)
        .map(|d| d.variant)
        .expect("a catch-all")
}

fn check<E: ApiError>(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), TestCaseError> {
    let error = E::from_parts(status, headers, body);
    prop_assert_eq!(error.status(), status);
    let context = error
        .context()
        .expect("every vendor variant keeps a context");
    prop_assert_eq!(context.status(), status);
    prop_assert_eq!(context.raw_body(), body);
    prop_assert_eq!(error.variant_name(), declared_variant::<E>(status.as_u16()));
    prop_assert_eq!(error.declaration().variant, error.variant_name());
    prop_assert_eq!(error.class(), Class::of(status));
    if error.class() == Class::Other || error.escalate() {
        prop_assert_eq!(error.retry(), Retry::Never);
    }
    // Everything a caller may print or ask must answer without panicking.
    let _ = (
        error.message(),
        error.field_errors(),
        error.request_id(),
        error.retry_after(),
    );
    let _ = (
        format!("{context:?}"),
        context.body_preview(40),
        context.body_error().map(ToString::to_string),
    );
    Ok(())
}

fn header_value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..48),
        "[0-9]{0,30}".prop_map(String::into_bytes),
        " ?-?[0-9]{1,25}(\\.[0-9]+)? ?".prop_map(String::into_bytes),
        "(Mon|Sun|Wed), [0-9]{2} (Jan|Feb|Oct|Nov) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT"
            .prop_map(String::into_bytes),
        "[A-Za-z]+day, [0-9]{2}-[A-Z][a-z]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT"
            .prop_map(String::into_bytes),
        "[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4}"
            .prop_map(String::into_bytes),
    ]
}

fn headers() -> impl Strategy<Value = HeaderMap> {
    let name = prop_oneof![
        Just("retry-after"),
        Just("Retry-After"),
        Just("x-request-id"),
        Just("request-id"),
        Just("x-correlation-id"),
        Just("content-type"),
        Just("content-encoding"),
        Just("x-other"),
    ];
    proptest::collection::vec((name, header_value()), 0..6).prop_map(|pairs| {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_bytes(&value),
            ) {
                map.append(name, value);
            }
        }
        map
    })
}

const SHAPES: &[&str] = &[
    r#"{"detail":"x"}"#,
    r#"{"message":"m","f1":["a","b"],"f2":"c","nested":{"g":[1,null,true]}}"#,
    r#"{"title":"t","detail":[{"loc":["body",0,"q"],"msg":"m","type":"t"}],"status":422,"body":{"k":"v"}}"#,
    r#"{"title":"t","description":"d","request_id":"r","timestamp":"2026-01-01T00:00:00Z"}"#,
    r#"{"error":{"message":"nested"}}"#,
    r#"["a",1,{"b":null}]"#,
    "\"just a string\"",
];

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..256),
        (
            proptest::sample::select(SHAPES),
            any::<prop::sample::Index>(),
            any::<bool>()
        )
            .prop_map(|(shape, cut, bom)| {
                let mut bytes = if bom {
                    b"\xEF\xBB\xBF".to_vec()
                } else {
                    Vec::new()
                };
                let bytes_of_shape = shape.as_bytes();
                // Whole most of the time, cut short otherwise.
                let keep = if cut.index(4) == 0 {
                    cut.index(bytes_of_shape.len() + 1)
                } else {
                    bytes_of_shape.len()
                };
                bytes.extend_from_slice(&bytes_of_shape[..keep]);
                bytes
            }),
        "[ \\[\\]{}\":,a-z0-9\\\\]{0,64}".prop_map(String::into_bytes),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_response_through_both_vendors(code in 100u16..=999, headers in headers(), body in body()) {
        let status = StatusCode::from_u16(code).expect("100..=999 is a valid status");
        check::<SmartSuiteError>(status, &headers, &body)?;
        check::<InvestSuiteError>(status, &headers, &body)?;
    }
}
