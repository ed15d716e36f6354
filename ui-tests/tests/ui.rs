//! The derive's compile errors, one minimal case per mistake, and the enums that must compile.

#[test]
fn ui() {
    // The cases are built in a project of trybuild's under the target directory,
    // so their OpenAPI documents are found through this variable, not the
    // manifest directory (`#[api(openapi = "$UI_TESTS_DIR/...")]`).
    std::env::set_var("UI_TESTS_DIR", env!("CARGO_MANIFEST_DIR"));
    let cases = trybuild::TestCases::new();
    cases.compile_fail("cases/fail/**/*.rs");
    cases.compile_fail("cases/fail/*.rs");
    cases.pass("cases/pass/*.rs");
}
