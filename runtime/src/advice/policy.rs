//! When to send a failed request again: a small backoff policy that follows each
//! error's advice and `Retry-After`, and an async loop that applies it with any client.

use core::fmt;
use core::future::Future;
use core::time::Duration;

use crate::{ApiError, Retry};

/// How many times to try and how long to wait between tries.
///
/// The wait before try `n + 1` after a [`Retry::Backoff`] error is a random
/// duration between zero and `min(max_delay, base_delay × multiplier^(n-1))`
/// ("full jitter"), raised to the server's `Retry-After` when that is longer.
/// A [`Retry::Immediately`] error waits [`RetryPolicy::immediate_delay`], also
/// raised to `Retry-After`. Nothing here overflows: huge `Retry-After` values and
/// attempt counts saturate.
///
/// ```
/// use core::time::Duration;
/// use http_api_error::retry::RetryPolicy;
///
/// let policy = RetryPolicy::new()
///     .max_attempts(5)
///     .base_delay(Duration::from_millis(200))
///     .max_delay(Duration::from_secs(30));
/// assert_eq!(policy.backoff_ceiling(1), Duration::from_millis(200));
/// assert_eq!(policy.backoff_ceiling(3), Duration::from_millis(800));
/// assert_eq!(policy.backoff_ceiling(u32::MAX), Duration::from_secs(30));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    multiplier: f64,
    max_delay: Duration,
    immediate_delay: Duration,
    jitter: bool,
}

impl Default for RetryPolicy {
    /// 4 attempts, 500 ms base, ×2, at most 60 s, 100 ms for `Immediately`, full jitter.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            multiplier: 2.0,
            max_delay: Duration::from_secs(60),
            immediate_delay: Duration::from_millis(100),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// The default policy.
    #[must_use]
    pub fn new() -> Self {
        RetryPolicy::default()
    }

    /// Tries in all, the first included (at least 1).
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff ceiling after the first failure.
    #[must_use]
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// How much the ceiling grows per failure (at least 1; NaN counts as 1).
    #[must_use]
    pub fn multiplier(mut self, multiplier: f64) -> Self {
        self.multiplier = if multiplier >= 1.0 { multiplier } else { 1.0 };
        self
    }

    /// The longest wait. A `Retry-After` longer than this gives up instead.
    #[must_use]
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The fixed pause for [`Retry::Immediately`]: short, but never a hot loop.
    #[must_use]
    pub fn immediate_delay(mut self, delay: Duration) -> Self {
        self.immediate_delay = delay;
        self
    }

    /// Whether backoff waits are drawn at random below the ceiling (on by default).
    /// Without jitter, the wait is the ceiling itself.
    #[must_use]
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// `min(max_delay, base_delay × multiplier^(failures-1))`, saturating.
    #[must_use]
    pub fn backoff_ceiling(&self, failures: u32) -> Duration {
        if self.base_delay.is_zero() {
            return Duration::ZERO;
        }
        let exponent = i32::try_from(failures.saturating_sub(1)).unwrap_or(i32::MAX);
        let secs = self.base_delay.as_secs_f64() * self.multiplier.powi(exponent);
        match Duration::try_from_secs_f64(secs) {
            Ok(delay) => delay.min(self.max_delay),
            Err(_) => self.max_delay,
        }
    }

    /// What to do after `error` ended try number `attempt` (1 for the first).
    ///
    /// It follows [`ApiError::advice`]: the declaration refined by the response's
    /// should-retry and rate-limit headers, and the delay from every dialect.
    pub fn decide<E: ApiError>(&self, error: &E, attempt: u32) -> Decision {
        self.decide_with(error, attempt, fastrand::f64())
    }

    /// [`RetryPolicy::decide`] with the jitter's random draw given, in `0.0..1.0`.
    pub fn decide_with<E: ApiError>(&self, error: &E, attempt: u32, unit: f64) -> Decision {
        let advice = error.advice();
        let wait = match advice.retry {
            Retry::Never if error.escalate() => return Decision::Stop(Stop::Escalate),
            Retry::Never => return Decision::Stop(Stop::NotRetryable),
            Retry::Immediately => self.immediate_delay,
            Retry::Backoff => {
                let ceiling = self.backoff_ceiling(attempt);
                if self.jitter {
                    // Out-of-range draws (NaN included) count as the ceiling.
                    let unit = if (0.0..=1.0).contains(&unit) {
                        unit
                    } else {
                        1.0
                    };
                    // `mul_f64` panics when rounding near `Duration::MAX` overflows.
                    Duration::try_from_secs_f64(ceiling.as_secs_f64() * unit)
                        .map_or(ceiling, |wait| wait.min(ceiling))
                } else {
                    ceiling
                }
            }
        };
        if attempt >= self.max_attempts {
            return Decision::Stop(Stop::AttemptsExhausted);
        }
        match advice.delay {
            Some(asked) if asked > self.max_delay => Decision::Stop(Stop::RetryAfterTooLong(asked)),
            Some(asked) => Decision::Wait(wait.max(asked)),
            None => Decision::Wait(wait),
        }
    }

    /// Runs `request` until it succeeds or the policy gives up.
    ///
    /// `request` receives the try number (1 for the first). `sleep` waits; pass
    /// your runtime's, such as `tokio::time::sleep`. The loop works with any client:
    /// build the error with [`ApiError::from_parts`] or the `reqwest` integration.
    ///
    /// ```
    /// use core::time::Duration;
    /// use http_api_error::http::{HeaderMap, StatusCode};
    /// use http_api_error::retry::{Stop, RetryPolicy};
    /// use http_api_error::{ApiError, Context};
    ///
    /// #[derive(Debug, ApiError)]
    /// enum Acme {
    ///     #[status(503)]
    ///     Unavailable(#[context] Context),
    ///     #[status(other)]
    ///     Unexpected(#[context] Context),
    /// }
    ///
    /// # fn block_on<F: core::future::Future>(future: F) -> F::Output {
    /// #     use std::task::{Context, Poll, Wake, Waker};
    /// #     struct Noop;
    /// #     impl Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
    /// #     let waker = Waker::from(std::sync::Arc::new(Noop));
    /// #     let mut future = core::pin::pin!(future);
    /// #     loop {
    /// #         if let Poll::Ready(out) = future.as_mut().poll(&mut Context::from_waker(&waker)) {
    /// #             return out;
    /// #         }
    /// #     }
    /// # }
    /// let policy = RetryPolicy::new().max_attempts(3).jitter(false);
    /// let mut slept = Vec::new();
    /// let result = block_on(policy.run(
    ///     // Send the request here; on an error status, build the error.
    ///     |_attempt| async {
    ///         Err::<(), _>(Acme::from_parts(StatusCode::SERVICE_UNAVAILABLE, &HeaderMap::new(), b""))
    ///     },
    ///     // Your runtime's sleep, such as `tokio::time::sleep`.
    ///     |wait| {
    ///         slept.push(wait);
    ///         async {}
    ///     },
    /// ));
    /// let failed = result.unwrap_err();
    /// assert_eq!(failed.attempts, 3);
    /// assert_eq!(failed.reason, Stop::AttemptsExhausted);
    /// assert_eq!(slept, [Duration::from_millis(500), Duration::from_millis(1000)]);
    /// ```
    pub async fn run<T, E, Request, RequestFuture, Sleep, SleepFuture>(
        &self,
        mut request: Request,
        mut sleep: Sleep,
    ) -> Result<T, Failed<E>>
    where
        E: ApiError,
        Request: FnMut(u32) -> RequestFuture,
        RequestFuture: Future<Output = Result<T, E>>,
        Sleep: FnMut(Duration) -> SleepFuture,
        SleepFuture: Future<Output = ()>,
    {
        let mut attempt: u32 = 1;
        let mut waited = Vec::new();
        loop {
            let error = match request(attempt).await {
                Ok(value) => return Ok(value),
                Err(error) => error,
            };
            match self.decide(&error, attempt) {
                Decision::Wait(wait) => {
                    waited.push(wait);
                    sleep(wait).await;
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

/// The policy's answer after a failed try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Wait this long, then try again.
    Wait(Duration),
    /// Send nothing more, for this reason.
    Stop(Stop),
}

/// Why the policy stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The error is never retried.
    NotRetryable,
    /// The vendor wants to be told about it instead.
    Escalate,
    /// Every allowed try was made.
    AttemptsExhausted,
    /// The server asked to wait longer than the policy's `max_delay`.
    RetryAfterTooLong(Duration),
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::NotRetryable => f.write_str("the error is not retryable"),
            Stop::Escalate => f.write_str("the vendor asks for this error to be escalated"),
            Stop::AttemptsExhausted => f.write_str("every attempt failed"),
            Stop::RetryAfterTooLong(asked) => {
                write!(
                    f,
                    "the server asked to wait {}s, longer than allowed",
                    asked.as_secs()
                )
            }
        }
    }
}

/// The last error of a [`RetryPolicy::run`] that gave up, and how it got there.
#[derive(Debug, Clone)]
pub struct Failed<E> {
    /// The error of the last try.
    pub error: E,
    /// Tries made, the first included.
    pub attempts: u32,
    /// Why it stopped.
    pub reason: Stop,
    /// The waits between tries, in order.
    pub waited: Vec<Duration>,
}

impl<E: fmt::Display> fmt::Display for Failed<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "gave up after {} attempt(s), {}: {}",
            self.attempts, self.reason, self.error
        )
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Failed<E> {}
