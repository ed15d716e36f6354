//! Over real HTTP on loopback: fixtures served and decoded through reqwest, the body
//! cap, and the retry loop against scripted endpoints.

use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Path;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use http_api_error::investsuite::InvestSuiteError;
use http_api_error::reqwest::{ResponseExt, DEFAULT_BODY_LIMIT};
use http_api_error::retry::{RetryPolicy, Stop};
use http_api_error::smartsuite::SmartSuiteError;
use http_api_error::{ApiError, Context};
use http_api_error_tests::mock::{investsuite_examples, smartsuite_examples, MockVendor};
use http_api_error_tests::{cases, dripping_server, outcome, Fixture};

/// Serves every fixture file as recorded, under `/{vendor}/{file}`.
async fn fixture_server() -> String {
    async fn serve(Path((vendor, file)): Path<(String, String)>) -> Response {
        let Ok(fixture) = Fixture::load(&format!("{vendor}/{file}")) else {
            let mut response = Response::new(Body::from("no such fixture"));
            *response.status_mut() = axum::http::StatusCode::IM_A_TEAPOT;
            return response;
        };
        let mut response = Response::new(Body::from(fixture.body));
        *response.status_mut() = fixture.status;
        for (name, value) in &fixture.headers {
            if name != "content-length" {
                response.headers_mut().append(name, value.clone());
            }
        }
        response
    }
    let app = Router::new().route("/{vendor}/{file}", get(serve));
    http_api_error_tests::serve(app).await
}

#[tokio::test]
async fn every_fixture_served_and_decoded_through_reqwest() {
    let base = fixture_server().await;
    let client = reqwest::Client::new();
    for case in cases().expect("cases.json") {
        let response = client
            .get(format!("{base}/{}", case.file))
            .send()
            .await
            .expect("request");
        let mut actual = if case.file.starts_with("smartsuite/") {
            outcome(&case.file, &response.api_error::<SmartSuiteError>().await)
        } else {
            outcome(&case.file, &response.api_error::<InvestSuiteError>().await)
        };
        let mut expected = case.clone();
        expected.field_errors.sort();
        actual.field_errors.sort();
        assert_eq!(actual, expected, "{}", case.file);
    }
}

#[tokio::test]
async fn every_mock_example_decodes_through_reqwest() {
    let vendor = MockVendor::start(smartsuite_examples(), 0)
        .await
        .expect("mock");
    let client = reqwest::Client::new();
    for (name, original) in smartsuite_examples() {
        let response = client
            .get(vendor.url(&format!("/errors/{name}")))
            .send()
            .await
            .expect("request");
        let error: SmartSuiteError = response.api_error().await;
        assert_eq!(error.variant_name(), original.variant_name(), "{name}");
        assert_eq!(error.message(), original.message(), "{name}");
        assert_eq!(error.retry_after(), original.retry_after(), "{name}");
        assert_eq!(error.request_id(), original.request_id(), "{name}");
    }
    assert_eq!(vendor.hits.errors.load(Ordering::SeqCst), 9);
}

#[tokio::test]
async fn bodies_over_the_cap_keep_their_prefix_and_are_marked_truncated() {
    let vendor = MockVendor::start(smartsuite_examples(), 0)
        .await
        .expect("mock");
    let client = reqwest::Client::new();
    let get = |bytes: usize| client.get(vendor.url(&format!("/big/{bytes}"))).send();

    let error: SmartSuiteError = get(1 << 20)
        .await
        .expect("request")
        .api_error_limited(1000)
        .await;
    let context = error.context().expect("context");
    assert_eq!(context.raw_body().len(), 1000);
    assert!(context.is_truncated());
    assert!(matches!(error, SmartSuiteError::BadRequest(None, _)));
    assert_eq!(error.status().as_u16(), 400);

    let error: SmartSuiteError = get(1000)
        .await
        .expect("request")
        .api_error_limited(1000)
        .await;
    assert!(
        !error.context().is_some_and(Context::is_truncated),
        "exactly the cap is whole"
    );

    let error: SmartSuiteError = get(DEFAULT_BODY_LIMIT + 1)
        .await
        .expect("request")
        .api_error()
        .await;
    assert_eq!(
        error.context().map(|c| c.raw_body().len()),
        Some(DEFAULT_BODY_LIMIT)
    );
    assert!(error.context().is_some_and(Context::is_truncated));

    let error: SmartSuiteError = get(0).await.expect("request").api_error_limited(0).await;
    assert!(!error.context().is_some_and(Context::is_truncated));
}

#[tokio::test]
async fn success_passes_through_error_for_api_status() {
    let vendor = MockVendor::start(smartsuite_examples(), 0)
        .await
        .expect("mock");
    let response = reqwest::get(vendor.url("/ok")).await.expect("request");
    let response = response
        .error_for_api_status::<SmartSuiteError>()
        .await
        .expect("a 200 is not an error");
    assert_eq!(response.text().await.expect("body"), "ok");
}

/// A 200 that carries an error by the enum's `success_error` is the error; any
/// other 200 passes through with its whole body, over real HTTP.
#[tokio::test]
async fn errors_inside_a_success_are_errors_and_successes_keep_their_body() {
    use http_api_error_tests::gallery::slack::SlackError;
    let long = "x".repeat(3 * DEFAULT_BODY_LIMIT);
    let ok_body = format!(r#"{{"ok": true, "text": "{long}"}}"#);
    let expected = ok_body.clone();
    let app = Router::new()
        .route(
            "/auth.test",
            get(|| async { r#"{"ok": false, "error": "invalid_auth"}"# }),
        )
        .route("/chat.postMessage", get(move || async move { ok_body }));
    let base = http_api_error_tests::serve(app).await;
    let failed = reqwest::get(format!("{base}/auth.test"))
        .await
        .expect("request")
        .error_for_api_status::<SlackError>()
        .await;
    let Err(SlackError::NotAuthed(context)) = failed else {
        panic!("not NotAuthed: {failed:?}");
    };
    assert_eq!(context.status(), reqwest::StatusCode::OK);
    let passed = reqwest::get(format!("{base}/chat.postMessage"))
        .await
        .expect("request")
        .error_for_api_status::<SlackError>()
        .await
        .expect("ok: true is a success");
    assert_eq!(passed.status(), reqwest::StatusCode::OK);
    assert_eq!(passed.text().await.expect("body"), expected);
    // An enum without the rule never reads a 200's body: the same error body is a success.
    let untouched = reqwest::get(format!("{base}/auth.test"))
        .await
        .expect("request")
        .error_for_api_status::<SmartSuiteError>()
        .await
        .expect("a 200 is a success to SmartSuite");
    assert!(untouched
        .text()
        .await
        .expect("body")
        .contains("invalid_auth"));
}

/// A short `Retry-After` is honoured: the policy waits at least what the server asked.
#[tokio::test]
async fn retries_honour_a_short_retry_after() {
    let vendor = MockVendor::start(smartsuite_examples(), 2)
        .await
        .expect("mock");
    let client = reqwest::Client::new();
    let policy = RetryPolicy::new()
        .max_attempts(5)
        .base_delay(Duration::from_millis(10))
        .max_delay(Duration::from_secs(5));
    let result: Result<String, _> = policy
        .run(
            |_| {
                let request = client.get(vendor.url("/flaky")).send();
                async move {
                    let response = request.await.expect("loopback request");
                    match response.error_for_api_status::<SmartSuiteError>().await {
                        Ok(response) => Ok(response.text().await.expect("body")),
                        Err(error) => Err(error),
                    }
                }
            },
            tokio::time::sleep,
        )
        .await;
    assert_eq!(result.expect("third try succeeds"), "ok");
    assert_eq!(vendor.hits.flaky.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn the_waits_are_recorded_and_never_below_retry_after() {
    let vendor = MockVendor::start(smartsuite_examples(), u32::MAX)
        .await
        .expect("mock");
    let client = reqwest::Client::new();
    let policy = RetryPolicy::new()
        .max_attempts(3)
        .base_delay(Duration::from_millis(10))
        .max_delay(Duration::from_secs(5));
    let mut slept = Vec::new();
    let failed = policy
        .run(
            |_| {
                let request = client.get(vendor.url("/flaky")).send();
                async move {
                    Err::<(), SmartSuiteError>(request.await.expect("request").api_error().await)
                }
            },
            |wait| {
                slept.push(wait);
                async {}
            },
        )
        .await
        .expect_err("always 503");
    assert_eq!(failed.reason, Stop::AttemptsExhausted);
    assert_eq!(failed.attempts, 3);
    assert_eq!(slept, failed.waited);
    assert_eq!(slept.len(), 2);
    assert!(
        slept.iter().all(|wait| *wait >= Duration::from_secs(1)),
        "{slept:?}"
    );
}

#[tokio::test]
async fn escalated_and_never_retried_errors_stop_at_once() {
    let smartsuite = MockVendor::start(smartsuite_examples(), 0)
        .await
        .expect("mock");
    let investsuite = MockVendor::start(investsuite_examples(), 0)
        .await
        .expect("mock");
    let client = reqwest::Client::new();
    let policy = RetryPolicy::new().max_attempts(10);

    let failed = policy
        .run(
            |_| {
                let request = client.get(investsuite.url("/errors/internal")).send();
                async move {
                    Err::<(), InvestSuiteError>(request.await.expect("request").api_error().await)
                }
            },
            |_| async { panic!("an escalated error is never waited on") },
        )
        .await
        .expect_err("500");
    assert_eq!((failed.reason, failed.attempts), (Stop::Escalate, 1));
    assert_eq!(investsuite.hits.errors.load(Ordering::SeqCst), 1);

    let failed = policy
        .run(
            |_| {
                let request = client.get(smartsuite.url("/errors/not-found")).send();
                async move {
                    Err::<(), SmartSuiteError>(request.await.expect("request").api_error().await)
                }
            },
            |_| async { panic!("a never-retried error is never waited on") },
        )
        .await
        .expect_err("404");
    assert_eq!((failed.reason, failed.attempts), (Stop::NotRetryable, 1));
    assert_eq!(smartsuite.hits.errors.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn attempts_are_exhausted_against_an_endpoint_that_always_fails() {
    let vendor = MockVendor::start(smartsuite_examples(), 0)
        .await
        .expect("mock");
    let client = reqwest::Client::new();
    let policy = RetryPolicy::new()
        .max_attempts(4)
        .base_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(5));
    let failed = policy
        .run(
            |_| {
                let request = client.get(vendor.url("/always-unavailable")).send();
                async move {
                    Err::<(), SmartSuiteError>(request.await.expect("request").api_error().await)
                }
            },
            tokio::time::sleep,
        )
        .await
        .expect_err("always 503");
    assert_eq!(
        (failed.reason, failed.attempts),
        (Stop::AttemptsExhausted, 4)
    );
    assert_eq!(vendor.hits.always_unavailable.load(Ordering::SeqCst), 4);
    assert!(matches!(
        failed.error,
        SmartSuiteError::ServiceUnavailable(Some(_), _)
    ));
}

#[tokio::test]
async fn a_body_that_stops_arriving_is_cut_at_the_time_limit() {
    let url = dripping_server(br#"{"message": "down"#).await;
    let response = reqwest::get(&url).await.expect("head");
    let started = std::time::Instant::now();
    let error: SmartSuiteError = response
        .api_error_within(DEFAULT_BODY_LIMIT, Duration::from_millis(300))
        .await;
    assert!(started.elapsed() < Duration::from_secs(5));
    let context = error.context().expect("context");
    assert_eq!(context.raw_body(), br#"{"message": "down"#);
    assert!(context.is_truncated());
    assert_eq!(context.status(), 503);
}

#[tokio::test]
async fn a_body_that_fills_the_cap_exactly_is_not_waited_on() {
    let url = dripping_server(b"0123456789").await;
    let response = reqwest::get(&url).await.expect("head");
    let started = std::time::Instant::now();
    // A minute to read, but the cap is reached at once: no waiting for a next chunk.
    let error: SmartSuiteError = response.api_error_within(10, Duration::from_secs(60)).await;
    assert!(started.elapsed() < Duration::from_secs(5));
    let context = error.context().expect("context");
    assert_eq!(context.raw_body(), b"0123456789");
    // Nothing said how long the body is: it may go on, so it is marked.
    assert!(context.is_truncated());
}
