//! Retries that are safe for the request and for the server: a request with side
//! effects is not repeated after a response that may have been acted on, unless it
//! carries an idempotency key; a shared budget stops retries during an outage. Over
//! real HTTP on 127.0.0.1, and as properties of the decision.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap as AxumHeaders;
use axum::response::IntoResponse;
use axum::routing::any as any_method;
use axum::Router;
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use http_api_error::middleware::RetryApiErrors;
use http_api_error::retry::{Decision, RetryBudget, RetryPolicy, SentRequest, Stop};
use http_api_error::{ApiError, Context};
use proptest::prelude::*;

#[derive(Debug, ApiError)]
enum Vendor {
    #[status(other)]
    Any(#[context] Context),
}

fn fast(attempts: u32) -> RetryPolicy {
    RetryPolicy::new()
        .max_attempts(attempts)
        .base_delay(Duration::from_millis(1))
        .immediate_delay(Duration::from_millis(1))
}

/// A server that answers every request with `status` and records each request's
/// method and idempotency key.
async fn recording(status: u16) -> (String, Arc<Mutex<Vec<(String, Option<String>)>>>) {
    type Seen = Arc<Mutex<Vec<(String, Option<String>)>>>;
    async fn answer(
        State((seen, status)): State<(Seen, u16)>,
        method: axum::http::Method,
        headers: AxumHeaders,
    ) -> impl IntoResponse {
        let key = headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        seen.lock().expect("lock").push((method.to_string(), key));
        (
            axum::http::StatusCode::from_u16(status).expect("status"),
            r#"{"message": "try later"}"#,
        )
    }
    let seen: Seen = Arc::default();
    let app = Router::new()
        .route("/charges", any_method(answer))
        .with_state((Arc::clone(&seen), status));
    let base = http_api_error_tests::serve(app).await;
    (format!("{base}/charges"), seen)
}

fn client(policy: RetryPolicy) -> reqwest_middleware::ClientWithMiddleware {
    reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryApiErrors::<Vendor>::new(policy))
        .build()
}

#[tokio::test]
async fn a_post_without_a_key_is_sent_once_after_a_502() {
    let (url, seen) = recording(502).await;
    let response = client(fast(4)).post(&url).send().await.expect("send");
    assert_eq!(response.status(), 502);
    assert_eq!(seen.lock().expect("lock").len(), 1);
    // The same endpoint read with GET is retried as the advice says.
    client(fast(4)).get(&url).send().await.expect("send");
    assert_eq!(seen.lock().expect("lock").len(), 1 + 4);
}

#[tokio::test]
async fn a_post_is_retried_after_a_429_which_says_it_was_not_acted_on() {
    let (url, seen) = recording(429).await;
    client(fast(3)).post(&url).send().await.expect("send");
    assert_eq!(seen.lock().expect("lock").len(), 3);
}

#[tokio::test]
async fn with_keys_on_a_post_is_retried_with_one_key_on_every_try() {
    let (url, seen) = recording(503).await;
    client(fast(3).idempotency_keys(true))
        .post(&url)
        .send()
        .await
        .expect("send");
    let seen = seen.lock().expect("lock");
    assert_eq!(seen.len(), 3);
    let key = seen[0].1.clone().expect("a key on the first try");
    assert!(seen
        .iter()
        .all(|(method, k)| method == "POST" && k.as_deref() == Some(&key)));
}

#[tokio::test]
async fn a_key_the_caller_set_is_kept_and_makes_the_post_repeatable() {
    let (url, seen) = recording(502).await;
    client(fast(2).idempotency_keys(true))
        .post(&url)
        .header("idempotency-key", "order-42")
        .send()
        .await
        .expect("send");
    let seen = seen.lock().expect("lock");
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().all(|(_, k)| k.as_deref() == Some("order-42")));
}

#[tokio::test]
async fn a_shared_budget_stops_retries_across_requests_during_an_outage() {
    let (url, seen) = recording(503).await;
    // Room for three retries in all, whatever the number of requests.
    let budget = RetryBudget::new().capacity(15).retry_cost(5);
    let client = client(fast(4).budget(budget.clone()));
    for _ in 0..5 {
        client.get(&url).send().await.expect("send");
    }
    // Five first tries and three retries; without the budget, 5 × 4 = 20.
    assert_eq!(seen.lock().expect("lock").len(), 5 + 3);
    assert_eq!(budget.tokens("127.0.0.1"), 0);
}

// ----- properties -----------------------------------------------------------------

fn method() -> impl Strategy<Value = Method> {
    prop::sample::select(vec![
        Method::GET,
        Method::POST,
        Method::PATCH,
        Method::PUT,
        Method::DELETE,
        Method::from_bytes(b"PURGE").expect("a method"),
    ])
}

/// Headers that push towards a retry.
fn pushy_headers() -> impl Strategy<Value = HeaderMap> {
    (any::<bool>(), any::<bool>(), 0u32..100).prop_map(|(should, after, secs)| {
        let mut headers = HeaderMap::new();
        if should {
            headers.insert("x-should-retry", HeaderValue::from_static("true"));
        }
        if after {
            headers.insert("retry-after", HeaderValue::from(secs));
        }
        headers
    })
}

proptest! {
    #[test]
    fn a_request_with_side_effects_and_no_key_is_never_repeated_after_it_may_have_been_acted_on(
        method in method(),
        // The statuses the default table retries, then any.
        status in prop_oneof![
            prop::sample::select(vec![408u16, 425, 429, 500, 502, 503, 504]),
            400u16..=599,
        ],
        headers in pushy_headers(),
        keyed in any::<bool>(),
        attempt in 1u32..4,
    ) {
        let status = StatusCode::from_u16(status).expect("status");
        let error = Vendor::from_parts(status, &headers, b"");
        let sent = SentRequest::new(method.clone(), "h").with_idempotency_key(keyed);
        let decision = fast(8).decide_sent(&sent, &error, attempt);
        let idempotent = http_api_error::retry::is_idempotent(&method);
        if !idempotent && !keyed && !matches!(status.as_u16(), 408 | 425 | 429) {
            prop_assert!(!matches!(decision, Decision::Wait(_)), "{method} {status}: {decision:?}");
        }
        // Where a repeat is safe, the decision by the error alone stands (the waits
        // are drawn at random, so only whether to wait is compared).
        if idempotent || keyed {
            let alone = fast(8).decide(&error, attempt);
            prop_assert_eq!(matches!(decision, Decision::Wait(_)), matches!(alone, Decision::Wait(_)));
        }
    }

    #[test]
    fn the_budget_stays_within_zero_and_its_capacity(
        ops in prop::collection::vec((any::<bool>(), 0u32..20), 0..200),
        capacity in 0u32..60,
    ) {
        let budget = RetryBudget::new().capacity(capacity);
        // A model: the tokens, taken only when enough, given back up to capacity.
        let mut model = capacity;
        for (take, amount) in ops {
            if take {
                let taken = budget.withdraw("p", amount);
                prop_assert_eq!(taken, model >= amount);
                if taken {
                    model -= amount;
                }
            } else {
                budget.deposit("p", amount);
                model = (model + amount).min(capacity);
            }
            prop_assert_eq!(budget.tokens("p"), model);
            prop_assert!(budget.tokens("p") <= capacity);
        }
    }
}

#[test]
fn concurrent_withdrawals_take_exactly_what_the_bucket_holds() {
    let budget = RetryBudget::new().capacity(1000);
    let taken: u32 = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let budget = budget.clone();
                scope.spawn(move || (0..100).filter(|_| budget.withdraw("p", 3)).count())
            })
            .collect();
        handles
            .into_iter()
            .map(|h| u32::try_from(h.join().expect("thread")).expect("count"))
            .sum()
    });
    // 800 tries at 3 tokens from 1,000: exactly 333 succeed, 1 token is left.
    assert_eq!(taken, 333);
    assert_eq!(budget.tokens("p"), 1);
    // Deposits from many threads never overfill it.
    std::thread::scope(|scope| {
        for _ in 0..8 {
            let budget = budget.clone();
            scope.spawn(move || (0..500).for_each(|_| budget.deposit("p", 7)));
        }
    });
    assert_eq!(budget.tokens("p"), 1000);
}

#[test]
fn an_empty_budget_says_so() {
    let policy = fast(4).budget(RetryBudget::new().capacity(0));
    let error = Vendor::from_parts(StatusCode::SERVICE_UNAVAILABLE, &HeaderMap::new(), b"");
    let sent = SentRequest::new(Method::GET, "h");
    assert_eq!(
        policy.decide_sent(&sent, &error, 1),
        Decision::Stop(Stop::BudgetExhausted)
    );
    assert_eq!(
        Stop::BudgetExhausted.to_string(),
        "the retry budget is spent"
    );
}

// ----- pacing -----------------------------------------------------------------------

#[tokio::test]
async fn a_paced_client_waits_for_the_reset_instead_of_hitting_429() {
    let (url, refused) = http_api_error_tests::limited::start(4, Duration::from_secs(1)).await;
    let client = client(fast(4).pacer(http_api_error::retry::Pacer::new()));
    for _ in 0..10 {
        let response = client.get(&url).send().await.expect("send");
        assert_eq!(response.status(), 200);
    }
    assert_eq!(*refused.lock().expect("lock"), 0, "429s with pacing");
}

#[tokio::test]
async fn without_a_pacer_the_same_burst_is_refused() {
    let (url, refused) = http_api_error_tests::limited::start(4, Duration::from_secs(1)).await;
    let client = client(fast(4));
    for _ in 0..10 {
        client.get(&url).send().await.expect("send");
    }
    assert!(*refused.lock().expect("lock") > 0);
}

proptest! {
    /// After a response says `left` requests remain until a reset `reset_secs` away,
    /// no more than `left` requests are let through before that reset, and every
    /// other is held until it.
    #[test]
    fn pacing_never_sends_into_a_limit_it_knows_is_spent(
        left in 0u64..20,
        reset_secs in 1u64..100,
        tries in prop::collection::vec(0u64..200, 1..60),
    ) {
        let pacer = http_api_error::retry::Pacer::new();
        let start = std::time::Instant::now();
        let mut headers = HeaderMap::new();
        headers.insert(
            "ratelimit",
            HeaderValue::from_str(&format!("\"default\";r={left};t={reset_secs}")).expect("value"),
        );
        pacer.observe::<Vendor>("h", StatusCode::OK, &headers, start);
        let reset = start + Duration::from_secs(reset_secs);
        let mut tries = tries;
        tries.sort_unstable();
        let mut sent_before_reset = 0;
        for offset in tries {
            let now = start + Duration::from_millis(offset * 500);
            let wait = pacer.wait("h", now);
            if now < reset {
                if wait.is_zero() {
                    sent_before_reset += 1;
                } else {
                    prop_assert_eq!(now + wait, reset);
                }
            }
        }
        prop_assert!(sent_before_reset <= left);
    }
}

/// An API that reads by `POST` (GraphQL queries, JSON-RPC) says so once.
#[derive(Debug, ApiError)]
#[api(idempotent)]
enum ReadsByPost {
    #[status(other)]
    Any(#[context] Context),
}

#[test]
fn an_api_declared_idempotent_repeats_a_post_after_a_502() {
    let bad_gateway = HeaderMap::new();
    let post = SentRequest::new(Method::POST, "api.example.com");
    let policy = RetryPolicy::new();
    let declared = ReadsByPost::from_parts(StatusCode::BAD_GATEWAY, &bad_gateway, b"");
    assert!(matches!(
        policy.decide_sent(&post, &declared, 1),
        Decision::Wait(_)
    ));
    let undeclared = Vendor::from_parts(StatusCode::BAD_GATEWAY, &bad_gateway, b"");
    assert_eq!(
        policy.decide_sent(&post, &undeclared, 1),
        Decision::Stop(Stop::NotIdempotent)
    );
}

/// An API that answers some errors inside a 200, as Slack does.
#[derive(Debug, ApiError)]
#[api(success_error(pointer = "/ok", equals = false))]
enum InsideOk {
    #[status(200, code = "ratelimited", retry = backoff)]
    RateLimited(#[context] Context),
    #[status(other)]
    Any(#[context] Context),
}

/// The adaptive limiter grows its rate back on successes only: a 200 that carries
/// an error leaves it where the last throttle put it.
#[test]
fn a_2xx_carrying_an_error_does_not_raise_the_paced_rate() {
    let paced_burst = |body: &[u8]| {
        let pacer = pacer_throttled_a_while_ago();
        let answer = InsideOk::from_parts(StatusCode::OK, &HeaderMap::new(), body);
        pacer.observe_error("h", &answer, std::time::Instant::now());
        burst_wait(&pacer)
    };
    let after_successes = paced_burst(br#"{"ok": true}"#);
    let after_carried_errors = paced_burst(br#"{"ok": false, "error": "ratelimited"}"#);
    assert!(
        after_carried_errors > after_successes,
        "carried errors {after_carried_errors:?}, successes {after_successes:?}"
    );
}

/// A pacer whose send rate a 429 that said nothing of the limit cut 20 s ago,
/// after two seconds of 20 requests a second.
fn pacer_throttled_a_while_ago() -> http_api_error::retry::Pacer {
    let past = std::time::Instant::now()
        .checked_sub(Duration::from_secs(20))
        .expect("the machine has been up for 20 s");
    let pacer = http_api_error::retry::Pacer::new();
    for i in 0..40 {
        let _ = pacer.wait("h", past + Duration::from_millis(i * 50));
    }
    let throttle = Vendor::from_parts(StatusCode::TOO_MANY_REQUESTS, &HeaderMap::new(), b"");
    pacer.observe_error("h", &throttle, past + Duration::from_secs(2));
    pacer
}

/// How long a burst of 60 requests waits in all, a second from now.
fn burst_wait(pacer: &http_api_error::retry::Pacer) -> Duration {
    let now = std::time::Instant::now() + Duration::from_secs(1);
    (0..60).map(|_| pacer.wait("h", now)).sum()
}

/// The retry loops tell the pacer of their successes, whose responses they never
/// see: after a throttle cut the send rate, a success grows it back, as the
/// middleware's successes do.
#[tokio::test]
#[allow(clippy::result_large_err)] // The error enum is what the loops hand back, as built.
async fn the_retry_loops_grow_the_paced_rate_back_with_their_successes() {
    let sent = SentRequest::new(Method::GET, "h");
    let untaught = pacer_throttled_a_while_ago();
    let by_blocking = pacer_throttled_a_while_ago();
    let policy = RetryPolicy::new().pacer(by_blocking.clone());
    let done = policy.run_sent_blocking(&sent, |_| Ok::<(), Vendor>(()), |_| {});
    assert!(done.is_ok());
    let by_async = pacer_throttled_a_while_ago();
    let policy = RetryPolicy::new().pacer(by_async.clone());
    let done = policy
        .run_sent(&sent, |_| async { Ok::<(), Vendor>(()) }, |_| async {})
        .await;
    assert!(done.is_ok());
    let cut = burst_wait(&untaught);
    for taught in [&by_blocking, &by_async] {
        let grown = burst_wait(taught);
        assert!(grown < cut, "after a success {grown:?}, without {cut:?}");
    }
}

/// In a tower stack, the body an `ErrorBodyLayer` inside the `PaceLayer` read
/// tells the pacer a 2xx that carries an error from a success.
#[tokio::test]
async fn a_pace_layer_counts_no_2xx_carrying_an_error_as_a_success() {
    use http_api_error::tower::{ErrorBodyLayer, PaceLayer};
    use tower::{ServiceBuilder, ServiceExt};
    let answered = |body: &'static str| async move {
        let pacer = pacer_throttled_a_while_ago();
        let vendor = tower::service_fn(move |_: http::Request<()>| async move {
            Ok::<_, std::convert::Infallible>(http::Response::new(http_body_util::Full::new(
                axum::body::Bytes::from_static(body.as_bytes()),
            )))
        });
        let service = ServiceBuilder::new()
            .layer(PaceLayer::<InsideOk>::new(pacer.clone()))
            .layer(ErrorBodyLayer::<InsideOk>::new())
            .service(vendor);
        let mut request = http::Request::new(());
        *request.uri_mut() = "http://h/api".parse().expect("uri");
        let response = service.oneshot(request).await.expect("answered");
        assert_eq!(response.status(), StatusCode::OK);
        pacer
    };
    let after_success = burst_wait(&answered(r#"{"ok": true}"#).await);
    let after_error = burst_wait(&answered(r#"{"ok": false, "error": "ratelimited"}"#).await);
    assert!(
        after_error > after_success,
        "carried error {after_error:?}, success {after_success:?}"
    );
}
