//! Pacing from what responses say of the API's limit: a request to a limit known to
//! be spent waits for its reset instead of being sent into a 429. Every response
//! teaches it, successes included, so that a client learns the limit before it
//! hits it rather than by hitting it.

use core::future::Future;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use http::{HeaderMap, StatusCode};

use super::adaptive::Adaptive;
use super::store::{MemoryStore, Observed, Store, Turn};
use crate::ApiError;

/// Paces requests by the rate-limit headers of the responses, per partition (the
/// request's host in the integrations), shared by every clone.
///
/// Before a request, [`Pacer::wait`] says how long to hold it: until a throttling
/// response's delay has passed, or, when the last response said no request is
/// left, until the window resets. Each request let through takes one of the
/// requests left, so that concurrent tasks do not all spend the last one. After a
/// response, [`Pacer::observe`] learns the limit from its headers: the IETF
/// `RateLimit` fields (every draft's shape) and the enum's declared
/// `rate_limit(...)` headers, successes included; a 429 or 503 with a delay blocks
/// the partition for that long. An API that throttles without saying anything of
/// its limit gets a send rate of its own: off until the first 429 without
/// rate-limit headers, then cut to 0.7 of what was being sent at each such
/// response and grown back along a cubic curve by successes (the AWS SDKs'
/// adaptive mode). No request is held longer than 30 s by that rate: past it,
/// requests wait 30 s without taking a turn.
///
/// ```
/// use std::time::{Duration, Instant};
/// use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
/// use http_api_error::retry::Pacer;
/// use http_api_error::{ApiError, Context};
///
/// #[derive(Debug, ApiError)]
/// enum Acme {
///     #[status(other)]
///     Any(#[context] Context),
/// }
///
/// let pacer = Pacer::new();
/// let now = Instant::now();
/// let mut headers = HeaderMap::new();
/// headers.insert("ratelimit", HeaderValue::from_static("\"default\";r=1;t=30"));
/// pacer.observe::<Acme>("api.example.com", StatusCode::OK, &headers, now);
/// // One request left: it goes; the next waits for the window's reset.
/// assert_eq!(pacer.wait("api.example.com", now), Duration::ZERO);
/// assert_eq!(pacer.wait("api.example.com", now), Duration::from_secs(30));
/// ```
///
/// The windows live in this process unless [`Pacer::store`] gives the pacer a
/// store shared with other instances: then the `_shared` methods (which the
/// retry loop and the reqwest middleware call) take turns and learn there, so
/// that instances spending one limit pace together. The learnt send rate stays
/// in each process: it measures what that process sends.
#[derive(Clone, Default)]
pub struct Pacer {
    rates: Arc<Mutex<HashMap<String, Adaptive>>>,
    local: MemoryStore,
    shared: Option<Arc<dyn Store>>,
}

impl Pacer {
    /// A pacer that knows nothing yet.
    #[must_use]
    pub fn new() -> Self {
        Pacer::default()
    }

    /// Keeps the windows in `store`, which every pacer given a clone of it
    /// shares, such as a [`RedisStore`](super::RedisStore) that every instance of
    /// a service reaches.
    #[must_use]
    pub fn store(mut self, store: impl Store + 'static) -> Self {
        self.shared = Some(Arc::new(store));
        self
    }

    /// How long a request to `partition` should wait at `now` before it is sent,
    /// by this process's own windows; the request takes one of the requests
    /// left, or its turn at the learnt rate.
    pub fn wait(&self, partition: &str, now: Instant) -> Duration {
        let paced = self.rate_wait(partition, now);
        self.local.take_turn_now(partition, now).max(paced)
    }

    /// [`Pacer::wait`] by the shared store's windows, or this process's when there
    /// is none or it does not answer. Give the turn back with the response
    /// ([`Pacer::observe_shared`]): the store then knows which request it answers.
    pub async fn wait_shared(&self, partition: &str, now: Instant) -> Turn {
        let paced = self.rate_wait(partition, now);
        let turn = match &self.shared {
            Some(store) => store.take_turn(partition, now).await.ok(),
            None => None,
        };
        let turn = turn.unwrap_or_else(|| Turn {
            wait: self.local.take_turn_now(partition, now),
            ticket: None,
        });
        Turn {
            wait: turn.wait.max(paced),
            ..turn
        }
    }

    /// Takes a request's turn at `partition` ([`Pacer::wait_shared`]) and waits
    /// it out with `sleep`: the first half of pacing a try, in every async loop;
    /// the response gives the turn back.
    pub(crate) async fn turn<F: Future<Output = ()>>(
        &self,
        partition: &str,
        sleep: impl FnOnce(Duration) -> F,
    ) -> Turn {
        let turn = self.wait_shared(partition, Instant::now()).await;
        if !turn.wait.is_zero() {
            super::trace::paced(partition, turn.wait);
            sleep(turn.wait).await;
        }
        turn
    }

    fn rate_wait(&self, partition: &str, now: Instant) -> Duration {
        let mut rates = self.rates.lock().unwrap_or_else(PoisonError::into_inner);
        rates.entry(partition.to_owned()).or_default().wait(now)
    }

    /// Learns from a response to `partition` received at `now`: its rate-limit
    /// headers as `E` declares them and as the IETF fields give them, and, on a
    /// 429 or 503, the delay it asks for.
    pub fn observe<E: ApiError>(
        &self,
        partition: &str,
        status: StatusCode,
        headers: &HeaderMap,
        now: Instant,
    ) {
        self.observe_error(partition, &E::from_parts(status, headers, b""), now);
    }

    /// [`Pacer::observe`] for a response already made into an error.
    pub fn observe_error<E: ApiError>(&self, partition: &str, error: &E, now: Instant) {
        let observed = self.lesson(partition, error, now);
        self.local.learn_now(partition, observed, now);
    }

    /// [`Pacer::observe`] into the shared store, or this process's windows when
    /// there is none or it does not answer; `turn` is the one the request took,
    /// if it did.
    pub fn observe_shared<'a, E: ApiError>(
        &'a self,
        partition: &'a str,
        turn: Option<Turn>,
        status: StatusCode,
        headers: &HeaderMap,
        now: Instant,
    ) -> impl Future<Output = ()> + Send + 'a {
        let error = E::from_parts(status, headers, b"");
        self.observe_error_shared(partition, turn, &error, now)
    }

    /// [`Pacer::observe_error`] into the shared store, or this process's windows
    /// when there is none or it does not answer; `turn` is the one the request
    /// took, if it did. The future does not hold the error: it is read before.
    pub fn observe_error_shared<'a, E: ApiError>(
        &'a self,
        partition: &'a str,
        turn: Option<Turn>,
        error: &E,
        now: Instant,
    ) -> impl Future<Output = ()> + Send + 'a {
        let observed = Observed {
            ticket: turn.and_then(|turn| turn.ticket),
            ..self.lesson(partition, error, now)
        };
        self.learn_shared(partition, observed, now)
    }

    /// A success whose response is not seen here (the `Ok` of a retry loop that
    /// is handed values, not responses): the send rate grows back as on any
    /// success.
    pub(crate) fn succeeded(&self, partition: &str, now: Instant) {
        self.with_rate(partition, |rate| rate.succeeded(now));
    }

    /// Tells the shared store that the request which took `turn` was answered by
    /// a response not seen here (a success [`RetryPolicy::run_sent`](super::RetryPolicy::run_sent)
    /// has no headers of), or by none.
    pub(crate) async fn answered_shared(&self, partition: &str, turn: Option<Turn>, now: Instant) {
        let observed = Observed {
            ticket: turn.and_then(|turn| turn.ticket),
            ..Observed::default()
        };
        self.learn_shared(partition, observed, now).await;
    }

    async fn learn_shared(&self, partition: &str, observed: Observed, now: Instant) {
        if let Some(store) = &self.shared {
            if store.learn(partition, observed, now).await.is_ok() {
                return;
            }
        }
        self.local.learn_now(partition, observed, now);
    }

    /// What `error` says of the limit, for the store; the send rate learns from
    /// it here.
    fn lesson<E: ApiError>(&self, partition: &str, error: &E, now: Instant) -> Observed {
        let Some(context) = error.context() else {
            return Observed::default();
        };
        let quota = crate::advice::quota(context, &E::RULES);
        let status = context.status();
        let throttling = matches!(status.as_u16(), 429 | 503);
        // A limit the response says nothing of is learnt from 429s and successes
        // (a 503 is an outage more often than a limit: the budget answers those).
        // A 2xx that carries an error (`success_error`) is no success: it may be
        // the API's own way of saying the limit is spent.
        if status == StatusCode::TOO_MANY_REQUESTS && quota.remaining.is_none() {
            self.with_rate(partition, |rate| rate.throttled(now));
        } else if status.is_success()
            && !crate::api_error::carries_error::<E>(status, context.raw_body())
        {
            self.succeeded(partition, now);
        }
        Observed {
            ticket: None,
            remaining: quota.remaining,
            reset: quota.reset,
            // The delay alone: the rest of the advice is not needed here.
            blocked: throttling.then(|| error.retry_after()).flatten(),
        }
    }

    fn with_rate(&self, partition: &str, f: impl FnOnce(&mut Adaptive)) {
        let mut rates = self.rates.lock().unwrap_or_else(PoisonError::into_inner);
        f(rates.entry(partition.to_owned()).or_default());
    }
}

impl core::fmt::Debug for Pacer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let partitions = self
            .rates
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len();
        f.debug_struct("Pacer")
            .field("partitions", &partitions)
            .field("shared", &self.shared.is_some())
            .finish_non_exhaustive()
    }
}

impl PartialEq for Pacer {
    /// The same state and store.
    fn eq(&self, other: &Self) -> bool {
        let same_store = match (&self.shared, &other.shared) {
            (Some(one), Some(other)) => Arc::ptr_eq(one, other),
            (None, None) => true,
            _ => false,
        };
        Arc::ptr_eq(&self.rates, &other.rates) && self.local.same(&other.local) && same_store
    }
}
