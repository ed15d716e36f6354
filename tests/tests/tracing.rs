//! The retry loop's spans and events (feature `tracing`), caught by a subscriber
//! that records every field: what a user's log or OpenTelemetry exporter gets.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::{HeaderMap, HeaderValue, Method, StatusCode};
use http_api_error::retry::{RetryPolicy, SentRequest, Stop};
use http_api_error::{ApiError, Context};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

#[derive(Debug, ApiError)]
enum Acme {
    #[status(503, retry = backoff)]
    Unavailable(#[context] Context),
    #[status(other)]
    Other(#[context] Context),
}

type Fields = BTreeMap<String, String>;

/// Every span (its name and fields) and event (its fields, `message` included).
#[derive(Default, Clone)]
struct Recorder {
    spans: Arc<Mutex<Vec<(String, Fields)>>>,
    events: Arc<Mutex<Vec<Fields>>>,
    next: Arc<AtomicU64>,
}

struct Collect<'a>(&'a mut Fields);

impl Visit for Collect<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = Fields::new();
        span.record(&mut Collect(&mut fields));
        let name = span.metadata().name().to_owned();
        self.spans.lock().expect("lock").push((name, fields));
        Id::from_u64(self.next.fetch_add(1, Ordering::SeqCst) + 1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields::new();
        event.record(&mut Collect(&mut fields));
        self.events.lock().expect("lock").push(fields);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

fn unavailable() -> Acme {
    let mut headers = HeaderMap::new();
    headers.insert("retry-after", HeaderValue::from_static("0.01"));
    Acme::from_parts(StatusCode::SERVICE_UNAVAILABLE, &headers, b"")
}

#[tokio::test(flavor = "current_thread")]
async fn a_request_is_a_span_and_each_decision_and_success_an_event() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let policy = RetryPolicy::new()
        .max_attempts(4)
        .base_delay(Duration::from_millis(1));
    let sent = SentRequest::new(Method::GET, "api.example.com");
    let result = policy
        .run_sent(
            &sent,
            |attempt| async move {
                if attempt < 3 {
                    Err(unavailable())
                } else {
                    Ok(attempt)
                }
            },
            tokio::time::sleep,
        )
        .await;
    assert_eq!(result.expect("the third try succeeds"), 3);

    let spans = recorder.spans.lock().expect("lock").clone();
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].0, "http_api_error.request");
    assert_eq!(spans[0].1["http.request.method"], "GET");
    assert_eq!(spans[0].1["server.address"], "api.example.com");

    let events = recorder.events.lock().expect("lock").clone();
    let decisions: Vec<&Fields> = events
        .iter()
        .filter(|e| e.contains_key("http_api_error.decision"))
        .collect();
    assert_eq!(decisions.len(), 2, "{events:?}");
    for (n, decision) in decisions.iter().enumerate() {
        assert_eq!(decision["message"], "retrying");
        assert_eq!(decision["http_api_error.decision"], "retry");
        assert_eq!(decision["http.response.status_code"], "503");
        assert_eq!(decision["error.type"], "Unavailable");
        assert_eq!(decision["http.request.resend_count"], n.to_string());
        assert_eq!(decision["http_api_error.attempt"], (n + 1).to_string());
        assert_eq!(decision["http_api_error.max_attempts"], "4");
        assert_eq!(decision["http_api_error.delay_source"], "Retry-After");
        let delay: u64 = decision["http_api_error.delay_ms"].parse().expect("ms");
        assert!(delay >= 10, "never below Retry-After: {delay}");
    }
    let success = events.last().expect("a success event");
    assert_eq!(success["message"], "succeeded");
    assert_eq!(success["http.request.resend_count"], "2");
}

#[tokio::test(flavor = "current_thread")]
async fn giving_up_says_why() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let sent = SentRequest::new(Method::POST, "api.example.com");
    let failed = RetryPolicy::new()
        .run_sent(
            &sent,
            |_| async { Err::<(), _>(unavailable()) },
            tokio::time::sleep,
        )
        .await
        .expect_err("a POST is not repeated after a 503");
    assert_eq!(failed.reason, Stop::NotIdempotent);
    let events = recorder.events.lock().expect("lock").clone();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["message"], "giving up");
    assert_eq!(
        events[0]["http_api_error.stop"],
        Stop::NotIdempotent.to_string()
    );
    assert_eq!(events[0]["http.request.method"], "POST");
    assert!(!events[0].contains_key("http_api_error.delay_ms"));
}

/// The blocking loop tells what the async one tells: one span, a decision per
/// failed try, the success.
#[test]
#[allow(
    clippy::result_large_err,
    reason = "the closure returns the error enum itself, as users' do"
)]
fn the_blocking_loop_has_the_same_span_and_events() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let sent = SentRequest::new(Method::GET, "api.example.com");
    let result = RetryPolicy::new().max_attempts(4).run_sent_blocking(
        &sent,
        |attempt| {
            if attempt < 3 {
                Err(unavailable())
            } else {
                Ok(attempt)
            }
        },
        |_| {},
    );
    assert_eq!(result.map_err(|failed| failed.reason), Ok(3));
    let spans = recorder.spans.lock().expect("lock").clone();
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].0, "http_api_error.request");
    assert_eq!(spans[0].1["server.address"], "api.example.com");
    let events = recorder.events.lock().expect("lock").clone();
    let decisions = events
        .iter()
        .filter(|e| e.get("http_api_error.decision").map(String::as_str) == Some("retry"))
        .count();
    assert_eq!(decisions, 2, "{events:?}");
    assert_eq!(
        events.last().map(|e| e["message"].as_str()),
        Some("succeeded")
    );
}
