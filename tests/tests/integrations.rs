//! The retry integrations over real HTTP on 127.0.0.1: the reqwest-middleware
//! middleware (which reads error bodies), the reqwest-retry strategy, and the tower
//! retry policy, against the mock vendors and a vendor that answers with error codes.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use http_api_error::middleware::{ApiErrorStrategy, RetryApiErrors};
use http_api_error::reqwest::ResponseExt;
use http_api_error::retry::RetryPolicy;
use http_api_error::smartsuite::SmartSuiteError;
use http_api_error::tower::ApiRetryPolicy;
use http_api_error::ApiError;
use http_api_error_tests::gallery::openai::OpenAiError;
use http_api_error_tests::mock::{smartsuite_examples, MockVendor};
use reqwest_retry::policies::ExponentialBackoff;
use reqwest_retry::RetryTransientMiddleware;
use tower::{Service, ServiceBuilder, ServiceExt};

fn fast(attempts: u32) -> RetryPolicy {
    RetryPolicy::new()
        .max_attempts(attempts)
        .base_delay(Duration::from_millis(1))
        .immediate_delay(Duration::from_millis(1))
}

fn client(policy: RetryPolicy) -> reqwest_middleware::ClientWithMiddleware {
    reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryApiErrors::<SmartSuiteError>::new(policy))
        .build()
}

#[tokio::test]
async fn the_middleware_waits_retry_after_and_hands_back_the_success() {
    let vendor = MockVendor::start(smartsuite_examples(), 2)
        .await
        .expect("mock");
    let started = Instant::now();
    let response = client(fast(4))
        .get(vendor.url("/flaky"))
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.expect("body"), "ok");
    assert_eq!(vendor.hits.flaky.load(Ordering::SeqCst), 3);
    // Two 503s with `Retry-After: 1`: the floor of each wait is a second.
    assert!(started.elapsed() >= Duration::from_secs(2));
}

#[tokio::test]
async fn the_middleware_gives_back_the_last_error_response_intact() {
    let vendor = MockVendor::start(smartsuite_examples(), 0)
        .await
        .expect("mock");
    let response = client(fast(3))
        .get(vendor.url("/always-unavailable"))
        .send()
        .await
        .expect("send");
    assert_eq!(vendor.hits.always_unavailable.load(Ordering::SeqCst), 3);
    assert_eq!(response.url().as_str(), vendor.url("/always-unavailable"));
    let error = response
        .error_for_api_status::<SmartSuiteError>()
        .await
        .expect_err("503");
    assert!(matches!(error, SmartSuiteError::ServiceUnavailable(..)));
    assert_eq!(error.retry_after(), Some(Duration::ZERO));
}

#[tokio::test]
async fn a_response_given_back_with_a_cut_body_still_says_so() {
    let vendor = MockVendor::start(smartsuite_examples(), 0)
        .await
        .expect("mock");
    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryApiErrors::<SmartSuiteError>::new(fast(2)).body_limit(100))
        .build();
    let response = client
        .get(vendor.url("/big/5000"))
        .send()
        .await
        .expect("send");
    assert_eq!(response.url().as_str(), vendor.url("/big/5000"));
    let error = response.api_error::<SmartSuiteError>().await;
    let context = error.context().expect("context");
    assert_eq!(context.raw_body().len(), 100);
    assert!(context.is_truncated());
}

#[tokio::test]
async fn the_middleware_does_not_retry_what_the_enum_says_never_to() {
    let vendor = MockVendor::start(smartsuite_examples(), 0)
        .await
        .expect("mock");
    let response = client(fast(5))
        .get(vendor.url("/errors/not-found"))
        .send()
        .await
        .expect("send");
    assert_eq!(vendor.hits.errors.load(Ordering::SeqCst), 1);
    let error = response
        .error_for_api_status::<SmartSuiteError>()
        .await
        .expect_err("404");
    assert!(matches!(error, SmartSuiteError::NotFound(Some(_), _)));
}

/// A vendor that answers 429 with the OpenAI body `code` chosen by the path.
async fn quota_vendor() -> (String, Arc<AtomicU32>) {
    async fn answer(
        State(hits): State<Arc<AtomicU32>>,
        axum::extract::Path(code): axum::extract::Path<String>,
    ) -> Response {
        hits.fetch_add(1, Ordering::SeqCst);
        let body = format!(
            r#"{{"error": {{"message": "429 because {code}", "type": "requests", "code": "{code}"}}}}"#
        );
        (
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            [
                ("content-type", "application/json"),
                ("retry-after-ms", "5"),
            ],
            body,
        )
            .into_response()
    }
    let hits = Arc::new(AtomicU32::new(0));
    let app = Router::new()
        .route("/v1/{code}", get(answer))
        .with_state(Arc::clone(&hits));
    let base = http_api_error_tests::serve(app).await;
    (base, hits)
}

#[tokio::test]
async fn the_middleware_reads_the_error_code_in_the_body() {
    let (base, hits) = quota_vendor().await;
    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryApiErrors::<OpenAiError>::new(fast(4)))
        .build();
    let response = client
        .get(format!("{base}/v1/insufficient_quota"))
        .send()
        .await
        .expect("send");
    assert_eq!(
        hits.swap(0, Ordering::SeqCst),
        1,
        "a spent quota is not retried"
    );
    let error = response
        .error_for_api_status::<OpenAiError>()
        .await
        .expect_err("429");
    assert!(matches!(error, OpenAiError::QuotaExceeded(..)));
    client
        .get(format!("{base}/v1/rate_limit_exceeded"))
        .send()
        .await
        .expect("send");
    assert_eq!(hits.load(Ordering::SeqCst), 4, "a rate limit is retried");
}

#[tokio::test]
async fn reqwest_retry_with_the_strategy_retries_what_the_enum_advises() {
    let vendor = MockVendor::start(smartsuite_examples(), 0)
        .await
        .expect("mock");
    let backoff = ExponentialBackoff::builder()
        .retry_bounds(Duration::from_millis(1), Duration::from_millis(2))
        .build_with_max_retries(2);
    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryTransientMiddleware::new_with_policy_and_strategy(
            backoff,
            ApiErrorStrategy::<SmartSuiteError>::new(),
        ))
        .build();
    let response = client
        .get(vendor.url("/always-unavailable"))
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 503);
    assert_eq!(vendor.hits.always_unavailable.load(Ordering::SeqCst), 3);
    client
        .get(vendor.url("/errors/unauthorized"))
        .send()
        .await
        .expect("send");
    assert_eq!(
        vendor.hits.errors.load(Ordering::SeqCst),
        1,
        "a 401 is fatal"
    );
}

#[tokio::test]
async fn a_tower_stack_retries_with_the_policy() {
    let vendor = MockVendor::start(smartsuite_examples(), 0)
        .await
        .expect("mock");
    let send = tower::service_fn(http_api_error_tests::send_with_reqwest);
    let mut service = ServiceBuilder::new()
        .retry(ApiRetryPolicy::<SmartSuiteError>::new(fast(3)))
        .service(send);
    let response = service
        .ready()
        .await
        .expect("ready")
        .call(get_request(&vendor.url("/always-unavailable")))
        .await
        .expect("call");
    assert_eq!(response.status(), 503);
    assert_eq!(vendor.hits.always_unavailable.load(Ordering::SeqCst), 3);
    let response = service
        .ready()
        .await
        .expect("ready")
        .call(get_request(&vendor.url("/errors/forbidden")))
        .await
        .expect("call");
    assert_eq!(response.status(), 403);
    assert_eq!(vendor.hits.errors.load(Ordering::SeqCst), 1);
}

/// A `GET` of `url`, as the tower stack takes requests.
fn get_request(url: &str) -> http_api_error::http::Request<()> {
    let mut request = http_api_error::http::Request::new(());
    *request.uri_mut() = url.parse().expect("a URL");
    request
}

/// A GraphQL endpoint: the first `limited` queries answer 200 with a `RATE_LIMITED`
/// error, then data; `/bad` always answers 200 with a query error.
async fn graphql_vendor(limited: u32) -> (String, Arc<AtomicU32>) {
    async fn answer(State((hits, limited)): State<(Arc<AtomicU32>, u32)>) -> Response {
        let body = if hits.fetch_add(1, Ordering::SeqCst) < limited {
            r#"{"errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded"}]}"#
        } else {
            r#"{"data": {"viewer": {"login": "octo-tester"}}}"#
        };
        ([("content-type", "application/json")], body).into_response()
    }
    async fn bad(State((hits, _)): State<(Arc<AtomicU32>, u32)>) -> Response {
        hits.fetch_add(1, Ordering::SeqCst);
        let body = r#"{"errors": [{"message": "Field 'nope' doesn't exist on type 'Query'"}]}"#;
        ([("content-type", "application/json")], body).into_response()
    }
    let hits = Arc::new(AtomicU32::new(0));
    let app = Router::new()
        .route("/graphql", axum::routing::post(answer))
        .route("/bad", axum::routing::post(bad))
        .with_state((Arc::clone(&hits), limited));
    (http_api_error_tests::serve(app).await, hits)
}

/// The middleware treats a 200 that carries an error by the enum's
/// `success_error` as it treats an error status: retried as its variant advises,
/// handed back with its body when it gives up; a plain success keeps its body.
#[tokio::test]
async fn the_middleware_retries_errors_inside_a_success() {
    use http_api_error_tests::gallery::github_graphql::GitHubGraphQlError;
    let (base, hits) = graphql_vendor(2).await;
    // GraphQL queries are POSTs; GitHub's are reads, so they carry a key here.
    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryApiErrors::<GitHubGraphQlError>::new(fast(4)))
        .build();
    let response = client
        .post(format!("{base}/graphql"))
        .header("idempotency-key", "query-1")
        .send()
        .await
        .expect("send");
    assert_eq!(hits.swap(0, Ordering::SeqCst), 3, "two limited, then data");
    let response = response
        .error_for_api_status::<GitHubGraphQlError>()
        .await
        .expect("the third answer is a success");
    assert!(response.text().await.expect("body").contains("octo-tester"));

    let response = client
        .post(format!("{base}/bad"))
        .header("idempotency-key", "query-2")
        .send()
        .await
        .expect("send");
    assert_eq!(
        hits.load(Ordering::SeqCst),
        1,
        "a query error is not retried"
    );
    let error = response
        .error_for_api_status::<GitHubGraphQlError>()
        .await
        .expect_err("a query error in a 200");
    assert!(matches!(error, GitHubGraphQlError::QueryFailed(_)));
    assert!(error.message().is_some_and(|m| m.contains("nope")));
}

/// A tower stack with the pacing layer inside the retry layer: a burst against a
/// small announced limit waits for the reset instead of being refused; without
/// the layer, the same burst is refused.
#[tokio::test]
async fn a_paced_tower_stack_waits_for_the_reset_instead_of_hitting_429() {
    use http_api_error::retry::Pacer;
    use http_api_error::tower::PaceLayer;
    let send = tower::service_fn(http_api_error_tests::send_with_reqwest);
    for paced in [true, false] {
        let (url, refused) = http_api_error_tests::limited::start(4, Duration::from_secs(1)).await;
        let pacer = Pacer::new();
        let retry = ApiRetryPolicy::<SmartSuiteError>::new(fast(4));
        let mut service = ServiceBuilder::new()
            .retry(retry)
            .option_layer(paced.then(|| PaceLayer::<SmartSuiteError>::new(pacer)))
            .service(send);
        for _ in 0..10 {
            let response = service
                .ready()
                .await
                .expect("ready")
                .call(get_request(&url))
                .await
                .expect("call");
            assert_eq!(response.status(), 200);
        }
        let refused = *refused.lock().expect("lock");
        if paced {
            assert_eq!(refused, 0, "429s with the pacing layer");
        } else {
            assert!(refused > 0, "the burst is refused without it");
        }
    }
}

/// A tower stack with the error-body layer inside the retry layer reads error
/// codes (a spent quota is not retried, a rate limit is) and errors inside a
/// success (retried as advised, the last success handed on with its body).
#[tokio::test]
async fn a_tower_stack_with_the_error_body_layer_reads_codes_and_errors_inside_a_success() {
    use http_api_error::tower::{ErrorBodyLayer, ReadBody};
    use http_api_error_tests::gallery::github_graphql::GitHubGraphQlError;
    let send = tower::service_fn(http_api_error_tests::send_with_reqwest);

    let (base, hits) = quota_vendor().await;
    let mut service = ServiceBuilder::new()
        .retry(ApiRetryPolicy::<OpenAiError>::new(fast(4)))
        .layer(ErrorBodyLayer::<OpenAiError>::new())
        .service(send);
    for (code, tries) in [("insufficient_quota", 1), ("rate_limit_exceeded", 4)] {
        let response = service
            .ready()
            .await
            .expect("ready")
            .call(get_request(&format!("{base}/v1/{code}")))
            .await
            .expect("call");
        assert_eq!(response.status(), 429);
        assert_eq!(hits.swap(0, Ordering::SeqCst), tries, "{code}");
        let read = response.extensions().get::<ReadBody>().expect("read");
        assert!(!read.is_truncated());
    }

    let (base, hits) = graphql_vendor(2).await;
    let mut service = ServiceBuilder::new()
        .retry(ApiRetryPolicy::<GitHubGraphQlError>::new(fast(4)))
        .layer(ErrorBodyLayer::<GitHubGraphQlError>::new())
        .service(send);
    let mut request = get_request(&format!("{base}/graphql"));
    *request.method_mut() = http_api_error::http::Method::POST;
    request
        .headers_mut()
        .insert("idempotency-key", "query-1".parse().expect("value"));
    let response = service
        .ready()
        .await
        .expect("ready")
        .call(request)
        .await
        .expect("call");
    assert_eq!(hits.load(Ordering::SeqCst), 3, "two limited, then data");
    let body = http_body_util::BodyExt::collect(response.into_body())
        .await
        .expect("body")
        .to_bytes();
    assert!(String::from_utf8_lossy(&body).contains("octo-tester"));
}
