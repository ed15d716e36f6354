//! One retry budget and one pacer for every instance of a service: budgets and
//! pacers of their own (as separate processes hold) over one Redis prefix, against
//! a real `redis-server`; skipped when none is installed, unless
//! `HTTP_API_ERROR_REQUIRE_REDIS=1`.

use std::time::{Duration, Instant};

use http::{HeaderMap, HeaderValue, Method, StatusCode};
use http_api_error::retry::{Pacer, RedisStore, RetryBudget, RetryPolicy, SentRequest, Stop};
use http_api_error::{ApiError, Context};
use http_api_error_tests::instances::{self, Workload};
use http_api_error_tests::redis_server::RedisServer;

#[derive(Debug, ApiError)]
enum Vendor {
    #[status(other)]
    Any(#[context] Context),
}

/// One instance's view of the store: its own connection.
fn store(server: &RedisServer, prefix: &str) -> RedisStore {
    RedisStore::open(&server.url(), prefix).expect("a redis URL")
}

/// One instance's budget: 10 tokens, 5 a retry.
fn budget(server: &RedisServer, prefix: &str) -> RetryBudget {
    RetryBudget::new()
        .capacity(10)
        .retry_cost(5)
        .store(store(server, prefix))
}

fn pacer(server: &RedisServer, prefix: &str) -> Pacer {
    Pacer::new().store(store(server, prefix))
}

/// A response's IETF `RateLimit` field: `left` requests until a reset `reset_secs` away.
fn limit(left: u64, reset_secs: u64) -> HeaderMap {
    let mut headers = HeaderMap::new();
    let value = format!("\"default\";r={left};t={reset_secs}");
    headers.insert("ratelimit", HeaderValue::from_str(&value).expect("value"));
    headers
}

#[tokio::test]
async fn two_instances_spend_one_budget() {
    let Some(server) = RedisServer::start("two_instances_spend_one_budget") else {
        return;
    };
    let (one, other) = (budget(&server, "acme"), budget(&server, "acme"));
    assert!(one.withdraw_shared("api", 5).await);
    assert!(one.withdraw_shared("api", 5).await);
    assert!(
        !other.withdraw_shared("api", 5).await,
        "spent by the first instance"
    );
    assert_eq!(other.tokens_shared("api").await, 0);
    // The store answered: the instances' own buckets were never touched.
    assert_eq!((one.tokens("api"), other.tokens("api")), (10, 10));
    other.deposit_shared("api", 3).await;
    assert_eq!(one.tokens_shared("api").await, 3);
    one.deposit_shared("api", 100).await;
    assert_eq!(
        other.tokens_shared("api").await,
        10,
        "never above the capacity"
    );
    // Another partition, another prefix: other buckets.
    assert!(one.withdraw_shared("api", 5).await);
    assert_eq!(other.tokens_shared("other-api").await, 10);
    assert_eq!(
        budget(&server, "another-key").tokens_shared("api").await,
        10
    );
    // The partition is a cluster hash tag: its keys share a slot.
    let keys = std::process::Command::new("redis-cli")
        .args(["-u", &server.url(), "--raw", "KEYS", "acme:*"])
        .output()
        .expect("redis-cli comes with redis-server");
    let keys = String::from_utf8_lossy(&keys.stdout);
    assert!(keys.lines().any(|key| key == "acme:budget:{api}"), "{keys}");
}

#[tokio::test]
async fn two_instances_pace_together() {
    let Some(server) = RedisServer::start("two_instances_pace_together") else {
        return;
    };
    let (one, other) = (pacer(&server, "acme"), pacer(&server, "acme"));
    let now = Instant::now();
    one.observe_shared::<Vendor>("api", None, StatusCode::OK, &limit(1, 30), now)
        .await;
    // The one request left goes to the other instance; then both wait for the reset.
    assert_eq!(other.wait_shared("api", now).await.wait, Duration::ZERO);
    let wait = one.wait_shared("api", now).await.wait;
    assert!(
        !wait.is_zero() && wait <= Duration::from_secs(30),
        "{wait:?}"
    );
    assert!(!other.wait_shared("api", now).await.wait.is_zero());
    // What one instance's 429 asks for holds the other.
    let mut throttled = HeaderMap::new();
    throttled.insert("retry-after", HeaderValue::from_static("20"));
    other
        .observe_shared::<Vendor>(
            "blocked",
            None,
            StatusCode::TOO_MANY_REQUESTS,
            &throttled,
            now,
        )
        .await;
    let wait = one.wait_shared("blocked", now).await.wait;
    assert!(
        !wait.is_zero() && wait <= Duration::from_secs(20),
        "{wait:?}"
    );
    // The instances' own windows know nothing of it.
    assert_eq!(one.wait("blocked", now), Duration::ZERO);
}

#[tokio::test]
async fn a_response_that_crossed_a_newer_one_is_not_taken() {
    let Some(server) = RedisServer::start("a_late_response") else {
        return;
    };
    let (one, other) = (pacer(&server, "acme"), pacer(&server, "acme"));
    let now = Instant::now();
    let first = one.wait_shared("api", now).await;
    let second = other.wait_shared("api", now).await;
    other
        .observe_shared::<Vendor>("api", Some(second), StatusCode::OK, &limit(2, 30), now)
        .await;
    // The first request's answer, counting fewer requests, arrives after it.
    one.observe_shared::<Vendor>("api", Some(first), StatusCode::OK, &limit(5, 30), now)
        .await;
    assert_eq!(one.wait_shared("api", now).await.wait, Duration::ZERO);
    assert_eq!(other.wait_shared("api", now).await.wait, Duration::ZERO);
    assert!(!one.wait_shared("api", now).await.wait.is_zero());
}

#[tokio::test]
async fn requests_sent_after_are_taken_off_what_a_response_says_is_left() {
    let Some(server) = RedisServer::start("requests_in_flight") else {
        return;
    };
    let (one, other) = (pacer(&server, "acme"), pacer(&server, "acme"));
    let now = Instant::now();
    // Two requests go while nothing is known; the first one's answer says 2 are
    // left, but the second, sent after it, may not have reached the server yet.
    let first = one.wait_shared("api", now).await;
    assert_eq!(first.wait, Duration::ZERO);
    assert_eq!(other.wait_shared("api", now).await.wait, Duration::ZERO);
    one.observe_shared::<Vendor>("api", Some(first), StatusCode::OK, &limit(2, 30), now)
        .await;
    assert_eq!(one.wait_shared("api", now).await.wait, Duration::ZERO);
    assert!(!other.wait_shared("api", now).await.wait.is_zero());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_withdrawals_never_take_the_bucket_out_of_bounds() {
    let Some(server) = RedisServer::start("concurrent_withdrawals") else {
        return;
    };
    let instances: Vec<RetryBudget> = (0..8)
        .map(|_| {
            RetryBudget::new()
                .capacity(100)
                .store(store(&server, "acme"))
        })
        .collect();
    let mut tasks = Vec::new();
    for instance in &instances {
        for _ in 0..16 {
            let instance = instance.clone();
            tasks.push(tokio::spawn(async move {
                instance.withdraw_shared("api", 3).await
            }));
        }
    }
    let mut taken = 0;
    for task in tasks {
        taken += u32::from(task.await.expect("task"));
    }
    assert_eq!(taken, 33, "100 tokens pay for 33 withdrawals of 3");
    assert_eq!(instances[0].tokens_shared("api").await, 1);
    let mut tasks = Vec::new();
    for instance in &instances {
        for _ in 0..16 {
            let instance = instance.clone();
            tasks.push(tokio::spawn(async move {
                instance.deposit_shared("api", 7).await;
            }));
        }
    }
    for task in tasks {
        task.await.expect("task");
    }
    assert_eq!(instances[7].tokens_shared("api").await, 100);
}

#[tokio::test]
async fn a_stopped_redis_falls_back_to_each_instance_s_own_state() {
    let Some(mut server) = RedisServer::start("a_stopped_redis") else {
        return;
    };
    let budget = budget(&server, "acme");
    let pacer = pacer(&server, "acme");
    assert!(budget.withdraw_shared("api", 5).await);
    assert_eq!(budget.tokens("api"), 10, "answered by Redis");
    server.stop();
    // The instance's own bucket answers now: full, two retries of 5.
    assert!(budget.withdraw_shared("api", 5).await);
    assert!(budget.withdraw_shared("api", 5).await);
    assert!(!budget.withdraw_shared("api", 5).await);
    assert_eq!(budget.tokens_shared("api").await, 0);
    let now = Instant::now();
    pacer
        .observe_shared::<Vendor>("api", None, StatusCode::OK, &limit(0, 30), now)
        .await;
    assert_eq!(
        pacer.wait_shared("api", now).await.wait,
        Duration::from_secs(30)
    );
    // A whole retry loop runs through it: paced, then refused by the spent budget.
    let policy = RetryPolicy::new()
        .max_attempts(2)
        .jitter(false)
        .budget(budget)
        .pacer(pacer);
    let mut slept = Vec::new();
    let sent = SentRequest::new(Method::GET, "api");
    let failed = policy
        .run_sent(
            &sent,
            |_| async {
                Err::<(), _>(Vendor::from_parts(
                    StatusCode::BAD_GATEWAY,
                    &HeaderMap::new(),
                    b"",
                ))
            },
            |wait| {
                slept.push(wait);
                async {}
            },
        )
        .await
        .expect_err("a 502 every time");
    assert_eq!(failed.reason, Stop::BudgetExhausted);
    // Held for the reset the instance itself learnt, less the time gone since.
    assert_eq!(slept.len(), 1);
    assert!(!slept[0].is_zero() && slept[0] <= Duration::from_secs(30));
}

/// 4 instances, one task each, 25 requests a task, to a limit of 20 a second.
const FOUR: Workload = Workload {
    instances: 4,
    tasks: 1,
    requests: 100,
    limit: 20,
    window: Duration::from_secs(1),
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_instances_sharing_redis_stay_within_the_limit() {
    let Some(server) = RedisServer::start("four_instances") else {
        return;
    };
    let shared = instances::run(FOUR, Some((&server.url(), "acme"))).await;
    eprintln!("shared state: {shared:?}");
    assert_eq!(shared.succeeded, 100);
    assert!(
        shared.refused <= 1,
        "{shared:?}: over 1% 429s with shared state"
    );
    // Each instance alone learns the limit too, but not what the others spend.
    let alone = instances::run(FOUR, None).await;
    eprintln!("state per instance: {alone:?}");
    assert!(
        alone.refused > 1,
        "{alone:?}: as few 429s with state per instance"
    );
}

/// A relative URI has no host: its partition is empty, and its keys still carry
/// a cluster hash tag (`{}` would be none).
#[tokio::test]
async fn the_empty_partition_is_tagged_too() {
    let Some(server) = RedisServer::start("the_empty_partition_is_tagged_too") else {
        return;
    };
    let one = budget(&server, "empty");
    assert!(one.withdraw_shared("", 5).await);
    assert_eq!(budget(&server, "empty").tokens_shared("").await, 5);
    let keys = std::process::Command::new("redis-cli")
        .args(["-u", &server.url(), "--raw", "KEYS", "empty:*"])
        .output()
        .expect("redis-cli comes with redis-server");
    let keys = String::from_utf8_lossy(&keys.stdout);
    assert!(keys.lines().any(|key| key == "empty:budget:{-}"), "{keys}");
}
