//! A deterministic simulation (virtual time, seeded) of retry policies against a mock
//! vendor, side by side: the crate's real code (its `RetryPolicy`, `RetryBudget`
//! and `Pacer`, fed the errors its derive builds) against models of the peers'
//! policies, on the same workloads. Prints one markdown table (BENCHMARKS.md).
//!
//! ```text
//! cargo run --release -p http-api-error-tests --example simulate
//! ```
//!
//! Scenarios:
//! - `rate-limit`: 8 tasks send 1,000 requests one after another; the vendor allows
//!   100 per 10 s window, says what is left in `RateLimit` on every response, and
//!   answers 429 with `Retry-After` past the limit.
//! - `rate-limit, GitHub headers`: the same, announced in GitHub's `x-ratelimit-*`
//!   headers (the reset an epoch in seconds), which the enum declares in
//!   `rate_limit(...)`. The epoch is the one number read off the real clock, so
//!   this row's waits vary by up to a second per window from run to run.
//! - `rate-limit, unannounced`: the same limit, said nowhere: 429 without
//!   `Retry-After` or `RateLimit`.
//! - `outage`: 50 tasks each start a request every 100 ms (open loop) for 60 s; the
//!   vendor answers 503 without `Retry-After` for the first 30 s.
//! - `instances`: not simulated but run, in real time over loopback HTTP: 4
//!   instances of a service (each its own reqwest-middleware client, budget and
//!   pacer), 2 tasks each, send 200 requests to a limit of 20 a second announced
//!   as in `rate-limit`; their state per instance, then in one Redis (a
//!   `redis-server` of its own; the row is skipped when none is installed).
//!
//! Columns: completion / ideal (the workload's time over its time at exactly the
//! allowed rate; `rate-limit` only), sent / succeeded, 429s, outage load (requests
//! sent during the outage over requests offered in it; `outage` only), and failed
//! (requests that ended without a success).
//!
//! It also draws `docs/simulate.svg`: requests sent per second over time, one line
//! per policy, a panel per simulated scenario.

#![allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)] // virtual milliseconds as f64 and back

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::marker::PhantomData;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use http::{HeaderMap, Method, StatusCode};
use http_api_error::retry::{Decision, Pacer, RetryBudget, RetryPolicy, SentRequest};
use http_api_error::{ApiError, Context};
use http_api_error_tests::limited::{Announce, FixedWindow};

/// An API declared with nothing but a catch-all, as a user of an unknown API does.
#[derive(Debug, ApiError)]
enum Vendor {
    #[status(other)]
    Any(#[context] Context),
}

/// The same, with GitHub's rate-limit headers declared, as a GitHub client would.
#[derive(Debug, ApiError)]
#[api(rate_limit(
    remaining = "x-ratelimit-remaining",
    reset = "x-ratelimit-reset",
    format = epoch_seconds
))]
enum GitHubStyle {
    #[status(other)]
    Any(#[context] Context),
}

/// Each request's round trip.
const LATENCY_MS: u64 = 50;

#[derive(Clone, Copy, PartialEq)]
enum Scenario {
    RateLimit,
    /// The same limit, announced in GitHub's `x-ratelimit-*` headers.
    GitHub,
    /// The same limit, said nowhere: 429 without `Retry-After` or `RateLimit`.
    Silent,
    Outage,
}

/// The mock vendor: its answer to a request sent at `now` (virtual ms).
struct Mock {
    scenario: Scenario,
    limit: FixedWindow,
}

impl Mock {
    fn answer(&mut self, now: u64) -> (StatusCode, HeaderMap) {
        match self.scenario {
            Scenario::Outage => {
                let status = if now < 30_000 { 503 } else { 200 };
                (
                    StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
                    HeaderMap::new(),
                )
            }
            Scenario::RateLimit => self.limit.answer(now, Announce::Ietf),
            Scenario::GitHub => self.limit.answer(
                now,
                Announce::GitHub {
                    wall_clock: SystemTime::now(),
                },
            ),
            Scenario::Silent => self.limit.answer(now, Announce::Nothing),
        }
    }
}

/// The policies compared.
#[derive(Clone, Copy)]
enum Policy {
    NoRetry,
    /// reqwest-retry's default: 3 retries, exponential from 1 s with full jitter;
    /// `Retry-After` ignored.
    NaiveBackoff,
    /// openai-python: 2 retries, 0.5 s doubling to 8 s less up to 25% jitter;
    /// `Retry-After` honoured up to 60 s.
    OpenAi,
    /// AWS standard mode: 3 attempts, full jitter doubling from 1 s to 20 s, one
    /// token bucket (500, retry 5, success 1) for the client.
    AwsStandard,
    /// This crate's `RetryPolicy` alone.
    Crate,
    /// This crate with a `RetryBudget` and a `Pacer`.
    CrateBudgetPacing,
}

impl Policy {
    fn name(self) -> &'static str {
        match self {
            Policy::NoRetry => "no retry",
            Policy::NaiveBackoff => "exponential, ignores Retry-After (reqwest-retry)",
            Policy::OpenAi => "openai-python",
            Policy::AwsStandard => "AWS standard mode",
            Policy::Crate => "http-api-error RetryPolicy",
            Policy::CrateBudgetPacing => "http-api-error budget+pacing",
        }
    }
}

/// One policy's state for a run: the crate's real objects, or a model's bucket.
struct Client<E> {
    policy: Policy,
    crate_policy: RetryPolicy,
    pacer: Option<Pacer>,
    aws_tokens: u32,
    rng: fastrand::Rng,
    /// The virtual clock's zero, as an `Instant` for the pacer.
    epoch: Instant,
    /// The enum that reads the vendor's responses.
    api: PhantomData<E>,
}

impl<E: ApiError> Client<E> {
    fn new(policy: Policy, seed: u64) -> Self {
        let pacer = matches!(policy, Policy::CrateBudgetPacing).then(Pacer::new);
        let mut crate_policy = RetryPolicy::new();
        if let Some(pacer) = &pacer {
            crate_policy = crate_policy.budget(RetryBudget::new()).pacer(pacer.clone());
        }
        Client {
            policy,
            crate_policy,
            pacer,
            aws_tokens: 500,
            rng: fastrand::Rng::with_seed(seed),
            epoch: Instant::now(),
            api: PhantomData,
        }
    }

    fn at(&self, now: u64) -> Instant {
        self.epoch + Duration::from_millis(now)
    }

    /// How long a request about to be sent at `now` waits first.
    fn before_send(&self, now: u64) -> u64 {
        self.pacer.as_ref().map_or(0, |pacer| {
            pacer.wait("vendor", self.at(now)).as_millis() as u64
        })
    }

    /// After try `attempt` got `status`: the wait before the next try, or `None`.
    fn after(
        &mut self,
        now: u64,
        attempt: u32,
        status: StatusCode,
        headers: &HeaderMap,
    ) -> Option<u64> {
        let sent = SentRequest::new(Method::GET, "vendor");
        if let Some(pacer) = &self.pacer {
            pacer.observe::<E>("vendor", status, headers, self.at(now));
        }
        let failed = status.is_client_error() || status.is_server_error();
        let retryable = matches!(status.as_u16(), 408 | 429 | 500..=599);
        let retry_after = headers
            .get("retry-after")
            .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        match self.policy {
            Policy::NoRetry => None,
            Policy::NaiveBackoff => (failed && retryable && attempt <= 3).then(|| {
                let ceiling = 1000u64 << (attempt - 1);
                (self.rng.f64() * ceiling as f64) as u64
            }),
            Policy::OpenAi => (failed && retryable && attempt <= 2).then(|| match retry_after {
                Some(secs) if secs > 0 && secs <= 60 => secs * 1000,
                _ => {
                    let base = (500.0 * f64::from(1u32 << (attempt - 1))).min(8000.0);
                    (base * (1.0 - 0.25 * self.rng.f64())) as u64
                }
            }),
            Policy::AwsStandard => {
                if !failed {
                    self.aws_tokens = (self.aws_tokens + if attempt == 1 { 1 } else { 5 }).min(500);
                    return None;
                }
                if !retryable || attempt >= 3 || self.aws_tokens < 5 {
                    return None;
                }
                self.aws_tokens -= 5;
                let ceiling = (1000u64 << (attempt - 1)).min(20_000);
                Some((self.rng.f64() * ceiling as f64) as u64)
            }
            Policy::Crate | Policy::CrateBudgetPacing => {
                if !failed {
                    self.crate_policy.succeeded(&sent, attempt);
                    return None;
                }
                let error = E::from_parts(status, headers, b"");
                let decision = if matches!(self.policy, Policy::Crate) {
                    self.crate_policy
                        .decide_with(&error, attempt, self.rng.f64())
                } else {
                    self.crate_policy.decide_sent(&sent, &error, attempt)
                };
                match decision {
                    Decision::Wait(wait) => Some(wait.as_millis() as u64),
                    Decision::Stop(_) => None,
                }
            }
        }
    }
}

#[derive(Default)]
struct Tally {
    sent: u64,
    succeeded: u64,
    failed: u64,
    too_many: u64,
    sent_in_outage: u64,
    offered_in_outage: u64,
    finished_at: u64,
    /// When each request was sent (virtual ms), for the plot.
    sent_at: Vec<u64>,
}

/// Events: a request (by number) to be sent at a virtual time, on its `attempt`.
/// The last member says the request was held by the pacer already: it is sent
/// then without asking again, as the integrations do.
type Event = Reverse<(u64, u64, u32, bool)>;

fn run<E: ApiError>(scenario: Scenario, policy: Policy, seed: u64) -> Tally {
    let mut mock = Mock {
        scenario,
        limit: FixedWindow::new(100, Duration::from_secs(10)),
    };
    // `RetryPolicy::decide` draws its jitter from the thread's generator: seeded
    // too, so that every row is the same from run to run.
    fastrand::seed(seed);
    let mut client = Client::<E>::new(policy, seed);
    let mut tally = Tally::default();
    let mut queue: BinaryHeap<Event> = BinaryHeap::new();
    let (total, workers) = match scenario {
        Scenario::RateLimit | Scenario::GitHub | Scenario::Silent => (1_000u64, 8u64),
        // 50 tasks, a request each every 100 ms, for 60 s.
        Scenario::Outage => (50 * 600, 0),
    };
    let mut next_request = 0;
    match scenario {
        Scenario::RateLimit | Scenario::GitHub | Scenario::Silent => {
            for _ in 0..workers {
                queue.push(Reverse((0, next_request, 1, false)));
                next_request += 1;
            }
        }
        Scenario::Outage => {
            for n in 0..total {
                queue.push(Reverse(((n / 50) * 100, n, 1, false)));
                if (n / 50) * 100 < 30_000 {
                    tally.offered_in_outage += 1;
                }
            }
            next_request = total;
        }
    }
    while let Some(Reverse((now, request, attempt, held))) = queue.pop() {
        let hold = if held { 0 } else { client.before_send(now) };
        if hold > 0 {
            queue.push(Reverse((now + hold, request, attempt, true)));
            continue;
        }
        tally.sent += 1;
        tally.sent_at.push(now);
        if scenario == Scenario::Outage && now < 30_000 {
            tally.sent_in_outage += 1;
        }
        let (status, headers) = mock.answer(now);
        let done = now + LATENCY_MS;
        if status == StatusCode::TOO_MANY_REQUESTS {
            tally.too_many += 1;
        }
        let next = client.after(done, attempt, status, &headers);
        let finished = match next {
            Some(wait) => {
                queue.push(Reverse((done + wait, request, attempt + 1, false)));
                false
            }
            None => {
                if status.is_success() {
                    tally.succeeded += 1;
                } else {
                    tally.failed += 1;
                }
                true
            }
        };
        if finished {
            tally.finished_at = tally.finished_at.max(done);
            // A closed-loop worker takes the next request.
            if scenario != Scenario::Outage && next_request < total {
                queue.push(Reverse((done, next_request, 1, false)));
                next_request += 1;
            }
        }
    }
    tally
}

/// The `instances` rows: real time, so their numbers vary a little from run to run.
fn instances() {
    use http_api_error_tests::instances::{run, Outcome, Workload};
    use http_api_error_tests::redis_server::RedisServer;

    let workload = Workload {
        instances: 4,
        tasks: 2,
        requests: 200,
        limit: 20,
        window: Duration::from_secs(1),
    };
    let ideal = f64::from(workload.requests / workload.limit) * workload.window.as_secs_f64();
    let row = |policy: &str, outcome: Outcome| {
        println!(
            "| instances | {policy} | {:.2} | {} / {} | {} | - | {} |",
            outcome.elapsed.as_secs_f64() / ideal,
            outcome.sent(),
            outcome.succeeded,
            outcome.refused,
            outcome.failed,
        );
    };
    let Ok(runtime) = tokio::runtime::Runtime::new() else {
        println!("| instances | - | skipped: no Tokio runtime | - | - | - | - |");
        return;
    };
    let alone = runtime.block_on(run(workload, None));
    row("http-api-error budget+pacing, state per instance", alone);
    let Some(server) = RedisServer::start("simulate") else {
        println!(
            "| instances | http-api-error budget+pacing, Redis | skipped: redis-server not installed | - | - | - | - |"
        );
        return;
    };
    let shared = runtime.block_on(run(workload, Some((&server.url(), "simulate"))));
    row("http-api-error budget+pacing, Redis", shared);
}

/// One panel of the plot: a scenario's name, and each policy's send times.
type Panel = (&'static str, Vec<(&'static str, Vec<u64>)>);

/// Requests sent per second over time, one line per policy, a panel per scenario.
fn plot(path: &Path, panels: &[Panel]) -> Result<(), Box<dyn std::error::Error>> {
    use plotters::prelude::*;

    let root = SVGBackend::new(path, (1200, 900)).into_drawing_area();
    root.fill(&WHITE)?;
    for (area, (scenario, lines)) in root.split_evenly((2, 2)).iter().zip(panels) {
        let seconds = lines
            .iter()
            .filter_map(|(_, sent)| sent.iter().max())
            .max()
            .map_or(1, |last| last / 1000 + 1);
        let per_second: Vec<Vec<u32>> = lines
            .iter()
            .map(|(_, sent)| {
                let mut counts = vec![0u32; seconds as usize];
                for at in sent {
                    counts[(at / 1000) as usize] += 1;
                }
                counts
            })
            .collect();
        let peak = per_second.iter().flatten().copied().max().unwrap_or(1);
        let mut chart = ChartBuilder::on(area)
            .caption(*scenario, ("sans-serif", 20))
            .margin(10)
            .x_label_area_size(35)
            .y_label_area_size(45)
            // Headroom above the lines for the legend.
            .build_cartesian_2d(0u64..seconds, 0u32..peak * 7 / 4 + 1)?;
        chart
            .configure_mesh()
            .x_desc("seconds")
            .y_desc("requests sent per second")
            .draw()?;
        for (index, ((policy, _), counts)) in lines.iter().zip(&per_second).enumerate() {
            let color = Palette99::pick(index).to_rgba();
            chart
                .draw_series(LineSeries::new(
                    counts
                        .iter()
                        .enumerate()
                        .map(|(second, &n)| (second as u64, n)),
                    color.stroke_width(2),
                ))?
                .label(*policy)
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 16, y)], color.stroke_width(2))
                });
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperRight)
            .draw()?;
    }
    root.present()?;
    Ok(())
}

fn main() {
    println!("| scenario | policy | completion / ideal | sent / succeeded | 429s | outage load | failed |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    let policies = [
        Policy::NoRetry,
        Policy::NaiveBackoff,
        Policy::OpenAi,
        Policy::AwsStandard,
        Policy::Crate,
        Policy::CrateBudgetPacing,
    ];
    let mut panels: Vec<Panel> = Vec::new();
    for (scenario, name) in [
        (Scenario::RateLimit, "rate-limit"),
        (Scenario::GitHub, "rate-limit, GitHub headers"),
        (Scenario::Silent, "rate-limit, unannounced"),
        (Scenario::Outage, "outage"),
    ] {
        let mut lines = Vec::new();
        for policy in policies {
            let tally = if scenario == Scenario::GitHub {
                run::<GitHubStyle>(scenario, policy, 7)
            } else {
                run::<Vendor>(scenario, policy, 7)
            };
            // 1,000 requests at 100 per 10 s.
            let (completion, load) = if scenario == Scenario::Outage {
                let load = tally.sent_in_outage as f64 / tally.offered_in_outage.max(1) as f64;
                ("-".to_owned(), format!("{load:.2}"))
            } else {
                let completion = tally.finished_at as f64 / 100_000.0;
                (format!("{completion:.2}"), "-".to_owned())
            };
            println!(
                "| {name} | {} | {completion} | {} / {} | {} | {load} | {} |",
                policy.name(),
                tally.sent,
                tally.succeeded,
                tally.too_many,
                tally.failed,
            );
            lines.push((policy.name(), tally.sent_at));
        }
        panels.push((name, lines));
    }
    instances();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/simulate.svg");
    if let Err(error) = std::fs::create_dir_all(path.with_file_name(""))
        .map_err(Into::into)
        .and_then(|()| plot(&path, &panels))
    {
        eprintln!("the plot was not drawn: {error}");
    }
}
