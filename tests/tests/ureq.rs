//! ureq over real HTTP on loopback: errors read with the body cap, errors inside a
//! success, and the blocking retry loop (Retry-After honoured, a `POST` not sent
//! again after a 500, the last error kept whole). ureq blocks, so every call runs
//! on a blocking thread while the runtime serves.

// Some closures return the error enum itself, as users' do: its `Context` makes
// it larger than clippy's threshold for an `Err`.
#![allow(clippy::result_large_err)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{any, get};
use axum::Router;
use http_api_error::retry::{RetryBudget, RetryPolicy, SentRequest, Stop};
use http_api_error::ureq::{status_error, AgentExt, ResponseExt, RetryError, DEFAULT_BODY_LIMIT};
use http_api_error::{ApiError, Context};

#[derive(Debug, ApiError)]
#[api(vendor = "Acme", display)]
enum Acme {
    #[status(400)]
    BadRequest(#[context] Context),
    #[status(404)]
    NotFound(#[context] Context),
    #[status(429)]
    Throttled(#[context] Context),
    // Retried by the declaration, so that only the idempotency table can stop a POST.
    #[status(500..=599, retry = backoff)]
    Server(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

/// The idempotency key of every request the server saw, in order.
type Seen = Arc<Mutex<Vec<Option<String>>>>;

/// `/throttled-once`: a 429 with `Retry-After: 1`, then 200 `ok`;
/// `/error/{status}`: always that status with a JSON body and `Retry-After: 0`;
/// `/big/{bytes}`: a 400 with that many bytes.
async fn server() -> (String, Seen) {
    async fn throttled_once(State(seen): State<Seen>, headers: HeaderMap) -> impl IntoResponse {
        let calls = record(&seen, &headers);
        if calls == 1 {
            let mut headers = HeaderMap::new();
            headers.insert("retry-after", HeaderValue::from_static("1"));
            (StatusCode::TOO_MANY_REQUESTS, headers, "slow down")
        } else {
            (StatusCode::OK, HeaderMap::new(), "ok")
        }
    }
    async fn error(
        State(seen): State<Seen>,
        Path(status): Path<u16>,
        headers: HeaderMap,
    ) -> impl IntoResponse {
        record(&seen, &headers);
        let mut out = HeaderMap::new();
        out.insert("retry-after", HeaderValue::from_static("0"));
        out.insert("x-request-id", HeaderValue::from_static("req-7"));
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::IM_A_TEAPOT);
        (status, out, r#"{"detail": "the vendor is down"}"#)
    }
    async fn big(Path(bytes): Path<usize>) -> impl IntoResponse {
        (StatusCode::BAD_REQUEST, vec![b'x'; bytes.min(1 << 20)])
    }
    fn record(seen: &Seen, headers: &HeaderMap) -> usize {
        let key = headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let mut seen = seen.lock().expect("lock");
        seen.push(key);
        seen.len()
    }
    let seen = Seen::default();
    let app = Router::new()
        .route("/throttled-once", any(throttled_once))
        .route("/error/{status}", any(error))
        .route("/big/{bytes}", get(big))
        .with_state(Arc::clone(&seen));
    (http_api_error_tests::serve(app).await, seen)
}

/// An agent that hands error responses over whole.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
}

fn fast(attempts: u32) -> RetryPolicy {
    RetryPolicy::new()
        .max_attempts(attempts)
        .base_delay(Duration::from_millis(1))
        .jitter(false)
}

/// Runs blocking ureq code off the runtime's thread, which keeps serving.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f).await.expect("blocking task")
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_then_the_200_handed_back() {
    let (base, seen) = server().await;
    let url = format!("{base}/throttled-once");
    let (status, body) = blocking(move || {
        let request = http::Request::get(url).body(()).expect("request");
        let mut response = agent()
            .run_with_retry::<Acme, _>(&fast(3), request)
            .expect("the second try succeeds");
        let body = response.body_mut().read_to_string().expect("body");
        (response.status(), body)
    })
    .await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
    assert_eq!(seen.lock().expect("lock").len(), 2);
}

/// The same loop with the sleep recorded: the wait is the 429's `Retry-After`,
/// not the policy's 1 ms backoff.
#[tokio::test]
async fn the_blocking_loop_waits_what_the_response_asks() {
    let (base, _) = server().await;
    let url = format!("{base}/throttled-once");
    let (result, slept) = blocking(move || {
        let agent = agent();
        let mut slept = Vec::new();
        let sent = SentRequest::new(http::Method::GET, "loopback");
        let result = fast(3).run_sent_blocking(
            &sent,
            |_attempt| {
                let response = agent.get(&url).call().expect("transport");
                response.error_for_api_status::<Acme>().map(|r| r.status())
            },
            |wait| slept.push(wait),
        );
        (result.map_err(|failed| failed.reason), slept)
    })
    .await;
    assert_eq!(result, Ok(StatusCode::OK));
    assert_eq!(slept, [Duration::from_secs(1)]);
}

#[tokio::test]
async fn a_post_answered_500_is_not_sent_again_and_a_get_is() {
    let (base, seen) = server().await;
    let url = format!("{base}/error/500");
    let (post, get) = blocking(move || {
        let post = http::Request::post(&url).body("{}").expect("request");
        let post = agent().run_with_retry::<Acme, _>(&fast(3), post);
        let get = http::Request::get(&url).body(()).expect("request");
        let get = agent().run_with_retry::<Acme, _>(&fast(3), get);
        (post, get)
    })
    .await;
    let Err(RetryError::GaveUp(post)) = post else {
        panic!("the POST gives up: {post:?}")
    };
    assert_eq!((post.reason, post.attempts), (Stop::NotIdempotent, 1));
    let Err(RetryError::GaveUp(get)) = get else {
        panic!("the GET gives up: {get:?}")
    };
    assert_eq!((get.reason, get.attempts), (Stop::AttemptsExhausted, 3));
    assert_eq!(seen.lock().expect("lock").len(), 1 + 3);
}

#[tokio::test]
async fn a_post_with_a_key_added_is_retried_with_the_same_key() {
    let (base, seen) = server().await;
    let url = format!("{base}/error/503");
    let result = blocking(move || {
        let post = http::Request::post(&url).body("{}").expect("request");
        agent().run_with_retry::<Acme, _>(&fast(2).idempotency_keys(true), post)
    })
    .await;
    assert!(matches!(result, Err(RetryError::GaveUp(ref failed)) if failed.attempts == 2));
    let seen = seen.lock().expect("lock").clone();
    assert_eq!(seen.len(), 2);
    assert!(seen[0].is_some(), "a key was added");
    assert_eq!(seen[0], seen[1], "every try carries the same key");
}

#[tokio::test]
async fn giving_up_keeps_the_status_headers_and_body() {
    let (base, _) = server().await;
    let url = format!("{base}/error/503");
    let result = blocking(move || {
        let request = http::Request::get(url).body(()).expect("request");
        agent().run_with_retry::<Acme, _>(&fast(2), request)
    })
    .await;
    let Err(RetryError::GaveUp(failed)) = result else {
        panic!("gives up: {result:?}")
    };
    assert_eq!(failed.attempts, 2);
    let error = failed.error;
    assert!(matches!(error, Acme::Server(_)));
    assert_eq!(error.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(error.message().as_deref(), Some("the vendor is down"));
    assert_eq!(error.request_id(), Some("req-7"));
    let context = error.context().expect("a context");
    assert_eq!(context.raw_body(), br#"{"detail": "the vendor is down"}"#);
    assert!(!context.is_truncated());
}

#[tokio::test]
async fn error_bodies_are_read_up_to_the_cap() {
    let (base, _) = server().await;
    let errors = blocking(move || {
        let read = |bytes: usize, limit: usize| {
            let response = agent()
                .get(format!("{base}/big/{bytes}"))
                .call()
                .expect("transport");
            response.api_error_limited::<Acme>(limit)
        };
        [
            read(DEFAULT_BODY_LIMIT + 1, DEFAULT_BODY_LIMIT),
            read(1000, 1000),
            read(0, 0),
            read(10, 4),
        ]
    })
    .await;
    let seen: Vec<(usize, bool)> = errors
        .iter()
        .map(|error| {
            assert!(matches!(error, Acme::BadRequest(_)));
            let context = error.context().expect("a context");
            (context.raw_body().len(), context.is_truncated())
        })
        .collect();
    assert_eq!(
        seen,
        [
            (DEFAULT_BODY_LIMIT, true),
            (1000, false), // exactly the cap is whole
            (0, false),
            (4, true),
        ]
    );
}

#[tokio::test]
async fn an_agent_left_with_status_errors_still_classifies_by_status() {
    let (base, seen) = server().await;
    let (plain, retried) = blocking(move || {
        let agent = ureq::Agent::new_with_defaults();
        let plain = agent.get(format!("{base}/error/404")).call();
        let request = http::Request::get(format!("{base}/error/429"))
            .body(())
            .expect("request");
        (plain, agent.run_with_retry::<Acme, _>(&fast(2), request))
    })
    .await;
    let error = plain.expect_err("ureq's default makes a 404 an error");
    assert!(matches!(
        status_error::<Acme>(&error),
        Some(Acme::NotFound(_))
    ));
    let Err(RetryError::GaveUp(failed)) = retried else {
        panic!("gives up: {retried:?}")
    };
    assert!(matches!(failed.error, Acme::Throttled(_)));
    // By the status alone: ureq dropped the body.
    assert!(failed
        .error
        .context()
        .is_some_and(|c| c.raw_body().is_empty()));
    assert_eq!(failed.attempts, 2);
    assert_eq!(seen.lock().expect("lock").len(), 1 + 2);
}

#[tokio::test]
async fn a_transport_error_ends_the_loop_at_once() {
    // A port nothing listens on: bound, then released.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    // A bucket half spent: a success would give a token back.
    let budget = RetryBudget::new().capacity(10);
    assert!(budget.withdraw("127.0.0.1", 5));
    let policy = fast(3).budget(budget.clone());
    let result = blocking(move || {
        let request = http::Request::get(format!("http://{address}/"))
            .body(())
            .expect("request");
        agent().run_with_retry::<Acme, _>(&policy, request)
    })
    .await;
    assert!(
        matches!(result, Err(RetryError::Transport(_))),
        "{result:?}"
    );
    assert_eq!(budget.tokens("127.0.0.1"), 5, "not counted as a success");
}

/// A body that stops arriving is cut by the agent's own read time limit: what
/// came is kept, marked truncated.
#[tokio::test]
async fn a_body_that_stops_arriving_is_cut_at_the_agents_time_limit() {
    let url = http_api_error_tests::dripping_server(br#"{"detail": "down"#).await;
    let error = blocking(move || {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_recv_body(Some(Duration::from_millis(300)))
            .build()
            .new_agent();
        let response = agent.get(&url).call().expect("head");
        response.api_error::<Acme>()
    })
    .await;
    assert!(matches!(error, Acme::Server(_)));
    let context = error.context().expect("context");
    assert_eq!(context.raw_body(), br#"{"detail": "down"#);
    assert!(context.is_truncated());
}

/// A 200 that carries an error by the enum's `success_error` is the error; any
/// other 200 is handed back with its whole body, past the cap.
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
    let (failed, body) = blocking(move || {
        let call = |path: &str| {
            agent()
                .get(format!("{base}{path}"))
                .call()
                .expect("transport")
                .error_for_api_status::<SlackError>()
        };
        let failed = call("/auth.test").map(|_| ());
        let mut response = call("/chat.postMessage").expect("ok: true is a success");
        let body = response
            .body_mut()
            .with_config()
            .limit(u64::MAX)
            .read_to_string()
            .expect("body");
        (failed, body)
    })
    .await;
    assert!(matches!(failed, Err(SlackError::NotAuthed(_))));
    assert_eq!(body, expected);
}
