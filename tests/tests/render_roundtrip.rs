//! Every variant of both vendors, rendered as a response and decoded again, comes
//! back as the same variant with the same body, status and headers.

use http_api_error::render::RenderResponse;
use http_api_error::{ApiError, Context};
use http_api_error_tests::mock::{investsuite_examples, smartsuite_examples};

fn json(bytes: Option<Result<Vec<u8>, serde_json::Error>>) -> Option<serde_json::Value> {
    bytes.map(|b| serde_json::from_slice(&b.expect("serialises")).expect("valid JSON"))
}

fn round_trip<E: RenderResponse + std::fmt::Debug>(examples: &[(&str, E)]) {
    for declaration in E::declarations() {
        assert!(
            examples
                .iter()
                .any(|(_, e)| e.variant_name() == declaration.variant),
            "no example of {}",
            declaration.variant
        );
    }
    for (name, original) in examples {
        let response = original.to_response();
        assert_eq!(response.status(), original.status(), "{name}");
        let decoded = E::from_response(response);
        assert_eq!(decoded.variant_name(), original.variant_name(), "{name}");
        assert_eq!(decoded.status(), original.status(), "{name}");
        assert_eq!(
            json(decoded.body_json()),
            json(original.body_json()),
            "{name}: body"
        );
        assert_eq!(decoded.message(), original.message(), "{name}");
        assert_eq!(decoded.field_errors(), original.field_errors(), "{name}");
        let context = |e: &E| {
            e.context()
                .cloned()
                .expect("vendor variants keep a context")
        };
        let (before, after) = (context(original), context(&decoded));
        assert_eq!(
            after.retry_after_header(),
            before.retry_after_header(),
            "{name}: Retry-After"
        );
        assert_eq!(
            after.request_id(),
            before.request_id(),
            "{name}: request id"
        );
        if original.body_json().is_none() {
            assert_eq!(after.raw_body(), before.raw_body(), "{name}: raw body kept");
        }
        assert_eq!(decoded.retry(), original.retry());
        assert_eq!(decoded.escalate(), original.escalate());
        let _: &Context = &after;
    }
}

#[test]
fn smartsuite_round_trips() {
    round_trip(&smartsuite_examples());
}

#[test]
fn investsuite_round_trips() {
    round_trip(&investsuite_examples());
}

#[test]
fn every_fixture_renders_back_to_the_same_outcome() {
    use http_api_error::investsuite::InvestSuiteError;
    use http_api_error::smartsuite::SmartSuiteError;
    use http_api_error_tests::{cases, outcome, Fixture};

    for case in cases().expect("cases.json") {
        let fixture = Fixture::load(&case.file).expect("fixture");
        let (first, second) = if case.file.starts_with("smartsuite/") {
            let error: SmartSuiteError = fixture.decode();
            (
                outcome(&case.file, &error),
                outcome(
                    &case.file,
                    &SmartSuiteError::from_response(error.to_response()),
                ),
            )
        } else {
            let error: InvestSuiteError = fixture.decode();
            (
                outcome(&case.file, &error),
                outcome(
                    &case.file,
                    &InvestSuiteError::from_response(error.to_response()),
                ),
            )
        };
        assert_eq!(first, second, "{}", case.file);
    }
}
