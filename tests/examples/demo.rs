//! Decodes every recorded SmartSuite and InvestSuite error response in
//! `shared/fixtures/` with the ready-made enums and prints what each became.

use http_api_error::investsuite::InvestSuiteError;
use http_api_error::smartsuite::SmartSuiteError;
use http_api_error::ApiError;
use http_api_error_tests::{cases, Fixture};

fn row<E: ApiError>(file: &str, error: &E) {
    let fields: Vec<String> = error
        .field_errors()
        .into_iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect();
    let why = error
        .context()
        .and_then(|c| c.body_error())
        .map(|e| format!(" [{e}]"))
        .unwrap_or_default();
    println!(
        "{:<32} {:>3} {:<20} {:<6} {:<11} {:<8} {:<10} {}{}",
        file,
        error.status().as_u16(),
        error.variant_name(),
        error.class(),
        error.retry(),
        if error.escalate() { "escalate" } else { "-" },
        error
            .retry_after()
            .map_or_else(|| "-".to_owned(), |d| format!("{}s", d.as_secs())),
        error.message().as_deref().unwrap_or("-"),
        why,
    );
    if !fields.is_empty() {
        println!("{:<32} fields: {}", "", fields.join("; "));
    }
    if let Some(id) = error.request_id() {
        println!("{:<32} request id: {id}", "");
    }
}

fn main() -> Result<(), String> {
    let cases = cases()?;
    for vendor in ["smartsuite", "investsuite"] {
        println!("\n== {vendor} ==");
        println!(
            "{:<32} {:>3} {:<20} {:<6} {:<11} {:<8} {:<10} message",
            "fixture", "st", "variant", "class", "retry", "escalate", "wait"
        );
        for case in cases.iter().filter(|c| c.file.starts_with(vendor)) {
            let fixture = Fixture::load(&case.file)?;
            let name = case.file.trim_start_matches(vendor).trim_start_matches('/');
            if vendor == "smartsuite" {
                row(name, &fixture.decode::<SmartSuiteError>());
            } else {
                row(name, &fixture.decode::<InvestSuiteError>());
            }
        }
    }
    Ok(())
}
