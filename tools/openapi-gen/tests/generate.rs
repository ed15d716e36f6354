//! The generator's output for the fixture documents is the checked-in
//! `tests/tests/generated/*.rs`, which the behaviour tests compile, so the derive's
//! `openapi` check runs on it in every `cargo test`. After a change to the
//! generator: `OPENAPI_GEN_OVERWRITE=1 cargo test -p openapi-gen`.

use std::path::Path;
use std::process::Command;

/// (document, options, output), paths relative to the `tests` crate, whose manifest
/// directory the generated `#[api(openapi(path = ...))]` is relative to.
const CASES: &[(&str, &[&str], &str)] = &[
    (
        "fixtures/openapi/acme-payments.yaml",
        &["--code", "/error/code", "--enum", "AcmeError"],
        "tests/generated/acme_payments.rs",
    ),
    (
        "fixtures/openapi/forge.json",
        &["--code", "/errors/0/code", "--vendor", "Forge"],
        "tests/generated/forge.rs",
    ),
];

#[test]
fn output_matches_the_checked_in_declarations() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests");
    let overwrite = std::env::var_os("OPENAPI_GEN_OVERWRITE").is_some();
    for (document, options, output) in CASES {
        let run = Command::new(env!("CARGO_BIN_EXE_openapi-gen"))
            .current_dir(&tests)
            .arg(document)
            .args(*options)
            .output()
            .expect("openapi-gen runs");
        assert!(
            run.status.success(),
            "openapi-gen {document}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let generated = String::from_utf8(run.stdout).expect("UTF-8 source");
        let path = tests.join(output);
        if overwrite {
            std::fs::write(&path, &generated).expect("write the declaration");
            continue;
        }
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            generated == checked_in,
            "{output} is not what openapi-gen writes for {document}; \
             rerun with OPENAPI_GEN_OVERWRITE=1 and review the diff"
        );
    }
}

#[test]
fn a_missing_document_is_an_error_not_a_panic() {
    let run = Command::new(env!("CARGO_BIN_EXE_openapi-gen"))
        .arg("no-such-document.yaml")
        .output()
        .expect("openapi-gen runs");
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("cannot read it"), "{stderr}");
}
