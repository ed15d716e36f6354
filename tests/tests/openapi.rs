//! `#[api(openapi = ...)]`: enums that claim every error their vendor's document
//! declares compile, in JSON and YAML, narrowed or whole; and the generator's output
//! (`generated/`) compiles and passes the same check.

use http::{HeaderMap, StatusCode};
use http_api_error::{ApiError, Context};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct AcmeBody {
    error: AcmeDetail,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct AcmeDetail {
    code: Option<String>,
    message: String,
}

/// Every status and every enumerated code of the YAML document; `5XX` by a range.
#[derive(Debug, ApiError)]
#[api(
    vendor = "Acme",
    code = "/error/code",
    openapi(path = "fixtures/openapi/acme-payments.yaml", code = "/error/code")
)]
enum AcmeError {
    #[status(400, code = "parameter_invalid")]
    ParameterInvalid(#[body] AcmeBody),
    #[status(400)]
    BadRequest(#[body] AcmeBody),
    #[status(401)]
    Unauthorized(#[body] AcmeBody),
    #[status(402, code = "card_declined")]
    CardDeclined(#[body] AcmeBody),
    #[status(402, code = "expired_card")]
    ExpiredCard(#[body] AcmeBody),
    #[status(404, code = "resource_missing")]
    NotFound(#[body] AcmeBody),
    #[status(409)]
    IdempotencyConflict(#[body] AcmeBody),
    #[status(429, code = "rate_limit")]
    RateLimited(#[body] AcmeBody),
    #[status(500..=599)]
    Server(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

/// Narrowed to one operation, the enum answers for its statuses alone.
#[derive(Debug, ApiError)]
#[api(openapi(path = "fixtures/openapi/acme-payments.yaml", operations("getCharge")))]
enum ChargeLookupError {
    #[status(404)]
    NotFound(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

/// The JSON document in GitHub's shape, narrowed by tag and by path.
#[derive(Debug, ApiError)]
#[api(openapi(
    path = "fixtures/openapi/forge.json",
    tags("repos"),
    paths("/repos/{owner}/{repo}")
))]
enum RepoError {
    #[status(403)]
    Forbidden(#[context] Context),
    #[status(404)]
    NotFound(#[context] Context),
    #[status(422)]
    Invalid(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

/// GitHub's own document (a trimmed copy of its 2020 REST description): the
/// statuses its repository, issue, search and merge operations declare, the rare
/// ones by a range.
#[derive(Debug, ApiError)]
#[api(
    vendor = "GitHub",
    openapi = "fixtures/openapi/github-2020-trimmed.json"
)]
enum GitHubError {
    #[status(401)]
    RequiresAuthentication(#[context] Context),
    #[status(403)]
    Forbidden(#[context] Context),
    #[status(404)]
    NotFound(#[context] Context),
    #[status(405..=418)]
    Refused(#[context] Context),
    #[status(422)]
    ValidationFailed(#[context] Context),
    #[status(503)]
    ServiceUnavailable(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

fn error<E: ApiError>(status: u16, body: &str) -> E {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::IM_A_TEAPOT);
    E::from_parts(status, &HeaderMap::new(), body.as_bytes())
}

#[test]
fn a_checked_enum_classifies_as_any_other() {
    let declined = r#"{"error": {"type": "card_error", "code": "card_declined", "message": "no"}}"#;
    assert!(matches!(
        error::<AcmeError>(402, declined),
        AcmeError::CardDeclined(_)
    ));
    assert!(matches!(error::<AcmeError>(503, ""), AcmeError::Server(_)));
    assert!(matches!(
        error::<ChargeLookupError>(404, ""),
        ChargeLookupError::NotFound(_)
    ));
    assert!(matches!(
        error::<RepoError>(422, "{}"),
        RepoError::Invalid(_)
    ));
    assert!(matches!(
        error::<GitHubError>(409, "{}"),
        GitHubError::Refused(_)
    ));
}

/// openapi-gen's output for `acme-payments.yaml`, as checked in.
#[allow(dead_code, clippy::doc_markdown)]
mod generated_acme {
    include!("generated/acme_payments.rs");
}

/// openapi-gen's output for `forge.json`, as checked in.
#[allow(dead_code, clippy::doc_markdown)]
mod generated_forge {
    include!("generated/forge.rs");
}

#[test]
fn the_generated_declarations_classify() {
    use generated_acme::AcmeError;
    use generated_forge::ForgeError;
    let missing = r#"{"error": {"type": "invalid_request_error", "code": "resource_missing", "message": "no"}}"#;
    assert!(matches!(
        error::<AcmeError>(404, missing),
        AcmeError::NotFound(..)
    ));
    assert!(matches!(
        error::<AcmeError>(502, "{}"),
        AcmeError::ServerError(..) | AcmeError::Unexpected(..)
    ));
    let invalid = r#"{"message": "Validation Failed", "documentation_url": "https://forge.example/docs",
        "errors": [{"resource": "Issue", "field": "title", "code": "missing_field"}]}"#;
    assert!(matches!(
        error::<ForgeError>(422, invalid),
        ForgeError::MissingField(..)
    ));
}
