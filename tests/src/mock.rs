//! Mock SmartSuite and InvestSuite servers on loopback, answering with responses
//! rendered from the vendor enums themselves.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use http_api_error::body::{FieldErrors, LocSegment, Problem, Validation, ValidationIssue};
use http_api_error::investsuite::InvestSuiteError;
use http_api_error::render::RenderResponse;
use http_api_error::smartsuite::SmartSuiteError;
use http_api_error::{Context, RetryAfter};

/// One example per variant of [`SmartSuiteError`], with the path it is served under.
pub fn smartsuite_examples() -> Vec<(&'static str, SmartSuiteError)> {
    let ctx =
        |code: u16| Context::new(StatusCode::from_u16(code).unwrap_or(StatusCode::IM_A_TEAPOT));
    let detail = |text: &str| Some(FieldErrors::new().with_message(text));
    vec![
        (
            "bad-request",
            SmartSuiteError::BadRequest(
                detail("JSON parse error - Expecting value"),
                ctx(400).with_request_id("5b1f0c7e"),
            ),
        ),
        (
            "unauthorized",
            SmartSuiteError::Unauthorized(detail("Invalid token."), ctx(401)),
        ),
        (
            "forbidden",
            SmartSuiteError::Forbidden(
                detail("You do not have permission to perform this action."),
                ctx(403),
            ),
        ),
        (
            "not-found",
            SmartSuiteError::NotFound(detail("Not found."), ctx(404)),
        ),
        (
            "invalid-request",
            SmartSuiteError::InvalidRequest(
                Some(
                    FieldErrors::new()
                        .with_message("Invalid request data")
                        .with_field("s8f2a1c9", "This field is required.")
                        .with_field(
                            "title",
                            "Ensure this field has no more than 255 characters.",
                        ),
                ),
                ctx(422),
            ),
        ),
        (
            "internal",
            SmartSuiteError::InternalServerError(None, ctx(500)),
        ),
        (
            "bad-gateway",
            SmartSuiteError::BadGateway(
                None,
                ctx(502).with_body(&b"<html><body><h1>502 Bad Gateway</h1></body></html>"[..]),
            ),
        ),
        (
            "unavailable",
            SmartSuiteError::ServiceUnavailable(
                detail("Request was throttled. Expected available in 30 seconds."),
                ctx(503).with_retry_after(RetryAfter::Delay(Duration::from_secs(30))),
            ),
        ),
        (
            "undocumented",
            SmartSuiteError::Unexpected(
                ctx(429)
                    .with_retry_after(RetryAfter::Delay(Duration::from_secs(5)))
                    .with_body(&br#"{"detail":"Request was throttled."}"#[..]),
            ),
        ),
    ]
}

/// One example per variant of [`InvestSuiteError`], with the path it is served under.
#[allow(
    clippy::too_many_lines,
    reason = "a table of examples, one per variant"
)]
pub fn investsuite_examples() -> Vec<(&'static str, InvestSuiteError)> {
    let ctx =
        |code: u16| Context::new(StatusCode::from_u16(code).unwrap_or(StatusCode::IM_A_TEAPOT));
    let problem = |title: &str, description: &str, id: &str| {
        Some(
            Problem::new()
                .with_title(title)
                .with_description(description)
                .with_request_id(id),
        )
    };
    let key = |k: &str| LocSegment::Key(k.to_owned());
    vec![
        (
            "bad-request",
            InvestSuiteError::BadRequest(
                Some(
                    Validation::new()
                        .with_title("Bad request")
                        .with_issue(
                            ValidationIssue::new(
                                [key("body"), key("rik_profile_id")],
                                "extra fields not permitted",
                            )
                            .with_kind("value_error.extra"),
                        )
                        .with_status(400)
                        .with_echoed_request(
                            serde_json::json!({"rik_profile_id": "K01FJCEA3TBBXNPP6GYZ2688EE3"}),
                        ),
                ),
                ctx(400),
            ),
        ),
        (
            "unauthorized",
            InvestSuiteError::Unauthorized(
                problem("Unauthorized", "JWT invalid", "8d3cc569"),
                ctx(401).with_request_id("8d3cc569"),
            ),
        ),
        (
            "forbidden",
            InvestSuiteError::Forbidden(
                problem(
                    "Forbidden",
                    "Token lacks the portfolio:write scope",
                    "0f6d2c1a",
                ),
                ctx(403).with_request_id("0f6d2c1a"),
            ),
        ),
        (
            "not-found",
            InvestSuiteError::NotFound(
                problem(
                    "Not found",
                    "Portfolio P01HZX8KQ2 does not exist",
                    "6a0e4f7b",
                ),
                ctx(404).with_request_id("6a0e4f7b"),
            ),
        ),
        (
            "business-logic",
            InvestSuiteError::BusinessLogicError(
                Some(
                    Problem::new()
                        .with_title("Business logic error")
                        .with_detail("Portfolio already has an open rebalancing order")
                        .with_status(409),
                ),
                ctx(409),
            ),
        ),
        (
            "validation",
            InvestSuiteError::ValidationError(
                Some(
                    Validation::new()
                        .with_title("Validation error")
                        .with_issue(ValidationIssue::new(
                            [
                                key("body"),
                                key("orders"),
                                LocSegment::Index(0),
                                key("quantity"),
                            ],
                            "ensure this value is greater than 0",
                        ))
                        .with_issue(ValidationIssue::new(
                            [key("query"), key("currency")],
                            "field required",
                        ))
                        .with_status(422),
                ),
                ctx(422),
            ),
        ),
        (
            "internal",
            InvestSuiteError::InternalServerError(
                Some(
                    Problem::new()
                        .with_title("Internal Server Error")
                        .with_request_id("c1d2e3f4"),
                ),
                ctx(500).with_request_id("c1d2e3f4"),
            ),
        ),
        (
            "server",
            InvestSuiteError::ServerError(
                None,
                ctx(503).with_body(
                    &b"<html><body>503 Service Temporarily Unavailable</body></html>"[..],
                ),
            ),
        ),
        (
            "undocumented",
            InvestSuiteError::Unexpected(
                ctx(429)
                    .with_retry_after(RetryAfter::Delay(Duration::from_secs(2)))
                    .with_body(&br#"{"title":"Too many requests"}"#[..]),
            ),
        ),
    ]
}

/// How many times each scripted endpoint was called.
#[derive(Debug, Default)]
pub struct Hits {
    /// `/flaky`.
    pub flaky: AtomicU32,
    /// `/always-unavailable`.
    pub always_unavailable: AtomicU32,
    /// `/errors/{name}`.
    pub errors: AtomicU32,
}

struct Vendor<E> {
    examples: Vec<(&'static str, E)>,
    /// `/flaky` answers this many 503s with `Retry-After: 1` before a 200.
    flaky_failures: u32,
    hits: Arc<Hits>,
}

/// A mock vendor listening on `127.0.0.1`; it stops when dropped.
pub struct MockVendor {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// Calls made so far.
    pub hits: Arc<Hits>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for MockVendor {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl MockVendor {
    /// Serves `examples` under `/errors/{name}`, plus:
    /// `/flaky` (503 with `Retry-After: 1`, `flaky_failures` times, then 200 `ok`),
    /// `/always-unavailable` (503 with `Retry-After: 0`, always),
    /// `/ok` (200), and `/big/{bytes}` (a 400 whose body is that many bytes).
    pub async fn start<E>(
        examples: Vec<(&'static str, E)>,
        flaky_failures: u32,
    ) -> std::io::Result<MockVendor>
    where
        E: RenderResponse + Send + Sync + 'static,
    {
        let hits = Arc::new(Hits::default());
        let vendor = Arc::new(Vendor {
            examples,
            flaky_failures,
            hits: Arc::clone(&hits),
        });
        let app = Router::new()
            .route("/errors/{name}", get(example::<E>))
            .route("/flaky", get(flaky::<E>))
            .route("/always-unavailable", get(always_unavailable::<E>))
            .route("/ok", get(|| async { "ok" }))
            .route("/big/{bytes}", get(big))
            .with_state(vendor);
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(MockVendor {
            base_url,
            hits,
            task,
        })
    }

    /// `base_url` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

fn rendered<E: RenderResponse>(error: &E) -> Response {
    error.to_response().map(Body::from)
}

fn unavailable(retry_after_secs: u64) -> Response {
    let body = format!(
        r#"{{"detail":"Request was throttled. Expected available in {retry_after_secs} seconds."}}"#
    );
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    response
        .headers_mut()
        .insert("retry-after", retry_after_secs.into());
    response.headers_mut().insert(
        "content-type",
        axum::http::HeaderValue::from_static("application/json"),
    );
    response
}

async fn example<E: RenderResponse>(
    State(vendor): State<Arc<Vendor<E>>>,
    Path(name): Path<String>,
) -> Response {
    vendor.hits.errors.fetch_add(1, Ordering::SeqCst);
    match vendor.examples.iter().find(|(path, _)| *path == name) {
        Some((_, error)) => rendered(error),
        None => {
            let mut response = Response::new(Body::from(format!("no example named {name}")));
            *response.status_mut() = StatusCode::IM_A_TEAPOT;
            response
        }
    }
}

async fn flaky<E>(State(vendor): State<Arc<Vendor<E>>>) -> Response {
    let call = vendor.hits.flaky.fetch_add(1, Ordering::SeqCst);
    if call < vendor.flaky_failures {
        unavailable(1)
    } else {
        Response::new(Body::from("ok"))
    }
}

async fn always_unavailable<E>(State(vendor): State<Arc<Vendor<E>>>) -> Response {
    vendor
        .hits
        .always_unavailable
        .fetch_add(1, Ordering::SeqCst);
    unavailable(0)
}

async fn big(Path(bytes): Path<usize>) -> Response {
    let mut response = Response::new(Body::from(vec![b'x'; bytes.min(16 << 20)]));
    *response.status_mut() = StatusCode::BAD_REQUEST;
    response
}
