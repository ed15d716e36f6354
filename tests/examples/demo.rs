//! End to end over real HTTP: mock SmartSuite and InvestSuite servers on loopback,
//! rendered from the vendor enums, and a reqwest client that classifies every
//! documented error, then retries a flaky endpoint under a policy that honours
//! `Retry-After`.

use std::time::{Duration, Instant};

use http_api_error::investsuite::InvestSuiteError;
use http_api_error::reqwest::ResponseExt;
use http_api_error::retry::{GaveUp, RetryPolicy};
use http_api_error::smartsuite::SmartSuiteError;
use http_api_error::ApiError;
use http_api_error_tests::mock::{investsuite_examples, smartsuite_examples, MockVendor};

const HEADER: [&str; 9] = [
    "status",
    "variant",
    "class",
    "retry",
    "escalate",
    "wait",
    "message",
    "field errors",
    "request id",
];

fn row<E: ApiError>(error: &E) -> [String; 9] {
    let fields: Vec<String> = error
        .field_errors()
        .into_iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect();
    let message = error
        .message()
        .map(std::borrow::Cow::into_owned)
        .or_else(|| {
            let reason = error.context()?.body_error()?;
            Some(format!("({reason})"))
        });
    [
        error.status().as_u16().to_string(),
        error.variant_name().to_owned(),
        error.class().to_string(),
        error.retry().to_string(),
        if error.escalate() { "yes" } else { "-" }.to_owned(),
        error
            .retry_after()
            .map_or_else(|| "-".to_owned(), |d| format!("{}s", d.as_secs())),
        message.unwrap_or_else(|| "-".to_owned()),
        if fields.is_empty() {
            "-".to_owned()
        } else {
            fields.join("; ")
        },
        error.request_id().unwrap_or("-").to_owned(),
    ]
}

fn print_table(rows: &[[String; 9]]) {
    let header = HEADER.map(str::to_owned);
    let mut widths = [0usize; 9];
    for row in std::iter::once(&header).chain(rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        println!("  {}", cells.join("  ").trim_end());
    }
}

async fn walk<E: ApiError>(
    client: &reqwest::Client,
    vendor: &MockVendor,
    names: &[&str],
) -> Result<Vec<[String; 9]>, reqwest::Error> {
    let mut rows = Vec::new();
    for name in names {
        let response = client
            .get(vendor.url(&format!("/errors/{name}")))
            .send()
            .await?;
        let error: E = response.api_error().await;
        rows.push(row(&error));
    }
    Ok(rows)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let smartsuite = MockVendor::start(smartsuite_examples(), 2).await?;
    let investsuite = MockVendor::start(investsuite_examples(), 2).await?;
    let client = reqwest::Client::new();

    let names: Vec<&str> = smartsuite_examples()
        .iter()
        .map(|(name, _)| *name)
        .collect();
    println!(
        "SmartSuite (mock at {}): every documented error, then an undocumented 429",
        smartsuite.base_url
    );
    print_table(&walk::<SmartSuiteError>(&client, &smartsuite, &names).await?);

    let names: Vec<&str> = investsuite_examples()
        .iter()
        .map(|(name, _)| *name)
        .collect();
    println!(
        "\nInvestSuite (mock at {}): every documented error, then an undocumented 429",
        investsuite.base_url
    );
    print_table(&walk::<InvestSuiteError>(&client, &investsuite, &names).await?);

    println!("\nRetry timeline: GET /flaky answers 503 with Retry-After: 1 twice, then 200");
    let policy = RetryPolicy::new()
        .max_attempts(5)
        .base_delay(Duration::from_millis(100))
        .max_delay(Duration::from_secs(10));
    let timeline = Instant::now();
    let url = smartsuite.url("/flaky");
    let outcome = policy
        .run(
            |n| attempt::<SmartSuiteError>(&client, &url, n, timeline),
            |wait| async move {
                println!("  {:>9}  waiting {:.2}s", "", wait.as_secs_f64());
                tokio::time::sleep(wait).await;
            },
        )
        .await;
    report(outcome);

    println!("\nGiving up at once: an escalated InvestSuite 500, a never-retried SmartSuite 404");
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

    println!("\nDone in {:.2}s", started.elapsed().as_secs_f64());
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
            println!("  t={at:>5.2}s  attempt {n}: {}", response.status());
            Ok(response.text().await)
        }
        Err(error) => {
            println!(
                "  t={at:>5.2}s  attempt {n}: {} {} (retry {}, escalate {}, Retry-After {})",
                error.status().as_u16(),
                error.variant_name(),
                error.retry(),
                error.escalate(),
                error
                    .retry_after()
                    .map_or_else(|| "-".to_owned(), |d| format!("{}s", d.as_secs())),
            );
            Err(error)
        }
    }
}

fn report<E: std::fmt::Display>(outcome: Result<Result<String, reqwest::Error>, GaveUp<E>>) {
    match outcome {
        Ok(Ok(body)) => println!("  => succeeded with body {body:?}"),
        Ok(Err(transport)) => println!("  => transport error: {transport}"),
        Err(gave_up) => println!("  => {gave_up}; waited {:?}", gave_up.waited),
    }
}
