//! The backoff policy that follows each error's advice and `Retry-After`, and the
//! async loop that applies it with any client.

use core::fmt;
use core::future::Future;
use core::time::Duration;

use http::{HeaderName, Method};

use super::budget::RetryBudget;
use super::idempotency::{SentRequest, IDEMPOTENCY_KEY};
use super::pacer::Pacer;
use super::trace;
use crate::{Advice, ApiError, Retry};

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
    budget: Option<RetryBudget>,
    pacer: Option<Pacer>,
    idempotency_keys: bool,
    key_header: HeaderName,
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
            budget: None,
            pacer: None,
            idempotency_keys: false,
            key_header: IDEMPOTENCY_KEY,
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

    /// A retry budget to spend from, shared with every policy given a clone of it
    /// (none by default: each request decides alone).
    #[must_use]
    pub fn budget(mut self, budget: RetryBudget) -> Self {
        self.budget = Some(budget);
        self
    }

    /// A pacer to consult before each try and teach with each response, shared
    /// with every policy given a clone of it (none by default).
    #[must_use]
    pub fn pacer(mut self, pacer: Pacer) -> Self {
        self.pacer = Some(pacer);
        self
    }

    /// How many tries are allowed, the first included.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) fn attempts_allowed(&self) -> u32 {
        self.max_attempts
    }

    /// The tokens left in `partition`'s budget in this process; `None` without a
    /// budget, or with a shared one (asking it would cost a round trip).
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) fn budget_left(&self, partition: &str) -> Option<u32> {
        self.budget
            .as_ref()
            .filter(|budget| !budget.is_shared())
            .map(|budget| budget.tokens(partition))
    }

    /// The shared pacer, if any.
    pub(crate) fn pacer_of(&self) -> Option<&Pacer> {
        self.pacer.as_ref()
    }

    /// Whether the integrations give a non-idempotent request (`POST`, `PATCH`)
    /// that has no idempotency key a fresh one before its first try, as Stripe's
    /// SDKs do, so that it may be retried after any error the advice retries (off
    /// by default: only a server that deduplicates by the key makes that safe).
    #[must_use]
    pub fn idempotency_keys(mut self, add: bool) -> Self {
        self.idempotency_keys = add;
        self
    }

    /// The header that carries an idempotency key (`Idempotency-Key` by default).
    #[must_use]
    pub fn idempotency_key_header(mut self, name: HeaderName) -> Self {
        self.key_header = name;
        self
    }

    /// The idempotency-key header, and whether the integrations add a key.
    #[cfg(any(feature = "reqwest-middleware", feature = "tower", feature = "ureq"))]
    pub(crate) fn key_header(&self) -> (&HeaderName, bool) {
        (&self.key_header, self.idempotency_keys)
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

    /// What to do after `error` ended try number `attempt` (1 for the first), by
    /// the error alone.
    ///
    /// It follows [`ApiError::advice`]: the declaration refined by the response's
    /// should-retry and rate-limit headers, and the delay from every dialect.
    /// [`RetryPolicy::decide_sent`] adds what depends on the request: whether it
    /// may be repeated, and the budget.
    pub fn decide<E: ApiError>(&self, error: &E, attempt: u32) -> Decision {
        self.decide_with(error, attempt, fastrand::f64())
    }

    /// [`RetryPolicy::decide`] with the jitter's random draw given, in `0.0..1.0`.
    pub fn decide_with<E: ApiError>(&self, error: &E, attempt: u32, unit: f64) -> Decision {
        self.decide_advised(error, attempt, unit).0
    }

    /// [`RetryPolicy::decide_with`], and the advice it followed.
    fn decide_advised<E: ApiError>(
        &self,
        error: &E,
        attempt: u32,
        unit: f64,
    ) -> (Decision, Advice) {
        let advice = error.advice();
        (
            self.follow(&advice, error.escalate(), attempt, unit),
            advice,
        )
    }

    fn follow(&self, advice: &Advice, escalate: bool, attempt: u32, unit: f64) -> Decision {
        let wait = match advice.retry {
            Retry::Never if escalate => return Decision::Stop(Stop::Escalate),
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
        self.honour_asked(wait, advice.delay)
    }

    /// `wait`, raised to the delay the response `asked` for; a stop when that is
    /// longer than `max_delay`.
    pub(crate) fn honour_asked(&self, wait: Duration, asked: Option<Duration>) -> Decision {
        match asked {
            Some(asked) if asked > self.max_delay => Decision::Stop(Stop::RetryAfterTooLong(asked)),
            Some(asked) => Decision::Wait(wait.max(asked)),
            None => Decision::Wait(wait),
        }
    }

    /// What to do after `error` ended try number `attempt` of the request `sent`:
    /// [`RetryPolicy::decide`], then a request that may not be repeated after this
    /// response stops ([`Stop::NotIdempotent`]), then a wait takes its cost from
    /// the budget or stops ([`Stop::BudgetExhausted`]).
    ///
    /// It decides at once, so it spends from the budget's buckets in this
    /// process even when the budget has a shared store ([`RetryBudget::store`]):
    /// [`RetryPolicy::run_sent`] and the reqwest middleware await the store.
    ///
    /// ```
    /// use http_api_error::http::{HeaderMap, Method, StatusCode};
    /// use http_api_error::retry::{Decision, RetryBudget, RetryPolicy, SentRequest, Stop};
    /// use http_api_error::{ApiError, Context};
    ///
    /// #[derive(Debug, ApiError)]
    /// enum Acme {
    ///     #[status(other)]
    ///     Any(#[context] Context),
    /// }
    ///
    /// let policy = RetryPolicy::new().budget(RetryBudget::new().capacity(5));
    /// let bad_gateway = Acme::from_parts(StatusCode::BAD_GATEWAY, &HeaderMap::new(), b"");
    /// // A POST without a key may have been acted on: not sent again.
    /// let post = SentRequest::new(Method::POST, "api.example.com");
    /// assert_eq!(policy.decide_sent(&post, &bad_gateway, 1), Decision::Stop(Stop::NotIdempotent));
    /// // A GET is; the second retry finds the budget spent.
    /// let get = SentRequest::new(Method::GET, "api.example.com");
    /// assert!(matches!(policy.decide_sent(&get, &bad_gateway, 1), Decision::Wait(_)));
    /// assert_eq!(policy.decide_sent(&get, &bad_gateway, 2), Decision::Stop(Stop::BudgetExhausted));
    /// ```
    pub fn decide_sent<E: ApiError>(
        &self,
        sent: &SentRequest<'_>,
        error: &E,
        attempt: u32,
    ) -> Decision {
        let (decision, advice) = self.decide_unbudgeted(sent, error, attempt);
        let decision = match &self.budget {
            Some(budget)
                if matches!(decision, Decision::Wait(_))
                    && !budget.withdraw(sent.partition(), budget.retry_cost_tokens()) =>
            {
                Decision::Stop(Stop::BudgetExhausted)
            }
            _ => decision,
        };
        trace::Told::of(error, &advice).decided(self, sent, attempt, decision);
        decision
    }

    /// [`RetryPolicy::decide_sent`] spending from the budget's shared store. The
    /// future does not hold the error: it is read before.
    pub(crate) fn decide_sent_shared<'a, E: ApiError>(
        &'a self,
        sent: &'a SentRequest<'_>,
        error: &E,
        attempt: u32,
    ) -> impl Future<Output = Decision> + 'a {
        let (decision, advice) = self.decide_unbudgeted(sent, error, attempt);
        // What the event reports of the error is read now: the future does not
        // hold it.
        let told = trace::Told::of(error, &advice);
        async move {
            let decision = match &self.budget {
                Some(budget)
                    if matches!(decision, Decision::Wait(_))
                        && !budget
                            .withdraw_shared(sent.partition(), budget.retry_cost_tokens())
                            .await =>
                {
                    Decision::Stop(Stop::BudgetExhausted)
                }
                _ => decision,
            };
            told.decided(self, sent, attempt, decision);
            decision
        }
    }

    /// Everything [`RetryPolicy::decide_sent`] decides but the budget.
    fn decide_unbudgeted<E: ApiError>(
        &self,
        sent: &SentRequest<'_>,
        error: &E,
        attempt: u32,
    ) -> (Decision, Advice) {
        let (decision, advice) = self.decide_advised(error, attempt, fastrand::f64());
        // An API declared idempotent repeats nothing by sending a request again.
        let repeatable = E::RULES.idempotent || sent.may_repeat_after(error.status());
        if matches!(decision, Decision::Wait(_)) && !repeatable {
            return (Decision::Stop(Stop::NotIdempotent), advice);
        }
        (decision, advice)
    }

    /// Tells the budget that the request `sent` succeeded after `attempt` tries.
    ///
    /// Like [`RetryPolicy::decide_sent`], it uses the budget's buckets in this
    /// process, not its shared store: [`RetryPolicy::run_sent`] and the reqwest
    /// middleware use the store.
    pub fn succeeded(&self, sent: &SentRequest<'_>, attempt: u32) {
        trace::succeeded(sent, attempt);
        if let Some(budget) = &self.budget {
            budget.succeeded(sent.partition(), attempt.saturating_sub(1));
        }
    }

    /// [`RetryPolicy::succeeded`] in the budget's shared store.
    pub(crate) async fn succeeded_shared(&self, sent: &SentRequest<'_>, attempt: u32) {
        trace::succeeded(sent, attempt);
        if let Some(budget) = &self.budget {
            budget
                .succeeded_shared(sent.partition(), attempt.saturating_sub(1))
                .await;
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
    ///
    /// The request is taken to be safe to repeat, as a `GET` is; for a `POST` or a
    /// `PATCH`, use [`RetryPolicy::run_sent`]. The budget's partition is the error
    /// enum's type: one per API. [`RetryPolicy::run_blocking`] is the same loop
    /// for blocking clients.
    pub async fn run<T, E, Request, RequestFuture, Sleep, SleepFuture>(
        &self,
        request: Request,
        sleep: Sleep,
    ) -> Result<T, Failed<E>>
    where
        E: ApiError,
        Request: FnMut(u32) -> RequestFuture,
        RequestFuture: Future<Output = Result<T, E>>,
        Sleep: FnMut(Duration) -> SleepFuture,
        SleepFuture: Future<Output = ()>,
    {
        let sent = SentRequest::new(Method::GET, core::any::type_name::<E>());
        self.run_sent(&sent, request, sleep).await
    }

    /// [`RetryPolicy::run`] for the request `sent`: its method and idempotency key
    /// decide whether it may be repeated, its partition which budget it spends.
    pub async fn run_sent<T, E, Request, RequestFuture, Sleep, SleepFuture>(
        &self,
        sent: &SentRequest<'_>,
        request: Request,
        sleep: Sleep,
    ) -> Result<T, Failed<E>>
    where
        E: ApiError,
        Request: FnMut(u32) -> RequestFuture,
        RequestFuture: Future<Output = Result<T, E>>,
        Sleep: FnMut(Duration) -> SleepFuture,
        SleepFuture: Future<Output = ()>,
    {
        let tries = self.tries(sent, request, sleep);
        #[cfg(feature = "tracing")]
        let tries = tracing::Instrument::instrument(
            tries,
            trace::request_span(sent.method(), sent.partition()),
        );
        tries.await
    }

    async fn tries<T, E, Request, RequestFuture, Sleep, SleepFuture>(
        &self,
        sent: &SentRequest<'_>,
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
            let mut turn = None;
            if let Some(pacer) = &self.pacer {
                turn = Some(pacer.turn(sent.partition(), &mut sleep).await);
            }
            let error = match request(attempt).await {
                Ok(value) => {
                    if let Some(pacer) = &self.pacer {
                        let now = std::time::Instant::now();
                        pacer.succeeded(sent.partition(), now);
                        pacer.answered_shared(sent.partition(), turn, now).await;
                    }
                    self.succeeded_shared(sent, attempt).await;
                    return Ok(value);
                }
                Err(error) => error,
            };
            if let Some(pacer) = &self.pacer {
                let now = std::time::Instant::now();
                pacer
                    .observe_error_shared(sent.partition(), turn, &error, now)
                    .await;
            }
            match self.decide_sent_shared(sent, &error, attempt).await {
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
    /// The request may have been acted on and has no idempotency key: sending it
    /// again could repeat its side effect.
    NotIdempotent,
    /// The retry budget of the request's partition is spent: retries stop until
    /// successes refill it.
    BudgetExhausted,
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::NotRetryable => f.write_str("the error is not retryable"),
            Stop::Escalate => f.write_str("the vendor asks for this error to be escalated"),
            Stop::AttemptsExhausted => f.write_str("every attempt failed"),
            Stop::NotIdempotent => {
                f.write_str("the request may have been acted on and has no idempotency key")
            }
            Stop::BudgetExhausted => f.write_str("the retry budget is spent"),
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
