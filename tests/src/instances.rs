//! Several instances of a service spending one API key's limit: each its own
//! reqwest-middleware client, policy, budget and pacer, sharing nothing, or a
//! Redis store, against the loopback mock of [`crate::limited`]. For the
//! shared-state test and the simulation's `instances` rows.

use std::time::{Duration, Instant};

use http_api_error::middleware::RetryApiErrors;
use http_api_error::retry::{Pacer, RedisStore, RetryBudget, RetryPolicy};
use http_api_error::{ApiError, Context};

/// An API declared with nothing but a catch-all.
#[derive(Debug, ApiError)]
enum Vendor {
    #[status(other)]
    Any(#[context] Context),
}

/// The workload: `instances` × `tasks` closed-loop tasks send `requests` in all to
/// a limit of `limit` per `window`.
#[derive(Debug, Clone, Copy)]
pub struct Workload {
    /// Instances, each its own client and state.
    pub instances: u32,
    /// Tasks per instance, each sending one request after another.
    pub tasks: u32,
    /// Requests in all, split evenly over the tasks.
    pub requests: u32,
    /// Requests the server allows per window.
    pub limit: u32,
    /// The server's fixed window.
    pub window: Duration,
}

/// What a run of a [`Workload`] did.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    /// Requests that ended in a success.
    pub succeeded: u32,
    /// Requests that ended without one.
    pub failed: u32,
    /// 429s the server sent.
    pub refused: u32,
    /// From the first request to the last answer.
    pub elapsed: Duration,
}

impl Outcome {
    /// Requests the server answered: each success once, and every 429.
    pub fn sent(&self) -> u32 {
        self.succeeded + self.refused
    }
}

/// Runs `workload`, each instance's state in Redis at `redis_url` under `prefix`
/// when given, in the instance alone otherwise.
///
/// # Panics
///
/// When the URL is not one, or a task panics.
pub async fn run(workload: Workload, redis: Option<(&str, &str)>) -> Outcome {
    let (url, refused) = crate::limited::start(workload.limit, workload.window).await;
    let per_task = workload.requests / (workload.instances * workload.tasks).max(1);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..workload.instances {
        let (mut budget, mut pacer) = (RetryBudget::new(), Pacer::new());
        if let Some((redis_url, prefix)) = redis {
            let store = RedisStore::open(redis_url, prefix).expect("a redis URL");
            budget = budget.store(store.clone());
            pacer = pacer.store(store);
        }
        let policy = RetryPolicy::new()
            .max_attempts(10)
            .base_delay(Duration::from_millis(10))
            .budget(budget)
            .pacer(pacer);
        let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
            .with(RetryApiErrors::<Vendor>::new(policy))
            .build();
        for _ in 0..workload.tasks {
            let (client, url) = (client.clone(), url.clone());
            tasks.push(tokio::spawn(async move {
                let mut succeeded = 0;
                for _ in 0..per_task {
                    let ok = client
                        .get(&url)
                        .send()
                        .await
                        .is_ok_and(|response| response.status().is_success());
                    succeeded += u32::from(ok);
                }
                succeeded
            }));
        }
    }
    let mut succeeded = 0;
    for task in tasks {
        succeeded += task.await.expect("task");
    }
    let elapsed = started.elapsed();
    let refused = *refused.lock().expect("lock");
    Outcome {
        succeeded,
        failed: per_task * workload.instances * workload.tasks - succeeded,
        refused,
        elapsed,
    }
}
