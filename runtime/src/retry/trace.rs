//! What the retry loop tells `tracing` (feature `tracing`): a span per logical
//! request, an event per decision after a failed try, per success and per wait
//! for a rate limit. Attribute names are OpenTelemetry's where it has one
//! (`http.request.method`, `server.address`, `http.response.status_code`,
//! `http.request.resend_count`, `error.type`), `http_api_error.*` otherwise.
//! Without the feature every function here is empty and inlined away.

use core::time::Duration;

use super::{Decision, RetryPolicy, SentRequest};
use crate::{Advice, ApiError};

/// The target of every event and span, for filters: `http_api_error::retry=info`.
#[cfg(feature = "tracing")]
const TARGET: &str = "http_api_error::retry";

/// The span a logical request's tries run in.
#[cfg(feature = "tracing")]
pub(crate) fn request_span(method: &http::Method, partition: &str) -> tracing::Span {
    tracing::info_span!(
        target: TARGET,
        "http_api_error.request",
        http.request.method = %method,
        server.address = partition,
    )
}

/// What a decision's event says of the error, read when the decision is made:
/// the future that may finish the decision (a shared budget) does not hold the
/// error. Nothing is read when no subscriber listens.
pub(crate) struct Told {
    #[cfg(feature = "tracing")]
    fields: Option<Fields>,
}

#[cfg(feature = "tracing")]
struct Fields {
    status: u16,
    variant: &'static str,
    code: Option<String>,
    advice: Advice,
}

impl Told {
    #[inline]
    pub(crate) fn of<E: ApiError>(error: &E, advice: &Advice) -> Told {
        #[cfg(feature = "tracing")]
        {
            let listening = tracing::enabled!(target: TARGET, tracing::Level::INFO);
            Told {
                fields: listening.then(|| Fields {
                    status: error.status().as_u16(),
                    variant: error.variant_name(),
                    code: error.code().map(std::borrow::Cow::into_owned),
                    advice: *advice,
                }),
            }
        }
        #[cfg(not(feature = "tracing"))]
        {
            let _ = (error, advice);
            Told {}
        }
    }

    /// The event for `decision`, made after try `attempt` of `sent`.
    #[inline]
    pub(crate) fn decided(
        self,
        policy: &RetryPolicy,
        sent: &SentRequest<'_>,
        attempt: u32,
        decision: Decision,
    ) {
        #[cfg(feature = "tracing")]
        if let Some(fields) = self.fields {
            let (delay_ms, stop) = match decision {
                Decision::Wait(wait) => (Some(millis(wait)), None),
                Decision::Stop(stop) => (None, Some(stop)),
            };
            let budget_left = policy.budget_left(sent.partition());
            tracing::event!(
                target: TARGET,
                tracing::Level::INFO,
                http.request.method = %sent.method(),
                server.address = sent.partition(),
                http.response.status_code = fields.status,
                http.request.resend_count = attempt.saturating_sub(1),
                error.type = fields.variant,
                http_api_error.code = fields.code.as_deref(),
                http_api_error.rule = %fields.advice.reason,
                http_api_error.decision = if stop.is_some() { "stop" } else { "retry" },
                http_api_error.stop = stop.map(tracing::field::display),
                http_api_error.delay_ms = delay_ms,
                http_api_error.delay_source = fields.advice.delay_source.map(tracing::field::display),
                http_api_error.attempt = attempt,
                http_api_error.max_attempts = policy.attempts_allowed(),
                http_api_error.budget_left = budget_left,
                "{}",
                if stop.is_some() { "giving up" } else { "retrying" },
            );
        }
        #[cfg(not(feature = "tracing"))]
        let _ = (self, policy, sent, attempt, decision);
    }
}

/// The event for a success after `attempt` tries.
#[inline]
pub(crate) fn succeeded(sent: &SentRequest<'_>, attempt: u32) {
    #[cfg(feature = "tracing")]
    tracing::event!(
        target: TARGET,
        tracing::Level::DEBUG,
        http.request.method = %sent.method(),
        server.address = sent.partition(),
        http.request.resend_count = attempt.saturating_sub(1),
        http_api_error.attempt = attempt,
        "succeeded",
    );
    #[cfg(not(feature = "tracing"))]
    let _ = (sent, attempt);
}

/// The event for a try held `wait` by the pacer.
#[inline]
pub(crate) fn paced(partition: &str, wait: Duration) {
    #[cfg(feature = "tracing")]
    tracing::event!(
        target: TARGET,
        tracing::Level::DEBUG,
        server.address = partition,
        http_api_error.delay_ms = millis(wait),
        http_api_error.delay_source = "pacer",
        "waiting for the rate limit",
    );
    #[cfg(not(feature = "tracing"))]
    let _ = (partition, wait);
}

#[cfg(feature = "tracing")]
use crate::units::whole_millis as millis;
