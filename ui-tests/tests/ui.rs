//! The derive's compile errors, one minimal case per mistake, and the enums that must compile.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("cases/fail/**/*.rs");
    cases.compile_fail("cases/fail/*.rs");
    cases.pass("cases/pass/*.rs");
}
