//! End to end over real HTTP: mock SmartSuite and InvestSuite servers on loopback,
//! rendered from the vendor enums, and a reqwest client that classifies every
//! documented error, then retries a flaky endpoint three ways: with the policy's
//! own loop, through the reqwest-middleware middleware, and through a tower stack;
//! then paces a burst against a small rate limit.
//! Every line fits in 100 columns.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use http_api_error::investsuite::InvestSuiteError;
use http_api_error::middleware::RetryApiErrors;
use http_api_error::reqwest::ResponseExt;
use http_api_error::retry::{Failed, Pacer, RetryBudget, RetryPolicy};
use http_api_error::smartsuite::SmartSuiteError;
use http_api_error::tower::ApiRetryPolicy;
use http_api_error::ApiError;
use http_api_error_tests::mock::{investsuite_examples, smartsuite_examples, MockVendor};
use tower::{Service, ServiceBuilder, ServiceExt};

const WIDTH: usize = 100;

/// `text` cut to `max` characters, with `…` where it was cut.
fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Seconds to the millisecond: `1.004 s`.
fn seconds_ms(elapsed: Duration) -> String {
    format!("{:.3} s", elapsed.as_secs_f64())
}

/// Seconds as a person reads them: `30 s`, `1.5 s`.
fn seconds(wait: Duration) -> String {
    if wait.subsec_millis() == 0 {
        format!("{} s", wait.as_secs())
    } else {
        format!("{:.1} s", wait.as_secs_f64())
    }
}

/// One error in two to four lines: what it is and the advice, then what it says.
fn describe<E: ApiError>(error: &E) {
    let advice = error.advice();
    let mut first = format!(
        "  {} {}: {}",
        error.status().as_u16(),
        error.variant_name(),
        advice.retry
    );
    if let (Some(wait), Some(source)) = (advice.delay, advice.delay_source) {
        let _ = write!(first, ", not before {} ({source})", seconds(wait));
    }
    if error.escalate() {
        first.push_str("; tell the vendor");
    }
    println!("{first}.");
    let said = match (
        error.message(),
        error.context().and_then(|c| c.body_error()),
    ) {
        (Some(message), _) => format!("\"{message}\""),
        (None, Some(reason)) => reason.to_string(),
        (None, None) => "no message".to_owned(),
    };
    let id = error
        .request_id()
        .map(|id| format!(" (request {id})"))
        .unwrap_or_default();
    println!("      {}", fit(&format!("{said}{id}"), WIDTH - 6));
    for field in error.field_errors() {
        println!(
            "      {}",
            fit(&format!("{}: {}", field.field, field.message), WIDTH - 6)
        );
    }
}

async fn walk<E: ApiError>(
    client: &reqwest::Client,
    vendor: &MockVendor,
    names: &[&str],
) -> Result<(), reqwest::Error> {
    for name in names {
        let response = client
            .get(vendor.url(&format!("/errors/{name}")))
            .send()
            .await?;
        describe(&response.api_error::<E>().await);
    }
    Ok(())
}

/// The waits in words: "waited 1.0 s and 1.0 s", or "without waiting".
fn waits(waited: &[Duration]) -> String {
    let words: Vec<String> = waited.iter().map(|w| seconds(*w)).collect();
    match words.as_slice() {
        [] => "without waiting".to_owned(),
        [one] => format!("after waiting {one}"),
        [rest @ .., last] => format!("after waiting {} and {last}", rest.join(", ")),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let smartsuite = MockVendor::start(smartsuite_examples(), 2).await?;
    let investsuite = MockVendor::start(investsuite_examples(), 0).await?;
    let client = reqwest::Client::new();

    println!("SmartSuite, mocked at {}", smartsuite.base_url);
    println!("Every documented error, then an undocumented 429:\n");
    let names: Vec<&str> = smartsuite_examples().iter().map(|(n, _)| *n).collect();
    walk::<SmartSuiteError>(&client, &smartsuite, &names).await?;

    println!("\nInvestSuite, mocked at {}", investsuite.base_url);
    println!("Every documented error, then an undocumented 429:\n");
    let names: Vec<&str> = investsuite_examples().iter().map(|(n, _)| *n).collect();
    walk::<InvestSuiteError>(&client, &investsuite, &names).await?;

    let policy = RetryPolicy::new()
        .max_attempts(5)
        .base_delay(Duration::from_millis(100))
        .max_delay(Duration::from_secs(10));

    println!("\nRetrying GET /flaky, which answers 503 with Retry-After: 1 twice, then 200.");
    println!("With RetryPolicy::run and any client:\n");
    let timeline = Instant::now();
    let url = smartsuite.url("/flaky");
    let mut waited = Vec::new();
    let outcome = policy
        .run(
            |n| attempt::<SmartSuiteError>(&client, &url, n, timeline),
            |wait| {
                waited.push(wait);
                tokio::time::sleep(wait)
            },
        )
        .await;
    if let Ok(Ok(body)) = &outcome {
        println!("  Succeeded {}, with {body:?}.", waits(&waited));
    } else {
        report(outcome);
    }

    println!("\nWith the reqwest-middleware middleware, RetryApiErrors::<SmartSuiteError>:");
    let flaky = MockVendor::start(smartsuite_examples(), 2).await?;
    let with_middleware = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryApiErrors::<SmartSuiteError>::new(policy.clone()))
        .build();
    let begun = Instant::now();
    let response = with_middleware.get(flaky.url("/flaky")).send().await?;
    println!(
        "  {} after {} tries in {}.",
        response.status(),
        flaky.hits.flaky.load(std::sync::atomic::Ordering::SeqCst),
        seconds(Duration::from_millis(
            begun.elapsed().as_millis().try_into()?
        ))
    );

    tower_stack(&policy, &smartsuite).await?;

    println!("\nGiving up at once: an escalated InvestSuite 500, then a SmartSuite 404:\n");
    let url = investsuite.url("/errors/internal");
    report(
        policy
            .run(
                |n| attempt::<InvestSuiteError>(&client, &url, n, timeline),
                tokio::time::sleep,
            )
            .await,
    );
    let url = smartsuite.url("/errors/not-found");
    report(
        policy
            .run(
                |n| attempt::<SmartSuiteError>(&client, &url, n, timeline),
                tokio::time::sleep,
            )
            .await,
    );

    pacing(&policy).await?;

    println!("\nDone in {:.1} s.", started.elapsed().as_secs_f64());
    Ok(())
}

/// The same retries in a tower stack.
async fn tower_stack(
    policy: &RetryPolicy,
    smartsuite: &MockVendor,
) -> Result<(), Box<dyn std::error::Error>> {
    println!("\nWith a tower stack, ApiRetryPolicy, on /always-unavailable (3 tries at most):");
    let send = tower::service_fn(move |request: http_api_error::http::Request<()>| {
        let client = reqwest::Client::new();
        async move {
            let response = client.get(request.uri().to_string()).send().await?;
            let mut out = http_api_error::http::Response::new(());
            *out.status_mut() = response.status();
            *out.headers_mut() = response.headers().clone();
            Ok::<_, reqwest::Error>(out)
        }
    });
    let mut stack = ServiceBuilder::new()
        .retry(ApiRetryPolicy::<SmartSuiteError>::new(
            policy.clone().max_attempts(3),
        ))
        .service(send);
    let response = stack
        .ready()
        .await?
        .call(get(&smartsuite.url("/always-unavailable")))
        .await?;
    println!(
        "  the last answer was {} after {} tries; the caller decides what next.",
        response.status(),
        smartsuite
            .hits
            .always_unavailable
            .load(std::sync::atomic::Ordering::SeqCst)
    );

    Ok(())
}

/// A burst against a small rate limit, through the middleware with a pacer.
async fn pacing(policy: &RetryPolicy) -> Result<(), Box<dyn std::error::Error>> {
    println!(
        "\nPacing: a burst of 8 GETs against a limit of 3 per second, announced in `RateLimit`,"
    );
    println!("through the middleware with a Pacer and a retry budget:");
    let (url, refused) = http_api_error_tests::limited::start(3, Duration::from_secs(1)).await;
    let paced = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryApiErrors::<SmartSuiteError>::new(
            policy
                .clone()
                .pacer(Pacer::new())
                .budget(RetryBudget::new()),
        ))
        .build();
    let begun = Instant::now();
    for n in 1..=8 {
        let sent_at = begun.elapsed();
        let response = paced.get(&url).send().await?;
        println!(
            "  request {n}: sent at {:>5}, {}, back at {:>5}",
            seconds_ms(sent_at),
            response.status(),
            seconds_ms(begun.elapsed())
        );
    }
    println!(
        "  429s: {} (requests past the limit waited for the reset instead).",
        refused.lock().map_or(0, |n| *n)
    );

    Ok(())
}

/// One try: the body of a success, or the vendor's error. A transport failure ends
/// the retry loop as `Ok(Err(..))`, since only API errors carry advice.
async fn attempt<E: ApiError>(
    client: &reqwest::Client,
    url: &str,
    n: u32,
    timeline: Instant,
) -> Result<Result<String, reqwest::Error>, E> {
    let at = timeline.elapsed().as_secs_f64();
    let response = match client.get(url).send().await {
        Ok(response) => response,
        Err(error) => return Ok(Err(error)),
    };
    match response.error_for_api_status::<E>().await {
        Ok(response) => {
            println!("  at {at:>4.1} s, try {n}: {}", response.status());
            Ok(response.text().await)
        }
        Err(error) => {
            let advice = error.advice();
            let asked = advice
                .delay
                .map(|wait| format!(", asked to wait {}", seconds(wait)))
                .unwrap_or_default();
            println!(
                "  at {at:>4.1} s, try {n}: {} {}: {}{asked}",
                error.status().as_u16(),
                error.variant_name(),
                advice.retry,
            );
            Err(error)
        }
    }
}

fn report<E: std::fmt::Display>(outcome: Result<Result<String, reqwest::Error>, Failed<E>>) {
    match outcome {
        Ok(Ok(body)) => println!("  Succeeded ({body:?})."),
        Ok(Err(transport)) => println!("  The connection failed: {transport}."),
        Err(failed) => {
            let tries = if failed.attempts == 1 { "try" } else { "tries" };
            println!(
                "  Gave up after {} {tries} {}: {}.",
                failed.attempts,
                waits(&failed.waited),
                failed.reason
            );
            println!("  {}", fit(&failed.error.to_string(), WIDTH - 2));
        }
    }
}

/// A `GET` of `url`, as the tower stack takes requests.
fn get(url: &str) -> http_api_error::http::Request<()> {
    let mut request = http_api_error::http::Request::new(());
    *request.uri_mut() = url.parse().expect("a URL");
    request
}
