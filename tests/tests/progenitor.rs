//! A progenitor-generated client (from `tests/fixtures/progenitor/widgets.json`)
//! against a loopback vendor: its errors, documented and not, made into the enum.

use std::time::Duration;

use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use http_api_error::progenitor::ErrorExt;
use http_api_error::{ApiError, Context, Retry};

/// The generated client, as progenitor writes it (not ours to document or lint).
#[allow(missing_docs, clippy::all, clippy::pedantic)]
mod widgets {
    progenitor::generate_api!("fixtures/progenitor/widgets.json");
}
use widgets::Client;

/// The Widgets API's errors: the document lists a 404; its 429 is undocumented,
/// as many vendors' are.
#[derive(Debug, ApiError)]
#[api(vendor = "Widgets", display)]
enum WidgetsError {
    #[status(404)]
    NotFound(#[context] Context),
    #[status(429, retry = backoff)]
    RateLimited(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

async fn vendor() -> String {
    async fn widget(Path(id): Path<String>) -> Response {
        let json = [("content-type", "application/json")];
        match id.as_str() {
            "w-404" => (
                axum::http::StatusCode::NOT_FOUND,
                json,
                r#"{"code": "not_found", "message": "no widget w-404"}"#,
            )
                .into_response(),
            "w-429" => (
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                [("content-type", "application/json"), ("retry-after", "2")],
                r#"{"code": "rate_limited", "message": "slow down"}"#,
            )
                .into_response(),
            _ => (json, format!(r#"{{"id": "{id}", "name": "sprocket"}}"#)).into_response(),
        }
    }
    let app = Router::new().route("/widgets/{id}", get(widget));
    http_api_error_tests::serve(app).await
}

#[tokio::test]
async fn a_generated_clients_errors_become_the_enums() {
    let client = Client::new(&vendor().await);

    let widget = client.get_widget("w-1").await.expect("a widget");
    assert_eq!(widget.name, "sprocket");

    // Documented: progenitor decoded the body into `types::Problem`.
    let documented = client.get_widget("w-404").await.expect_err("404");
    let error = documented
        .api_error::<WidgetsError>()
        .await
        .expect("a response");
    assert!(matches!(error, WidgetsError::NotFound(_)));
    assert_eq!(error.code().as_deref(), Some("not_found"));
    assert_eq!(error.message().as_deref(), Some("no widget w-404"));
    assert_eq!(error.retry(), Retry::Never);

    // Undocumented: the raw response, its headers and body read.
    let undocumented = client.get_widget("w-429").await.expect_err("429");
    assert!(matches!(
        undocumented,
        progenitor_client::Error::UnexpectedResponse(_)
    ));
    let error = undocumented
        .api_error::<WidgetsError>()
        .await
        .expect("a response");
    assert!(matches!(error, WidgetsError::RateLimited(_)));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(2)));
    assert_eq!(error.message().as_deref(), Some("slow down"));
    assert_eq!(
        error.to_string(),
        "Widgets API error 429 Too Many Requests: slow down"
    );

    // No response at all: handed back as it came.
    let refused = Client::new("http://127.0.0.1:1")
        .get_widget("w-1")
        .await
        .expect_err("no server");
    let back = refused
        .api_error::<WidgetsError>()
        .await
        .expect_err("nothing to read");
    assert!(matches!(
        back,
        progenitor_client::Error::CommunicationError(_)
    ));
}
