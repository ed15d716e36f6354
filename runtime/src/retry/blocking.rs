//! The retry loop for blocking clients (ureq, a blocking reqwest, any closure):
//! the async loop's steps, waiting with `std::thread::sleep`.

use core::convert::Infallible;
use core::time::Duration;
use std::time::Instant;

use http::Method;

use super::idempotency::SentRequest;
use super::policy::{Decision, Failed, RetryPolicy};
use super::trace;
use crate::ApiError;

impl RetryPolicy {
    /// [`RetryPolicy::run`] for a blocking client: runs `request` until it
    /// succeeds or the policy gives up, sleeping the thread between tries.
    ///
    /// Like `run`, it takes the request to be safe to repeat, as a `GET` is; for a
    /// `POST` or a `PATCH`, use [`RetryPolicy::run_sent_blocking`]. To end the loop
    /// on a transport error instead of retrying it, return it inside `T`.
    ///
    /// ```
    /// use http_api_error::http::{HeaderMap, StatusCode};
    /// use http_api_error::retry::{RetryPolicy, Stop};
    /// use http_api_error::{ApiError, Context};
    ///
    /// #[derive(Debug, ApiError)]
    /// enum Acme {
    ///     #[status(404)]
    ///     NotFound(#[context] Context),
    ///     #[status(other)]
    ///     Unexpected(#[context] Context),
    /// }
    ///
    /// let policy = RetryPolicy::new().max_attempts(3);
    /// let mut tries = 0;
    /// let result = policy.run_blocking(|_attempt| {
    ///     tries += 1;
    ///     // Send the request here; on an error status, build the error.
    ///     Err::<(), _>(Acme::from_parts(StatusCode::NOT_FOUND, &HeaderMap::new(), b""))
    /// });
    /// assert_eq!(result.unwrap_err().reason, Stop::NotRetryable);
    /// assert_eq!(tries, 1);
    /// ```
    pub fn run_blocking<T, E, Request>(&self, request: Request) -> Result<T, Failed<E>>
    where
        E: ApiError,
        Request: FnMut(u32) -> Result<T, E>,
    {
        let sent = SentRequest::new(Method::GET, core::any::type_name::<E>());
        self.run_sent_blocking(&sent, request, std::thread::sleep)
    }

    /// [`RetryPolicy::run_sent`] for a blocking client: the request `sent` decides
    /// whether it may be repeated and which budget it spends; `sleep` waits
    /// (`std::thread::sleep`, or a recorder in tests).
    ///
    /// It consults the pacer ([`Pacer::wait`](super::Pacer::wait)) before each try
    /// and teaches it with each error ([`Pacer::observe_error`](super::Pacer::observe_error)),
    /// and spends from the budget ([`RetryPolicy::decide_sent`]), all by their
    /// state in this process: a blocking loop cannot await a shared store, so a
    /// [`RetryBudget::store`](super::RetryBudget::store) or [`Pacer::store`](super::Pacer::store)
    /// is not consulted here.
    pub fn run_sent_blocking<T, E, Request, Sleep>(
        &self,
        sent: &SentRequest<'_>,
        mut request: Request,
        sleep: Sleep,
    ) -> Result<T, Failed<E>>
    where
        E: ApiError,
        Request: FnMut(u32) -> Result<T, E>,
        Sleep: FnMut(Duration),
    {
        let outcome = self.run_blocking_until(
            sent,
            |attempt| request(attempt).map(Ok::<T, Infallible>),
            sleep,
        );
        match outcome {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(never)) => match never {},
            Err(failed) => Err(failed),
        }
    }

    /// [`RetryPolicy::run_sent_blocking`] whose `request` may also end the loop
    /// at once with `Ok(Err(abort))` (a transport error the caller does not
    /// retry): neither a success for the budget nor an error for the policy.
    pub(crate) fn run_blocking_until<T, Abort, E, Request, Sleep>(
        &self,
        sent: &SentRequest<'_>,
        mut request: Request,
        mut sleep: Sleep,
    ) -> Result<Result<T, Abort>, Failed<E>>
    where
        E: ApiError,
        Request: FnMut(u32) -> Result<Result<T, Abort>, E>,
        Sleep: FnMut(Duration),
    {
        // The same span as `run_sent`'s: one per logical request, every try in it.
        #[cfg(feature = "tracing")]
        let _span = trace::request_span(sent.method(), sent.partition()).entered();
        let pacer = self.pacer_of();
        let mut attempt: u32 = 1;
        let mut waited = Vec::new();
        loop {
            if let Some(pacer) = pacer {
                let wait = pacer.wait(sent.partition(), Instant::now());
                if !wait.is_zero() {
                    trace::paced(sent.partition(), wait);
                    sleep(wait);
                }
            }
            let error = match request(attempt) {
                Ok(Ok(value)) => {
                    if let Some(pacer) = pacer {
                        pacer.succeeded(sent.partition(), Instant::now());
                    }
                    self.succeeded(sent, attempt);
                    return Ok(Ok(value));
                }
                Ok(Err(abort)) => return Ok(Err(abort)),
                Err(error) => error,
            };
            if let Some(pacer) = pacer {
                pacer.observe_error(sent.partition(), &error, Instant::now());
            }
            match self.decide_sent(sent, &error, attempt) {
                Decision::Wait(wait) => {
                    waited.push(wait);
                    sleep(wait);
                    attempt = attempt.saturating_add(1);
                }
                Decision::Stop(reason) => {
                    return Err(Failed {
                        error,
                        attempts: attempt,
                        reason,
                        waited,
                    })
                }
            }
        }
    }
}
