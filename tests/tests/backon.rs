//! backon over real HTTP on loopback: `when_advised` and `adjust_delay` make a
//! backon retry follow each error's advice and wait the delay the response asks.

// A blocking closure returns the error enum itself, as users' do: its `Context`
// makes it larger than clippy's threshold for an `Err`.
#![allow(clippy::result_large_err)]

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use backon::{ConstantBuilder, Retryable};
use http_api_error::backon::{adjust_delay, adjust_delay_up_to, when_advised};
use http_api_error::reqwest::ResponseExt;
use http_api_error::{ApiError, Context};

#[derive(Debug, ApiError)]
#[api(vendor = "Acme", display)]
enum Acme {
    #[status(404)]
    NotFound(#[context] Context),
    #[status(429)]
    Throttled(#[context] Context),
    #[status(503)]
    Unavailable(#[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}

/// `/{status}/{retry_after}/{failures}`: that status with that `Retry-After`
/// `failures` times, then 200 `ok`; and how many requests came.
async fn server() -> (String, Arc<AtomicU32>) {
    async fn answer(
        State(hits): State<Arc<AtomicU32>>,
        Path((status, retry_after, failures)): Path<(u16, u32, u32)>,
    ) -> impl IntoResponse {
        if hits.fetch_add(1, Ordering::SeqCst) >= failures {
            return (StatusCode::OK, HeaderMap::new(), "ok");
        }
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from(retry_after));
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::IM_A_TEAPOT);
        (status, headers, "no")
    }
    let hits = Arc::new(AtomicU32::new(0));
    let app = Router::new()
        .route("/{status}/{retry_after}/{failures}", get(answer))
        .with_state(Arc::clone(&hits));
    (http_api_error_tests::serve(app).await, hits)
}

/// GETs `url` with backon (1 ms between tries, `times` retries), following the
/// advice; the body or the last error, and every wait backon made.
async fn fetch(
    url: &str,
    times: usize,
    adjust: impl FnMut(&Acme, Option<Duration>) -> Option<Duration>,
) -> (Result<String, Acme>, Vec<Duration>) {
    let client = reqwest::Client::new();
    let mut waits = Vec::new();
    let result = (|| async {
        let response = client.get(url).send().await.expect("transport");
        let response = response.error_for_api_status::<Acme>().await?;
        Ok(response.text().await.expect("body"))
    })
    .retry(
        ConstantBuilder::default()
            .with_delay(Duration::from_millis(1))
            .with_max_times(times),
    )
    .when(when_advised)
    .adjust(adjust)
    .notify(|_, wait| waits.push(wait))
    .await;
    (result, waits)
}

#[tokio::test]
async fn a_429_waits_its_retry_after_instead_of_backons_delay() {
    let (base, hits) = server().await;
    let (result, waits) = fetch(&format!("{base}/429/1/1"), 3, adjust_delay).await;
    assert_eq!(result.expect("the second try succeeds"), "ok");
    assert_eq!(waits, [Duration::from_secs(1)]);
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn what_the_enum_never_retries_is_sent_once() {
    let (base, hits) = server().await;
    let (result, waits) = fetch(&format!("{base}/404/0/1"), 3, adjust_delay).await;
    assert!(matches!(result, Err(Acme::NotFound(_))));
    assert!(waits.is_empty());
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn backons_attempts_still_bound_the_retries() {
    let (base, hits) = server().await;
    let (result, waits) = fetch(&format!("{base}/503/0/10"), 2, adjust_delay).await;
    let error = result.expect_err("every try fails");
    assert!(matches!(error, Acme::Unavailable(_)));
    // Backon's own delay where the response asks for none longer.
    assert_eq!(waits, [Duration::from_millis(1); 2]);
    assert_eq!(hits.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_delay_past_the_cap_gives_up_with_the_error_that_asked() {
    let (base, hits) = server().await;
    let (result, waits) = fetch(&format!("{base}/503/3600/1"), 3, adjust_delay).await;
    let error = result.expect_err("an hour is past the 60 s cap");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    assert!(waits.is_empty());
    assert_eq!(hits.load(Ordering::SeqCst), 1);

    // A cap of the user's own: 2 s asked, 1 s allowed.
    let (base, hits) = server().await;
    let capped = adjust_delay_up_to(Duration::from_secs(1));
    let (result, _) = fetch(&format!("{base}/429/2/1"), 3, capped).await;
    assert!(matches!(result, Err(Acme::Throttled(_))));
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

/// backon's blocking retry has `when` but no `adjust`: `when_advised` alone, with
/// ureq on a blocking thread.
#[tokio::test]
async fn backons_blocking_retry_follows_the_advice_with_ureq() {
    use backon::BlockingRetryable;
    use http_api_error::ureq::ResponseExt as _;
    let (base, hits) = server().await;
    let (base_404, hits_404) = server().await;
    let (unavailable, not_found) = tokio::task::spawn_blocking(move || {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .new_agent();
        let get = |url: String| {
            let agent = agent.clone();
            (move || {
                let response = agent.get(&url).call().expect("transport");
                response.error_for_api_status::<Acme>().map(|r| r.status())
            })
            .retry(
                ConstantBuilder::default()
                    .with_delay(Duration::from_millis(1))
                    .with_max_times(3),
            )
            .sleep(std::thread::sleep)
            .when(when_advised)
            .call()
        };
        (
            get(format!("{base}/503/0/2")),
            get(format!("{base_404}/404/0/2")),
        )
    })
    .await
    .expect("blocking task");
    assert_eq!(unavailable.expect("the third try succeeds"), StatusCode::OK);
    assert_eq!(hits.load(Ordering::SeqCst), 3);
    assert!(matches!(not_found, Err(Acme::NotFound(_))));
    assert_eq!(hits_404.load(Ordering::SeqCst), 1);
}
