//! Every vendor fixture in `shared/fixtures/` decodes to the outcome `cases.json` gives.

use http_api_error_tests::{cases, decode_case, fixtures_dir};

#[test]
fn every_fixture_matches_its_case() {
    let cases = cases().expect("cases.json");
    assert_eq!(cases.len(), 19, "cases.json lists 19 responses");
    let mut failures = Vec::new();
    for case in &cases {
        let mut expected = case.clone();
        expected.field_errors.sort();
        let actual = decode_case(&case.file).expect("fixture loads");
        if actual != expected {
            failures.push(format!(
                "{}\n  expected {expected:?}\n  actual   {actual:?}",
                case.file
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_fixture_file_has_a_case() {
    let cases = cases().expect("cases.json");
    for vendor in ["smartsuite", "investsuite"] {
        let dir = fixtures_dir().join(vendor);
        for entry in std::fs::read_dir(&dir).expect("fixture folder") {
            let name = entry
                .expect("entry")
                .file_name()
                .into_string()
                .expect("utf-8 name");
            let file = format!("{vendor}/{name}");
            assert!(
                cases.iter().any(|case| case.file == file),
                "{file} has no case in cases.json"
            );
        }
    }
}

#[test]
fn raw_bytes_of_every_fixture_are_kept_exactly() {
    use http_api_error::investsuite::InvestSuiteError;
    use http_api_error::smartsuite::SmartSuiteError;
    use http_api_error::ApiError;
    use http_api_error_tests::Fixture;

    for case in cases().expect("cases.json") {
        let fixture = Fixture::load(&case.file).expect("fixture loads");
        let kept = if case.file.starts_with("smartsuite/") {
            fixture
                .decode::<SmartSuiteError>()
                .context()
                .map(|c| c.raw_body().to_vec())
        } else {
            fixture
                .decode::<InvestSuiteError>()
                .context()
                .map(|c| c.raw_body().to_vec())
        };
        assert_eq!(
            kept.as_deref(),
            Some(fixture.body.as_slice()),
            "{}",
            case.file
        );
    }
}
